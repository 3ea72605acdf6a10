"""Files the user names: read only regular files (bounded), write atomically, never clobber.

Every reader of a user-given file (articles, shards, exports read back) and every writer
(exports, speaker exports, shards; command line and reader) goes through here, so the same
rules hold everywhere:

- ``read_regular(path, limit)``: a FIFO, socket, device node (``/dev/zero``) or directory is
  refused *before* any byte is read (opened non-blocking, checked with ``fstat`` on the open
  file, so a symlink to one is refused too), and at most ``limit + 1`` bytes are read;
- ``atomic_write(path, fill, binary, force)``: written to ``.NAME.PID.RANDOM.tmp`` beside
  ``path``, synced, renamed into place; an existing file is replaced only with ``force`` and a
  non-regular one (a device node, a FIFO…) never; temporary files left by a killed writer
  (their process is gone) are removed first;
- ``csv_cell(value)``: a text cell a spreadsheet would run as a formula gets a leading ``'``.

>>> csv_cell("=1+1"), csv_cell("＝HYPERLINK()"), csv_cell("plain")
("'=1+1", "'＝HYPERLINK()", 'plain')
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import IO, Any, Callable

from .errors import ExportError, StoreError

# ASCII and full-width formula starters, and the tab/CR some spreadsheets strip before parsing.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: Any) -> Any:
    """``value`` as a safe CSV cell: text that a spreadsheet would evaluate gets a leading ``'``.

    >>> csv_cell("@SUM(A1)"), csv_cell("\\t=1"), csv_cell(3)
    ("'@SUM(A1)", "'\\t=1", 3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class NotAFile(StoreError):
    """A path that names something other than a regular file (FIFO, socket, device, directory)."""


def kind_of_mode(mode: int) -> str | None:
    """What a non-regular file is (``None`` for a regular file).

    >>> kind_of_mode(stat.S_IFIFO), kind_of_mode(stat.S_IFREG) is None
    ('a FIFO (named pipe)', True)
    """
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def non_regular(path: str | Path) -> str | None:
    """What ``path`` (followed through symlinks) is when it is not a regular file; None if it is one
    or does not exist."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return kind_of_mode(mode)


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit + 1`` of them (the caller decides
    what a longer file means). Raises ``NotAFile`` for anything else and ``OSError`` as ``open``
    does (``FileNotFoundError``, ``PermissionError``…)."""
    fd = _open_regular_fd(path)
    try:
        what = kind_of_mode(os.fstat(fd).st_mode)
        if what is not None:
            raise NotAFile(f"{path}: is {what}, not a regular file") from None
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _open_regular_fd(path: str | Path) -> int:
    """A read-only descriptor of ``path``, refused (``NotAFile``) unless it is a regular file:
    checked before opening (a socket cannot be opened) and again on the open file (no race)."""
    what = non_regular(path)
    if what is not None:
        raise NotAFile(f"{path}: is {what}, not a regular file")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        return os.open(path, flags)
    except IsADirectoryError:
        raise NotAFile(f"{path}: is a directory, not a file") from None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stale_temporaries(path: Path) -> list[Path]:
    """``.NAME.*.tmp`` files beside ``path`` left by a writer that is gone (killed, crashed).

    Ours are ``.NAME.PID.RANDOM.tmp``: stale when process PID no longer runs. Older ones
    (``.NAME.RANDOM.tmp``, from before the PID was recorded) are always stale.
    """
    prefix = f".{path.name}."
    out = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return []
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(".tmp")) or not entry.is_file(follow_symlinks=False):
            continue
        middle = name[len(prefix):-len(".tmp")]
        m = re.fullmatch(r"(\d+)\.[^.]+", middle)
        if m and _pid_alive(int(m.group(1))):
            continue
        out.append(Path(entry.path))
    return out


def check_output(path: Path, force: bool) -> None:
    """Refuse, before any work, a destination that must not be written."""
    what = non_regular(path)
    if what is not None:
        raise ExportError(f"{path} is {what}; it is never replaced (even with --force)")
    if path.is_symlink() and not path.exists():
        raise ExportError(f"{path} is a broken symbolic link; not written")
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; use --force to overwrite it")
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: no such directory {path.parent}")


def atomic_write(path: str | Path, fill: Callable[[IO], Any], binary: bool = False, force: bool = False) -> Any:
    """Write ``path`` through ``fill(stream)`` atomically; returns what ``fill`` returns.

    The file appears complete or not at all; an existing one is replaced only with ``force``
    (never one that is not a regular file).
    """
    path = Path(path)
    check_output(path, force)
    for stale in stale_temporaries(path):
        try:
            stale.unlink()
        except OSError:
            pass
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {_strerror(exc)}") from None
    try:
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            result = fill(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        what = non_regular(path)  # it may have been replaced by a device/FIFO meanwhile
        if what is not None:
            raise ExportError(f"{path} is {what}; it is never replaced (even with --force)")
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the file appeared meanwhile: never overwrite
            except FileExistsError:
                raise ExportError(f"{path} already exists; use --force to overwrite it") from None
            except OSError:
                if os.path.lexists(path):
                    raise ExportError(f"{path} already exists; use --force to overwrite it") from None
                os.replace(tmp, path)
        return result
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {_strerror(exc)}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _strerror(exc: OSError) -> str:
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disk full"
    return exc.strerror or str(exc)


def open_regular(path: str | Path, encoding: str | None = "utf-8"):
    """``path`` opened for reading text (bytes when ``encoding`` is None), after checking (on the open file) that it is a regular
    file: a FIFO or device is refused without blocking or reading (``NotAFile``)."""
    fd = _open_regular_fd(path)
    try:
        what = kind_of_mode(os.fstat(fd).st_mode)
        if what is not None:
            raise NotAFile(f"{path}: is {what}, not a regular file")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb") if encoding is None else os.fdopen(fd, encoding=encoding)
    except BaseException:
        os.close(fd)
        raise


def parse_json_line(raw: bytes) -> tuple[object, str | None]:
    """(the JSON value of one line, None) or (None, why it is not one) — never an exception.

    >>> parse_json_line(b'{"a": 1}'), parse_json_line(b'\\xff')[1]
    (({'a': 1}, None), 'not UTF-8')
    """
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, "not UTF-8"
    try:
        return json.loads(line), None
    except json.JSONDecodeError as exc:
        return None, f"not JSON ({exc.msg})"
    except RecursionError:
        return None, "not JSON (nested too deeply)"


def json_lines(path: str | Path):
    """``(line number, JSON value, None)`` or ``(line number, None, why not)`` for every non-blank
    line of the regular file ``path`` (opened and checked before the first line is yielded:
    ``NotAFile``, ``FileNotFoundError``… raise then)."""
    fh = open_regular(path, encoding=None)

    def lines():
        with fh:
            for n, raw in enumerate(fh, 1):
                if raw.strip():
                    yield (n, *parse_json_line(raw))

    return lines()
