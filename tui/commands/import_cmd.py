"""``stance-reader import PATH...``: bring many article files into the database.

Files and directories (searched recursively for .txt, .md and .html; hidden files skipped)
and ``-`` for standard input. A file that cannot be read or holds no text is reported by
name and the rest continue; a summary ends the run. Exit status: 0 when every input was
imported (or was already there), 1 when any failed, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field

from ..extract import extract
from .inputs import InputError, iter_inputs, read_bytes


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
