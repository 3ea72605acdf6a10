"""Opening the SQLite file: pragmas, schema creation and checks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from .errors import StoreError

SCHEMA_VERSION = 1


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date."""
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"database path {path} is a directory")
    if path.exists() and path.stat().st_size:
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise StoreError(f"{path} is not a stance-reader database (not an SQLite file)")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, timeout=10, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        db = sqlite_utils.Database(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{path} was written by a newer stance-reader (schema {version} > {SCHEMA_VERSION}); upgrade"
            )
        if version < SCHEMA_VERSION:
            _create(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot use database {path}: {exc}") from None
    return db


def _create(db: sqlite_utils.Database) -> None:
    conn = db.conn
    conn.execute("PRAGMA journal_mode = WAL")
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        db["articles"].create(
            {"id": int, "hash": str, "source": str, "title": str, "text": str, "added": str},
            pk="id",
            not_null={"hash", "text"},
            if_not_exists=True,
        )
        db["articles"].create_index(["hash"], unique=True, if_not_exists=True)
        db["analyses"].create(
            {"article_id": int, "model": str, "version": str, "created": str, "document": str},
            pk="article_id",
            foreign_keys=[("article_id", "articles", "id")],
            if_not_exists=True,
        )
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
