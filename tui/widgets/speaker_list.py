"""Sidebar: every speaker, their number of quotes and stance toward each target."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from nlp.model import Analysis

from ..highlight import speaker_colours

LABEL_COLOURS = {"negative": "#ef4444", "neutral": "#9ca3af", "positive": "#22c55e"}


def stance_cell(stance) -> Text:
    if stance is None:
        return Text("   —  ", style="dim")
    return Text(f"{stance.score:+.2f} ", style=LABEL_COLOURS.get(stance.label, ""))


class SpeakerList(OptionList):
    """One option per speaker; selecting it posts OptionList.OptionSelected."""

    def show(self, analysis: Analysis, targets: list[str]) -> None:
        colours = speaker_colours(analysis)
        counts: dict[str, int] = {}
        for q in analysis.quotes:
            if q.speaker and q.kind != "scare":
                counts[q.speaker] = counts.get(q.speaker, 0) + 1
        self.clear_options()
        header = Text("speaker".ljust(18) + "".join(t[:6].rjust(7) for t in targets), style="bold")
        self.add_option(Option(header, disabled=True))
        for speaker in analysis.speakers:
            row = Text("● ", style=colours[speaker.id])
            row.append(speaker.name[:14].ljust(14))
            row.append(f"{counts.get(speaker.id, 0):>2} ")
            for target in targets:
                row.append(" ")
                row.append_text(stance_cell(speaker.stance.get(target)))
            self.add_option(Option(row, id=speaker.id))
