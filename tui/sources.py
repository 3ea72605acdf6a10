"""Reading article files given on the command line (one-line errors, never tracebacks)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from nlp.decode import DecodeError, decode_article

from .file_kind import kind_of
from .safe_text import shown_path

# An article above this is refused up front: a 20 MB text is ~3 million words, which spaCy
# parses for over an hour (~540 words/s on 2 busy cores) in several GB of memory
# (bench/bench_analysis.py measures it). 8 MB is still ~100 times a long news article.
MAX_BYTES = 8 * 1024 * 1024


class SourceError(RuntimeError):
    """An input path that cannot be read as an article."""


def seed_path() -> Path:
    """The bundled sample article."""
    return Path(str(files("seeds").joinpath("upi-2024-10-30-us-rok-security-meeting.txt")))


def read_article(path: str | Path) -> str:
    """Read and decode an article file, or raise SourceError naming the path."""
    from store.files import NotAFile, read_regular

    path = Path(path)
    shown = shown_path(path)
    try:
        if path.is_dir():
            raise SourceError(f"{shown}: is a directory, not an article file")
        data = read_regular(path, MAX_BYTES)  # a FIFO or device is refused before any read
        if len(data) > MAX_BYTES:
            size = max(len(data), path.stat().st_size)
            raise SourceError(f"{shown}: too large to analyse ({size / (1024 * 1024):.0f} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB)")
    except NotAFile:
        raise SourceError(f"{shown}: {_not_a_file(path)}") from None
    except FileNotFoundError:
        raise SourceError(f"{shown}: no such file") from None
    except PermissionError:
        raise SourceError(f"{shown}: permission denied") from None
    except OSError as exc:
        raise SourceError(f"{shown}: cannot read ({exc.strerror or exc})") from None
    try:
        if kind_of(path.name, data) == "text":
            return decode_article(data)
        # HTML: the article's text only (scripts, styles, navigation dropped, never run);
        # Markdown: its text without the markup. The same extraction as ``import``.
        from .extract import extract

        return extract(data, path.name).text
    except DecodeError as exc:
        raise SourceError(f"{shown}: {exc}") from None
    except (ValueError, LookupError, RecursionError, MemoryError) as exc:  # the HTML parser gave up
        raise SourceError(f"{shown}: cannot extract the article text ({type(exc).__name__})") from None


def _not_a_file(path: Path) -> str:
    """Why ``path`` is refused: what it is, and through which symlink."""
    from store.files import non_regular

    what = non_regular(path) or "not a regular file"
    via = " (through a symbolic link)" if path.is_symlink() else ""
    return f"is {what}{via}, not an article file"
