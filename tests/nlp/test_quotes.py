"""Quotation-mark span finding (no spaCy needed)."""

from __future__ import annotations

import pytest

from nlp.model import Paragraph
from nlp.quotes import find_quotes, scan_paragraph


def spans(text):
    return [text[q.start:q.end] for q in scan_paragraph(text, 0, len(text))]


@pytest.mark.parametrize("text, expected", [
    ('He said "we won" today.', ["we won"]),
    ("He said “we won” today.", ["we won"]),
    ("Il a dit « nous avons gagné » hier.", ["nous avons gagné"]),
    ("He said ‘we won’ today.", ["we won"]),
    ("He said ''we won'' today.", ["we won"]),
    ("“One.” “Two.”", ["One.", "Two."]),
    ("“Mixed styles\" end", ["Mixed styles"]),
])
def test_quote_styles(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize("text", [
    "It’s the union’s fault, and the states’ rights.",
    "Rock ’n’ roll in the ‘90s.",
    "Don’t, won’t, can’t.",
])
def test_apostrophes_are_not_quotes(text):
    assert spans(text) == []


def test_nested_quotes_stay_in_the_outer_one():
    assert spans("She said “he told me ‘no’ twice” and left.") == ["he told me ‘no’ twice"]


def test_unbalanced_opening_closes_at_paragraph_end():
    text = "He said “this never closes"
    (q,) = scan_paragraph(text, 0, len(text))
    assert text[q.start:q.end] == "this never closes" and not q.closed


def test_stray_closer_is_ignored():
    assert spans("A ” stray closer and “a real one”.") == ["a real one"]


def test_second_opener_recovers_the_first():
    assert spans("“first never closed “second is fine”") == ["first never closed", "second is fine"]


def test_multi_paragraph_continuation():
    text = "She said: “First part.\n\n“Second part.”\n\nAfter."
    paras = [Paragraph(0, 22), Paragraph(24, 38), Paragraph(40, 46)]
    qs = find_quotes(text, paras)
    assert [text[q.start:q.end] for q in qs] == ["First part.", "Second part."]
    assert qs[0].continued and not qs[0].closed
    assert qs[1].continues and qs[1].closed


def test_closing_shaped_mark_opens_at_paragraph_start():
    from nlp.quotes import scan_paragraph
    text = "”Fear. We are afraid,” she wrote. He said: done”"
    spans = scan_paragraph(text, 0, len(text))
    assert text[spans[0].start:spans[0].end] == "Fear. We are afraid,"
    assert len(spans) == 1
