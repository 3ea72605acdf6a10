"""The holder-aware stance model (``nlp/stance_holder.py``): numpy inference against torch's
(``tests/nlp/data/stance_holder_reference.json``, made by ``train/stance_holder_reference.py`` from
the shipped weights), the marking of holder and target, what it reads, and how the shown stance
uses it: where the holder is named in the sentence and the target is not in their quoted words."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from nlp.encoder import EncoderError
from nlp.model import label_for
from nlp.stance_finetuned import CLOSE_ID, HOLDER_DIR, MAX_LENGTH, MODEL_DIR, OPEN_ID, check_model
from nlp.stance_holder import HOLDER_CLOSE_ID, HOLDER_OPEN_ID, HolderStance, load_holder, marked_pair_ids

DATA = Path(__file__).parent / "data"
REFERENCE = json.loads((DATA / "stance_holder_reference.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def model():
    return load_holder()


def _item(sentence: str, target: str, holder: str):
    t, h = sentence.index(target), sentence.index(holder)
    return sentence, (t, t + len(target)), (h, h + len(holder))


def test_the_reference_was_made_from_the_shipped_weights():
    digest = hashlib.sha256((HOLDER_DIR / "model.safetensors").read_bytes()).hexdigest()[:16]
    assert digest == REFERENCE["model_sha256_16"], "regenerate the fixture with train/stance_holder_reference.py"


@pytest.mark.parametrize("case", REFERENCE["cases"], ids=[c["text"][:24] for c in REFERENCE["cases"]])
def test_numpy_matches_torch(model, case):
    item = (case["text"], tuple(case["target"]), tuple(case["holder"]))
    assert model.input_ids([item]) == [case["ids"]]  # same wordpieces, markers in the same places
    assert np.abs(model.probs([item])[0] - np.array(case["probs"])).max() < 1e-3


def test_markers_wrap_target_and_holder():
    ids = [101, 3607, 10836, 5924, 1012, 102]  # "Russia invaded Ukraine."
    offsets = [(0, 0), (0, 6), (7, 14), (15, 22), (22, 23), (0, 0)]
    assert marked_pair_ids(ids, offsets, (15, 22), (0, 6)) == [
        101, HOLDER_OPEN_ID, 3607, HOLDER_CLOSE_ID, 10836, OPEN_ID, 5924, CLOSE_ID, 1012, 102]
    assert marked_pair_ids(ids, offsets, (0, 6), (15, 22)) == [
        101, OPEN_ID, 3607, CLOSE_ID, 10836, HOLDER_OPEN_ID, 5924, HOLDER_CLOSE_ID, 1012, 102]
    # side by side: one span closes before the next opens
    assert marked_pair_ids(ids, offsets, (7, 14), (15, 22)) == [
        101, 3607, OPEN_ID, 10836, CLOSE_ID, HOLDER_OPEN_ID, 5924, HOLDER_CLOSE_ID, 1012, 102]
    # a holder overlapping the target marks an empty place where the target starts
    assert marked_pair_ids(ids, offsets, (0, 14), (7, 14)) == [
        101, OPEN_ID, HOLDER_OPEN_ID, HOLDER_CLOSE_ID, 3607, 10836, CLOSE_ID, 5924, 1012, 102]


def test_a_long_sentence_keeps_both_or_at_least_the_target():
    n = 400
    ids = [101] + list(range(1000, 1000 + n)) + [102]
    offsets = [(0, 0)] + [(3 * k, 3 * k + 2) for k in range(n)] + [(0, 0)]
    span = lambda k: (3 * k, 3 * k + 2)  # noqa: E731
    for t, h in ((0, 10), (200, 150), (n - 1, n - 40)):  # near each other: both kept
        out = marked_pair_ids(ids, offsets, span(t), span(h))
        assert len(out) == MAX_LENGTH and out[0] == 101 and out[-1] == 102
        assert out[out.index(OPEN_ID) + 1] == 1000 + t and out[out.index(HOLDER_OPEN_ID) + 1] == 1000 + h
    out = marked_pair_ids(ids, offsets, span(n - 1), span(0))  # too far apart: the target stays
    assert len(out) == MAX_LENGTH and out[out.index(OPEN_ID) + 1] == 1000 + n - 1


def test_a_batch_scores_each_item_as_alone(model):
    items = [(c["text"], tuple(c["target"]), tuple(c["holder"])) for c in REFERENCE["cases"]]
    together = model.probs(items, batch_size=16)
    alone = np.concatenate([model.probs([it], batch_size=1) for it in items])
    assert np.abs(together - alone).max() < 1e-5
    assert np.allclose(together.sum(1), 1, atol=1e-5)
    assert model.probs([]).shape == (0, 3)


@pytest.mark.parametrize("sentence, target, holder, want", [
    # the holder acts on the target or speaks of it
    ("Tokyo lodged a strong protest with Beijing over the incursion near the islands.", "Beijing", "Tokyo", "negative"),
    ("The senator thanked Canada for sending firefighters to the state.", "Canada", "senator", "positive"),
    ("The opposition leader accused the governor of lying about the budget.", "governor", "opposition leader", "negative"),
    # named together, the holder holds no view of the target
    ("Hungary and Slovakia share a border of about 650 kilometres.", "Slovakia", "Hungary", "neutral"),
    ("The minister flew to Ankara on Monday for a regional conference.", "Ankara", "minister", "neutral"),
    # the sentence is harsh about the target, but not the holder's words or acts
    ("Lee attended the summit in Pyongyang, whose regime is accused of atrocities.", "Pyongyang", "Lee", "neutral"),
    # known weakness: the author's epithet on the target itself still reads as the holder's
    pytest.param("Kowalski, who chairs the committee, sat beside the disgraced former mayor at the dinner.", "mayor",
                 "Kowalski", "neutral", marks=pytest.mark.xfail(strict=True, reason="an epithet on the target leaks")),
])
def test_it_reads_the_holders_stance_not_the_sentences_tone(model, sentence, target, holder, want):
    p = model.probs([_item(sentence, target, holder)])[0]
    assert ("negative", "neutral", "positive")[int(p.argmax())] == want, p


def test_the_same_sentence_read_from_each_side(model):
    """Who holds the view matters: the one who condemns, not the one condemned."""
    s = "Seoul condemned Pyongyang's latest missile launch as a grave provocation."
    p_seoul, p_pyongyang = model.probs([_item(s, "Pyongyang", "Seoul"), _item(s, "Seoul", "Pyongyang")])
    assert p_seoul.argmax() == 0 and p_pyongyang.argmax() == 1, (p_seoul, p_pyongyang)


def test_a_folder_without_a_holder_head_is_refused_in_one_line():
    with pytest.raises(EncoderError, match="does not read a holder") as err:
        HolderStance(MODEL_DIR)  # the target-only model: its head reads two states, not three
    assert "\n" not in str(err.value)


def test_the_tuned_mode_checks_the_holder_folder_too(tmp_path, monkeypatch):
    import nlp.stance_finetuned as module

    monkeypatch.setattr(module, "HOLDER_DIR", tmp_path)
    with pytest.raises(EncoderError, match="missing"):
        check_model()


@pytest.fixture(scope="module")
def tuned(nlp):
    from nlp.analyzer import Analyzer

    return Analyzer(nlp=nlp, stance="tuned")


def _shown(nlp, accurate, sentence, holder, target):
    from nlp.stance import mention_score

    doc = nlp(sentence)
    t, h = sentence.index(target), sentence.index(holder)
    ts = doc.char_span(t, t + len(target), alignment_mode="expand")
    hs = doc.char_span(h, h + len(holder), alignment_mode="expand")
    return mention_score(doc[:], ts, holder_words=frozenset(range(hs.start, hs.end)), accurate=accurate)


@pytest.mark.parametrize("sentence, holder, target, want", [
    # acts the relation layer has no word for, read by the holder-aware model (before: neutral)
    ("Warsaw has supplied Kyiv with tanks and artillery since the start of the war.", "Warsaw", "Kyiv", "positive"),
    ("Tokyo refused to join Beijing's investment bank, citing concerns about governance.", "Tokyo", "Beijing",
     "negative"),
    # the holder's own act, as before
    ("Seoul condemned Pyongyang's latest missile launch as a grave provocation.", "Seoul", "Pyongyang", "negative"),
    # named beside a target the sentence judges: no stance of theirs
    ("Lee attended the summit in Pyongyang, whose regime is accused of atrocities.", "Lee", "Pyongyang", "neutral"),
    # a passive's patient does not govern the agent: the praise or blame is the agent's, not theirs
    ("The mayor was praised by the governor for his handling of the floods.", "mayor", "governor", "neutral"),
    ("Tokyo was criticised by Beijing over the visit to the shrine.", "Tokyo", "Beijing", "neutral"),
    # known weakness: a meeting reads as warmth
    pytest.param("The minister met her Irish counterpart in Dublin on Monday.", "minister", "Irish counterpart",
                 "neutral", marks=pytest.mark.xfail(strict=True, reason="a meeting reads as cooperation")),
])
def test_a_sentence_that_names_the_holder_is_read_for_the_holder(nlp, tuned, sentence, holder, target, want):
    score, evidence, _ = _shown(nlp, tuned.accurate, sentence, holder, target)
    assert label_for(score) == want, (score, evidence)
    if want != "neutral":
        assert evidence[-1].endswith("of the named holder)") and len(evidence) == len(set(evidence)), evidence


def test_without_the_holder_model_the_shown_stance_is_as_before(nlp, tuned):
    """The fast mode, and a learned scorer without a holder-aware model, read as before."""
    from nlp.stance import BatchScorer
    from nlp.stance_finetuned import load_pair

    sentence = "Warsaw has supplied Kyiv with tanks and artillery since the start of the war."
    for accurate in (None, BatchScorer(load_pair().probs, name="fine-tuned model")):
        score, evidence, _ = _shown(nlp, accurate, sentence, "Warsaw", "Kyiv")
        assert not any("named holder" in e for e in evidence)
    assert label_for(score) == "neutral"  # the holder named and silent about Kyiv: the bystander rule


def test_in_an_article_it_reads_targets_outside_the_quoted_words_in_one_call(nlp, tuned):
    """The holder-aware model reads a target named in the narration beside the speaker's name
    ("…, said Rudenko, who praised Pyongyang …"), never a target inside anyone's quoted words
    (the quote's own machinery reads those); the article's readings come in one batched call."""
    from nlp.stance import BatchScorer

    calls = []

    def holder(items):
        calls.append(list(items))
        return tuned.accurate.holder(items)

    scorer = BatchScorer(tuned.accurate.probs, name="fine-tuned model", holder=holder)
    text = ("“The talks went well,” Rudenko said after he arrived in Pyongyang from Moscow.\n\n"
            "“Pyongyang is a reliable friend,” Lavrov said.")
    from nlp.analyzer import Analyzer

    analysis = Analyzer(nlp=nlp, stance="tuned")
    analysis._accurate = scorer
    quotes = analysis.analyze(text).quotes
    assert len(calls) == 1 and calls[0], calls  # one call, with the narrated targets only
    asked = {(sentence[h0:h1], sentence[t0:t1]) for sentence, (t0, t1), (h0, h1) in calls[0]}
    assert asked == {("Rudenko", "Pyongyang"), ("Rudenko", "Moscow")}, asked  # not Lavrov's quoted "Pyongyang"
    talks = next(q for q in quotes if "talks" in q.text)
    assert {t: s.label for t, s in talks.stance.items()} == {"DPRK": "neutral", "Russia": "neutral"}
    friend = next(q for q in quotes if "reliable friend" in q.text)
    assert not any("named holder" in e for e in friend.stance["DPRK"].evidence)


def test_the_tuned_mode_loads_the_holder_model_only_when_needed(nlp):
    """45 MB read and about 120 MB of memory: an analysis that never asks for the holder's
    reading does not load it; ``Analyzer.load()`` (the reader's warm-up) does."""
    from nlp import stance_holder
    from nlp.analyzer import Analyzer

    stance_holder._load.cache_clear()
    analyzer = Analyzer(nlp=nlp, stance="tuned")
    analyzer.analyze("“Russia will never accept this,” the minister said.")
    assert stance_holder._load.cache_info().currsize == 0
    analyzer.analyze("“The talks went well,” Rudenko said after he arrived in Pyongyang.")
    assert stance_holder._load.cache_info().currsize == 1
    stance_holder._load.cache_clear()
    Analyzer(nlp=nlp, stance="tuned").load()
    assert stance_holder._load.cache_info().currsize == 1
