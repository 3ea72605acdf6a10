"""Bytes of an article file → the text that is analysed (pure; the caller reads the file)."""

from __future__ import annotations

import codecs


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
            text = data.decode("latin-1")
            if _control_ratio(text) > 0.05:
                raise DecodeError("binary file (not valid UTF-8 text), not a text article") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DecodeError("empty article (no text)")
    return text


def _control_ratio(text: str) -> float:
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\t\r\f") or 0x7F <= ord(ch) < 0xA0)
    return bad / max(1, len(text))
