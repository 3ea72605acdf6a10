"""Target-pooled textcat: sourced en_core_web_sm tok2vec over the sentence with marker tokens
around the target; features = mean over target(+markers), mean and max over sentence → Maxout → Softmax."""
import argparse, json, sys, time, numpy as np
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[3]))
from spacy.tokens import Doc, DocBin
from thinc.api import Model, chain, Softmax, Maxout, Dropout, Adam, fix_random_seed
from nlp.pipeline import load_pipeline

ap = argparse.ArgumentParser()
ap.add_argument("--epochs", type=int, default=6)
ap.add_argument("--lr", type=float, default=1e-3)
ap.add_argument("--hidden", type=int, default=64)
ap.add_argument("--dropout", type=float, default=0.2)
ap.add_argument("--batch", type=int, default=32)
ap.add_argument("--further", type=float, default=0.5)
ap.add_argument("--scratch", action="store_true", help="do not source the sm tok2vec weights")
ap.add_argument("--full", action="store_true", help="train on all of train (no held-out)")
ap.add_argument("--tag", default="tc")
ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--arch", default="pool", choices=["pool", "ensemble"])
args = ap.parse_args()
fix_random_seed(args.seed)
D = str(__import__("pathlib").Path(__file__).resolve().parents[4] / "shared/data/newsmtsc") + "/"
POL = {2.0: 0, 4.0: 1, 6.0: 2}
nlp = load_pipeline()
vocab = nlp.vocab
OPEN, CLOSE = "<t>", "</t>"

def marked(doc, s, e):
    words = [t.text for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]
    w = words[:s] + [OPEN] + words[s:e] + [CLOSE] + words[e:]
    sp = spaces[:s] + [True] + spaces[s:e] + [True] + spaces[e:]
    return (Doc(vocab, words=w, spaces=sp), s, e + 2)

def load(name):
    recs = [json.loads(l) for l in open(D + name + ".jsonl")]
    docs = list(DocBin().from_disk(f"/tmp/exp/{name}.spacy").get_docs(vocab))
    items = []  # per target: list of (input, weight), label, record index
    for i, (r, doc) in enumerate(zip(recs, docs)):
        for t in r["targets"]:
            ins = []
            for j, m in enumerate([t] + list(t.get("further_mentions", []))):
                sp = doc.char_span(m["from"], m["to"], alignment_mode="expand")
                if sp is not None and len(sp):
                    ins.append((marked(doc, sp.start, sp.end), 1.0 if j == 0 else args.further))
            if not ins:
                ins = [(marked(doc, 0, 1), 1.0)]
            items.append((ins, POL.get(t.get("polarity"), 1), i))
    return items

def build(t2v, width):
    head = chain(Maxout(args.hidden, width * 3, nP=3, dropout=0.0), Dropout(args.dropout), Softmax(3, args.hidden))
    return Model("target_textcat", fwd, init=lambda m, X=None, Y=None: m.layers[1].initialize(), layers=[t2v, head], dims={"width": width})

def fwd(model, inputs, is_train):
    t2v, head = model.layers
    xp = model.ops.xp
    Xs, bp_t2v = t2v([d for d, _, _ in inputs], is_train)
    feats, amax = [], []
    for X, (_, s, e) in zip(Xs, inputs):
        a = X.argmax(0)
        amax.append(a)
        feats.append(xp.concatenate([X[s:e].mean(0), X.mean(0), X.max(0)]))
    F = xp.vstack(feats)
    Y, bp_head = head(F, is_train)
    def backprop(dY):
        dF = bp_head(dY)
        w = Xs[0].shape[1]
        dXs = []
        for i, (X, (_, s, e)) in enumerate(zip(Xs, inputs)):
            dX = xp.zeros_like(X)
            dX[s:e] += dF[i, :w] / (e - s)
            dX += dF[i, w:2 * w] / X.shape[0]
            dX[amax[i], xp.arange(w)] += dF[i, 2 * w:]
            dXs.append(dX)
        bp_t2v(dXs)
        return []
    return Y, backprop

def macro_f1(y, p):
    f = []
    for k in range(3):
        tp = np.sum((p == k) & (y == k)); fp = np.sum((p == k) & (y != k)); fn = np.sum((p != k) & (y == k))
        f.append(0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f))

def predict(model, items):
    out = []
    flat = [(x, w, k) for k, (ins, _, _) in enumerate(items) for x, w in ins]
    P = np.zeros((len(items), 3))
    for b in range(0, len(flat), 128):
        chunk = flat[b:b + 128]
        Y = model.predict([x for x, _, _ in chunk])
        for (x, w, k), y in zip(chunk, Y):
            P[k] += w * y
    return P / P.sum(1, keepdims=True)

t0 = time.time()
train = load("train")
held = np.load("/tmp/exp/held.npy")
tr = [it for it in train if args.full or not held[it[2]]]
ho = [it for it in train if held[it[2]]]
devs = {n: load(n) for n in ["dev_mt", "dev_rw"]}
print(f"loaded {len(tr)} train / {len(ho)} held-out targets in {time.time()-t0:.0f}s", file=sys.stderr)
src = nlp.get_pipe("tok2vec").model
t2v = src.copy()
if args.scratch:
    t2v.initialize()  # re-init
width = 96
if args.arch == "pool":
    model = build(t2v, width)
else:
    from spacy import registry
    bow = registry.architectures.get("spacy.TextCatBOW.v3")(exclusive_classes=True, ngram_size=2, no_output_layer=False, length=262144, nO=3)
    ens = registry.architectures.get("spacy.TextCatEnsemble.v2")(tok2vec=t2v, linear_model=bow, nO=None)
    def wfwd(m, X, is_train):
        Y, bp = m.layers[0]([d for d, _, _ in X], is_train)
        def back(dY):
            bp(dY)
            return []
        return Y, back
    model = Model("wrap", wfwd, init=lambda m, X=None, Y=None: m.layers[0].initialize(X=[d for d, _, _ in X], Y=Y), layers=[ens])
ex = [(x, w, lab) for ins, lab, _ in tr for x, w in (ins if args.further > 0 else ins[:1])]
model.initialize(X=[x for x, _, _ in ex[:16]], Y=model.ops.asarray2f(np.eye(3)[[l for _, _, l in ex[:16]]]))
if not args.scratch:
    t2v.from_bytes(src.to_bytes())
counts = np.bincount([l for _, l, _ in tr], minlength=3); cw = counts.sum() / (3 * counts)
opt = Adam(args.lr)
rng = np.random.default_rng(args.seed)
for ep in range(1, args.epochs + 1):
    order = rng.permutation(len(ex)); loss = 0.0; t1 = time.time()
    for b in range(0, len(order), args.batch):
        batch = [ex[i] for i in order[b:b + args.batch]]
        Y, bp = model.begin_update([x for x, _, _ in batch])
        lab = np.array([l for _, _, l in batch]); sw = np.array([w for _, w, _ in batch]) * cw[lab]
        T = np.eye(3)[lab]
        dY = (Y - T) * sw[:, None] / len(batch)
        loss += float(-(np.log(Y[np.arange(len(batch)), lab] + 1e-9) * sw).sum())
        bp(model.ops.asarray2f(dY))
        model.finish_update(opt)
    msg = f"ep {ep} loss {loss/len(ex):.3f} {time.time()-t1:.0f}s"
    res = {}
    for name, items in [("ho", ho)] + list(devs.items()):
        if not items: continue
        P = predict(model, items); y = np.array([l for _, l, _ in items]); p = P.argmax(1)
        res[name] = P
        msg += f" | {name} F1m {macro_f1(y, p):.3f} acc {np.mean(y == p):.3f}"
    print(msg, file=sys.stderr, flush=True)
    for name, P in res.items():
        np.save(f"/tmp/exp/{args.tag}_ep{ep}_{name}.npy", P)
    model.to_disk(f"/tmp/exp/{args.tag}_ep{ep}.bin") if False else None
    with open(f"/tmp/exp/{args.tag}_ep{ep}.bytes", "wb") as fh:
        fh.write(model.to_bytes())
