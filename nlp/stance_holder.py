"""The holder-aware stance model: how a named holder stands toward a target named in the same
sentence (negative / neutral / positive), run in numpy.

The target-only model (``stance_finetuned``) reads how a *sentence* treats its target; where the
holder is named in that sentence ("[Kushner] serves as [Trump]'s hatchet man", "[Kim] praised
[Putin]"), the sentence's tone toward the target is not always the holder's. This model marks
both: the target's wordpieces wrapped in ``[unused0]`` … ``[unused1]`` (as the target-only model)
and the holder's in ``[unused2]`` … ``[unused3]``; a linear head reads the two opening markers'
last-layer states beside the mean of all states. Trained by ``train/stance_holder.py`` (data and
licences in ``data/README.md``)::

    >>> model = load_holder()                                                  # doctest: +SKIP
    >>> model.probs([("Kim praised Putin warmly.", (12, 17), (0, 3))])         # doctest: +SKIP
    array([[0.02, 0.05, 0.93]], dtype=float32)   # P(negative), P(neutral), P(positive)

Needs the ``accurate`` extra (``tokenizers``, ``safetensors``); EncoderError when it or the
weights are missing.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from .encoder import EncoderError
from .stance_finetuned import CLOSE_ID, HOLDER_DIR, MAX_LENGTH, OPEN_ID, FinetunedStance

MODEL_DIR = HOLDER_DIR
HOLDER_OPEN_ID, HOLDER_CLOSE_ID = 3, 4  # [unused2], [unused3] of the BERT uncased vocabulary

__all__ = ["HolderStance", "load_holder", "marked_pair_ids"]


def _piece_range(offs: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The wordpieces ``[lo, hi)`` covering characters [start, end); empty at ``start`` when none do.

    >>> _piece_range([(0, 6), (7, 14), (15, 22)], 7, 14)
    (1, 2)
    """
    inside = [k for k, (a, b) in enumerate(offs) if a < end and b > start]
    if inside:
        return inside[0], inside[-1] + 1
    lo = next((k for k, (a, _) in enumerate(offs) if a >= start), len(offs))
    return lo, lo


def marked_pair_ids(ids: Sequence[int], offsets: Sequence[tuple[int, int]], target: tuple[int, int],
                    holder: tuple[int, int], max_length: int = MAX_LENGTH) -> list[int]:
    """The wordpiece ids of a sentence ([CLS] first, [SEP] last, as the tokenizer gives them) with
    the target's wordpieces wrapped in ``OPEN_ID`` … ``CLOSE_ID`` and the holder's in
    ``HOLDER_OPEN_ID`` … ``HOLDER_CLOSE_ID``; cropped to ``max_length`` around both when longer
    (around the target alone when both do not fit). A holder overlapping the target is marked
    where it starts, around nothing.

    >>> marked_pair_ids([101, 3607, 10836, 5924, 1012, 102], [(0, 0), (0, 6), (7, 14), (15, 22), (22, 23), (0, 0)],
    ...                 (15, 22), (0, 6))
    [101, 3, 3607, 4, 10836, 1, 5924, 2, 1012, 102]
    """
    body, offs = list(ids[1:-1]), list(offsets[1:-1])
    t = _piece_range(offs, *target)
    h = _piece_range(offs, *holder)
    if h[0] < t[1] and t[0] < h[1]:  # overlapping: the holder marks an empty place before the target
        h = (t[0], t[0])
    # at one place a span's close comes before another's open, except an empty span's own close
    marks = sorted([(t[0], 1, OPEN_ID), (t[1], 2 if t[0] == t[1] else 0, CLOSE_ID),
                    (h[0], 1, HOLDER_OPEN_ID), (h[1], 2 if h[0] == h[1] else 0, HOLDER_CLOSE_ID)])
    out, pos, where = [], 0, {}
    for k, _, mark in marks:
        out += body[pos:k]
        pos = k
        where[mark] = len(out)
        out.append(mark)
    out += body[pos:]
    room = max_length - 2
    if len(out) > room:
        lo = min(where.values())
        hi = max(where.values()) + 1
        if hi - lo > room:  # both do not fit: keep the target
            lo, hi = where[OPEN_ID], where[CLOSE_ID] + 1
        span = hi - lo
        a = lo if span >= room else max(0, min(lo - (room - span) // 2, len(out) - room))
        out = out[a:a + room]
    return [ids[0]] + out + [ids[-1]]


class HolderStance(FinetunedStance):
    """The holder-aware encoder and its head; ``probs`` scores (sentence, target span, holder
    span) triples."""

    def __init__(self, directory: str | Path = MODEL_DIR):
        super().__init__(directory)
        if self.W.shape[0] != 3 * self.encoder.w["embeddings.word_embeddings.weight"].shape[1]:
            raise EncoderError(f"{directory}: the head does not read a holder (not a holder-aware stance model)")

    def input_ids(self, items: Sequence[tuple[str, tuple[int, int], tuple[int, int]]]) -> list[list[int]]:
        """The marked id sequence of every (sentence, target span, holder span); ``probs`` (the
        target-only model's loop) scores (sentence, (target start, end), (holder start, end))
        triples — the holder's stance toward the target — as an (n, 3) array in input order."""
        encs = self.tokenizer.encode_batch([s for s, _, _ in items])
        return [marked_pair_ids(e.ids, e.offsets, t, h) for e, (_, t, h) in zip(encs, items)]

    def logits(self, ids: list[list[int]]) -> np.ndarray:
        states = self.encoder.forward_ids([np.asarray(i) for i in ids])
        feats = np.stack([np.concatenate([h[i.index(OPEN_ID)], h[i.index(HOLDER_OPEN_ID)] if HOLDER_OPEN_ID in i
                                          else h.mean(0), h.mean(0)]) for h, i in zip(states, ids)])
        return feats @ self.W + self.b


def load_holder(directory: str | None = None) -> HolderStance:
    """The shipped holder-aware model (or the one in ``directory``); cached by folder."""
    return _load(str(Path(directory).resolve() if directory else MODEL_DIR))


@lru_cache(maxsize=2)
def _load(directory: str) -> HolderStance:
    return HolderStance(Path(directory))
