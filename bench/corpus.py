"""Synthetic article text for the benchmarks, built by varying the bundled seed articles.

Deterministic (seeded RNG): the same call gives the same text on every machine, so that
numbers from different runs measure the code, not the corpus.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"

# Names swapped consistently within one "story" so that attribution has many speakers.
_PEOPLE = [
    ("Lloyd Austin", "Austin"),
    ("Kim Yong-hyun", "Kim"),
    ("Antony Blinken", "Blinken"),
    ("Maria Zakharova", "Zakharova"),
    ("Volodymyr Zelensky", "Zelensky"),
    ("Dmitry Peskov", "Peskov"),
    ("Cho Tae-yul", "Cho"),
    ("Jens Stoltenberg", "Stoltenberg"),
    ("Sergei Lavrov", "Lavrov"),
    ("Yoon Suk Yeol", "Yoon"),
    ("Olaf Scholz", "Scholz"),
    ("Kaja Kallas", "Kallas"),
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_DAY_RE = re.compile(r"\b(" + "|".join(_DAYS) + r")\b")
_NUM_RE = re.compile(r"\b\d{1,3}(?:,\d{3})*\b")


def seed_texts() -> list[str]:
    """Every bundled seed article (seeds/*.txt), sorted by file name."""
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))]


def seed_text() -> str:
    return seed_texts()[0]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _vary(paragraph: str, rng: random.Random, cast: dict[str, str]) -> str:
    for old, new in cast.items():
        paragraph = paragraph.replace(old, new)
    paragraph = _DAY_RE.sub(lambda m: rng.choice(_DAYS), paragraph)
    paragraph = _NUM_RE.sub(lambda m: f"{rng.randint(2, 60_000):,}", paragraph)
    return paragraph


def article(words: int = 50_000, seed: int = 8) -> str:
    """A long article of at least ``words`` whitespace-separated words.

    It is a sequence of "stories": each takes the seed paragraphs in a shuffled order
    (a heading first), with speakers renamed, days and numbers changed.
    """
    return _article(words, seed)


@lru_cache(maxsize=8)
def _article(words: int, seed: int) -> str:
    rng = random.Random(seed)
    paragraphs = [p for text in seed_texts() for p in _paragraphs(text)]
    out: list[str] = []
    count = 0
    story = 0
    while count < words:
        story += 1
        swap = rng.sample(_PEOPLE, 2)
        cast = {
            "Lloyd J. Austin III": swap[0][0],
            "Lloyd Austin": swap[0][0],
            "Austin": swap[0][1],
            "Kim Yong-hyun": swap[1][0],
            "Kim": swap[1][1],
        }
        body = paragraphs[:]
        rng.shuffle(body)
        out.append(f"Part {story}: {rng.choice(['Talks', 'Briefing', 'Summit', 'Statement'])} on {rng.choice(_DAYS)}")
        for p in body[: rng.randint(len(body) // 2, len(body))]:
            p = _vary(p, rng, cast)
            out.append(p)
            count += len(p.split())
            if count >= words:
                break
    return "\n\n".join(out) + "\n"


def big_text(megabytes: float = 20.0, seed: int = 8) -> str:
    """About ``megabytes`` MB (UTF-8) of article text, built by repeating article()."""
    unit = article(50_000, seed)
    size = len(unit.encode("utf-8"))
    repeats = max(1, int(megabytes * 1024 * 1024 / size) + 1)
    return (unit * repeats)[: int(megabytes * 1024 * 1024)]


CACHE_DIR = Path(__import__("tempfile").gettempdir()) / "stance-reader-bench"


def cached_analysis_path(text: str) -> Path:
    """Where bench_analysis leaves the analysis of ``text`` for bench_reader (same machine, same text)."""
    import hashlib

    return CACHE_DIR / f"analysis-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}.json"


if __name__ == "__main__":
    text = article()
    print(f"{len(text.split())} words, {len(text)} chars, {text.count(chr(0x201C))} opening quotes")
