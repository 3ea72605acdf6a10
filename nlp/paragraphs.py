"""Article structure: paragraph spans and their kinds.

Kinds (see ``model.ParagraphKind``):

* ``caption``: photo captions and credit lines (``Photo by …/EPA-EFE``, ``(AP Photo/…)``,
  ``Getty Images``), gallery markers (``1 of 2 | …``);
* ``byline``: ``By Name``, bare datelines and agency lines;
* ``boilerplate``: site furniture (``Comments are closed.``, ``Read more here.``,
  ``Sign up for …``, copyright lines); when such a sentence is glued to the end of a body
  paragraph it is split off as its own boilerplate paragraph;
* ``heading``: short lines without closing punctuation (titles, section heads);
* ``body``: everything else.
"""

from __future__ import annotations

import re

from .model import Paragraph

_PARA = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")
_LINE = re.compile(r"[^\n]+")

_GALLERY = re.compile(r"^\s*\d+\s+of\s+\d+\s*\|")
_CREDIT = re.compile(
    r"(?:\b(?:Photo|Photograph|Image|Picture|File photo|Credit)s?\s*(?:by|:|courtesy)\s*[^\n]{0,80}$"
    r"|\((?:AP|AFP|Reuters|Getty|EPA)[^)]*\)\s*$"
    r"|/(?:EPA-EFE|EPA|AP|AFP|Reuters|Getty Images|UPI|Shutterstock|Sipa)\s*$"
    r"|\bGetty Images\s*$)",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^\s*(?:By|From|Written by|Reporting by)\s+[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,4}"
                     r"(?:\s*(?:,|and)\s*[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,3})*\s*$")
_DATELINE = re.compile(r"^\s*(?:[A-Z][A-Za-z.]+\.?\s+\d{1,2}(?:,\s*\d{4})?\s*)?\((?:UPI|AP|Reuters|AFP)\)\s*[—–-]?\s*$")
_BOILERPLATE = re.compile(
    r"(?:Comments are closed\.?|Read (?:the rest|more) here\.?|Click here[^.]*\.?|Sign up for [^.]*\.?"
    r"|Subscribe to [^.]*\.?|Follow (?:us|him|her) on (?:Twitter|Facebook|Instagram)[^.]*\.?"
    r"|All rights reserved\.?|Copyright \d{4}[^.]*\.?|©\s*\d{4}[^.]*\.?|Advertisement"
    r"|Share this article\.?|Related:?)\s*$",
    re.IGNORECASE,
)
_TERMINAL = tuple(".!?:;”\"’'»…)")


def classify(text: str, first: bool = False) -> str:
    """The kind of one paragraph's text."""
    s = text.strip()
    if not s:
        return "boilerplate"
    if _GALLERY.match(s) or _CREDIT.search(s):
        return "caption"
    if _BOILERPLATE.fullmatch(s):
        return "boilerplate"
    if _BYLINE.match(s) or _DATELINE.match(s):
        return "byline"
    words = s.split()
    if len(words) <= 14 and not s.endswith(_TERMINAL) and not s.startswith(("“", '"', "«", "‘")):
        return "heading"
    if first and len(words) <= 25 and "\n" not in s:
        caps = sum(1 for w in words if w[:1].isupper())
        if caps >= 0.6 * len(words) and not any(ch in s for ch in "“”\""):
            return "heading"
    return "body"


_LEAD_DATELINE = re.compile(r"^(?:[A-Z][A-Za-z.]+\.?\s+\d{1,2},?\s*)?(?:\d{4}\s*)?\((?:UPI|AP|Reuters|AFP|CNN)\)\s*[—–-]+\s*")


def _split_glued_boilerplate(text: str, start: int, end: int) -> list[tuple[int, int, str | None]]:
    """A leading dateline and a trailing boilerplate sentence glued to body text become pieces."""
    d = _LEAD_DATELINE.match(text[start:end])
    if d and d.end() < end - start:
        cut = start + d.end()
        head_end = start + len(d.group().rstrip())
        return [(start, head_end, "byline")] + _split_glued_boilerplate(text, cut, end)
    m = _BOILERPLATE.search(text, start, end)
    if m and m.start() > start and m.end() >= end - 1:
        cut = m.start()
        # it must follow the end of a sentence (".Comments are closed." or ". Comments …")
        before = text[start:cut].rstrip()
        if before and before[-1] in ".!?”\"’":
            head_end = start + len(before)
            return [(start, head_end, None), (cut, end, "boilerplate")]
    return [(start, end, None)]


def _hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Whether a run of lines is one paragraph wrapped at a fixed width (lines of similar,
    short length, most ending mid-sentence) rather than one paragraph per line."""
    inner = lines[:-1]
    if len(inner) < 2:
        return False
    widths = [b - a for a, b in inner]
    if max(widths) > 100 or max(widths) < 40 or min(widths) < 0.6 * max(widths):
        return False
    open_ends = sum(1 for a, b in inner if not text[a:b].rstrip().endswith(_TERMINAL))
    return open_ends * 2 >= len(inner)


def segment(text: str) -> list[Paragraph]:
    """Split text into paragraphs (runs of non-blank lines) and classify each.

    A run of lines is one paragraph when it is hard-wrapped text; otherwise each line is a
    paragraph (the "one paragraph per line" layout)."""
    paragraphs: list[Paragraph] = []
    for m in _PARA.finditer(text):
        lines = [(lm.start() + m.start(), lm.end() + m.start()) for lm in _LINE.finditer(m.group())]
        pieces = [(m.start(), m.end())]
        if len(lines) > 1 and not _hard_wrapped(text, lines):
            pieces = lines
        for start, end in pieces:
            while end > start and text[end - 1].isspace():
                end -= 1
            while start < end and text[start].isspace():
                start += 1
            if start >= end:
                continue
            for s, e, kind in _split_glued_boilerplate(text, start, end):
                if s < e:
                    kind = kind or classify(text[s:e], first=not paragraphs)
                    paragraphs.append(Paragraph(s, e, kind))
    return paragraphs
