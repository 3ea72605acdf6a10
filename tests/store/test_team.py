"""Correction layers in the store: independent vs shared review, undo per layer, the schema-6
migration (old corrections become their annotators' layers), units matched by span, gold."""

from __future__ import annotations

import json
import sqlite3

import numpy as np
import pytest

import krippendorff
from nlp.agreement import agreement, cohen_kappa, krippendorff_alpha
from store import team
from store.articles import Store
from store.corrections import GOLD
from store.database import MIGRATIONS, SCHEMA_VERSION
from store.errors import CorrectionError

from .conftest import copy_analysis


def statements(store, aid):
    return [q for q in store.analysis(aid).quotes if q.speaker and q.kind != "scare"]


def test_independent_layers_see_only_their_own_corrections_and_undo_their_own(seeded):
    store, aid = seeded
    store.set_review("independent")
    q1, q2 = statements(store, aid)[:2]
    store.set_kind(aid, q1.id, "indirect")  # alice
    bob = Store(store.path, annotator="bob")
    assert bob.review == "independent"  # stored in the database, not in the Store
    assert next(q for q in bob.effective(aid).analysis.quotes if q.id == q1.id).kind == q1.kind
    bob.set_kind(aid, q2.id, "indirect")
    assert not bob.can_redo(aid)
    assert bob.undo(aid)  # bob's own correction, although alice's is older
    assert next(q for q in bob.effective(aid).analysis.quotes if q.id == q2.id).kind == q2.kind
    assert not bob.undo(aid)  # nothing else of his
    eff = store.effective(aid)
    assert next(q for q in eff.analysis.quotes if q.id == q1.id).kind == "indirect"  # alice's still there
    shared = store.effective(aid, "effective")
    assert ("quote", q1.id, "kind") in shared.corrected
    bob.close()


def test_shared_review_is_one_common_log(seeded):
    store, aid = seeded
    q1 = statements(store, aid)[0]
    store.set_kind(aid, q1.id, "indirect")
    bob = Store(store.path, annotator="bob")
    assert bob.review == "shared"
    assert next(q for q in bob.effective(aid).analysis.quotes if q.id == q1.id).kind == "indirect"
    assert not bob.undo(aid)  # one common layer, but undo is one's own: alice's stays
    assert ("quote", q1.id, "kind") in store.effective(aid).corrected
    assert store.undo(aid)  # alice takes back her own
    assert ("quote", q1.id, "kind") not in bob.effective(aid).corrected
    with pytest.raises(CorrectionError):
        store.set_review("solo")
    bob.close()


def test_a_schema_5_database_keeps_its_corrections_as_the_annotators_layers(tmp_path, seed_text, seed_analysis):
    path = tmp_path / "v5.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for v in range(1, 6):
        MIGRATIONS[v](conn)
        conn.execute(f"PRAGMA user_version = {v}")
    conn.close()
    # rows as the code of schema 5 wrote them (no layer column)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("INSERT INTO articles (id, hash, source, title, text, added) VALUES (1, 'h', 's', 't', ?, 'x')",
                 (seed_text,))
    conn.execute("INSERT INTO analyses (article_id, model, version, created, document, rev) VALUES (1, 'm', 'v', 'x', ?, 1)",
                 (json.dumps(seed_analysis.to_dict()),))
    q = next(q for q in seed_analysis.quotes if q.speaker and q.kind != "scare")
    anchor = json.dumps({"start": q.start, "end": q.end, "text": q.text})
    for i, who in enumerate(("alice", "bob")):
        conn.execute("INSERT INTO events (uid, article_id, at, annotator, action, entity, entity_id, field, old, new,"
                     " anchor) VALUES (?, 1, ?, ?, 'mark_reviewed', 'quote', ?, 'reviewed', 'false', 'true', ?)",
                     (f"u{i}", f"2025-01-0{i + 1}", who, q.id, anchor))
    conn.execute("INSERT INTO events (uid, article_id, at, annotator, action, entity, entity_id, field, old, new,"
                 " anchor) VALUES ('u9', 1, '2025-01-09', 'bob', 'set_kind', 'quote', ?, 'kind', ?, '\"scare\"', ?)",
                 (q.id, json.dumps(q.kind), anchor))
    conn.close()
    store = Store(path, annotator="carol")
    assert store.database.version() == SCHEMA_VERSION >= 6
    assert team.annotators(store) == ["alice", "bob"]
    assert store.effective(1, "alice").reviewed == {q.id} and not store.effective(1, "alice").corrected
    assert ("quote", q.id, "kind") in store.effective(1, "bob").corrected
    assert ("quote", q.id, "kind") in store.effective(1).corrected  # shared (the default): as before
    assert [e["layer"] for e in store.history(1)] == [None, None, None]
    store.close()


def test_added_quotes_are_matched_by_overlap_and_gold_takes_one(seeded):
    store, aid = seeded
    store.set_review("independent")
    text = store.analysis(aid).text
    start = text.index(" ", 200) + 1
    store.add_quote(aid, start, start + 40)
    bob = Store(store.path, annotator="bob")
    bob.add_quote(aid, start + 5, start + 60)  # overlaps alice's
    bob.add_quote(aid, start + 500, start + 520)  # alice has nothing there
    unit_list = team.units(store, aid, ["alice", "bob"])
    added = [u for u in unit_list if u.added]
    assert len(added) == 2
    both = next(u for u in added if set(u.members) == {"alice", "bob"})
    assert both.values["alice"]["status"].key == both.values["bob"]["status"].key == "kept"
    alone = next(u for u in added if set(u.members) == {"bob"})
    assert alone.values["alice"]["status"].key == "rejected"  # alice annotated the article, did not add it
    judge = Store(store.path, annotator="judge")
    team.settle_agreed(judge, aid, ["alice", "bob"])  # status and kind agree on the shared one
    team.settle(judge, aid, alone, "status", alone.values["bob"]["status"], "bob")
    gold = judge.effective(aid, GOLD)
    added_in_gold = {q.id for q in gold.analysis.quotes} & {both.members["alice"], alone.members["bob"]}
    assert added_in_gold == {both.members["alice"], alone.members["bob"]}
    assert gold.corrected[("quote", alone.members["bob"], "rejected")].basis == "bob"
    assert gold.corrected[("quote", both.members["alice"], "rejected")].basis == "agreed"
    assert judge.undo(aid, GOLD)  # the last decision, in gold only: open again
    again = next(u for u in team.units(judge, aid, ["alice", "bob"]) if u.key == alone.key)
    assert "status" not in team.gold_state(judge, again, judge.effective(aid, GOLD))
    assert bob.effective(aid).analysis.quotes == bob.effective(aid, "bob").analysis.quotes
    for s in (bob, judge):
        s.close()


def test_parse_value_refuses_what_a_field_cannot_hold():
    assert team.parse_value("status", "rejected").key == "rejected"
    assert team.parse_value("speaker", "none").payload is None
    assert team.parse_value("kind", "Mixed").key == "mixed"
    for field, text in (("status", "maybe"), ("kind", "shouted"), ("stance.Russia", "hostile"), ("colour", "x")):
        with pytest.raises(CorrectionError):
            team.parse_value(field, text)


# --- the pure figures -------------------------------------------------------------------------


def test_kappa_by_hand_and_undefined_cases():
    # 10 units, two annotators: 4 (a,a), 3 (b,b), 2 (a,b), 1 (b,a): p_o = 0.7;
    # marginals a 6/5, b 4/5 → p_e = (6·5 + 4·5)/100 = 0.5; κ = 0.2/0.5 = 0.4
    pairs = [("a", "a")] * 4 + [("b", "b")] * 3 + [("a", "b")] * 2 + [("b", "a")]
    assert cohen_kappa(pairs) == pytest.approx(0.4)
    assert cohen_kappa([]) is None
    assert cohen_kappa([("a", "a"), ("a", "a")]) is None  # chance agreement is already 1


def test_alpha_is_the_krippendorff_packages_for_three_annotators_with_gaps():
    rows = [(1, 1, None), (2, 2, 2), (1, 2, 1), (3, 3, 3), (None, 2, 2), (1, None, None)]
    data = np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float).T
    for level in ("nominal", "ordinal"):
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
        assert krippendorff_alpha(rows, level) == pytest.approx(expected)
    result = agreement(rows, "nominal")
    assert (result.units, result.pairable, result.kappa) == (3, 5, None)  # κ: two annotators only
    assert result.observed == pytest.approx(2 / 3)
    assert agreement([(1, 1), (1, 1)], "nominal").alpha is None  # one value throughout: undefined


def test_in_independent_review_another_layer_does_not_end_ones_redo_chain(seeded):
    store, aid = seeded
    store.set_review("independent")
    q1, q2 = statements(store, aid)[:2]
    store.set_kind(aid, q1.id, "indirect")
    assert store.undo(aid)
    bob = Store(store.path, annotator="bob")
    bob.set_kind(aid, q2.id, "indirect")  # bob's correction after alice's undo
    assert store.redo(aid)  # alice's redo chain is hers
    everyone = store.effective(aid, "effective")
    assert {("quote", q1.id, "kind"), ("quote", q2.id, "kind")} <= set(everyone.corrected)
    assert all(e["active"] for e in store.history(aid) if e["action"] == "set_kind")
    bob.close()


def test_an_annotator_cannot_be_called_like_a_layer(tmp_path):
    from store.errors import StoreError

    for name in ("gold", "effective"):
        with pytest.raises(StoreError, match="names a layer"):
            Store(tmp_path / "x.db", annotator=name)


def test_a_field_agreed_into_gold_opens_again_when_an_annotator_changes_it(seeded):
    store, aid = seeded
    store.set_review("independent")
    q = statements(store, aid)[0]
    bob = Store(store.path, annotator="bob")
    for s in (store, bob):
        s.set_kind(aid, q.id, "indirect")
    judge = Store(store.path, annotator="judge")
    names = ["alice", "bob"]
    assert team.settle_agreed(judge, aid, names) >= 2  # status and kind (and its speaker, stances)
    assert not team.items(judge, aid, names)
    assert judge.effective(aid, GOLD).corrected[("quote", q.id, "kind")].basis == "agreed"
    bob.set_kind(aid, q.id, "mixed")
    assert [(i.unit.key, i.field, i.settled) for i in team.items(judge, aid, names)] == [(q.id, "kind", False)]
    assert team.progress(judge, aid, names) == (0, 1)
    store.set_kind(aid, q.id, "mixed")  # alice follows: they agree again, on another value
    assert team.settle_agreed(judge, aid, names) == 1
    assert next(x for x in judge.effective(aid, GOLD).analysis.quotes if x.id == q.id).kind == "mixed"
    for s in (bob, judge):
        s.close()
