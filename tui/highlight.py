"""Rich ``Text`` of an article with quote, cue, speaker and target highlights from offsets."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from nlp.model import Analysis

from .safe_text import visible

# Speaker palette: mid-saturation hues legible on dark and light backgrounds.
PALETTE = ("#3b82f6", "#d946ef", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#06b6d4", "#84cc16")
TARGET_COLOURS = ("#e11d48", "#7c3aed", "#0891b2", "#ca8a04")

DIM = Style(dim=True)
CUE = Style(bold=True, italic=True)
MENTION = Style(underline=True)


def speaker_colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def speaker_colours(analysis: Analysis) -> dict[str, str]:
    return {s.id: speaker_colour(i) for i, s in enumerate(analysis.speakers)}


def target_colours(analysis: Analysis) -> dict[str, str]:
    names = sorted({m.target for m in analysis.mentions})
    return {name: TARGET_COLOURS[i % len(TARGET_COLOURS)] for i, name in enumerate(names)}


def article_text(analysis: Analysis | None, text: str, focused: str | None = None) -> Text:
    """The article as a Rich Text; never parses markup from the article."""
    rich = Text(visible(text), no_wrap=False)
    if analysis is None:
        return rich
    for para in analysis.paragraphs:
        if para.kind in ("caption", "boilerplate"):
            rich.stylize(DIM, para.start, para.end)
    colours = speaker_colours(analysis)
    for quote in analysis.quotes:
        if quote.kind == "scare":
            rich.stylize(Style(dim=True, italic=True), quote.start, quote.end)
            continue
        colour = colours.get(quote.speaker or "", "#9ca3af")
        style = Style(color=colour, reverse=quote.id == focused, bold=quote.id == focused)
        rich.stylize(style, quote.start, quote.end)
        if quote.cue:
            rich.stylize(CUE, quote.cue.start, quote.cue.end)
        if quote.speaker_mention:
            rich.stylize(MENTION + Style(color=colour), quote.speaker_mention.start, quote.speaker_mention.end)
    tcolours = target_colours(analysis)
    for mention in analysis.mentions:
        rich.stylize(Style(color=tcolours[mention.target], bold=True), mention.start, mention.end)
    return rich
