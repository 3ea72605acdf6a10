import json, random, re, sys
import spacy
nlp = __import__("nlp.pipeline").pipeline.load_pipeline()
def norm(s): return re.sub(r"\W+", "", s.lower())
# directed sentences, only to keep them OUT of our training data (no labels read)
seen = set()
for f in ["valid.txt", "train.txt"]:
    for line in open(f"../shared/data/directed_sentiment/{f}", encoding="utf-8"):
        seen.add(norm(line.split("\t")[0].replace("[", "").replace("]", ""))[:80])
rows = [json.loads(l) for l in open("../shared/data/newsmtsc/train.jsonl", encoding="utf-8")]
sents = [r["sentence_normalized"] for r in rows]
KEEP = {"PERSON", "ORG", "GPE", "NORP"}
out = []
skipped = 0
for s, doc in zip(sents, nlp.pipe(sents, batch_size=256)):
    if norm(s)[:80] in seen:
        skipped += 1; continue
    ents = []
    for e in doc.ents:
        if e.label_ in KEEP and e.text.strip() and not any(e.text == x.text for x in ents):
            ents.append(e)
    if len(ents) < 2: continue
    out.append((s, [(e.start_char, e.end_char, e.text, e.label_) for e in ents]))
print(len(sents), "sentences;", skipped, "overlap directed;", len(out), "with >=2 entities", file=sys.stderr)
random.seed(0)
random.shuffle(out)
pairs = []
for s, ents in out:
    # one pair per sentence, preferring PERSON/ORG as e1 (holders), any as e2
    i, j = random.sample(range(len(ents)), 2)
    a, b = ents[i], ents[j]
    if a[0] > b[0]: a, b = b, a   # e1 is the earlier mention; the label scheme covers both directions
    pairs.append({"text": s, "e1": [a[0], a[1]], "e2": [b[0], b[1]], "e1_text": a[2], "e2_text": b[2]})
json.dump(pairs, open("/tmp/s26/pairs/all.json", "w"), ensure_ascii=False)
print(len(pairs), "pairs", file=sys.stderr)
