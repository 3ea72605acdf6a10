"""Opening the SQLite file: checks, pragmas, the schema and its forward migrations.

Every check that can reject a file runs on a read-only connection first, so a file we
refuse (not SQLite, corrupt, from a newer stance-reader) is never written to.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote as _urlquote

from .errors import StoreError

SCHEMA_VERSION = 6
BUSY_TIMEOUT_S = 10.0
SQLITE_MAGIC = b"SQLite format 3\x00"
FULL_CHECK_BYTES = 64 * 1024 * 1024

if TYPE_CHECKING:  # sqlite_utils pulls in numpy, click, dateutil…: imported when first used, not on start-up
    import sqlite_utils


def _v1(conn: sqlite3.Connection) -> None:
    """The walking skeleton's schema: articles and one machine analysis each."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS [articles] ([id] INTEGER PRIMARY KEY, [hash] TEXT NOT NULL,"
        " [source] TEXT, [title] TEXT, [text] TEXT NOT NULL, [added] TEXT)"
    )
    conn.execute("CREATE UNIQUE INDEX IF NOT EXISTS [idx_articles_hash] ON [articles] ([hash])")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS [analyses] ([article_id] INTEGER PRIMARY KEY REFERENCES [articles]([id]),"
        " [model] TEXT, [version] TEXT, [created] TEXT, [document] TEXT)"
    )


def _v2(conn: sqlite3.Connection) -> None:
    """The append-only correction log, and a revision number for each machine analysis."""
    conn.execute("ALTER TABLE [analyses] ADD COLUMN [rev] INTEGER NOT NULL DEFAULT 1")
    conn.execute(
        """CREATE TABLE [events] (
            [seq] INTEGER PRIMARY KEY AUTOINCREMENT,
            [uid] TEXT NOT NULL UNIQUE,
            [article_id] INTEGER NOT NULL REFERENCES [articles]([id]),
            [at] TEXT NOT NULL,
            [annotator] TEXT NOT NULL,
            [action] TEXT NOT NULL,
            [entity] TEXT NOT NULL,
            [entity_id] TEXT,
            [field] TEXT,
            [old] TEXT,
            [new] TEXT,
            [anchor] TEXT,
            [target] TEXT
        )"""
    )
    conn.execute("CREATE INDEX [idx_events_article] ON [events] ([article_id], [seq])")
    # The log is append-only: the database itself refuses updates and deletes.
    conn.execute(
        "CREATE TRIGGER [events_no_update] BEFORE UPDATE ON [events]"
        " BEGIN SELECT RAISE(ABORT, 'the correction log is append-only'); END"
    )
    conn.execute(
        "CREATE TRIGGER [events_no_delete] BEFORE DELETE ON [events]"
        " BEGIN SELECT RAISE(ABORT, 'the correction log is append-only'); END"
    )


def _v3(conn: sqlite3.Connection) -> None:
    """Review progress per article, a cache of ``store.progress.progress_of`` (the one definition).

    Keyed by the analysis revision and the last event it has seen: a row that no longer
    matches is recomputed from the effective annotation on reading (that is also how
    databases from before this version are backfilled, article by article, as they are listed).
    """
    conn.execute(
        "CREATE TABLE IF NOT EXISTS [review_progress] ([article_id] INTEGER PRIMARY KEY REFERENCES [articles]([id]),"
        " [rev] INTEGER NOT NULL, [last_seq] INTEGER NOT NULL, [reviewed] INTEGER NOT NULL, [total] INTEGER NOT NULL)"
    )


# The library's tables (``store.library``) and the speakers across articles (``store.speakers_xdoc``).
LIBRARY_META = "article_meta"
LIBRARY_INDEX = "library_index"
SPEAKER_ENTITIES = "speaker_entities"
SPEAKER_ALIASES = "speaker_aliases"
SPEAKER_LINKS = "speaker_links"

_FTS_COLUMNS = ("title", "body", "quotes", "speakers")


def _v4(conn: sqlite3.Connection) -> None:
    """The library: each article's metadata, a listing index and its full-text search (FTS5,
    porter stemming, kept in step by triggers).

    Until version 4 the library made these tables itself when first opened, so a database
    may have them already: every statement is a no-op then (the same SQL as sqlite-utils'
    ``enable_fts(create_triggers=True)`` wrote, so old and new files are alike).
    """
    meta, index = LIBRARY_META, LIBRARY_INDEX
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS [{meta}] ([article_id] INTEGER PRIMARY KEY REFERENCES [articles]([id]),"
        " [title] TEXT, [date] TEXT, [byline] TEXT, [path] TEXT, [format] TEXT, [imported] TEXT)"
    )
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS [{index}] ([article_id] INTEGER PRIMARY KEY REFERENCES [articles]([id]),"
        " [title] TEXT, [body] TEXT, [quotes] TEXT, [speakers] TEXT, [sort_date] TEXT,"
        " [n_quotes] INTEGER, [n_speakers] INTEGER, [analysed] TEXT)"
    )
    conn.execute(f"CREATE INDEX IF NOT EXISTS [idx_{index}_date] ON [{index}] ([sort_date], [article_id])")
    fts = f"{index}_fts"
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (fts,)).fetchone() is not None:
        return
    columns = ", ".join(f'"{c}"' for c in _FTS_COLUMNS)
    new = ", ".join(f'new."{c}"' for c in _FTS_COLUMNS)
    old = ", ".join(f'old."{c}"' for c in _FTS_COLUMNS)
    insert = f'INSERT INTO "{fts}" (rowid, {columns}) VALUES (new.rowid, {new});'
    delete = f'INSERT INTO "{fts}" ("{fts}", rowid, {columns}) VALUES(\'delete\', old.rowid, {old});'
    conn.execute(f'CREATE VIRTUAL TABLE "{fts}" USING FTS5 (\n    {columns},\n    tokenize=\'porter\',\n'
                 f'    content="{index}"\n)')
    conn.execute(f'INSERT INTO "{fts}" ("{fts}") VALUES (\'rebuild\')')  # rows already in the index
    conn.execute(f'CREATE TRIGGER "{index}_ai" AFTER INSERT ON "{index}" BEGIN\n  {insert}\nEND')
    conn.execute(f'CREATE TRIGGER "{index}_ad" AFTER DELETE ON "{index}" BEGIN\n  {delete}\nEND')
    conn.execute(f'CREATE TRIGGER "{index}_au" AFTER UPDATE ON "{index}" BEGIN\n  {delete}\n  {insert}\nEND')


def _v5(conn: sqlite3.Connection) -> None:
    """Speakers across articles: entities, their aliases, and each article speaker's link to one.

    Until version 5 ``store.speakers_xdoc`` made these tables when first opened (hence IF NOT EXISTS).
    """
    entities, aliases, links = SPEAKER_ENTITIES, SPEAKER_ALIASES, SPEAKER_LINKS
    conn.execute(f"CREATE TABLE IF NOT EXISTS [{entities}] ([id] INTEGER PRIMARY KEY, [name] TEXT NOT NULL, [kind] TEXT)")
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS [{aliases}] ([entity_id] INTEGER NOT NULL REFERENCES [{entities}]([id]),"
        " [key] TEXT NOT NULL, [alias] TEXT NOT NULL, PRIMARY KEY ([entity_id], [alias]))"
    )
    conn.execute(f"CREATE INDEX IF NOT EXISTS [idx_{aliases}_key] ON [{aliases}] ([key])")
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS [{links}] ([article_id] INTEGER NOT NULL REFERENCES [articles]([id]),"
        f" [speaker_id] TEXT NOT NULL, [entity_id] INTEGER NOT NULL REFERENCES [{entities}]([id]),"
        " [name] TEXT, [quotes] INTEGER, [manual] INTEGER NOT NULL DEFAULT 0, [analysed] TEXT,"
        " PRIMARY KEY ([article_id], [speaker_id]))"
    )
    conn.execute(f"CREATE INDEX IF NOT EXISTS [idx_{links}_entity] ON [{links}] ([entity_id])")


PROJECT_SETTINGS = "project_settings"
LAYER_PROGRESS = "layer_progress"


def _v6(conn: sqlite3.Connection) -> None:
    """Team annotation (``store.team``): each event names its layer, gold decisions their basis;
    per-database settings (``review = shared|independent``); review progress per layer.

    ``events.layer``: NULL for an annotator's own layer (the layer IS ``annotator``), ``'gold'`` for
    the adjudicated layer. Every event written before version 6 has NULL, so existing corrections
    become the layers of the annotators recorded on them — no row is rewritten (the log is
    append-only; ADD COLUMN fires no trigger). ``events.basis``: for a gold decision, whose value
    was taken (an annotator's name, ``machine``, ``agreed`` or ``edited``); NULL otherwise.
    """
    have = {row[1] for row in conn.execute("PRAGMA table_info([events])")}
    for column in ("layer", "basis"):
        if column not in have:  # (a file whose version number was lowered by hand may have them)
            conn.execute(f"ALTER TABLE [events] ADD COLUMN [{column}] TEXT")
    conn.execute(f"CREATE TABLE IF NOT EXISTS [{PROJECT_SETTINGS}] ([key] TEXT PRIMARY KEY, [value] TEXT NOT NULL)")
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS [{LAYER_PROGRESS}] ([article_id] INTEGER NOT NULL REFERENCES [articles]([id]),"
        " [layer] TEXT NOT NULL, [rev] INTEGER NOT NULL, [last_seq] INTEGER NOT NULL, [reviewed] INTEGER NOT NULL,"
        " [total] INTEGER NOT NULL, PRIMARY KEY ([article_id], [layer]))"
    )


# MIGRATIONS[n] brings a database at version n-1 to version n.
MIGRATIONS = {1: _v1, 2: _v2, 3: _v3, 4: _v4, 5: _v5, 6: _v6}
assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION + 1))


def _ro_uri(path: Path) -> str:
    return "file:" + _urlquote(str(path.resolve())) + "?mode=ro"


def _check_readable(path: Path, busy_timeout: float = BUSY_TIMEOUT_S) -> int:
    """Reject files we must not touch; return the file's schema version (0 if new)."""
    if path.is_dir():
        raise StoreError(f"database path {path} is a directory")
    if not path.exists() or path.stat().st_size == 0:
        return 0
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise StoreError(f"cannot read database {path}: {exc.strerror}") from None
    if head != SQLITE_MAGIC:
        raise StoreError(f"{path} is not a stance-reader database (not an SQLite file)")
    try:
        conn = sqlite3.connect(_ro_uri(path), uri=True, timeout=busy_timeout)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{path} was written by a newer stance-reader (schema {version} > {SCHEMA_VERSION}); upgrade"
                )
            conn.execute("SELECT name, sql FROM sqlite_master").fetchall()  # the schema pages are sound
            # A full page scan costs ~6 ms/MB: do it for files up to FULL_CHECK_BYTES; in larger
            # ones corruption is reported (as StoreError) when a damaged page is first read.
            size = path.stat().st_size
            result = conn.execute("PRAGMA quick_check").fetchone()[0] if size <= FULL_CHECK_BYTES else "ok"
            if result != "ok":  # one line per damaged page: the first says enough
                first = (result or "").splitlines()[0] if result else "unknown damage"
                raise StoreError(f"{path} is corrupt ({first}); restore it from a backup")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is corrupt or unreadable ({exc}); restore it from a backup") from None
    return version


def writable(path: Path) -> bool:
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    parent = path.parent
    while not parent.exists():
        parent = parent.parent
    return os.access(parent, os.W_OK)


class Database:
    """One connection to the stance-reader file, with a lock for use from several threads;
    ``busy_timeout``: seconds to wait for another process's lock (``Settings.busy_timeout``)."""

    def __init__(self, path: str | Path, busy_timeout: float | None = None):
        """``busy_timeout``: seconds to wait for another process's write lock before giving up
        (``BUSY_TIMEOUT_S`` if not given)."""
        self.path = Path(path)
        self.busy_timeout = BUSY_TIMEOUT_S if busy_timeout is None else busy_timeout
        version = _check_readable(self.path, self.busy_timeout)
        self.read_only = not writable(self.path)
        if self.read_only:
            if version == 0:
                raise StoreError(f"cannot create database {self.path}: the directory is read-only")
            if version < SCHEMA_VERSION:
                raise StoreError(f"{self.path} is read-only and needs upgrading (schema {version}); make it writable")
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.lock = threading.RLock()
        try:
            if self.read_only:
                conn = sqlite3.connect(_ro_uri(self.path), uri=True, timeout=self.busy_timeout,
                                       isolation_level=None, check_same_thread=False)
            else:
                conn = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None,
                                       check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            if not self.read_only:
                if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")  # a reported-saved correction survives power loss
                self._migrate(conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot use database {self.path}: {exc}") from None
        self.conn = conn
        self._db: sqlite_utils.Database | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        """A sqlite-utils view of the connection, made on first use (the reader never needs it)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def _migrate(self, conn: sqlite3.Connection) -> None:
        # A current schema needs no write lock: readers must open while another process
        # writes (e.g. export during analyze-all). Only a migration takes BEGIN IMMEDIATE.
        if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return
        while True:
            with self.lock:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    version = conn.execute("PRAGMA user_version").fetchone()[0]
                    if version > SCHEMA_VERSION:
                        raise StoreError(
                            f"{self.path} was written by a newer stance-reader (schema {version} > {SCHEMA_VERSION}); upgrade"
                        )
                    if version == SCHEMA_VERSION:
                        conn.execute("COMMIT")
                        return
                    MIGRATIONS[version + 1](conn)
                    conn.execute(f"PRAGMA user_version = {version + 1}")
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise

    def version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        with self.lock:
            self.conn.close()


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Compatibility: a sqlite-utils view of the database at ``path``."""
    return Database(path).db
