"""All the benchmarks, one command: ``.venv/bin/python bench/run.py [--quick]``.

Runs every ``bench/bench_*.py`` in its own interpreter (one at a time, so they never
compete for the CPU), collects the rows they print (``BENCH-RESULTS: [...]``; a script that
prints none has its output kept verbatim), prints one results table and writes it to
``bench/RESULTS.md``. Every number is a median over several runs; ratios are taken within
the same run. ``--only NAME`` runs just the scripts whose name contains NAME.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import MARKER, fmt  # noqa: E402

# Ours first in a fixed order, then anything else named bench_*.py (other engines' benchmarks).
ORDER = ["bench_analysis.py", "bench_reader.py", "bench_team.py", "bench_export.py", "bench_attribution.py", "bench_stance.py", "bench_corpus.py"]


def scripts(only: list[str]) -> list[Path]:
    found = {p.name: p for p in HERE.glob("bench_*.py")}
    ordered = [found.pop(name) for name in ORDER if name in found] + [found[n] for n in sorted(found)]
    return [p for p in ordered if not only or any(o in p.name for o in only)]


# Other engines' scripts that have no --quick: the arguments that make them small.
QUICK_ARGS = {
    "bench_attribution.py": ["--repeat", "1", "--words", "5000"],
    "bench_stance.py": ["--runs", "2"],
}


def script_args(path: Path, quick: bool) -> list[str]:
    if not quick:
        return []
    if '"--quick"' in path.read_text(encoding="utf-8", errors="replace"):
        return ["--quick"]
    return QUICK_ARGS.get(path.name, [])


def run_script(path: Path, quick: bool, timeout: float) -> tuple[list[dict], str, float, int]:
    cmd = [sys.executable, str(path)] + script_args(path, quick)
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=HERE.parent,
                              env=dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE.parent), os.environ.get("PYTHONPATH", "")])))
    except subprocess.TimeoutExpired:
        return [], f"timed out after {timeout:.0f} s", time.perf_counter() - start, -1
    elapsed = time.perf_counter() - start
    rows: list[dict] = []
    other: list[str] = []
    for line in proc.stdout.splitlines():
        if line.startswith(MARKER):
            rows.extend(json.loads(line[len(MARKER):]))
        else:
            other.append(line)
    if proc.returncode != 0:
        other.append(f"[exit {proc.returncode}] " + "\n".join(proc.stderr.strip().splitlines()[-15:]))
    return rows, "\n".join(other).strip(), elapsed, proc.returncode


def table(rows: list[dict]) -> str:
    head = "| bench | measurement | median | min – max | n | goal | note |\n|---|---|---:|---|---:|---|---|"
    lines = [head]
    for r in rows:
        goal = r.get("goal") or ""
        if goal and r.get("met") is not None:
            goal += " ✅" if r["met"] else " ❌ missed"
        spread = "" if r.get("n", 0) < 2 else f"{fmt(r['min'], r['unit'])} – {fmt(r['max'], r['unit'])}"
        lines.append(f"| {r['bench']} | {r['name'].strip()} | {fmt(r['median'], r['unit'])} | {spread} | {r.get('n', '')} | {goal} | {r.get('note', '')} |")
    return "\n".join(lines)


def machine() -> str:
    cpus = os.cpu_count()
    try:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    return f"{platform.python_implementation()} {platform.python_version()} on {platform.system()} {platform.machine()}, {cpus} CPUs, load average at start {load}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller inputs (a smoke test, not numbers to quote)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME")
    parser.add_argument("--timeout", type=float, default=3600, help="per script, in seconds")
    parser.add_argument("--keep", action="store_true",
                        help="with --only: keep the other scripts' rows from the last full run (bench/RESULTS.json)")
    parser.add_argument("--output", type=Path, default=None,
                        help="where to write the table (default bench/RESULTS.md; a --quick run writes nowhere unless given)")
    args = parser.parse_args(argv)

    started = datetime.now(timezone.utc)
    header = machine()
    json_path = (args.output or HERE / "RESULTS.md").with_suffix(".json")
    previous = {}
    if args.keep and json_path.exists():
        previous = json.loads(json_path.read_text(encoding="utf-8")).get("scripts", {})
    selected = {p.name for p in scripts(args.only)}
    per_script: dict[str, dict] = {}
    failed = 0
    for path in scripts([]):
        if path.name not in selected:
            if path.name in previous:
                per_script[path.name] = previous[path.name]
            continue
        print(f"running {path.name} {' '.join(script_args(path, args.quick))} …", file=sys.stderr, flush=True)
        at = datetime.now(timezone.utc)
        got, other, elapsed, code = run_script(path, args.quick, args.timeout)
        print(f"  {path.name}: {len(got)} results in {elapsed:.0f} s{'' if code == 0 else f' (exit {code})'}", file=sys.stderr, flush=True)
        per_script[path.name] = {"rows": got, "output": other, "seconds": elapsed, "exit": code,
                                 "at": f"{at:%Y-%m-%d %H:%M} UTC", "load": header}
        failed += code != 0
    rows = [r for v in per_script.values() for r in v["rows"]]
    raw = [(name, v["output"]) for name, v in per_script.items() if v["output"]]
    runs_at = "; ".join(f"{name} at {v['at']}" for name, v in per_script.items())
    out = [
        f"# Benchmark results{' (--quick: smoke test only)' if args.quick else ''}",
        "",
        f"`.venv/bin/python bench/run.py{' --quick' if args.quick else ''}` — {started:%Y-%m-%d %H:%M} UTC; {header}.",
        "Medians over the runs shown in *n*; each ratio is computed within one run, then the median taken.",
        f"Scripts run: {runs_at}.",
        "",
        table(rows),
    ]
    for name, text in raw:
        out += ["", f"## Output of {name}", "", "```", text, "```"]
    report = "\n".join(out) + "\n"
    print(report)
    output = args.output or (None if args.quick else HERE / "RESULTS.md")
    if output:
        output.write_text(report, encoding="utf-8")
        output.with_suffix(".json").write_text(json.dumps({"scripts": per_script}, indent=1), encoding="utf-8")
        print(f"written to {output} (and {output.with_suffix('.json').name})", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
