"""Measure the fine-tuned stance model alone (``nlp/stance_finetuned.py``, numpy inference).

    python -m evals.stance_learned newsmtsc ../shared/data/newsmtsc/dev_mt.jsonl ../shared/data/newsmtsc/dev_rw.jsonl
    python -m evals.stance_learned directed ../shared/data/directed_sentiment/valid.txt
    python -m evals.stance_learned unscon ../shared/data/unscon
    python -m evals.stance_learned quotes ../shared/data/conflict_news
    python -m evals.stance_learned speed ../shared/data/newsmtsc/dev_rw.jsonl

``--model DIR`` measures another folder written by ``train/stance_finetune.py`` (default: the
shipped ``nlp/data/stance_minilm``). The predicted class is the most probable one.

* newsmtsc: macro-F1 over negative/neutral/positive per target (F1m), accuracy, confusion.
* directed: directed_sentiment (Park et al. 2021; no licence: evaluation only). Each line is a
  sentence with two bracketed entities e1, e2 and a label (0 none, 1 e1→e2 positive, 2 e2→e1
  positive, 3 e1→e2 negative, 4 e2→e1 negative). Read as the holder e1's stance toward the target
  e2: the model scores the e2 mention; gold 1 → positive, 3 → negative, 0, 2 and 4 → neutral
  (sentiment only the other way is no stance of e1 toward e2). Also printed: predictions per
  original label, so the 2/4 rows show how often the other direction is taken for this one.
* unscon: the held-out quarter of speeches (``evals/unscon.py``): does a sentence negatively
  evaluate Russia? Predicted yes when the model's most probable class is negative for any of
  the sentence's Russia mentions (the app's aliases). Precision/recall/F1 over (a) sentences
  that mention Russia, (b) all sentences (one that does not mention it is predicted "no").
* quotes: conflict_news gold quotes (``*.gold.json`` in the folder) whose own text names a target
  they have a gold stance for: the model scores every mention of it in the quote text (the
  probabilities averaged); right when the most probable class is the gold sign. Also the sign
  alone on the polar ones (negative vs positive, neutral left out of the choice).
* speed: milliseconds per sentence at batch 16 and batch 1 (best of three passes).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time

import numpy as np

from .newsmtsc import LABELS, POLARITY, macro_f1


def confusion(gold: list[str], pred: list[str], rows=LABELS) -> str:
    lines = ["gold \\ predicted  " + "  ".join(f"{c:>8}" for c in LABELS)]
    for g in rows:
        lines.append(f"{g:>16}  " + "  ".join(f"{sum(1 for a, b in zip(gold, pred) if a == g and b == c):>8}" for c in LABELS))
    return "\n".join(lines)


def labels_of(p: np.ndarray) -> list[str]:
    return [LABELS[i] for i in p.argmax(1)]


def newsmtsc_items(path: str) -> tuple[list[tuple[str, int, int]], list[str]]:
    items, gold = [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                for t in r["targets"]:
                    items.append((r["sentence_normalized"], t["from"], t["to"]))
                    gold.append(POLARITY.get(t.get("polarity"), "neutral"))
    return items, gold


def run_newsmtsc(model, paths: list[str]) -> dict:
    out = {}
    for path in paths:
        items, gold = newsmtsc_items(path)
        pred = labels_of(model.probs(items))
        acc = sum(g == p for g, p in zip(gold, pred)) / len(gold)
        out[path] = {"f1m": round(macro_f1(gold, pred), 4), "acc": round(acc, 4), "targets": len(gold)}
        print(f"{path}: F1m {macro_f1(gold, pred):.3f}  accuracy {acc:.3f}  ({len(gold)} targets)")
        print(confusion(gold, pred))
    return out


_BRACKET = re.compile(r"\[([^\[\]]*)\]")


def directed_record(line: str):
    """(sentence without brackets, e2 span, e1 span, label) of one directed_sentiment line, or None.

    >>> directed_record("[Kratz’]s claims about [Avery]’s trial.\\tKratz’\\tAvery\\t3")
    ('Kratz’s claims about Avery’s trial.', (21, 26), (0, 6), 3)
    """
    parts = line.rstrip("\n").split("\t")
    if len(parts) != 4:
        return None
    raw, e1, e2, label = parts
    text, spans, at = [], [], 0
    pos = 0
    for m in _BRACKET.finditer(raw):
        text.append(raw[at:m.start()])
        pos += m.start() - at
        spans.append((m.group(1), pos, pos + len(m.group(1))))
        text.append(m.group(1))
        pos += len(m.group(1))
        at = m.end()
    text.append(raw[at:])
    sentence = "".join(text)

    def find(name, taken):
        for s, a, b in spans:
            if s.strip() == name.strip() and (a, b) != taken:
                return a, b
        return None

    s1 = find(e1, None)
    s2 = find(e2, s1)
    if s1 is None or s2 is None:
        return None
    return sentence, s2, s1, int(label)


def run_directed(model, path: str) -> dict:
    recs = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = directed_record(line)
            if r is not None:
                recs.append(r)
    gold_map = {0: "neutral", 1: "positive", 2: "neutral", 3: "negative", 4: "neutral"}
    pred = labels_of(model.probs([(s, a, b) for s, (a, b), _, _ in recs]))
    gold = [gold_map[r[3]] for r in recs]
    f1 = macro_f1(gold, pred)
    acc = sum(g == p for g, p in zip(gold, pred)) / len(gold)
    print(f"{path}: {len(recs)} pairs read; F1m {f1:.3f}  accuracy {acc:.3f} (e1→e2; 2/4 read as neutral)")
    print(confusion(gold, pred))
    print("by original label (0 none, 1 e1→e2 pos, 2 e2→e1 pos, 3 e1→e2 neg, 4 e2→e1 neg):")
    for lab in range(5):
        row = [p for r, p in zip(recs, pred) if r[3] == lab]
        print(f"  {lab}: " + "  ".join(f"{c} {row.count(c)}" for c in LABELS))
    return {"f1m": round(f1, 4), "acc": round(acc, 4), "pairs": len(recs)}


def run_unscon(model, folder: str) -> dict:
    from .unscon import load_sentences, prf, russia_mentions, split

    _, held = split(load_sentences(folder))
    items, owner = [], []
    for k, s in enumerate(held):
        for a, b in russia_mentions(s.text):
            items.append((s.text, a, b))
            owner.append(k)
    neg = model.probs(items).argmax(1) == 0
    pred = [False] * len(held)
    for k, n in zip(owner, neg):
        pred[k] = pred[k] or bool(n)
    gold = ["russian_federation" in s.negative for s in held]
    mentioned = sorted(set(owner))
    out = {}
    for name, idx in (("sentences mentioning Russia", mentioned), ("all held-out sentences", range(len(held)))):
        g, p = [gold[i] for i in idx], [pred[i] for i in idx]
        pr, rc, f1 = prf(g, p)
        print(f"UNSCon held-out, {name}: {len(g)} sentences, {sum(g)} negative toward Russia; "
              f"P {pr:.3f} R {rc:.3f} F1 {f1:.3f}")
        out[name] = {"n": len(g), "positives": sum(g), "p": round(pr, 4), "r": round(rc, 4), "f1": round(f1, 4)}
    print(f"  ({len({s.speech for s in held})} held-out speeches)")
    return out


def run_quotes(model, folder: str) -> dict:
    from pathlib import Path

    from nlp.targets import find_mentions_in_text

    sign = {-1: "negative", 0: "neutral", 1: "positive"}
    gold, pred, forced = [], [], []
    for f in sorted(Path(folder).glob("*.gold.json")):
        for q in json.loads(f.read_text(encoding="utf-8"))["direct_quotes"]:
            for target, value in (q.get("stance") or {}).items():
                spans = [(m.start, m.end) for m in find_mentions_in_text(q["text"]) if m.target == target]
                if not spans:
                    continue
                p = model.probs([(q["text"], a, b) for a, b in spans]).mean(0)
                gold.append(sign[int(value)])
                pred.append(LABELS[int(p.argmax())])
                if value:
                    forced.append((p[0] > p[2]) == (value < 0))
    right = sum(g == p for g, p in zip(gold, pred))
    print(f"{folder}: {len(gold)} quote×target pairs whose quote names the target; right {right} "
          f"({right / max(1, len(gold)):.2f}); sign right on {sum(forced)} of {len(forced)} polar ones when forced")
    print(confusion(gold, pred))
    return {"pairs": len(gold), "right": right, "forced_sign_right": sum(forced), "polar": len(forced)}


def run_speed(model, path: str, n: int = 160) -> dict:
    items = newsmtsc_items(path)[0][:n]
    out = {}
    for bs in (16, 1):
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            model.probs(items, batch_size=bs)
            best = min(best, time.perf_counter() - t)
        out[bs] = 1000 * best / len(items)
        print(f"batch {bs}: {out[bs]:.1f} ms per sentence ({len(items)} sentences, best of 3)")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.stance_learned", description="the fine-tuned stance model alone")
    ap.add_argument("what", choices=("newsmtsc", "directed", "unscon", "quotes", "speed"))
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--model", help="a model folder (default: the shipped one)")
    ap.add_argument("--pair", action="store_true",
                    help="the tuned mode's learned part: the shipped model with its second seed where it is unsure")
    args = ap.parse_args(argv)
    if args.pair and args.model:
        ap.error("--pair reads the two shipped folders: give --model or --pair, not both")
    from nlp.encoder import EncoderError
    from nlp.stance_finetuned import load_finetuned, load_pair

    try:
        model = load_pair() if args.pair else load_finetuned(args.model)
        if args.what == "newsmtsc":
            run_newsmtsc(model, args.paths)
        elif args.what == "directed":
            run_directed(model, args.paths[0])
        elif args.what == "unscon":
            run_unscon(model, args.paths[0])
        elif args.what == "quotes":
            run_quotes(model, args.paths[0])
        else:
            run_speed(model, args.paths[0])
    except (EncoderError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
