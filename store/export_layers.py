"""``export --all-layers``: one row per quote (unit, ``store.team``) with every annotator's values,
the machine's and gold's side by side, for the team's own analysis (JSONL or CSV).

JSONL: one ``{"type": "unit", ...}`` record per unit; CSV: one row per unit, columns
``article_id, source, unit, start, end, text``, then for every field ``F`` (``status``,
``speaker``, ``kind``, ``stance.<target>``): ``machine.F``, ``<annotator>.F`` for each
annotator, ``gold.F`` and ``gold_basis.F``. An empty cell: no value (not annotated).
"""

from __future__ import annotations

import csv
import json
from typing import IO, Any

from . import team
from .articles import Store
from .corrections import GOLD
from .errors import ExportError
from .export import _cell, selected_articles


def unit_records(store: Store, article_ids=None):
    """Each selected article's units, as records."""
    ids = selected_articles(store, article_ids)
    names = team.annotators(store, ids)
    for article_id in ids:
        source = store.article(article_id)["source"]
        unit_list = team.units(store, article_id, names)
        gold = store.effective(article_id, GOLD)
        for unit in unit_list:
            state = team.gold_state(store, unit, gold)
            yield {
                "type": "unit",
                "article_id": article_id,
                "source": source,
                "unit": unit.key,
                "origin": "added" if unit.added else "machine",
                "start": unit.start,
                "end": unit.end,
                "text": unit.text,
                "machine": {f: v.shown for f, v in unit.machine.items()},
                "annotators": {n: {f: v.shown for f, v in unit.values[n].items()} for n in names if n in unit.values},
                "gold": {f: {"value": v.shown, "basis": prov.basis, "adjudicator": prov.annotator, "at": prov.at}
                         for f, (v, prov) in state.items()},
            }, names


def write_layers_jsonl(store: Store, out: IO[str], article_ids=None) -> int:
    n = 0
    for record, _ in unit_records(store, article_ids):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_layers_csv(store: Store, out: IO[str], article_ids=None) -> int:
    found = list(unit_records(store, article_ids))
    names = found[0][1] if found else []
    fields: list[str] = list(team.FIXED_FIELDS)
    for record, _ in found:
        for values in [record["machine"], record["gold"], *record["annotators"].values()]:
            fields += [f for f in values if f not in fields]
    fields = [*team.FIXED_FIELDS, *sorted(set(fields) - set(team.FIXED_FIELDS))]
    columns = ["article_id", "source", "unit", "origin", "start", "end", "text"]
    for f in fields:
        columns += [f"machine.{f}", *(f"{n}.{f}" for n in names), f"gold.{f}", f"gold_basis.{f}"]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for record, _ in found:
        cells: list[Any] = [record["article_id"], _cell(record["source"]), _cell(record["unit"]), record["origin"],
                            record["start"], record["end"], _cell(record["text"])]
        for f in fields:
            gold = record["gold"].get(f)
            cells += [_cell(record["machine"].get(f, "")),
                      *(_cell(record["annotators"].get(n, {}).get(f, "")) for n in names),
                      _cell(gold["value"]) if gold else "", _cell(gold["basis"]) if gold else ""]
        writer.writerow(cells)
    return len(found)


WRITERS = {"jsonl": write_layers_jsonl, "csv": write_layers_csv}


def writer_for(fmt: str):
    """The all-layers writer of ``fmt`` (for ``store.export.export(..., writer=)``)."""
    if fmt not in WRITERS:
        raise ExportError(f"all layers are written as {' or '.join(WRITERS)} only, not {fmt}")
    return WRITERS[fmt]
