"""Hostile databases: corrupt, read-only, locked by another writer, from a newer schema.

Each: a one-line error (or a correct result), a meaningful exit code, no traceback, and the
database's bytes unchanged (nothing written half-way).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from store.articles import Store
from store.errors import StoreError

from .conftest import assert_one_line_error, cli, fingerprint, run_module

NEW_ARTICLE = "“We will not back down,” the minister said on Friday.\n"


@pytest.fixture
def no_tui(monkeypatch):
    from tui.app import StanceReaderApp

    def run(self, *a, **kw):
        raise AssertionError("the reader was started on a database that should have been refused")

    monkeypatch.setattr(StanceReaderApp, "run", run)


@pytest.fixture
def good_db(tmp_path, seed_text, seed_analysis):
    """A database holding the analysed seed article and one correction, fully checkpointed."""
    path = tmp_path / "good.db"
    store = Store(path, annotator="tester")
    article_id = store.add_article(seed_text, "seed.txt")
    store.save_analysis(article_id, seed_analysis)
    quote = next(q for q in seed_analysis.quotes if q.kind != "scare")
    store.set_stance(article_id, quote.id, "Russia", "negative")
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture
def new_article(tmp_path):
    path = tmp_path / "new.txt"
    path.write_text(NEW_ARTICLE, encoding="utf-8")
    return path


def article_count(db) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("select count(*) from articles").fetchone()[0]
    finally:
        conn.close()


def commands(db, new_article):
    """The commands a user might run on the database: (name, argv)."""
    return [
        ("export", ["--db", db, "export", "--format", "jsonl"]),
        ("import", ["--db", db, "import", "--no-progress", new_article]),
        ("open", ["--db", db, "open", new_article]),
    ]


# --------------------------------------------------------------------------- corrupt


def _corrupt_pages(path):
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    assert len(data) >= 3 * page
    for offset in range(page, len(data) - 1, 7):  # every page after the first, not the header
        data[offset] = (data[offset] * 31 + 17) % 256
    path.write_bytes(bytes(data))


def _truncate(path):
    path.write_bytes(path.read_bytes()[:1500])


def _zero_tail(path):
    data = path.read_bytes()
    path.write_bytes(data[:100] + bytes(len(data) - 100))


@pytest.mark.parametrize(
    "damage",
    [
        _corrupt_pages,
        _truncate,
        _zero_tail,
    ],
    ids=["scrambled", "truncated", "zeroed"],
)
def test_corrupt_database_is_refused_and_left_alone(capsys, good_db, new_article, no_tui, damage):
    damage(good_db)
    before = fingerprint(good_db)
    for name, argv in commands(good_db, new_article):
        code, out, err = cli(capsys, *argv)
        assert_one_line_error(code, out, err, str(good_db))
        assert any(w in err for w in ("corrupt", "malformed", "not a database")), (name, err)
        assert fingerprint(good_db) == before, f"{name} wrote to a corrupt database"
    assert not os.path.exists(str(good_db) + "-wal") or os.path.getsize(str(good_db) + "-wal") == 0


# --------------------------------------------------------------------------- newer schema


def test_database_from_a_newer_stance_reader_is_refused_and_left_alone(capsys, good_db, new_article, no_tui):
    conn = sqlite3.connect(good_db)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = fingerprint(good_db)
    for name, argv in commands(good_db, new_article):
        code, out, err = cli(capsys, *argv)
        assert_one_line_error(code, out, err, "newer", "999")
        assert fingerprint(good_db) == before, f"{name} wrote to a newer database"


# --------------------------------------------------------------------------- read-only


def test_read_only_database_still_exports(good_db):
    good_db.chmod(0o444)
    before = fingerprint(good_db)
    expected = _export_lines(good_db)
    proc = run_module("--db", good_db, "export", "--format", "jsonl", unprivileged=True)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert [json.loads(l) for l in proc.stdout.splitlines()] == expected  # a correct result
    assert fingerprint(good_db) == before


def test_read_only_database_refuses_an_import_clearly(good_db, new_article):
    good_db.chmod(0o444)
    before = fingerprint(good_db)
    proc = run_module("--db", good_db, "import", "--no-progress", new_article, unprivileged=True)
    assert proc.returncode != 0 and proc.stdout == "" and "Traceback" not in proc.stderr
    assert fingerprint(good_db) == before
    assert article_count(good_db) == 1
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert "read-only" in proc.stderr and str(good_db) in proc.stderr and "object at 0x" not in proc.stderr, proc.stderr


def test_read_only_directory_cannot_create_a_database(tmp_path, new_article, public_dir):
    locked = public_dir / "ro"
    locked.mkdir()
    locked.chmod(0o555)
    proc = run_module("--db", locked / "new.db", "import", "--no-progress", new_article, unprivileged=True)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "read-only" in proc.stderr, proc.stderr
    assert list(locked.iterdir()) == []


def _export_lines(db):
    from store.export import write
    import io

    store = Store(db)
    try:
        buf = io.StringIO()
        write(store, buf, "jsonl", None)
    finally:
        store.close()
    return [json.loads(l) for l in buf.getvalue().splitlines()]


# --------------------------------------------------------------------------- locked


HOLD_LOCK = textwrap.dedent(
    """
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    if sys.argv[2] == "exclusive":
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("INSERT INTO articles (hash, text) VALUES ('x', 'uncommitted')")
    else:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO articles (hash, text) VALUES ('x', 'uncommitted')")
    print("locked", flush=True)
    sys.stdin.read()  # hold the write transaction until the test closes our stdin
    conn.rollback()
    """
)


@pytest.fixture
def locker(good_db, monkeypatch):
    """Another process holding the database's lock; this one waits 1 s for it, not 10 (the
    busy timeout is a setting: $STANCE_READER_BUSY_TIMEOUT)."""
    monkeypatch.setenv("STANCE_READER_BUSY_TIMEOUT", "1")
    procs = []

    def hold(mode="immediate"):
        proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(good_db), mode],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "locked"
        procs.append(proc)
        return proc

    yield hold
    for proc in procs:
        proc.stdin.close()
        proc.wait(timeout=30)


def test_export_while_another_process_writes(capsys, good_db, locker):
    locker("immediate")
    # Readers are not blocked by a writer in WAL mode: export gives the committed data.
    code, out, err = cli(capsys, "--db", good_db, "export", "--format", "jsonl")
    assert code == 0, err
    assert out and all(json.loads(l) for l in out.splitlines())
    assert "uncommitted" not in out


def test_import_while_another_process_writes(capsys, good_db, new_article, locker):
    locker("immediate")
    # A writer waits for the lock (the busy timeout), then says so in one line, having written nothing.
    before = fingerprint(good_db)
    code, out, err = cli(capsys, "--db", good_db, "import", "--no-progress", new_article)
    assert code != 0 and "Traceback" not in err
    assert "locked" in err or "busy" in err, err
    assert err.strip().count("\n") == 0, err
    assert fingerprint(good_db) == before
    assert article_count(good_db) == 1


def test_database_held_exclusively_by_another_process(capsys, good_db, new_article, no_tui, locker):
    locker("exclusive")
    for argv in (["--db", good_db, "export", "--format", "jsonl"], ["--db", good_db, "open", new_article]):
        code, out, err = cli(capsys, *argv)
        assert_one_line_error(code, out, err)
        assert "locked" in err or "busy" in err, err


def test_a_store_opened_in_process_takes_its_own_busy_timeout(good_db, locker):
    locker("exclusive")
    with pytest.raises(StoreError, match="locked|busy"):
        Store(good_db, busy_timeout=0.3)
