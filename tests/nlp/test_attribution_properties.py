"""Property tests: for any text the engine returns, with spans that index the text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.attribution import attribute
from nlp.paragraphs import segment
from nlp.pipeline import load_pipeline

_PIECES = st.sampled_from([
    "“", "”", '"', "‘", "’", "'", "«", "»", "''", " ", " ", "\n", "\n\n", ",", ".", ":", "—",
    "said", "says", "told", "according to", "he", "she", "they", "Kim", "Austin", "Lloyd J. Austin III",
    "officials", "the Pentagon", "DOD", "Photo by X/EPA-EFE", "1 of 2 |", "Comments are closed.",
    "we", "will", "win", "the", "talks", "failed", "It’s", "a", "that",
])
TEXT = st.one_of(
    st.lists(_PIECES, max_size=60).map(" ".join),
    st.lists(_PIECES, max_size=60).map("".join),
    st.text(max_size=200),
)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_any_text(nlp, text):
    paragraphs = segment(text)
    for p in paragraphs:
        assert 0 <= p.start < p.end <= len(text)
    quotes, speakers = attribute(nlp(text), paragraphs)
    ids = {s.id for s in speakers}
    prev_end = 0
    for q in quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start:q.end] == q.text
        assert q.start >= prev_end, "quotes overlap or are unsorted"
        prev_end = q.end
        assert 0.0 <= q.confidence <= 1.0
        assert q.speaker is None or q.speaker in ids
        assert q.via is None or (q.via in ids and q.via != q.speaker)
        for span in (q.cue, q.speaker_mention):
            if span is not None:
                assert 0 <= span.start <= span.end <= len(text)
                assert text[span.start:span.end] == span.text
    # every speaker says something, or is the channel that relays someone's words (``via``)
    assert {q.speaker for q in quotes if q.speaker} | {q.via for q in quotes if q.via} == ids
