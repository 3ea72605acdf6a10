"""Which kind of article file a name (or, for stdin, its first bytes) is: text, Markdown or HTML.

Apart from ``tui.extract`` so that reading a plain-text article imports no extraction code.
"""

from __future__ import annotations

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES


def kind_of(name: str, data: bytes | None = None) -> str:
    """``text``, ``markdown`` or ``html`` from a file name (or, for stdin, a sniff of the bytes)."""
    lower = name.lower()
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    if lower.endswith(MARKDOWN_SUFFIXES):
        return "markdown"
    if data is not None and not lower.endswith(TEXT_SUFFIXES):
        head = data[:2048].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
            return "html"
    return "text"
