"""Untrusted article text made safe to put on a terminal, offsets unchanged; untrusted names
made safe to put in a file name."""

from __future__ import annotations

import re

# Every C0/C1 control character except newline becomes one visible symbol, so that
# escape sequences are shown literally and character offsets still index the text.
_VISIBLE = {i: 0x2400 + i for i in range(0x20) if i != 0x0A}
_VISIBLE[0x7F] = 0x2421
_VISIBLE.update({i: 0xFFFD for i in range(0x80, 0xA0)})
_VISIBLE.update({0x2028: 0x21B5, 0x2029: 0x21B5})


def visible(text: str) -> str:
    """Replace control characters one-for-one with visible stand-ins."""
    return text.translate(_VISIBLE)


def shown_path(path) -> str:
    """A file name for a one-line message: control characters (newline too) made visible,
    undecodable bytes as ``\\xNN``.

    >>> shown_path("a\\nb\\x1b[31m.txt")
    'a␊b␛[31m.txt'
    """
    text = str(path).translate(_VISIBLE).replace("\n", "\u240a")
    if _has_surrogates(text):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def file_slug(name: str, fallback: str) -> str:
    """``name`` as a piece of a file name: letters, digits, ``_`` and ``-`` only (no separator,
    dot, control character or space), lower case, at most 40 characters; ``fallback`` when
    nothing is left.

    >>> file_slug("Kim Yong-hyun", "speaker"), file_slug("../a/b\\x1b[31m", "x"), file_slug("..", "x")
    ('kim-yong-hyun', 'a-b-31m', 'x')
    """
    return re.sub(r"[^\w-]+", "-", name.casefold()).strip("-")[:40] or fallback


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
