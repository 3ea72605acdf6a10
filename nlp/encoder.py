"""A BERT-style sentence encoder (all-MiniLM-L6-v2) run in numpy, without torch.

Reads a model directory as Hugging Face writes it (``config.json``, ``model.safetensors``,
``tokenizer.json``) and returns the last layer's hidden states with each wordpiece's
character offsets. Nothing is downloaded: the directory must already be on disk (see
``stance_encoder.find_encoder_dir``). Needs the ``accurate`` extra (``tokenizers``,
``safetensors``), imported here only.

The forward pass is the standard post-LayerNorm BERT encoder: embeddings (word + position +
token type, LayerNorm), then per layer self-attention (12 heads), residual + LayerNorm, a
GELU feed-forward, residual + LayerNorm. Checked against the reference implementation in
``tests/nlp/test_encoder.py`` (fixture made by ``train/experiments/minilm/reference.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np


_FFN_ROWS = 256
REQUIRED_FILES = ("config.json", "model.safetensors", "tokenizer.json")


class EncoderError(Exception):
    """The encoder directory is missing, incomplete or not the model the head was trained on."""


def require_files(d: Path, what: str) -> None:
    """EncoderError naming the files ``d`` lacks (nothing is read)."""
    missing = [n for n in REQUIRED_FILES if not (d / n).is_file()]
    if missing:
        raise EncoderError(f"{d}: not {what} (missing {', '.join(missing)})")


def _erf(x: np.ndarray) -> np.ndarray:
    """erf by Abramowitz & Stegun 7.1.26 (max error 1.5e-7), in place on temporaries: numpy has no
    erf, scipy is not a dependency, and the naive expression costs 5× more in allocation."""
    a = np.abs(x)
    t = a * np.float32(0.3275911)
    t += 1
    np.reciprocal(t, out=t)
    y = t * np.float32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        y += np.float32(c)
        y *= t
    np.square(a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    y *= a
    np.subtract(1, y, out=y)
    y *= np.sign(x)
    return y


def _gelu(x: np.ndarray) -> np.ndarray:
    y = _erf(x * np.float32(0.7071067811865476))
    y += 1
    y *= x
    y *= np.float32(0.5)
    return y


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    xc = x - mu
    var = (xc * xc).mean(-1, keepdims=True)
    return xc / np.sqrt(var + eps) * w + b


@dataclass(frozen=True)
class Encoded:
    """One text's states (wordpieces × hidden, or × hidden·(1 + len(keep_layers)): the kept layers'
    outputs, then the last layer's) and each wordpiece's (start, end) in the text.

    Special tokens ([CLS], [SEP]) have offsets (0, 0)."""

    states: np.ndarray
    offsets: np.ndarray


class Encoder:
    def __init__(self, directory: str | Path, max_length: int = 128, overrides: dict[str, np.ndarray] | None = None,
                 keep_layers: tuple[int, ...] = ()):
        """``overrides``: tensors (by their names in the weights file, without a ``bert.`` prefix)
        that replace the directory's, e.g. a fine-tuned last layer shipped with the stance head.
        ``keep_layers``: also return these layers' outputs (1-based), before the last layer's."""
        d = Path(directory)
        require_files(d, "an encoder directory")
        try:
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise EncoderError(f"the accurate stance model needs the 'accurate' extra ({exc.name} is not installed)") from exc
        cfg = json.loads((d / "config.json").read_text(encoding="utf-8"))
        self.heads = int(cfg["num_attention_heads"])
        self.layers = int(cfg["num_hidden_layers"])
        self.eps = float(cfg.get("layer_norm_eps", 1e-12))
        self.keep_layers = tuple(sorted(set(keep_layers)))
        if any(not 1 <= k < self.layers for k in self.keep_layers):
            raise EncoderError(f"{d}: layers to keep must be between 1 and {self.layers - 1}, not {keep_layers}")
        if cfg.get("hidden_act", "gelu") != "gelu":
            raise EncoderError(f"{d}: unsupported activation {cfg.get('hidden_act')!r}")
        w = load_file(str(d / "model.safetensors"))
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in w else ""
        self.w = {k[len(prefix):]: v.astype(np.float32, copy=False) for k, v in w.items() if k.startswith(prefix)}
        del w
        for key, value in (overrides or {}).items():
            if key not in self.w or self.w[key].shape != value.shape:
                raise EncoderError(f"{d}: the stance head's {key} does not fit this encoder")
            self.w[key] = value.astype(np.float32)
        self.max_length = min(max_length, int(cfg.get("max_position_embeddings", 512)))
        self.tokenizer = Tokenizer.from_file(str(d / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_length)
        self.tokenizer.no_padding()
        self._fingerprint = self._digest()
        # the Linear layers' weights are stored (out, in): transpose once, and drop the originals
        # (≈ 40 MB the reader would otherwise hold twice)
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            names = [f"attention.self.{n}" for n in ("query", "key", "value")]
            self.w[p + "qkv.T"] = np.ascontiguousarray(np.concatenate([self.w.pop(p + n + ".weight") for n in names]).T)
            self.w[p + "qkv.b"] = np.concatenate([self.w.pop(p + n + ".bias") for n in names])
            for name in ("attention.output.dense", "intermediate.dense", "output.dense"):
                self.w[p + name + ".T"] = np.ascontiguousarray(self.w.pop(p + name + ".weight").T)

    def _digest(self) -> str:
        import hashlib

        h = hashlib.sha256()
        for key in ("embeddings.word_embeddings.weight", "encoder.layer.0.attention.self.query.weight"):
            h.update(np.ascontiguousarray(self.w[key][:64]).tobytes())
        return h.hexdigest()[:16]

    def fingerprint(self) -> str:
        """A short digest of the weights, so a head refuses an encoder it was not trained with."""
        return self._fingerprint

    def encode(self, text: str) -> Encoded:
        return self.encode_many([text])[0]

    def encode_many(self, texts: list[str]) -> list[Encoded]:
        """Encode several texts in one pass: the dense layers run over all their wordpieces at once
        (far better use of BLAS than one short sentence at a time); attention stays per text."""
        if not texts:
            return []
        encs = self.tokenizer.encode_batch(list(texts))
        ids = [np.asarray(e.ids, dtype=np.int64) for e in encs]
        states = self._forward(ids)
        out, at = [], 0
        for e, i in zip(encs, ids):
            out.append(Encoded(states[at:at + len(i)], np.asarray(e.offsets, dtype=np.int64).reshape(-1, 2)))
            at += len(i)
        return out

    def forward_ids(self, ids: list[np.ndarray]) -> list[np.ndarray]:
        """Each wordpiece-id sequence's last-layer states (already tokenized, e.g. with marker
        tokens inserted), all in one pass as in ``encode_many``."""
        if not ids:
            return []
        states = self._forward([np.asarray(i, dtype=np.int64) for i in ids])
        bounds = np.cumsum([0] + [len(i) for i in ids])
        return [states[a:b] for a, b in zip(bounds[:-1], bounds[1:])]

    def _forward(self, ids: list[np.ndarray]) -> np.ndarray:
        w = self.w
        lengths = [len(i) for i in ids]
        bounds = np.cumsum([0] + lengths)
        positions = np.concatenate([np.arange(n) for n in lengths])
        x = w["embeddings.word_embeddings.weight"][np.concatenate(ids)] + w["embeddings.position_embeddings.weight"][positions]
        x = x + w["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        hidden = x.shape[1]
        hd = hidden // self.heads
        scale = np.float32(1.0 / np.sqrt(hd))
        kept = []
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            qkv = x @ w[p + "qkv.T"] + w[p + "qkv.b"]
            ctx = np.empty_like(x)
            for a, b in zip(bounds[:-1], bounds[1:]):
                n = b - a
                q, k, v = (qkv[a:b, j * hidden:(j + 1) * hidden].reshape(n, self.heads, hd).transpose(1, 0, 2) for j in range(3))
                scores = (q @ k.transpose(0, 2, 1)) * scale
                scores -= scores.max(-1, keepdims=True)
                np.exp(scores, out=scores)
                scores /= scores.sum(-1, keepdims=True)
                ctx[a:b] = (scores @ v).transpose(1, 0, 2).reshape(n, hidden)
            att = ctx @ w[p + "attention.output.dense.T"] + w[p + "attention.output.dense.bias"]
            x = _layer_norm(x + att, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], self.eps)
            out = np.empty_like(x)
            for a in range(0, len(x), _FFN_ROWS):  # row blocks keep the 4×-wide activations in cache
                h = x[a:a + _FFN_ROWS] @ w[p + "intermediate.dense.T"]
                h += w[p + "intermediate.dense.bias"]
                out[a:a + _FFN_ROWS] = _gelu(h) @ w[p + "output.dense.T"]
            out += w[p + "output.dense.bias"]
            x = _layer_norm(x + out, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
            if i + 1 in self.keep_layers:
                kept.append(x)
        return np.concatenate(kept + [x], axis=1) if kept else x
