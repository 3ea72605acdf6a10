"""Build train/data/holder_pairs.tsv from the helpers' labels (out*.tsv) and the candidate items."""
import csv, glob, io, json, zipfile, collections, sys
it = json.load(open("/tmp/s26/pairs/items.json"))
news = [json.loads(l)["sentence_normalized"] for l in open("../shared/data/newsmtsc/train.jsonl", encoding="utf-8") if l.strip()]
first = {}
for k, s in enumerate(news):
    first.setdefault(s, k)
z = zipfile.ZipFile("../shared/data/ngec_synthetic/gpt_synthetic_events_2023-10-19_19.csv.zip")
stories = [r["text"] for r in csv.DictReader(io.TextIOWrapper(z.open(z.namelist()[0]), encoding="utf-8"))]
labels = collections.defaultdict(list)
for f in sorted(glob.glob("/tmp/s26/label/out*.tsv")):
    for l in open(f):
        p = l.split()
        if len(p) == 3 and p[0] in it and p[1] in ("-1", "0", "1") and p[2] in ("-1", "0", "1"):
            labels[p[0]].append((int(p[1]), int(p[2])))
agree = dis = 0
out, dropped = [], collections.Counter()
def merge(a, b):
    return 0 if a != b and (a == 0 or b == 0) else (a if a == b else None)
for i, ls in sorted(labels.items()):
    if len(ls) > 1:
        if ls[0] == ls[1]: agree += 1
        else: dis += 1
        l12, l21 = merge(ls[0][0], ls[1][0]), merge(ls[0][1], ls[1][1])
        if l12 is None or l21 is None: dropped["opposite"] += 1; continue
    else:
        l12, l21 = ls[0]
    p = it[i]
    text = p["text"]
    end = max(p["e1"][1], p["e2"][1])
    if "\n" in text[:end]:
        dropped["newline"] += 1; continue
    if i[0] == "n":
        row, ss = first[text], 0
        se = len(text)
    else:
        body = text.rstrip()
        row = next(k for k, s in enumerate(stories) if body in s)
        ss = stories[row].index(body); se = ss + len(body)
        if "\n" in body: dropped["newline"] += 1; continue
    src = "newsmtsc" if i[0] == "n" else "ngec"
    out.append((src, row, ss, se, *p["e1"], *p["e2"], l12, l21))
print(f"{len(labels)} labelled, double-labelled agree {agree} / disagree {dis}; dropped {dict(dropped)}; kept {len(out)}", file=sys.stderr)
with open(sys.argv[1], "w", encoding="utf-8") as fh:
    fh.write("# holder→target attitudes annotated for this project (train/stance_holder.py): source, row, sentence start, end,\n"
             "# E1 start, end, E2 start, end (relative to the sentence), E1→E2, E2→E1 (-1 negative, 0 neutral, 1 positive)\n")
    for r in sorted(out, key=lambda r: (r[0], r[1], r[4])):
        fh.write("\t".join(map(str, r)) + "\n")
