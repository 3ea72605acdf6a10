import json
a = json.load(open("/tmp/s26/pairs/all.json"))
b = json.load(open("/tmp/s26/pairs/ngec.json"))[:1600]
items = []
for src, L in (("n", a), ("g", b)):
    for k, p in enumerate(L):
        p = dict(p, id=f"{src}{k:04d}")
        items.append(p)
import random
random.seed(2); random.shuffle(items)
N = 8
size = (len(items) + N - 1) // N
chunks = [items[i*size:(i+1)*size] for i in range(N)]
for i in range(N):  # 50 items shared with the next chunk, for an agreement check
    chunks[(i+1) % N] = chunks[(i+1) % N] + chunks[i][:50]
for i, c in enumerate(chunks):
    random.shuffle(c)
    with open(f"/tmp/s26/label/chunk{i}.txt", "w") as fh:
        for p in c:
            t = p["text"]; (s1, e1), (s2, e2) = p["e1"], p["e2"]
            marked = t[:s1] + "[E1 " + t[s1:e1] + "]" + t[e1:s2] + "[E2 " + t[s2:e2] + "]" + t[e2:]
            fh.write(f"{p['id']}\t{marked}\n")
    print(i, len(c))
json.dump({p["id"]: p for p in items}, open("/tmp/s26/pairs/items.json", "w"), ensure_ascii=False)
