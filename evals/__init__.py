"""Evaluation of the nlp engine against gold-labelled corpora (reads files; not part of ``nlp``)."""


class EvalError(ValueError):
    """A gold file or folder that cannot be evaluated; the message names it (and the line)."""


def plain_save(path, text: str) -> None:
    """Write ``text`` to ``path`` (``python -m evals.…``; the command line hands the evaluators its
    atomic writer instead, which never replaces an existing file without ``--force``)."""
    try:
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
    except OSError as exc:
        raise EvalError(f"cannot write {path}: {exc.strerror or exc}") from None


def standalone(add_parser, argv=None, errors: tuple[type[Exception], ...] = ()) -> int:
    """``python -m evals.NAME …``: the evaluator ``add_parser`` registers, run with an
    ``nlp.analyzer.Analyzer`` of its own (``--model``, ``--stance``, ``--encoder``) instead of the
    app's settings; ``errors`` are printed as one line (exit 1).

    >>> standalone(newsmtsc.add_parser, ["newsmtsc", "dev_mt.jsonl", "--stance", "fast"])  # doctest: +SKIP
    """
    import argparse
    import sys

    from nlp.analyzer import STANCE_MODES, Analyzer
    from nlp.pipeline import DEFAULT_MODEL

    ap = argparse.ArgumentParser(prog="python -m evals")
    p = add_parser(ap.add_subparsers(dest="eval", required=True))
    if not any(a.dest == "model" for a in p._actions):
        p.add_argument("--model", help="spaCy pipeline to parse with (default: the app's)")
    p.add_argument("--stance", choices=STANCE_MODES, default="tuned")
    p.add_argument("--encoder", metavar="DIR", help="all-MiniLM-L6-v2 folder (default: the installed package)")
    args = ap.parse_args(argv)
    try:
        return args.func(args, Analyzer(args.model or DEFAULT_MODEL, stance=args.stance, encoder=args.encoder))
    except (EvalError, OSError, *errors) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
