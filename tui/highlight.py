"""Styles for an article, built from character offsets (never from markup strings).

``article_spans`` turns an analysis into ``(start, end, Style)`` triples that the
ArticleView applies line by line, so re-highlighting restyles without re-wrapping.
"""

from __future__ import annotations

import re
from functools import lru_cache
from zlib import crc32

from rich.style import Style

from nlp.model import Analysis, is_statement

# Speaker palette: mid-luminance hues, legible as foreground on dark and on light themes.
PALETTE = ("#3b82f6", "#d946ef", "#d97706", "#10b981", "#ef4444", "#8b5cf6", "#0891b2", "#65a30d")
TARGET_COLOURS = ("#e11d48", "#7c3aed", "#0891b2", "#ca8a04")
UNATTRIBUTED = "#9ca3af"
LABEL_COLOURS = {"negative": "#ef4444", "neutral": "#9ca3af", "positive": "#22c55e"}

DIM = Style(dim=True)
SCARE = Style(dim=True, italic=True)
CUE = Style(bold=True, italic=True)
MENTION = Style(underline=True)
TARGET = Style(bold=True)
FOCUS = Style(reverse=True, bold=True)

Span = tuple[int, int, Style]

_NUMBERED = re.compile(r"^[a-z]+(\d+)$")


@lru_cache(maxsize=1024)
def _style(color: str | None, underline: bool = False, bold: bool = False) -> Style:
    return Style(color=color, underline=underline or None, bold=bold or None)


def speaker_colour(speaker_id: str | None, speakers=None) -> str:
    """The colour of a speaker of an article whose speakers are ``speakers`` (in the order of
    the effective analysis). Machine speakers (``s1``, ``s2``…) keep the colour of their
    number, so merges and renames never repaint others; the others (created in the app) take,
    in order of appearance, the least used colours left, so two never share a colour while
    the palette lasts. Without ``speakers``, only the id counts (a hash for non-numbered ids)."""
    if not speaker_id:
        return UNATTRIBUTED
    if speakers is not None:
        colour = speaker_colours(tuple(s if isinstance(s, str) else s.id for s in speakers)).get(speaker_id)
        if colour is not None:
            return colour
    return _colour_of_id(speaker_id)


@lru_cache(maxsize=4096)
def _colour_of_id(speaker_id: str) -> str:
    m = _NUMBERED.match(speaker_id)
    index = int(m.group(1)) - 1 if m else crc32(speaker_id.encode("utf-8"))
    return PALETTE[index % len(PALETTE)]


@lru_cache(maxsize=256)
def speaker_colours(speaker_ids: tuple[str, ...]) -> dict[str, str]:
    """``{speaker id: colour}`` for one article's speakers (see ``speaker_colour``)."""
    out: dict[str, str] = {}
    used = {colour: 0 for colour in PALETTE}
    rest = []
    for sid in speaker_ids:
        if _NUMBERED.match(sid):
            out[sid] = _colour_of_id(sid)
            used[out[sid]] += 1
        else:
            rest.append(sid)
    for sid in rest:
        colour = min(PALETTE, key=lambda c: (used[c], PALETTE.index(c)))
        out[sid] = colour
        used[colour] += 1
    return out


def targets_of(analysis: Analysis) -> list[str]:
    """Every target the analysis knows about, in a stable order."""
    names = {m.target for m in analysis.mentions}
    for speaker in analysis.speakers:
        names.update(speaker.stance)
    for quote in analysis.quotes:
        names.update(quote.stance)
    return sorted(names)


def target_colours(targets: list[str]) -> dict[str, str]:
    return {name: TARGET_COLOURS[i % len(TARGET_COLOURS)] for i, name in enumerate(sorted(targets))}


def article_spans(analysis: Analysis) -> list[Span]:
    """Base highlights in application order (later spans win where they overlap)."""
    spans: list[Span] = []
    for para in analysis.paragraphs:
        if para.kind in ("caption", "boilerplate", "byline"):
            spans.append((para.start, para.end, DIM))
    colours = speaker_colours(tuple(s.id for s in analysis.speakers))  # speaker_colour, once per article
    for quote in analysis.quotes:
        if not is_statement(quote.kind):
            spans.append((quote.start, quote.end, SCARE))
            continue
        colour = (colours.get(quote.speaker) or _colour_of_id(quote.speaker)) if quote.speaker else UNATTRIBUTED
        spans.append((quote.start, quote.end, _style(colour)))
        if quote.cue:
            spans.append((quote.cue.start, quote.cue.end, CUE))
        if quote.speaker_mention:
            spans.append((quote.speaker_mention.start, quote.speaker_mention.end, _style(colour, underline=True)))
    tcolours = target_colours(targets_of(analysis))
    for mention in analysis.mentions:
        spans.append((mention.start, mention.end, _style(tcolours.get(mention.target), bold=True)))
    return spans
