"""Detail panel: everything known about the focused quote, machine vs corrected."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from nlp.model import Analysis, Quote

from ..highlight import STANCE_GLYPHS, Palette
from ..safe_text import visible

LOW_CONFIDENCE = 0.7


def _label(text: str) -> Text:
    return Text(f"{text:<8} ", style="bold")


def _was(out: Text, provenance, machine: str, verb: str = "was ") -> None:
    """The ✎ line under a corrected value: machine value and who corrected it, when."""
    out.append("         ✎ ", style="bold")
    out.append(f"{verb}{machine}\n", style="dim")
    who = getattr(provenance, "annotator", None)
    at = str(getattr(provenance, "at", None) or "")
    if who or at:
        out.append(f"  by {visible(str(who or '?'))[:10]} {at[5:16].replace('T', ' ')}\n", style="dim")


def _hanging(text: str, width: int, indent: int) -> str:
    """``text`` wrapped to ``width`` columns, every line after the first indented by ``indent``
    (so a long name never wraps back to the first column)."""
    import textwrap

    room = max(8, width - indent)
    lines = textwrap.wrap(text, room, break_long_words=True, break_on_hyphens=False) or [""]
    return ("\n" + " " * indent).join(lines)


def _carried(out: Text, speaker, target: str, quote_id: str) -> None:
    """The speaker's stance toward ``target`` and the quotes that carried it ("this" for the
    focused one), under the quote's own stance."""
    agg = speaker.stance.get(target) if speaker else None
    if agg is None:
        return
    ids = [("this" if q == quote_id else q) for q in agg.carried_by[:3]]
    more = len(agg.carried_by) - len(ids)
    out.append(f"  speaker {agg.score:+.2f}/{agg.quotes}q ", style="dim")
    out.append(visible("← " + " ".join(ids) + (f" +{more}" if more > 0 else "")) if ids else "all neutral", style="dim")
    out.append("\n")


def describe(
    palette: Palette,
    analysis: Analysis | None,
    quote: Quote | None,
    machine: Analysis | None = None,
    corrected: dict | None = None,
    targets: list[str] | None = None,
    focused_target: str | None = None,
    reviewed: bool = False,
    rejected: bool = False,
    width: int = 40,
) -> Text:
    if analysis is None:
        return Text("Analysing…", style="dim")
    if quote is None:
        return Text("No quote selected.", style="dim")
    corrected = corrected or {}
    original = next((q for q in machine.quotes if q.id == quote.id), None) if machine else None
    speaker = analysis.speaker(quote.speaker)
    out = Text()
    out.append(visible(str(quote.id)), style="bold")
    if rejected:
        out.append("  rejected (x restores it)\n", style="bold")
    else:
        out.append("  reviewed ✓\n" if reviewed else "  not reviewed\n", style="green" if reviewed else "dim")
    added = ("quote", quote.id, "added") in corrected
    if added:
        out.append("         ✎ added by hand\n", style="bold")
    out.append_text(_label("Speaker"))
    speaker_prov = corrected.get(("quote", quote.id, "speaker"))
    if speaker:
        out.append("● ", style=palette.speaker(speaker.id, analysis.speakers))
        out.append(_hanging(visible(speaker.name), width, 11))
    else:
        out.append("—")
    via = analysis.speaker(quote.via) if quote.via is not None else None
    if via is not None:
        out.append(", via " + visible(via.name), style="dim")
    if speaker_prov is not None or added:
        out.append("  (by hand)\n", style="dim")  # no machine confidence: a person chose it
    else:
        confidence_style = "bold yellow" if quote.confidence < LOW_CONFIDENCE else "dim"
        out.append(f"  ({quote.confidence:.2f})\n", style=confidence_style)
    if speaker_prov is not None and original is not None:
        was = machine.speaker(original.speaker) if machine else None
        if was is not None and ("speaker", was.id, "merged") in corrected:
            _was(out, speaker_prov, f"{visible(was.name)[:30]}, merged into this speaker", verb="")
        else:
            _was(out, speaker_prov, visible(was.name) if was else "—")
    out.append_text(_label("Kind"))
    out.append(f"{quote.kind}\n")
    prov = corrected.get(("quote", quote.id, "kind"))
    if prov is not None and original is not None:  # an added quote has no machine kind to show
        _was(out, prov, original.kind)
    out.append_text(_label("Cue"))
    out.append((visible(quote.cue.text) if quote.cue else "—") + "\n")
    s = quote.sentiment
    out.append_text(_label("VADER"))
    out.append(f"{s.compound:+.2f}", style=palette.sentiment(s.compound))
    out.append("\n  " + " · ".join(f"{k} {v:.2f}".replace("0.", ".") for k, v in (("neg", s.neg), ("neu", s.neu), ("pos", s.pos))) + "\n", style="dim")
    for target in targets or sorted(quote.stance):
        stance = quote.stance.get(target)
        name = visible(target)
        out.append(("▸" if target == focused_target else " ") + f"{name[:7]:<7} ", style="bold reverse" if target == focused_target else "bold")
        if stance is None:
            out.append("—", style="dim")
            out.append(" no evidence\n", style="dim")
        else:
            glyph = STANCE_GLYPHS.get(stance.label, "")
            out.append(f"{glyph} {stance.label} {stance.score:+.2f}", style=palette.labels.get(stance.label, ""))
            out.append("\n")
            _carried(out, speaker, target, quote.id)
            for evidence in stance.evidence:
                out.append("         “", style="dim")
                out.append(visible(evidence), style="italic")
                out.append("”\n", style="dim")
        prov = corrected.get(("quote", quote.id, f"stance.{target}"))
        if prov is not None and original is not None:
            was = original.stance.get(target) if original else None
            _was(out, prov, f"{was.label} {was.score:+.2f}" if was else "—")
            if was and not (stance and stance.evidence):
                for evidence in was.evidence:
                    out.append("           “", style="dim")
                    out.append(visible(evidence), style="dim italic")
                    out.append("”\n", style="dim")
    out.rstrip()
    return out


class QuoteDetail(Static):
    """Redraws only when the description changed, and lays the screen out again only when its
    height changed (a stance correction usually rewrites a line in place)."""

    _shown: tuple | None = None
    _height: tuple[int, int] | None = None  # (width, lines) of what is shown

    def show(self, *args, **kwargs) -> None:
        text = describe(self.app.palette, *args, width=self.content_size.width or 40, **kwargs)
        key = (text.plain, text.style, tuple(text.spans))  # ``Text ==`` ignores the base style
        if key == self._shown:
            return
        self._shown = key
        width = self.content_size.width
        if not width:  # not laid out yet
            self._height = None
            self.update(text)
            return
        self.update(text, layout=False)
        height = (width, self.get_content_height(self.size, self.size, width))
        if height != self._height:
            self.refresh(layout=True)
        self._height = height
