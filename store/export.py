"""Export the effective annotations: JSONL (ours, re-importable), CSV, Prodigy JSONL, spaCy DocBin.

The formats are the entries of ``store.formats.REGISTRY``; each names its writer here. One
record builder (``_article_batches``: an ``ArticleRecords`` per article, its quotes as
``QuoteRow``) feeds the record formats (JSONL, CSV, ``records()``); the span formats (Prodigy,
spaCy) read the effective annotation through ``nlp.training``.

See ``store/EXPORT.md`` for every record and column. Exports are written to a temporary
file in the destination directory and renamed into place, so a failure never leaves a
half-written file, and an existing file is never replaced unless ``force``.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import sqlite3
from contextlib import contextmanager
from json import encoder as _json_encoder
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, NamedTuple

from nlp import training
from nlp.aggregate import aggregate
from nlp.model import SCHEMA, QuoteStance, Speaker

from .articles import SHARED, Store
from .effective import Effective, Provenance
from .errors import ExportError, StoreError
from .files import atomic_write, check_output, csv_cell
from .formats import FORMATS, REGISTRY, SUFFIXES, TEXT_FORMATS, ExportFormat  # noqa: F401  (re-exported)
from .import_annotations import import_marks

QUOTE_FIELDS = ("speaker", "kind")


def _prov(p: Provenance | None) -> dict[str, Any]:
    if p is None:
        return {"source": "machine"}
    if p.basis is not None:  # a gold decision: the adjudicator, and whose value was taken
        return {"source": "adjudicated", "annotator": p.annotator, "at": p.at, "basis": p.basis}
    return {"source": "corrected", "annotator": p.annotator, "at": p.at}


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


def writer_of(form: ExportFormat):
    """The writer function a registry entry names, e.g. ``writer_of(REGISTRY["csv"]) is write_csv``:
    ``writer(store, out, article_ids) -> records written``."""
    return globals()[form.writer]


# --- the one record builder: an ArticleRecords per article, its quotes as QuoteRow -----------


class QuoteRow(NamedTuple):
    """One quote as every record format reads it (``_quote_record`` gives its JSONL record)."""

    quote_id: str
    start: int
    end: int
    text: str
    kind: str
    speaker_id: Any
    speaker: str | None  # the speaker's name
    sentiment: tuple[float, float, float, float]  # compound, pos, neu, neg
    stance: dict[str, QuoteStance]
    origin: str = "machine"  # or "added"
    status: str = "machine"  # or "accepted", "corrected", "rejected" (quote_status)
    reviewed: bool = False
    reviewed_by: dict[str, str] | None = None
    provenance: dict[str, dict[str, Any]] | None = None  # None: every value from the machine
    via_id: Any = None  # the speaker id of the channel that reports the words (``…, KCNA said``)
    via: str | None = None  # that channel's name


class ArticleRecords:
    """One article as every record format reads it: its record, quotes, speakers and corrections."""

    __slots__ = ("article_id", "source", "article", "quotes", "speakers", "corrections")

    def __init__(self, article_id: int, source: str | None, article: dict[str, Any], quotes: list[QuoteRow],
                 speakers: list[dict[str, Any]], corrections: list[dict[str, Any]]):
        self.article_id = article_id
        self.source = source
        self.article = article  # the article record
        self.quotes = quotes  # accepted, then rejected
        self.speakers = speakers  # speaker records
        self.corrections = corrections  # correction records (the log, undone ones too)


class _Machine(ArticleRecords):
    """An article without corrections, built straight from its stored document."""

    __slots__ = ()


def _quote_row(eff: Effective, quote, rejected: bool, names: dict[Any, str]) -> QuoteRow:
    """A quote of the effective annotation ``eff`` (the general path)."""
    try:
        name = names.get(quote.speaker)
    except TypeError:  # an unhashable speaker id names no speaker
        name = None
    corrected = eff.corrected
    qid = quote.id
    provenance = {f: _prov(corrected.get(("quote", qid, f))) for f in QUOTE_FIELDS}
    for target in quote.stance:
        provenance[f"stance.{target}"] = _prov(corrected.get(("quote", qid, f"stance.{target}")))
    rejection = corrected.get(("quote", qid, "rejected"))
    provenance["status"] = _prov(rejection)
    added = ("quote", qid, "added") in corrected
    reviewed = eff.reviewed_by.get(qid) or (rejection if rejected else None)  # rejecting is reviewing
    s = quote.sentiment
    return QuoteRow(qid, quote.start, quote.end, quote.text, quote.kind, quote.speaker, name,
                    (s.compound, s.pos, s.neu, s.neg), quote.stance, "added" if added else "machine",
                    quote_status(rejected, added or any(p["source"] != "machine" for p in provenance.values()),
                                 qid in eff.reviewed),
                    rejected or qid in eff.reviewed,
                    {"annotator": reviewed.annotator, "at": reviewed.at} if reviewed else None, provenance,
                    quote.via, _name_of(names, quote.via))


def _name_of(names: dict[Any, str], speaker_id: Any) -> str | None:
    """The name of ``speaker_id`` (None for no id, or one that names no speaker)."""
    try:
        return None if speaker_id is None else names.get(speaker_id)
    except TypeError:  # an unhashable speaker id names no speaker
        return None


def quote_status(rejected: bool, corrected: bool, reviewed: bool) -> str:
    """``rejected``, ``corrected`` (added, or a value set by hand), ``accepted`` (reviewed as the
    machine had it) or ``machine`` (nobody has looked at it).

    >>> quote_status(False, False, False), quote_status(False, False, True), quote_status(False, True, False)
    ('machine', 'accepted', 'corrected')
    """
    if rejected:
        return "rejected"
    if corrected:
        return "corrected"
    return "accepted" if reviewed else "machine"


def _quote_provenance(stance: dict) -> dict[str, Any]:
    """The provenance of a quote none of whose values was corrected."""
    provenance = {"speaker": {"source": "machine"}, "kind": {"source": "machine"}}
    for target in stance:
        provenance[f"stance.{target}"] = {"source": "machine"}
    provenance["status"] = {"source": "machine"}
    return provenance


def _quote_record(a: ArticleRecords, r: QuoteRow) -> dict[str, Any]:
    """The JSONL record of a quote (``_jsonl_lines`` writes the same, faster)."""
    compound, pos, neu, neg = r.sentiment
    record = {
        "type": "quote",
        "article_id": a.article_id,
        "source": a.source,
        "quote_id": r.quote_id,
        "origin": r.origin,
        "start": r.start,
        "end": r.end,
        "text": r.text,
        "kind": r.kind,
        "speaker_id": r.speaker_id,
        "speaker": r.speaker,
        "status": r.status,
        "reviewed": r.reviewed,
        "reviewed_by": r.reviewed_by,
        "sentiment": {"compound": compound, "pos": pos, "neu": neu, "neg": neg},
        "stance": {t: {"label": s.label, "score": s.score} for t, s in sorted(r.stance.items())},
        "provenance": _quote_provenance(r.stance) if r.provenance is None else r.provenance,
    }
    if r.via_id is not None:
        record.update(via_record(r.via_id, r.via))
    return record


def via_record(via_id: Any, name: str | None) -> dict[str, Any]:
    """The optional fields of a quote whose words a channel reports (``…, KCNA said``)."""
    return {"via_id": via_id, "via": name}


def speaker_record(article_id: int, source: str | None, speaker,
                   corrected: dict[tuple[str, str, str], Provenance],
                   from_corrected: dict[tuple[Any, str], list[str]] | None = None) -> dict[str, Any]:
    """The record of a speaker (``corrected``: the effective annotation's, empty for the machine's;
    ``from_corrected``: (speaker id, target) -> the corrected quotes its stance is computed from)."""
    name = corrected.get(("speaker", speaker.id, "name"))
    created = corrected.get(("speaker", speaker.id, "added"))
    if name is None and created is not None:  # a speaker the user created: named by the user
        provenance = {"name": {"source": "user", "annotator": created.annotator, "at": created.at}}
    else:
        provenance = {"name": _prov(name)}
    for target in speaker.stance:
        override = corrected.get(("speaker", speaker.id, f"stance.{target}"))
        quotes = (from_corrected or {}).get((speaker.id, target))
        if override is None and quotes:
            provenance[f"stance.{target}"] = {"source": "corrected_quotes", "quotes": quotes}
        else:
            provenance[f"stance.{target}"] = _prov(override)
    return {
        "type": "speaker",
        "article_id": article_id,
        "source": source,
        "speaker_id": speaker.id,
        "name": speaker.name,
        "kind": speaker.kind,
        "aliases": list(speaker.aliases),
        "origin": "added" if ("speaker", speaker.id, "added") in corrected else "machine",
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


def _corrected(store: Store, article_id: int, row: tuple | None, layer: str = SHARED) -> ArticleRecords:
    """An article through its effective annotation in ``layer`` (the general path)."""
    article = store.article(article_id)
    eff = store.effective(article_id, layer)
    if row is None:
        info = store.analysis_info(article_id)
        document = store.analysis_document(article_id)
    else:
        info = {"model": row[6], "version": row[7], "created": row[8]}
        document = row[9]
    names = _speaker_names(eff)
    source = article["source"]
    quotes = [_quote_row(eff, quote, False, names) for quote in eff.analysis.quotes]
    quotes += [_quote_row(eff, quote, True, names) for quote in eff.rejected]
    from_corrected = _stance_from_corrected(eff, store._refresh(article_id).machine)  # the cached document
    speakers = [speaker_record(article_id, source, speaker, eff.corrected, from_corrected)
                for speaker in eff.analysis.speakers]
    corrections = []
    marks = import_marks(store, article_id)
    for event in store.history(article_id, None if layer == SHARED else layer):
        event = {k: v for k, v in event.items() if k not in ("article_id", "id", "target_id")}
        corrections.append({"type": "correction", "article_id": article_id, "source": source, **event,
                            "imported": marks.get(event["uid"])})
    return ArticleRecords(article_id, source, _article_record(article_id, article, info, document), quotes,
                          speakers, corrections)


def _stance_from_corrected(eff: Effective, machine: dict | None) -> dict[tuple[Any, str], list[str]]:
    """(speaker id, target) -> ids of the corrected quotes that speaker's stance toward target
    is computed from (or no longer is: a quote rejected, or moved to another speaker)."""
    touched = {key[1] for key, p in eff.corrected.items() if key[0] == "quote"}
    if not touched:
        return {}
    before = {q.get("id"): q for q in (machine or {}).get("quotes", []) if q.get("id") in touched}
    out: dict[tuple[Any, str], list[str]] = {}
    for quote in [*eff.analysis.quotes, *eff.rejected]:
        if quote.id not in touched:
            continue
        old = before.get(quote.id)
        pairs = {(quote.speaker, t) for t in quote.stance}
        if old is not None and isinstance(old.get("speaker"), str) and isinstance(old.get("stance"), dict):
            pairs |= {(old["speaker"], t) for t in old["stance"]}  # who said it first, toward what
        for speaker_id, target in pairs:
            if speaker_id is not None:
                out.setdefault((speaker_id, target), []).append(quote.id)
    return {k: sorted(set(v)) for k, v in out.items()}


class _QuoteView:
    """What ``aggregate`` reads of a quote."""

    __slots__ = ("id", "speaker", "stance", "confidence")

    def __init__(self, id, speaker, stance, confidence):
        self.id = id
        self.speaker = speaker
        self.stance = stance
        self.confidence = confidence


def _span_ok(d: Any) -> None:
    if d is not None:
        int(d["start"]), int(d["end"]), str(d["text"])


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
        confidence = float(d.get("confidence", 0.0))
        s = d["sentiment"] if d.get("sentiment") else None
        sentiment = (float(s["compound"]), float(s["pos"]), float(s["neu"]), float(s["neg"])) if s else _NO_SENTIMENT
        stance = {}
        for t, st in d.get("stance", {}).items():
            stance[t] = QuoteStance(float(st["score"]), str(st["label"]))
            for e in st.get("evidence", ()):
                str(e)
        speaker = d.get("speaker")
        via = d.get("via")
        via = None if via is None else str(via)
        quotes.append(QuoteRow(str(d["id"]), int(d["start"]), int(d["end"]), str(d["text"]), str(d["kind"]),
                               speaker, names.get(speaker), sentiment, stance, via_id=via, via=_name_of(names, via)))
        views.append(_QuoteView(str(d["id"]), speaker, stance, confidence))
    for x in machine.get("mentions", []):
        str(x["target"]), int(x["start"]), int(x["end"]), str(x["text"])
    aggregate(speakers, views)
    source = row[2]
    article = {"hash": row[1], "source": source, "title": row[3], "text": row[4], "added": row[5]}
    info = {"model": row[6], "version": row[7], "created": row[8]}
    return _Machine(article_id, source, _article_record(article_id, article, info, document), quotes,
                    [speaker_record(article_id, source, sp, _NO_CORRECTIONS) for sp in speakers], [])


_NO_SENTIMENT = (0.0, 0.0, 1.0, 0.0)  # Sentiment()
_NO_CORRECTIONS: dict = {}


def _article_batches(store: Store, article_ids: Iterable[int] | None,
                     layer: str | None = None) -> Iterator[ArticleRecords]:
    """THE record builder: each selected article, in order, as ``ArticleRecords`` (a ``_Machine``,
    read straight from the stored document, when it has no corrections). ``layer``: whose
    corrections (``store.team``; default ``effective``: every annotator's, with the whole log)."""
    layer = layer or SHARED
    for article_id, row, logged in _rows(store, selected_articles(store, article_ids)):
        if layer != SHARED:
            yield _corrected(store, article_id, row, layer)
            continue
        if row is not None and not logged:
            try:
                yield _machine(article_id, row)
                continue
            except (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
                pass  # unreadable: the general path reports it as the store does
        yield _corrected(store, article_id, row)


def records(store: Store, article_ids: Iterable[int] | None = None, layer: str | None = None) -> Iterator[dict[str, Any]]:
    """Our JSONL records, article by article: article, quotes, speakers, corrections."""
    for a in _article_batches(store, article_ids, layer):
        yield a.article
        for row in a.quotes:
            yield _quote_record(a, row)
        yield from a.speakers
        yield from a.corrections


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


def _jsonl_lines(a: ArticleRecords, fl=None) -> list[str]:
    """``dumps`` of each of the article's records (as ``records`` gives them), one string per
    line; the quote lines written directly. ``fl``: a ``_float_texts()`` shared between the
    articles of an export."""
    if fl is None:
        fl = _float_texts()
    lines = [dumps(a.article) + "\n"]
    head = f'{{"type": "quote", "article_id": {_encode(a.article_id)}, "source": {_any(a.source)}, "quote_id": '
    provenances: dict[tuple, str] = {}
    who: dict[Any, str] = {}  # speaker id -> its "speaker_id" and "speaker" fields
    for (qid, start, end, text, kind, speaker, name, (compound, pos, neu, neg), stance,
         origin, status, reviewed, reviewed_by, provenance, via_id, via) in a.quotes:
        if stance:
            stances = ", ".join([f'{_str(t)}: {{"label": {_any(s.label)}, "score": {fl(s.score)}}}'
                                 for t, s in (sorted(stance.items()) if len(stance) > 1 else stance.items())])
        else:
            stances = ""
        if provenance is not None:
            provenance_text = _encode(provenance)
        elif stance:
            keys = tuple(stance)
            provenance_text = provenances.get(keys)
            if provenance_text is None:
                provenance_text = provenances[keys] = _encode(_quote_provenance(stance))
        else:
            provenance_text = _NO_STANCE_PROVENANCE
        try:
            speaker_fields = who.get(speaker)
        except TypeError:  # an unhashable speaker id: written as it is, not remembered
            speaker_fields = f'"speaker_id": {_any(speaker)}, "speaker": {_any(name)}'
        if speaker_fields is None:
            speaker_fields = who[speaker] = f'"speaker_id": {_any(speaker)}, "speaker": {_any(name)}'
        sentiment = f'{{"compound": {fl(compound)}, "pos": {fl(pos)}, "neu": {fl(neu)}, "neg": {fl(neg)}}}'
        lines.append(
            f'{head}{_any(qid)}, "origin": {_str(origin)}, "start": {start!r}, "end": {end!r}, "text": {_any(text)},'
            f' "kind": {_any(kind)}, {speaker_fields}, "status": {_str(status)}, "reviewed": {"true" if reviewed else "false"},'
            f' "reviewed_by": {_any(reviewed_by)}, "sentiment": {sentiment}, "stance": {{{stances}}},'
            f' "provenance": {provenance_text}'
            + (", " + _encode(via_record(via_id, via))[1:-1] if via_id is not None else "") + '}\n'
        )
    lines += [_encode(r) + "\n" for r in a.speakers]
    lines += [_encode(r) + "\n" for r in a.corrections]
    return lines


_NO_STANCE_PROVENANCE = _encode(_quote_provenance({}))


def write_jsonl(store: Store, out: IO[str], article_ids=None, layer: str | None = None) -> int:
    n = 0
    fl = _float_texts()
    for batch in _article_batches(store, article_ids, layer):
        lines = _jsonl_lines(batch, fl)
        out.write("".join(lines))  # one write per article
        n += len(lines)
        # freed before the next article is read and decoded, which then reuses their memory
        # (kept until the loop rebinds them, the next decode runs in fresh memory: ~15 % slower)
        batch = lines = None
    return n


_cell = csv_cell  # cells a spreadsheet would run as a formula get a leading apostrophe


# A CSV row is kept as (the 17 leading cells, {target: its 4 cells}, the 2 trailing cells), each
# cell already through _cell, "" where the row has no value; the targets (hence the columns)
# are known only at the end.
_EMPTY_TARGET = ("", "", "", "")
_NO_TAIL = ("", "")


def _csv_tail(provenance: Iterable[dict[str, Any]]) -> tuple:
    """``corrected_by`` and ``corrected_at`` of a row whose values have ``provenance``."""
    corrections = [p for p in provenance if p["source"] != "machine" and "at" in p]  # not corrected_quotes
    if not corrections:
        return _NO_TAIL
    latest = max(corrections, key=lambda p: p["at"])
    return _cell("; ".join(sorted({p["annotator"] for p in corrections}))), _cell(latest["at"])


def _csv_quote(aid: int, source: Any, r: QuoteRow) -> tuple[tuple, dict[str, tuple], tuple]:
    """The CSV row of a quote."""
    cell = _cell
    prov = r.provenance
    if prov is None:
        kind_source = speaker_source = "machine"
        stances = {t: (cell(s.label), s.score, "machine", "") for t, s in r.stance.items()}
        tail = _NO_TAIL
    else:
        kind_source, speaker_source = prov["kind"]["source"], prov["speaker"]["source"]
        stances = {t: (cell(s.label), s.score, prov[f"stance.{t}"]["source"], "") for t, s in r.stance.items()}
        tail = _csv_tail(prov.values())
    head = ("quote", aid, source, cell(r.quote_id or r.speaker_id), r.origin, r.start, r.end, cell(r.text),
            cell(r.kind), kind_source, cell(r.speaker_id), cell(r.speaker), speaker_source, "", r.status,
            int(r.reviewed), r.sentiment[0])
    return head, stances, tail


def _csv_speaker(r: dict[str, Any]) -> tuple[tuple, dict[str, tuple], tuple]:
    """The CSV row of a speaker record."""
    prov = r["provenance"]
    head = ("speaker", r["article_id"], r["source"], r["speaker_id"], r["origin"], "", "", "", r["kind"], "",
            r["speaker_id"], r["name"], prov["name"]["source"], "; ".join(r["aliases"]), "", "", "")
    stances = {}
    for target, stance in r["stance"].items():
        stances[target] = tuple(map(_cell, (stance["label"], stance["score"], prov[f"stance.{target}"]["source"],
                                            stance.get("quotes", ""))))
    return tuple(map(_cell, head)), stances, _csv_tail(prov.values())


def _quoting_cr(lines: list[list]) -> str:
    """CSV of ``lines`` with every cell holding a carriage return quoted (Python 3.11's writer
    quotes only the characters of its line terminator, ``\n`` here: a bare CR would split the row
    in a reader). Rare, so done apart from the fast path."""
    buf = io.StringIO()
    crlf = csv.writer(buf, lineterminator="\r\n")  # quotes cells containing \r or \n
    for cells in lines:
        crlf.writerow(cells)
        buf.seek(buf.tell() - 2)
        buf.truncate()
        buf.write("\n")
    return buf.getvalue()


def write_csv(store: Store, out: IO[str], article_ids=None, layer: str | None = None) -> int:
    rows: list[tuple[tuple, dict[str, tuple], tuple]] = []
    for a in _article_batches(store, article_ids, layer):
        aid, source = a.article_id, _cell(a.source)
        rows += [_csv_quote(aid, source, r) for r in a.quotes]
        rows += [_csv_speaker(r) for r in a.speakers]
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
        chunk = buf.getvalue()
        out.write(chunk if "\r" not in chunk else _quoting_cr(lines))
        buf.seek(0)
        buf.truncate()
    out.write(buf.getvalue())
    return len(rows)


# --- the span formats: the effective annotation through nlp.training ------------------------


def training_docs(store: Store, article_ids=None, layer: str | None = None) -> Iterator[tuple[dict, Effective]]:
    for article_id in selected_articles(store, article_ids):
        yield store.article(article_id), store.effective(article_id, layer or SHARED)


def _reassigned(eff: Effective) -> set[str]:
    """The quotes whose speaker an analyst reassigned (the machine's mention no longer names it)."""
    return {key[1] for key in eff.corrected if key[0] == "quote" and key[2] == "speaker"}


def write_prodigy(store: Store, out: IO[str], article_ids=None, layer: str | None = None) -> int:
    """One Prodigy-style task per article: tokens, spans (QUOTE, SPEAKER, TARGET) and relations."""
    nlp = training.tokenizer()
    n = 0
    for article, eff in training_docs(store, article_ids, layer):
        meta = {"article_id": article["id"], "source": article["source"], "title": article["title"]}
        task = training.prodigy_task(eff.analysis, nlp, meta, _reassigned(eff))
        out.write(json.dumps(task, ensure_ascii=False) + "\n")
        n += 1
    return n


def spacy_docbin(store: Store, article_ids=None, layer: str | None = None):
    """A spaCy ``DocBin``: one ``nlp.training.span_doc`` per article."""
    nlp = training.tokenizer()
    return training.docbin(
        training.span_doc(eff.analysis, nlp, {"article_id": article["id"], "source": article["source"]}, _reassigned(eff))
        for article, eff in training_docs(store, article_ids, layer))


def write_spacy(store: Store, out: IO[bytes], article_ids=None, layer: str | None = None) -> int:
    docbin = spacy_docbin(store, article_ids, layer)
    out.write(docbin.to_bytes())
    return len(docbin)


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


def _writer(fmt: str, layer: str | None):
    """The writer of ``fmt`` for one layer (``store.team``)."""
    write = writer_of(REGISTRY[fmt])
    if layer in (None, SHARED):
        return write
    return lambda store, out, article_ids: write(store, out, article_ids, layer=layer)


def write(store: Store, out: IO[str], fmt: str, article_ids=None, layer: str | None = None,
          writer=None) -> int:
    """Write a text format to an open stream (e.g. stdout); returns the records written.
    ``writer``: instead of the format's own (``store.export_layers.writer_for``)."""
    form = REGISTRY.get(fmt)
    if form is None or form.needs_path:
        raise ExportError(f"format {fmt!r} cannot be written as text; give a file with -o")
    writer = writer or _writer(fmt, layer)
    with _without_cyclic_gc():
        return writer(store, out, article_ids)


def export(store: Store, path: str | Path, fmt: str, article_ids: Iterable[int] | None = None,
           force: bool = False, layer: str | None = None, writer=None) -> int:
    """Export to ``path`` (atomically, ``store.files.atomic_write``); returns the number of records
    written. ``layer``: one layer's annotation (``gold``, ``effective`` — the default — or an
    annotator's name); ``writer``: instead of the format's own (``store.export_layers.writer_for``:
    every layer)."""
    if fmt not in REGISTRY:
        raise ExportError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    form = REGISTRY[fmt]
    writer = writer or _writer(fmt, layer)
    path = Path(path)
    check_output(path, force)
    article_ids = selected_articles(store, article_ids)  # fail before creating anything

    def fill(fh) -> int:
        with _without_cyclic_gc():
            return writer(store, fh, article_ids)

    return atomic_write(path, fill, binary=form.binary, force=force)


def to_string(store: Store, fmt: str, article_ids=None) -> str:
    buf = io.StringIO()
    write(store, buf, fmt, article_ids)
    return buf.getvalue()
