"""Export of 100,000 quotes, JSONL and CSV.

    .venv/bin/python bench/bench_export.py [--quick] [--quotes N]

A database of synthetic articles (200 articles x 500 quotes for 100k) is built through the
store API (``add_article`` + ``save_analysis``, plus a few corrections when the store has
them so the export goes through the effective annotations), then
``store.export.export(store, path, fmt)`` is timed for each format.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, now, result  # noqa: E402

SPEAKERS = ["Lloyd Austin", "Kim Yong-hyun", "Maria Zakharova", "Dmitry Peskov", "Antony Blinken", "Kaja Kallas"]
TARGETS = ["Russia", "DPRK"]
VERBS = ["said", "told reporters", "added", "warned", "stated"]
ADJ = ["illegal", "a threat", "unacceptable", "welcome", "a step forward", "dangerous", "not a surprise"]


def synthetic_analysis(index: int, quotes: int, rng: random.Random):
    """An Analysis of a generated article with exactly ``quotes`` direct quotes, offsets exact."""
    from nlp.model import Analysis, Paragraph, Pipeline, Quote, QuoteStance, Sentiment, Span, Speaker, SpeakerStance

    speakers = [Speaker(id=f"s{i}", name=name, kind="person", aliases=[name.split()[-1]]) for i, name in enumerate(SPEAKERS)]
    parts: list[str] = []
    pos = 0
    paragraphs, qs = [], []
    title = f"Synthetic briefing {index}\n\n"
    parts.append(title)
    paragraphs.append(Paragraph(0, len(title) - 2, "heading"))
    pos = len(title)
    for q in range(quotes):
        who = rng.randrange(len(speakers))
        target = rng.choice(TARGETS)
        body = f"{target} is {rng.choice(ADJ)}, and statement {index}-{q} stands"
        quote_text = f"“{body},”"
        verb = rng.choice(VERBS)
        line = f"{quote_text} {SPEAKERS[who]} {verb}.\n\n"
        start = pos
        end = start + len(quote_text)
        mention_start = end + 1
        score = rng.uniform(-1, 1)
        label = "negative" if score < -0.1 else "positive" if score > 0.1 else "neutral"
        qs.append(Quote(
            id=f"q{q}", start=start, end=end, text=quote_text, kind="direct",
            cue=Span(mention_start + len(SPEAKERS[who]) + 1, mention_start + len(SPEAKERS[who]) + 1 + len(verb), verb),
            speaker=f"s{who}", speaker_mention=Span(mention_start, mention_start + len(SPEAKERS[who]), SPEAKERS[who]),
            confidence=round(rng.uniform(0.5, 1), 3), sentiment=Sentiment(round(score, 3), 0.1, 0.8, 0.1),
            stance={target: QuoteStance(round(score, 3), label, [body.split()[2]])},
        ))
        paragraphs.append(Paragraph(start, start + len(line) - 2, "body"))
        parts.append(line)
        pos += len(line)
    for s in speakers:
        s.stance = {t: SpeakerStance(0.0, "neutral", 1) for t in TARGETS}
    text = "".join(parts)
    return text, Analysis(f"synthetic-{index}.txt", text, Pipeline("synthetic", "0"), paragraphs, speakers, qs, [])


def build_db(path: Path, articles: int, per_article: int) -> tuple[int, int]:
    """Fill a new database; returns (articles, corrections) written."""
    from store.articles import Store

    rng = random.Random(100_000)
    try:
        store = Store(path, annotator="bench")
    except TypeError:  # older Store without annotators
        store = Store(path)
    corrections = 0
    try:
        for i in range(articles):
            text, analysis = synthetic_analysis(i, per_article, rng)
            article_id = store.add_article(text, analysis.source)
            store.save_analysis(article_id, analysis)
            if hasattr(store, "set_stance") and i % 10 == 0:
                for q in analysis.quotes[:5]:
                    target = next(iter(q.stance))
                    store.set_stance(article_id, q.id, target, "negative")
                    corrections += 1
    finally:
        store.close()
    return articles, corrections


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 quotes, fewer runs")
    parser.add_argument("--quotes", type=int, default=None)
    parser.add_argument("--runs", type=int, default=None)
    args = parser.parse_args(argv)
    total = args.quotes or (20_000 if args.quick else 100_000)
    runs = args.runs or (2 if args.quick else 5)
    per_article = 500
    articles = max(1, total // per_article)
    label = f"{articles * per_article // 1000}k quotes"

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        tmp = Path(tmp)
        db = tmp / "export.db"
        t = now()
        _, corrections = build_db(db, articles, per_article)
        rows.append(result("export", f"build DB of {label} via the store API", [now() - t],
                           note=f"{articles} articles, {corrections} corrections, {db.stat().st_size / 1e6:.0f} MB"))
        try:
            from store.export import export
        except ImportError as exc:
            for fmt in ("jsonl", "csv"):
                rows.append(result("export", f"export {label} to {fmt.upper()}", [], goal="< 5 s", note=f"store.export missing: {exc}"))
            emit(rows)
            return 0
        from store.articles import Store

        for fmt in ("jsonl", "csv"):
            times, size = [], 0
            for i in range(runs):
                out = tmp / f"out{i}.{fmt}"
                store = Store(db)
                try:
                    t = now()
                    export(store, out, fmt)
                    times.append(now() - t)
                finally:
                    store.close()
                size = out.stat().st_size
                lines = _count_lines(out)
                os.unlink(out)
            rows.append(result("export", f"export {label} to {fmt.upper()}", times, goal="< 5 s",
                               met=sorted(times)[len(times) // 2] < 5, note=f"{size / 1e6:.0f} MB, {lines} lines"))
    emit(rows)
    return 0


def _count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))


if __name__ == "__main__":
    sys.exit(main())
