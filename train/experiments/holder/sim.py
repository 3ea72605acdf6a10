"""Simulate holder-model variants: python sim.py DUMP.pkl Q.npy"""
import sys, pickle, numpy as np
sys.path.insert(0, "/work/main")
from nlp.stance import _learned_overrules as _lo0, combine, learned_score, NEUTRAL_BAND
from nlp.stance_events import Relation
from nlp.model import label_for
rows = pickle.load(open(sys.argv[1], "rb"))
Q = np.load(sys.argv[2])
def _lo(rel, q): return _lo0(Relation(rel.score), q, False)
L = ["negative", "neutral", "positive"]
def f1m(g, p):
    f = []
    for k in L:
        tp = sum(1 for a, b in zip(g, p) if a == k and b == k); fp = sum(1 for a, b in zip(g, p) if a != k and b == k); fn = sum(1 for a, b in zip(g, p) if a == k and b != k)
        f.append(2 * tp / max(1, 2 * tp + fp + fn))
    return np.mean(f)
def variant(r, q, v):
    rel = Relation(r["relscore"] if r["relpolar"] else 0.0, by_holder=bool(r["byholder"]))
    p = np.array(r["p"]); holder = r["e1"] is not None
    if v == "V0":
        if holder and not r["gov"]: return "neutral"
        return combine(rel, p)[1]
    if v == "V1":
        if holder and not r["gov"]: return "neutral"
        return combine(rel, q)[1]
    if v == "V2":  # not governed: the holder model alone; governed: layer + holder model
        if holder and not r["gov"]: return learned_score(q)[1]
        return combine(rel, q)[1]
    if v == "Q":
        return L[int(np.argmax(q))]
    if v == "V5":  # the holder model decides, except over the holder's own act the layer read
        if r["gov"] and r["relpolar"] and r["byholder"]: return combine(rel, q)[1]
        return learned_score(q)[1]
    if v == "V6":  # the holder model decides; where it is neutral, the layer's reading of the holder's own act
        lab = learned_score(q)[1]
        if lab == "neutral" and r["gov"] and r["relpolar"] and r["byholder"]: return combine(rel, q)[1]
        return lab
    if v == "V7":  # layer over governed holder's acts only when the model agrees or is neutral
        if r["gov"] and r["relpolar"] and r["byholder"] and not _lo(rel, q): return combine(rel, q)[1]
        return learned_score(q)[1]
    if v == "V8":  # V6 where the holder governs the target; the bystander rule where it does not
        if holder and not r["gov"]: return "neutral"
        lab = learned_score(q)[1]
        if lab == "neutral" and r["relpolar"] and r["byholder"]: return combine(rel, q)[1]
        return lab
    if v == "V4":  # layer + holder model everywhere
        return combine(rel, q)[1]
gold = [r["gold"] for r in rows]
print("check V0 == dump pred:", sum(variant(r, Q[i], "V0") == r["pred"] for i, r in enumerate(rows)), "/", len(rows))
for v in ["V0", "Q", "V1", "V2", "V4", "V5", "V6", "V7", "V8"]:
    pred = [variant(r, Q[i], v) for i, r in enumerate(rows)]
    conf = [[sum(1 for g, p in zip(gold, pred) if g == a and p == b) for b in L] for a in L]
    print(v, round(f1m(gold, pred), 4), conf)
