"""Bytes of an article file → the text that is analysed (pure; the caller reads the file)."""

from __future__ import annotations

import codecs
import re


class DecodeError(ValueError):
    """The bytes are not a text article we can read."""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_article(data: bytes) -> str:
    """Decode an article: BOM-aware UTF-8/16/32, Latin-1 fallback, CRLF/CR → LF.

    A plain UTF-8 file without BOM or CR decodes to exactly its content, so offsets
    into the returned text are offsets into the file's characters.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {encoding} after its byte-order mark") from exc
            break
    else:
        if b"\x00" in data:
            raise DecodeError("binary file (contains NUL bytes), not a text article")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_not_utf8(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _control_ratio(text) > 0.1:
        raise DecodeError("binary file (mostly control characters), not a text article")
    if not text.strip():
        raise DecodeError("empty article (no text)")
    return text


def _decode_not_utf8(data: bytes) -> str:
    """Mostly-UTF-8 text keeps its UTF-8 (bad bytes become U+FFFD); text with no UTF-8
    multi-byte sequence at all is read as Windows-1252/Latin-1."""
    if _UTF8_MULTIBYTE.search(data):
        text = data.decode("utf-8", errors="replace")
    else:
        text = data.decode("cp1252", errors="replace")
        if "\ufffd" in text:
            text = data.decode("latin-1")
    if (
        _control_ratio(text) > 0.05
        or text.count("\ufffd") > max(8, len(text) // 20)
        or _non_ascii_ratio(text) > 0.3  # Latin-1 prose is mostly ASCII; this is noise
    ):
        raise DecodeError("binary file (not valid UTF-8 text), not a text article")
    return text


def _non_ascii_ratio(text: str) -> float:
    return (len(text) - len(text.encode("ascii", errors="ignore"))) / max(1, len(text))


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


# C0 controls except tab, newline, form feed and carriage return; DEL; C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _control_ratio(text: str) -> float:
    # A regex scan, not a Python loop over characters: a 20 MB article decodes in a fraction
    # of a second instead of several seconds.
    bad = sum(1 for _ in _CONTROL.finditer(text))
    return bad / max(1, len(text))
