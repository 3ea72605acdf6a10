"""Helpers for the hostile-input sweep: run the real command line and check what users see."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main

ROOT = Path(__file__).resolve().parents[2]


def cli(capsys, *argv) -> tuple[int, str, str]:
    """``stance-reader ARGV`` in-process: (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, out: str, err: str, *needles: str) -> None:
    """What a user must see when a command refuses its input."""
    assert code not in (0, None), f"expected failure, got exit {code}; stderr={err!r}"
    assert "Traceback" not in err and "Traceback" not in out, err
    assert out == "", out[:500]
    assert err.startswith("stance-reader: "), err
    assert err.count("\n") == 1, f"not one line: {err!r}"
    for needle in needles:
        assert needle in err, f"{needle!r} not in {err!r}"


def fingerprint(db: Path) -> dict[str, str]:
    """Bytes of a database file and its WAL/journal companions (to prove nothing was written)."""
    out = {}
    for suffix in ("", "-wal", "-journal"):
        p = Path(str(db) + suffix)
        if p.exists() and p.stat().st_size:
            out[suffix or "db"] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def unprivileged_prefix() -> list[str] | None:
    """A command prefix under which file permissions apply even to root, or None if impossible.

    Not root: nothing to do. Root: ``setpriv`` drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH
    from the bounding set, so the child (still uid 0, still able to run the venv's
    interpreter under /root) is refused a mode-000 file or a write to a mode-444 one.
    """
    if os.geteuid() != 0:
        return []
    import shutil

    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None
    probe = subprocess.run([setpriv, "--bounding-set=-dac_override,-dac_read_search", "--", "true"], capture_output=True)
    if probe.returncode != 0:
        return None
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]


def run_module(*argv, env: dict | None = None, unprivileged: bool = False, timeout: float = 120,
               stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    """``python -m tui ARGV`` in a fresh interpreter (``unprivileged``: file modes are enforced)."""
    full_env = dict(os.environ, **(env or {}))
    full_env["PYTHONPATH"] = str(ROOT)
    full_env.setdefault("HOME", "/tmp")
    prefix: list[str] = []
    if unprivileged:
        prefix = unprivileged_prefix()
        if prefix is None:
            pytest.skip("running as root without a way to drop CAP_DAC_OVERRIDE (setpriv)")
    return subprocess.run(
        [*prefix, sys.executable, "-m", "tui", *map(str, argv)],
        capture_output=True, text=True, env=full_env, timeout=timeout, cwd="/", stdin=stdin,
    )


@pytest.fixture
def public_dir(tmp_path_factory):
    """A directory an unprivileged user can traverse (pytest's tmp dirs are 0700)."""
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="hostile-"))
    path.chmod(0o755)
    yield path
    import shutil

    shutil.rmtree(path, ignore_errors=True)
