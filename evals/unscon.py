"""UNSCon (UN Security Council speeches, CC BY-SA) as target-stance examples, and its split
by speech (used by ``train/stance_finetune.py`` to train and ``evals/stance_learned.py`` to measure).

A sentence *negatively evaluates* a country when one of its EDUs in
``conflict_annotations.csv`` carries a negative evaluation (``A0``) whose target (``A4``) is
that country. Every mention of the country in the sentence is an example: negative when the
sentence negatively evaluates it, otherwise "not negative" (UNSCon has no positive class).
Mentions of Russia are found with the app's own target aliases (``nlp/targets.toml``); Ukraine
and the United States, used only as extra training examples, with the small patterns below.

Split: the 86 speeches (``basename`` + ``speech_id``; the corpus's 269 files are parts of them) in sorted order, shuffled with numpy
seed 13; the first quarter is held out for evaluation, the rest may be trained on.

    >>> detokenize("the crisis in Ukraine by force .  ")
    'the crisis in Ukraine by force.'
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HELD_OUT = 0.25
SEED = 13
OTHER_TARGETS = {
    "ukraine": re.compile(r"\b(Ukraine|Ukrainians?|Kyiv|Kiev)\b"),
    "united_states_of_america": re.compile(r"\b(United States|U\.S\.|USA|America|Americans?|Washington)\b"),
}


@dataclass(frozen=True)
class Sentence:
    speech: str          # basename/speech_id
    speaker: str         # the speaker's country
    text: str            # detokenized
    negative: frozenset  # countries (UNSCon names) the sentence negatively evaluates


def detokenize(text: str) -> str:
    """UNSCon's space-separated tokens back to ordinary spacing."""
    t = re.sub(r"\s+", " ", text).strip()
    t = re.sub(r" ([.,;:!?%)\]}])", r"\1", t)
    t = re.sub(r"([(\[{]) ", r"\1", t)
    t = re.sub(r" (n't|'s|'re|'ve|'ll|'d|’s)\b", r"\1", t)
    return t


def _span(text: str) -> tuple[int, int]:
    a, b = text.split("-")
    return int(a), int(b)


def load_sentences(folder: str | Path) -> list[Sentence]:
    """Every sentence of ``folder/conflict_annotations_sentences.csv`` with the countries its
    EDUs (``conflict_annotations.csv``) negatively evaluate."""
    folder = Path(folder)
    with open(folder / "conflict_annotations.csv", encoding="utf-8", newline="") as fh:
        edus: dict[str, list[tuple[int, int, str]]] = {}
        for r in csv.DictReader(fh):
            if r["A0"] != "_" and r["A4"] not in ("_", "-NONE-"):
                edus.setdefault(r["file_id"], []).append((*_span(r["EDU_char_offsets"]), r["A4"]))
    out = []
    with open(folder / "conflict_annotations_sentences.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            a, b = _span(r["sentence_char_offsets"])
            neg = {t for s, e, t in edus.get(r["file_id"], []) if s < b and e > a}
            if r["A0"] != "_" and r["A4"] not in ("_", "-NONE-"):
                neg.add(r["A4"])
            out.append(Sentence(f"{r['basename']}/{r['speech_id']}", r["country"], detokenize(r["sentence_text"]),
                                frozenset(neg)))
    return out


def held_out_speeches(sentences: list[Sentence]) -> set[str]:
    """The held-out quarter of the speeches (deterministic)."""
    speeches = sorted({s.speech for s in sentences})
    order = np.random.default_rng(SEED).permutation(len(speeches))
    return {speeches[i] for i in order[: round(HELD_OUT * len(speeches))]}


def split(sentences: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """(train, held-out) by speech."""
    held = held_out_speeches(sentences)
    return [s for s in sentences if s.speech not in held], [s for s in sentences if s.speech in held]


def russia_mentions(text: str) -> list[tuple[int, int]]:
    """Character spans of Russia's mentions, by the app's target aliases."""
    from nlp.targets import find_mentions_in_text

    return [(m.start, m.end) for m in find_mentions_in_text(text) if m.target == "Russia"]


def mentions(text: str) -> dict[str, list[tuple[int, int]]]:
    """Mentions per UNSCon country name (Russia, Ukraine, the United States)."""
    found = {"russian_federation": russia_mentions(text)}
    for name, pat in OTHER_TARGETS.items():
        found[name] = [m.span() for m in pat.finditer(text)]
    return {k: v for k, v in found.items() if v}


def examples(sentences: list[Sentence]) -> list[tuple[str, int, int, bool]]:
    """(text, start, end, negatively evaluated?) for every country mention of every sentence."""
    return [(s.text, a, b, name in s.negative)
            for s in sentences for name, spans in mentions(s.text).items() for a, b in spans]
