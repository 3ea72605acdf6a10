"""Export the effective annotations: JSONL (ours, re-importable), CSV, Prodigy JSONL, spaCy DocBin.

See ``store/EXPORT.md`` for every record and column. Exports are written to a temporary
file in the destination directory and renamed into place, so a failure never leaves a
half-written file, and an existing file is never replaced unless ``force``.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import sqlite3
import tempfile
from contextlib import contextmanager
from json import encoder as _json_encoder
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, NamedTuple

from nlp.model import SCHEMA, QuoteStance, Speaker
from nlp.stance import aggregate

from .articles import Store
from .effective import Effective, Provenance
from .errors import ExportError, StoreError
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


def _speaker_names(eff: Effective) -> dict[Any, str]:
    """Speaker id -> name, the first speaker with each id winning (as ``Analysis.speaker``)."""
    names: dict[Any, str] = {}
    for s in eff.analysis.speakers:
        names.setdefault(s.id, s.name)
    return names


def quote_record(article: dict, eff: Effective, quote, rejected: bool,
                 names: dict[Any, str] | None = None) -> dict[str, Any]:
    if names is None:
        speaker = eff.analysis.speaker(quote.speaker)
        name = speaker.name if speaker else None
    else:
        try:
            name = names.get(quote.speaker)
        except TypeError:  # an unhashable speaker id names no speaker
            name = None
    corrected = eff.corrected
    qid = quote.id
    added = corrected.get(("quote", qid, "added"))
    provenance = {f: _prov(corrected.get(("quote", qid, f))) for f in QUOTE_FIELDS}
    for target in quote.stance:
        provenance[f"stance.{target}"] = _prov(corrected.get(("quote", qid, f"stance.{target}")))
    provenance["status"] = _prov(corrected.get(("quote", qid, "rejected")))
    reviewed = eff.reviewed_by.get(qid)
    record = {
        "type": "quote",
        "article_id": article["id"],
        "source": article["source"],
        "quote_id": qid,
        "origin": "added" if added else "machine",
        "start": quote.start,
        "end": quote.end,
        "text": quote.text,
        "kind": quote.kind,
        "speaker_id": quote.speaker,
        "speaker": name,
        "status": "rejected" if rejected else "accepted",
        "reviewed": qid in eff.reviewed,
        "reviewed_by": {"annotator": reviewed.annotator, "at": reviewed.at} if reviewed else None,
        "sentiment": quote.sentiment.to_dict(),
        "stance": {t: {"label": s.label, "score": s.score} for t, s in sorted(quote.stance.items())},
        "provenance": provenance,
    }
    if quote.via is not None:
        via = eff.analysis.speaker(quote.via)
        record.update(via_record(quote.via, via.name if via else None))
    return record


def via_record(via_id: Any, name: str | None) -> dict[str, Any]:
    """The optional fields of a quote whose words a channel reports (``…, KCNA said``)."""
    return {"via_id": via_id, "via": name}


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


# --- reading the articles: a few queries per batch of articles, not several per article -------

_BATCH = 64  # articles read per query (their stored documents are held in memory meanwhile)

_ROW_SQL = (
    "SELECT a.id, a.hash, a.source, a.title, a.text, a.added, n.model, n.version, n.created, n.document"
    " FROM articles a JOIN analyses n ON n.article_id = a.id WHERE a.id IN ({})"
)


def _rows(store: Store, article_ids: list[int]) -> Iterator[tuple[int, tuple | None, bool]]:
    """(article id, its row or None, whether it has corrections), in the order given."""
    for i in range(0, len(article_ids), _BATCH):
        chunk = article_ids[i:i + _BATCH]
        marks = ", ".join("?" * len(chunk))
        try:
            with store.database.lock:
                rows = {r[0]: r for r in store.conn.execute(_ROW_SQL.format(marks), chunk)}
                logged = {r[0] for r in store.conn.execute(
                    f"SELECT DISTINCT article_id FROM events WHERE article_id IN ({marks})", chunk)}
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot read {store.path}: {exc}") from None
        for article_id in chunk:
            yield article_id, rows.get(article_id), article_id in logged


def _article_record(article_id: int, article: dict, info: dict, document: str) -> dict[str, Any]:
    return {
        "type": "article",
        "article_id": article_id,
        "source": article["source"],
        "title": article["title"],
        "hash": article["hash"],
        "added": article["added"],
        "pipeline": {"model": info["model"], "version": info["version"], "analysed": info["created"]},
        "text": article["text"],
        "analysis": RawJSON(_one_line(document)),
    }


def _corrected_records(store: Store, article_id: int, row: tuple | None) -> list[dict[str, Any]]:
    """An article's records through its effective annotation (the general path)."""
    article = store.article(article_id)
    eff = store.effective(article_id)
    if row is None:
        info = store.analysis_info(article_id)
        document = store.analysis_document(article_id)
    else:
        info = {"model": row[6], "version": row[7], "created": row[8]}
        document = row[9]
    out = [_article_record(article_id, article, info, document)]
    names = _speaker_names(eff)
    out += [quote_record(article, eff, quote, False, names) for quote in eff.analysis.quotes]
    out += [quote_record(article, eff, quote, True, names) for quote in eff.rejected]
    out += [speaker_record(article, eff, speaker) for speaker in eff.analysis.speakers]
    source = article["source"]
    for event in store.history(article_id):
        event = {k: v for k, v in event.items() if k not in ("article_id", "id", "target_id")}
        out.append({"type": "correction", "article_id": article_id, "source": source, **event})
    return out


class _QuoteView:
    """What ``aggregate`` reads of a quote."""

    __slots__ = ("speaker", "stance")

    def __init__(self, speaker, stance):
        self.speaker = speaker
        self.stance = stance


def _span_ok(d: Any) -> None:
    if d is not None:
        int(d["start"]), int(d["end"]), str(d["text"])


class _Machine(NamedTuple):
    """An article without corrections, read straight from its stored document."""

    article_id: int
    article: dict[str, Any]  # the _article_record
    source: str | None
    # (id, start, end, text, kind, speaker id, speaker name, (compound, pos, neu, neg), {target: QuoteStance},
    #  via speaker id or None)
    quotes: list[tuple]
    speakers: list[Speaker]  # with their stance aggregated from the quotes


def _machine(article_id: int, row: tuple) -> _Machine:
    """The effective annotation of an article without corrections, without the object model.

    Equal to what ``Store.effective`` gives then (``Analysis.from_dict``'s coercions and
    checks, then ``aggregate``). Raises (ValueError, KeyError, TypeError, ...) where
    ``Analysis.from_dict`` would; the caller then takes the general path.
    """
    document = row[9]
    machine = json.loads(document)
    if machine.get("schema") != SCHEMA:
        raise ValueError("not an analysis document")
    p = machine["pipeline"]
    str(machine["source"]), str(machine["text"]), str(p["model"]), str(p["version"])
    for x in machine.get("paragraphs", []):
        int(x["start"]), int(x["end"]), str(x["kind"])
    speakers = [Speaker.from_dict(x) for x in machine.get("speakers", [])]
    names: dict[Any, str] = {}
    for sp in speakers:
        names.setdefault(sp.id, sp.name)
    quotes = []
    views = []
    for d in machine.get("quotes", []):
        _span_ok(d.get("cue"))
        _span_ok(d.get("speaker_mention"))
        float(d.get("confidence", 0.0))
        s = d["sentiment"] if d.get("sentiment") else None
        sentiment = (float(s["compound"]), float(s["pos"]), float(s["neu"]), float(s["neg"])) if s else _NO_SENTIMENT
        stance = {}
        for t, st in d.get("stance", {}).items():
            stance[t] = QuoteStance(float(st["score"]), str(st["label"]))
            for e in st.get("evidence", ()):
                str(e)
        speaker = d.get("speaker")
        via = d.get("via")
        quotes.append((str(d["id"]), int(d["start"]), int(d["end"]), str(d["text"]), str(d["kind"]),
                       speaker, names.get(speaker), sentiment, stance, None if via is None else str(via)))
        views.append(_QuoteView(speaker, stance))
    for x in machine.get("mentions", []):
        str(x["target"]), int(x["start"]), int(x["end"]), str(x["text"])
    aggregate(speakers, views)
    source = row[2]
    article = {"hash": row[1], "source": source, "title": row[3], "text": row[4], "added": row[5]}
    info = {"model": row[6], "version": row[7], "created": row[8]}
    return _Machine(article_id, _article_record(article_id, article, info, document), source, quotes, speakers)


_NO_SENTIMENT = (0.0, 0.0, 1.0, 0.0)  # Sentiment()


def _quote_provenance(stance: dict) -> dict[str, Any]:
    provenance = {"speaker": {"source": "machine"}, "kind": {"source": "machine"}}
    for target in stance:
        provenance[f"stance.{target}"] = {"source": "machine"}
    provenance["status"] = {"source": "machine"}
    return provenance


def _machine_speaker(m: _Machine, sp: Speaker) -> dict[str, Any]:
    provenance = {"name": {"source": "machine"}}
    for target in sp.stance:
        provenance[f"stance.{target}"] = {"source": "machine"}
    return {
        "type": "speaker",
        "article_id": m.article_id,
        "source": m.source,
        "speaker_id": sp.id,
        "name": sp.name,
        "kind": sp.kind,
        "aliases": list(sp.aliases),
        "origin": "machine",
        "stance": {t: {"label": s.label, "score": s.score, "quotes": s.quotes} for t, s in sorted(sp.stance.items())},
        "provenance": provenance,
    }


def _machine_records(m: _Machine) -> list[dict[str, Any]]:
    """The records of ``m``, as ``quote_record`` and ``speaker_record`` make them."""
    out = [m.article]
    names = {sp.id: sp.name for sp in reversed(m.speakers)}
    for qid, start, end, text, kind, speaker, name, (compound, pos, neu, neg), stance, via in m.quotes:
        out.append({
            "type": "quote",
            "article_id": m.article_id,
            "source": m.source,
            "quote_id": qid,
            "origin": "machine",
            "start": start,
            "end": end,
            "text": text,
            "kind": kind,
            "speaker_id": speaker,
            "speaker": name,
            "status": "accepted",
            "reviewed": False,
            "reviewed_by": None,
            "sentiment": {"compound": compound, "pos": pos, "neu": neu, "neg": neg},
            "stance": {t: {"label": s.label, "score": s.score} for t, s in sorted(stance.items())},
            "provenance": _quote_provenance(stance),
        })
        if via is not None:
            out[-1].update(via_record(via, names.get(via)))
    out += [_machine_speaker(m, sp) for sp in m.speakers]
    return out


def _article_batches(store: Store, article_ids: Iterable[int] | None) -> Iterator[_Machine | list[dict[str, Any]]]:
    """Each article: a _Machine when it has no corrections, else its records (article, quotes,
    rejected quotes, speakers, corrections) as a list."""
    for article_id, row, logged in _rows(store, selected_articles(store, article_ids)):
        if row is not None and not logged:
            try:
                yield _machine(article_id, row)
                continue
            except (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
                pass  # unreadable: the general path reports it as the store does
        yield _corrected_records(store, article_id, row)


def records(store: Store, article_ids: Iterable[int] | None = None) -> Iterator[dict[str, Any]]:
    """Our JSONL records, article by article: article, quotes, speakers, corrections."""
    for batch in _article_batches(store, article_ids):
        yield from _machine_records(batch) if isinstance(batch, _Machine) else batch


# --- writers -------------------------------------------------------------------------------


def _one_line(document: str) -> str:
    return json.dumps(json.loads(document), ensure_ascii=False) if "\n" in document else document


class RawJSON(str):
    """A JSON document already encoded (the stored analysis): spliced in, not re-encoded."""


_encoder = json.JSONEncoder(ensure_ascii=False, check_circular=False)
_c_make_encoder = getattr(_json_encoder, "c_make_encoder", None)
if _c_make_encoder is not None:
    # What JSONEncoder.encode builds on every call, built once (same output, less overhead).
    _c_encode = _c_make_encoder(None, _encoder.default, _json_encoder.encode_basestring, None, ": ", ", ",
                                False, False, True)

    def _encode(value: Any) -> str:
        return "".join(_c_encode(value, 0))
else:  # pragma: no cover - CPython always has the C accelerator
    _encode = _encoder.encode

_str = _json_encoder.encode_basestring  # a str as JSON, exactly as the encoder writes it


def _float(x: float) -> str:
    """A float as JSON, exactly as the encoder writes it (repr; NaN and infinities by name)."""
    r = repr(x)
    return r if r[-1] not in "nf" else _encode(x)


def _any(x: Any) -> str:
    return _str(x) if type(x) is str else "null" if x is None else _encode(x)


def dumps(record: dict[str, Any]) -> str:
    if record["type"] != "article":
        return _encode(record)
    raw = {k: v for k, v in record.items() if isinstance(v, RawJSON)}
    if not raw:
        return _encode(record)
    head = json.dumps({k: v for k, v in record.items() if k not in raw}, ensure_ascii=False)
    # joined, not formatted: an f-string copies a large str (the stored analysis) ~70x slower
    parts = [head[:-1]]
    for k, v in raw.items():
        parts += (", ", json.dumps(k), ": ", v)
    parts.append("}")
    return "".join(parts)


def _float_texts() -> Any:
    """``_float``, memoised: an export repeats few distinct scores (rounded to 3 decimals) and
    sentiment values, and repr() of a float costs more than a dict lookup."""
    texts: dict[float, str] = {}
    get = texts.get

    def text(x: float) -> str:
        r = get(x)
        if r is None:
            r = _float(x)
            if x and x == x:  # not 0.0/-0.0 (equal keys, different texts), not NaN (never found)
                texts[x] = r
        return r

    return text


def _machine_jsonl(m: _Machine, fl=None) -> list[str]:
    """``dumps`` of each of ``_machine_records(m)``, one string per line, written directly.
    ``fl``: a ``_float_texts()`` shared between the articles of an export."""
    if fl is None:
        fl = _float_texts()
    lines = [dumps(m.article) + "\n"]
    head = f'{{"type": "quote", "article_id": {_encode(m.article_id)}, "source": {_any(m.source)}, "quote_id": '
    provenances: dict[tuple, str] = {}
    who: dict[Any, str] = {}  # speaker id -> its "speaker_id" and "speaker" fields
    names = None
    for qid, start, end, text, kind, speaker, name, (compound, pos, neu, neg), stance, via in m.quotes:
        if stance:
            keys = tuple(stance)
            provenance = provenances.get(keys)
            if provenance is None:
                provenance = provenances[keys] = _encode(_quote_provenance(stance))
            stances = ", ".join([f'{_str(t)}: {{"label": {_str(s.label)}, "score": {fl(s.score)}}}'
                                 for t, s in (sorted(stance.items()) if len(stance) > 1 else stance.items())])
        else:
            provenance = _NO_STANCE_PROVENANCE
            stances = ""
        speaker_fields = who.get(speaker)
        if speaker_fields is None:
            speaker_fields = who[speaker] = f'"speaker_id": {_any(speaker)}, "speaker": {_any(name)}'
        sentiment = f'{{"compound": {fl(compound)}, "pos": {fl(pos)}, "neu": {fl(neu)}, "neg": {fl(neg)}}}'
        tail = ""
        if via is not None:
            names = names or {sp.id: sp.name for sp in reversed(m.speakers)}
            tail = ", " + _encode(via_record(via, names.get(via)))[1:-1]
        lines.append(
            f'{head}{_str(qid)}, "origin": "machine", "start": {start!r}, "end": {end!r}, "text": {_str(text)},'
            f' "kind": {_str(kind)}, {speaker_fields}, "status": "accepted", "reviewed": false,'
            f' "reviewed_by": null, "sentiment": {sentiment}, "stance": {{{stances}}}, "provenance": {provenance}{tail}}}\n'
        )
    lines += [_encode(_machine_speaker(m, sp)) + "\n" for sp in m.speakers]
    return lines


_NO_STANCE_PROVENANCE = _encode(_quote_provenance({}))


def write_jsonl(store: Store, out: IO[str], article_ids=None) -> int:
    n = 0
    fl = _float_texts()
    for batch in _article_batches(store, article_ids):
        if isinstance(batch, _Machine):
            lines = _machine_jsonl(batch, fl)
        else:
            lines = [dumps(record) + "\n" for record in batch]
        out.write("".join(lines))  # one write per article
        n += len(lines)
        # freed before the next article is read and decoded, which then reuses their memory
        # (kept until the loop rebinds them, the next decode runs in fresh memory: ~15 % slower)
        batch = lines = None
    return n


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# A CSV row is kept as (the 17 leading cells, {target: its 4 cells}, the 2 trailing cells), each
# cell already through _cell, "" where the row has no value; the targets (hence the columns)
# are known only at the end.
_EMPTY_TARGET = ("", "", "", "")


def _csv_parts(r: dict[str, Any]) -> tuple[tuple, dict[str, tuple], tuple]:
    """The CSV row of a quote or speaker record."""
    prov = r["provenance"]
    corrections = [p for p in prov.values() if p["source"] == "corrected"]
    if r["type"] == "quote":
        head = ("quote", r["article_id"], r["source"], r.get("quote_id") or r.get("speaker_id"), r["origin"],
                r["start"], r["end"], r["text"], r["kind"], prov["kind"]["source"], r["speaker_id"], r["speaker"],
                prov["speaker"]["source"], "", r["status"], int(r["reviewed"]), r["sentiment"]["compound"])
    else:
        head = ("speaker", r["article_id"], r["source"], r.get("quote_id") or r.get("speaker_id"), r["origin"],
                "", "", "", r["kind"], "", r["speaker_id"], r["name"], prov["name"]["source"],
                "; ".join(r["aliases"]), "", "", "")
    stances = {}
    for target, stance in r["stance"].items():
        stances[target] = tuple(map(_cell, (stance["label"], stance["score"], prov[f"stance.{target}"]["source"],
                                            stance.get("quotes", ""))))
    if corrections:
        latest = max(corrections, key=lambda p: p["at"])
        tail = (_cell("; ".join(sorted({p["annotator"] for p in corrections}))), _cell(latest["at"]))
    else:
        tail = ("", "")
    return tuple(map(_cell, head)), stances, tail


def _machine_csv(m: _Machine) -> Iterator[tuple[tuple, dict[str, tuple], tuple]]:
    """``_csv_parts`` of each quote and speaker record of ``m``, made directly."""
    aid, source, cell = m.article_id, _cell(m.source), _cell
    for qid, start, end, text, kind, speaker, name, sentiment, stance, _via in m.quotes:
        head = ("quote", aid, source, cell(qid or speaker), "machine", start, end, cell(text), cell(kind),
                "machine", cell(speaker), cell(name), "machine", "", "accepted", 0, sentiment[0])
        stances = {t: (cell(s.label), s.score, "machine", "") for t, s in stance.items()}
        yield head, stances, ("", "")
    for sp in m.speakers:
        yield _csv_parts(_machine_speaker(m, sp))


def write_csv(store: Store, out: IO[str], article_ids=None) -> int:
    rows: list[tuple[tuple, dict[str, tuple], tuple]] = []
    for batch in _article_batches(store, article_ids):
        if isinstance(batch, _Machine):
            rows += _machine_csv(batch)
        else:
            rows += [_csv_parts(r) for r in batch if r["type"] in ("quote", "speaker")]
    targets: set[str] = set()
    for _, stances, _ in rows:
        targets.update(stances)
    targets_sorted = sorted(targets)
    columns = ["type", "article_id", "source", "id", "origin", "start", "end", "text", "kind", "kind_source",
               "speaker_id", "speaker", "speaker_source", "aliases", "status", "reviewed", "sentiment"]
    for target in targets_sorted:
        columns += [f"stance.{target}", f"score.{target}", f"source.{target}", f"quotes.{target}"]
    columns += ["corrected_by", "corrected_at"]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for i in range(0, len(rows), 4096):  # formatted in memory, written in large pieces
        lines = []
        for head, stances, tail in rows[i:i + 4096]:
            cells = list(head)
            if stances:
                for target in targets_sorted:
                    cells += stances.get(target, _EMPTY_TARGET)
            else:
                cells += _EMPTY_TARGET * len(targets_sorted)
            cells += tail
            lines.append(cells)
        writer.writerows(lines)
        out.write(buf.getvalue())
        buf.seek(0)
        buf.truncate()
    out.write(buf.getvalue())
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


@contextmanager
def _without_cyclic_gc():
    """Export builds and drops millions of short-lived, acyclic objects; the cyclic garbage
    collector's passes over them cost 10–30 % of an export of 100k quotes (measured with
    bench/bench_export.py) and free nothing. Reference counting still frees everything."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def write(store: Store, out: IO[str], fmt: str, article_ids=None) -> int:
    """Write a text format to an open stream (e.g. stdout); returns the records written."""
    writers = {"jsonl": write_jsonl, "csv": write_csv, "prodigy": write_prodigy}
    if fmt not in writers:
        raise ExportError(f"format {fmt!r} cannot be written as text; give a file with -o")
    with _without_cyclic_gc():
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
            with _without_cyclic_gc():
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
