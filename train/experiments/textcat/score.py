import json, sys, numpy as np
D = str(__import__("pathlib").Path(__file__).resolve().parents[4] / "shared/data/newsmtsc") + "/"
POL = {2.0: 0, 4.0: 1, 6.0: 2}
def gold(name):
    recs = [json.loads(l) for l in open(D + name + ".jsonl")]
    if name == "train":
        held = np.load("/tmp/exp/held.npy"); recs = [r for r, h in zip(recs, held) if h]
    return np.array([POL.get(t.get("polarity"), 1) for r in recs for t in r["targets"]])
def f1(y, p):
    f = []
    for k in range(3):
        tp = np.sum((p == k) & (y == k)); fp = np.sum((p == k) & (y != k)); fn = np.sum((p != k) & (y == k))
        f.append(0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f))
G = {"ho": gold("train"), "dev_mt": gold("dev_mt"), "dev_rw": gold("dev_rw")}
def rep(P, name):
    y = G[name]; p = P.argmax(1); return f"{f1(y,p):.3f}/{np.mean(y==p):.3f}"
if __name__ == "__main__":
    for n in G: 
        P = np.load(f"/tmp/exp/lr90_{n}.npy" if n=="ho" else f"/tmp/exp/lr90_{n}.npy"); print("lr90", n, rep(P, n))
    for n in ["dev_mt","dev_rw"]:
        print("lr(full)", n, rep(np.load(f"/tmp/exp/lr_{n}.npy"), n))
