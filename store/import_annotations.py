"""Read our own JSONL export back: articles, their machine analyses and the correction log.

Only ``article`` and ``correction`` records are read (``quote`` and ``speaker`` records are
derived from them). Importing is idempotent: a correction already in the database (same
``uid``) is skipped, so importing the same file twice adds nothing. The whole import is one
transaction: a bad line leaves the database as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp.model import Analysis

from .articles import Store, content_hash, title_of, _now
from .corrections import CONTROL_ACTIONS, CORRECTION_ACTIONS, GOLD, GOLD_ACTIONS, insert_event
from .errors import ExportError

EVENT_FIELDS = ("uid", "at", "annotator", "action", "entity", "entity_id", "field", "old", "new", "anchor", "target")


@dataclass
class ImportResult:
    articles: int = 0
    corrections: int = 0
    skipped: int = 0  # corrections already in the database


def _read(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ExportError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ExportError(f"{path} is a directory") from None
    except UnicodeDecodeError:
        raise ExportError(f"{path} is not a UTF-8 JSONL file") from None
    except OSError as exc:
        raise ExportError(f"cannot read {path}: {exc.strerror}") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ExportError(f"{path}:{n}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict) or "type" not in record:
            raise ExportError(f"{path}:{n}: not a stance-reader export record")
        out.append((n, record))
    return out


def import_annotations(store: Store, path: str | Path) -> ImportResult:
    path = Path(path)
    records = _read(path)
    result = ImportResult()
    if not any(r["type"] == "article" for _, r in records):
        raise ExportError(f"{path} has no article records: is it a stance-reader JSONL export?")

    def work(conn):
        ids: dict[Any, int] = {}
        for n, r in records:
            where = f"{path}:{n}"
            if r["type"] == "article":
                try:
                    text = str(r["text"])
                    analysis = Analysis.from_dict(r["analysis"])
                except (KeyError, TypeError, ValueError) as exc:
                    raise ExportError(f"{where}: bad article record ({exc})") from None
                if analysis.text != text:
                    raise ExportError(f"{where}: the analysis is of another text")
                digest = content_hash(text)
                row = conn.execute("SELECT id FROM articles WHERE hash = ?", (digest,)).fetchone()
                if row:
                    article_id = int(row[0])
                else:
                    article_id = int(conn.execute(
                        "INSERT INTO articles (hash, source, title, text, added) VALUES (?, ?, ?, ?, ?)",
                        (digest, r.get("source"), r.get("title") or title_of(text), text, r.get("added") or _now()),
                    ).lastrowid)
                    result.articles += 1
                if conn.execute("SELECT 1 FROM analyses WHERE article_id = ?", (article_id,)).fetchone() is None:
                    conn.execute(
                        "INSERT INTO analyses (article_id, model, version, created, document, rev)"
                        " VALUES (?, ?, ?, ?, ?, 1)",
                        (article_id, analysis.pipeline.model, analysis.pipeline.version,
                         (r.get("pipeline") or {}).get("analysed") or _now(),
                         json.dumps(analysis.to_dict(), ensure_ascii=False)),
                    )
                ids[r.get("article_id")] = article_id
            elif r["type"] == "correction":
                if r.get("article_id") not in ids:
                    raise ExportError(f"{where}: correction before its article record")
                missing = [f for f in ("uid", "at", "annotator", "action", "entity") if not r.get(f)]
                if missing:
                    raise ExportError(f"{where}: correction without {', '.join(missing)}")
                if r["action"] not in CORRECTION_ACTIONS + CONTROL_ACTIONS + GOLD_ACTIONS:
                    raise ExportError(f"{where}: unknown correction {r['action']!r}")
                if r.get("layer") not in (None, GOLD):
                    raise ExportError(f"{where}: unknown layer {r['layer']!r}")
                if conn.execute("SELECT 1 FROM events WHERE uid = ?", (r["uid"],)).fetchone():
                    result.skipped += 1
                    continue
                insert_event(conn, ids[r["article_id"]], str(r["annotator"]), r["action"], r["entity"],
                             r.get("entity_id"), r.get("field"), r.get("old"), r.get("new"), r.get("anchor"),
                             r.get("target"), uid=str(r["uid"]), at=str(r["at"]), layer=r.get("layer"),
                             basis=None if r.get("basis") is None else str(r["basis"]))
                result.corrections += 1
            elif r["type"] not in ("quote", "speaker"):
                raise ExportError(f"{where}: unknown record type {r['type']!r}")

    store._transaction(work)
    return result
