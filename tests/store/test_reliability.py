"""Real files, real processes: SIGKILL mid-burst, concurrent writers, and correction latency."""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from store.articles import Store

ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from store.articles import Store

    path, aid, annotator, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    store = Store(path, annotator=annotator)
    quotes = [q.id for q in store.effective(aid).analysis.quotes]
    labels = ["negative", "neutral", "positive"]
    kinds = ["direct", "indirect", "mixed"]
    print("ready", flush=True)
    i = 0
    while count < 0 or i < count:
        q = quotes[i % len(quotes)]
        if i % 3 == 0:
            event = store.set_stance(aid, q, "Russia", labels[i % 3])
        elif i % 3 == 1:
            event = store.set_kind(aid, q, kinds[i % 3])
        else:
            event = store.mark_reviewed(aid, q, bool(i % 2))
        print(event, flush=True)  # reported saved only after the commit returned
        i += 1
    """
)


def _writer(path: Path, aid: int, annotator: str, count: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER.format(root=str(ROOT)), str(path), str(aid), annotator, str(count)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )


def _saved_events(path: Path) -> dict[int, str]:
    store = Store(path)
    try:
        rows = store.conn.execute("select seq, annotator from events").fetchall()
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return dict(rows)
    finally:
        store.close()


def test_sigkill_mid_burst_loses_no_reported_correction(seeded):
    store, aid = seeded
    path = store.path
    store.close()
    proc = _writer(path, aid, "killed", -1)
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    reported = []
    deadline = time.monotonic() + 60
    while len(reported) < 60 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        reported.append(int(line))
    os.kill(proc.pid, signal.SIGKILL)  # in the middle of the burst
    rest, err = proc.communicate(timeout=30)
    reported += [int(x) for x in rest.split()]
    assert proc.returncode == -signal.SIGKILL
    assert len(reported) >= 60, err
    saved = _saved_events(path)  # integrity_check == ok inside
    assert set(reported) <= set(saved)
    again = Store(path)
    assert len(again.history(aid)) == len(saved)
    again.effective(aid)  # the log still replays
    again.close()


def test_two_processes_correcting_concurrently_lose_nothing(seeded):
    store, aid = seeded
    procs = {name: _writer(store.path, aid, name, 80) for name in ("ann", "ben")}
    ids: dict[str, list[int]] = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        ids[name] = [int(x) for x in out.split()[1:]]
        assert len(ids[name]) == 80
    saved = _saved_events(store.path)
    assert len(saved) == 160
    for name, events in ids.items():
        assert all(saved[e] == name for e in events)
    # the store opened before the writers sees their corrections
    assert len(store.history(aid)) == 160
    assert store.effective(aid).reviewed is not None


def test_correction_latency_on_a_50_quote_article(seeded, seed_text):
    store, aid = seeded
    eff = store.effective(aid)
    n = len(eff.analysis.quotes)
    for i in range(max(0, 50 - n)):  # top the seed article up to 50 quotes
        store.add_quote(aid, 10 + i, 30 + i)
    quotes = [q.id for q in store.effective(aid).analysis.quotes]
    assert len(quotes) >= 50
    for i in range(200):  # a long session's history
        store.set_stance(aid, quotes[i % len(quotes)], "Russia", ["negative", "positive"][i % 2])
    timings = []
    for i in range(60):
        t0 = time.perf_counter()
        store.set_kind(aid, quotes[i % len(quotes)], ["direct", "indirect"][i % 2])
        store.effective(aid)
        timings.append((time.perf_counter() - t0) * 1000)
    median = statistics.median(timings)
    print(f"correction + effective(): median {median:.1f} ms, max {max(timings):.1f} ms")
    assert median < 20


@pytest.mark.parametrize("threads", [4])
def test_background_threads_share_the_connection_safely(seeded, threads):
    import threading

    store, aid = seeded
    quotes = [q.id for q in store.effective(aid).analysis.quotes]
    errors = []

    def work(k):
        try:
            for i in range(20):
                store.set_stance(aid, quotes[(k * 20 + i) % len(quotes)], "DPRK", "negative")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    ts = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert errors == []
    assert len(store.history(aid)) == threads * 20
