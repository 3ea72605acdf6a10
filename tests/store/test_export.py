"""Export (JSONL, CSV, Prodigy, spaCy DocBin), atomic writes, and the JSONL round trip."""

from __future__ import annotations

import csv
import io
import json

import pytest

from store.articles import Store
from store.errors import ExportError, StoreError
from store.export import FORMATS, export, to_string
from store.import_annotations import import_annotations

from .conftest import copy_analysis


@pytest.fixture
def corrected(seeded):
    """The seed article with one of every correction, by two annotators, and an undo."""
    store, aid = seeded
    eff = store.effective(aid)
    quotes = eff.analysis.quotes
    speaker = next(s for s in eff.analysis.speakers if any(q.speaker == s.id for q in quotes))
    store.set_stance(aid, quotes[0].id, "Russia", "negative")
    store.set_kind(aid, quotes[1].id, "indirect")
    new_id = store.reassign_speaker(aid, quotes[2].id, new_name="=cmd|' /C calc'!A0")  # CSV injection attempt
    store.rename_speaker(aid, speaker.id, "Renamed")
    store.reject_quote(aid, quotes[3].id)
    added = store.add_quote(aid, 5, 25, speaker_id=speaker.id)
    store.mark_reviewed(aid, quotes[0].id)
    store.override_speaker_stance(aid, speaker.id, "DPRK", "positive")
    store.set_kind(aid, quotes[4].id, "scare")
    store.undo(aid)
    bob = Store(store.path, annotator="bob")
    bob.set_stance(aid, quotes[5].id, "DPRK", "positive", 0.9)
    bob.close()
    return store, aid, {"speaker": speaker.id, "new_speaker": new_id, "added": added, "quotes": [q.id for q in quotes]}


def _records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_formats():
    assert {"jsonl", "csv"} <= set(FORMATS) and {"prodigy", "spacy"} & set(FORMATS)


def test_jsonl_quotes_carry_values_and_provenance(corrected):
    store, aid, ids = corrected
    records = _records(to_string(store, "jsonl"))
    types = [r["type"] for r in records]
    assert types[0] == "article" and {"quote", "speaker", "correction"} <= set(types)
    quotes = {r["quote_id"]: r for r in records if r["type"] == "quote"}
    q0 = quotes[ids["quotes"][0]]
    assert q0["article_id"] == aid and q0["source"] == "seed.txt"
    assert q0["stance"]["Russia"] == {"label": "negative", "score": -0.6}
    prov = q0["provenance"]["stance.Russia"]
    assert prov["source"] == "corrected" and prov["annotator"] == "alice" and prov["at"]
    assert q0["provenance"]["kind"] == {"source": "machine"}
    assert q0["reviewed"] and q0["reviewed_by"]["annotator"] == "alice"
    assert set(q0["sentiment"]) == {"compound", "pos", "neu", "neg"}
    assert quotes[ids["quotes"][1]]["kind"] == "indirect"
    assert quotes[ids["quotes"][3]]["status"] == "rejected"
    assert quotes[ids["quotes"][4]]["provenance"]["kind"] == {"source": "machine"}  # undone
    assert quotes[ids["quotes"][5]]["provenance"]["stance.DPRK"]["annotator"] == "bob"
    assert quotes[ids["added"]]["origin"] == "added" and quotes[ids["added"]]["speaker"] == "Renamed"
    text = store.article(aid)["text"]
    assert all(text[r["start"]:r["end"]] == r["text"] for r in quotes.values())
    speakers = {r["speaker_id"]: r for r in records if r["type"] == "speaker"}
    renamed = speakers[ids["speaker"]]
    assert renamed["name"] == "Renamed" and renamed["provenance"]["name"]["source"] == "corrected"
    assert renamed["stance"]["DPRK"]["label"] == "positive"
    assert renamed["provenance"]["stance.DPRK"]["source"] == "corrected"
    corrections = [r for r in records if r["type"] == "correction"]
    assert [c["action"] for c in corrections][-3:] == ["set_kind", "undo", "set_stance"]


def test_csv_is_the_same_flat_and_safe_for_spreadsheets(corrected):
    store, aid, ids = corrected
    rows = list(csv.DictReader(io.StringIO(to_string(store, "csv"))))
    jsonl = [r for r in _records(to_string(store, "jsonl")) if r["type"] in ("quote", "speaker")]
    assert len(rows) == len(jsonl)
    q0 = next(r for r in rows if r["id"] == ids["quotes"][0])
    assert q0["stance.Russia"] == "negative" and q0["score.Russia"] == "-0.6" and q0["source.Russia"] == "corrected"
    assert q0["corrected_by"] == "alice" and q0["corrected_at"]
    q2 = next(r for r in rows if r["id"] == ids["quotes"][2])
    assert q2["speaker"].startswith("'=") and q2["speaker_source"] == "corrected"
    sp = next(r for r in rows if r["type"] == "speaker" and r["id"] == ids["speaker"])
    assert sp["speaker"] == "Renamed" and sp["stance.DPRK"] == "positive"


def test_prodigy_spans_and_relations_index_real_tokens(corrected):
    store, aid, ids = corrected
    (task,) = _records(to_string(store, "prodigy"))
    tokens = task["tokens"]
    assert task["text"] == store.article(aid)["text"]
    assert {s["label"] for s in task["spans"]} >= {"QUOTE", "TARGET"}
    for span in task["spans"]:
        assert tokens[span["token_start"]]["start"] == span["start"]
        assert tokens[span["token_end"]]["end"] == span["end"]
    labels = {r["label"] for r in task["relations"]}
    assert labels & {"STANCE_NEGATIVE", "STANCE_POSITIVE", "STANCE_NEUTRAL"}
    for rel in task["relations"]:
        assert rel["head"] == rel["head_span"]["token_end"] and rel["child"] == rel["child_span"]["token_end"]
    rejected = ids["quotes"][3]
    assert rejected not in {q["quote_id"] for q in task["quotes"]}


def test_spacy_docbin_has_span_groups(corrected, tmp_path):
    import spacy
    from spacy.tokens import DocBin

    store, aid, ids = corrected
    path = tmp_path / "train.spacy"
    assert export(store, path, "spacy") == 1
    (doc,) = DocBin().from_disk(path).get_docs(spacy.blank("en").vocab)
    assert doc.text == store.article(aid)["text"]
    assert len(doc.spans["quotes"]) == len(store.effective(aid).analysis.quotes)
    assert "Russia:negative" in {s.label_ for s in doc.spans["stance"]}
    assert doc.user_data["stance_reader"]["article_id"] == aid


def test_export_refuses_to_overwrite_unless_forced_and_never_leaves_partial_files(corrected, tmp_path):
    store, aid, _ = corrected
    path = tmp_path / "out.jsonl"
    n = export(store, path, "jsonl")
    assert n == len(path.read_text().splitlines())
    path.write_text("precious\n")
    with pytest.raises(ExportError, match="already exists") as info:
        export(store, path, "jsonl")
    assert "\n" not in str(info.value) and path.read_text() == "precious\n"
    assert export(store, path, "csv", force=True) > 0 and path.read_text().startswith("type,")
    with pytest.raises(ExportError, match="no article 999"):
        export(store, tmp_path / "bad.jsonl", "jsonl", article_ids=[999])
    with pytest.raises(ExportError, match="unknown export format"):
        export(store, tmp_path / "bad.xml", "xml")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("stance.db")) == ["out.jsonl"]


def test_export_selects_articles(corrected, nlp):
    from nlp.analyze import analyze

    store, aid, _ = corrected
    text = "“We will not back down,” the minister said of Russia.\n"
    other = store.add_article(text, "other.txt")
    store.save_analysis(other, analyze(text, nlp, source="other.txt"))
    both = {r["article_id"] for r in _records(to_string(store, "jsonl"))}
    assert both == {aid, other}
    only = {r["article_id"] for r in _records(to_string(store, "jsonl", article_ids=[other]))}
    assert only == {other}


def _comparable(records: list[dict]) -> list[dict]:
    out = []
    for r in records:
        r = {k: v for k, v in r.items() if k not in ("article_id", "added", "imported")}
        out.append(r)
    return out


def test_jsonl_round_trip_through_a_fresh_database(corrected, tmp_path):
    store, aid, _ = corrected
    # an orphaned correction must survive the trip too
    eff = store.effective(aid)
    gone = eff.analysis.quotes[6]
    store.set_kind(aid, gone.id, "mixed")
    machine = copy_analysis(store.analysis(aid))
    machine.quotes = [q for q in machine.quotes if q.id != gone.id]
    assert store.save_analysis(aid, machine)
    first = tmp_path / "first.jsonl"
    export(store, first, "jsonl")

    fresh = Store(tmp_path / "fresh.db", annotator="carol")
    result = import_annotations(fresh, first)
    assert result.articles == 1 and result.corrections == len(store.history(aid))
    second = tmp_path / "second.jsonl"
    export(fresh, second, "jsonl")
    a = _records(first.read_text())
    b = _records(second.read_text())
    assert _comparable(a) == _comparable(b)  # lossless, but for the mark of the import:
    marks = [r["imported"] for r in b if r["type"] == "correction"]
    assert all(m["by"] == "carol" and m["verified"] and m["file"] == str(first.resolve()) for m in marks)
    assert all(r["imported"] is None for r in a if r["type"] == "correction")
    assert fresh.effective(1).orphans
    # the imported history keeps its annotators: carol cannot undo their corrections, they can
    assert not fresh.can_undo(1)
    author = Store(tmp_path / "fresh.db", annotator=store.annotator)
    assert author.can_undo(1)
    author.close()
    # importing again adds nothing
    again = import_annotations(fresh, first)
    assert again.corrections == 0 and again.skipped == result.corrections
    fresh.close()


def test_import_rejects_bad_files_in_one_line_and_changes_nothing(tmp_path, corrected):
    store, aid, _ = corrected
    good = tmp_path / "good.jsonl"
    export(store, good, "jsonl")
    lines = good.read_text().splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines[:5] + ["{not json"] + lines[5:]) + "\n")
    fresh = Store(tmp_path / "fresh.db")
    with pytest.raises(ExportError, match=r"bad.jsonl:6: not JSON") as info:
        import_annotations(fresh, bad)
    assert "\n" not in str(info.value)
    assert fresh.articles() == []  # one transaction: nothing half-imported
    with pytest.raises(ExportError, match="no such file"):
        import_annotations(fresh, tmp_path / "missing.jsonl")
    nonsense = tmp_path / "n.jsonl"
    nonsense.write_text('{"type": "quote"}\n')
    with pytest.raises(ExportError, match="no article records"):
        import_annotations(fresh, nonsense)
    fresh.close()


def test_a_malformed_imported_correction_is_an_orphan_not_a_crash(corrected, tmp_path):
    store, aid, ids = corrected
    path = tmp_path / "x.jsonl"
    export(store, path, "jsonl")
    records = _records(path.read_text())
    broken = next(r for r in records if r["type"] == "correction" and r["action"] == "set_stance")
    broken["new"] = {"label": "negative"}  # no score
    broken["uid"] = "hand-edited"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    fresh = Store(tmp_path / "fresh.db")
    import_annotations(fresh, path)
    orphans = fresh.effective(1).orphans
    assert [o["uid"] for o in orphans] == ["hand-edited"] and "malformed" in orphans[0]["reason"]
    fresh.close()


def test_a_failure_midway_leaves_neither_the_file_nor_a_temporary(corrected, tmp_path):
    store, aid, _ = corrected
    with store.conn:  # a second article whose stored analysis is damaged
        store.conn.execute("BEGIN IMMEDIATE")
        store.conn.execute("INSERT INTO articles (id, hash, source, title, text) VALUES (99, 'h', 's', 't', 'x')")
        store.conn.execute("INSERT INTO analyses (article_id, document) VALUES (99, '{not json')")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    for fmt in ("jsonl", "csv"):
        with pytest.raises(StoreError, match="article 99 is unreadable"):
            export(store, out_dir / f"all.{fmt}", fmt)
    assert list(out_dir.iterdir()) == []
    assert export(store, out_dir / "one.jsonl", "jsonl", article_ids=[aid]) > 0  # the rest still exports


# --- the fast path for articles without corrections gives what the general path gives ---------


def _general_path_only(monkeypatch):
    """Make every article take the general path (through ``Store.effective``)."""
    from store import export as exporting

    def refuse(*args, **kwargs):
        raise ValueError("general path only")

    monkeypatch.setattr(exporting, "_machine", refuse)


@pytest.fixture
def odd(corrected, seed_analysis):
    """Besides the corrected seed: an uncorrected article with unusual values everywhere."""
    import math

    from nlp.model import QuoteStance, Sentiment

    store, aid, ids = corrected
    analysis = copy_analysis(seed_analysis)
    text = analysis.text + "\n\n« Ünïcödé » — \"quoted\" \\ back\tslash\n"
    analysis.text = text
    analysis.source = "=odd,source\".txt"
    q = analysis.quotes
    q[0].sentiment = Sentiment(math.nan, math.inf, -math.inf, 1e300)
    q[1].stance = {"Zeta": QuoteStance(-0.25, "negative", ["x"]), "Alpha": QuoteStance(math.inf, "positive")}
    next(x for x in q[7:] if x.speaker).id = ""  # an empty id: the CSV ``id`` cell falls back to the speaker id
    q[3].speaker = None
    q[4].speaker = "no-such-speaker"
    q[5].text = "-starts like a formula"
    q[6].sentiment = Sentiment(0.0, 0.0, 0.0, 0.0)
    q[8].sentiment = Sentiment(-0.0, 0.0, 1.0, -0.0)  # a signed zero after a zero: written as such
    q[9].stance = {"Russia": QuoteStance(-0.0, "neutral"), "DPRK": QuoteStance(0.0, "neutral")}
    analysis.speakers[0].aliases = ["@alias", "Ünï"]
    q[2].via = analysis.speakers[-1].id  # words relayed by a channel ("…, the agency said")
    other = store.add_article(text, analysis.source, title="+title")
    store.save_analysis(other, analysis)
    return store, aid, other


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_uncorrected_articles_export_exactly_as_through_the_effective_annotation(odd, fmt, monkeypatch):
    from store import export as exporting

    store, aid, other = odd
    fast = to_string(store, fmt)
    fast_records = list(exporting.records(store))
    (batch,) = exporting._article_batches(store, [other])
    assert isinstance(batch, exporting._Machine)  # the fast path, not a fallback
    _general_path_only(monkeypatch)
    assert to_string(store, fmt) == fast
    assert list(exporting.records(store)) == fast_records
    if fmt == "jsonl":
        records = _records(fast)
        assert {r["article_id"] for r in records} == {aid, other}
        assert "NaN" in fast and "-Infinity" in fast  # as the JSON encoder writes them
        relayed = [r for r in records if r["type"] == "quote" and "via_id" in r]
        channel = store.effective(other).analysis.speakers[-1]
        assert [(r["via_id"], r["via"]) for r in relayed] == [(channel.id, channel.name)]
    else:
        rows = list(csv.DictReader(io.StringIO(fast)))
        assert {"score.Alpha", "score.Zeta"} <= set(rows[0])
        assert any(r["text"] == "'-starts like a formula" for r in rows)
        assert any(r["type"] == "quote" and r["id"] == r["speaker_id"] != "" for r in rows)


def test_an_unreadable_analysis_without_corrections_is_still_reported(seeded, tmp_path):
    store, aid = seeded
    document = store.analysis_document(aid)
    broken = json.loads(document)
    broken["mentions"] = [{"target": "Russia"}]  # valid JSON, not a valid analysis
    with store.conn:
        store.conn.execute("BEGIN IMMEDIATE")
        store.conn.execute("INSERT INTO articles (id, hash, source, title, text) VALUES (98, 'h2', 's', 't', 'x')")
        store.conn.execute("INSERT INTO analyses (article_id, document) VALUES (98, ?)", (json.dumps(broken),))
    for fmt in ("jsonl", "csv"):
        with pytest.raises(StoreError, match="article 98 is unreadable"):
            export(store, tmp_path / f"all.{fmt}", fmt)
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("stance.db")] == []


def test_many_articles_are_exported_in_order_across_batches(seeded, seed_analysis, monkeypatch):
    from store import export as exporting

    store, aid = seeded
    monkeypatch.setattr(exporting, "_BATCH", 2)
    ids = [aid]
    for i in range(4):
        analysis = copy_analysis(seed_analysis)
        analysis.text += f"\n\ncopy {i}\n"
        ids.append(store.add_article(analysis.text, f"copy{i}.txt"))
        store.save_analysis(ids[-1], analysis)
    store.set_kind(ids[2], store.effective(ids[2]).analysis.quotes[0].id, "scare")
    chosen = [ids[3], ids[0], ids[2], ids[4]]
    got = [r["article_id"] for r in _records(to_string(store, "jsonl", article_ids=chosen)) if r["type"] == "article"]
    assert got == chosen
    fast = to_string(store, "jsonl", article_ids=chosen)
    _general_path_only(monkeypatch)
    assert to_string(store, "jsonl", article_ids=chosen) == fast


def test_the_memoised_float_texts_are_the_json_encoders():
    import math

    from store.export import _float_texts

    text = _float_texts()
    values = [0.1, -0.0, 0.0, -0.0, 0.1, math.nan, math.nan, math.inf, -math.inf, 1e300, 0.1 + 0.2, -0.25, -0.25]
    assert [text(x) for x in values] == [json.dumps(x) for x in values]
