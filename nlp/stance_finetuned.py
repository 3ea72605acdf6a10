"""The fine-tuned stance model: all-MiniLM-L6-v2 trained end to end to say how a sentence
treats a marked target mention (negative / neutral / positive), run in numpy.

The weights (``data/stance_minilm/``: float16 safetensors, the base model's tokenizer and
config) are trained by ``train/stance_finetune.py`` on NewsMTSC and UNSCon (see
``data/README.md``). The network is the numpy encoder of ``nlp/encoder.py``; no torch.
A second training run of the same recipe (``data/stance_minilm_1/``, ``--seed 1``) is consulted
where the first is unsure (``SeedPair``, what the app runs in its tuned mode).

Input: a sentence and the character span of the target in it. The target's wordpieces are
wrapped in two marker tokens (``[unused0]`` … ``[unused1]``, learned in fine-tuning); the head
reads the opening marker's last-layer state beside the mean of all states::

    >>> model = load_finetuned()                                    # doctest: +SKIP
    >>> model.probs([("Russia invaded Ukraine.", 0, 6)])            # doctest: +SKIP
    array([[0.71, 0.26, 0.03]], dtype=float32)   # P(negative), P(neutral), P(positive)

Needs the ``accurate`` extra (``tokenizers``, ``safetensors``); EncoderError when it or the
weights are missing.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from .encoder import Encoder, EncoderError, require_files

MODEL_DIR = Path(__file__).resolve().parent / "data" / "stance_minilm"
SECOND_DIR = Path(__file__).resolve().parent / "data" / "stance_minilm_1"  # the same recipe, seed 1
HOLDER_DIR = Path(__file__).resolve().parent / "data" / "stance_holder"  # nlp/stance_holder.py's model
CONSULT_BELOW = 0.7  # the second model is run where the first's most probable class is below this
LABELS = ("negative", "neutral", "positive")
OPEN_ID, CLOSE_ID = 1, 2  # [unused0], [unused1] of the BERT uncased vocabulary
MAX_LENGTH = 128
HEAD_WEIGHT, HEAD_BIAS = "stance_head.weight", "stance_head.bias"

__all__ = ["FinetunedStance", "LABELS", "SeedPair", "load_finetuned", "load_pair", "marked_ids", "probs"]


def marked_ids(ids: Sequence[int], offsets: Sequence[tuple[int, int]], start: int, end: int,
               max_length: int = MAX_LENGTH) -> list[int]:
    """The wordpiece ids of a sentence (with [CLS] first and [SEP] last, as the tokenizer gives
    them) with ``OPEN_ID`` before the first wordpiece of characters [start, end) and ``CLOSE_ID``
    after its last; cropped to ``max_length`` around the target when longer.

    >>> marked_ids([101, 3607, 10836, 5924, 1012, 102], [(0, 0), (0, 6), (7, 14), (15, 22), (22, 23), (0, 0)], 15, 22)
    [101, 3607, 10836, 1, 5924, 2, 1012, 102]
    """
    body, offs = list(ids[1:-1]), list(offsets[1:-1])
    inside = [k for k, (a, b) in enumerate(offs) if a < end and b > start]
    if inside:
        lo, hi = inside[0], inside[-1] + 1
    else:  # an empty or unaligned span: both markers where it starts
        lo = hi = next((k for k, (a, _) in enumerate(offs) if a >= start), len(offs))
    body = body[:lo] + [OPEN_ID] + body[lo:hi] + [CLOSE_ID] + body[hi:]
    room = max_length - 2
    if len(body) > room:
        o, c = lo, hi + 1  # the markers' positions in body
        span = c - o + 1
        a = o if span >= room else max(0, min(o - (room - span) // 2, len(body) - room))
        body = body[a:a + room]
    return [ids[0]] + body + [ids[-1]]


class FinetunedStance:
    """The fine-tuned encoder and its head; ``probs`` scores (sentence, start, end) triples."""

    def __init__(self, directory: str | Path = MODEL_DIR):
        d = Path(directory)
        require_files(d, "a fine-tuned stance model folder")
        self.encoder = Encoder(d, max_length=MAX_LENGTH)
        w = self.encoder.w
        if HEAD_WEIGHT not in w or HEAD_BIAS not in w:
            raise EncoderError(f"{d}: the weights have no stance head ({HEAD_WEIGHT})")
        self.W = np.ascontiguousarray(w.pop(HEAD_WEIGHT).T)  # (2 × hidden, 3)
        self.b = w.pop(HEAD_BIAS)
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(d / "tokenizer.json"))
        self.tokenizer.no_truncation()  # cropping keeps the target: marked_ids
        self.tokenizer.no_padding()
        meta = d / "stance.json"
        self.meta = json.loads(meta.read_text(encoding="utf-8")) if meta.is_file() else {}

    def input_ids(self, items: Sequence[tuple[str, int, int]]) -> list[list[int]]:
        """The marked id sequence of every (sentence, start, end)."""
        encs = self.tokenizer.encode_batch([s for s, _, _ in items])
        return [marked_ids(e.ids, e.offsets, a, b) for e, (_, a, b) in zip(encs, items)]

    def logits(self, ids: list[list[int]]) -> np.ndarray:
        states = self.encoder.forward_ids([np.asarray(i) for i in ids])
        feats = np.stack([np.concatenate([h[i.index(OPEN_ID)], h.mean(0)]) for h, i in zip(states, ids)])
        return feats @ self.W + self.b

    def probs(self, items: Iterable[tuple[str, int, int]], batch_size: int = 16) -> np.ndarray:
        """P(negative), P(neutral), P(positive) per (sentence, start, end) — the target at
        characters [start, end) of the sentence — as an (n, 3) float32 array, rows in input order.
        Sentences run ``batch_size`` at a time (one numpy pass each)."""
        items = list(items)
        out = np.zeros((len(items), 3), np.float32)
        for a in range(0, len(items), batch_size):
            z = self.logits(self.input_ids(items[a:a + batch_size]))
            z = np.exp(z - z.max(1, keepdims=True))
            out[a:a + len(z)] = z / z.sum(1, keepdims=True)
        return out


class SeedPair:
    """Two training runs of one recipe, averaged where the first is unsure.

    ``probs`` is the first model's, except where its most probable class is below
    ``consult_below``: there it is the mean of both models'. The second model runs only on those
    items, so a confident reading costs one model. A confident first reading is seldom turned by
    the average (on NewsMTSC dev, one target of 785 at 0.7 or above, F1m unchanged:
    ``evals/RESULTS_stance.md``).

    >>> pair = load_pair()                                          # doctest: +SKIP
    >>> pair.probs([("Russia invaded Ukraine.", 0, 6)])             # doctest: +SKIP
    array([[0.66, 0.31, 0.03]], dtype=float32)
    """

    def __init__(self, first: FinetunedStance, second: FinetunedStance, consult_below: float = CONSULT_BELOW):
        self.first, self.second, self.consult_below = first, second, consult_below

    def probs(self, items: Iterable[tuple[str, int, int]], batch_size: int = 16) -> np.ndarray:
        """P(negative), P(neutral), P(positive) per (sentence, start, end), as ``FinetunedStance.probs``."""
        items = list(items)
        out = self.first.probs(items, batch_size)
        unsure = np.flatnonzero(out.max(1) < self.consult_below)  # (0, 3) → none
        if len(unsure):
            out[unsure] = (out[unsure] + self.second.probs([items[i] for i in unsure], batch_size)) / 2
        return out


def check_model(*directories: str | Path) -> None:
    """``EncoderError`` now, before any work, when a model cannot load: a package it needs
    (``tokenizers``, ``safetensors``) is not installed or a folder lacks a file (by default
    the shipped folders: ``MODEL_DIR``, ``SECOND_DIR`` and the holder-aware model's). Reads nothing.

    >>> check_model()                                               # doctest: +SKIP
    """
    import importlib.util

    missing = [m for m in ("tokenizers", "safetensors") if importlib.util.find_spec(m) is None]
    if missing:
        raise EncoderError(f"tuned stance needs {' and '.join(missing)}: pip install 'stance-reader[accurate]'")
    for directory in directories or (MODEL_DIR, SECOND_DIR, HOLDER_DIR):
        require_files(Path(directory), "a fine-tuned stance model folder")


def load_finetuned(directory: str | None = None) -> FinetunedStance:
    """The shipped fine-tuned model (or the one in ``directory``); cached by folder, as loading
    reads ≈ 45 MB (``load_finetuned()`` and ``load_finetuned(str(MODEL_DIR))`` are one model)."""
    return _load(str(Path(directory).resolve() if directory else MODEL_DIR))


@lru_cache(maxsize=4)
def _load(directory: str) -> FinetunedStance:
    return FinetunedStance(Path(directory))


@lru_cache(maxsize=1)
def load_pair() -> SeedPair:
    """The tuned mode's learned part: the shipped model with its second seed (``SeedPair``); cached."""
    return SeedPair(load_finetuned(), load_finetuned(str(SECOND_DIR)))


def probs(items: Iterable[tuple[str, int, int]], batch_size: int = 16) -> np.ndarray:
    """``load_finetuned().probs(items)``: P(negative, neutral, positive) per (sentence, start, end).

    >>> probs([("Russia invaded Ukraine.", 0, 6)]).shape                # doctest: +SKIP
    (1, 3)
    """
    return load_finetuned().probs(items, batch_size)
