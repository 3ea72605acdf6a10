import sys, numpy as np
sys.path.insert(0, "/tmp/exp")
from score import G, rep, f1
tag = sys.argv[1]
P = {n: np.load(f"/tmp/exp/{tag}_{n}.npy") for n in G}
L = {"ho": np.load("/tmp/exp/lr90_ho.npy"), "dev_mt": np.load("/tmp/exp/lr_dev_mt.npy"), "dev_rw": np.load("/tmp/exp/lr_dev_rw.npy")}
L90 = {n: np.load(f"/tmp/exp/lr90_{n}.npy") for n in G}
print(tag, "alone", *(f"{n} {rep(P[n], n)}" for n in G))
for w in [0.3, 0.4, 0.5, 0.6, 0.7]:
    print(f" w_tc={w}", *(f"{n} {rep(w*P[n]+(1-w)*L[n], n)}" for n in G), "| lr90 on dev:", *(f"{n} {rep(w*P[n]+(1-w)*L90[n], n)}" for n in ["dev_mt","dev_rw"]))
