"""Helpers shared by the bench_*.py scripts: timing, result rows, the JSON hand-off to run.py."""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _p in (str(ROOT), str(ROOT / "bench")):
    if _p not in sys.path:
        sys.path.insert(0, _p)

MARKER = "BENCH-RESULTS: "

now = time.perf_counter


def median(values):
    return statistics.median(values) if values else float("nan")


def result(bench: str, name: str, runs: list[float], unit: str = "s", goal: str = "", met: bool | None = None, note: str = "") -> dict:
    """One row of the results table (``runs`` are the individual measurements)."""
    return {
        "bench": bench,
        "name": name,
        "median": median(runs),
        "min": min(runs) if runs else float("nan"),
        "max": max(runs) if runs else float("nan"),
        "n": len(runs),
        "unit": unit,
        "goal": goal,
        "met": met,
        "note": note,
    }


def emit(rows: list[dict]) -> None:
    """Print the rows for run.py (one marked JSON line) and a readable summary to stderr."""
    for r in rows:
        print(f"  {r['bench']:<9} {r['name']:<48} {fmt(r['median'], r['unit']):>12}  (n={r['n']}) {r['goal']}", file=sys.stderr)
    sys.stdout.write(MARKER + json.dumps(rows) + "\n")
    sys.stdout.flush()


def fmt(value: float, unit: str) -> str:
    if value != value:  # NaN
        return "n/a"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "%":
        return f"{value:+.0f} %"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.3g} {unit}"


def quick_flag(argv: list[str] | None = None) -> bool:
    return "--quick" in (sys.argv[1:] if argv is None else argv)
