"""Team annotation: each annotator's layer read as units and values, agreement, and the gold layer.

A **unit** is a quote matched across layers by span: a machine quote is the same unit in every
layer (same id, same span); quotes annotators *added* are matched to each other by overlap
(each added quote joins the first unit it overlaps that has no quote of that annotator yet).

An annotator's **value** for a unit's field exists only where they annotated the unit — marked
it reviewed, corrected any of its fields, rejected it or added it — so quotes nobody looked at
do not count as agreement. Fields: ``status`` (kept/rejected), ``speaker`` (by name, nominal),
``kind`` (nominal), ``stance.<target>`` (negative/neutral/positive, ordinal −1/0/+1). A rejected
quote has only its status. An added unit is ``rejected`` for an annotator who annotated the
article but did not add it.

The **gold** layer (``events.layer = 'gold'``) holds ``settle`` decisions: one field of one
unit, the value taken and whose it was (``basis``: an annotator's name, ``machine``, ``agreed``
or ``edited``), by the adjudicator (``annotator``). ``settle_agreed`` writes every field of
every unit all annotators agree on (basis ``agreed``); ``items`` lists the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from nlp.agreement import Agreement, agreement
from nlp.model import QUOTE_KINDS, STANCE_LABELS

from .anchors import quote_anchor
from .articles import Store
from .corrections import DEFAULT_SCORES, GOLD, insert_event
from .errors import CorrectionError

MACHINE = "machine"
AGREED = "agreed"
EDITED = "edited"
ORDINAL = {"negative": -1, "neutral": 0, "positive": 1}
FIXED_FIELDS = ("status", "speaker", "kind")


@dataclass(frozen=True, slots=True)
class Value:
    """One annotator's value of one field: ``key`` is compared, ``shown`` displayed, ``payload``
    written to gold."""

    key: Any
    shown: str
    payload: Any


@dataclass
class Unit:
    key: str  # the machine quote's id, or the first added quote's
    start: int
    end: int
    text: str
    members: dict[str, str] = field(default_factory=dict)  # annotator -> their quote's id
    values: dict[str, dict[str, Value]] = field(default_factory=dict)  # annotator -> field -> value
    machine: dict[str, Value] = field(default_factory=dict)
    added: bool = False

    def fields(self) -> list[str]:
        targets = {f for vs in [self.machine, *self.values.values()] for f in vs if f.startswith("stance.")}
        return [*FIXED_FIELDS, *sorted(targets)]


def field_level(name: str) -> str:
    return "ordinal" if name.startswith("stance.") else "nominal"


def _norm(name: str) -> str:
    return " ".join(name.casefold().split())


def status_value(rejected: bool) -> Value:
    word = "rejected" if rejected else "kept"
    return Value(word, word, word)


def speaker_value(analysis, speaker_id) -> Value:
    speaker = analysis.speaker(speaker_id) if speaker_id is not None else None
    if speaker is None:
        return Value(None, "(no speaker)", None)
    return Value(_norm(speaker.name), speaker.name, {"name": speaker.name, "id": speaker.id})


def stance_value(stance) -> Value:
    return Value(stance.label, stance.label, {"label": stance.label, "score": stance.score})


def quote_values(analysis, quote, rejected: bool) -> dict[str, Value]:
    """Every field of one quote of a layer."""
    values = {"status": status_value(rejected)}
    if rejected:
        return values
    values["speaker"] = speaker_value(analysis, quote.speaker)
    values["kind"] = Value(quote.kind, quote.kind, quote.kind)
    for target, stance in quote.stance.items():
        values[f"stance.{target}"] = stance_value(stance)
    return values


def parse_value(field_name: str, text: str) -> Value:
    """The adjudicator's own value for a field, typed as text.

    >>> parse_value("stance.Russia", "neg").payload
    {'label': 'negative', 'score': -0.6}
    """
    text = text.strip()
    low = text.casefold()
    if field_name == "status":
        if low in ("kept", "keep", "k", "accepted"):
            return status_value(False)
        if low in ("rejected", "reject", "r", "x"):
            return status_value(True)
        raise CorrectionError("status is kept or rejected")
    if field_name == "speaker":
        if not text or low in ("none", "(no speaker)", "-"):
            return Value(None, "(no speaker)", None)
        return Value(_norm(text), text, {"name": text, "id": None})
    if field_name == "kind":
        if low not in QUOTE_KINDS:
            raise CorrectionError(f"kind is one of {', '.join(QUOTE_KINDS)}")
        return Value(low, low, low)
    if field_name.startswith("stance."):
        label = next((lab for lab in STANCE_LABELS if lab.startswith(low)), None) if low else None
        if label is None:
            raise CorrectionError(f"stance is one of {', '.join(STANCE_LABELS)}")
        return Value(label, label, {"label": label, "score": DEFAULT_SCORES[label]})
    raise CorrectionError(f"no field {field_name!r}")


# --- reading the layers -------------------------------------------------------------------


def annotators(store: Store, article_ids: Iterable[int] | None = None) -> list[str]:
    """Annotators with corrections of their own (in the given articles), sorted."""
    if article_ids is None:
        rows = store.conn.execute("SELECT DISTINCT annotator FROM events WHERE layer IS NULL").fetchall()
    else:
        ids = [int(i) for i in article_ids]
        rows = store.conn.execute(
            f"SELECT DISTINCT annotator FROM events WHERE layer IS NULL AND article_id IN ({','.join('?' * len(ids))})",
            ids).fetchall() if ids else []
    return sorted(r[0] for r in rows)


def articles_of(store: Store, name: str, article_ids: list[int]) -> set[int]:
    """Which of ``article_ids`` have corrections in ``name``'s own layer."""
    ids = [int(i) for i in article_ids]
    if not ids:
        return set()
    rows = store.conn.execute(
        f"SELECT DISTINCT article_id FROM events WHERE layer IS NULL AND annotator = ? AND article_id IN"
        f" ({','.join('?' * len(ids))})", [name, *ids]).fetchall()
    return {r[0] for r in rows}


def _touched(eff) -> set[str]:
    """The quotes an annotator annotated in their layer."""
    touched = set(eff.reviewed) | {q.id for q in eff.rejected}
    touched |= {key[1] for key in eff.corrected if key[0] == "quote"}
    return touched


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def units(store: Store, article_id: int, names: list[str]) -> list[Unit]:
    """The article's units with each of ``names``' values (and the machine's), in reading order."""
    machine = store.analysis(article_id)
    if machine is None:
        raise CorrectionError(f"article {article_id} has not been analysed yet")
    by_key: dict[str, Unit] = {}
    for q in machine.quotes:
        by_key[q.id] = Unit(q.id, q.start, q.end, q.text, machine=quote_values(machine, q, False))
    added: list[Unit] = []
    active = set(annotators(store, [article_id]))
    for name in names:
        eff = store.effective(article_id, name)
        touched = _touched(eff)
        rejected = {q.id for q in eff.rejected}
        for q in [*eff.analysis.quotes, *eff.rejected]:
            values = quote_values(eff.analysis, q, q.id in rejected)
            if q.id in by_key:
                if q.id in touched:
                    by_key[q.id].members[name] = q.id
                    by_key[q.id].values[name] = values
                continue
            unit = next((u for u in added if name not in u.members and _overlap((u.start, u.end), (q.start, q.end))), None)
            if unit is None:
                unit = Unit(q.id, q.start, q.end, q.text, machine={"status": status_value(True)}, added=True)
                added.append(unit)
            unit.members[name] = q.id
            unit.values[name] = values
    for unit in added:
        for name in names:
            if name not in unit.values and name in active:
                unit.values[name] = {"status": status_value(True)}
    return sorted([*by_key.values(), *added], key=lambda u: (u.start, u.end, u.key))


def _value_or_none(unit: Unit, name: str, field_name: str) -> Any:
    v = unit.values.get(name, {}).get(field_name)
    if v is None:
        return None
    if field_name.startswith("stance."):
        return ORDINAL.get(v.key)
    return ("∅",) if v.key is None else v.key  # "no speaker" is a value, not a missing one


def rows(unit_list: list[Unit], names: list[str], field_name: str) -> list[tuple]:
    """The reliability data of one field: one row per unit that has it, one value per annotator."""
    out = []
    for unit in unit_list:
        row = tuple(_value_or_none(unit, name, field_name) for name in names)
        if any(v is not None for v in row):
            out.append(row)
    return out


def field_names(unit_list: list[Unit]) -> list[str]:
    found = {f for u in unit_list for f in u.fields()}
    return [*FIXED_FIELDS, *sorted(found - set(FIXED_FIELDS))]


def agreement_of(unit_list: list[Unit], names: list[str]) -> dict[str, Agreement]:
    """Every field's figures over ``unit_list``."""
    return {f: agreement(rows(unit_list, names, f), field_level(f)) for f in field_names(unit_list)}


def observed_all(unit_list: list[Unit], names: list[str]) -> tuple[int, int]:
    """(items every annotator agrees on, items every annotator gave a value for), over every field:
    the library's agreement column."""
    same = total = 0
    for f in field_names(unit_list):
        for row in rows(unit_list, names, f):
            if all(v is not None for v in row):
                total += 1
                same += len(set(row)) == 1
    return same, total


# --- the gold layer -----------------------------------------------------------------------


@dataclass
class Item:
    """One field of one unit that needs (or got) a decision."""

    unit: Unit
    field: str
    gold: Value | None  # the value gold holds now (None: not settled)
    basis: str | None  # whose value gold took
    adjudicator: str | None

    @property
    def settled(self) -> bool:
        return self.basis is not None


def _gold_quote(unit: Unit, gold) -> Any:
    ids = {unit.key, *unit.members.values()}
    for q in [*gold.analysis.quotes, *gold.rejected]:
        if q.id in ids:
            return q
    return None


def gold_state(store: Store, unit: Unit, gold) -> dict[str, tuple[Value, Any]]:
    """Field -> (gold's value, its provenance) for the fields gold settled on this unit."""
    q = _gold_quote(unit, gold)
    if q is None:
        return {}
    rejected = any(r.id == q.id for r in gold.rejected)
    values = quote_values(gold.analysis, q, rejected)
    out = {}
    for f in unit.fields():
        prov = gold.corrected.get(("quote", q.id, "rejected" if f == "status" else f))
        if prov is not None and prov.basis is not None:
            out[f] = (values.get(f, Value(None, "—", None)), prov)
    return out


def items(store: Store, article_id: int, names: list[str]) -> list[Item]:
    """Every field of every unit where the annotators do not all give the same value (a missing
    value counts as different), with what gold holds (settled or not); fields of a quote gold
    rejected drop out."""
    gold = store.effective(article_id, GOLD)
    out = []
    for unit in units(store, article_id, names):
        state = gold_state(store, unit, gold)
        status = state.get("status")
        for f in unit.fields():
            if f != "status" and status is not None and status[0].key == "rejected":
                continue
            keys = {unit.values.get(n, {}).get(f, Value("—missing—", "", None)).key for n in names}
            if len(keys) <= 1 and not (f in state and state[f][1].basis != AGREED):
                continue
            g = state.get(f)
            if g is not None and g[1].basis == AGREED:
                g = None  # agreed when gold took it, disagreed since (a layer changed): open again
            out.append(Item(unit, f, g[0] if g else None, g[1].basis if g else None, g[1].annotator if g else None))
    return out


def _settle_events(conn, store: Store, article_id: int, gold, unit: Unit, field_name: str, value: Value,
                   basis: str, made: dict[str, tuple[str, dict]] | None = None) -> None:
    """Append the events of one decision (an added quote gold lacks is first added to gold;
    ``made`` remembers it for the next decisions of the same transaction)."""
    made = {} if made is None else made
    q = _gold_quote(unit, gold)
    if q is not None:
        anchor, qid = quote_anchor(q), q.id
    elif unit.key in made:
        qid, anchor = made[unit.key]
    elif not unit.added:
        raise CorrectionError(f"no quote {unit.key!r} in this article")
    else:
        owner = basis if basis in unit.members else next(iter(unit.members))
        eff = store.effective(article_id, owner)
        added = next(x for x in [*eff.analysis.quotes, *eff.rejected] if x.id == unit.members[owner])
        new = {"start": added.start, "end": added.end, "text": added.text, "kind": added.kind, "speaker": None,
               "sentiment": added.sentiment.to_dict()}
        anchor, qid = quote_anchor(added), added.id
        insert_event(conn, article_id, store.annotator, "add_quote", "quote", qid, "added", None, new, anchor,
                     layer=GOLD, basis=basis)
        made[unit.key] = (qid, anchor)
    insert_event(conn, article_id, store.annotator, "settle", "quote", qid, field_name, None, value.payload, anchor,
                 layer=GOLD, basis=basis)


def settle(store: Store, article_id: int, unit: Unit, field_name: str, value: Value, basis: str) -> None:
    """Write one decision to gold: ``field_name`` of ``unit`` is ``value``, taken from ``basis``."""
    def build(conn, gold):
        _settle_events(conn, store, article_id, gold, unit, field_name, value, basis)

    store._write(article_id, build, GOLD)


def agreed_fields(unit: Unit, names: list[str]) -> list[str]:
    """The unit's fields every one of ``names`` gave the same value for (none unless every one
    of them annotated the unit)."""
    if len(names) < 2 or any(n not in unit.values for n in names):
        return []
    out = []
    for f in unit.fields():
        values = [unit.values[n].get(f) for n in names]
        if all(v is not None for v in values) and len({v.key for v in values}) == 1:
            out.append(f)
    return out


def settle_agreed(store: Store, article_id: int, names: list[str]) -> int:
    """Write to gold every field of a unit that all ``names`` annotated alike (basis ``agreed``),
    unless gold already holds a decision for it (an earlier ``agreed`` value the annotators have
    since changed together is replaced); returns the fields written."""
    unit_list = units(store, article_id, names)
    written = 0

    def build(conn, gold):
        nonlocal written
        made: dict[str, tuple[str, dict]] = {}
        for unit in unit_list:
            fields = agreed_fields(unit, names)
            state = gold_state(store, unit, gold) if fields else {}
            for f in fields:
                value = unit.values[names[0]][f]
                if f not in state or (state[f][1].basis == AGREED and state[f][0].key != value.key):
                    _settle_events(conn, store, article_id, gold, unit, f, value, AGREED, made)
                    written += 1

    if any(agreed_fields(u, names) for u in unit_list):
        store._write(article_id, build, GOLD)
    return written


def progress(store: Store, article_id: int, names: list[str]) -> tuple[int, int]:
    """(disagreements settled, disagreements)."""
    found = items(store, article_id, names)
    return sum(1 for i in found if i.settled), len(found)


def article_figures(store: Store, article_ids: list[int], names: list[str] | None) -> dict[str, Any]:
    """Per article and overall: the annotators compared and each field's figures."""
    per_article = {}
    pooled: list[Unit] = []
    every = names or annotators(store, article_ids)
    for article_id in article_ids:
        who = names or annotators(store, [article_id])
        unit_list = units(store, article_id, every)
        for u in unit_list:
            u.key = f"{article_id}:{u.key}"
        pooled += unit_list
        per_article[article_id] = {"annotators": who, "fields": agreement_of(unit_list, every)}
    return {"annotators": every, "articles": per_article, "overall": agreement_of(pooled, every)}


__all__ = ["Item", "Unit", "Value", "agreement_of", "annotators", "article_figures",
           "items", "parse_value", "progress", "settle", "settle_agreed", "units"]
