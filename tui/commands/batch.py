"""Batch analysis of the articles in the database that have no analysis yet.

spaCy parses with ``nlp.pipe(..., n_process=N)`` (its own worker processes); the engine
(attribution, targets, sentiment, stance: ``nlp.analyzer.Analyzer.pipe``) runs on each parsed
``Doc`` in this process, and each analysis is saved as soon as it is made. An interruption
(ctrl+c) therefore loses at most the articles in flight, and a rerun resumes: only articles
without an analysis are selected.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from store.articles import Store
from store.library import Library

INDEX_EVERY = 50


@dataclass
class BatchResult:
    total: int = 0
    done: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)
    interrupted: bool = False
    words: int = 0
    seconds: float = 0.0
    orphans: int = 0  # corrections a re-analysis could not re-attach (kept, listed by the reader)

    @property
    def remaining(self) -> int:
        return self.total - self.done - len(self.failed)

    def summary(self) -> str:
        rate = self.done / self.seconds if self.seconds > 0 else 0.0
        wps = self.words / self.seconds if self.seconds > 0 else 0.0
        parts = [f"analysed {self.done} of {self.total} article(s) in {self.seconds:.1f}s"
                 f" ({rate:.2f} articles/s, {wps:,.0f} words/s)"]
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        if self.orphans:
            parts.append(f"{self.orphans} correction(s) could not be re-attached to the new analysis (kept as orphans)")
        if self.interrupted:
            parts.append(f"interrupted: {self.remaining} left; run the same command again to resume")
        return "; ".join(parts)


@contextmanager
def _interruptible():
    """ctrl+c reaches the whole process group. spaCy's forked workers ignore it (no
    tracebacks); this process ends the workers it started *before* raising
    KeyboardInterrupt, because spaCy's pipe, unwinding, joins workers that may be blocked
    writing parsed batches nobody will read."""
    main_pid = os.getpid()
    before = set(multiprocessing.active_children())
    previous = signal.getsignal(signal.SIGINT)

    def handler(signum, frame):
        if os.getpid() != main_pid:
            return  # a worker: the parent ends it
        started = set(multiprocessing.active_children()) - before
        for child in started:
            child.terminate()
        if started:
            _abandon_queued_texts()
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _abandon_queued_texts() -> None:
    """After an interruption, texts spaCy had queued for its (now ended) workers must not
    keep the interpreter from exiting: its queues' feeder threads would wait forever to
    write them. The queues are not reachable through spaCy's API, hence the search; it must
    run while ``nlp.pipe``'s generator (which holds them) is still alive."""
    import gc
    from multiprocessing.queues import Queue

    for obj in gc.get_objects():
        if isinstance(obj, Queue):
            obj.cancel_join_thread()


def make_progress(total: int, enabled: bool = True):
    """A rich progress bar on stderr: articles done/total, articles/s, words/s and ETA."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            elapsed = task.elapsed or 0.0
            if not elapsed or not task.completed:
                return Text("… articles/s", style="progress.data.speed")
            words = task.fields.get("words", 0)
            return Text(f"{task.completed / elapsed:.2f} art/s {words / elapsed:,.0f} words/s",
                        style="progress.data.speed")

    console = Console(stderr=True)
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        Rate(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        disable=not enabled,
        transient=False,
    )
    return progress


def analyze_pending(
    store: Store,
    analyzer,
    workers: int = 1,
    ids: Iterable[int] | None = None,
    batch_size: int = 4,
    progress: bool = True,
    on_saved: Callable[[int], None] | None = None,
    redo: bool = False,
) -> BatchResult:
    """Analyse the articles ``ids`` (default: every article without an analysis) with
    ``analyzer`` (an ``nlp.analyzer.Analyzer``); ``redo``: also the articles analysed by another
    pipeline or stance mode (their corrections are re-anchored)."""
    library = Library(store, sync=False)
    todo = list(library.pending() if ids is None else ids)
    if redo:
        todo = sorted(set(todo) | set(library.analysed_otherwise(analyzer.name, analyzer.version())))
    result = BatchResult(total=len(todo))
    if not todo:
        return result
    analyzer.nlp  # noqa: B018 - a missing pipeline fails here, before the progress bar
    unindexed: list[int] = []

    def flush_index() -> None:
        if unindexed:
            library.index(unindexed)
            unindexed.clear()

    def texts():
        for article_id in todo:
            row = store.article(article_id)
            if row is not None:
                yield row["text"], (article_id, row["source"] or "")

    bar = make_progress(result.total, enabled=progress)
    task = None

    def failed(key, exc: Exception) -> None:  # one bad article must not stop a corpus run
        result.failed.append((key[0], f"{type(exc).__name__}: {exc}"))
        bar.update(task, advance=1, words=result.words)

    def save(article_id: int, analysis) -> None:
        result.orphans += len(store.save_analysis(article_id, analysis))
        result.done += 1
        result.words += len(analysis.text.split())
        unindexed.append(article_id)
        if len(unindexed) >= INDEX_EVERY:
            flush_index()
        if on_saved:
            on_saved(article_id)
        bar.update(task, advance=1, words=result.words)

    start = time.perf_counter()
    with bar, _interruptible():
        task = bar.add_task("analysing", total=result.total, words=0)
        try:
            analyses = analyzer.pipe(texts(), source=lambda key: key[1], n_process=workers,
                                     batch_size=batch_size, on_error=failed)
            try:
                for analysis, (article_id, _) in analyses:
                    save(article_id, analysis)
            finally:
                analyses.close()  # ends spaCy's workers when stopping mid-stream
        except KeyboardInterrupt:
            result.interrupted = True
        finally:
            result.seconds = time.perf_counter() - start
            flush_index()
    return result


def report(result: BatchResult, stream=None) -> None:
    stream = stream or sys.stderr
    for article_id, message in result.failed:
        print(f"stance-reader: article {article_id}: analysis failed: {message}", file=stream)
    print(result.summary(), file=stream)
