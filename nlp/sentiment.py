"""VADER sentiment of a quote (shown as sentiment, never used as stance by itself).

vaderSentiment 3.3.2 strips only ASCII punctuation from tokens, so a word glued to a curly
quotation mark (``threat”``) would miss its lexicon entry: every typographic quotation mark
and apostrophe is mapped to its ASCII form before scoring.
"""

from __future__ import annotations

from functools import lru_cache

from .model import Sentiment

QUOTE_MARKS = str.maketrans(
    {
        "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"', "〝": '"', "〞": '"',
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "‹": "'", "›": "'", "′": "'", "`": "'",
    }
)


def normalize_quotes(text: str) -> str:
    """``text`` with typographic quotation marks and apostrophes as ASCII ones (same length).

    >>> print(normalize_quotes("“threat” isn’t"))
    "threat" isn't
    """
    return text.translate(QUOTE_MARKS)


@lru_cache(maxsize=1)
def analyzer():
    """The shared VADER analyser (loads its lexicon once)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentiment(text: str) -> Sentiment:
    """VADER's scores of ``text`` (typographic quotation marks read as ASCII ones).

    >>> s = sentiment("“This is a grave threat,” he said.")
    >>> s.compound < 0 < s.neg
    True
    """
    scores = analyzer().polarity_scores(normalize_quotes(text))
    return Sentiment(scores["compound"], scores["pos"], scores["neu"], scores["neg"])
