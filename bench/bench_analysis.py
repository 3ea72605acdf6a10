"""Analysis speed: the seed article and a ~50,000-word article, total and as a ratio to spaCy's parse.

    .venv/bin/python bench/bench_analysis.py [--quick] [--big MB]

For each text, every run times ``nlp.parse.parse`` alone and then ``nlp.analyze.analyze``
(which parses again) back to back, so each ratio is taken in the same run. Inside the
analyze call every engine stage is timed too (by wrapping the functions nlp.analyze
calls), giving the engine overhead over the parse it did itself and where it goes.
``--big MB`` also analyses an MB-sized text once (the 20 MB hostile-input case).
"""

from __future__ import annotations

import argparse
import resource
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import emit, median, now, result  # noqa: E402

import corpus  # noqa: E402


class StageTimer:
    """Wraps the callables that ``nlp.analyze`` imported, accumulating their time per call."""

    def __init__(self):
        import nlp.analyze as module

        self.module = module
        self.times: dict[str, float] = defaultdict(float)
        self.saved = {}
        for name, obj in vars(module).items():
            if callable(obj) and getattr(obj, "__module__", "").startswith("nlp.") and not name.startswith("analyze") and not isinstance(obj, type):
                self.saved[name] = obj

    def __enter__(self):
        self.times.clear()
        for name, fn in self.saved.items():
            setattr(self.module, name, self._wrap(name, fn))
        return self

    def _wrap(self, name, fn):
        def timed(*args, **kwargs):
            t = now()
            try:
                return fn(*args, **kwargs)
            finally:
                self.times[name] += now() - t

        return timed

    def __exit__(self, *exc):
        for name, fn in self.saved.items():
            setattr(self.module, name, fn)


def measure(label: str, text: str, nlp, runs: int) -> list[dict]:
    from nlp.analyze import analyze
    from nlp.parse import parse

    analyze(text, nlp)  # warm-up (lazy loads: VADER lexicon, target regexes, …)
    parse_alone, total, ratio, overhead, inner_parse = [], [], [], [], []
    stages: dict[str, list[float]] = defaultdict(list)
    timer = StageTimer()
    quotes = 0
    for _ in range(runs):
        t = now()
        parse(text, nlp)
        p = now() - t
        with timer:
            t = now()
            analysis = analyze(text, nlp)
            a = now() - t
        quotes = len(analysis.quotes)
        inner = timer.times.get("parse", float("nan"))
        parse_alone.append(p)
        total.append(a)
        ratio.append(a / p)
        inner_parse.append(inner)
        overhead.append((a - inner) / inner * 100)
        for name, value in timer.times.items():
            if name != "parse":
                stages[name].append(value)
    words = len(text.split())
    rows = [
        result("analysis", f"{label}: analyze total", total, note=f"{words} words, {quotes} quotes"),
        result("analysis", f"{label}: spaCy parse alone", parse_alone, note=f"{words / median(parse_alone):.0f} words/s"),
        result("analysis", f"{label}: analyze / parse alone", ratio, unit="x", goal="< 1.25x", met=median(ratio) < 1.25),
        result("analysis", f"{label}: engine overhead over its own parse", overhead, unit="%", goal="< 25 %", met=median(overhead) < 25),
    ]
    for name, values in sorted(stages.items(), key=lambda kv: -median(kv[1])):
        share = median(values) / median(inner_parse) * 100
        rows.append(result("analysis", f"{label}:   stage {name}()", values, note=f"{share:.1f} % of parse"))
    return rows


def measure_big(megabytes: float, nlp) -> list[dict]:
    from nlp.analyze import analyze

    text = corpus.big_text(megabytes)
    t = now()
    try:
        analysis = analyze(text, nlp)
        note = f"{len(text.split())} words, {len(analysis.quotes)} quotes"
    except Exception as exc:  # noqa: BLE001 — the benchmark reports, never crashes
        note = f"FAILED: {type(exc).__name__}: {exc}"
    elapsed = now() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return [
        result("analysis", f"{megabytes:g} MB text: analyze (once)", [elapsed], note=note),
        result("analysis", f"{megabytes:g} MB text: peak RSS of the process", [peak], unit="MB"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and a 10,000-word long text")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--big", type=float, default=0, metavar="MB", help="also analyse an MB-sized text once")
    args = parser.parse_args(argv)

    from nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    runs = args.runs or (3 if args.quick else 5)
    words = 10_000 if args.quick else 50_000
    rows = measure("seed", corpus.seed_text(), nlp, runs)
    rows += measure(f"{words // 1000}k words", corpus.article(words), nlp, max(1, runs if not args.quick else 1) if words <= 10_000 else max(3, runs - 2))
    if args.big:
        rows += measure_big(args.big, nlp)
    emit(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
