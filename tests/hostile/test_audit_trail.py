"""The audit trail cannot be forged, and exports label values honestly (issue 17).

import-annotations: no undo of events the file does not contain, no undo/redo and no
original annotator/time from a history that does not verify, every imported event marked (by
whom, when, which file), the same contract as import-analyses. Export: a quote nobody reviewed
is ``machine``, not ``accepted``; rejected quotes are reviewed; user-made speakers are named by
the ``user``; a speaker stance computed from corrected quotes says so.
"""

from __future__ import annotations

import json

import pytest

from store.articles import Store
from store.errors import ExportError
from store.export import export, to_string
from store.import_annotations import import_annotations

from .conftest import assert_one_line_error, cli


def _records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def _write(path, records) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


@pytest.fixture
def alice(tmp_path, seed_text, seed_analysis):
    """alice's database: the seed article, two corrections and an undo of the second."""
    store = Store(tmp_path / "alice.db", annotator="alice")
    aid = store.add_article(seed_text, "seed.txt")
    store.save_analysis(aid, seed_analysis)
    quotes = [q for q in seed_analysis.quotes if q.kind != "scare"]
    store.set_stance(aid, quotes[0].id, "Russia", "negative")
    store.set_kind(aid, quotes[1].id, "indirect")
    store.undo(aid)
    yield store, aid, quotes
    store.close()


@pytest.fixture
def exported(alice, tmp_path):
    store, aid, quotes = alice
    path = tmp_path / "alice.jsonl"
    export(store, path, "jsonl")
    return path, _records(path.read_text(encoding="utf-8"))


def test_a_verified_export_keeps_annotators_and_times_and_is_marked_imported(exported, tmp_path):
    path, records = exported
    bob = Store(tmp_path / "bob.db", annotator="bob")
    result = import_annotations(bob, path)
    assert result.verified and result.corrections == 3
    out = [r for r in _records(to_string(bob, "jsonl")) if r["type"] == "correction"]
    original = [r for r in records if r["type"] == "correction"]
    assert [(r["annotator"], r["at"]) for r in out] == [(r["annotator"], r["at"]) for r in original]
    assert all(r["imported"]["by"] == "bob" and r["imported"]["file"] == str(path.resolve()) for r in out)
    assert all(r["imported"]["at"] and len(r["imported"]["sha256"]) == 64 for r in out)
    bob.close()


def test_an_undo_of_an_event_not_in_the_file_is_refused(exported, alice, tmp_path):
    """A forged file whose undo names a correction bob made himself must not undo it."""
    path, records = exported
    store, aid, quotes = alice
    bob = Store(tmp_path / "bob.db", annotator="bob")
    import_annotations(bob, path)
    bob_aid = bob.article_id_for(store.article(aid)["text"])
    bob.set_stance(bob_aid, quotes[2].id, "DPRK", "positive")
    bobs = bob.events(bob_aid)[-1]
    forged = records + [dict(next(r for r in records if r.get("action") == "undo"), uid="forged-undo",
                             target=bobs.uid, seq=99, at=records[-1]["at"])]
    _write(tmp_path / "forged.jsonl", forged)
    with pytest.raises(ExportError, match="not in this file"):
        import_annotations(bob, tmp_path / "forged.jsonl")
    assert bob.effective(bob_aid).corrected.get(("quote", quotes[2].id, "stance.DPRK")) is not None
    bob.close()


def test_an_unverifiable_history_is_recorded_as_the_importer_with_the_claims_kept(exported, tmp_path):
    path, records = exported
    edits = [r for r in records if r["type"] != "correction" or r["action"] != "undo"]
    for r in edits:
        if r["type"] == "correction":
            r["annotator"] = "the-boss"  # a forged author…
            r["active"] = True
    edits[-1]["at"] = "2000-01-01T00:00:00+00:00"  # …and a time that goes backwards
    _write(tmp_path / "claims.jsonl", edits)
    carol = Store(tmp_path / "carol.db", annotator="carol")
    result = import_annotations(carol, tmp_path / "claims.jsonl")
    assert not result.verified and "backwards" in result.reason
    out = [r for r in _records(to_string(carol, "jsonl")) if r["type"] == "correction"]
    assert {r["annotator"] for r in out} == {"carol"}
    assert all(r["at"] > "2020" for r in out)
    assert {r["imported"]["claimed"]["annotator"] for r in out} == {"the-boss"}
    assert all(r["imported"]["verified"] is False for r in out)
    carol.close()


def test_undo_and_redo_in_an_unverifiable_history_are_refused(exported, tmp_path, capsys, db_path):
    path, records = exported
    for r in records:
        if r["type"] == "correction":
            r["active"] = True  # no longer what the log gives: the undo says otherwise
    _write(tmp_path / "bad.jsonl", records)
    code, out, err = cli(capsys, "import-annotations", tmp_path / "bad.jsonl")
    assert_one_line_error(code, out, err, "undo/redo", "cannot be verified")
    assert Store(db_path).articles() == []


def test_import_annotations_runs_the_analysis_contract(exported, tmp_path, capsys, db_path):
    path, records = exported
    article = next(r for r in records if r["type"] == "article")
    article["analysis"]["speakers"].append(dict(article["analysis"]["speakers"][0]))  # duplicate id
    _write(tmp_path / "dup.jsonl", records)
    code, out, err = cli(capsys, "import-annotations", tmp_path / "dup.jsonl")
    assert_one_line_error(code, out, err, "dup.jsonl:1: analysis:", "used by an earlier speaker")


def test_a_correction_already_present_with_other_content_is_refused(exported, tmp_path):
    path, records = exported
    carol = Store(tmp_path / "carol.db", annotator="carol")
    import_annotations(carol, path)
    changed = next(r for r in records if r["type"] == "correction" and r["action"] == "set_stance")
    changed["new"] = {"label": "positive", "score": 0.6}
    _write(tmp_path / "changed.jsonl", records)
    with pytest.raises(ExportError, match="already in the database with other content"):
        import_annotations(carol, tmp_path / "changed.jsonl")
    carol.close()


# ----------------------------------------------------------------------- honest labels


def test_export_labels_say_who_decided_what(tmp_path, seed_text, seed_analysis):
    store = Store(tmp_path / "db.sqlite", annotator="alice")
    aid = store.add_article(seed_text, "seed.txt")
    store.save_analysis(aid, seed_analysis)
    quotes = [q for q in seed_analysis.quotes if q.kind != "scare" and q.speaker and q.stance]
    untouched, accepted, corrected, rejected, moved = quotes[0], quotes[1], quotes[2], quotes[3], quotes[4]
    store.mark_reviewed(aid, accepted.id)
    target = next(iter(corrected.stance))
    store.set_stance(aid, corrected.id, target, "positive")
    store.reject_quote(aid, rejected.id)
    new_speaker = store.reassign_speaker(aid, moved.id, new_name="A New Person")
    records = _records(to_string(store, "jsonl"))
    q = {r["quote_id"]: r for r in records if r["type"] == "quote"}
    assert q[untouched.id]["status"] == "machine" and q[untouched.id]["reviewed"] is False
    assert q[accepted.id]["status"] == "accepted" and q[accepted.id]["reviewed"] is True
    assert q[corrected.id]["status"] == "corrected"
    assert q[rejected.id]["status"] == "rejected" and q[rejected.id]["reviewed"] is True
    assert q[rejected.id]["reviewed_by"]["annotator"] == "alice"
    s = {r["speaker_id"]: r for r in records if r["type"] == "speaker"}
    assert s[new_speaker]["provenance"]["name"]["source"] == "user"
    assert s[new_speaker]["provenance"]["name"]["annotator"] == "alice"
    speaker = s[corrected.speaker]
    assert speaker["provenance"][f"stance.{target}"] == {"source": "corrected_quotes",
                                                        "quotes": sorted({corrected.id} | ({rejected.id, moved.id} & {
                                                            x.id for x in quotes if x.speaker == corrected.speaker
                                                            and target in x.stance}))}
    untouched_speakers = {sp.id for sp in seed_analysis.speakers} - {x.speaker for x in (corrected, rejected, moved)}
    for sid in untouched_speakers & set(s):
        assert all(p["source"] == "machine" for p in s[sid]["provenance"].values())
    machine_only = Store(tmp_path / "m.sqlite")
    other = machine_only.add_article(seed_text, "seed.txt")
    machine_only.save_analysis(other, seed_analysis)
    assert {r["status"] for r in _records(to_string(machine_only, "jsonl")) if r["type"] == "quote"} == {"machine"}
    machine_only.close()
    store.close()
