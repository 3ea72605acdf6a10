"""Detail panel: everything known about the focused quote."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from nlp.model import Analysis, Quote

from ..safe_text import visible


def describe(analysis: Analysis, quote: Quote | None) -> Text:
    if quote is None:
        return Text("No quote selected.", style="dim")
    speaker = analysis.speaker(quote.speaker)
    out = Text()
    out.append("Speaker  ", style="bold")
    out.append(visible(speaker.name) if speaker else "—")
    out.append(f"  ({quote.confidence:.2f})\n", style="dim")
    out.append("Kind     ", style="bold")
    out.append(f"{quote.kind}\n")
    out.append("Cue      ", style="bold")
    out.append((visible(quote.cue.text) if quote.cue else "—") + "\n")
    s = quote.sentiment
    out.append("VADER    ", style="bold")
    out.append(f"{s.compound:+.2f} (pos {s.pos:.2f} neu {s.neu:.2f} neg {s.neg:.2f})\n")
    for target, stance in quote.stance.items():
        out.append(f"{target:<9}", style="bold")
        out.append(f"{stance.label} {stance.score:+.2f}  ")
        out.append(visible("; ".join(stance.evidence)), style="italic")
        out.append("\n")
    return out


class QuoteDetail(Static):
    def show(self, analysis: Analysis, quote: Quote | None) -> None:
        self.update(describe(analysis, quote))
