"""Read our own JSONL export back: articles, their machine analyses and the correction log.

Only ``article`` and ``correction`` records are read (``quote`` and ``speaker`` records are
derived from them). Importing is idempotent: a correction already in the database (same
``uid``, same content) is skipped, so importing the same file twice adds nothing. The whole
import is one transaction: a bad line leaves the database as it was.

The audit trail cannot be forged through an import:

- every article's analysis passes the same contract as ``import-analyses`` (``nlp.contract``);
- the file's history is *verified* when, per article, its corrections are in ``seq`` order with
  unique uids, times that parse, never go backwards and are not in the future, and the
  ``active`` flag of each equals what replaying the file's own log gives (what our export
  writes). Only then do imported events keep the annotator and time the file gives them;
  otherwise they are recorded as made by the importing annotator, now, and the file's claims
  are kept beside them;
- an undo or redo is accepted only in a verified history and only of an event in the same
  file: an import never undoes a correction it does not contain;
- every event it adds is marked as imported (``imports``, ``imported_events``: by whom, when,
  from which file and its sha256), and exports show the mark.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from nlp.contract import problems
from nlp.model import Analysis

from .articles import Store, _now, content_hash, title_of
from .corrections import CONTROL_ACTIONS, CORRECTION_ACTIONS, GOLD, GOLD_ACTIONS, Event, LogState, insert_event
from .database import IMPORTED_EVENTS, IMPORTS
from .errors import ExportError
from .files import NotAFile, json_lines

EVENT_FIELDS = ("uid", "at", "annotator", "action", "entity", "entity_id", "field", "old", "new", "anchor", "target")
# What must agree for a correction already in the database to be "the same one" again.
SAME_EVENT = ("annotator", "at", "action", "entity", "entity_id", "field", "old", "new", "target", "layer", "basis")


@dataclass
class ImportResult:
    articles: int = 0
    corrections: int = 0
    skipped: int = 0  # corrections already in the database
    verified: bool = True  # the file's history was verified: original annotators and times kept
    reason: str = ""  # why it was not

    def summary(self, annotator: str, path) -> str:
        """The one line the command line prints."""
        text = (f"imported {self.corrections} corrections ({self.skipped} already present)"
                f" for {self.articles} new articles from {path}")
        if not self.corrections:
            return text
        if self.verified:
            return text + "; history verified: the file's annotators and times are kept, marked as imported"
        return (text + f"; history NOT verified ({self.reason}): recorded as by {annotator}, now,"
                " with the file's annotators and times kept as claims")


def _read(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], str]:
    """The file's records (line number, record) and its sha256."""
    try:
        lines = json_lines(path)
        sha256 = _sha256(path)
    except FileNotFoundError:
        raise ExportError(f"{path}: no such file") from None
    except NotAFile as exc:
        raise ExportError(str(exc)) from None
    except OSError as exc:
        raise ExportError(f"cannot read {path}: {exc.strerror}") from None
    out = []
    for n, record, why in lines:
        if why:
            raise ExportError(f"{path}:{n}: {why}")
        if not isinstance(record, dict) or not isinstance(record.get("type"), str):
            raise ExportError(f"{path}:{n}: not a stance-reader export record")
        out.append((n, record))
    return out, sha256


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:  # a regular file: json_lines has checked
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _event(r: dict[str, Any], article_id: int) -> Event:
    return Event(int(r["seq"]), str(r["uid"]), article_id, str(r["at"]), str(r["annotator"]), str(r["action"]),
                 str(r["entity"]), r.get("entity_id"), r.get("field"), r.get("old"), r.get("new"), r.get("anchor"),
                 r.get("target"), r.get("layer"), r.get("basis"))


def _when(value: str) -> datetime:
    at = datetime.fromisoformat(value)
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)


def verify_history(path: Path, corrections: dict[Any, list[tuple[int, dict[str, Any]]]]) -> str:
    """Why the corrections of the file (per article, in file order) are not a consistent
    stance-reader history; ``""`` when they are."""
    latest = datetime.now(timezone.utc) + timedelta(minutes=5)  # clocks differ a little
    for records in corrections.values():
        last_seq, last_at, seen = 0, None, set()
        for n, r in records:
            where = f"line {n}"
            seq = r.get("seq")
            if not isinstance(seq, int) or isinstance(seq, bool) or seq <= last_seq:
                return f"{where}: seq {seq!r} is not after {last_seq}"
            if r["uid"] in seen:
                return f"{where}: uid {r['uid']!r} appears twice"
            try:
                at = _when(str(r["at"]))
            except ValueError:
                return f"{where}: time {r['at']!r} is not an ISO time"
            if last_at is not None and at < last_at:
                return f"{where}: time goes backwards"
            if at > latest:
                return f"{where}: time is in the future"
            if not isinstance(r.get("active"), bool):
                return f"{where}: no active flag"
            last_seq, last_at = seq, at
            seen.add(r["uid"])
        # the log replayed as one (a shared project) or as independent layers: either may have written it
        mismatches = [_mismatch(records, per_layer) for per_layer in (False, True)]
        if all(mismatches):
            return mismatches[0]
    return ""


def _mismatch(records, per_layer: bool) -> str:
    """The first record whose ``active`` flag differs from the replayed log ("" if none)."""
    log = LogState(per_layer=per_layer)
    for _, r in records:
        log.feed(_event(r, 0))
    active = {e.uid for e in log.done}
    for n, r in records:
        if r["active"] != (r["uid"] in active):
            return f"line {n}: 'active' does not match the history"
    return ""


def import_annotations(store: Store, path: str | Path) -> ImportResult:
    path = Path(path)
    records, sha256 = _read(path)
    result = ImportResult()
    if not any(r["type"] == "article" for _, r in records):
        raise ExportError(f"{path} has no article records: is it a stance-reader JSONL export?")
    corrections = _check(path, records)
    result.reason = verify_history(path, corrections)
    result.verified = not result.reason
    if not result.verified:
        controls = [n for rs in corrections.values() for n, r in rs if r["action"] in CONTROL_ACTIONS]
        if controls:
            raise ExportError(f"{path}:{controls[0]}: an undo/redo in a file whose history cannot be verified"
                              f" ({result.reason}); nothing imported")

    def work(conn):
        ids: dict[Any, int] = {}
        import_id = None
        now = _now()
        for n, r in records:
            where = f"{path}:{n}"
            if r["type"] == "article":
                ids[r.get("article_id")] = _article(conn, r, result)
            elif r["type"] == "correction":
                row = conn.execute(f"SELECT {', '.join(SAME_EVENT)} FROM events WHERE uid = ?", (r["uid"],)).fetchone()
                if row is not None:
                    if not _same(row, r):
                        raise ExportError(f"{where}: correction {r['uid']!r} is already in the database with other"
                                          " content; nothing imported")
                    result.skipped += 1
                    continue
                if import_id is None:
                    import_id = conn.execute(
                        f"INSERT INTO [{IMPORTS}] (at, by, file, sha256, verified, reason) VALUES (?, ?, ?, ?, ?, ?)",
                        (now, store.annotator, str(path.resolve()), sha256, int(result.verified), result.reason or None),
                    ).lastrowid
                annotator, at = (str(r["annotator"]), str(r["at"])) if result.verified else (store.annotator, now)
                insert_event(conn, ids[r["article_id"]], annotator, r["action"], r["entity"],
                             r.get("entity_id"), r.get("field"), r.get("old"), r.get("new"), r.get("anchor"),
                             r.get("target"), uid=str(r["uid"]), at=at, layer=r.get("layer"),
                             basis=None if r.get("basis") is None else str(r["basis"]))
                conn.execute(f"INSERT INTO [{IMPORTED_EVENTS}] (uid, import_id, annotator, at) VALUES (?, ?, ?, ?)",
                             (str(r["uid"]), import_id, str(r["annotator"]), str(r["at"])))
                result.corrections += 1

    store._transaction(work)
    return result


def import_marks(store: Store, article_id: int) -> dict[str, dict[str, Any]]:
    """uid -> how that event of the article came in by import: ``{"by", "at", "file", "sha256",
    "verified"}``, plus ``"claimed": {"annotator", "at"}`` when the file's history was not
    verified (the event is then recorded as by the importer)."""
    with store.database.lock:
        rows = store.conn.execute(
            f"SELECT e.uid, i.by, i.at, i.file, i.sha256, i.verified, m.annotator, m.at FROM [{IMPORTED_EVENTS}] m"
            f" JOIN [{IMPORTS}] i ON i.id = m.import_id JOIN events e ON e.uid = m.uid WHERE e.article_id = ?",
            (article_id,)).fetchall()
    out = {}
    for uid, by, at, file, sha256, verified, claimed_by, claimed_at in rows:
        mark = {"by": by, "at": at, "file": file, "sha256": sha256, "verified": bool(verified)}
        if not verified:
            mark["claimed"] = {"annotator": claimed_by, "at": claimed_at}
        out[uid] = mark
    return out


def _same(row: tuple, r: dict[str, Any]) -> bool:
    stored = dict(zip(SAME_EVENT, row))
    for key in ("old", "new"):
        stored[key] = json.loads(stored[key]) if stored[key] is not None else None
    # an event imported unverified is stored under the importer's name and time
    return all(stored[k] == r.get(k) for k in SAME_EVENT if k not in ("annotator", "at"))


def _check(path: Path, records) -> dict[Any, list[tuple[int, dict[str, Any]]]]:
    """Every record checked before anything is written; the corrections per article."""
    articles: set[Any] = set()
    corrections: dict[Any, list[tuple[int, dict[str, Any]]]] = {}
    uids: dict[str, Any] = {}
    for n, r in records:
        where = f"{path}:{n}"
        kind = r["type"]
        if kind == "article":
            if not isinstance(r.get("text"), str):
                raise ExportError(f"{where}: bad article record (no text)")
            found = problems(r.get("analysis"))
            if found:
                more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
                raise ExportError(f"{where}: analysis: {found[0]}{more}")
            if r["analysis"]["text"] != r["text"]:
                raise ExportError(f"{where}: the analysis is of another text")
            if r.get("hash") is not None and r["hash"] != content_hash(r["text"]):
                raise ExportError(f"{where}: the hash does not match the text")
            try:
                articles.add(r.get("article_id"))
            except TypeError:
                raise ExportError(f"{where}: bad article_id") from None
        elif kind == "correction":
            try:
                known = r.get("article_id") in articles
            except TypeError:
                known = False
            if not known:
                raise ExportError(f"{where}: correction before its article record")
            missing = [f for f in ("uid", "at", "annotator", "action", "entity") if not isinstance(r.get(f), str) or not r[f]]
            if missing:
                raise ExportError(f"{where}: correction without {', '.join(missing)} (or not text)")
            if r["action"] not in CORRECTION_ACTIONS + CONTROL_ACTIONS + GOLD_ACTIONS:
                raise ExportError(f"{where}: unknown correction {r['action']!r}")
            if r.get("layer") not in (None, GOLD):
                raise ExportError(f"{where}: unknown layer {r['layer']!r}")
            for key in ("entity_id", "field", "target", "basis"):
                if r.get(key) is not None and not isinstance(r[key], str):
                    raise ExportError(f"{where}: correction {key} is not text")
            if r["uid"] in uids:
                raise ExportError(f"{where}: correction uid {r['uid']!r} appears twice")
            if r["action"] in CONTROL_ACTIONS:
                target_article = uids.get(r.get("target"), _NOWHERE)
                if target_article is _NOWHERE or target_article != r["article_id"]:
                    raise ExportError(f"{where}: {r['action']} of a correction that is not in this file"
                                      " (an import never undoes what it does not contain)")
            uids[r["uid"]] = r["article_id"]
            corrections.setdefault(r["article_id"], []).append((n, r))
        elif kind not in ("quote", "speaker"):
            raise ExportError(f"{where}: unknown record type {kind!r}")
    return corrections


_NOWHERE = object()


def _article(conn, r: dict[str, Any], result: ImportResult) -> int:
    """The database id of the article of record ``r``, added with its machine analysis if new."""
    text = r["text"]
    analysis = Analysis.from_dict(r["analysis"])
    digest = content_hash(text)
    row = conn.execute("SELECT id FROM articles WHERE hash = ?", (digest,)).fetchone()
    if row:
        article_id = int(row[0])
    else:
        source, title, added = (r.get(k) if isinstance(r.get(k), str) else None for k in ("source", "title", "added"))
        article_id = int(conn.execute(
            "INSERT INTO articles (hash, source, title, text, added) VALUES (?, ?, ?, ?, ?)",
            (digest, source, title or title_of(text), text, added or _now()),
        ).lastrowid)
        result.articles += 1
    if conn.execute("SELECT 1 FROM analyses WHERE article_id = ?", (article_id,)).fetchone() is None:
        pipeline = r.get("pipeline") if isinstance(r.get("pipeline"), dict) else {}
        analysed = pipeline.get("analysed") if isinstance(pipeline.get("analysed"), str) else None
        conn.execute(
            "INSERT INTO analyses (article_id, model, version, created, document, rev) VALUES (?, ?, ?, ?, ?, 1)",
            (article_id, analysis.pipeline.model, analysis.pipeline.version, analysed or _now(),
             json.dumps(analysis.to_dict(), ensure_ascii=False)),
        )
    return article_id
