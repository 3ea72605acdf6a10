"""``stance-reader import PATH...``: bring many article files into the database.

Files and directories (searched recursively for .txt, .md and .html; hidden files skipped)
and ``-`` for standard input. A file that cannot be read or holds no text is reported by
name and the rest continue; a summary ends the run. Exit status: 0 when every input was
imported (or was already there), 1 when any failed, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..extract import SUFFIXES, extract
from ..safe_text import shown_path
from ..sources import MAX_BYTES


@dataclass
class ImportResult:
    added: list[int] = field(default_factory=list)
    existing: list[int] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        text = f"imported {len(self.added)} new article(s), {len(self.existing)} already in the library"
        if self.failed:
            text += f", {len(self.failed)} failed: " + ", ".join(shown_path(name) for name, _ in self.failed)
        return text


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


def import_paths(store, paths: list[str], stdin=None, err=None, echo=None,
                 follow_symlinks: bool = False) -> ImportResult:
    """Import every article under ``paths`` into ``store``; problems go to ``err`` by name."""
    from nlp.decode import DecodeError
    from store.library import Library

    err = err or sys.stderr
    library = Library(store, sync=False)
    result = ImportResult()

    def notice(name: str, why: str) -> None:
        print(f"stance-reader: {shown_path(name)}: {why}", file=err)

    for name, path in iter_inputs(paths, follow_symlinks, notice):
        try:
            data = read_bytes(name, path, stdin)
            article = extract(data, name if path is not None else "")
        except (InputError, DecodeError) as exc:
            result.failed.append((name, str(exc)))
            notice(name, str(exc))
            continue
        source = "<stdin>" if path is None else name
        existing = store.article_id_for(article.text)
        article_id = existing if existing is not None else store.add_article(article.text, source, title=article.title)
        if existing is None:
            result.added.append(article_id)
            library.set_meta(article_id, title=article.title, date=article.date, byline=article.byline,
                             path=source, format=article.format)
        else:
            result.existing.append(article_id)
        if echo:
            echo(name, article_id, existing is None)
    library.index(result.added)
    return result


# -- CLI ------------------------------------------------------------------------------------

def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("import", parents=[common],
                       help="import article files and directories (.txt, .md, .html; - for stdin)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--analyze", action="store_true", help="analyse the imported articles afterwards")
    p.add_argument("--follow-symlinks", action="store_true",
                   help="inside directories, also follow symbolic links that lead outside them")
    _batch_options(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("analyze-all", parents=[common],
                       help="analyse every article in the database that has no analysis yet (resumable)")
    _batch_options(p)
    p.set_defaults(func=cmd_analyze_all)

    from . import shards, speakers_cmd

    shards.add_parsers(sub, common)
    speakers_cmd.add_parsers(sub, common)


def _batch_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="spaCy processes for parsing (nlp.pipe n_process; default 1)")
    p.add_argument("--batch-size", type=int, default=4, metavar="N", help="articles per spaCy batch (default 4)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--redo", action="store_true",
                   help="also re-analyse articles analysed by another pipeline or stance mode (e.g. after "
                        "--stance accurate); corrections are kept and re-anchored")


def cmd_import(args: argparse.Namespace) -> int:
    from store.articles import Store

    store = Store(args.db)
    try:
        result = import_paths(store, args.paths, follow_symlinks=args.follow_symlinks)
        print(result.summary(), file=sys.stderr)
        status = 1 if result.failed else 0
        if args.analyze:
            status = max(status, _run_batch(store, args))
        return status
    finally:
        store.close()


def cmd_analyze_all(args: argparse.Namespace) -> int:
    from store.articles import Store

    store = Store(args.db)
    try:
        return _run_batch(store, args)
    finally:
        store.close()


def _run_batch(store, args) -> int:
    from ..cli import load_accurate_if
    from .batch import analyze_pending, report

    result = analyze_pending(store, args.model, workers=args.workers, batch_size=args.batch_size,
                             progress=not args.no_progress, targets=args.targets, accurate=load_accurate_if(args),
                             redo=getattr(args, "redo", False))
    report(result)
    if result.interrupted:
        return 130
    return 1 if result.failed else 0
