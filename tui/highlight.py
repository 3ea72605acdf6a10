"""Styles for an article, built from character offsets (never from markup strings).

``article_spans`` turns an analysis into ``(start, end, Style)`` triples that the
ArticleView applies line by line, so re-highlighting restyles without re-wrapping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from zlib import crc32

from rich.style import Style

from nlp.model import Analysis, is_statement

# The colours themselves are in app.tcss, as component classes of the app (``sr--speaker-0``…):
# a theme can change them (the light theme does), and Python only picks a slot.
SPEAKER_SLOTS = 8
TARGET_SLOTS = 4
LABELS = ("negative", "neutral", "positive")
COLOUR_CLASSES = frozenset(
    [f"sr--speaker-{i}" for i in range(SPEAKER_SLOTS)] + [f"sr--target-{i}" for i in range(TARGET_SLOTS)]
    + [f"sr--stance-{label}" for label in LABELS] + ["sr--unattributed", "sr--status-selecting", "sr--status-search"]
)


@dataclass(frozen=True)
class Palette:
    """The colours of the data, as the current theme's CSS gives them (``Palette.of(app)``).

    Speakers take ``speakers[slot]``, targets ``targets[slot]``, stance and sentiment labels
    ``labels[label]``; ``selecting`` and ``search`` style the reader's status line."""

    speakers: tuple[str, ...]
    targets: tuple[str, ...]
    unattributed: str
    labels: dict[str, str]
    selecting: Style
    search: Style

    @classmethod
    def of(cls, node) -> Palette:
        """Read from ``node``'s component classes (``COLOUR_CLASSES``, declared by the app)."""

        def colour(name: str) -> str:
            return node.get_component_styles(name).color.hex

        def style(name: str) -> Style:
            return node.get_component_styles(name).partial_rich_style

        return cls(
            speakers=tuple(colour(f"sr--speaker-{i}") for i in range(SPEAKER_SLOTS)),
            targets=tuple(colour(f"sr--target-{i}") for i in range(TARGET_SLOTS)),
            unattributed=colour("sr--unattributed"),
            labels={label: colour(f"sr--stance-{label}") for label in LABELS},
            selecting=style("sr--status-selecting"),
            search=style("sr--status-search"),
        )

    def speaker(self, speaker_id: str | None, speakers=None) -> str:
        """The colour of a speaker (see ``speaker_slot``); unattributed without one."""
        slot = speaker_slot(speaker_id, speakers)
        return self.unattributed if slot is None else self.speakers[slot]

    def sentiment(self, compound: float) -> str:
        """VADER's compound score as a label colour (±0.05: VADER's own neutral band)."""
        return self.labels["positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"]


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


def speaker_slot(speaker_id: str | None, speakers=None) -> int | None:
    """The palette slot of a speaker of an article whose speakers are ``speakers`` (in the order
    of the effective analysis); None for no speaker. Machine speakers (``s1``, ``s2``…) keep the
    slot of their number, so merges and renames never repaint others; the others (created in the
    app) take, in order of appearance, the least used slots left, so two never share a colour
    while the palette lasts. Without ``speakers``, only the id counts (a hash for non-numbered ids).

    >>> speaker_slot("s2"), speaker_slot(None)
    (1, None)
    """
    if not speaker_id:
        return None
    if speakers is not None:
        slot = speaker_slots(tuple(s if isinstance(s, str) else s.id for s in speakers)).get(speaker_id)
        if slot is not None:
            return slot
    return _slot_of_id(speaker_id)


@lru_cache(maxsize=4096)
def _slot_of_id(speaker_id: str) -> int:
    m = _NUMBERED.match(speaker_id)
    index = int(m.group(1)) - 1 if m else crc32(speaker_id.encode("utf-8"))
    return index % SPEAKER_SLOTS


@lru_cache(maxsize=256)
def speaker_slots(speaker_ids: tuple[str, ...]) -> dict[str, int]:
    """``{speaker id: palette slot}`` for one article's speakers (see ``speaker_slot``)."""
    out: dict[str, int] = {}
    used = [0] * SPEAKER_SLOTS
    rest = []
    for sid in speaker_ids:
        if _NUMBERED.match(sid):
            out[sid] = _slot_of_id(sid)
            used[out[sid]] += 1
        else:
            rest.append(sid)
    for sid in rest:
        slot = min(range(SPEAKER_SLOTS), key=lambda c: (used[c], c))
        out[sid] = slot
        used[slot] += 1
    return out


def targets_of(analysis: Analysis) -> list[str]:
    """Every target the analysis knows about, in a stable order."""
    names = {m.target for m in analysis.mentions}
    for speaker in analysis.speakers:
        names.update(speaker.stance)
    for quote in analysis.quotes:
        names.update(quote.stance)
    return sorted(names)


def target_colours(targets: list[str], palette: Palette) -> dict[str, str]:
    return {name: palette.targets[i % len(palette.targets)] for i, name in enumerate(sorted(targets))}


def article_spans(analysis: Analysis, palette: Palette) -> list[Span]:
    """Base highlights in application order (later spans win where they overlap)."""
    spans: list[Span] = []
    for para in analysis.paragraphs:
        if para.kind in ("caption", "boilerplate", "byline"):
            spans.append((para.start, para.end, DIM))
    slots = speaker_slots(tuple(s.id for s in analysis.speakers))  # speaker_slot, once per article
    for quote in analysis.quotes:
        if not is_statement(quote.kind):
            spans.append((quote.start, quote.end, SCARE))
            continue
        if quote.speaker:
            slot = slots.get(quote.speaker)
            colour = palette.speakers[_slot_of_id(quote.speaker) if slot is None else slot]
        else:
            colour = palette.unattributed
        spans.append((quote.start, quote.end, _style(colour)))
        if quote.cue:
            spans.append((quote.cue.start, quote.cue.end, CUE))
        if quote.speaker_mention:
            spans.append((quote.speaker_mention.start, quote.speaker_mention.end, _style(colour, underline=True)))
    tcolours = target_colours(targets_of(analysis), palette)
    for mention in analysis.mentions:
        spans.append((mention.start, mention.end, _style(tcolours.get(mention.target), bold=True)))
    return spans
