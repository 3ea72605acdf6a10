"""The article files a command reads: directories expanded, ``-`` for standard input, each
read with a size limit and a one-line reason when it cannot be."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

from ..extract import SUFFIXES
from ..sources import MAX_BYTES


class InputError(Exception):
    pass


def iter_inputs(paths: list[str], follow_symlinks: bool = False,
                notice=None) -> Iterator[tuple[str, Path | None]]:
    """(name, path) for every article to import; ``path`` is None for standard input.

    Inside a directory, a symbolic link (to a file or a directory) that leads outside it is
    skipped with a ``notice(name, why)`` unless ``follow_symlinks``; hidden entries are skipped.
    """
    for raw in paths:
        if raw == "-":
            yield "-", None
            continue
        path = Path(raw)
        if path.is_dir():
            yield from ((str(p), p) for p in _walk(path, follow_symlinks, notice or (lambda name, why: None)))
        else:
            yield str(path), path


def _walk(root: Path, follow_symlinks: bool, notice) -> list[Path]:
    """Article files under ``root`` (sorted), following only the symlinks allowed."""
    real_root = root.resolve()
    found: list[Path] = []
    seen: set[Path] = set()

    def allowed(p: Path) -> bool:
        if not p.is_symlink():
            return True
        target = p.resolve()
        if follow_symlinks or target == real_root or real_root in target.parents:
            return True
        notice(str(p), "a symbolic link to outside the directory; skipped (--follow-symlinks to follow it)")
        return False

    def visit(folder: Path) -> None:
        real = folder.resolve()
        if real in seen:  # a link back up: each directory once
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            notice(str(folder), f"cannot list ({exc.strerror or exc}); skipped")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            p = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows a symlink
            except OSError:
                is_dir = False
            if is_dir:
                if allowed(p):
                    visit(p)
            elif p.suffix.lower() in SUFFIXES and allowed(p):
                found.append(p)

    visit(root)
    return sorted(found)


def read_bytes(name: str, path: Path | None, stdin=None) -> bytes:
    """The bytes of one input (at most MAX_BYTES): anything but a regular file is refused unread."""
    from store.files import NotAFile, non_regular, read_regular

    limit = f"the limit is {MAX_BYTES // (1024 * 1024)} MB"
    if path is None:
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(f"too large ({limit})")
        return data
    try:
        if path.is_dir():
            raise InputError("is a directory, not an article file")
        data = read_regular(path, MAX_BYTES)
        if len(data) > MAX_BYTES:
            raise InputError(f"too large ({max(len(data), path.stat().st_size) // (1024 * 1024)} MB; {limit})")
        return data
    except NotAFile:
        via = " (through a symbolic link)" if path.is_symlink() else ""
        raise InputError(f"is {non_regular(path) or 'not a regular file'}{via}, not an article file") from None
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})") from None
