"""The fine-tuned stance model (``nlp/stance_finetuned.py``): numpy inference against torch's
(``tests/nlp/data/stance_finetuned_reference.json``, made by ``train/stance_finetune_reference.py``
from the shipped weights), target marking, batching, offline loading and plain readings."""

from __future__ import annotations

import hashlib
import json
import socket
from pathlib import Path

import numpy as np
import pytest

from nlp.encoder import EncoderError
from nlp.stance_finetuned import CLOSE_ID, LABELS, MAX_LENGTH, MODEL_DIR, OPEN_ID, FinetunedStance, load_finetuned, marked_ids

from .test_stance_encoder import LABELLED

REFERENCE = json.loads((Path(__file__).parent / "data" / "stance_finetuned_reference.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def model():
    return load_finetuned()


def test_the_reference_was_made_from_the_shipped_weights():
    digest = hashlib.sha256((MODEL_DIR / "model.safetensors").read_bytes()).hexdigest()[:16]
    assert digest == REFERENCE["model_sha256_16"], "regenerate the fixture with train/stance_finetune_reference.py"


@pytest.mark.parametrize("case", REFERENCE["cases"], ids=[c["text"][:24] for c in REFERENCE["cases"]])
def test_numpy_matches_torch(model, case):
    item = (case["text"], case["start"], case["end"])
    assert model.input_ids([item]) == [case["ids"]]  # same wordpieces, markers in the same places
    assert np.abs(model.probs([item])[0] - np.array(case["probs"])).max() < 1e-3


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


def test_plain_sentences_are_read_right(model):
    items = [(s, s.index(t), s.index(t) + len(t)) for s, t, _ in LABELLED]
    pred = [LABELS[i] for i in model.probs(items).argmax(1)]
    right = sum(p == gold for p, (_, _, gold) in zip(pred, LABELLED))
    assert right >= len(LABELLED) - 2, list(zip(pred, [g for _, _, g in LABELLED]))
