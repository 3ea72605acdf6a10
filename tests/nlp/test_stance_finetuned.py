"""The fine-tuned stance model (``nlp/stance_finetuned.py``): numpy inference against torch's
(``tests/nlp/data/stance_finetuned_reference.json`` and ``…_1_reference.json`` for the second
seed, made by ``train/stance_finetune_reference.py`` from the shipped weights), target marking,
batching, offline loading, plain readings, and the pair of seeds the tuned mode runs."""

from __future__ import annotations

import hashlib
import json
import socket
from pathlib import Path

import numpy as np
import pytest

from nlp.encoder import EncoderError
from nlp.stance_finetuned import (
    CLOSE_ID,
    LABELS,
    MAX_LENGTH,
    MODEL_DIR,
    OPEN_ID,
    SECOND_DIR,
    FinetunedStance,
    SeedPair,
    check_model,
    load_finetuned,
    load_pair,
    marked_ids,
)

from .test_stance_encoder import LABELLED

DATA = Path(__file__).parent / "data"
REFERENCE = json.loads((DATA / "stance_finetuned_reference.json").read_text(encoding="utf-8"))
REFERENCES = {MODEL_DIR: REFERENCE, SECOND_DIR: json.loads((DATA / "stance_finetuned_1_reference.json").read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def model():
    return load_finetuned()


@pytest.mark.parametrize("folder", list(REFERENCES), ids=["seed0", "seed1"])
def test_the_reference_was_made_from_the_shipped_weights(folder):
    digest = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()[:16]
    assert digest == REFERENCES[folder]["model_sha256_16"], "regenerate the fixture with train/stance_finetune_reference.py"


@pytest.mark.parametrize(("folder", "case"), [(f, c) for f, ref in REFERENCES.items() for c in ref["cases"]],
                         ids=[f"{k}-{c['text'][:24]}" for k, ref in zip(("seed0", "seed1"), REFERENCES.values()) for c in ref["cases"]])
def test_numpy_matches_torch(folder, case):
    model = load_finetuned(None if folder == MODEL_DIR else str(folder))
    item = (case["text"], case["start"], case["end"])
    assert model.input_ids([item]) == [case["ids"]]  # same wordpieces, markers in the same places
    assert np.abs(model.probs([item])[0] - np.array(case["probs"])).max() < 1e-3


def test_the_pair_consults_the_second_seed_only_where_the_first_is_unsure():
    first, second = load_finetuned(), load_finetuned(str(SECOND_DIR))
    items = [(s, s.index(t), s.index(t) + len(t)) for s, t, _ in LABELLED] + [
        (c["text"], c["start"], c["end"]) for c in REFERENCE["cases"]]
    p0, p1 = first.probs(items), second.probs(items)
    assert not np.allclose(p0, p1, atol=1e-3)  # two models, not one twice
    unsure = p0.max(1) < 0.8
    assert unsure.any() and not unsure.all()  # the items exercise both branches
    got = SeedPair(first, second, consult_below=0.8).probs(items)
    assert np.allclose(got[~unsure], p0[~unsure], atol=1e-6)  # a sure reading is the first model's
    assert np.allclose(got[unsure], (p0[unsure] + p1[unsure]) / 2, atol=1e-5)  # an unsure one, the mean
    assert np.allclose(got.sum(1), 1, atol=1e-5)
    assert np.allclose(SeedPair(first, second, consult_below=0.0).probs(items), p0, atol=1e-6)
    assert SeedPair(first, second).probs([]).shape == (0, 3)
    assert load_pair().probs(items[:3]).tolist() == SeedPair(first, second).probs(items[:3]).tolist()


def test_both_shipped_folders_are_checked_and_a_missing_one_is_refused_in_one_line(tmp_path, monkeypatch):
    import nlp.stance_finetuned as module

    check_model()  # the two shipped folders are complete
    with pytest.raises(EncoderError, match="missing") as err:
        check_model(MODEL_DIR, tmp_path)
    assert "\n" not in str(err.value) and str(tmp_path) in str(err.value)
    monkeypatch.setattr(module, "SECOND_DIR", tmp_path)  # the default checks the second seed's folder too
    with pytest.raises(EncoderError, match="missing"):
        check_model()


def test_the_tuned_pair_is_the_two_shipped_models_loaded_once():
    from nlp.stance_finetuned import CONSULT_BELOW

    pair = load_pair()
    assert pair.first is load_finetuned() is load_finetuned(str(MODEL_DIR))  # one cache entry per folder
    assert pair.second is load_finetuned(str(SECOND_DIR)) and pair.second is not pair.first
    assert pair.consult_below == CONSULT_BELOW


def test_a_batch_scores_each_item_as_alone(model):
    items = [(c["text"], c["start"], c["end"]) for c in REFERENCE["cases"]]
    together = model.probs(items, batch_size=16)
    alone = np.concatenate([model.probs([it], batch_size=1) for it in items])
    assert together.shape == (len(items), 3)
    assert np.abs(together - alone).max() < 1e-5
    assert np.allclose(together.sum(1), 1, atol=1e-5)
    assert model.probs([]).shape == (0, 3)


def test_markers_wrap_the_target_wordpieces():
    ids = [101, 3607, 10836, 5924, 1012, 102]
    offsets = [(0, 0), (0, 6), (7, 14), (15, 22), (22, 23), (0, 0)]
    assert marked_ids(ids, offsets, 0, 6) == [101, OPEN_ID, 3607, CLOSE_ID, 10836, 5924, 1012, 102]
    assert marked_ids(ids, offsets, 7, 22) == [101, 3607, OPEN_ID, 10836, 5924, CLOSE_ID, 1012, 102]
    # an empty span still gets both markers where it starts
    assert marked_ids(ids, offsets, 15, 15) == [101, 3607, 10836, OPEN_ID, CLOSE_ID, 5924, 1012, 102]


def test_a_long_sentence_is_cropped_around_its_target():
    n = 400
    ids = [101] + list(range(1000, 1000 + n)) + [102]
    offsets = [(0, 0)] + [(3 * k, 3 * k + 2) for k in range(n)] + [(0, 0)]
    for k in (0, 200, n - 1):  # target at the start, the middle, the end
        out = marked_ids(ids, offsets, 3 * k, 3 * k + 2)
        assert len(out) == MAX_LENGTH and out[0] == 101 and out[-1] == 102
        o = out.index(OPEN_ID)
        assert out[o + 1] == 1000 + k and out[o + 2] == CLOSE_ID


def test_loads_and_runs_without_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access during model loading")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    fresh = FinetunedStance(MODEL_DIR)  # not the cached instance
    p = fresh.probs([("Russia invaded Ukraine.", 0, 6)])
    assert p.shape == (1, 3)


def test_a_folder_without_the_model_is_refused_in_one_line(tmp_path):
    with pytest.raises(EncoderError, match="missing"):
        FinetunedStance(tmp_path)


@pytest.mark.parametrize("which", ["first", "pair"])
def test_plain_sentences_are_read_right(model, which):
    scorer = model if which == "first" else load_pair()
    items = [(s, s.index(t), s.index(t) + len(t)) for s, t, _ in LABELLED]
    pred = [LABELS[i] for i in scorer.probs(items).argmax(1)]
    right = sum(p == gold for p, (_, _, gold) in zip(pred, LABELLED))
    assert right >= len(LABELLED) - 2, list(zip(pred, [g for _, _, g in LABELLED]))
