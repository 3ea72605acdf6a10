"""Change a quote's speaker: fuzzy search over the article's speakers, or a new speaker."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.containers import Vertical
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from nlp.model import Speaker

from ..safe_text import visible

NEW = "__new__"


class SpeakerPicker(ModalScreen[tuple[str, str] | None]):
    """Dismisses with ("speaker", id), ("new", name) or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker_cancel"),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("up", "cursor(-1)", "Up", show=False),
    ]

    def __init__(self, speakers: list[Speaker], current: str | None, counts: dict[str, int], title: str = "Change speaker",
                 allow_new: bool = True, all_speakers: list[Speaker] | None = None) -> None:
        super().__init__()
        self.colour_order = all_speakers if all_speakers is not None else speakers  # colours as in the article
        self.allow_new = allow_new
        self.speakers = speakers
        self.current = current
        self.counts = counts
        self.heading = title

    def compose(self) -> ComposeResult:
        with Vertical(id="picker", classes="dialog"):
            yield Label(self.heading, classes="dialog-title", markup=False)
            yield Input(placeholder="type to search, or a new name", id="picker-query")
            yield OptionList(id="picker-options")
            yield Label("↑↓ choose · enter confirm · esc cancel", classes="dialog-help")

    def on_mount(self) -> None:
        self.refill("")
        query = self.query_one(Input)
        query.cursor_blink = getattr(self.app, "cursor_blink", True)
        query.focus()

    def _prompt(self, speaker: Speaker, matcher: Matcher | None) -> Content:
        name = visible(speaker.name)
        parts: list = [("● ", self.app.palette.speaker(speaker.id, self.colour_order)), matcher.highlight(name) if matcher else Content(name)]
        if speaker.aliases:
            aliases = visible(", ".join(speaker.aliases))
            parts.append(("  " + (aliases[:23] + "…" if len(aliases) > 24 else aliases), "dim"))
        parts.append((f"  {self.counts.get(speaker.id, 0)} quotes", "dim"))
        if speaker.id == self.current:
            parts.append(("  (current)", "italic dim"))
        return Content.assemble(*parts)

    def refill(self, query: str) -> None:
        options_list = self.query_one(OptionList)
        query = query.strip()
        if query:
            matcher = Matcher(query)
            scored = []
            for speaker in self.speakers:
                score = max([matcher.match(visible(speaker.name))] + [matcher.match(visible(a)) * 0.9 for a in speaker.aliases])
                if score > 0:
                    scored.append((score, speaker))
            scored.sort(key=lambda pair: -pair[0])
            options = [Option(self._prompt(s, matcher), id=s.id) for _, s in scored]
            new = Text("+ new speaker “", style="bold")
            new.append(visible(query))
            new.append("”")
        else:
            options = [Option(self._prompt(s, None), id=s.id) for s in self.speakers]
            new = Text("+ new speaker… (type a name)", style="bold dim")
        if self.allow_new:
            options.append(Option(new, id=NEW, disabled=not query))
        options_list.set_options(options)
        if options_list.option_count and not options_list.get_option_at_index(0).disabled:
            options_list.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refill(event.value)

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        self._choose(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        if option_id == NEW:
            name = self.query_one(Input).value.strip()
            if name:
                self.dismiss(("new", name))
        elif option_id:
            self.dismiss(("speaker", option_id))

    def action_cancel(self) -> None:
        self.dismiss(None)
