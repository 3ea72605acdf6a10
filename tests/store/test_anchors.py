"""Re-analysis keeps every correction: re-anchored by offsets and quoted text, or listed as orphans."""

from __future__ import annotations

from nlp.model import Analysis
from store.articles import Store

from .conftest import copy_analysis


def _renumbered(analysis: Analysis) -> Analysis:
    """The same analysis with every quote and speaker id changed, as a newer pipeline might."""
    new = copy_analysis(analysis)
    speaker_ids = {s.id: f"S{len(new.speakers) - i}" for i, s in enumerate(new.speakers)}
    for s in new.speakers:
        s.id = speaker_ids[s.id]
    for i, q in enumerate(new.quotes):
        q.id = f"Q{len(new.quotes) - i}"
        q.speaker = speaker_ids.get(q.speaker)
    new.pipeline.version = "9.9.9"
    return new


def test_corrections_follow_renumbered_quotes_and_speakers(seeded, seed_analysis):
    store, aid = seeded
    eff = store.effective(aid)
    speaker = next(s for s in eff.analysis.speakers if any(q.speaker == s.id for q in eff.analysis.quotes))
    quote = next(q for q in eff.analysis.quotes if q.speaker and q.speaker != speaker.id) \
        if any(q.speaker and q.speaker != speaker.id for q in eff.analysis.quotes) else eff.analysis.quotes[0]
    other = eff.analysis.quotes[-1]
    store.reassign_speaker(aid, quote.id, speaker_id=speaker.id)
    store.set_stance(aid, quote.id, "Russia", "positive")
    store.rename_speaker(aid, speaker.id, "Renamed Speaker")
    store.reject_quote(aid, other.id)
    store.mark_reviewed(aid, quote.id)
    store.override_speaker_stance(aid, speaker.id, "DPRK", "negative")

    renumbered = _renumbered(seed_analysis)
    assert store.save_analysis(aid, renumbered) == []
    eff = store.effective(aid)
    moved = next(q for q in eff.analysis.quotes if (q.start, q.end) == (quote.start, quote.end))
    assert moved.id.startswith("Q")
    new_speaker = eff.analysis.speaker(moved.speaker)
    assert new_speaker.name == "Renamed Speaker" and new_speaker.id.startswith("S")
    assert moved.stance["Russia"].label == "positive"
    assert moved.id in eff.reviewed
    assert [(q.start, q.end) for q in eff.rejected] == [(other.start, other.end)]
    assert new_speaker.stance["DPRK"].label == "negative"
    assert ("quote", moved.id, "stance.Russia") in eff.corrected
    assert store.analysis(aid).pipeline.version == "9.9.9"


def test_shifted_boundaries_are_reattached_by_overlap(seeded, seed_analysis):
    store, aid = seeded
    quote = max(store.effective(aid).analysis.quotes, key=lambda q: q.end - q.start)
    store.set_kind(aid, quote.id, "scare")
    shifted = copy_analysis(seed_analysis)
    q = next(x for x in shifted.quotes if x.id == quote.id)
    q.start += 2
    q.text = shifted.text[q.start:q.end]
    q.id = "moved"
    assert store.save_analysis(aid, shifted) == []
    assert next(x for x in store.effective(aid).analysis.quotes if x.id == "moved").kind == "scare"


def test_unattachable_corrections_are_kept_as_orphans_and_come_back(seeded, seed_analysis, tmp_path):
    store, aid = seeded
    quote = store.effective(aid).analysis.quotes[3]
    store.set_kind(aid, quote.id, "scare")
    store.set_stance(aid, quote.id, "Russia", "negative")
    without = copy_analysis(seed_analysis)
    without.quotes = [q for q in without.quotes if (q.start, q.end) != (quote.start, quote.end)]
    orphans = store.save_analysis(aid, without)
    assert {o["field"] for o in orphans} == {"kind", "stance.Russia"}
    assert all(o["anchor"]["text"] == quote.text for o in orphans)
    # still in the log and the audit trail, flagged
    history = Store(tmp_path / "stance.db").history(aid)
    assert [h["orphan"] for h in history] == [True, True]
    # a later analysis that finds the quote again re-attaches them
    assert store.save_analysis(aid, copy_analysis(seed_analysis)) == []
    back = next(q for q in store.effective(aid).analysis.quotes if q.id == quote.id)
    assert back.kind == "scare" and back.stance["Russia"].label == "negative"


def test_a_reassignment_to_a_vanished_speaker_is_an_orphan(seeded, seed_analysis):
    store, aid = seeded
    eff = store.effective(aid)
    speaker = next(s for s in eff.analysis.speakers if any(q.speaker == s.id for q in eff.analysis.quotes))
    quote = next(q for q in eff.analysis.quotes if q.speaker != speaker.id)
    store.reassign_speaker(aid, quote.id, speaker_id=speaker.id)
    gone = copy_analysis(seed_analysis)
    gone.speakers = [s for s in gone.speakers if s.id != speaker.id]
    for q in gone.quotes:
        if q.speaker == speaker.id:
            q.speaker = None
    orphans = store.save_analysis(aid, gone)
    assert [o["action"] for o in orphans] == ["reassign_speaker"]


def test_an_identical_passage_elsewhere_does_not_capture_an_orphan(seeded, seed_analysis):
    store, aid = seeded
    quotes = store.effective(aid).analysis.quotes
    dup = next((q for q in quotes if sum(x.text == q.text for x in quotes) > 1), None)
    if dup is None:
        import pytest

        pytest.skip("no duplicated quote text in this analysis")
    store.set_kind(aid, dup.id, "scare")
    without = copy_analysis(seed_analysis)
    without.quotes = [q for q in without.quotes if q.id != dup.id]
    assert [o["field"] for o in store.save_analysis(aid, without)] == ["kind"]
    assert all(q.kind != "scare" or q.kind == next(x.kind for x in seed_analysis.quotes if x.id == q.id)
               for q in store.effective(aid).analysis.quotes)


def test_moved_text_is_found_by_its_words(seeded, seed_analysis, seed_text):
    """A new decoder changes the article text before the quote: offsets shift, words stay."""
    store, aid = seeded
    quote = store.effective(aid).analysis.quotes[-1]
    store.set_kind(aid, quote.id, "scare")
    moved = copy_analysis(seed_analysis)
    moved.text = "PREFIX " + moved.text
    for q in moved.quotes:
        q.start += 7
        q.end += 7
    assert store.save_analysis(aid, moved) == []
    got = next(q for q in store.effective(aid).analysis.quotes if q.start == quote.start + 7)
    assert got.kind == "scare"
