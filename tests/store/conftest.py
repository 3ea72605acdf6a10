"""Store fixtures: a real SQLite file in tmp_path holding the seed article and its analysis."""

from __future__ import annotations

import pytest

from nlp.model import Analysis
from store.articles import Store


def copy_analysis(analysis: Analysis) -> Analysis:
    return Analysis.from_dict(analysis.to_dict())


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "stance.db", annotator="alice")
    yield s
    s.close()


@pytest.fixture
def seeded(store, seed_text, seed_analysis):
    """(store, article_id) with the seed article analysed."""
    article_id = store.add_article(seed_text, "seed.txt")
    store.save_analysis(article_id, copy_analysis(seed_analysis))
    return store, article_id


def quote_with_speaker(analysis: Analysis, speaker_id: str | None = None):
    return next(q for q in analysis.quotes if (q.speaker == speaker_id if speaker_id else q.speaker))


def quote_with_stance(analysis: Analysis):
    return next(q for q in analysis.quotes if q.stance and q.speaker)
