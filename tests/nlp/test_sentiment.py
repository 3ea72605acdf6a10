"""VADER sentiment of quotes, with curly quotation marks normalised."""

from __future__ import annotations

from nlp.sentiment import sentiment


def test_curly_quotes_do_not_hide_words():
    # vaderSentiment strips only ASCII punctuation: threat” would miss the lexicon
    s = sentiment("Russia and North Korea are “now an existential threat”")
    assert s.compound < -0.3
    assert s.compound == sentiment('Russia and North Korea are "now an existential threat"').compound


def test_scores_are_in_range_and_sum():
    s = sentiment("an “outstanding” meeting to deepen our friendship")
    assert s.compound > 0.3
    assert abs(s.pos + s.neu + s.neg - 1.0) < 0.01
    assert -1 <= s.compound <= 1


def test_neutral_and_empty():
    assert sentiment("").compound == 0.0
    assert sentiment("The meeting was held on Wednesday.").compound == 0.0
