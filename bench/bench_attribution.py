"""Benchmark: the attribution engine's time as a ratio to spaCy's parse of the same text.

    .venv/bin/python bench/bench_attribution.py [--repeat N] [--words N]

Engine = ``segment(text)`` + ``attribute(doc, paragraphs)``; parse = ``nlp(text)``. Reported
on the seed article, on a synthetic article of about ``--words`` words built by repeating
the seed's paragraphs with varied names and numbers, and on the same paragraphs as a briefing
transcript (speaker labels, turns of two paragraphs). Goal: engine / parse < 0.25.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.attribution import attribute  # noqa: E402
from nlp.paragraphs import segment  # noqa: E402
from nlp.pipeline import load_pipeline  # noqa: E402

SEED = ROOT / "seeds" / "upi-2024-10-30-us-rok-security-meeting.txt"
_VARIANTS = [
    {},
    {"Austin": "Moreno", "Lloyd": "Jane", "Kim": "Park", "Wednesday": "Monday"},
    {"Austin": "Okafor", "Lloyd": "Ada", "Kim": "Lee", "Russia": "the rebels"},
    {"Kim": "Choi", "Austin": "Hale", "10,000": "12,500", "Pentagon": "ministry"},
]


def synthetic(seed: str, words: int) -> str:
    """About ``words`` words of article text: the seed's paragraphs, repeated with variations."""
    paras = [p for p in seed.split("\n\n") if p.strip()]
    out: list[str] = []
    n = 0
    i = 0
    while n < words:
        variant = _VARIANTS[(i // len(paras)) % len(_VARIANTS)]
        p = paras[i % len(paras)]
        for old, new in variant.items():
            p = p.replace(old, new)
        out.append(p)
        n += len(p.split())
        i += 1
    return "\n\n".join(out)


_LABELS = ("MODERATOR:  ", "SENIOR OFFICIAL:  ", "Q    ", "MS. HALE:  ")


def transcript(seed: str, words: int) -> str:
    """About ``words`` words of a briefing transcript: the synthetic article's paragraphs, every
    other one opened by a speaker label (``MS. HALE:``, ``Q``), so turns own two paragraphs."""
    paras = synthetic(seed, words).split("\n\n")
    return "Briefing transcript\n\n" + "\n\n".join(
        (_LABELS[(i // 2) % len(_LABELS)] + p) if i % 2 == 0 else p for i, p in enumerate(paras))


def measure(nlp, text: str, repeat: int) -> dict:
    parse, engine = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        doc = nlp(text)
        t1 = time.perf_counter()
        paragraphs = segment(text)
        quotes, speakers = attribute(doc, paragraphs)
        t2 = time.perf_counter()
        parse.append(t1 - t0)
        engine.append(t2 - t1)
    p, e = statistics.median(parse), statistics.median(engine)
    return {"words": len(text.split()), "parse_s": p, "engine_s": e, "ratio": e / p,
            "quotes": len(quotes), "speakers": len(speakers)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--words", type=int, default=50_000)
    args = ap.parse_args(argv)
    nlp = load_pipeline()
    seed = SEED.read_text(encoding="utf-8")
    big = synthetic(seed, args.words)
    turns = transcript(seed, args.words)
    if len(turns) >= nlp.max_length:
        nlp.max_length = len(turns) + 1
    nlp(seed)  # warm-up
    print(f"{'text':12} {'words':>7} {'parse s':>9} {'engine s':>9} {'ratio':>7} {'quotes':>7} {'speakers':>8}")
    for name, text, repeat in (("seed", seed, max(args.repeat, 5)), ("synthetic", big, args.repeat),
                               ("transcript", turns, args.repeat)):
        r = measure(nlp, text, repeat)
        print(f"{name:12} {r['words']:7d} {r['parse_s']:9.3f} {r['engine_s']:9.3f} {r['ratio']:7.1%} "
              f"{r['quotes']:7d} {r['speakers']:8d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
