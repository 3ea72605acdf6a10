"""Evaluate target stance against NewsMTSC (sentiment toward a marked target in news).

    stance-reader eval newsmtsc ../shared/data/newsmtsc/dev_mt.jsonl [--predictions OUT.jsonl]

Prints macro-F1 over the three classes (F1m, per target, as in the NewsMTSC paper) and
accuracy. ``--predictions`` writes one JSON line per target:
``{"gid": <Input.gid>, "label": "negative|neutral|positive", "score": float}``.

By default it measures the stance the app shows, exports and aggregates (``nlp.stance.
mention_score``: the event/relation layer where it finds the sentence polar toward the target,
the learned model elsewhere); the holder is the sentence's author. ``--component`` picks a part
for analysis: ``model`` (the learned model alone: its most probable class, the marked mention
and the record's further mentions at half weight), ``relation`` (the event/relation layer
alone: neutral where it is silent) or ``lexicon`` (the older mood-of-the-words reading).
``--stance accurate`` averages the learned model with the frozen-encoder head, as the app's
accurate mode does.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from . import EvalError, plain_save

POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
LABELS = ("negative", "neutral", "positive")
COMPONENTS = ("shown", "model", "relation", "lexicon")


def macro_f1(gold: list[str], pred: list[str]) -> float:
    f1s = []
    for k in LABELS:
        tp = sum(1 for g, p in zip(gold, pred) if g == k and p == k)
        fp = sum(1 for g, p in zip(gold, pred) if g != k and p == k)
        fn = sum(1 for g, p in zip(gold, pred) if g == k and p != k)
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return sum(f1s) / len(f1s)


RESAMPLES = 2000


def f1m_interval(gold: list[str], pred: list[str], groups: list | None = None, n: int = RESAMPLES,
                 seed: int = 0) -> tuple[float, float]:
    """The 95 % bootstrap interval of ``macro_f1``: ``n`` resamples, with replacement, of the
    ``groups`` (one key per row: the rows of a sentence are drawn together; None: each row is
    its own group). Seeded, so the same rows give the same interval.

    >>> gold = ["negative", "neutral", "positive"] * 20
    >>> f1m_interval(gold, gold)
    (1.0, 1.0)
    >>> lo, hi = f1m_interval(gold, gold[:50] + ["neutral"] * 10)
    >>> lo < macro_f1(gold, gold[:50] + ["neutral"] * 10) < hi
    True
    """
    import numpy as np

    if not gold:
        return 0.0, 0.0
    keys = list(range(len(gold))) if groups is None else groups
    index = {k: i for i, k in enumerate(dict.fromkeys(keys))}
    cell = [LABELS.index(g) * 3 + LABELS.index(p) for g, p in zip(gold, pred)]
    counts = np.zeros((len(index), 9), dtype=np.int64)  # each group's gold × predicted counts
    np.add.at(counts, ([index[k] for k in keys], cell), 1)
    drawn = np.random.default_rng(seed).integers(0, len(index), (n, len(index)))
    confusion = counts[drawn].sum(axis=1).reshape(n, 3, 3)
    tp = confusion[:, [0, 1, 2], [0, 1, 2]]
    denominator = confusion.sum(axis=2) + confusion.sum(axis=1)  # 2·tp + fp + fn
    f1 = np.divide(2 * tp, denominator, out=np.zeros(tp.shape), where=tp > 0).mean(axis=1)
    lo, hi = np.percentile(f1, [2.5, 97.5])
    return round(float(lo), 3), round(float(hi), 3)


def print_scores(gold: list[str], pred: list[str], elapsed: float, groups: list | None = None,
                 unit: str = "rows") -> None:
    """The F1m / accuracy line, its 95 % bootstrap interval (``groups``, ``unit``: what is
    resampled, see ``f1m_interval``) and the gold → predicted confusion rows every stance
    evaluator prints, e.g. ``F1m 0.731  accuracy 0.747  (84.7s incl. parsing)``."""
    acc = sum(g == p for g, p in zip(gold, pred)) / max(1, len(gold))
    print(f"F1m {macro_f1(gold, pred):.3f}  accuracy {acc:.3f}  ({elapsed:.1f}s incl. parsing)")
    lo, hi = f1m_interval(gold, pred, groups)
    drawn = len(set(groups)) if groups is not None else len(gold)
    print(f"  F1m 95% interval {lo:.3f}–{hi:.3f} ({RESAMPLES:,} bootstrap resamples of the {drawn:,} {unit})")
    for k in LABELS:
        row = " ".join(f"{sum(1 for g, p in zip(gold, pred) if g == k and p == j):4d}" for j in LABELS)
        print(f"  gold {k:8s} → pred neg/neu/pos {row}")


def predict_records(nlp, records, component: str = "shown", accurate=None):
    """Yield (gid, gold label, predicted label, score) for every target of every record;
    ``accurate``: a loaded ``stance_encoder.AccurateStance`` (the accurate mode)."""
    from nlp.model import label_for
    from nlp.sentiment import sentiment
    from nlp.stance import mention_score, with_encoder
    from nlp.stance_model import LABELS as MODEL_LABELS
    from nlp.stance_model import featurize, load_model, score_from_proba, token_valences
    from nlp.stance_events import POLAR_MIN, relation_reading
    from nlp.stance_relations import read_target

    model = load_model()
    docs = nlp.pipe([r["sentence_normalized"] for r in records], batch_size=128)
    for rec, doc in zip(records, docs):
        sent = doc[:]
        vals = token_valences(sent)
        compound = sentiment(rec["sentence_normalized"]).compound
        for t in rec["targets"]:
            gold = POLARITY.get(t.get("polarity"), "neutral")
            span = doc.char_span(t["from"], t["to"], alignment_mode="expand")
            if span is None or len(span) == 0:
                span = doc[0:1]
            if component == "model":
                # the record's further (coreferent) mentions of the target, where it lists them,
                # vote with half the weight of the marked one (as in training)
                p = model.proba(featurize(sent, span, vals, compound))
                for fm in t.get("further_mentions", []):
                    fspan = doc.char_span(fm["from"], fm["to"], alignment_mode="expand")
                    if fspan is not None and len(fspan) > 0:
                        p = p + 0.5 * model.proba(featurize(sent, fspan, vals, compound))
                p = p / p.sum()
                if accurate is not None:
                    p = with_encoder(p, accurate.proba(rec["sentence_normalized"], t["from"], t["to"]))
                label, score = MODEL_LABELS[int(p.argmax())], score_from_proba(p)
            elif component == "lexicon":
                score = read_target(sent, span, vals).score
                label = label_for(score)
            elif component == "relation":
                score = relation_reading(sent, span, vals).score
                label = label_for(score) if abs(score) >= POLAR_MIN else "neutral"
            else:
                score, _, _ = mention_score(sent, span, vals, compound, accurate=accurate)
                label = label_for(score)
            yield t.get("Input.gid"), gold, label, float(score)


def load_records(path, lines) -> list[dict]:
    """The NewsMTSC records of the JSONL file ``path`` from its ``lines`` — ``(line number, JSON
    value or None, why it is not JSON or None)`` per non-blank line, as ``store.files.json_lines``
    reads them — or EvalError naming the first line that is not a record to score."""
    records = []
    for n, rec, problem in lines:
        problem = problem or _record_problem(rec)
        if problem:
            raise EvalError(f"{path}:{n}: {problem}")
        records.append(rec)
    if not records:
        raise EvalError(f"{path}: no records")
    return records


def _plain_lines(path):
    """``load_records``' lines read plainly (``python -m evals.newsmtsc``; the command line reads
    them through ``store.files``: only regular files, one-line errors)."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                yield n, json.loads(line), None


def _record_problem(rec) -> str | None:
    """What a NewsMTSC record lacks for scoring (None if nothing).

    >>> _record_problem({"sentence_normalized": "x", "targets": [{"from": 0, "to": 1}]}) is None
    True
    >>> _record_problem({"sentence_normalized": "x", "targets": "Russia"})
    'targets is not a list of {from, to} objects'
    """
    if not isinstance(rec, dict):
        return "not a JSON object"
    if not isinstance(rec.get("sentence_normalized"), str):
        return "sentence_normalized is missing or not a string"
    targets = rec.get("targets")
    ok = isinstance(targets, list) and all(
        isinstance(t, dict) and all(isinstance(t.get(k), int) and not isinstance(t.get(k), bool) for k in ("from", "to"))
        and isinstance(t.get("further_mentions", []), list) for t in targets)
    return None if ok else "targets is not a list of {from, to} objects"


def run(args, analyzer, lines=None, save=plain_save) -> int:
    """``eval newsmtsc``: ``analyzer`` (an ``nlp.analyzer.Analyzer``) gives the pipeline and the
    stance mode."""
    records = load_records(args.file, _plain_lines(args.file) if lines is None else lines)
    nlp, accurate = analyzer.nlp, analyzer.accurate
    t0 = time.perf_counter()
    rows = list(predict_records(nlp, records, args.component, accurate))
    elapsed = time.perf_counter() - t0
    print(f"{args.file}: {len(records)} sentences, {len(rows)} targets, component={args.component}, stance={analyzer.stance}")
    print_scores([r[1] for r in rows], [r[2] for r in rows], elapsed,
                 groups=[i for i, rec in enumerate(records) for _ in rec["targets"]], unit="sentences")
    if args.predictions:
        save(args.predictions, "".join(json.dumps({"gid": gid, "label": label, "score": round(score, 4)}) + "\n"
                                       for gid, _, label, score in rows))
        print(f"wrote {len(rows)} predictions to {args.predictions}")
    return 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``newsmtsc FILE [--predictions OUT.jsonl]`` under an ``eval`` subparsers object."""
    p = subparsers.add_parser("newsmtsc", help="target stance against NewsMTSC (F1m, accuracy)", description=__doc__)
    p.add_argument("file", metavar="FILE", help="a NewsMTSC .jsonl file (e.g. dev_mt.jsonl)")
    add_stance_measure_options(p, "per-target")
    p.set_defaults(func=run)
    return p


def add_stance_measure_options(p: argparse.ArgumentParser, unit: str, components: tuple[str, ...] = COMPONENTS) -> None:
    """``--predictions``, ``--component`` and ``--model``, as every stance evaluator takes them;
    ``unit`` says what one prediction line is ("per-target", "per-sentence"); ``components`` the
    parts ``--component`` may pick."""
    p.add_argument("--predictions", metavar="OUT.jsonl", help=f"write {unit} predictions here")
    p.add_argument("--component", choices=components, default="shown",
                   help="shown (default: the stance the app shows), or one part of it for analysis")
    p.add_argument("--model", help="spaCy pipeline to parse with (default: the app's)")


def main(argv=None) -> int:
    """``python -m evals.newsmtsc …``: the same, without the app's settings."""
    from evals import standalone

    return standalone(add_parser, argv)


if __name__ == "__main__":
    sys.exit(main())
