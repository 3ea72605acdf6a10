"""Reference probabilities of the holder-aware stance model computed with torch + transformers,
for ``tests/nlp/test_stance_holder.py`` (which checks the numpy inference against them).

    /work/venvs/train/bin/python -m train.stance_holder_reference nlp/data/stance_holder \\
        > tests/nlp/data/stance_holder_reference.json

Reads the shipped folder (float16 weights, widened to float32 as the numpy reader does) and
marks target and holder with the app's own ``nlp.stance_holder.marked_pair_ids``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import torch
import torch.nn.functional as F

from nlp.stance_finetuned import OPEN_ID
from nlp.stance_holder import HOLDER_OPEN_ID, marked_pair_ids
from train.stance_finetune_reference import load

# (sentence, target, holder) — each one's first occurrence is the marked span
CASES = [
    ("The minister praised Moscow for its help in the talks.", "Moscow", "minister"),
    ("Seoul condemned Pyongyang's latest missile launch as a grave provocation.", "Pyongyang", "Seoul"),
    ("Lavrov met his Chinese counterpart in Beijing on Tuesday.", "Beijing", "Lavrov"),
    ("Ünïcödé, emoji 🙂 and a very long word: antidisestablishmentarianism, said Kim about Russia.", "Russia", "Kim"),
    ("Kim said " + "that it went on and on " * 30 + "until Russia walked out.", "Russia", "Kim"),
]


def reference(folder: Path) -> dict:
    bert, head_w, head_b, tok = load(folder)
    out = []
    for text, target, holder in CASES:
        t = (text.index(target), text.index(target) + len(target))
        h = (text.index(holder), text.index(holder) + len(holder))
        e = tok.encode(text)
        ids = marked_pair_ids(e.ids, e.offsets, t, h)
        with torch.no_grad():
            s = bert(input_ids=torch.tensor([ids])).last_hidden_state[0]
            held = s[ids.index(HOLDER_OPEN_ID)] if HOLDER_OPEN_ID in ids else s.mean(0)
            feat = torch.cat([s[ids.index(OPEN_ID)], held, s.mean(0)])
            p = F.softmax(feat @ head_w.T + head_b, -1)
        out.append({"text": text, "target": list(t), "holder": list(h), "ids": ids,
                    "probs": [round(float(v), 6) for v in p]})
    digest = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()[:16]
    return {"model_sha256_16": digest, "cases": out}


if __name__ == "__main__":
    print(json.dumps(reference(Path(sys.argv[1])), ensure_ascii=False, indent=1))
