"""Parsing a text of any length with spaCy, in paragraph-aligned chunks."""

from __future__ import annotations

from collections.abc import Iterator

CHUNK_CHARS = 100_000


def chunks(text: str, size: int | None = None) -> Iterator[str]:
    """Consecutive pieces of ``text`` (joined, they give it back), cut after blank lines
    where possible, else after a newline or a space, else hard at ``size``
    (default ``CHUNK_CHARS``)."""
    size = size or CHUNK_CHARS
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = -1
        for sep in ("\n\n", "\n", " "):
            cut = window.rfind(sep)
            if cut > size // 4:
                cut += len(sep)
                break
        else:
            cut = size
        if cut <= 0:
            cut = size
        yield text[start:start + cut]
        start += cut
    yield text[start:]


def parse(text: str, nlp, size: int | None = None):
    """One spaCy ``Doc`` over all of ``text`` (doc.text == text), parsed chunk by chunk
    so that long articles never hit spaCy's ``max_length`` or its memory cost
    (``size`` defaults to ``CHUNK_CHARS``, read at call time)."""
    from spacy.tokens import Doc

    size = size or CHUNK_CHARS
    if len(text) <= size:
        return nlp(text)
    # batch_size=1: nlp.pipe's default batch would run every component over all the chunks
    # at once (a 20 MB text: ~200 chunks, 18 GB peak RSS); one chunk at a time keeps the
    # working memory at one chunk's worth.
    docs = list(nlp.pipe(chunks(text, size), batch_size=1))
    return Doc.from_docs(docs, ensure_whitespace=False)
