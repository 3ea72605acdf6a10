"""Sidebar: every speaker, their number of quotes and stance toward each target."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from nlp.model import Analysis, SpeakerStance, is_statement

from .. import keys
from ..highlight import Palette
from ..safe_text import visible

NAME_WIDTH = 12
CELL = 7


def stance_cell(stance: SpeakerStance | None, corrected: bool, palette: Palette) -> Text:
    """``-0.60✎`` coloured by label; ``—`` where there is no evidence."""
    if stance is None or not stance.quotes and not corrected:
        cell = Text("—".rjust(CELL - 2), style="dim")
    else:
        cell = Text(f"{stance.score:+.2f}".rjust(CELL - 2), style=palette.labels.get(stance.label, ""))
    cell.append("✎" if corrected else " ", style="bold")
    cell.append(" ")
    return cell


def quote_counts(analysis: Analysis) -> dict[str, int]:
    counts: dict[str, int] = {}
    for q in analysis.quotes:
        if q.speaker and is_statement(q.kind):
            counts[q.speaker] = counts.get(q.speaker, 0) + 1
    return counts


def corrected_cells(analysis: Analysis, corrected) -> set[tuple[str, str]]:
    """(speaker id, target or "name") pairs whose shown value rests on a correction."""
    out: set[tuple[str, str]] = set()
    by_quote = {q.id: q for q in analysis.quotes}
    for kind, ident, field in corrected:
        if kind == "speaker":
            out.add((ident, field.removeprefix("stance.")))
        elif kind == "quote" and ident in by_quote and by_quote[ident].speaker:
            quote = by_quote[ident]
            if field.startswith("stance."):
                out.add((quote.speaker, field.removeprefix("stance.")))
            elif field in ("speaker", "added", "kind"):  # the quote now counts (differently) here
                out.update((quote.speaker, target) for target in quote.stance)
    return out


def _text_key(text: Text):
    """What a row looks like (``Text ==`` ignores the base style)."""
    return (text.plain, text.style, tuple(text.spans))


class SpeakerList(OptionList):
    """One option per speaker; selecting it (enter) jumps through their quotes.

    With the sidebar focused (tab), the keys act on the highlighted speaker.
    """

    BINDINGS = list(keys.SIDEBAR.bindings)

    @property
    def speaker_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None and option.id != "__header__" else None

    def show(self, analysis: Analysis, targets: list[str], corrected=()) -> None:
        counts = quote_counts(analysis)
        marks = corrected_cells(analysis, corrected)
        palette = self.app.palette
        highlighted = self.highlighted_option.id if self.highlighted_option is not None else None
        options: list[Option] = []
        header = Text("speaker".ljust(NAME_WIDTH + 2) + " # ", style="bold")
        for target in targets:
            header.append(visible(target)[: CELL - 1].rjust(CELL - 2).ljust(CELL), style="bold")
        options.append(Option(header, disabled=True, id="__header__"))
        for speaker in analysis.speakers:
            row = Text("● ", style=palette.speaker(speaker.id, analysis.speakers))
            name = visible(speaker.name)
            if len(name) > NAME_WIDTH - 1:
                name = name[: NAME_WIDTH - 2] + "…"
            row.append(name.ljust(NAME_WIDTH - 1))
            row.append("✎" if (speaker.id, "name") in marks else " ", style="bold")
            row.append(f"{counts.get(speaker.id, 0):>2} ")
            for target in targets:
                row.append_text(stance_cell(speaker.stance.get(target), (speaker.id, target) in marks, palette))
            options.append(Option(row, id=speaker.id))
        keys = [(option.id, _text_key(option.prompt)) for option in options]
        shown = getattr(self, "_shown", None)
        if keys == shown:
            return  # nothing to redraw (e.g. a correction that moves no sidebar figure)
        if shown is not None and len(shown) == len(keys) and all(a[0] == b[0] for a, b in zip(shown, keys)):
            for index, (old, new) in enumerate(zip(shown, keys)):  # same rows: restyle the changed ones
                if old != new:
                    self.replace_option_prompt_at_index(index, options[index].prompt)
            self._shown = keys
            return
        self._shown = keys
        self.set_options(options)
        if highlighted is not None and highlighted in {s.id for s in analysis.speakers}:
            self.highlighted = self.get_option_index(highlighted)
