"""Quotation-mark spans: which characters of a text are inside quotation marks.

Handles straight and curly double quotes, guillemets (« » and the reversed » « style is not
used in English news), low-9 openers („ ‚), single curly quotes (told apart from apostrophes
by the characters around them) and nested quotes (only the outer span is reported).

Recovery rules, so that a stray mark never loses a paragraph:

* an opening mark left open at the end of a paragraph closes at the paragraph's end; when the
  next paragraph opens with a quotation mark too, the quote is a *continuation* (the news
  convention: the opening mark repeats, the closing one is left off) and the next paragraph's
  quote is flagged ``continued``;
* a second opening mark of the same family while one is open closes the first one just
  before it;
* a closing mark with nothing open is ignored;
* a single curly opening mark never closed is taken to be an apostrophe and dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE_OPEN = "“„«‟"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‚‹"
SINGLE_CLOSE = "’›"
STRAIGHT = '"'
ALL_MARKS = frozenset(DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + STRAIGHT + "'")
_OPEN_BEFORE = frozenset(" \t\n([{—–-/:;,…\u00a0" + DOUBLE_OPEN + SINGLE_OPEN + STRAIGHT)


@dataclass(slots=True)
class QuoteSpan:
    """One top-level quotation: ``start``/``end`` delimit the content without its marks."""

    start: int
    end: int
    open_at: int
    close_at: int | None  # index of the closing mark, None when recovered at paragraph end
    paragraph: int = 0
    continues: bool = False  # continues a quote left open at the end of the previous paragraph
    continued: bool = False  # left open; the next paragraph carries on the quote
    close_width: int = 1

    @property
    def closed(self) -> bool:
        return self.close_at is not None

    @property
    def outer_start(self) -> int:
        return self.open_at

    @property
    def outer_end(self) -> int:
        return self.close_at + self.close_width if self.close_at is not None else self.end


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _family(ch: str) -> str:
    if ch in DOUBLE_OPEN or ch in DOUBLE_CLOSE:
        return "double"
    if ch == STRAIGHT:
        return "straight"
    return "single"


def scan_paragraph(text: str, start: int, end: int, paragraph: int = 0) -> list[QuoteSpan]:
    """Top-level quote spans inside text[start:end] (one paragraph)."""
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    family = ""
    nested = 0  # depth of quotes nested inside the open one (other family)
    nested_family = ""

    open_w = 1

    def close(at: int | None, content_end: int, width: int = 1) -> None:
        nonlocal open_at, nested
        s, e = _trimmed(text, open_at + open_w, content_end)
        if s < e:
            spans.append(QuoteSpan(s, e, open_at, at, paragraph, close_width=width))
        open_at = None
        nested = 0

    i = start
    while i < end:
        ch = text[i]
        width = 1
        if ch == "'" and i + 1 < end and text[i + 1] == "'":
            ch, width = STRAIGHT, 2  # ''twin apostrophes'' used as a double quotation mark
        elif ch not in ALL_MARKS or ch == "'":
            i += 1
            continue
        prev = text[i - 1] if i > start else " "
        nxt = text[i + width] if i + width < end else " "
        fam = _family(ch)
        if open_at is None:
            if ch in DOUBLE_OPEN or (ch == STRAIGHT and not nxt.isspace()):
                open_at, family, open_w = i, fam, width
            elif ch in DOUBLE_CLOSE and (prev in _OPEN_BEFORE or prev.isspace()) and (nxt.isalnum() or nxt in "‘'"):
                # a closing-shaped mark where only an opener makes sense (”Fear. I am …” at the
                # start of a paragraph): typeset with the wrong mark, still an opener
                open_at, family, open_w = i, fam, width
            elif ch in SINGLE_OPEN and (prev in _OPEN_BEFORE or prev.isspace()) \
                    and not nxt.isspace() and not nxt.isdigit():
                open_at, family, open_w = i, fam, 1
            # closing marks with nothing open, apostrophes: ignored
        else:
            if fam == family:
                if family == "double":
                    if ch in DOUBLE_CLOSE:
                        close(i, i)
                    else:  # a new opener while open: the first was never closed
                        close(None, i)
                        open_at, family, open_w = i, fam, 1
                elif family == "straight":
                    if prev.isspace() and nxt.isalnum():
                        # looks like an opener, not a closer: the open one was stray
                        close(None, i)
                        open_at, family, open_w = i, fam, width
                    else:
                        close(i, i, width)
                else:  # single curly
                    if ch in SINGLE_CLOSE and not nxt.isalnum() and not prev.isspace():
                        close(i, i)
                    # an apostrophe inside a single-quoted span is just skipped
            elif fam == "single" and family in ("double", "straight"):
                pass  # nested single quotes are part of the outer quote
            elif fam == "double" and family == "single":
                # a double quote while a single one is open: the single was an apostrophe
                if ch in DOUBLE_OPEN:
                    open_at, family, open_w = i, fam, 1
            elif fam == "straight" and family == "double" or fam == "double" and family == "straight":
                # mixed styles (“…" or "…”): a mark shaped like a closer closes
                if (ch in DOUBLE_CLOSE or ch == STRAIGHT) and not prev.isspace() and not nxt.isalnum():
                    close(i, i, width)
        i += width
    if open_at is not None:
        if family == "single":
            # never closed: it was an apostrophe (‘90s, ‘em), unless a closer follows later
            pass
        else:
            close(None, end)
    return spans


def find_quotes(text: str, paragraphs) -> list[QuoteSpan]:
    """Quote spans of every paragraph, in text order, with continuation flags set."""
    spans: list[QuoteSpan] = []
    prev_open_tail = False
    for pi, para in enumerate(paragraphs):
        found = scan_paragraph(text, para.start, para.end, pi)
        if prev_open_tail and found:
            first = found[0]
            lead = text[para.start:first.open_at]
            if not lead.strip():
                first.continues = True
                if spans and spans[-1].close_at is None:
                    spans[-1].continued = True
        prev_open_tail = bool(found) and found[-1].close_at is None
        spans.extend(found)
    return spans
