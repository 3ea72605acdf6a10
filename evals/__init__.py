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
