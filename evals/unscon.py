"""UNSCon (UN Security Council speeches, CC BY-SA) as target-stance examples, and its split
by speech (used by ``train/stance_finetune.py`` to train and ``evals/stance_learned.py`` to measure
the learned model alone), and ``eval unscon``: the stance the app shows, on the held-out speeches.

    stance-reader eval unscon ../shared/data/unscon [--stance fast|accurate|tuned]

A sentence *negatively evaluates* a country when one of its EDUs in
``conflict_annotations.csv`` carries a negative evaluation (``A0``) whose target (``A4``) is
that country. Every mention of the country in the sentence is an example: negative when the
sentence negatively evaluates it, otherwise "not negative" (UNSCon has no positive class).
Mentions of Russia are found with the app's own target aliases (``nlp/targets.toml``); Ukraine
and the United States, used only as extra training examples, with the small patterns below.

The speaker of each speech (whose side a Russian speaker speaks for) is read from its file's
name (``speaker_country``), not from the corpus's ``country`` column, which names another
member of the Council in most rows.

Split: the 86 speeches (``basename`` + ``speech_id``; the corpus's 269 files are parts of them) in sorted order, shuffled with numpy
seed 13; the first quarter is held out for evaluation, the rest may be trained on.

    >>> detokenize("the crisis in Ukraine by force .  ")
    'the crisis in Ukraine by force.'
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import EvalError

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


def speaker_country(file_id: str, known=()) -> str:
    """The speaking country, from the name of the speech's file: the corpus's ``country`` column
    does not say it (in 2,197 of its 2,377 sentence rows it names another member of the Council:
    the United Kingdom's speech "The United Kingdom condemns …" is filed under Russia there).
    File names carry numbering and tags after the country ("_neg_03", "2", "A", "%2000"), so the
    longest ``known`` country the name starts with wins, else the words before the numbering.

    >>> speaker_country("UNSC_2014_SPV.7219_spch015_Russian_Federation_neg_03.txt", ["Russian_Federation"])
    'Russian_Federation'
    >>> speaker_country("UNSC_2016_SPV.7643_spch003_United_States_Of_AmericaA2_01.txt", ["United_States_Of_America"])
    'United_States_Of_America'
    >>> speaker_country("UNSC_2016_SPV.7658_spch029_Brazil_04_GD.txt")
    'Brazil'
    """
    tail = re.sub(r"^.*?_spch\d+_", "", file_id)
    for name in sorted(known, key=len, reverse=True):
        if tail.lower().startswith(name.lower()):
            return name
    m = re.match(r"(.+?)(?:_?\d|_neg|_pos|%|\.txt)", tail)
    return m.group(1) if m else tail


def load_sentences(folder: str | Path) -> list[Sentence]:
    """Every sentence of ``folder/conflict_annotations_sentences.csv`` with the countries its
    EDUs (``conflict_annotations.csv``) negatively evaluate, and its speaker's country
    (``speaker_country``)."""
    folder = Path(folder)
    with open(folder / "conflict_annotations.csv", encoding="utf-8", newline="") as fh:
        edus: dict[str, list[tuple[int, int, str]]] = {}
        for r in csv.DictReader(fh):
            if r["A0"] != "_" and r["A4"] not in ("_", "-NONE-"):
                edus.setdefault(r["file_id"], []).append((*_span(r["EDU_char_offsets"]), r["A4"]))
    out = []
    with open(folder / "conflict_annotations_sentences.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
        known = {r["country"] for r in rows}
        for r in rows:
            a, b = _span(r["sentence_char_offsets"])
            neg = {t for s, e, t in edus.get(r["file_id"], []) if s < b and e > a}
            if r["A0"] != "_" and r["A4"] not in ("_", "-NONE-"):
                neg.add(r["A4"])
            out.append(Sentence(f"{r['basename']}/{r['speech_id']}", speaker_country(r["file_id"], known), detokenize(r["sentence_text"]),
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


class UnsconError(EvalError):
    """A UNSCon folder that cannot be read (one line)."""


def shown_negative(held: list[Sentence], analyzer) -> list[bool]:
    """Whether the stance the app shows calls each held-out sentence negative toward Russia.

    Every speech is read as the app reads an article: one text whose sentences are all the
    speaker's statements (one quote each, said by the speaker's country, so a Russian speaker
    speaks for Russia's side), scored by ``nlp.stance.score_quotes`` with the app's targets,
    context and learned model — a sentence that names no Russia mention can take Russia from the
    sentences before it, marked as context, as in the reader."""
    from nlp.model import Quote, Speaker
    from nlp.parse import parse
    from nlp.stance import score_quotes
    from nlp.targets import find_mentions

    speeches: dict[str, list[int]] = {}
    for k, s in enumerate(held):
        speeches.setdefault(s.speech, []).append(k)
    targets = analyzer.targets
    pred = [False] * len(held)
    for idx in speeches.values():
        text, spans = "", []
        for k in idx:
            spans.append((len(text), len(text) + len(held[k].text)))
            text += held[k].text + " "
        doc = parse(text, analyzer.nlp)
        speaker = Speaker("s1", held[idx[0]].speaker.replace("_", " "))
        quotes = [Quote(f"q{j}", a, b, text[a:b], kind="direct", speaker="s1", confidence=1.0)
                  for j, (a, b) in enumerate(spans)]
        score_quotes(doc, quotes, find_mentions(doc, targets), targets, analyzer.accurate, [speaker])
        for k, q in zip(idx, quotes):
            st = q.stance.get("Russia")
            pred[k] = st is not None and st.label == "negative"
    return pred


def prf(gold: list[bool], pred: list[bool]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the yes class.

    >>> prf([True, True, False], [True, False, True])
    (0.5, 0.5, 0.5)
    """
    tp = sum(g and p for g, p in zip(gold, pred))
    p = tp / max(1, sum(pred))
    r = tp / max(1, sum(gold))
    return p, r, (0.0 if tp == 0 else 2 * p * r / (p + r))


def run(args, analyzer) -> int:
    """``eval unscon DIR``: F1 of "this sentence negatively evaluates Russia" on the held-out
    speeches, with the shown stance of ``analyzer``'s mode."""
    try:
        sentences = load_sentences(args.dir)
    except OSError as exc:
        name = Path(exc.filename).name if exc.filename else args.dir
        raise UnsconError(f"{args.dir}: cannot read {name} ({exc.strerror or exc}): not a UNSCon folder?") from None
    except (KeyError, ValueError, csv.Error) as exc:
        raise UnsconError(f"{args.dir}: not a UNSCon folder (its CSV files lack {exc})") from None
    _, held = split(sentences)
    t0 = time.perf_counter()
    pred = shown_negative(held, analyzer)
    elapsed = time.perf_counter() - t0
    gold = ["russian_federation" in s.negative for s in held]
    named = [k for k, s in enumerate(held) if russia_mentions(s.text)]
    print(f"{args.dir}: {len({s.speech for s in held})} held-out speeches of {len({s.speech for s in sentences})}, "
          f"{len(held)} sentences, stance={analyzer.stance} ({elapsed:.1f}s incl. parsing)")
    for name, idx in (("sentences naming Russia", named), ("all held-out sentences", range(len(held)))):
        g, p = [gold[i] for i in idx], [pred[i] for i in idx]
        pr, rc, f1 = prf(g, p)
        tp = sum(a and b for a, b in zip(g, p))
        print(f"  {name}: {len(g)}, {sum(g)} negative toward Russia; said negative {sum(p)} "
              f"({tp} right): P {pr:.3f} R {rc:.3f} F1 {f1:.3f}")
    return 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``unscon DIR`` under an ``eval`` subparsers object."""
    p = subparsers.add_parser("unscon", help="the shown stance toward Russia on UNSCon's held-out speeches (F1)",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", metavar="DIR", help="the UNSCon folder (conflict_annotations*.csv)")
    p.add_argument("--model", help="spaCy pipeline to parse with (default: the app's)")
    p.set_defaults(func=run)
    return p


def main(argv=None) -> int:
    """``python -m evals.unscon …``: the same, without the app's settings."""
    from evals import standalone

    return standalone(add_parser, argv, (UnsconError,))


if __name__ == "__main__":
    sys.exit(main())
