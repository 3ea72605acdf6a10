"""Review progress: one definition (store.progress), the same in the library and the reader."""

from __future__ import annotations

import sqlite3

import pytest

from nlp.model import QUOTE_KINDS, Analysis, Pipeline, Quote, QuoteStance, Speaker, is_statement
from store import database
from store.articles import Store
from store.corrections import insert_event
from store.errors import StoreError
from store.library import Library
from store.progress import progress_of

TEXT = "Story\n\n“One,” Kim said. “Two,” Kim said. A “so-called” plan. “Three,” Lee said.\n"


def analysis() -> Analysis:
    quotes = []
    for i, (part, speaker, kind) in enumerate([("“One,”", "s1", "direct"), ("“Two,”", "s1", "direct"),
                                               ("“so-called”", None, "scare"), ("“Three,”", "s2", "direct")]):
        start = TEXT.index(part)
        quotes.append(Quote(f"q{i + 1}", start, start + len(part), part, kind, speaker=speaker, confidence=0.9,
                            stance={"Russia": QuoteStance(-0.5, "negative", [])} if speaker else {}))
    return Analysis("story.txt", TEXT, Pipeline("m", "1"),
                    speakers=[Speaker("s1", "Kim", "person", []), Speaker("s2", "Lee", "person", [])], quotes=quotes)


@pytest.fixture
def one(tmp_path):
    store = Store(tmp_path / "p.db", annotator="alice")
    article_id = store.add_article(TEXT, "story.txt")
    store.save_analysis(article_id, analysis())
    yield store, article_id
    store.close()


def listed(store: Store, article_id: int) -> str:
    return next(e for e in Library(store).entries() if e.id == article_id).progress


def test_progress_counts_marked_quotes_over_effective_non_scare_quotes_with_undo_and_redo(one):
    store, aid = one
    assert store.review_progress([aid]) == {aid: (0, 3)}  # the scare quote is not counted
    store.mark_reviewed(aid, "q1")
    store.set_stance(aid, "q2", "Russia", "positive")  # a correction is not a review
    assert store.review_progress([aid]) == {aid: (1, 3)} == {aid: progress_of(store.effective(aid))}
    assert listed(store, aid) == "1/3"  # the library said 2/…: every quote with any event
    store.undo(aid)  # the stance
    store.undo(aid)  # the review
    assert store.review_progress([aid])[aid] == (0, 3)
    assert listed(store, aid) == "0/3"  # the library ignored undo
    store.redo(aid)
    assert store.review_progress([aid])[aid] == (1, 3)
    store.reject_quote(aid, "q4")
    assert store.review_progress([aid])[aid] == (1, 2) == store.progress(aid)
    assert listed(store, aid) == "1/2"
    row = store.conn.execute("select reviewed, total from review_progress where article_id = ?", [aid]).fetchone()
    assert row == (1, 2)  # saved with the correction, in the same transaction


def test_progress_written_elsewhere_is_recomputed_and_saved(one, tmp_path):
    store, aid = one
    with store.conn:  # another program appends a review (no review_progress row update)
        store.conn.execute("BEGIN IMMEDIATE")
        insert_event(store.conn, aid, "bob", "mark_reviewed", "quote", "q4", "reviewed", False, True,
                     {"start": TEXT.index("“Three"), "end": TEXT.index("“Three") + 8, "text": "“Three,”"})
    other = Store(tmp_path / "p.db")
    assert other.review_progress([aid, 999]) == {aid: (1, 3)}  # 999: no such article, left out
    assert other.conn.execute("select reviewed from review_progress where article_id = ?", [aid]).fetchone() == (1,)
    other.close()


def test_an_unanalysed_article_has_no_progress(one):
    store, aid = one
    new = store.add_article("Another one\n", "b.txt")
    assert store.review_progress([aid, new]) == {aid: (0, 3)}
    assert next(e for e in Library(store).entries() if e.id == new).progress == "not analysed"


def test_a_version_2_database_is_migrated_and_backfilled(tmp_path):
    path = tmp_path / "v2.db"
    store = Store(path)
    aid = store.add_article(TEXT, "story.txt")
    store.save_analysis(aid, analysis())
    store.mark_reviewed(aid, "q2")
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE review_progress")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    again = Store(path)
    assert again.database.version() == database.SCHEMA_VERSION
    assert again.review_progress([aid]) == {aid: (1, 3)}
    again.close()


def test_a_read_only_database_refuses_the_library_naming_the_file(tmp_path, monkeypatch):
    path = tmp_path / "ro.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for v in range(1, 4):  # schema 3: no library tables yet (the library's migration is 4)
        database.MIGRATIONS[v](conn)
        conn.execute(f"PRAGMA user_version = {v}")
    conn.close()
    monkeypatch.setattr(database, "writable", lambda p: False)
    with pytest.raises(StoreError) as info:
        Library(Store(path))
    message = str(info.value)
    assert str(path) in message and "read-only" in message and "object at 0x" not in message


@pytest.mark.parametrize("kind", [*QUOTE_KINDS, None, "", "Scare", 5])
def test_the_sql_count_and_the_python_count_agree_on_every_kind(kind):
    """``COUNTED_SQL`` (the library's count over stored analyses) is ``counted`` in SQL."""
    import json

    from store.progress import COUNTED_SQL, counted

    quote = {"id": "q1"} if kind is None else {"id": "q1", "kind": kind}
    conn = sqlite3.connect(":memory:")
    (n,) = conn.execute(f"SELECT count(*) FROM json_each(?, '$.quotes') q WHERE {COUNTED_SQL}",
                        (json.dumps({"quotes": [quote]}),)).fetchone()
    assert n == int(counted(Quote("q1", 0, 1, "x", kind))) == int(is_statement(kind))
    assert n == (kind != "scare")  # a scare quote is the one kind that is nobody's statement
