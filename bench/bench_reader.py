"""The reader, headless: first paint, annotations shown, reopen, a correction's round trip, memory.

    .venv/bin/python bench/bench_reader.py [--quick]

Every measurement runs the real command (``tui.cli.main(["--db", DB, "open", FILE])``) in a
fresh interpreter (``bench_reader.py --child MODE``) with ``App.run`` forced headless. The
child notes ``time.perf_counter()`` on its first line and the parent notes it just before
spawning the child (CLOCK_MONOTONIC is shared by all processes on Linux), so times are
given both from the interpreter start and from the spawn (interpreter start-up included).

- first paint: the first ``ArticleView.render_line`` that draws article text;
- annotations shown: the first ArticleView paint after ``ReaderScreen.analysis`` is set;
- reopen: the article is already analysed in the database; from the ``ReaderScreen``
  mounting to the annotations painted (also given from the interpreter start);
- correction round trip: a key pressed through the app's own pilot (``auto_pilot``) →
  the store method returns (saved) → the next paint of the screen;
- memory: ``ru_maxrss`` of the child once the 50,000-word article's annotations are shown.
"""

import time

T0 = time.perf_counter()  # noqa: E402 — first thing the child interpreter does

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

CHILD_MARK = "READER-CHILD: "


# --------------------------------------------------------------------------- child side


class Probe:
    """Hooks on the real app's classes recording when things reach the screen."""

    def __init__(self, mode: str, exit_at: str, keys: int):
        self.mode = mode
        self.exit_at = exit_at
        self.keys = keys
        self.marks: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.roundtrips: list[float] = []
        self.saves: list[float] = []
        self.paints: list[float] = []
        self.key_times: list[float] = []
        self.pilot_roundtrips: list[float] = []
        self.app = None
        self.error = ""

    def mark(self, name: str) -> None:
        if name not in self.marks:
            self.marks[name] = time.perf_counter()
            self.cpu[name] = time.process_time()  # CPU seconds of this process since it started

    def install(self) -> None:
        import textual.app

        from tui.screens.reader import ReaderScreen
        from tui.widgets.article_view import ArticleView

        probe = self
        original_render = ArticleView.render_line

        def render_line(view, y):
            strip = original_render(view, y)
            if strip.text.strip():  # article text drawn (not a blank line)
                t = time.perf_counter()
                probe.mark("first_paint")
                probe.paints.append(t)
                screen = view.screen
                if getattr(screen, "analysis", None) is not None:
                    probe.mark("annotations_shown")
                probe._maybe_exit()
            return strip

        ArticleView.render_line = render_line

        original_mount = ReaderScreen.on_mount

        if original_mount.__code__.co_argcount == 1:
            def on_mount(screen):
                probe.mark("reader_mount")
                return original_mount(screen)
        else:
            def on_mount(screen, event):
                probe.mark("reader_mount")
                return original_mount(screen, event)

        ReaderScreen.on_mount = on_mount

        original_run = textual.app.App.run

        def run(app, **kwargs):
            probe.app = app
            probe.mark("app_run")
            kwargs.update(headless=True, size=(120, 40))
            if probe.mode == "correction":
                kwargs["auto_pilot"] = probe.correction_pilot
            return original_run(app, **kwargs)

        textual.app.App.run = run

        import textual.events

        original_key_init = textual.events.Key.__init__

        def key_init(event, *a, **kw):
            original_key_init(event, *a, **kw)
            probe.key_times.append(time.perf_counter())

        textual.events.Key.__init__ = key_init

    def _maybe_exit(self) -> None:
        if self.mode == "correction":
            return  # the pilot exits when it is done
        if self.exit_at in self.marks and self.app is not None and not getattr(self, "_exiting", False):
            self._exiting = True
            self.app.call_later(self.app.exit)

    # -- corrections -------------------------------------------------------

    def _wrap_store(self, store) -> None:
        probe = self
        names = ("set_stance", "reassign_speaker", "set_kind", "mark_reviewed", "reject_quote", "undo", "redo",
                 "rename_speaker", "override_speaker_stance", "add_quote", "merge_speakers")
        for name in names:
            fn = getattr(store, name, None)
            if fn is None:
                continue

            def saved(*a, __fn=fn, **kw):
                result = __fn(*a, **kw)
                probe.saves.append(time.perf_counter())
                return result

            setattr(store, name, saved)

    async def correction_pilot(self, pilot) -> None:
        """Waits for the annotations, then times stance corrections made from the keyboard."""
        app = pilot.app
        try:
            for _ in range(2000):
                if "annotations_shown" in self.marks:
                    break
                await pilot.pause(0.01)
            else:
                raise RuntimeError("annotations never shown")
            self._wrap_store(app.store)
            plan = self._correction_plan(app)
            if plan is None:
                raise RuntimeError("the reader has no stance-correction key binding yet")
            await pilot.pause()
            for i in range(self.keys):
                before = len(self.saves)
                setup, commit = plan(i)
                if setup:
                    await pilot.press(*setup)
                    await pilot.pause()
                start = time.perf_counter()
                self.paints.clear()
                self.key_times.clear()
                await pilot.press(*commit)
                for _ in range(500):
                    if len(self.saves) > before and any(p > self.saves[-1] for p in self.paints):
                        break
                    await pilot.pause(0.001)
                else:
                    raise RuntimeError(f"correction never reached the store and the screen (keys {setup}+{commit}: "
                                       f"{len(self.saves) - before} saves, {len(self.paints)} paints after the press)")
                painted = next(p for p in self.paints if p > self.saves[-1])
                pressed = self.key_times[-1] if self.key_times else start  # the (last) Key event's creation
                self.roundtrips.append(painted - pressed)
                self.pilot_roundtrips.append(painted - start)
                await pilot.pause()
        except Exception as exc:  # noqa: BLE001 — reported to the parent
            self.error = f"{type(exc).__name__}: {exc}"
        app.exit()

    def _correction_plan(self, app):
        """Which keys make a stance correction in the reader as it is now.

        Returns f(i) -> (setup keys, commit keys); the round trip is timed from the
        commit keys. Prefers a direct key on the reader; else a stance editor that opens
        from the reader, then a label key and its save key.
        """
        screen = app.screen
        bindings = _bindings(screen) + _bindings(app)
        direct = [b for b in bindings if b.action.startswith("set_stance(")]
        if direct:
            def plan(i):
                # A key whose label differs from the quote's current one, so every press is a change.
                quote, target = getattr(screen, "current", None), getattr(screen, "target", None)
                current = quote.stance.get(target).label if quote is not None and target in quote.stance else None
                for b in direct[i % len(direct):] + direct[:i % len(direct)]:
                    if current is None or f"'{current}'" not in b.action:
                        return (), (b.key.split(",")[0],)
                return (), (direct[0].key.split(",")[0],)
            return plan
        opener = [b for b in bindings if "stance" in b.action]
        if opener:
            key = opener[0].key.split(",")[0]
            labels = ("1", "3", "2")
            return lambda i: ((key, labels[i % 3]), ("enter",))
        return None

    # -- results -----------------------------------------------------------

    def report(self) -> dict:
        import resource

        rel = {k: v - T0 for k, v in self.marks.items()}
        return {
            "t0": T0,
            "abs": self.marks,
            "from_interpreter": rel,
            "cpu": self.cpu,
            "roundtrips": self.roundtrips,
            "pilot_roundtrips": self.pilot_roundtrips,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "error": self.error,
        }


def _bindings(node) -> list:
    out = []
    for b in getattr(node, "BINDINGS", []):
        if hasattr(b, "action"):
            out.append(b)
    return out


def bare_child() -> int:
    """The floor: a minimal Textual app (one widget drawing one line of text), first paint
    from the interpreter start, with the same headless run as the reader's children."""
    from rich.segment import Segment
    from textual.app import App
    from textual.strip import Strip
    from textual.widget import Widget

    marks: dict[str, float] = {}
    cpu: dict[str, float] = {}

    class Line(Widget):
        def render_line(self, y):
            if "first_paint" not in marks:
                marks["first_paint"] = time.perf_counter()
                cpu["first_paint"] = time.process_time()
                self.app.call_later(self.app.exit)
            return Strip([Segment("hello" if y == 0 else "")])

    class Bare(App):
        def compose(self):
            yield Line()

    app = Bare()
    marks["app_run"] = time.perf_counter()
    app.run(headless=True, size=(120, 40))
    report = {"t0": T0, "abs": marks, "from_interpreter": {k: v - T0 for k, v in marks.items()}, "cpu": cpu,
              "roundtrips": [], "pilot_roundtrips": [], "maxrss_mb": 0, "error": ""}
    sys.stdout.write(CHILD_MARK + json.dumps(report) + "\n")
    return 0


def child(argv: list[str]) -> int:
    if "bare" in argv:
        return bare_child()
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--exit-at", default="annotations_shown")
    parser.add_argument("--keys", type=int, default=10)
    parser.add_argument("--watchdog", type=float, default=600)
    args = parser.parse_args(argv)
    probe = Probe(args.child, args.exit_at, args.keys)
    probe.install()
    import threading

    def watchdog():  # a run that never reaches its mark (e.g. the analysis failed) reports and exits
        report = probe.report()
        report["error"] = report["error"] or f"timed out waiting for {args.exit_at}"
        report["exit_code"] = None
        sys.stdout.write(CHILD_MARK + json.dumps(report) + "\n")
        sys.stdout.flush()
        os._exit(3)

    timer = threading.Timer(args.watchdog, watchdog)
    timer.daemon = True
    timer.start()
    from tui.cli import main

    code = main(["--db", args.db, "open", args.file])
    report = probe.report()
    report["exit_code"] = code
    sys.stdout.write(CHILD_MARK + json.dumps(report) + "\n")
    return 0


# --------------------------------------------------------------------------- parent side


def spawn(mode: str, db: Path, file: Path, exit_at: str = "annotations_shown", keys: int = 10, timeout: float = 900) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--db", str(db), "--file", str(file),
           "--exit-at", exit_at, "--keys", str(keys),
           "--watchdog", str(max(30, timeout - 30) if mode == "memory" else 150)]
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="0")
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    lines = [l for l in proc.stdout.splitlines() if l.startswith(CHILD_MARK)]
    if not lines:
        raise RuntimeError(f"reader child {mode} failed (exit {proc.returncode}): {proc.stderr.strip()[-800:]}")
    report = json.loads(lines[-1][len(CHILD_MARK):])
    report["from_spawn"] = {k: v - start for k, v in report["abs"].items()}
    return report


def main(argv: list[str] | None = None) -> int:
    from common import emit, result

    import corpus

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=None)
    args = parser.parse_args(argv)
    runs = args.runs or (2 if args.quick else 3)

    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-reader-") as tmp:
        tmp = Path(tmp)
        seed = tmp / "seed.txt"
        seed.write_text(corpus.seed_text(), encoding="utf-8")
        # Warm the OS file cache and .pyc files once, not measured.
        spawn("paint", tmp / "warm.db", seed, exit_at="first_paint")

        first_interp, first_spawn, shown_interp, first_cpu = [], [], [], []
        first_run, bare_interp, bare_ratio = [], [], []
        for i in range(runs):
            bare = spawn("bare", tmp / "unused.db", seed)
            r = spawn("paint", tmp / f"fresh{i}.db", seed)
            if "first_paint" not in r["from_interpreter"]:
                continue
            first_run.append(r["abs"]["first_paint"] - r["abs"]["app_run"])
            bare_interp.append(bare["from_interpreter"]["first_paint"])
            bare_ratio.append(r["from_interpreter"]["first_paint"] / bare["from_interpreter"]["first_paint"])
            first_interp.append(r["from_interpreter"]["first_paint"])
            first_spawn.append(r["from_spawn"]["first_paint"])
            first_cpu.append(r["cpu"]["first_paint"])
            shown_interp.append(r["from_interpreter"].get("annotations_shown", float("nan")))
        rows.append(result("reader", "first paint (from interpreter start)", first_interp, goal="< 0.3 s",
                           met=_median(first_interp) < 0.3, note="seed, fresh DB"))
        rows.append(result("reader", "first paint (from App.run)", first_run,
                           note="imports done: what the app itself takes to show text"))
        rows.append(result("reader", "floor: a one-widget Textual app, first paint (from interpreter start)", bare_interp,
                           note="importing and starting Textual alone"))
        rows.append(result("reader", "first paint / the one-widget Textual app's", bare_ratio, unit="x",
                           note="same run; 1.0x would be Textual's own floor"))
        rows.append(result("reader", "first paint (from process spawn)", first_spawn, note="incl. interpreter start-up"))
        rows.append(result("reader", "first paint: CPU time of the process", first_cpu, goal="< 0.3 s", met=_median(first_cpu) < 0.3,
                           note="what an idle machine would need; incl. interpreter start-up"))
        rows.append(result("reader", "annotations shown (from interpreter start)", shown_interp, note="seed, analysed in app"))

        db = tmp / "fresh0.db"  # already holds the seed's analysis
        reopen, reopen_interp, reopen_cpu = [], [], []
        for _ in range(runs):
            r = spawn("reopen", db, seed)
            m = r["abs"]
            if "annotations_shown" not in m:
                continue
            reopen.append(m["annotations_shown"] - m["reader_mount"])
            reopen_cpu.append(r["cpu"]["annotations_shown"] - r["cpu"]["reader_mount"])
            reopen_interp.append(r["from_interpreter"]["annotations_shown"])
        rows.append(result("reader", "reopen analysed article (screen mount → shown)", reopen, goal="< 0.1 s",
                           met=_median(reopen) < 0.1))
        rows.append(result("reader", "reopen: CPU time, screen mount → shown", reopen_cpu, goal="< 0.1 s",
                           met=_median(reopen_cpu) < 0.1, note="what an idle machine would need"))
        rows.append(result("reader", "reopen analysed article (from interpreter start)", reopen_interp))

        r = spawn("correction", db, seed, keys=6 if args.quick else 20)
        if r["roundtrips"]:
            rows.append(result("reader", "correction: key event → saved → painted", r["roundtrips"], goal="< 20 ms",
                               met=_median(r["roundtrips"]) < 0.02, note="stance key 1/2/3 on the seed"))
            rows.append(result("reader", "correction: pilot.press() → painted", r["pilot_roundtrips"],
                               note="incl. the test pilot's own waiting"))
        else:
            rows.append(result("reader", "correction key → saved → painted", [], goal="< 20 ms", note=r["error"] or "no data"))

        # A fresh analysis in the app (spaCy loaded): time to annotations and memory peak.
        words = 10_000
        long = tmp / "long.txt"
        long.write_text(corpus.article(words), encoding="utf-8")
        r = spawn("memory", tmp / "long.db", long, timeout=3600)
        rows.append(result("reader", f"{words // 1000}k words, analysed in the app: first paint (from interpreter start)", [r["from_interpreter"]["first_paint"]]))
        rows.append(result("reader", f"{words // 1000}k words, analysed in the app: annotations shown (from interpreter start)",
                           [r["from_interpreter"].get("annotations_shown", float("nan"))]))
        rows.append(result("reader", f"{words // 1000}k words, analysed in the app: memory peak (ru_maxrss)", [r["maxrss_mb"]], unit="MB"))
        if not args.quick:
            rows += self_50k(tmp, corpus, result)
    emit(rows)
    return 0


def self_50k(tmp: Path, corpus, result) -> list[dict]:
    """The 50,000-word article with its analysis in the database (left by bench_analysis.py, or
    made here): reopen time and the app's memory peak with every annotation shown."""
    import json

    from nlp.model import Analysis
    from store.articles import Store

    text = corpus.article(50_000)
    path = tmp / "article-50k.txt"
    path.write_text(text, encoding="utf-8")
    db = tmp / "article-50k.db"
    cache = corpus.cached_analysis_path(text)
    if not cache.exists():
        r = spawn("memory", db, path, timeout=7200)  # analyse it in the app (slow)
        note = "analysed in the app"
    else:
        store = Store(db)
        try:
            article_id = store.add_article(text, str(path))
            store.save_analysis(article_id, Analysis.from_dict(json.loads(cache.read_text(encoding="utf-8"))))
        finally:
            store.close()
        note = "analysis stored by bench_analysis"
    reopen, cpu, peak = [], [], []
    for _ in range(3):
        r = spawn("memory", db, path)
        reopen.append(r["abs"]["annotations_shown"] - r["abs"]["reader_mount"])
        cpu.append(r["cpu"]["annotations_shown"] - r["cpu"]["reader_mount"])
        peak.append(r["maxrss_mb"])
    n_quotes = ""
    return [
        result("reader", "50k words: reopen (screen mount → shown)", reopen, goal="< 0.1 s", met=_median(reopen) < 0.1, note=note + n_quotes),
        result("reader", "50k words: reopen, CPU time", cpu, goal="< 0.1 s", met=_median(cpu) < 0.1),
        result("reader", "50k words: memory peak of the app, annotations shown", peak, unit="MB", note=note),
    ]


def _median(values):
    import statistics

    return statistics.median(values) if values else float("nan")


if __name__ == "__main__":
    if "--child" in sys.argv:
        sys.exit(child(sys.argv[1:]))
    sys.exit(main())
