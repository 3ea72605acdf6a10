"""The library index: FTS over text, titles, quotes and speakers; hostile queries; dates."""

from __future__ import annotations

import pytest

from nlp.model import Analysis, Pipeline, Quote, Speaker
from store.articles import Store
from store.library import Library, fts_query, sortable_date


@pytest.fixture
def library(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    lib = Library(store)
    text = "Talks stall\n\n“We will not back down,” Kaja Kallas said about the grain corridor.\n"
    a = store.add_article(text, "a.txt")
    q = "“We will not back down,”"
    store.save_analysis(a, Analysis("a.txt", text, Pipeline("m", "1"), speakers=[Speaker("s1", "Kaja Kallas", "person", [])],
                                    quotes=[Quote("q1", text.index(q), text.index(q) + len(q), q, speaker="s1", confidence=0.9)]))
    store.add_article("Another story\n\nNothing about corridors here, only [brackets] and \"quotes\".\n", "b.txt")
    lib.sync()
    yield lib
    store.close()


@pytest.mark.parametrize("query", ['"', "AND", "NEAR(", "*", "a OR", "-x", "(((", "{quotes}:", "kallas\"*", "'; drop table articles; --"])
def test_hostile_queries_never_raise(library, query):
    library.search(query)  # FTS syntax in user input is treated as words


def test_search_text_quotes_speakers_and_prefix(library):
    assert [e.title for e in library.search("grain")] == ["Talks stall"]
    assert [e.title for e in library.search("back dow")] == ["Talks stall"]  # last word is a prefix
    assert [e.title for e in library.search("Kallas")] == ["Talks stall"]
    assert [e.title for e in library.search("brackets")] == ["Another story"]
    assert library.search_quotes("back down") == [(1, "“We will not back down,”")]
    assert len(library.search("")) == 2  # an empty search is the whole listing
    assert fts_query("  ") is None


def test_reanalysis_is_reindexed(library):
    store = library.store
    doc = store.analysis(1)
    doc.quotes = []
    store.save_analysis(1, doc)
    store.db.conn.execute("update analyses set created = 'later' where article_id = 1")
    assert library.stale() == [1]
    library.sync()
    assert library.search_quotes("back down") == []


def test_sortable_dates():
    assert sortable_date("2024-10-30T08:00:00Z") == "2024-10-30"
    assert sortable_date("Oct. 30, 2024") == "2024-10-30"
    assert sortable_date("30 October 2024") == "2024-10-30"
    assert sortable_date("last Tuesday") == ""
