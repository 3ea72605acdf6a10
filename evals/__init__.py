"""Evaluation of the nlp engine against gold-labelled corpora (reads files; not part of ``nlp``)."""
