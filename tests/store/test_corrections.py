"""Every correction, the effective annotation, undo/redo (across restarts) and the audit trail."""

from __future__ import annotations

import getpass

import pytest

from store.articles import Store
from store.corrections import DEFAULT_SCORES
from store.effective import Provenance
from store.errors import CorrectionError, StoreError

from .conftest import copy_analysis


def _event_count(store, article_id) -> int:
    return store.conn.execute("select count(*) from events where article_id = ?", (article_id,)).fetchone()[0]


def _two_speakers(eff):
    with_quotes = [s for s in eff.analysis.speakers if any(q.speaker == s.id for q in eff.analysis.quotes)]
    assert len(with_quotes) >= 2, "the seed article has at least two quoted speakers"
    return with_quotes[0], with_quotes[1]


def test_annotator_defaults_to_the_os_user(tmp_path):
    s = Store(tmp_path / "a.db")
    try:
        assert s.annotator == (getpass.getuser() or "unknown")
    finally:
        s.close()
    s = Store(tmp_path / "a.db", annotator="bob")
    assert s.annotator == "bob"
    s.close()


def test_annotator_falls_back_to_unknown(tmp_path, monkeypatch):
    def no_user():
        raise OSError("no user name")

    monkeypatch.setattr(getpass, "getuser", no_user)
    s = Store(tmp_path / "a.db")
    assert s.annotator == "unknown"
    s.close()


def test_without_corrections_effective_is_the_machine_analysis(seeded, seed_analysis):
    store, aid = seeded
    eff = store.effective(aid)
    assert [q.to_dict() for q in eff.analysis.quotes] == [q.to_dict() for q in seed_analysis.quotes]
    assert eff.rejected == [] and eff.reviewed == set() and eff.corrected == {} and eff.orphans == []
    assert store.analysis(aid).to_dict() == seed_analysis.to_dict()


def test_unanalysed_article_cannot_be_corrected(store, seed_text):
    aid = store.add_article(seed_text, "seed.txt")
    assert store.analysis(aid) is None
    with pytest.raises(CorrectionError, match="not been analysed"):
        store.set_kind(aid, "q1", "direct")


def test_reassign_speaker_to_existing_and_new(seeded):
    store, aid = seeded
    eff = store.effective(aid)
    a, b = _two_speakers(eff)
    quote = next(q for q in eff.analysis.quotes if q.speaker == a.id)
    assert store.reassign_speaker(aid, quote.id, speaker_id=b.id) == b.id
    eff = store.effective(aid)
    assert next(q for q in eff.analysis.quotes if q.id == quote.id).speaker == b.id
    prov = eff.corrected[("quote", quote.id, "speaker")]
    assert isinstance(prov, Provenance) and prov.annotator == "alice" and prov.at
    new_id = store.reassign_speaker(aid, quote.id, new_name="A Spokesperson")
    eff = store.effective(aid)
    assert eff.analysis.speaker(new_id).name == "A Spokesperson"
    assert next(q for q in eff.analysis.quotes if q.id == quote.id).speaker == new_id
    assert ("speaker", new_id, "added") in eff.corrected
    # the aggregate follows the quote: the new speaker's stance is that quote's stance
    assert set(eff.analysis.speaker(new_id).stance) == set(quote.stance)
    assert store.analysis(aid).quotes[eff.analysis.quotes.index(
        next(q for q in eff.analysis.quotes if q.id == quote.id))].speaker == a.id  # machine unchanged


def test_rename_and_merge_speakers(seeded):
    store, aid = seeded
    eff = store.effective(aid)
    a, b = _two_speakers(eff)
    q = next(q for q in eff.analysis.quotes if q.speaker == a.id)
    kim = store.reassign_speaker(aid, q.id, new_name="Kim")
    store.merge_speakers(aid, kim, a.id)
    eff = store.effective(aid)
    assert eff.analysis.speaker(kim) is None
    assert "Kim" in eff.analysis.speaker(a.id).aliases
    assert next(x for x in eff.analysis.quotes if x.id == q.id).speaker == a.id
    assert ("speaker", kim, "merged") in eff.corrected
    store.rename_speaker(aid, a.id, "Kim Yong-hyun (minister)")
    eff = store.effective(aid)
    assert eff.analysis.speaker(a.id).name == "Kim Yong-hyun (minister)"
    assert ("speaker", a.id, "name") in eff.corrected
    with pytest.raises(CorrectionError):
        store.merge_speakers(aid, a.id, a.id)
    with pytest.raises(CorrectionError):
        store.rename_speaker(aid, "no-such-speaker", "x")


def test_set_stance_labels_scores_and_new_targets(seeded):
    store, aid = seeded
    quote = store.effective(aid).analysis.quotes[0]
    store.set_stance(aid, quote.id, "Russia", "negative")
    store.set_stance(aid, quote.id, "Ukraine", "positive", score=0.9)  # a target it lacked
    eff = store.effective(aid)
    q = next(x for x in eff.analysis.quotes if x.id == quote.id)
    assert (q.stance["Russia"].label, q.stance["Russia"].score) == ("negative", DEFAULT_SCORES["negative"])
    assert (q.stance["Ukraine"].label, q.stance["Ukraine"].score) == ("positive", 0.9)
    assert ("quote", quote.id, "stance.Ukraine") in eff.corrected
    if q.speaker:
        assert "Ukraine" in eff.analysis.speaker(q.speaker).stance  # aggregate recomputed
    with pytest.raises(CorrectionError):
        store.set_stance(aid, quote.id, "Russia", "hostile")
    with pytest.raises(CorrectionError):
        store.set_stance(aid, quote.id, "Russia", "positive", score=3)


def test_reject_quote_removes_it_and_recomputes_the_aggregate(seeded):
    store, aid = seeded
    eff = store.effective(aid)
    quote = next(q for q in eff.analysis.quotes if q.stance and q.speaker)
    before = eff.analysis.speaker(quote.speaker).stance
    target = next(iter(quote.stance))
    store.reject_quote(aid, quote.id)
    eff = store.effective(aid)
    assert quote.id not in {q.id for q in eff.analysis.quotes}
    assert [q.id for q in eff.rejected] == [quote.id]
    after = eff.analysis.speaker(quote.speaker).stance
    assert after.get(target) is None or after[target].quotes == before[target].quotes - 1
    with pytest.raises(CorrectionError, match="already rejected"):
        store.reject_quote(aid, quote.id)


def test_add_quote_from_a_span(seeded, seed_text):
    store, aid = seeded
    eff = store.effective(aid)
    speaker = eff.analysis.speakers[0]
    start = seed_text.index("\n", 200) + 1
    end = start + 30
    qid = store.add_quote(aid, start, end, speaker_id=speaker.id, kind="indirect")
    eff = store.effective(aid)
    added = next(q for q in eff.analysis.quotes if q.id == qid)
    assert added.text == seed_text[start:end] and added.kind == "indirect" and added.speaker == speaker.id
    assert ("quote", qid, "added") in eff.corrected
    store.set_stance(aid, qid, "Russia", "negative")  # corrections on an added quote work too
    assert next(q for q in store.effective(aid).analysis.quotes if q.id == qid).stance["Russia"].label == "negative"
    for bad in [(-1, 5), (10, 10), (0, len(seed_text) + 1)]:
        with pytest.raises(CorrectionError):
            store.add_quote(aid, *bad)
    with pytest.raises(CorrectionError):
        store.add_quote(aid, 0, 5, kind="shouted")


def test_set_kind_and_mark_reviewed(seeded):
    store, aid = seeded
    quote = store.effective(aid).analysis.quotes[0]
    store.set_kind(aid, quote.id, "indirect")
    store.mark_reviewed(aid, quote.id)
    eff = store.effective(aid)
    assert next(q for q in eff.analysis.quotes if q.id == quote.id).kind == "indirect"
    assert ("quote", quote.id, "kind") in eff.corrected
    assert eff.reviewed == {quote.id} and eff.reviewed_by[quote.id].annotator == "alice"
    store.mark_reviewed(aid, quote.id, reviewed=False)
    assert store.effective(aid).reviewed == set()
    with pytest.raises(CorrectionError):
        store.set_kind(aid, quote.id, "shouted")
    with pytest.raises(CorrectionError):
        store.mark_reviewed(aid, "q-none")


def test_override_speaker_stance_applies_after_the_aggregate(seeded):
    store, aid = seeded
    eff = store.effective(aid)
    speaker = next(s for s in eff.analysis.speakers if s.stance)
    target = next(iter(speaker.stance))
    n = speaker.stance[target].quotes
    store.override_speaker_stance(aid, speaker.id, target, "positive", 0.8)
    # a later quote correction recomputes the aggregate, but the override still wins
    quote = next(q for q in eff.analysis.quotes if q.speaker == speaker.id and target in q.stance)
    store.set_stance(aid, quote.id, target, "negative")
    st = store.effective(aid).analysis.speaker(speaker.id).stance[target]
    assert (st.label, st.score, st.quotes) == ("positive", 0.8, n)
    assert ("speaker", speaker.id, f"stance.{target}") in store.effective(aid).corrected


def test_each_correction_is_one_event_and_a_failed_one_none(seeded):
    store, aid = seeded
    quote = store.effective(aid).analysis.quotes[0]
    assert _event_count(store, aid) == 0
    store.set_kind(aid, quote.id, "indirect")
    assert _event_count(store, aid) == 1
    with pytest.raises(CorrectionError):
        store.set_kind(aid, "no-such-quote", "indirect")
    assert _event_count(store, aid) == 1


def test_undo_redo_are_events_and_survive_restarts(seeded, tmp_path):
    store, aid = seeded
    assert not store.can_undo(aid) and not store.can_redo(aid)
    assert store.undo(aid) is False and store.redo(aid) is False
    quote = store.effective(aid).analysis.quotes[0]
    original = quote.kind
    store.set_kind(aid, quote.id, "scare")
    store.set_kind(aid, quote.id, "indirect")
    assert store.undo(aid)
    kind = lambda s: next(q for q in s.effective(aid).analysis.quotes if q.id == quote.id).kind  # noqa: E731
    assert kind(store) == "scare"
    store.close()

    again = Store(tmp_path / "stance.db", annotator="alice")
    assert again.can_undo(aid) and again.can_redo(aid)
    assert again.redo(aid) and kind(again) == "indirect"
    assert again.undo(aid) and again.undo(aid) and kind(again) == original
    assert not again.can_undo(aid) and again.undo(aid) is False
    assert again.redo(aid) and kind(again) == "scare"
    again.set_kind(again_id := aid, quote.id, "mixed")  # a new correction ends the redo chain
    assert not again.can_redo(again_id)
    rows = again.conn.execute("select action from events where article_id = ? order by seq", (aid,)).fetchall()
    assert [r[0] for r in rows] == ["set_kind", "set_kind", "undo", "redo", "undo", "undo", "redo", "set_kind"]
    again.close()


def test_the_log_is_append_only(seeded):
    store, aid = seeded
    store.set_kind(aid, store.effective(aid).analysis.quotes[0].id, "indirect")
    import sqlite3

    for sql in ("update events set annotator = 'mallory'", "delete from events"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            store.conn.execute(sql)


def test_history_is_the_audit_trail(seeded, tmp_path):
    store, aid = seeded
    quote = store.effective(aid).analysis.quotes[0]
    old_kind = quote.kind
    store.set_kind(aid, quote.id, "indirect")
    bob = Store(tmp_path / "stance.db", annotator="bob")
    bob.set_stance(aid, quote.id, "Russia", "negative")
    bob.undo(aid)
    bob.close()
    history = store.history(aid)
    assert [(h["annotator"], h["action"]) for h in history] == [
        ("alice", "set_kind"), ("bob", "set_stance"), ("bob", "undo")]
    first = history[0]
    assert (first["entity"], first["entity_id"], first["field"], first["old"], first["new"]) == (
        "quote", quote.id, "kind", old_kind, "indirect")
    assert first["at"] and first["active"] is True
    assert history[1]["active"] is False and history[2]["target_id"] == history[1]["id"]


def test_read_only_store_refuses_writes_with_a_store_error(seeded, tmp_path, monkeypatch):
    store, aid = seeded
    store.close()
    import os

    real_access = os.access
    # as if the file were chmod 0444 for a non-root user (root ignores mode bits)
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    ro = Store(tmp_path / "stance.db")
    assert ro.read_only and ro.effective(aid).analysis.quotes
    with pytest.raises(StoreError, match="read-only"):
        ro.set_kind(aid, ro.effective(aid).analysis.quotes[0].id, "indirect")
    ro.close()


def test_reanalysis_of_same_document_keeps_corrections(seeded, seed_analysis):
    store, aid = seeded
    quote = store.effective(aid).analysis.quotes[0]
    store.set_kind(aid, quote.id, "scare")
    assert store.save_analysis(aid, copy_analysis(seed_analysis)) == []
    assert next(q for q in store.effective(aid).analysis.quotes if q.id == quote.id).kind == "scare"


def _snapshot(eff):
    return (
        [q.to_dict() for q in eff.analysis.quotes],
        [s.to_dict() for s in eff.analysis.speakers],
        [q.id for q in eff.rejected],
        eff.reviewed,
        eff.corrected,
        eff.orphans,
    )


def test_incremental_effective_equals_a_full_replay(seeded, tmp_path):
    """The store applies new corrections on top of its cached state; a fresh store replays all."""
    import random

    store, aid = seeded
    rng = random.Random(7)
    for step in range(120):
        eff = store.effective(aid)
        quotes = eff.analysis.quotes
        speakers = eff.analysis.speakers
        q = rng.choice(quotes)
        choice = rng.randrange(9)
        if choice == 0:
            store.set_stance(aid, q.id, rng.choice(["Russia", "DPRK", "Ukraine"]), rng.choice(["negative", "positive"]))
        elif choice == 1:
            store.set_kind(aid, q.id, rng.choice(["direct", "indirect", "mixed"]))
        elif choice == 2:
            store.reassign_speaker(aid, q.id, speaker_id=rng.choice(speakers).id)
        elif choice == 3 and step % 4 == 0:
            store.reassign_speaker(aid, q.id, new_name=f"Person {step}")
        elif choice == 4 and len(quotes) > 20:
            store.reject_quote(aid, q.id)
        elif choice == 5:
            store.mark_reviewed(aid, q.id, rng.random() < 0.7)
        elif choice == 6 and len(speakers) > 3:
            a, b = rng.sample(speakers, 2)
            store.merge_speakers(aid, a.id, b.id)
        elif choice == 7:
            store.undo(aid) if rng.random() < 0.7 else store.redo(aid)
        else:
            store.override_speaker_stance(aid, rng.choice(speakers).id, "Russia", rng.choice(["negative", "neutral"]))
    fresh = Store(tmp_path / "stance.db")
    assert _snapshot(store.effective(aid)) == _snapshot(fresh.effective(aid))
    fresh.close()
