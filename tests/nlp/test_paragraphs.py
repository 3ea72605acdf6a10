"""Paragraph spans and kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.paragraphs import classify, segment

SEED = Path(__file__).resolve().parents[2] / "seeds" / "upi-2024-10-30-us-rok-security-meeting.txt"


def kinds(text):
    return [(p.kind, text[p.start:p.end]) for p in segment(text)]


def test_seed_structure():
    text = SEED.read_text(encoding="utf-8")
    paras = segment(text)
    got = [(p.kind, text[p.start:p.end]) for p in paras]
    assert got[0][0] == "caption" and got[1][0] == "caption"
    assert got[1][1].startswith("1 of 2 |")
    assert ("byline", "Oct. 30 (UPI) —") in got
    assert ("heading", "Kim’s first U.S. diplomatic mission") in got
    assert ("heading", "Trash balloons condemned") in got
    assert got[-1] == ("boilerplate", "Comments are closed.")
    assert sum(1 for k, _ in got if k == "body") >= 28
    for p in paras:
        assert text[p.start:p.end] == text[p.start:p.end].strip()


@pytest.mark.parametrize("text, kind", [
    ("Soldiers march in Seoul. Photo by Jane Doe/EPA-EFE", "caption"),
    ("2 of 5 | Soldiers march in Seoul.", "caption"),
    ("Soldiers march in Seoul. (AP Photo/Jane Doe)", "caption"),
    ("By Jane Doe and John Roe", "byline"),
    ("Comments are closed.", "boilerplate"),
    ("Read the rest here.", "boilerplate"),
    ("Trash balloons condemned", "heading"),
    ("The minister said the talks went well.", "body"),
    ("“We will win,” she said.", "body"),
])
def test_classify(text, kind):
    assert classify(text) == kind


def test_glued_boilerplate_is_split_off():
    text = "The talks went well, she said.Comments are closed."
    assert kinds(text) == [("body", "The talks went well, she said."), ("boilerplate", "Comments are closed.")]


def test_one_paragraph_per_line_layout():
    text = "A title\n\nFirst paragraph, a full sentence.\nSecond paragraph, short\nThird one."
    assert [t for _, t in kinds(text)] == ["A title", "First paragraph, a full sentence.",
                                          "Second paragraph, short", "Third one."]


def test_hard_wrapped_paragraph_stays_whole():
    text = ("The minister said on Monday that the old bridge over the\nriver would reopen in May after a long "
            "series of\nrepairs that took most of the winter.")
    assert kinds(text) == [("body", text)]


def test_empty():
    assert segment("") == [] and segment("\n\n  \n") == []
