"""Parse train/dev once; fit the LR on 90 % of train (l2 3e-3, as shipped); dump per-target LR probabilities."""
import json, sys, time, numpy as np
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[3]))
from spacy.tokens import DocBin
from nlp.pipeline import load_pipeline
from nlp.stance_model import StanceModel, load_model, featurize, token_valences
from nlp.sentiment import sentiment
import train.stance_model as T

D = str(__import__("pathlib").Path(__file__).resolve().parents[4] / "shared/data/newsmtsc") + "/"
nlp = load_pipeline()
def parse(name):
    recs = T.load_records(D + name + ".jsonl")
    t = time.time()
    docs = list(nlp.pipe([r["sentence_normalized"] for r in recs], batch_size=128))
    DocBin(docs=docs, store_user_data=False).to_disk(f"/tmp/exp/{name}.spacy")
    print(name, len(docs), f"{time.time()-t:.0f}s", file=sys.stderr)
    return recs, docs
data = {n: parse(n) for n in ["train", "dev_mt", "dev_rw"]}
recs, docs = data["train"]
held = np.random.default_rng(13).random(len(recs)) < 0.1
np.save("/tmp/exp/held.npy", held)
ex = T.examples(nlp, recs, docs, vectors=False)
per_record = np.repeat(np.arange(len(recs)), [len(r["targets"]) for r in recs])
rows, y, w, so = [], [], [], []
for k, (feats, label, _) in enumerate(ex):
    for j, f in enumerate(feats):
        rows.append(f); y.append(label); w.append(1.0 if j == 0 else 0.5); so.append(per_record[k])
y = np.array(y); w = np.array(w); ish = held[np.array(so)]
counts = np.bincount(y, minlength=3); cw = counts.sum() / (3 * counts)
tr = [r for r, h in zip(rows, ish) if not h]
vocab = T.build_vocab(tr, 2)
W, Wd, b = T.fit(T.Sparse(tr, vocab), y[~ish], 3e-3, 300, class_weight=cw, sample_weight=w[~ish])
m90 = StanceModel(vocab, W.astype(np.float32), b.astype(np.float32))
full = load_model()
def probs(model, recs, docs):
    out = []
    for rec, doc in zip(recs, docs):
        sent = doc[:]; vals = token_valences(sent); comp = sentiment(rec["sentence_normalized"]).compound
        for t in rec["targets"]:
            span = doc.char_span(t["from"], t["to"], alignment_mode="expand")
            if span is None or len(span) == 0: span = doc[0:1]
            p = model.proba(featurize(sent, span, vals, comp, vectors=False))
            for fm in t.get("further_mentions", []):
                fs = doc.char_span(fm["from"], fm["to"], alignment_mode="expand")
                if fs is not None and len(fs) > 0:
                    p = p + 0.5 * model.proba(featurize(sent, fs, vals, comp, vectors=False))
            out.append(p / p.sum())
    return np.array(out)
ho_recs = [r for r, h in zip(recs, held) if h]; ho_docs = [d for d, h in zip(docs, held) if h]
np.save("/tmp/exp/lr90_ho.npy", probs(m90, ho_recs, ho_docs))
for n in ["dev_mt", "dev_rw"]:
    np.save(f"/tmp/exp/lr_{n}.npy", probs(full, *data[n]))
    np.save(f"/tmp/exp/lr90_{n}.npy", probs(m90, *data[n]))
print("done", file=sys.stderr)
