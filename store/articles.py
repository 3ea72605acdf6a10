"""Articles and their machine analyses."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from nlp.model import Analysis

from .database import open_database
from .errors import StoreError


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def title_of(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:120]


class Store:
    """The stance-reader database."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.db = open_database(self.path)

    def close(self) -> None:
        self.db.conn.close()

    def add_article(self, text: str, source: str, title: str | None = None) -> int:
        """Return the id of the article with this text, adding it if it is new."""
        digest = content_hash(text)
        found = self.article_id_for(text)
        if found is not None:
            return found
        try:
            with self.db.conn:
                self.db.conn.execute("BEGIN IMMEDIATE")
                table = self.db["articles"].insert(
                    {"hash": digest, "source": source, "title": title or title_of(text), "text": text, "added": _now()}
                )
                return int(table.last_pk)
        except sqlite3.IntegrityError:
            return self.article_id_for(text)  # another process added it first
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot write to {self.path}: {exc}") from None

    def article_id_for(self, text: str) -> int | None:
        rows = list(self.db.query("select id from articles where hash = ?", [content_hash(text)]))
        return rows[0]["id"] if rows else None

    def article(self, article_id: int) -> dict:
        return self.db["articles"].get(article_id)

    def articles(self) -> list[dict]:
        return list(self.db.query("select id, source, title, added from articles order by id"))

    def save_analysis(self, article_id: int, analysis: Analysis) -> None:
        try:
            with self.db.conn:
                self.db.conn.execute("BEGIN IMMEDIATE")
                self.db["analyses"].upsert(
                    {
                        "article_id": article_id,
                        "model": analysis.pipeline.model,
                        "version": analysis.pipeline.version,
                        "created": _now(),
                        "document": json.dumps(analysis.to_dict(), ensure_ascii=False),
                    },
                    pk="article_id",
                )
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot write to {self.path}: {exc}") from None

    def analysis(self, article_id: int) -> Analysis | None:
        rows = list(self.db.query("select document from analyses where article_id = ?", [article_id]))
        return Analysis.from_dict(json.loads(rows[0]["document"])) if rows else None
