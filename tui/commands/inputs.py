"""The article files a command reads: directories expanded, ``-`` for standard input, each
read with a size limit and a one-line reason when it cannot be."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from ..extract import SUFFIXES
from ..sources import MAX_BYTES


class InputError(Exception):
    pass


def iter_inputs(paths: list[str]) -> Iterator[tuple[str, Path | None]]:
    """(name, path) for every article to import; ``path`` is None for standard input."""
    for raw in paths:
        if raw == "-":
            yield "-", None
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and not p.is_dir()
            )
            for p in found:
                yield str(p), p
        else:
            yield str(path), path


def read_bytes(name: str, path: Path | None, stdin=None) -> bytes:
    if path is None:
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError("too large (the limit is 64 MB)")
        return data
    try:
        if path.is_dir():
            raise InputError("is a directory, not an article file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"too large ({size // (1024 * 1024)} MB; the limit is 64 MB)")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})") from None
