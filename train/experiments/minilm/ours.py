import json, sys, numpy as np
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[3]))
from nlp.pipeline import load_pipeline
from nlp.sentiment import sentiment
from nlp.stance_model import LABELS, featurize, load_model, token_valences
nlp = load_pipeline(); model = load_model()
order = [LABELS.index(x) for x in ("negative", "neutral", "positive")]
for name in ("dev_mt", "dev_rw"):
    recs = [json.loads(l) for l in open(str(__import__("pathlib").Path(__file__).resolve().parents[4] / "shared/data/newsmtsc" / f"{name}.jsonl"))]
    P = []
    for rec, doc in zip(recs, nlp.pipe([r["sentence_normalized"] for r in recs])):
        sent = doc[:]; vals = token_valences(sent); comp = sentiment(rec["sentence_normalized"]).compound
        for t in rec["targets"]:
            span = doc.char_span(t["from"], t["to"], alignment_mode="expand")
            if span is None or len(span) == 0: span = doc[0:1]
            p = model.proba(featurize(sent, span, vals, comp))
            for fm in t.get("further_mentions", []):
                fs = doc.char_span(fm["from"], fm["to"], alignment_mode="expand")
                if fs is not None and len(fs) > 0: p = p + 0.5 * model.proba(featurize(sent, fs, vals, comp))
            P.append((p / p.sum())[order])
    np.save(f"/tmp/mini/ours_{name}.npy", np.array(P)); print(name, len(P))
