"""A database holding the seed article and a copy of its (session-cached) analysis, as many
tests start from."""

from __future__ import annotations

from nlp.model import Analysis
from store.articles import Store


def seed_store(path, seed_text, seed_analysis, annotator: str = "tester", source: str = "seed.txt") -> tuple[Store, int]:
    """``(store, article id)``: a Store on ``path`` as ``annotator`` with the seed article and
    its analysis (a copy: corrections never touch the session's analysis)."""
    store = Store(path, annotator=annotator)
    article_id = store.add_article(seed_text, source)
    store.save_analysis(article_id, Analysis.from_dict(seed_analysis.to_dict()))
    return store, article_id
