"""Cost of the fine-tuned stance model (``nlp/stance_finetuned.py``, numpy) per sentence,
at batch 16 and batch 1: every (sentence, target mention) of the seed article.

    .venv/bin/python bench/bench_stance_finetuned.py [--runs 5] [--quick]

Medians over runs, the model already loaded (its load time printed once). Threads: numpy's
BLAS uses OMP_NUM_THREADS (default here 1, as the other stance benchmarks; set 2 to use both
cores).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, median, result  # noqa: E402


def items_of_seed() -> list[tuple[str, int, int]]:
    """(sentence, start, end) of every target mention of the seed article, a sentence being a line
    split at '. ' (a plain split: the bench needs realistic lengths, not a parse)."""
    from nlp.targets import find_mentions_in_text

    seed = Path(__file__).resolve().parents[1] / "seeds" / "upi-2024-10-30-us-rok-security-meeting.txt"
    out = []
    for para in seed.read_text(encoding="utf-8").splitlines():
        for sent in para.replace(". ", ".\n").splitlines():
            out += [(sent, m.start, m.end) for m in find_mentions_in_text(sent)]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="two runs")
    args = ap.parse_args(argv)
    runs = 2 if args.quick else args.runs
    from nlp.encoder import EncoderError
    from nlp.stance_finetuned import load_finetuned

    t = time.perf_counter()
    try:
        model = load_finetuned()
    except EncoderError as exc:
        print(f"fine-tuned stance model not measured: {exc}")
        emit([])
        return 0
    print(f"load: {time.perf_counter() - t:.2f} s (once); OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}")
    items = items_of_seed()
    rows = []
    for bs in (16, 1):
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            model.probs(items, batch_size=bs)
            times.append((time.perf_counter() - t) / len(items))
        print(f"batch {bs}: {median(times) * 1000:.1f} ms per sentence ({len(items)} mentions, median of {runs})")
        rows.append(result("stance", f"fine-tuned model per sentence, batch {bs}", times))
    emit(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
