"""PolNeAR evaluator: score the attribution engine against brat standoff gold.

Scoring rule (``../shared/data/README.md``): a predicted attribution is *aligned* to a gold
one when the gold Content covers >= 50 % of the predicted content's characters (quotation
marks stripped); its speaker is *correct* when the predicted speaker mention overlaps the
gold Source span. Precision = correct / predicted. Recall over two scopes: A = gold
attributions with a Source whose content has a quotation mark; B = all gold attributions
with a Source. Per article the lexicographically first ``.ann`` file is used.

A *predicted attribution* is every quote the engine attributes to a speaker (``speaker`` set);
quotes left without a speaker (scare quotes, unattributed fragments) claim no attribution.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

QUOTE_MARKS = frozenset("\"“”«»„‟‘’‚‛‹›")
# Marks that make gold content count as quoted (scope A); single curly marks double as
# apostrophes, so only double quotation marks and guillemets count.
SCOPE_A_MARKS = frozenset("\"“”«»„‟")


@dataclass
class GoldAttribution:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]] | None
    cue: list[tuple[int, int]] | None
    quoted: bool = False


@dataclass
class DocResult:
    name: str
    gold: list[GoldAttribution] = field(default_factory=list)
    predicted: int = 0
    correct: int = 0
    found: set[int] = field(default_factory=set)


def parse_ann(ann: str, text: str) -> list[GoldAttribution]:
    """The gold attributions of one brat ``.ann`` file."""
    spans: dict[str, list[tuple[int, int]]] = {}
    links: list[dict[str, str]] = []
    for line in ann.splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            head = parts[1].split(" ", 1)
            if len(head) < 2:
                continue
            ranges = []
            for r in head[1].split(";"):
                a, b = r.split()
                ranges.append((int(a), int(b)))
            spans[parts[0]] = ranges
        elif line.startswith("E"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            roles = {}
            for item in parts[1].split():
                role, _, ref = item.partition(":")
                roles[role] = ref
            links.append(roles)
    gold = []
    for roles in links:
        if "Content" not in roles or roles["Content"] not in spans:
            continue
        content = spans[roles["Content"]]
        source = spans.get(roles.get("Source", ""))
        cue = spans.get(roles.get("Cue", ""))
        quoted = any(ch in SCOPE_A_MARKS for a, b in content for ch in text[a:b])
        gold.append(GoldAttribution(content, source, cue, quoted))
    return gold


def _covered(start: int, end: int, text: str, ranges: list[tuple[int, int]]) -> bool:
    """Whether ``ranges`` cover >= 50 % of text[start:end]'s characters, quotation marks stripped."""
    chars = [i for i in range(start, end) if text[i] not in QUOTE_MARKS]
    if not chars:
        return False
    inside = sum(1 for i in chars if any(a <= i < b for a, b in ranges))
    return inside * 2 >= len(chars)


def _overlaps(span: tuple[int, int], ranges: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in ranges)


def score_doc(name: str, text: str, gold: list[GoldAttribution], predictions: list[dict]) -> DocResult:
    res = DocResult(name, gold)
    for pred in predictions:
        res.predicted += 1
        s, e = pred["content"]
        src = pred.get("source")
        ok = False
        for gi, g in enumerate(gold):
            if g.source is None or src is None:
                continue
            if _covered(s, e, text, g.content) and _overlaps(tuple(src), g.source):
                ok = True
                res.found.add(gi)
        if ok:
            res.correct += 1
    return res


def predict(text: str, nlp, name: str) -> list[dict]:
    """The engine's attributions for one article, as prediction records."""
    from nlp.attribution import attribute
    from nlp.paragraphs import segment

    doc = nlp(text)
    quotes, _speakers = attribute(doc, segment(text))
    out = []
    for q in quotes:
        if q.speaker is None:
            continue
        out.append({
            "doc": name,
            "content": [q.start, q.end],
            "source": [q.speaker_mention.start, q.speaker_mention.end] if q.speaker_mention else None,
            "cue": [q.cue.start, q.cue.end] if q.cue else None,
            "kind": q.kind,
        })
    return out


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def evaluate_polnear(directory, nlp, predictions_path=None, limit: int | None = None,
                     sample_every: int = 1) -> dict:
    """Score the engine on a PolNeAR-format directory (``text/``, ``attributions/``)."""
    directory = Path(directory)
    texts = sorted((directory / "text").glob("*.txt"))[::max(1, sample_every)]
    if limit:
        texts = texts[:limit]
    anns = sorted((directory / "attributions").glob("*.ann"))
    by_doc: dict[str, Path] = {}
    for ann in anns:
        stem = ann.stem
        doc_name = stem.rsplit("_", 1)[0]
        by_doc.setdefault(doc_name, ann)  # sorted → lexicographically first wins
    predicted = correct = gold_a = gold_b = found_a = found_b = 0
    failed: list[str] = []
    out = open(predictions_path, "w", encoding="utf-8") if predictions_path else None
    t0 = time.perf_counter()
    try:
        for path in texts:
            name = path.stem
            with open(path, encoding="utf-8", newline="") as fh:
                text = fh.read()
            ann_path = by_doc.get(name)
            gold = []
            if ann_path is not None:
                gold = parse_ann(ann_path.read_text(encoding="utf-8"), text)
            try:
                preds = predict(text, nlp, name)
            except Exception as exc:  # noqa: BLE001 - a failed document is counted, not fatal
                failed.append(f"{name}: {type(exc).__name__}: {exc}")
                preds = []
            res = score_doc(name, text, gold, preds)
            predicted += res.predicted
            correct += res.correct
            for gi, g in enumerate(gold):
                if g.source is None:
                    continue
                gold_b += 1
                found_b += gi in res.found
                if g.quoted:
                    gold_a += 1
                    found_a += gi in res.found
            if out is not None:
                for p in preds:
                    rec = {k: p[k] for k in ("doc", "content", "source", "cue")}
                    out.write(json.dumps(rec) + "\n")
    finally:
        if out is not None:
            out.close()
    p = correct / predicted if predicted else 0.0
    ra = found_a / gold_a if gold_a else 0.0
    rb = found_b / gold_b if gold_b else 0.0
    return {
        "docs": len(texts),
        "failed": len(failed),
        "failures": failed,
        "predicted": predicted,
        "correct": correct,
        "gold_a": gold_a,
        "gold_b": gold_b,
        "found_a": found_a,
        "found_b": found_b,
        "precision": p,
        "recall_a": ra,
        "recall_b": rb,
        "f1_a": _f1(p, ra),
        "f1_b": _f1(p, rb),
        "seconds": time.perf_counter() - t0,
    }


def format_result(r: dict) -> str:
    lines = [
        f"docs {r['docs']}  failed {r['failed']}  predicted {r['predicted']}  correct {r['correct']}",
        f"P     {r['precision']:.3f}",
        f"R(A)  {r['recall_a']:.3f}  ({r['found_a']}/{r['gold_a']})  F1(A) {r['f1_a']:.3f}",
        f"R(B)  {r['recall_b']:.3f}  ({r['found_b']}/{r['gold_b']})  F1(B) {r['f1_b']:.3f}",
    ]
    lines += [f"FAILED {f}" for f in r["failures"]]
    return "\n".join(lines)


def run(args, analyzer) -> int:
    """Entry point for ``stance-reader eval polnear DIR [--predictions OUT.jsonl]``; ``analyzer``
    (an ``nlp.analyzer.Analyzer``) gives the pipeline."""
    result = evaluate_polnear(args.dir, analyzer.nlp, getattr(args, "predictions", None),
                              limit=getattr(args, "limit", None),
                              sample_every=getattr(args, "sample_every", 1) or 1)
    print(format_result(result))
    return 1 if result["failed"] else 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``polnear`` under an existing ``eval`` subparsers object."""
    p = subparsers.add_parser("polnear", help="score attributions against a PolNeAR-format directory")
    p.add_argument("dir", type=Path, help="directory with text/ and attributions/")
    p.add_argument("--predictions", type=Path, default=None, help="write predictions as JSON lines")
    p.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    p.add_argument("--sample-every", type=int, default=1, help="score every Nth article")
    p.set_defaults(func=run)
    return p


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.polnear")
    parser.add_argument("--model", default=None)
    sub = parser.add_subparsers(dest="corpus", required=True)
    add_parser(sub)
    args = parser.parse_args(argv)
    from nlp.analyzer import Analyzer
    from nlp.pipeline import DEFAULT_MODEL

    return args.func(args, Analyzer(args.model or DEFAULT_MODEL))


if __name__ == "__main__":
    sys.exit(main())
