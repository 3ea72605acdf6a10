"""The registry of export formats: every entry exports through its writer, the record formats
through the one record builder, and a new format is one entry plus one writer."""

from __future__ import annotations

import csv
import io
import json

import pytest

from store import export as exporting
from store.errors import ExportError
from store.export import dumps, export, records, to_string, write, writer_of
from store.formats import FORMATS, REGISTRY, SUFFIXES, TEXT_FORMATS, ExportFormat
from store.import_annotations import import_annotations

from .test_export import corrected  # noqa: F401  (the seed article with every kind of correction)


def test_the_lists_are_views_of_the_registry():
    assert FORMATS == tuple(REGISTRY) and set(TEXT_FORMATS) < set(FORMATS)
    assert SUFFIXES == {name: f.suffix for name, f in REGISTRY.items()}
    for name, form in REGISTRY.items():
        assert form.name == name and form.suffix.startswith(".")
        assert callable(writer_of(form)) and writer_of(form).__name__ == form.writer
        assert form.needs_path == (name not in TEXT_FORMATS)


def _read(name: str, path, store):
    """What a reader of the format gets back from the file: a list of its records/documents."""
    if name == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if name == "csv":
        return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    if name == "prodigy":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if name == "spacy":
        import spacy
        from spacy.tokens import DocBin

        return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))
    raise AssertionError(f"a registered format without a reader in this test: {name}")


@pytest.mark.parametrize("name", FORMATS)
def test_every_registered_format_exports_and_reads_back(corrected, tmp_path, name):  # noqa: F811
    store, aid, ids = corrected
    form = REGISTRY[name]
    path = tmp_path / f"out{form.suffix}"
    count = export(store, path, name)
    read = _read(name, path, store)
    assert count == len(read) > 0
    if form.needs_path:
        with pytest.raises(ExportError, match="give a file with -o"):
            write(store, io.StringIO(), name)
    else:
        assert to_string(store, name) == path.read_text(encoding="utf-8")  # the stream and the file agree
    if name == "jsonl":  # ours goes round a fresh database unchanged
        from store.articles import Store

        fresh = Store(tmp_path / "fresh.db")
        import_annotations(fresh, path)
        again = tmp_path / "again.jsonl"
        export(fresh, again, "jsonl")
        drop = ("article_id", "added")
        assert [{k: v for k, v in r.items() if k not in drop} for r in _read("jsonl", again, fresh)] == \
               [{k: v for k, v in r.items() if k not in drop} for r in read]
        fresh.close()


def test_the_record_formats_are_the_one_record_builders_records(corrected, seed_analysis):  # noqa: F811
    from .conftest import copy_analysis

    store, aid, ids = corrected
    other = store.add_article(seed_analysis.text + "\n\nagain\n", "other.txt")  # no corrections: the fast path
    analysis = copy_analysis(seed_analysis)
    analysis.text += "\n\nagain\n"
    store.save_analysis(other, analysis)
    built = list(records(store))
    assert {r["article_id"] for r in built} == {aid, other}
    # JSONL is exactly each record encoded, line by line (its quote lines are written directly)
    assert to_string(store, "jsonl") == "".join(dumps(r) + "\n" for r in built)
    # CSV has one row per quote and speaker record, in the same order, with the same values
    rows = list(csv.DictReader(io.StringIO(to_string(store, "csv"))))
    flat = [r for r in built if r["type"] in ("quote", "speaker")]
    cell = exporting._cell  # as a spreadsheet must see them: no cell runs as a formula
    assert [(r["type"], str(r["article_id"]), cell(r.get("quote_id") or r["speaker_id"]), cell(r.get("text", "")))
            for r in flat] == [(r["type"], r["article_id"], r["id"], r["text"]) for r in rows]


def test_a_new_format_is_one_registry_entry_and_one_writer(corrected, tmp_path, monkeypatch):  # noqa: F811
    store, aid, ids = corrected

    def write_quote_ids(store, out, article_ids=None) -> int:
        lines = [r["quote_id"] for r in records(store, article_ids) if r["type"] == "quote"]
        out.write("".join(line + "\n" for line in lines))
        return len(lines)

    monkeypatch.setattr(exporting, "write_quote_ids", write_quote_ids, raising=False)
    monkeypatch.setitem(REGISTRY, "ids", ExportFormat("ids", ".txt", "write_quote_ids", description="quote ids"))
    path = tmp_path / "ids.txt"
    assert export(store, path, "ids") == len(path.read_text().splitlines()) > 0
    assert set(path.read_text().split()) >= set(ids["quotes"][:3]) | {ids["added"]}
    assert to_string(store, "ids") == path.read_text()
