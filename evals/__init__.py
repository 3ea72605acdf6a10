"""Evaluation of the nlp engine against gold-labelled corpora (reads files; not part of ``nlp``)."""


class EvalError(ValueError):
    """A gold file or folder that cannot be evaluated; the message names it (and the line)."""
