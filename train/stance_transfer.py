"""Unlabelled named mentions in news-like sentences, for ``train/stance_finetune.py --transfer``:
the model being trained learns the teachers' probabilities there (distillation), no labels.

The sentences come from NGEC's synthetic news stories (``ngec_synthetic/``, ahalterman/NGEC-2025,
MIT: invented by a language model, so no published news text is copied); the mentions are what
spaCy's small English model tags as a person, an organisation, a state or a nationality. The
sentences are split by the same model; a mention becomes one line ``{"sentence", "from", "to"}``
(character offsets of the mention in the sentence). Shuffled with a fixed seed, the first N kept.

    python -m train.stance_transfer ../shared/data/ngec_synthetic/gpt_synthetic_events_2023-10-19_19.csv.zip \\
        --n 8000 --out /tmp/transfer.jsonl

A line: ``{"sentence": "Kim met Putin in Moscow on Tuesday, officials said.", "from": 0, "to": 3}``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
import zipfile
from collections.abc import Iterable, Iterator

LABELS = ("PERSON", "ORG", "GPE", "NORP")
MIN_TOKENS, MAX_TOKENS = 8, 70


def stories(path: str) -> list[str]:
    """The ``text`` column of NGEC's CSV, read from the zip it ships in (or a plain .csv)."""
    csv.field_size_limit(10**9)
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            name = next(n for n in z.namelist() if n.endswith(".csv"))
            raw = z.read(name).decode("utf-8")
    else:
        with open(path, encoding="utf-8") as fh:
            raw = fh.read()
    return [row["text"] for row in csv.DictReader(io.StringIO(raw))]


def mentions_of(texts: Iterable[str], nlp) -> Iterator[dict]:
    """One ``{"sentence", "from", "to"}`` per named mention of a sentence of 8–70 tokens."""
    for doc in nlp.pipe(texts, batch_size=64):
        for sent in doc.sents:
            if not MIN_TOKENS <= len(sent) <= MAX_TOKENS:
                continue
            for ent in sent.ents:
                if ent.label_ in LABELS:
                    yield {"sentence": sent.text, "from": ent.start_char - sent.start_char,
                           "to": ent.end_char - sent.start_char}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("stories", help="NGEC's gpt_synthetic_events_*.csv.zip (or the .csv)")
    ap.add_argument("--n", type=int, default=8000, help="mentions kept (after a seeded shuffle)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)

    import spacy

    from nlp.pipeline import DEFAULT_MODEL

    nlp = spacy.load(DEFAULT_MODEL, disable=["lemmatizer"])
    out = list(mentions_of(stories(args.stories), nlp))
    random.Random(args.seed).shuffle(out)
    with open(args.out, "w", encoding="utf-8") as fh:
        for row in out[: args.n]:
            fh.write(json.dumps(row) + "\n")
    print(f"{len(out)} mentions, {min(args.n, len(out))} written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
