"""Interrupts (issue 17): quitting during a huge analysis exits promptly and cleanly; a killed
batch leaves no worker processes; an import killed half-way is repaired by the next one."""

from __future__ import annotations

import os
import pty
import select
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from store.articles import Store

from .conftest import ROOT, cli

# Generous: what is measured is "does not wait for the analysis" (which takes many minutes on
# this text), not how fast the exit is.
HANG = 90


def _read_until(fd: int, needle: bytes, limit: float) -> bytes:
    seen = b""
    end = time.monotonic() + limit
    while needle not in seen and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def test_q_during_a_huge_analysis_exits_at_once_without_a_traceback(tmp_path):
    article = tmp_path / "huge.txt"
    paragraph = "“We will not back down,” the minister said on Friday, as talks with Moscow stalled again.\n\n"
    article.write_text(paragraph * 40_000, encoding="utf-8")  # ~3.6 MB: a parse of many minutes
    env = dict(os.environ, PYTHONPATH=str(ROOT), STANCE_READER_DB=str(tmp_path / "db.sqlite"),
               STANCE_READER_CONFIG=str(tmp_path / "none.toml"), TERM="xterm-256color", COLUMNS="100", LINES="30")
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real app on a real terminal
        os.chdir("/")
        os.execve(sys.executable, [sys.executable, "-m", "tui", str(article)], env)
    try:
        painted = _read_until(fd, b"analysing", HANG)
        assert b"analysing" in painted, painted[-2000:]
        time.sleep(1.0)  # the analysis thread is parsing by now
        os.write(fd, b"q")
        output = b""
        end = time.monotonic() + HANG
        status = None
        while time.monotonic() < end:
            output += _read_until(fd, b"\x00never", 0.5)
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the app was still running long after q: it waited for the analysis")
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
        assert b"Traceback" not in output and b"Fatal Python error" not in output, output[-3000:]
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.close(fd)


def test_an_import_killed_between_the_article_and_its_metadata_is_repaired(tmp_path, capsys, db_path):
    from store.library import Library

    article = tmp_path / "talks.html"
    article.write_text("<html><head><title>Talks stall</title></head><body><article><h1>Talks stall</h1>"
                       "<p>“We will not back down,” the minister said on Friday.</p></article></body></html>",
                       encoding="utf-8")
    code, out, err = cli(capsys, "import", "--no-progress", article)
    assert code == 0, err
    complete = dict(Library(Store(db_path), sync=False).meta(1))
    # the state a kill leaves between the article row and the rest: only the article
    half = tmp_path / "half.sqlite"
    store = Store(half)
    store.add_article(Store(db_path).article(1)["text"], str(article))
    store.close()
    code, out, err = cli(capsys, "--db", half, "import", "--no-progress", article)
    assert code == 0 and "1 completed" in err, err
    store = Store(half)
    library = Library(store, sync=False)
    meta = library.meta(1)
    assert {k: meta[k] for k in ("title", "path", "format")} == {k: complete[k] for k in ("title", "path", "format")}
    assert not library.incomplete(1)
    assert [e.id for e in library.search("minister")] == [1]
    store.close()
    code, out, err = cli(capsys, "--db", half, "import", "--no-progress", article)
    assert "completed" not in err and "1 already in the library" in err


def _children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.add(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_killing_analyze_all_leaves_no_worker_processes(how, tmp_path):
    db = tmp_path / "db.sqlite"
    store = Store(db)
    for i in range(400):
        store.add_article(f"Article {i}\n\n“We will not back down,” minister {i} said on Friday. " * 20, f"a{i}.txt")
    store.close()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "tui", "--db", str(db), "analyze-all", "--workers", "2",
                             "--no-progress"], cwd="/", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        workers: set[int] = set()
        end = time.monotonic() + HANG
        while len(workers) < 2 and time.monotonic() < end and proc.poll() is None:
            workers = {c for c in _children(proc.pid) if _alive(c)}
            time.sleep(0.2)
        assert len(workers) >= 2, "spaCy's workers never started"
        os.kill(proc.pid, how)
        proc.wait(timeout=HANG)
        end = time.monotonic() + 30
        while any(_alive(w) for w in workers) and time.monotonic() < end:
            time.sleep(0.2)
        assert not [w for w in workers if _alive(w)], "orphaned workers"
        if how == signal.SIGTERM:
            assert b"Traceback" not in proc.stderr.read()
    finally:
        for w in _children(proc.pid) | {proc.pid}:
            try:
                os.kill(w, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.wait()
