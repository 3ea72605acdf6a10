"""Analysis speed: the seed article and a ~50,000-word article, total and as a ratio to spaCy's parse.

    .venv/bin/python bench/bench_analysis.py [--quick] [--big MB]

For each text, every run times ``nlp.parse.parse`` alone and then ``nlp.analyze.analyze``
(which parses again) back to back, so each ratio is taken in the same run. Inside the
analyze call every engine stage is timed too (by wrapping the functions nlp.analyze
calls), giving the engine overhead over the parse it did itself and where it goes.
Full runs also time hostile shapes (a long line full of targets and speech verbs, balanced
quote pairs, stray closing marks) at two sizes to show how they scale, and the 20 MB
hostile-input file: its read+decode, then its analysis in a child process with a budget.
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
    import time

    cpu = time.process_time
    parse_alone, total, ratio, overhead, inner_parse, cpu_ratio = [], [], [], [], [], []
    stages: dict[str, list[float]] = defaultdict(list)
    timer = StageTimer()
    quotes = 0
    for _ in range(runs):
        t, c = now(), cpu()
        parse(text, nlp)
        p, pc = now() - t, cpu() - c
        with timer:
            t, c = now(), cpu()
            analysis = analyze(text, nlp)
            a, ac = now() - t, cpu() - c
        cpu_ratio.append(ac / pc if pc > 0 else float("nan"))
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
    try:  # leave the analysis for bench_reader (the reader's memory on this article, reopened)
        import json

        cache = corpus.cached_analysis_path(text)
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(analysis.to_dict(), ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass
    rows = [
        result("analysis", f"{label}: analyze total", total, note=f"{words} words, {quotes} quotes"),
        result("analysis", f"{label}: spaCy parse alone", parse_alone, note=f"{words / median(parse_alone):.0f} words/s"),
        result("analysis", f"{label}: analyze / parse alone", ratio, unit="x", goal="< 1.25x", met=median(ratio) < 1.25),
        result("analysis", f"{label}: analyze / parse alone, CPU time", cpu_ratio, unit="x", goal="< 1.25x",
               met=median(cpu_ratio) < 1.25, note="process CPU time: less sensitive to a busy machine"),
        result("analysis", f"{label}: engine overhead over its own parse", overhead, unit="%", goal="< 25 %", met=median(overhead) < 25),
    ]
    for name, values in sorted(stages.items(), key=lambda kv: -median(kv[1])):
        share = median(values) / median(inner_parse) * 100
        rows.append(result("analysis", f"{label}:   stage {name}()", values, note=f"{share:.1f} % of parse"))
    return rows


_LINE_WORDS = "the minister said Russia would continue talks in Seoul and".split()
STORMS = {
    # name: (builder of a text of size n, n) — hostile shapes where the engines are superlinear
    "one line of n words, with targets and speech verbs": (lambda n: " ".join(_LINE_WORDS[i % 10] for i in range(n)), 1_000),
    "balanced quote pairs": (lambda n: "".join(f"“Statement {i} is clear,” Kim said. " for i in range(n)), 100),
    "stray closing marks after a speech verb": (lambda n: "Kim said ” " * n, 150),
}


def measure_storms(nlp) -> list[dict]:
    """Each hostile shape at size n and 2n, once: the time and the growth exponent log2(t(2n)/t(n))."""
    import math

    from nlp.analyze import analyze

    rows = []
    for name, (build, n) in STORMS.items():
        times = []
        for size in (n, 2 * n):
            text = build(size)
            t = now()
            analyze(text, nlp)
            times.append(now() - t)
        exponent = math.log2(times[1] / times[0]) if times[0] > 0 else float("nan")
        rows.append(result("analysis", f"hostile: {name}, n={2 * n}", [times[1]],
                           note=f"{len(build(2 * n))} chars; time grows as n^{exponent:.1f} (n={n}: {times[0]:.2f} s)"))
    return rows


BIG_CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from nlp.pipeline import load_pipeline
from nlp.analyze import analyze
from nlp.decode import decode_article
nlp = load_pipeline()
text = decode_article(open(sys.argv[1], "rb").read())  # tui.sources refuses it (> 8 MB); the engine is timed anyway
t = time.perf_counter()
analysis = analyze(text, nlp)
print(json.dumps({"seconds": time.perf_counter() - t, "quotes": len(analysis.quotes),
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure_big(megabytes: float, budget: float) -> list[dict]:
    """The hostile 20 MB file: read+decode (timed here), then its analysis in a child with a time budget."""
    import json
    import subprocess
    import tempfile

    from nlp.decode import decode_article

    def read_article(p):  # the read + decode of tui.sources.read_article, without its size limit
        return decode_article(Path(p).read_bytes())

    text = corpus.big_text(megabytes)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_text(text.replace("\n", "\r\n"), encoding="utf-8")  # CRLF: the slow decode path
        runs = []
        for _ in range(3):
            t = now()
            read_article(path)
            runs.append(now() - t)
        rows.append(result("analysis", f"{megabytes:g} MB file: read + decode", runs, note=f"{len(text.split())} words"))
        t = now()
        try:
            proc = subprocess.run([sys.executable, "-c", BIG_CHILD, str(path), str(Path(__file__).resolve().parent.parent)],
                                  capture_output=True, text=True, timeout=budget)
            elapsed = now() - t
            if proc.returncode == 0:
                got = json.loads(proc.stdout.strip().splitlines()[-1])
                rows.append(result("analysis", f"{megabytes:g} MB file: analyze (once)", [got["seconds"]], note=f"{got['quotes']} quotes"))
                rows.append(result("analysis", f"{megabytes:g} MB file: peak RSS", [got["maxrss_mb"]], unit="MB"))
            else:
                tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
                rows.append(result("analysis", f"{megabytes:g} MB file: analyze (once)", [], note=f"FAILED after {elapsed:.0f} s: {tail}"))
        except subprocess.TimeoutExpired:
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            rows.append(result("analysis", f"{megabytes:g} MB file: analyze (once)", [],
                               note=f"not finished after the {budget:.0f} s budget (killed; child peak RSS {peak:.0f} MB)"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and a 10,000-word long text")
    parser.add_argument("--runs", type=int, default=None, help="runs on the seed (default 5, --quick 3)")
    parser.add_argument("--long-runs", type=int, default=None, help="runs on the long article (default 3, --quick 1)")
    parser.add_argument("--big", type=float, default=None, metavar="MB",
                        help="also read and analyse an MB-sized file once (default: 20, or 0 with --quick)")
    parser.add_argument("--budget", type=float, default=300, metavar="S", help="time limit for the --big analysis")
    parser.add_argument("--no-storms", action="store_true", help="skip the hostile-shape scaling runs")
    args = parser.parse_args(argv)

    from nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    runs = args.runs or (3 if args.quick else 5)
    words = 10_000 if args.quick else 50_000
    rows = measure("seed", corpus.seed_text(), nlp, runs)
    long_runs = args.long_runs or (1 if args.quick else 3)
    rows += measure(f"{words // 1000}k words", corpus.article(words), nlp, long_runs)
    if not args.quick and not args.no_storms:
        rows += measure_storms(nlp)
    big = args.big if args.big is not None else (0 if args.quick else 20)
    if big:
        rows += measure_big(big, args.budget)
    emit(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
