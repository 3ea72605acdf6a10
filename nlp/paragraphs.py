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
_BYLINE = re.compile(r"^\s*(?:By|From|Written by|Reporting by|Additional reporting by|Editing by)\s+[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,4}"
                     r"(?:\s*(?:,|and)\s*[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,3})*\s*$")
# "WASHINGTON, Oct. 30 (UPI) --", "Pyongyang, May 2 (KCNA) --", "(Reuters) -": place, date, agency
_PLACE_DATE_AGENCY = (r"(?:[A-Z][A-Za-z.’'-]*(?:[ \t][A-Z][A-Za-z.’'-]*){0,3},?[ \t]+)?"
                      r"(?:[A-Z][A-Za-z.]+\.?[ \t]+\d{1,2}(?:,[ \t]*\d{4})?,?[ \t]*)?(?:\d{4}[ \t]*)?"
                      r"\([A-Z][A-Za-z-]{1,15}(?:[ /][A-Z][A-Za-z-]+)?\)")
_DATELINE = re.compile(r"^\s*" + _PLACE_DATE_AGENCY + r"\s*[—–-]*\s*$")
_BOILERPLATE = re.compile(
    r"(?:Comments are closed\.?|Read (?:the rest|more) here\.?|Click here[^.]*\.?|Sign up for [^.]*\.?"
    r"|Subscribe to [^.]*\.?|Follow (?:us|him|her) on (?:Twitter|Facebook|Instagram)[^.]*\.?"
    r"|All rights reserved\.?|Copyright \d{4}[^.]*\.?|©\s*\d{4}[^.]*\.?|Advertisement"
    r"|Share this article\.?|Related:?"
    # sign-offs: "(END)", "-0-", "###", an e-mail address, "Follow Jane Doe on Twitter @jdoe."
    r"|\(END\)|-0-|-30-|#{3}|[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?:\s*\(END\))?"
    r"|Follow [\w.’' -]{2,40} on (?:Twitter|X|Facebook|Instagram|Bluesky|Threads)\b[^\n]{0,40})\s*$",
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


# a dateline glued to the first words of a paragraph: with an agency ("SEOUL, Dec. 2 (Yonhap) --"),
# in capitals before a dash ("SEOUL —", "UNITED NATIONS —"), or two or more words in capitals
# before the capitalised first word of the story ("UNITED NATIONS The council voted …")
_LEAD_DATELINE = re.compile(_PLACE_DATE_AGENCY + r"[ \t]*[—–-]+[ \t]*"
                            r"|[A-Z][A-Z.’'-]{2,}(?:[ \t]+[A-Z][A-Z.’'-]+){0,3}(?:,[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?"
                            r"[ \t]+[—–][ \t]*"
                            r"|[A-Z][A-Z.’'-]+(?:[ \t]+[A-Z][A-Z.’'-]+){1,3}[ \t]+(?=[A-Z][a-z])")


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


def never_speaker_ranges(text: str, paragraphs: list[Paragraph]) -> list[tuple[int, int]]:
    """Character ranges whose names never speak: bylines, datelines, sign-offs and other site
    furniture, and the credit of a caption (the caption's own words may quote somebody).

    >>> t = "Talks resume\\n\\nBy Jane Roe\\n\\nA ship docks. Photo by John Poe/AP"
    >>> [t[a:b] for a, b in never_speaker_ranges(t, segment(t))]
    ['By Jane Roe', 'Photo by John Poe/AP']
    """
    out = []
    for p in paragraphs:
        if p.kind in ("byline", "boilerplate"):
            out.append((p.start, p.end))
        elif p.kind == "caption":
            m = _CREDIT.search(text, p.start, p.end)
            if m is not None:
                out.append((m.start(), p.end))
    return out
