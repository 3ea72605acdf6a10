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
