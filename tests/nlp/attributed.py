"""What the attribution tests read: a text's quotes and speakers, and a quote found by its words."""

from __future__ import annotations

from nlp.attribution import attribute
from nlp.paragraphs import segment


def run(nlp, text):
    """(quotes, speakers by id) of ``text``."""
    quotes, speakers = attribute(nlp(text), segment(text))
    return quotes, {s.id: s for s in speakers}


def find(quotes, words):
    """The first quote whose text holds ``words`` (failing with every quote's text otherwise)."""
    hits = [q for q in quotes if words in q.text]
    assert hits, [q.text for q in quotes]
    return hits[0]
