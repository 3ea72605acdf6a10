"""The ``stance-reader`` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__

SUBCOMMANDS = ("open", "analyze", "eval")
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
    return common


def build_parser() -> argparse.ArgumentParser:
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

    p = sub.add_parser("analyze", parents=[common], help="print the machine annotations of FILE(s) as JSON")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--format", choices=("json", "jsonl"), default="json")
    p.set_defaults(func=_cmd_analyze)

    from .commands.import_cmd import add_parsers as _add_corpus_parsers

    _add_corpus_parsers(sub, common)

    p = sub.add_parser("eval", parents=[common], help="measure the engines against gold-labelled corpora")
    evals = p.add_subparsers(dest="corpus", metavar="CORPUS", required=True)
    _add_eval_parsers(evals)
    return parser


def _add_eval_parsers(evals) -> None:
    for module in ("evals.polnear", "evals.newsmtsc"):
        try:
            mod = __import__(module, fromlist=["add_parser"])
        except ImportError:
            continue
        mod.add_parser(evals)


def _cmd_open(args: argparse.Namespace) -> int:
    from store.articles import Store

    from .app import StanceReaderApp
    from .sources import read_article, seed_path

    path = args.file or seed_path()
    text = read_article(path)
    store = Store(args.db)
    try:
        StanceReaderApp(text=text, source=str(path), store=store, model_name=args.model).run()
    finally:
        store.close()
    return 0


def _cmd_analyze(args: argparse.Namespace) -> int:
    from nlp.analyze import analyze
    from nlp.pipeline import load_pipeline

    from .sources import read_article

    texts = [(str(path), read_article(path)) for path in args.files]  # fail before any output
    nlp = load_pipeline(args.model)
    indent = 2 if args.format == "json" else None
    for source, text in texts:
        document = analyze(text, nlp, source=source, model_name=args.model).to_dict()
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=indent) + "\n")
    return 0


def _with_default_command(argv: list[str]) -> list[str]:
    """``stance-reader [FILE]`` means ``stance-reader open [FILE]``."""
    takes_value = {"--db", "--model"}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in takes_value:
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        return argv if arg in SUBCOMMANDS else argv[:i] + ["open"] + argv[i:]
    return argv if any(a in ("-h", "--help", "--version") for a in argv) else argv + ["open"]


def main(argv: list[str] | None = None) -> int:
    from nlp.pipeline import DEFAULT_MODEL, ModelNotFound
    from store.errors import StoreError

    from .sources import SourceError

    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(_with_default_command(argv))
    # Defaults are resolved here: argparse shares option objects between a parent parser
    # and its subparsers, so set_defaults on one would override values given to the other.
    args.db = getattr(args, "db", None) or default_db()
    args.model = getattr(args, "model", None) or DEFAULT_MODEL
    try:
        return int(args.func(args) or 0)
    except (SourceError, StoreError, ModelNotFound) as exc:
        print(f"stance-reader: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("stance-reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
