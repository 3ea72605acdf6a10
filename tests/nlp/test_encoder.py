"""The numpy all-MiniLM-L6-v2 encoder against the reference implementation's outputs
(``tests/nlp/data/minilm_reference.json``, made by ``train/experiments/minilm/reference.py``
with transformers + torch)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nlp.encoder import Encoder, EncoderError

REFERENCE = json.loads((Path(__file__).parent / "data" / "minilm_reference.json").read_text(encoding="utf-8"))
SENTENCES = [r["text"] for r in REFERENCE["sentences"]]


@pytest.fixture(scope="module")
def encoder(encoder_dir):
    return Encoder(encoder_dir)


@pytest.mark.parametrize("ref", REFERENCE["sentences"], ids=[s[:20] for s in SENTENCES])
def test_states_match_the_reference_implementation(encoder, ref):
    enc = encoder.encode(ref["text"])
    assert enc.offsets.tolist() == ref["offsets"]  # same wordpieces, same character offsets
    assert np.abs(enc.states[:, :16] - np.array(ref["head16"])).max() < 1e-4
    assert np.abs(enc.states.mean(0) - np.array(ref["mean"])).max() < 1e-4


def test_a_batch_encodes_each_text_as_alone(encoder):
    alone = [encoder.encode(s).states for s in SENTENCES]
    together = encoder.encode_many(SENTENCES)
    assert [e.states.shape for e in together] == [a.shape for a in alone]
    assert max(np.abs(e.states - a).max() for e, a in zip(together, alone)) < 1e-4


def test_long_text_is_truncated_not_refused(encoder):
    enc = encoder.encode("Russia said " + "very " * 400 + "little.")
    assert len(enc.states) == encoder.max_length == 128


def test_kept_layers_come_before_the_last_layer(encoder, encoder_dir):
    wide = Encoder(encoder_dir, keep_layers=(3,)).encode(SENTENCES[0]).states
    last = encoder.encode(SENTENCES[0]).states
    assert wide.shape == (last.shape[0], 2 * last.shape[1])
    assert np.abs(wide[:, last.shape[1]:] - last).max() < 1e-5
    assert np.abs(wide[:, : last.shape[1]] - last).max() > 0.1  # layer 3 is not the last layer
    for bad in ((0,), (6,)):
        with pytest.raises(EncoderError, match="layers to keep"):
            Encoder(encoder_dir, keep_layers=bad)


def test_empty_batch(encoder):
    assert encoder.encode_many([]) == []


def test_a_folder_without_the_weights_is_refused_in_one_line(tmp_path):
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(EncoderError, match=r"missing model\.safetensors, tokenizer\.json"):
        Encoder(tmp_path)


def test_overrides_replace_a_layer_and_must_fit(encoder, encoder_dir):
    key = "encoder.layer.5.output.dense.bias"
    bump = np.linspace(-1, 1, encoder.w[key].shape[0], dtype=np.float32)  # not uniform: LayerNorm follows
    shifted = Encoder(encoder_dir, overrides={key: encoder.w[key] + bump})
    base, moved = encoder.encode(SENTENCES[0]).states, shifted.encode(SENTENCES[0]).states
    assert np.abs(base - moved).max() > 1e-2
    assert shifted.fingerprint() == encoder.fingerprint()  # the base model is still the same one
    with pytest.raises(EncoderError, match="does not fit"):
        Encoder(encoder_dir, overrides={key: np.zeros(7, np.float32)})
