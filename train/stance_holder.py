"""Fine-tune the holder-aware stance model (``nlp/stance_holder.py``): how a holder named in a
sentence stands toward a target named in it. Training only: torch.

    OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE nice -n 5 /work/venvs/train/bin/python -m train.stance_holder \\
        --pairs train/data/holder_pairs.tsv --newsmtsc ../shared/data/newsmtsc/train.jsonl \\
        --ngec ../shared/data/ngec_synthetic/gpt_synthetic_events_2023-10-19_19.csv.zip \\
        --init nlp/data/stance_minilm --out nlp/data/stance_holder --seed 0

(run from the repository root; the venv as in ``train/stance_finetune.py``).

Data: ``train/data/holder_pairs.tsv`` — this project's own annotation (see its header and
``nlp/data/README.md``) of two named entities in one sentence of NewsMTSC train (MIT) or of
NGEC's synthetic stories (MIT): the attitude E1 holds or shows toward E2 and E2 toward E1
(−1 / 0 / 1). The file holds row numbers and character offsets only, not the sentences: they are
read from the corpora. Every pair gives two examples (each entity once the holder). A tenth of
the sentences (chosen by a hash of the row, fixed) is held out and scored after each epoch, for
information; the model ships trained on the other nine tenths. directed_sentiment (no licence)
is never read here.

Model: the target-only fine-tuned model (``--init``) with the holder's wordpieces wrapped in
``[unused2]`` … ``[unused3]``; the head reads the target's and the holder's opening markers'
last-layer states and the mean of all states (3 × 384 → 3), started from the target-only head
(its holder part zero). AdamW (lr 3e-5, weight decay 0.01), batch 32, linear warm-up over 6 % of
the steps then decay, 3 epochs, class weights (1 / frequency)^0.5.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import time
import zipfile
import zlib
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from nlp.stance_finetuned import HEAD_BIAS, HEAD_WEIGHT, OPEN_ID
from nlp.stance_holder import HOLDER_OPEN_ID, marked_pair_ids
from train.stance_finetune import base_dir, batches, macro_f1, optimizer, pad, predict, save, update

LABEL = {-1: 0, 0: 1, 1: 2}  # attitude → class (negative, neutral, positive)


def read_pairs(path: str, newsmtsc: str, ngec: str) -> list[tuple[str, tuple[int, int], tuple[int, int], int, int, str]]:
    """(sentence, E1 span, E2 span, E1→E2 class, E2→E1 class, row key) per annotated pair.

    A line: ``source  row  sent_start  sent_end  e1_start  e1_end  e2_start  e2_end  e1→e2  e2→e1``
    (tab-separated; ``source`` ``newsmtsc`` — the row of train.jsonl, 0-based — or ``ngec``, the
    story's row of the CSV; the sentence is ``text[sent_start:sent_end]``, the entity offsets are
    relative to it)."""
    news = [json.loads(line)["sentence_normalized"] for line in open(newsmtsc, encoding="utf-8") if line.strip()]
    z = zipfile.ZipFile(ngec)
    stories = [r["text"] for r in csv.DictReader(io.TextIOWrapper(z.open(z.namelist()[0]), encoding="utf-8"))]
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            src, row, *nums = line.rstrip("\n").split("\t")
            ss, se, a1, b1, a2, b2, l12, l21 = map(int, nums)
            text = (news if src == "newsmtsc" else stories)[int(row)]
            out.append((text[ss:se], (a1, b1), (a2, b2), LABEL[l12], LABEL[l21], f"{src}:{row}"))
    return out


def held_out(key: str) -> bool:
    """The fixed tenth of sentences scored but not trained on (by a hash of the row key)."""
    return zlib.crc32(key.encode()) % 10 == 0


class HolderNet(torch.nn.Module):
    def __init__(self, bert):
        super().__init__()
        self.bert = bert
        hidden = bert.config.hidden_size
        self.drop = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(3 * hidden, 3)

    def forward(self, ids, mask):
        h = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
        rows = torch.arange(len(ids))
        target = h[rows, (ids == OPEN_ID).int().argmax(1)]
        has = (ids == HOLDER_OPEN_ID).any(1)
        m = mask.unsqueeze(-1).to(h.dtype)
        mean = (h * m).sum(1) / m.sum(1)
        holder = torch.where(has.unsqueeze(1), h[rows, (ids == HOLDER_OPEN_ID).int().argmax(1)], mean)
        return self.head(self.drop(torch.cat([target, holder, mean], 1)))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", required=True, help="the annotated pairs (train/data/holder_pairs.tsv)")
    ap.add_argument("--newsmtsc", required=True, help="NewsMTSC train.jsonl")
    ap.add_argument("--ngec", required=True, help="NGEC synthetic stories (.csv.zip)")
    ap.add_argument("--init", required=True, help="the target-only fine-tuned model folder to start from")
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--batch", type=int, default=32)
    args = ap.parse_args(argv)

    from safetensors.numpy import load_file
    from tokenizers import Tokenizer
    from transformers import BertConfig, BertModel

    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    rng = np.random.default_rng(args.seed)
    base = base_dir()
    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()

    pairs = read_pairs(args.pairs, args.newsmtsc, args.ngec)
    train_items, hold_items = [], []
    for sent, e1, e2, l12, l21, key in pairs:
        dest = hold_items if held_out(key) else train_items
        dest += [(sent, e2, e1, l12), (sent, e1, e2, l21)]  # (sentence, target, holder, class)
    encs = tok.encode_batch([it[0] for it in train_items + hold_items])
    ids = [marked_pair_ids(e.ids, e.offsets, it[1], it[2]) for e, it in zip(encs, train_items + hold_items)]
    ids, hold_ids = ids[:len(train_items)], ids[len(train_items):]
    labels = torch.tensor([it[3] for it in train_items])
    hold_gold = np.array([it[3] for it in hold_items])
    counts = np.bincount(labels.numpy(), minlength=3)
    w = (counts.sum() / counts) ** 0.5
    weights = torch.tensor(w / w.mean(), dtype=torch.float32)
    print(f"{len(pairs)} pairs: {len(train_items)} training examples {counts.tolist()}, {len(hold_items)} held out; "
          f"class weights {[round(float(x), 3) for x in weights]}", file=sys.stderr, flush=True)

    bert = BertModel(BertConfig.from_pretrained(str(base)), add_pooling_layer=False)
    init = load_file(str(Path(args.init) / "model.safetensors"))
    head_w, head_b = init.pop(HEAD_WEIGHT).astype(np.float32), init.pop(HEAD_BIAS).astype(np.float32)
    missing, unexpected = bert.load_state_dict({k: torch.tensor(v.astype(np.float32)) for k, v in init.items()}, strict=False)
    if unexpected or [k for k in missing if "position_ids" not in k]:
        raise SystemExit(f"--init {args.init}: weights do not fit the encoder ({missing[:3]}, {unexpected[:3]})")
    net = HolderNet(bert)
    hidden = bert.config.hidden_size
    with torch.no_grad():  # start as the target-only model: its head on (target, mean), zero on the holder
        net.head.weight.zero_()
        net.head.weight[:, :hidden] = torch.tensor(head_w[:, :hidden])
        net.head.weight[:, 2 * hidden:] = torch.tensor(head_w[:, hidden:])
        net.head.bias.copy_(torch.tensor(head_b))
    net.train()
    steps = args.epochs * -(-len(ids) // args.batch)
    opt, sched = optimizer(net, args.lr, steps)
    lengths = [len(i) for i in ids]
    t0, step, history = time.time(), 0, []

    def score(row):
        pr = predict(net, hold_ids).argmax(1)
        row["held_out_f1m"] = round(macro_f1(hold_gold, pr), 4)
        row["held_out_accuracy"] = round(float(np.mean(pr == hold_gold)), 4)
        return row

    history.append(score({"epoch": 0}))
    print(json.dumps(history[-1]), file=sys.stderr, flush=True)
    for epoch in range(1, args.epochs + 1):
        total = 0.0
        for b in batches(lengths, args.batch, rng):
            x, m = pad([ids[i] for i in b])
            loss = F.cross_entropy(net(x, m), labels[b], weight=weights)
            update(net, opt, sched, loss)
            step += 1
            total += float(loss.detach()) * len(b)
            if step % 50 == 0:
                print(f"  epoch {epoch} step {step}/{steps} loss {float(loss.detach()):.3f} {time.time() - t0:.0f}s", file=sys.stderr, flush=True)
        history.append(score({"epoch": epoch, "loss": round(total / len(ids), 4), "seconds": round(time.time() - t0)}))
        print(json.dumps(history[-1]), file=sys.stderr, flush=True)
    net.eval()
    meta = {"base": f"{args.init} (all-MiniLM-L6-v2 fine-tuned for target stance)",
            "data": {"pairs": len(pairs), "training_examples": len(train_items), "held_out_examples": len(hold_items),
                     "classes": counts.tolist()},
            "args": vars(args), "labels": ["negative", "neutral", "positive"], "history": history}
    save(net, base, Path(args.out), meta)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
