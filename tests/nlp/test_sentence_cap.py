"""The sentence-length cap added before the parser (nlp/sentence_cap.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from nlp.pipeline import DEFAULT_MODEL, load_pipeline
from nlp.sentence_cap import MAX_RUN, NAME

SEED = next((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_installed_before_the_parser(nlp):
    names = nlp.pipe_names
    assert names.index(NAME) < names.index("parser")


def test_a_line_without_full_stops_is_cut_into_bounded_sentences(nlp):
    words = "the minister said Russia would continue talks in Seoul and".split()
    text = " ".join(words[i % len(words)] for i in range(2_000))
    doc = nlp(text)
    lengths = [len(s) for s in doc.sents]
    assert len(lengths) > 10
    assert max(lengths) <= MAX_RUN + 1
    assert doc.text == text


def test_ordinary_prose_is_parsed_exactly_as_without_it(nlp):
    plain = spacy.load(DEFAULT_MODEL)
    assert NAME not in plain.pipe_names
    # one paragraph: the seed's paragraphs run together (a blank line is a boundary, below)
    text = " ".join(p.strip() for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip())
    ours, theirs = nlp(text), plain(text)
    assert [(s.start, s.end) for s in ours.sents] == [(s.start, s.end) for s in theirs.sents]
    assert [(t.dep_, t.head.i) for t in ours] == [(t.dep_, t.head.i) for t in theirs]


def test_no_sentence_runs_over_a_blank_line(nlp):
    # a headline and a dateline without full stops are not parsed into the lede below them
    text = ("North Korean troops thrown into fighting in Kursk\n\nBy Ann Lee\n\n"
            "North Korean soldiers have begun fighting, the spy agency told lawmakers on Monday.")
    doc = nlp(text)
    starts = {s.start_char for s in doc.sents}
    assert text.index("By Ann Lee") in starts and text.index("North Korean soldiers") in starts
    for s in doc.sents:
        assert "\n\n" not in s.text.strip(), s.text
    plain = spacy.load(DEFAULT_MODEL)
    assert any("\n\n" in s.text.strip() for s in plain(text).sents)  # what spaCy alone does
