"""Article structure: paragraph spans and their kinds."""

from __future__ import annotations

import re

from .model import Paragraph

_PARA = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")


def segment(text: str) -> list[Paragraph]:
    """Split text into paragraphs (runs of non-blank lines) and classify each."""
    paragraphs = []
    for m in _PARA.finditer(text):
        start, end = m.start(), m.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            paragraphs.append(Paragraph(start, end, "body"))
    return paragraphs
