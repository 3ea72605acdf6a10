"""VADER sentiment of a quote (shown as sentiment, never used as stance by itself)."""

from __future__ import annotations

from functools import lru_cache

from .model import Sentiment

_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentiment(text: str) -> Sentiment:
    scores = _analyzer().polarity_scores(text.translate(_QUOTE_MARKS))
    return Sentiment(scores["compound"], scores["pos"], scores["neu"], scores["neg"])
