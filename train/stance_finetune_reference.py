"""Reference probabilities of the fine-tuned stance model computed with torch + transformers,
for ``tests/nlp/test_stance_finetuned.py`` (which checks the numpy inference against them).

    /work/venvs/train/bin/python -m train.stance_finetune_reference nlp/data/stance_minilm \\
        > tests/nlp/data/stance_finetuned_reference.json
    /work/venvs/train/bin/python -m train.stance_finetune_reference nlp/data/stance_minilm_1 \\
        > tests/nlp/data/stance_finetuned_1_reference.json

Reads the shipped folder (float16 weights, widened to float32 as the numpy reader does) and
marks the target with the app's own ``nlp.stance_finetuned.marked_ids``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import torch
import torch.nn.functional as F

from nlp.stance_finetuned import HEAD_BIAS, HEAD_WEIGHT, OPEN_ID, marked_ids

# (sentence, target) — the target's first occurrence is the marked span
CASES = [
    ("Russia's illegal aggression will not prevail, the minister said on Wednesday.", "Russia"),
    ("The minister praised Moscow for its help in the talks.", "Moscow"),
    ("“North Korea is crossing the line,” he told reporters in Seoul — and nobody disagreed.", "North Korea"),
    ("Pyongyang launched two missiles on Tuesday, officials in Seoul said.", "Seoul"),
    ("Ünïcödé, emoji 🙂 and a very long word: antidisestablishmentarianism, said Kim.", "Kim"),
    ("The talks " + "went on and on " * 40 + "until Russia walked out.", "Russia"),
]


def load(folder: Path):
    """The shipped folder's encoder (torch, float32, eval mode), head weight and bias, and tokenizer."""
    from safetensors.torch import load_file
    from tokenizers import Tokenizer
    from transformers import BertConfig, BertModel

    w = {k: v.float() for k, v in load_file(str(folder / "model.safetensors")).items()}
    head_w, head_b = w.pop(HEAD_WEIGHT), w.pop(HEAD_BIAS)
    bert = BertModel(BertConfig.from_json_file(str(folder / "config.json")), add_pooling_layer=False)
    missing, unexpected = bert.load_state_dict(w, strict=False)
    assert not unexpected and all("position_ids" in k for k in missing), (missing, unexpected)
    bert.eval()
    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return bert, head_w, head_b, tok


def reference(folder: Path) -> dict:
    bert, head_w, head_b, tok = load(folder)
    out = []
    for text, target in CASES:
        start = text.index(target)
        e = tok.encode(text)
        ids = marked_ids(e.ids, e.offsets, start, start + len(target))
        with torch.no_grad():
            h = bert(input_ids=torch.tensor([ids])).last_hidden_state[0]
            feat = torch.cat([h[ids.index(OPEN_ID)], h.mean(0)])
            p = F.softmax(feat @ head_w.T + head_b, -1)
        out.append({"text": text, "start": start, "end": start + len(target), "ids": ids,
                    "probs": [round(float(v), 6) for v in p]})
    digest = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()[:16]
    return {"model_sha256_16": digest, "cases": out}


if __name__ == "__main__":
    print(json.dumps(reference(Path(sys.argv[1])), ensure_ascii=False, indent=1))
