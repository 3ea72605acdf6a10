import numpy as np, json
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.metrics import f1_score, accuracy_score
tr = np.load("/tmp/mini/train.npz"); X, Y = tr["X"], tr["Y"]
# held-out 10 % of train sentences (by gid prefix = sentence) for C selection
gids = tr["gid"]; sent_id = np.array(["_".join(g.split("_")[:3]) for g in gids])
u = np.unique(sent_id); rng = np.random.default_rng(13); ho_s = set(u[rng.random(len(u)) < 0.1]); ho = np.array([s in ho_s for s in sent_id])
sc = StandardScaler().fit(X[~ho])
best = None
for C in (0.003, 0.01, 0.03, 0.1):
    clf = LogisticRegression(C=C, max_iter=2000, class_weight="balanced").fit(sc.transform(X[~ho]), Y[~ho])
    f = f1_score(Y[ho], clf.predict(sc.transform(X[ho])), average="macro"); print("C", C, "held-out F1m", round(f, 3))
    if best is None or f > best[0]: best = (f, C)
C = best[1]; sc = StandardScaler().fit(X)
clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced").fit(sc.transform(X), Y)
for name in ("dev_mt", "dev_rw"):
    d = np.load(f"/tmp/mini/{name}.npz"); P = clf.predict_proba(sc.transform(d["X"])); O = np.load(f"/tmp/mini/ours_{name}.npy")
    for lab, Q in (("minilm", P), ("ours", O), ("avg .5", 0.5 * P + 0.5 * O)):
        pr = Q.argmax(1); print(name, lab, "F1m", round(f1_score(d["Y"], pr, average="macro"), 3), "acc", round(accuracy_score(d["Y"], pr), 3))
