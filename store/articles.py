"""The Store: articles, their machine analyses, and (through the mixin) their corrections."""

from __future__ import annotations

import functools
import getpass
import hashlib
import json
import sqlite3
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from nlp.model import Analysis

from .anchors import Resolver
from .corrections import GOLD, CorrectionsMixin, Event, LogState, load_events
from .database import BUSY_TIMEOUT_S, Database
from .errors import CorrectionError, StoreError, sqlite_reason
from .progress import COUNTED_SQL, Progress, progress_of

if TYPE_CHECKING:  # .effective imports nlp.stance, hence numpy: imported when first needed, not on start-up
    from .effective import Builder, Effective


CACHED_ARTICLES = 32  # parsed analyses and correction logs kept in memory


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def title_of(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:120]


def default_annotator() -> str:
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # no user name in the environment or the password database
        return "unknown"


SHARED = "effective"  # the view of every annotator's corrections together (review = "shared")
REVIEW_MODES = ("shared", "independent")


@dataclass
class _View:
    """One layer of one article: its undo/redo state and its effective annotation, built incrementally."""

    log: LogState = field(default_factory=LogState)
    effective: Effective | None = None
    builder: Builder | None = None  # corrections applied so far, extended incrementally
    pending: list[Event] = field(default_factory=list)  # new corrections not yet applied


def in_view(view: str, event: Event) -> bool:
    """Whether ``event`` belongs to the layer ``view``: ``gold``, ``effective`` (every annotator's
    corrections, today's shared log) or an annotator's name (their own corrections).

    >>> e = Event(1, "u", 1, "t", "alice", "set_kind", "quote", "q1", "kind", "direct", "mixed", None, None)
    >>> in_view("alice", e), in_view("bob", e), in_view("effective", e), in_view("gold", e)
    (True, False, True, False)
    """
    if view == GOLD:
        return event.layer == GOLD
    if event.layer == GOLD:
        return False
    return view == SHARED or event.annotator == view


@dataclass
class _ArticleCache:
    """What the store keeps in memory for one article, refreshed from the file when it changes."""

    rev: int | None = None
    machine: dict[str, Any] | None = None
    resolver: Resolver | None = None
    events: list[Event] = field(default_factory=list)
    last_seq: int = 0
    views: dict[str, _View] = field(default_factory=dict)  # by layer name, made on first use

    def view(self, name: str, independent: bool = False) -> _View:
        """The layer ``name``'s state (``independent``: the project's review mode, which makes the
        view of every layer keep each layer's undo/redo apart)."""
        v = self.views.get(name)
        if v is None:
            v = self.views[name] = _View(LogState(per_layer=independent and name == SHARED))
            for event in self.events:
                if in_view(name, event):
                    v.log.feed(event)
                    v.pending.append(event)
        return v



def _reads(method):
    """A damaged page found while reading is a StoreError with one line, like any other."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot read {self.path}: {sqlite_reason(exc)}") from None

    return wrapper


class Store(CorrectionsMixin):
    """The stance-reader database. Use it from one thread (calls are also serialised by a lock)."""

    def __init__(self, path: str | Path, annotator: str | None = None, busy_timeout: float | None = None,
                 review: str | None = None):
        """``review``: the review mode of a database that has none stored (``set_review`` stores one)."""
        self.path = Path(path)
        self.annotator = (annotator or "").strip() or default_annotator()
        if self.annotator in (GOLD, SHARED):
            raise StoreError(f"the annotator name {self.annotator!r} names a layer; choose another with --annotator NAME")
        self.database = Database(self.path, busy_timeout)
        self.conn = self.database.conn
        self.read_only = self.database.read_only
        self._cache: OrderedDict[int, _ArticleCache] = OrderedDict()  # LRU, CACHED_ARTICLES at most
        self._review: str | None = None
        self._review_default = review if review in REVIEW_MODES else "shared"

    # --- the project's review mode (store.team) ------------------------------------------

    @property
    def review(self) -> str:
        """``shared`` (every annotator corrects one common layer) or ``independent`` (each their own):
        the database's setting, else the default given (the config's ``review``), else shared."""
        if self._review is None:
            row = None
            try:
                row = self.conn.execute("SELECT value FROM project_settings WHERE key = 'review'").fetchone()
            except sqlite3.OperationalError:
                pass  # no settings table: a read-only file from before schema 6 is refused earlier
            self._review = row[0] if row and row[0] in REVIEW_MODES else self._review_default
        return self._review

    def set_review(self, mode: str) -> None:
        if mode not in REVIEW_MODES:
            raise CorrectionError(f"review must be one of {', '.join(REVIEW_MODES)}, not {mode!r}")
        self._transaction(lambda conn: conn.execute(
            "INSERT INTO project_settings (key, value) VALUES ('review', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (mode,)))
        self._review = mode
        with self.database.lock:
            self._cache.clear()  # the views follow the mode

    def view_name(self, layer: str | None = None) -> str:
        """The layer ``layer`` names (None: the one this annotator reads and corrects)."""
        if layer is not None:
            return layer
        if self.review != "independent":
            return SHARED
        return self.annotator

    @property
    def db(self):
        """The sqlite-utils view of the database (imported on first use: it is slow to import)."""
        return self.database.db

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: it changes when *another* connection (another reader,
        an import, ``analyze-all``) commits to the file, not on this one's own writes. Cheap
        enough to poll: a screen compares it to learn that it should repaint."""
        with self.database.lock:
            try:
                return int(self.conn.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error:
                return -1

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions --------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path} is read-only: nothing can be saved to it")

    def _transaction(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run ``work`` in one write transaction; a failure leaves the file as it was."""
        self._check_writable()
        with self.database.lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(f"cannot write to {self.path}: {sqlite_reason(exc)}") from None
            try:
                result = work(self.conn)
                self.conn.execute("COMMIT")
                return result
            except sqlite3.DatabaseError as exc:
                self._rollback()
                raise StoreError(f"cannot write to {self.path}: {sqlite_reason(exc)}") from None
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        try:
            self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    def _write(self, article_id: int, build: Callable[[sqlite3.Connection, Effective], Any],
               layer: str | None = None) -> Any:
        """One correction: read the latest state and append its event in ONE transaction.

        ``layer``: None writes to the annotator's own layer (read through their view: the shared
        one in a shared project), ``gold`` to the adjudicated layer."""
        if layer not in (None, GOLD):
            raise CorrectionError(f"corrections go to one's own layer or to gold, not to {layer!r}")
        view = self.view_name(layer)

        def work(conn):
            eff = self._effective(article_id, view)
            self._writing_layer = layer
            try:
                result = build(conn, eff)
            finally:
                self._writing_layer = None
            self._save_progress(conn, article_id, view)
            return result

        try:
            return self._transaction(work)
        except BaseException:
            self._forget(article_id)  # the cache may have read the rolled-back event
            raise

    def _forget(self, article_id: int) -> None:
        with self.database.lock:
            self._cache.pop(article_id, None)

    # --- articles ------------------------------------------------------------------------

    def add_article(self, text: str, source: str, title: str | None = None) -> int:
        """Return the id of the article with this text, adding it if it is new."""
        digest = content_hash(text)
        found = self.article_id_for(text)
        if found is not None:
            return found

        def work(conn):
            row = conn.execute("SELECT id FROM articles WHERE hash = ?", (digest,)).fetchone()
            if row:  # another process added it first
                return int(row[0])
            cur = conn.execute(
                "INSERT INTO articles (hash, source, title, text, added) VALUES (?, ?, ?, ?, ?)",
                (digest, source, title or title_of(text), text, _now()),
            )
            return int(cur.lastrowid)

        return self._transaction(work)

    @_reads
    def article_id_for(self, text: str) -> int | None:
        row = self.conn.execute("SELECT id FROM articles WHERE hash = ?", (content_hash(text),)).fetchone()
        return int(row[0]) if row else None

    @_reads
    def article(self, article_id: int) -> dict:
        row = self.conn.execute(
            "SELECT id, hash, source, title, text, added FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"no article {article_id} in {self.path}")
        return dict(zip(("id", "hash", "source", "title", "text", "added"), row))

    @_reads
    def articles(self) -> list[dict]:
        rows = self.conn.execute("SELECT id, source, title, added FROM articles ORDER BY id").fetchall()
        return [dict(zip(("id", "source", "title", "added"), r)) for r in rows]

    # --- machine analyses ----------------------------------------------------------------

    def save_analysis(self, article_id: int, analysis: Analysis) -> list[dict[str, Any]]:
        """Store a (re-)analysis. Corrections are kept and re-anchored; returns the orphans."""
        document = json.dumps(analysis.to_dict(), ensure_ascii=False)

        def work(conn):
            if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
                raise CorrectionError(f"no article {article_id} in {self.path}")
            conn.execute(
                "INSERT INTO analyses (article_id, model, version, created, document, rev) VALUES (?, ?, ?, ?, ?, 1)"
                " ON CONFLICT (article_id) DO UPDATE SET model = excluded.model, version = excluded.version,"
                " created = excluded.created, document = excluded.document, rev = analyses.rev + 1",
                (article_id, analysis.pipeline.model, analysis.pipeline.version, _now(), document),
            )
            self._save_progress(conn, article_id)

        try:
            self._transaction(work)
        except BaseException:
            self._forget(article_id)
            raise
        return self.effective(article_id).orphans

    @_reads
    def analysis(self, article_id: int) -> Analysis | None:
        """The machine analysis (no corrections), or None when the article has none yet."""
        cache = self._refresh(article_id)
        return Analysis.from_dict(cache.machine) if cache.machine is not None else None

    @_reads
    def analysis_document(self, article_id: int) -> str | None:
        """The machine analysis exactly as stored (a JSON document), or None."""
        row = self.conn.execute("SELECT document FROM analyses WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    @_reads
    def analysis_info(self, article_id: int) -> dict | None:
        row = self.conn.execute(
            "SELECT model, version, created, rev FROM analyses WHERE article_id = ?", (article_id,)
        ).fetchone()
        return dict(zip(("model", "version", "created", "rev"), row)) if row else None

    # --- the effective annotation --------------------------------------------------------

    @_reads
    def _refresh(self, article_id: int) -> _ArticleCache:
        """Bring the in-memory cache of one article up to date with the file (cheap when unchanged)."""
        with self.database.lock:
            cache = self._cache.get(article_id)
            if cache is None:
                cache = self._cache[article_id] = _ArticleCache()
                while len(self._cache) > CACHED_ARTICLES:
                    self._cache.popitem(last=False)
            else:
                self._cache.move_to_end(article_id)
            row = self.conn.execute("SELECT rev FROM analyses WHERE article_id = ?", (article_id,)).fetchone()
            rev = row[0] if row else None
            if rev != cache.rev:
                doc = self.conn.execute(
                    "SELECT document FROM analyses WHERE article_id = ?", (article_id,)
                ).fetchone()
                try:
                    cache.machine = json.loads(doc[0]) if doc else None
                    cache.resolver = Resolver(cache.machine) if doc else None
                except (ValueError, KeyError, TypeError) as exc:
                    self._cache.pop(article_id, None)
                    raise StoreError(f"the stored analysis of article {article_id} is unreadable ({exc})") from None
                cache.rev = rev
                for v in cache.views.values():
                    v.effective = None
                    v.builder = None
            new = load_events(self.conn, article_id, cache.last_seq)
            if new:
                cache.events.extend(new)
                for name, v in cache.views.items():
                    mine = [event for event in new if in_view(name, event)]
                    for event in mine:
                        v.log.feed(event)
                        if event.action in ("undo", "redo"):
                            v.builder = None  # the set in effect changed: rebuild
                        v.pending.append(event)
                    if mine:
                        v.effective = None
                cache.last_seq = new[-1].seq
            return cache

    def _effective(self, article_id: int, view: str | None = None) -> Effective:
        with self.database.lock:  # the builder is shared state: one thread at a time
            return self._effective_locked(article_id, self.view_name(view))

    def _effective_locked(self, article_id: int, view: str) -> Effective:
        cache = self._refresh(article_id)
        if cache.machine is None:
            raise CorrectionError(f"article {article_id} has not been analysed yet")
        v = cache.view(view, self.review == "independent")
        if v.effective is None:
            if v.builder is None:
                from .effective import Builder

                try:
                    v.builder = Builder(cache.machine, cache.resolver)
                except (KeyError, TypeError, ValueError) as exc:
                    raise StoreError(f"the stored analysis of article {article_id} is unreadable ({exc})") from None
                for event in v.log.active():
                    v.builder.apply(event)
            else:
                for event in v.pending:
                    v.builder.apply(event)
            v.pending.clear()
            v.effective = v.builder.result(v.log)
        return v.effective

    def effective(self, article_id: int, layer: str | None = None) -> Effective:
        """The machine analysis with the corrections in effect of one layer applied, in order.

        ``layer``: None — the layer this annotator works in (every annotator's corrections in a
        shared project, their own in an independent one); ``effective`` — every annotator's;
        ``gold`` — the adjudicated layer; an annotator's name — that annotator's own corrections.
        """
        return self._effective(article_id, layer)

    @_reads
    def history(self, article_id: int, layer: str | None = None) -> list[dict[str, Any]]:
        """The audit trail: every event in the log (``layer``: of that layer only), oldest first."""
        cache = self._refresh(article_id)
        view = layer or SHARED
        active = {e.uid for e in cache.view(view, self.review == "independent").log.done}
        orphaned = set()
        if cache.machine is not None:
            orphaned = {o["uid"] for o in self._effective(article_id, view).orphans}
        if layer is None and any(e.layer == GOLD for e in cache.events):  # gold's are in effect by gold's log
            active |= {e.uid for e in cache.view(GOLD).log.done}
            if cache.machine is not None:
                orphaned |= {o["uid"] for o in self._effective(article_id, GOLD).orphans}
        seq_of = {e.uid: e.seq for e in cache.events}
        out = []
        for e in cache.events:
            if layer is not None and not in_view(layer, e):
                continue
            d = e.to_dict()
            d["id"] = e.seq
            d["active"] = e.uid in active
            d["orphan"] = e.uid in orphaned
            if e.target is not None:
                d["target_id"] = seq_of.get(e.target)
            out.append(d)
        return out

    @_reads
    def events(self, article_id: int) -> list[Event]:
        return list(self._refresh(article_id).events)

    # --- review progress (store.progress holds the definition) ---------------------------

    def _has_progress_table(self) -> bool:
        return self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'review_progress'").fetchone() is not None

    def _save_progress(self, conn: sqlite3.Connection, article_id: int, view: str = SHARED) -> None:
        """Inside a write transaction: cache the article's progress (in the layer ``view``, and
        always in the shared view) as of this transaction."""
        cache = self._refresh(article_id)
        if cache.machine is None or not self._has_progress_table():
            return
        if view != SHARED and self.database.version() >= 6:
            reviewed, total = progress_of(self._effective(article_id, view))
            conn.execute(
                "INSERT INTO layer_progress (article_id, layer, rev, last_seq, reviewed, total)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, layer) DO UPDATE SET rev = excluded.rev,"
                " last_seq = excluded.last_seq, reviewed = excluded.reviewed, total = excluded.total",
                (article_id, view, cache.rev, self._last_seq_of(article_id, view), reviewed, total))
            return
        reviewed, total = progress_of(self._effective(article_id, SHARED))
        conn.execute(
            "INSERT INTO review_progress (article_id, rev, last_seq, reviewed, total) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (article_id) DO UPDATE SET rev = excluded.rev, last_seq = excluded.last_seq,"
            " reviewed = excluded.reviewed, total = excluded.total",
            (article_id, cache.rev, cache.last_seq, reviewed, total),
        )

    def progress(self, article_id: int, layer: str | None = None) -> Progress:
        """``(reviewed, total)`` of one analysed article (see ``store.progress``) in a layer
        (None: the one this annotator works in)."""
        return progress_of(self.effective(article_id, layer))

    def _machine_progress(self, article_ids: list[int]) -> dict[int, Progress]:
        """``(0, total)`` of articles without corrections, counted in SQL from their stored analysis."""
        with self.database.lock:
            counts = self.conn.execute(
                "SELECT an.article_id, (SELECT count(*) FROM json_each(an.document, '$.quotes') q"
                f"  WHERE {COUNTED_SQL})"
                f" FROM analyses an WHERE an.article_id IN ({','.join('?' * len(article_ids))})", article_ids).fetchall()
        return {article_id: (0, total) for article_id, total in counts}

    def _last_seq_of(self, article_id: int, view: str) -> int:
        """The last event of the layer ``view`` in the article (0: none)."""
        cache = self._refresh(article_id)
        return max((e.seq for e in cache.events if in_view(view, e)), default=0)

    @_reads
    def layer_progress(self, article_ids, layer: str) -> dict[int, Progress]:
        """``{article id: (reviewed, total)}`` in one annotator's layer (or gold), for the analysed
        ones among ``article_ids``: read from ``layer_progress`` (schema 6) when up to date, else
        counted and saved. An article without events in the layer counts as the machine's."""
        if layer == SHARED:
            return self.review_progress(article_ids)
        where = "e.layer = 'gold'" if layer == GOLD else "e.layer IS NULL AND e.annotator = ?"
        args = [] if layer == GOLD else [layer]
        return self._cached_progress(
            article_ids, layer,
            lambda n: ("SELECT an.article_id, an.rev,"
                       f" (SELECT coalesce(max(e.seq), 0) FROM events e WHERE e.article_id = an.article_id AND {where}),"
                       " lp.rev, lp.last_seq, lp.reviewed, lp.total FROM analyses an"
                       " LEFT JOIN layer_progress lp ON lp.article_id = an.article_id AND lp.layer = ?"
                       f" WHERE an.article_id IN ({','.join('?' * n)})"),
            lambda chunk: [*args, layer, *chunk])

    @_reads
    def review_progress(self, article_ids) -> dict[int, Progress]:
        """``{article id: (reviewed, total)}`` for the analysed ones among ``article_ids``.

        Cheap for a page of a large library: an article without corrections is counted in
        SQL from its stored analysis, one with corrections is read from ``review_progress``;
        only a row that is missing or out of date (events written by another program, a
        database from before schema 3) costs an effective annotation, and is then saved.
        """
        if self.review == "independent":
            return self.layer_progress(article_ids, self.annotator)
        has_table = self._has_progress_table()
        cached = ("rp.rev, rp.last_seq, rp.reviewed, rp.total" if has_table else "NULL, NULL, NULL, NULL")
        joined = " LEFT JOIN review_progress rp ON rp.article_id = an.article_id" if has_table else ""
        return self._cached_progress(
            article_ids, SHARED,
            lambda n: ("SELECT an.article_id, an.rev,"
                       " (SELECT coalesce(max(e.seq), 0) FROM events e WHERE e.article_id = an.article_id) AS last_seq,"
                       f" {cached} FROM analyses an{joined}"
                       f" WHERE an.article_id IN ({','.join('?' * n)})"),
            lambda chunk: chunk, save=has_table)

    def _cached_progress(self, article_ids, layer: str, query, params, save: bool = True) -> dict[int, Progress]:
        """The progress of ``article_ids`` in ``layer`` from its cache table, 500 articles a query:
        ``query(n)`` selects (article id, analysis rev, last event seq, then the cache's rev,
        last seq, reviewed, total) for ``n`` ids bound by ``params(chunk)``. An up-to-date cache row
        is used as it is; an article without events is counted in SQL from its stored analysis;
        any other costs an effective annotation, and is then saved (``save``: the table exists)."""
        ids = [int(i) for i in article_ids]
        out: dict[int, Progress] = {}
        stale: list[int] = []
        with self.database.lock:
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                plain = []
                for article_id, rev, last_seq, c_rev, c_seq, c_reviewed, c_total in self.conn.execute(
                        query(len(chunk)), params(chunk)).fetchall():
                    if c_rev == rev and c_seq == last_seq:
                        out[article_id] = (c_reviewed, c_total)
                    elif last_seq == 0:
                        plain.append(article_id)
                    else:
                        stale.append(article_id)
                if plain:
                    try:
                        out.update(self._machine_progress(plain))
                    except sqlite3.OperationalError:  # not JSON: let the effective annotation say why
                        stale.extend(plain)
        fresh: list[int] = []
        for article_id in stale:
            try:
                out[article_id] = self.progress(article_id, layer)
                fresh.append(article_id)
            except StoreError:
                continue  # an unreadable analysis: no progress to show
        if fresh and save and not self.read_only:
            try:
                self._transaction(lambda conn: [self._save_progress(conn, a, layer) for a in fresh])
            except StoreError:
                pass  # busy or read-only after all: it is only a cache
        return out
