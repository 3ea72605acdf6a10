"""The library: every article in the database, its metadata, and full-text search.

A separate module over a ``Store`` (``store.articles``): it owns three tables, made by the
schema's migration 4 (``store.database``):

* ``article_meta``: title, date, byline, original path and format of imported articles;
* ``library_index``: one row per article with the text searched (title, body, quote texts,
  speaker names) and the counts the library screen lists, so that opening a library of
  10,000 articles never parses 10,000 analysis documents;
* ``library_index_fts``: its FTS5 index (as sqlite-utils' ``enable_fts`` makes it, kept in step
  by triggers on ``library_index`` only; the articles table is never given triggers).

Articles added or analysed by other code (the reader saves analyses itself) are picked up by
``sync()``, which re-indexes exactly the articles whose analysis changed since they were
indexed; ``Library(store)`` runs it on opening.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone

from nlp.model import is_statement

from .articles import Store
from .database import LIBRARY_INDEX, LIBRARY_META
from .errors import StoreError

INDEX = LIBRARY_INDEX  # the tables are made by the migrations (store.database)
META = LIBRARY_META


@dataclass(slots=True)
class Entry:
    """One line of the library listing."""

    id: int
    title: str
    date: str
    byline: str
    source: str
    analysed: bool
    quotes: int
    speakers: int
    reviewed: int  # ``Store.review_progress``: reviewed of ``quotes`` effective non-scare quotes

    @property
    def progress(self) -> str:
        if not self.analysed:
            return "not analysed"
        if not self.quotes:
            return "-"
        return f"{self.reviewed}/{self.quotes}"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def fts_query(text: str) -> str | None:
    """A safe FTS5 query for what a user typed: every word must occur, the last as a prefix."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    if not words:
        return None
    parts = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
    return " ".join(parts)


class Library:
    """Listing, metadata and search over all articles of a ``Store``."""

    def __init__(self, store: Store, sync: bool = True) -> None:
        self.store = store
        self.db = store.db
        if sync and not store.read_only:
            self.sync()

    # -- metadata -----------------------------------------------------------------------
    def set_meta(self, article_id: int, title: str | None = None, date: str | None = None,
                 byline: str | None = None, path: str | None = None, format: str | None = None) -> None:
        row = {"article_id": article_id, "title": title, "date": date, "byline": byline,
               "path": path, "format": format, "imported": _now()}
        with self.db.conn:
            self.db.conn.execute("BEGIN IMMEDIATE")
            self.db[META].upsert(row, pk="article_id")

    def meta(self, article_id: int) -> dict:
        rows = list(self.db.query(f"select * from [{META}] where article_id = ?", [article_id]))
        return rows[0] if rows else {}

    # -- index --------------------------------------------------------------------------
    def _row(self, article_id: int) -> dict | None:
        rows = list(self.db.query(
            f"select a.id, a.title, a.text, a.added, m.title as meta_title, m.date, an.created, an.document"
            f" from articles a left join [{META}] m on m.article_id = a.id"
            f" left join analyses an on an.article_id = a.id where a.id = ?", [article_id]))
        if not rows:
            return None
        r = rows[0]
        quotes: list[str] = []
        speakers: list[str] = []
        if r["document"]:
            doc = json.loads(r["document"])
            quotes = [q["text"] for q in doc.get("quotes", []) if is_statement(q.get("kind"))]
            speakers = sorted({n for s in doc.get("speakers", []) for n in [s.get("name", "")] + list(s.get("aliases", [])) if n})
            n_speakers = len(doc.get("speakers", []))
        else:
            n_speakers = 0
        date = r["date"] or ""
        return {
            "article_id": r["id"],
            "title": r["meta_title"] or r["title"] or "",
            "body": r["text"],
            "quotes": "\n".join(quotes),
            "speakers": "\n".join(speakers),
            "sort_date": _sortable(date) or (r["added"] or "")[:10],
            "n_quotes": len(quotes),
            "n_speakers": n_speakers,
            "analysed": r["created"],
        }

    def index(self, article_ids) -> int:
        """(Re-)index these articles; returns how many were indexed."""
        rows = [row for row in (self._row(i) for i in article_ids) if row is not None]
        if rows:
            with self.db.conn:
                self.db.conn.execute("BEGIN IMMEDIATE")
                self.db[INDEX].upsert_all(rows, pk="article_id")
        return len(rows)

    STALE_SQL = (f"select a.id from articles a left join [{INDEX}] li on li.article_id = a.id"
                 f" left join analyses an on an.article_id = a.id"
                 f" where li.article_id is null or coalesce(li.analysed, '') != coalesce(an.created, '')"
                 f" order by a.id")

    def stale(self) -> list[int]:
        """Articles not indexed yet, or whose analysis changed since."""
        return [r[0] for r in self.db.conn.execute(self.STALE_SQL)]

    def stale_readonly(self) -> list[int]:
        """``stale()`` on a connection of its own (safe to call from a worker thread)."""
        from urllib.parse import quote

        conn = sqlite3.connect("file:" + quote(str(self.store.path.resolve())) + "?mode=ro", uri=True, timeout=10)
        try:
            return [r[0] for r in conn.execute(self.STALE_SQL)]
        except sqlite3.Error:
            return []
        finally:
            conn.close()

    def sync(self, chunk: int = 500) -> int:
        ids = self.stale()
        for i in range(0, len(ids), chunk):
            self.index(ids[i:i + chunk])
        return len(ids)

    # -- queries ------------------------------------------------------------------------
    def entries(self, query: str | None = None, limit: int | None = None, offset: int = 0) -> list[Entry]:
        """The listing, newest first, or the articles matching ``query`` best first."""
        select = (f"select li.article_id, li.title, coalesce(m.date, '') as date, coalesce(m.byline, '') as byline,"
                  f" a.source, li.analysed is not null as analysed, li.n_quotes, li.n_speakers"
                  f" from [{INDEX}] li join articles a on a.id = li.article_id"
                  f" left join [{META}] m on m.article_id = li.article_id")
        params: list = []
        if query is not None and query.strip():
            q = fts_query(query)
            if q is None:
                return []
            select += (f" join [{INDEX}_fts] f on f.rowid = li.rowid"
                       f" where [{INDEX}_fts] match ? order by f.rank")
            params.append(q)
        else:
            select += " order by li.sort_date desc, li.article_id desc"
        if limit:
            select += f" limit {int(limit)} offset {int(offset)}"
        try:
            rows = self.db.conn.execute(select, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"search failed: {exc}") from None
        entries = [Entry(r[0], r[1] or "", r[2], r[3], r[4] or "", bool(r[5]), r[6] or 0, r[7] or 0, 0)
                   for r in rows]
        # review progress has one definition, the store's (the reader's header shows the same)
        progress = self.store.review_progress([e.id for e in entries if e.analysed])
        for e in entries:
            if e.id in progress:
                e.reviewed, e.quotes = progress[e.id]
        return entries

    def search(self, query: str, limit: int | None = 200) -> list[Entry]:
        return self.entries(query=query, limit=limit)

    def search_quotes(self, query: str, limit: int = 50) -> list[tuple[int, str]]:
        """Quote texts matching ``query`` (article id, quote text)."""
        q = fts_query(query)
        if q is None:
            return []
        rows = self.db.conn.execute(
            f"select li.article_id, li.quotes from [{INDEX}] li join [{INDEX}_fts] f on f.rowid = li.rowid"
            f" where [{INDEX}_fts] match ? order by f.rank limit ?", ["{quotes}: " + q, limit]).fetchall()
        words = [w.lower() for w in re.findall(r"\w+", query)]
        out = []
        for article_id, quotes in rows:
            for line in (quotes or "").splitlines():
                low = line.lower()
                if all(w in low for w in words):
                    out.append((article_id, line))
        return out

    def count(self) -> int:
        return self.db.conn.execute("select count(*) from articles").fetchone()[0]

    def pending(self) -> list[int]:
        """Articles without an analysis, in id order."""
        return [r[0] for r in self.db.conn.execute(
            "select a.id from articles a where not exists (select 1 from analyses an where an.article_id = a.id)"
            " order by a.id")]

    def analysed_otherwise(self, model: str, version: str) -> list[int]:
        """Articles whose analysis was made by another pipeline (name or version), in id order."""
        return [r[0] for r in self.db.conn.execute(
            "select article_id from analyses where model != ? or version != ? order by article_id", (model, version))]


_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def _sortable(date: str | None) -> str:
    """``YYYY-MM-DD`` (or a prefix of it) for the dates articles carry, '' if unknown."""
    if not date:
        return ""
    s = date.strip()
    m = re.match(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", s)
    if m:
        y, mo, d = m.group(1), m.group(2), m.group(3)
        return y + (f"-{int(mo):02d}" if mo else "") + (f"-{int(d):02d}" if d else "")
    m = re.match(r"([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})", s)
    if m and m.group(1).lower() in _MONTHS:
        return f"{m.group(3)}-{_MONTHS[m.group(1).lower()]:02d}-{int(m.group(2)):02d}"
    m = re.match(r"(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})", s)
    if m and m.group(2).lower() in _MONTHS:
        return f"{m.group(3)}-{_MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
    return ""


def sortable_date(date: str | None) -> str:
    return _sortable(date)


def has_articles(path, busy_timeout: float = 5.0) -> bool:
    """Whether the database file at ``path`` exists and holds any article (read-only peek;
    any problem with the file is left for ``Store`` to report; ``busy_timeout``: seconds to
    wait for another process's lock)."""
    from pathlib import Path
    from urllib.parse import quote

    path = Path(path)
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return False
        conn = sqlite3.connect("file:" + quote(str(path.resolve())) + "?mode=ro", uri=True, timeout=busy_timeout)
    except (OSError, sqlite3.Error):
        return False
    try:
        return bool(conn.execute("select exists(select 1 from articles)").fetchone()[0])
    except sqlite3.Error:
        return False
    finally:
        conn.close()
