"""``stance-reader import PATH...``: bring many article files into the database.

Files and directories (searched recursively for .txt, .md and .html; hidden files skipped)
and ``-`` for standard input. A file that cannot be read or holds no text is reported by
name and the rest continue; a summary ends the run. Exit status: 0 when every input was
imported (or was already there), 1 when any failed, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..extract import SUFFIXES, extract
from ..sources import MAX_BYTES


@dataclass
class ImportResult:
    added: list[int] = field(default_factory=list)
    existing: list[int] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        text = f"imported {len(self.added)} new article(s), {len(self.existing)} already in the library"
        if self.failed:
            text += f", {len(self.failed)} failed: " + ", ".join(name for name, _ in self.failed)
        return text


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


def import_paths(store, paths: list[str], stdin=None, err=None, echo=None) -> ImportResult:
    """Import every article under ``paths`` into ``store``; problems go to ``err`` by name."""
    from nlp.decode import DecodeError
    from store.library import Library

    err = err or sys.stderr
    library = Library(store, sync=False)
    result = ImportResult()
    for name, path in iter_inputs(paths):
        try:
            data = read_bytes(name, path, stdin)
            article = extract(data, name if path is not None else "")
        except (InputError, DecodeError) as exc:
            result.failed.append((name, str(exc)))
            print(f"stance-reader: {name}: {exc}", file=err)
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


def cmd_import(args: argparse.Namespace, settings) -> int:
    store = settings.open_store()
    try:
        result = import_paths(store, args.paths)
        print(result.summary(), file=sys.stderr)
        status = 1 if result.failed else 0
        if args.analyze:
            status = max(status, _run_batch(store, args, settings.analyzer))
        return status
    finally:
        store.close()


def cmd_analyze_all(args: argparse.Namespace, settings) -> int:
    store = settings.open_store()
    try:
        return _run_batch(store, args, settings.analyzer)
    finally:
        store.close()


def _run_batch(store, args, analyzer) -> int:
    from .batch import analyze_pending, report

    analyzer.accurate  # noqa: B018 - the encoder and its head load (or fail, in one line) before any work
    result = analyze_pending(store, analyzer, workers=args.workers, batch_size=args.batch_size,
                             progress=not args.no_progress, redo=getattr(args, "redo", False))
    report(result)
    if result.interrupted:
        return 130
    return 1 if result.failed else 0
