"""Untrusted databases (issue 17): a file whose schema stance-reader did not make is refused on
open, in one line, before anything is written; another application's SQLite file is never
modified; a full disk says "disk full", not "corrupt".
"""

from __future__ import annotations

import sqlite3

import pytest

from store.articles import Store
from store.errors import StoreError

from .conftest import assert_one_line_error, cli, fingerprint


@pytest.fixture
def ours(tmp_path):
    """A checkpointed stance-reader database with one article."""
    path = tmp_path / "ours.db"
    store = Store(path, annotator="tester")
    store.add_article("“We will hold,” the mayor said.\n", "a.txt")
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def _tamper(path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


TAMPERING = {
    "trigger": ("CREATE TRIGGER steal AFTER INSERT ON events BEGIN DELETE FROM articles; END",),
    "view": ("CREATE VIEW everything AS SELECT * FROM articles",),
    "table": ("CREATE TABLE extra (x)",),
    "replaced trigger": (
        "DROP TRIGGER events_no_delete",
        "CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT 1; END",  # the log is no longer append-only
    ),
}


@pytest.mark.parametrize("what", sorted(TAMPERING))
def test_a_schema_stance_reader_did_not_make_is_refused(what, ours, capsys):
    _tamper(ours, *TAMPERING[what])
    before = fingerprint(ours)
    for argv in (["export", "--format", "jsonl"], ["import-annotations", "/nonexistent.jsonl"], ["speakers", "list"]):
        code, out, err = cli(capsys, "--db", ours, *argv)
        assert_one_line_error(code, out, err, "did not create")
    with pytest.raises(StoreError, match="did not create"):
        Store(ours)
    assert fingerprint(ours) == before


def test_another_applications_sqlite_file_is_never_modified(tmp_path, capsys):
    path = tmp_path / "notes.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('keep me')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    for argv in (["export", "--format", "jsonl"], ["speakers", "list"], ["import", "--no-progress", "-"]):
        code, out, err = cli(capsys, "--db", path, *argv)
        assert_one_line_error(code, out, err, "another application")
    assert path.read_bytes() == before
    assert not (tmp_path / "notes.sqlite-wal").exists()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal"
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["notes"]
    conn.close()


def test_a_full_disk_says_disk_full_not_corrupt(ours):
    store = Store(ours, annotator="tester")
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "database or disk is full"
    with pytest.raises(StoreError) as info:
        store.add_article("“Full,” he said. " * 5000, "big.txt")
    message = str(info.value)
    assert "disk full" in message and "corrupt" not in message and "backup" not in message
    store.close()
    assert len(Store(ours).articles()) == 1  # nothing half-written
