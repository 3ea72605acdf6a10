import json, random, sys, zipfile, csv, io
from nlp.pipeline import load_pipeline
nlp = load_pipeline()
z = zipfile.ZipFile('../shared/data/ngec_synthetic/gpt_synthetic_events_2023-10-19_19.csv.zip')
rows = list(csv.DictReader(io.TextIOWrapper(z.open(z.namelist()[0]), encoding='utf-8')))
KEEP = {"PERSON", "ORG", "GPE", "NORP"}
random.seed(1)
pairs = []
for doc in nlp.pipe([r["text"] for r in rows], batch_size=64):
    cands = []
    for s in doc.sents:
        ents = []
        for e in s.ents:
            if e.label_ in KEEP and not any(e.text == x.text for x in ents):
                ents.append(e)
        if len(ents) >= 2 and 8 <= len(s) <= 70:
            cands.append((s, ents))
    if not cands: continue
    s, ents = random.choice(cands)
    i, j = sorted(random.sample(range(len(ents)), 2))
    a, b = ents[i], ents[j]
    o = s.start_char
    pairs.append({"text": s.text, "e1": [a.start_char - o, a.end_char - o], "e2": [b.start_char - o, b.end_char - o],
                  "e1_text": a.text, "e2_text": b.text})
random.shuffle(pairs)
print(len(pairs), file=sys.stderr)
json.dump(pairs, open("/tmp/s26/pairs/ngec.json", "w"), ensure_ascii=False)
