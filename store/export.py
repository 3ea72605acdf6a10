"""Export the effective annotations: JSONL (ours, re-importable), CSV, Prodigy JSONL, spaCy DocBin.

See ``store/EXPORT.md`` for every record and column. Exports are written to a temporary
file in the destination directory and renamed into place, so a failure never leaves a
half-written file, and an existing file is never replaced unless ``force``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import IO, Any, Iterable, Iterator

from .articles import Store
from .effective import Effective, Provenance
from .errors import ExportError
from .formats import FORMATS, SUFFIXES, TEXT_FORMATS  # noqa: F401  (re-exported)

QUOTE_FIELDS = ("speaker", "kind")
# Cells a spreadsheet would run as a formula get a leading apostrophe (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _prov(p: Provenance | None) -> dict[str, Any]:
    return {"source": "corrected", "annotator": p.annotator, "at": p.at} if p else {"source": "machine"}


def selected_articles(store: Store, article_ids: Iterable[int] | None) -> list[int]:
    """The analysed articles to export: ``article_ids`` (checked) or all of them."""
    analysed = {r[0] for r in store.conn.execute("SELECT article_id FROM analyses").fetchall()}
    if article_ids is None:
        return sorted(analysed)
    ids = []
    for article_id in article_ids:
        article_id = int(article_id)
        if store.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
            raise ExportError(f"no article {article_id} in {store.path}")
        if article_id not in analysed:
            raise ExportError(f"article {article_id} has not been analysed yet; open it first")
        if article_id not in ids:
            ids.append(article_id)
    return ids


def quote_record(article: dict, eff: Effective, quote, rejected: bool) -> dict[str, Any]:
    speaker = eff.analysis.speaker(quote.speaker)
    added = eff.corrected.get(("quote", quote.id, "added"))
    provenance = {f: _prov(eff.corrected.get(("quote", quote.id, f))) for f in QUOTE_FIELDS}
    for target in quote.stance:
        provenance[f"stance.{target}"] = _prov(eff.corrected.get(("quote", quote.id, f"stance.{target}")))
    provenance["status"] = _prov(eff.corrected.get(("quote", quote.id, "rejected")))
    reviewed = eff.reviewed_by.get(quote.id)
    return {
        "type": "quote",
        "article_id": article["id"],
        "source": article["source"],
        "quote_id": quote.id,
        "origin": "added" if added else "machine",
        "start": quote.start,
        "end": quote.end,
        "text": quote.text,
        "kind": quote.kind,
        "speaker_id": quote.speaker,
        "speaker": speaker.name if speaker else None,
        "status": "rejected" if rejected else "accepted",
        "reviewed": quote.id in eff.reviewed,
        "reviewed_by": {"annotator": reviewed.annotator, "at": reviewed.at} if reviewed else None,
        "sentiment": quote.sentiment.to_dict(),
        "stance": {t: {"label": s.label, "score": s.score} for t, s in sorted(quote.stance.items())},
        "provenance": provenance,
    }


def speaker_record(article: dict, eff: Effective, speaker) -> dict[str, Any]:
    provenance = {"name": _prov(eff.corrected.get(("speaker", speaker.id, "name")))}
    for target in speaker.stance:
        provenance[f"stance.{target}"] = _prov(eff.corrected.get(("speaker", speaker.id, f"stance.{target}")))
    return {
        "type": "speaker",
        "article_id": article["id"],
        "source": article["source"],
        "speaker_id": speaker.id,
        "name": speaker.name,
        "kind": speaker.kind,
        "aliases": list(speaker.aliases),
        "origin": "added" if ("speaker", speaker.id, "added") in eff.corrected else "machine",
        "stance": {t: {"label": s.label, "score": s.score, "quotes": s.quotes} for t, s in sorted(speaker.stance.items())},
        "provenance": provenance,
    }


def records(store: Store, article_ids: Iterable[int] | None = None) -> Iterator[dict[str, Any]]:
    """Our JSONL records, article by article: article, quotes, speakers, corrections."""
    for article_id in selected_articles(store, article_ids):
        article = store.article(article_id)
        eff = store.effective(article_id)
        info = store.analysis_info(article_id)
        yield {
            "type": "article",
            "article_id": article_id,
            "source": article["source"],
            "title": article["title"],
            "hash": article["hash"],
            "added": article["added"],
            "pipeline": {"model": info["model"], "version": info["version"], "analysed": info["created"]},
            "text": article["text"],
            "analysis": RawJSON(_one_line(store.analysis_document(article_id))),
        }
        for quote in eff.analysis.quotes:
            yield quote_record(article, eff, quote, rejected=False)
        for quote in eff.rejected:
            yield quote_record(article, eff, quote, rejected=True)
        for speaker in eff.analysis.speakers:
            yield speaker_record(article, eff, speaker)
        for event in store.history(article_id):
            event = {k: v for k, v in event.items() if k not in ("article_id", "id", "target_id")}
            yield {"type": "correction", "article_id": article_id, "source": article["source"], **event}


# --- writers -------------------------------------------------------------------------------


def _one_line(document: str) -> str:
    return json.dumps(json.loads(document), ensure_ascii=False) if "\n" in document else document


class RawJSON(str):
    """A JSON document already encoded (the stored analysis): spliced in, not re-encoded."""


_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def dumps(record: dict[str, Any]) -> str:
    if record["type"] != "article":
        return _encode(record)
    raw = {k: v for k, v in record.items() if isinstance(v, RawJSON)}
    if not raw:
        return _encode(record)
    head = json.dumps({k: v for k, v in record.items() if k not in raw}, ensure_ascii=False)
    tail = "".join(f", {json.dumps(k)}: {v}" for k, v in raw.items())
    return head[:-1] + tail + "}"


def write_jsonl(store: Store, out: IO[str], article_ids=None) -> int:
    n = 0
    for record in records(store, article_ids):
        out.write(dumps(record) + "\n")
        n += 1
    return n


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(store: Store, out: IO[str], article_ids=None) -> int:
    rows: list[dict[str, Any]] = []
    targets: set[str] = set()
    for r in records(store, article_ids):
        if r["type"] not in ("quote", "speaker"):
            continue
        targets.update(r["stance"])
        corrections = [p for p in r["provenance"].values() if p["source"] == "corrected"]
        latest = max(corrections, key=lambda p: p["at"]) if corrections else None
        row = {
            "type": r["type"],
            "article_id": r["article_id"],
            "source": r["source"],
            "id": r.get("quote_id") or r.get("speaker_id"),
            "origin": r["origin"],
        }
        if r["type"] == "quote":
            row.update(
                start=r["start"], end=r["end"], text=r["text"], kind=r["kind"],
                kind_source=r["provenance"]["kind"]["source"], speaker_id=r["speaker_id"], speaker=r["speaker"],
                speaker_source=r["provenance"]["speaker"]["source"], status=r["status"],
                reviewed=int(r["reviewed"]), sentiment=r["sentiment"]["compound"],
            )
        else:
            row.update(speaker_id=r["speaker_id"], speaker=r["name"], speaker_source=r["provenance"]["name"]["source"],
                       kind=r["kind"], aliases="; ".join(r["aliases"]))
        for target, stance in r["stance"].items():
            row[f"stance.{target}"] = stance["label"]
            row[f"score.{target}"] = stance["score"]
            row[f"source.{target}"] = r["provenance"][f"stance.{target}"]["source"]
            if "quotes" in stance:
                row[f"quotes.{target}"] = stance["quotes"]
        row["corrected_by"] = "; ".join(sorted({p["annotator"] for p in corrections}))
        row["corrected_at"] = latest["at"] if latest else ""
        rows.append(row)
    columns = ["type", "article_id", "source", "id", "origin", "start", "end", "text", "kind", "kind_source",
               "speaker_id", "speaker", "speaker_source", "aliases", "status", "reviewed", "sentiment"]
    for target in sorted(targets):
        columns += [f"stance.{target}", f"score.{target}", f"source.{target}", f"quotes.{target}"]
    columns += ["corrected_by", "corrected_at"]
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="raise", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return len(rows)


def _tokenizer():
    import spacy

    return spacy.blank("en")


def training_docs(store: Store, article_ids=None) -> Iterator[tuple[dict, Effective]]:
    for article_id in selected_articles(store, article_ids):
        yield store.article(article_id), store.effective(article_id)


def write_prodigy(store: Store, out: IO[str], article_ids=None) -> int:
    """One Prodigy-style task per article: tokens, spans (QUOTE, SPEAKER, TARGET) and relations."""
    nlp = _tokenizer()
    n = 0
    for article, eff in training_docs(store, article_ids):
        doc = nlp.make_doc(eff.analysis.text)
        tokens = [{"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
                  for t in doc]
        spans: list[dict[str, Any]] = []
        relations: list[dict[str, Any]] = []

        def span(start: int, end: int, label: str) -> dict[str, Any] | None:
            s = doc.char_span(start, end, alignment_mode="expand")
            if s is None or len(s) == 0:
                return None
            d = {"start": s.start_char, "end": s.end_char, "token_start": s.start, "token_end": s.end - 1,
                 "label": label}
            if d not in spans:
                spans.append(d)
            return d

        def relate(head: dict, child: dict, label: str) -> None:
            relations.append({"head": head["token_end"], "child": child["token_end"], "head_span": head,
                              "child_span": child, "label": label})

        quotes_meta = []
        for q in eff.analysis.quotes:
            qs = span(q.start, q.end, "QUOTE")
            if qs is None:
                continue
            speaker = eff.analysis.speaker(q.speaker)
            corrected = ("quote", q.id, "speaker") in eff.corrected
            if q.speaker_mention is not None and speaker is not None and not corrected:
                ms = span(q.speaker_mention.start, q.speaker_mention.end, "SPEAKER")
                if ms is not None:
                    relate(ms, qs, "SPEAKER_OF")
            for m in eff.analysis.mentions:
                if q.start <= m.start < q.end and m.target in q.stance:
                    ts = span(m.start, m.end, "TARGET")
                    if ts is not None:
                        relate(qs, ts, "STANCE_" + q.stance[m.target].label.upper())
            quotes_meta.append({"quote_id": q.id, "token_start": qs["token_start"], "token_end": qs["token_end"],
                                "kind": q.kind, "speaker": speaker.name if speaker else None,
                                "stance": {t: s.label for t, s in sorted(q.stance.items())}})
        task = {
            "text": eff.analysis.text,
            "meta": {"article_id": article["id"], "source": article["source"], "title": article["title"]},
            "tokens": tokens,
            "spans": sorted(spans, key=lambda s: (s["start"], s["end"])),
            "relations": relations,
            "quotes": quotes_meta,
            "answer": "accept",
        }
        out.write(json.dumps(task, ensure_ascii=False) + "\n")
        n += 1
    return n


def spacy_docbin(store: Store, article_ids=None):
    """A spaCy ``DocBin``: span groups ``quotes`` (label = kind), ``speakers``, ``cues``,
    ``targets`` (label = target) and ``stance`` (quote spans labelled ``TARGET:label``)."""
    from spacy.tokens import DocBin

    nlp = _tokenizer()
    docbin = DocBin(store_user_data=True)
    for article, eff in training_docs(store, article_ids):
        doc = nlp.make_doc(eff.analysis.text)
        groups: dict[str, list] = {"quotes": [], "speakers": [], "cues": [], "targets": [], "stance": []}

        def add(group: str, start: int, end: int, label: str) -> None:
            s = doc.char_span(start, end, label=label, alignment_mode="expand")
            if s is not None and len(s):
                groups[group].append(s)

        quotes_meta = []
        for q in eff.analysis.quotes:
            add("quotes", q.start, q.end, q.kind)
            if q.cue is not None:
                add("cues", q.cue.start, q.cue.end, "CUE")
            if q.speaker_mention is not None and ("quote", q.id, "speaker") not in eff.corrected:
                add("speakers", q.speaker_mention.start, q.speaker_mention.end, "SPEAKER")
            for target, stance in sorted(q.stance.items()):
                add("stance", q.start, q.end, f"{target}:{stance.label}")
            speaker = eff.analysis.speaker(q.speaker)
            quotes_meta.append({"quote_id": q.id, "start": q.start, "end": q.end,
                                "speaker": speaker.name if speaker else None})
        for m in eff.analysis.mentions:
            add("targets", m.start, m.end, m.target)
        for name, spans in groups.items():
            doc.spans[name] = spans
        doc.user_data["stance_reader"] = {"article_id": article["id"], "source": article["source"],
                                          "quotes": quotes_meta}
        docbin.add(doc)
    return docbin


def write(store: Store, out: IO[str], fmt: str, article_ids=None) -> int:
    """Write a text format to an open stream (e.g. stdout); returns the records written."""
    writers = {"jsonl": write_jsonl, "csv": write_csv, "prodigy": write_prodigy}
    if fmt not in writers:
        raise ExportError(f"format {fmt!r} cannot be written as text; give a file with -o")
    return writers[fmt](store, out, article_ids)


def export(store: Store, path: str | Path, fmt: str, article_ids: Iterable[int] | None = None,
           force: bool = False) -> int:
    """Export to ``path`` (atomically); returns the number of records written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"{path} is a directory")
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; use --force to overwrite it")
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: no such directory {path.parent}")
    article_ids = selected_articles(store, article_ids)  # fail before creating anything
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror}") from None
    try:
        if fmt == "spacy":
            docbin = spacy_docbin(store, article_ids)
            data = docbin.to_bytes()
            count = len(docbin)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                count = write(store, fh, fmt, article_ids)
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the file appeared meanwhile: never overwrite
            except FileExistsError:
                raise ExportError(f"{path} already exists; use --force to overwrite it") from None
            except OSError:
                if path.exists():
                    raise ExportError(f"{path} already exists; use --force to overwrite it") from None
                os.replace(tmp, path)
        return count
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def to_string(store: Store, fmt: str, article_ids=None) -> str:
    buf = io.StringIO()
    write(store, buf, fmt, article_ids)
    return buf.getvalue()
