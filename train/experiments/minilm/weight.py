"""The encoder head's share in the accurate mode's average, chosen on held-out train (not dev).

    OMP_NUM_THREADS=2 .venv/bin/python -m train.stance_encoder_head --data ../shared/data/newsmtsc/train.jsonl \
        --out /tmp/head.npz --features /tmp/enc_train.npz          # caches the train features
    .venv/bin/python train/experiments/textcat/prep.py              # the learned model refit on 90 % (/tmp/exp/)
    .venv/bin/python train/experiments/minilm/weight.py [L2] [FEATURES.npz]   # defaults: 0.03, /tmp/enc_train.npz

Fits the head on the same 90 % of train as /tmp/exp/lr90_ho.npy's model, averages the two on
the held-out 10 % for each weight, and prints held-out F1m; then dev F1m of the shipped head and
model at every weight (for the record; the weight is the held-out choice).
"""
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from nlp.stance_encoder import load_accurate  # noqa: E402
from train.stance_encoder_head import fit_head  # noqa: E402
from train.stance_model import POLARITY, load_records, macro_f1  # noqa: E402

DATA = Path(__file__).resolve().parents[4] / "shared" / "data" / "newsmtsc"
f = np.load(sys.argv[2] if len(sys.argv) > 2 else "/tmp/enc_train.npz")
X, y, rec = f["X"], f["y"], f["rec"]
held = np.load("/tmp/exp/held.npy")[rec]
mu, sd = X[~held].mean(0), X[~held].std(0) + 1e-6
l2 = float(sys.argv[1]) if len(sys.argv) > 1 else 0.03
W, b = fit_head((X[~held] - mu) / sd, y[~held], l2, 2000)
Z = (X[held] - mu) / sd @ W + b
Q = np.exp(Z - Z.max(1, keepdims=True))
Q /= Q.sum(1, keepdims=True)
P = np.load("/tmp/exp/lr90_ho.npy")
assert len(P) == len(Q)
weights = [0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0]
print("held-out F1m by encoder weight:", {w: round(macro_f1(y[held], (w * Q + (1 - w) * P).argmax(1)), 3) for w in weights})
acc = load_accurate()
for name in ("dev_mt", "dev_rw"):
    recs = load_records(DATA / f"{name}.jsonl")
    gold = np.array([POLARITY.get(t.get("polarity"), 1) for r in recs for t in r["targets"]])
    Qd = np.array([acc.proba(r["sentence_normalized"], t["from"], t["to"]) for r in recs for t in r["targets"]])
    Pd = np.load(f"/tmp/exp/lr_{name}.npy")
    print(name, "F1m by encoder weight:", {w: round(macro_f1(gold, (w * Qd + (1 - w) * Pd).argmax(1)), 3) for w in weights})
