"""The accurate stance mode: frozen all-MiniLM-L6-v2 features + the shipped head, averaged with
the learned model, through the analysis, the command line and the evaluator."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nlp.encoder import Encoded, EncoderError
from nlp.stance_encoder import AccurateStance, target_features

# Own sentences (not from NewsMTSC), one marked target each, written for plain readings.
LABELLED = [
    ("Critics said Moscow had lied about the attack and must be held accountable.", "Moscow", "negative"),
    ("The envoy accused Pyongyang of reckless provocations that endanger the region.", "Pyongyang", "negative"),
    ("Protesters denounced the senator as a corrupt and cowardly opportunist.", "the senator", "negative"),
    ("Investigators found that the mayor had embezzled millions from the flood fund.", "the mayor", "negative"),
    ("The governor will visit the factory on Tuesday, her office said.", "The governor", "neutral"),
    ("Russia and Kazakhstan signed a transit agreement on Monday.", "Russia", "neutral"),
    ("The minister is expected to announce the budget next week.", "The minister", "neutral"),
    ("The committee will meet again in March to review the proposal.", "The committee", "neutral"),
    ("Colleagues praised the doctor as a brave and tireless hero of the pandemic.", "the doctor", "positive"),
    ("Fans cheered the coach, who led the team to a stunning championship victory.", "the coach", "positive"),
    ("Voters credited the senator with rescuing the town's hospital from closure.", "the senator", "positive"),
    ("The charity thanked the volunteers for their generous and selfless work.", "the volunteers", "positive"),
]


def _span(sentence: str, target: str) -> tuple[int, int]:
    a = sentence.index(target)
    return a, a + len(target)


def test_target_features_are_sentence_target_and_window_means():
    # five wordpieces between [CLS] and [SEP]; the target covers characters 4–9 (pieces 2 and 3)
    states = np.arange(7 * 2, dtype=np.float32).reshape(7, 2)
    offsets = np.array([[0, 0], [0, 3], [4, 6], [6, 9], [10, 12], [13, 15], [0, 0]])
    f = target_features(Encoded(states, offsets), 4, 9)
    sentence, target, window = f[:2], f[2:4], f[4:]
    assert sentence.tolist() == states[1:6].mean(0).tolist()  # not [CLS] / [SEP]
    assert target.tolist() == states[2:4].mean(0).tolist()
    assert window.tolist() == states[[1, 4, 5]].mean(0).tolist()  # the neighbours, not the target


def test_a_target_past_the_truncation_still_gets_features():
    states = np.ones((3, 2), dtype=np.float32)
    offsets = np.array([[0, 0], [0, 5], [0, 0]])
    assert target_features(Encoded(states, offsets), 400, 406).shape == (6,)


def test_accurate_mode_reads_plain_sentences(accurate):
    labels = ("negative", "neutral", "positive")
    got = [labels[int(accurate.proba(s, *_span(s, t)).argmax())] for s, t, _ in LABELLED]
    right = sum(g == gold for g, (_, _, gold) in zip(got, LABELLED))
    assert right >= 10, list(zip(got, [gold for *_, gold in LABELLED]))


def test_encoder_weights_other_than_the_heads_are_refused(accurate, encoder_dir, tmp_path):
    from safetensors.numpy import load_file, save_file

    from nlp.encoder import Encoder

    src = accurate.encoder
    for name in ("config.json", "tokenizer.json"):
        (tmp_path / name).write_bytes((encoder_dir / name).read_bytes())
    weights = load_file(str(encoder_dir / "model.safetensors"))
    weights["embeddings.word_embeddings.weight"] = weights["embeddings.word_embeddings.weight"] * 1.01
    save_file(weights, str(tmp_path / "model.safetensors"))
    head = {"fingerprint": np.array(src.fingerprint()), "mean": accurate.mean, "scale": accurate.scale,
            "W": accurate.W, "b": accurate.b}
    with pytest.raises(EncoderError, match="not all-MiniLM-L6-v2's"):
        AccurateStance(Encoder(tmp_path, keep_layers=src.keep_layers), head)


def test_a_head_for_other_features_is_refused(accurate, encoder_dir):
    from nlp.encoder import Encoder

    head = {"fingerprint": np.array(accurate.encoder.fingerprint()), "mean": accurate.mean, "scale": accurate.scale,
            "W": accurate.W, "b": accurate.b}
    other = Encoder(encoder_dir, keep_layers=(1, 2) + accurate.encoder.keep_layers)  # more layers: wider features
    with pytest.raises(EncoderError, match="reads 2304 features; this encoder gives"):
        AccurateStance(other, head)



def test_accurate_analysis_keeps_the_seed_readings_and_names_itself(nlp, seed_text, accurate):
    from nlp.analyze import analyze

    a = analyze(seed_text, nlp, source="seed", accurate=accurate)
    assert a.pipeline.model.endswith("+minilm-stance")
    by_name = {s.name: s for s in a.speakers}
    for who in ("Kim Yong-hyun", "Lloyd J. Austin III"):
        for target in ("Russia", "DPRK"):
            st = by_name[who].stance[target]
            assert st.label == "negative" and st.quotes >= 3
    assert not next(s for s in a.speakers if s.name in ("DOD", "the DOD", "Department of Defense")).stance


def test_accurate_mode_moves_the_learned_probability(nlp, accurate):
    from nlp.stance import learned_proba
    from nlp.stance_model import featurize

    s, t, _ = LABELLED[8]  # "Colleagues praised the doctor as a brave and tireless hero …"
    doc = nlp(s)
    a, b = _span(s, t)
    span = doc.char_span(a, b)
    feats = featurize(doc[:], span)
    fast, acc = learned_proba(doc[:], span, feats), learned_proba(doc[:], span, feats, accurate)
    assert abs(acc.sum() - 1) < 1e-6
    assert np.allclose(acc, 0.5 * fast + 0.5 * accurate.proba(s, a, b))
