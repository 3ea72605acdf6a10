"""The file: pragmas, schema version and forward migrations, and files we must refuse untouched."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from nlp.model import Analysis
from store.articles import Store
from store.database import MIGRATIONS, SCHEMA_VERSION
from store.errors import StoreError

from .conftest import copy_analysis


def _v1_database(path: Path, text: str, analysis: Analysis) -> None:
    """A database exactly as the walking skeleton (schema 1) wrote it, built by hand."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE [articles] ([id] INTEGER PRIMARY KEY, [hash] TEXT NOT NULL, [source] TEXT,"
                 " [title] TEXT, [text] TEXT NOT NULL, [added] TEXT)")
    conn.execute("CREATE UNIQUE INDEX [idx_articles_hash] ON [articles] ([hash])")
    conn.execute("CREATE TABLE [analyses] ([article_id] INTEGER PRIMARY KEY REFERENCES [articles]([id]),"
                 " [model] TEXT, [version] TEXT, [created] TEXT, [document] TEXT)")
    import hashlib

    conn.execute("INSERT INTO articles VALUES (1, ?, 'seed.txt', 'Seed', ?, '2025-01-01T00:00:00+00:00')",
                 (hashlib.sha256(text.encode()).hexdigest(), text))
    conn.execute("INSERT INTO analyses VALUES (1, ?, ?, '2025-01-01T00:00:00+00:00', ?)",
                 (analysis.pipeline.model, analysis.pipeline.version, json.dumps(analysis.to_dict())))
    conn.execute("PRAGMA user_version = 1")
    conn.close()


def _database_at(path: Path, version: int) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for v in range(1, version + 1):
        MIGRATIONS[v](conn)
        conn.execute(f"PRAGMA user_version = {v}")
    conn.close()


def test_a_new_database_has_wal_foreign_keys_busy_timeout_and_the_version(tmp_path):
    store = Store(tmp_path / "new.db")
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    with pytest.raises(sqlite3.IntegrityError):  # foreign keys are enforced
        conn.execute("INSERT INTO analyses (article_id, document) VALUES (999, '{}')")
    store.close()


def test_the_v1_fixture_migrates_forward_keeping_its_data(tmp_path, seed_text, seed_analysis):
    path = tmp_path / "v1.db"
    _v1_database(path, seed_text, copy_analysis(seed_analysis))
    store = Store(path, annotator="alice")
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.article_id_for(seed_text) == 1 and store.article(1)["title"] == "Seed"
    assert store.analysis(1).to_dict() == seed_analysis.to_dict()
    quote = store.effective(1).analysis.quotes[0]
    store.set_kind(1, quote.id, "indirect")
    store.save_analysis(1, copy_analysis(seed_analysis))  # re-analysis bumps the revision
    assert store.analysis_info(1)["rev"] == 2
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()


@pytest.mark.parametrize("version", range(0, SCHEMA_VERSION))
def test_migrates_from_every_earlier_version(tmp_path, version, seed_text, seed_analysis):
    path = tmp_path / f"v{version}.db"
    _database_at(path, version)
    store = Store(path, annotator="alice")
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    aid = store.add_article(seed_text, "seed.txt")
    store.save_analysis(aid, copy_analysis(seed_analysis))
    store.mark_reviewed(aid, store.effective(aid).analysis.quotes[0].id)
    assert len(store.history(aid)) == 1
    store.close()
    again = Store(path)  # reopening a current database changes nothing
    assert again.effective(aid).reviewed
    again.close()


def _corrupt(path: Path) -> None:
    store = Store(path)
    for i in range(40):
        store.add_article(f"article {i} " + "x" * 3000, f"s{i}")
    store.close()
    data = bytearray(path.read_bytes())
    data[4096 * 2: 4096 * 4] = os.urandom(4096 * 2)  # garbage over b-tree pages
    path.write_bytes(bytes(data))


def _not_sqlite(path: Path) -> None:
    path.write_text("hello, I am a shopping list\n" * 50)


def _newer(path: Path) -> None:
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


def _truncated(path: Path) -> None:
    _corrupt(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


@pytest.mark.parametrize(
    "make, message",
    [(_not_sqlite, "not an SQLite file"), (_corrupt, "corrupt"), (_truncated, "corrupt"), (_newer, "newer stance-reader")],
    ids=["not-sqlite", "corrupt", "truncated", "newer-schema"],
)
def test_bad_files_give_one_line_error_and_are_never_written(tmp_path, make, message):
    path = tmp_path / "bad.db"
    make(path)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    before = path.read_bytes()
    with pytest.raises(StoreError) as info:
        Store(path)
    text = str(info.value)
    assert message in text and "\n" not in text and str(path) in text
    assert path.read_bytes() == before


def test_a_read_only_file_is_never_written(tmp_path, seed_text, seed_analysis):
    path = tmp_path / "ro.db"
    store = Store(path, annotator="alice")
    aid = store.add_article(seed_text, "seed.txt")
    store.save_analysis(aid, copy_analysis(seed_analysis))
    store.close()
    before = path.read_bytes()
    path.chmod(0o444)
    try:
        if os.access(path, os.W_OK):
            pytest.skip("running as root: file modes do not stop writes (see test_read_only_store_refuses_writes)")
        ro = Store(path)
        assert ro.read_only
        assert ro.effective(aid).analysis.quotes  # reading works
        with pytest.raises(StoreError, match="read-only") as info:
            ro.set_kind(aid, ro.effective(aid).analysis.quotes[0].id, "indirect")
        assert "\n" not in str(info.value)
        ro.close()
        assert path.read_bytes() == before
    finally:
        path.chmod(0o644)


def test_a_read_only_old_database_is_not_migrated(tmp_path, seed_text, seed_analysis, monkeypatch):
    path = tmp_path / "v1.db"
    _v1_database(path, seed_text, copy_analysis(seed_analysis))
    before = path.read_bytes()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    with pytest.raises(StoreError, match="read-only"):
        Store(path)
    assert path.read_bytes() == before


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(StoreError, match="directory"):
        Store(tmp_path)


def test_corruption_in_a_large_file_is_reported_when_read_and_never_written(tmp_path, monkeypatch):
    """Above FULL_CHECK_BYTES the page scan is skipped at open: a damaged page is still a StoreError."""
    path = tmp_path / "big.db"
    _corrupt(path)
    before = path.read_bytes()
    monkeypatch.setattr("store.database.FULL_CHECK_BYTES", 0)
    try:
        store = Store(path)
    except StoreError as exc:  # the damage may already show in the schema pages
        assert "\n" not in str(exc)
    else:
        with pytest.raises(StoreError) as info:
            for article in store.articles():
                store.article(article["id"])
            store.article_id_for("article 39 " + "x" * 3000)
            raise AssertionError("the damaged pages were never read")
        assert "\n" not in str(info.value) and str(path) in str(info.value)
        store.close()
    assert path.read_bytes() == before


def _schema(conn: sqlite3.Connection) -> set[tuple]:
    return set(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())


def _schema_3_with_the_library_tables_it_made(path: Path, text: str) -> None:
    """A schema-3 database after the library and the speakers made their own tables on first
    use (as they did before those were migrations 4 and 5): the same SQL, FTS through sqlite-utils."""
    import sqlite_utils

    _database_at(path, 3)
    db = sqlite_utils.Database(path)
    conn = db.conn
    conn.execute("CREATE TABLE IF NOT EXISTS [article_meta] ([article_id] INTEGER PRIMARY KEY REFERENCES [articles]([id]),"
                 " [title] TEXT, [date] TEXT, [byline] TEXT, [path] TEXT, [format] TEXT, [imported] TEXT)")
    conn.execute("CREATE TABLE IF NOT EXISTS [library_index] ([article_id] INTEGER PRIMARY KEY REFERENCES [articles]([id]),"
                 " [title] TEXT, [body] TEXT, [quotes] TEXT, [speakers] TEXT, [sort_date] TEXT,"
                 " [n_quotes] INTEGER, [n_speakers] INTEGER, [analysed] TEXT)")
    conn.execute("CREATE INDEX IF NOT EXISTS [idx_library_index_date] ON [library_index] ([sort_date], [article_id])")
    db["library_index"].enable_fts(["title", "body", "quotes", "speakers"], create_triggers=True, tokenize="porter")
    conn.execute("CREATE TABLE IF NOT EXISTS [speaker_entities] ([id] INTEGER PRIMARY KEY, [name] TEXT NOT NULL, [kind] TEXT)")
    conn.execute("CREATE TABLE IF NOT EXISTS [speaker_aliases] ([entity_id] INTEGER NOT NULL REFERENCES [speaker_entities]([id]),"
                 " [key] TEXT NOT NULL, [alias] TEXT NOT NULL, PRIMARY KEY ([entity_id], [alias]))")
    conn.execute("CREATE INDEX IF NOT EXISTS [idx_speaker_aliases_key] ON [speaker_aliases] ([key])")
    conn.execute("CREATE TABLE IF NOT EXISTS [speaker_links] ([article_id] INTEGER NOT NULL REFERENCES [articles]([id]),"
                 " [speaker_id] TEXT NOT NULL, [entity_id] INTEGER NOT NULL REFERENCES [speaker_entities]([id]),"
                 " [name] TEXT, [quotes] INTEGER, [manual] INTEGER NOT NULL DEFAULT 0, [analysed] TEXT,"
                 " PRIMARY KEY ([article_id], [speaker_id]))")
    conn.execute("CREATE INDEX IF NOT EXISTS [idx_speaker_links_entity] ON [speaker_links] ([entity_id])")
    with conn:
        conn.execute("INSERT INTO articles VALUES (1, 'h1', 'seed.txt', 'Seed', ?, '2025-01-01T00:00:00+00:00')", (text,))
        conn.execute("INSERT INTO library_index (article_id, title, body, quotes, speakers, sort_date, n_quotes,"
                     " n_speakers, analysed) VALUES (1, 'Seed', ?, '', '', '2025-01-01', 0, 0, NULL)", (text,))
        conn.execute("INSERT INTO speaker_entities VALUES (1, 'Kaja Kallas', 'person')")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    conn.close()


@pytest.mark.parametrize("made_by_the_old_code", [True, False])
def test_a_schema_3_database_upgrades_to_the_schema_of_a_new_one(tmp_path, seed_text, made_by_the_old_code):
    from store.library import Library
    from store.speakers_xdoc import Speakers

    fresh = Store(tmp_path / "fresh.db")
    path = tmp_path / "v3.db"
    if made_by_the_old_code:
        _schema_3_with_the_library_tables_it_made(path, seed_text)
    else:
        _database_at(path, 3)
    store = Store(path)
    assert store.database.version() == SCHEMA_VERSION == 6
    assert _schema(store.conn) == _schema(fresh.conn)  # the same tables, indexes, FTS and triggers
    if made_by_the_old_code:  # its rows are kept, and its full-text index still finds them
        word = next(w for w in seed_text.split() if w.isalpha() and len(w) > 5)
        assert [e.id for e in Library(store, sync=False).search(word)] == [1]
        Speakers(store, sync=False)
        assert store.conn.execute("SELECT name FROM speaker_entities").fetchall() == [("Kaja Kallas",)]
    else:
        aid = store.add_article(seed_text, "seed.txt")
        assert [e.id for e in Library(store).search(seed_text.split()[0])] == [aid]
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()
    fresh.close()
