"""Change a quote's speaker: fuzzy search over the article's speakers, the people and
organisations it names, the library's speakers, or a new speaker.

The picker shows the quote being reassigned. Without a query it lists, first, the article's
speakers and named people and organisations (spaCy PERSON/ORG/NORP/GPE entities, even those
the engine made no speaker of), nearest to the quote first, then speakers of other articles.
A name that is not yet a speaker of this article becomes one when chosen.
"""

from __future__ import annotations

import re

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
NAME_PREFIX = "name:"  # options that are names, not speakers of this article (chosen as a new speaker)
ENTITY_LABELS = ("PERSON", "ORG", "NORP", "GPE")


def named_entities(doc) -> list[tuple[str, str, int]]:
    """``(text, label, start offset)`` of every PERSON, ORG, NORP and GPE entity of a parsed
    article, in reading order."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        text = re.sub(r"^(?:the|The)\s+|[’']s$", "", ent.text.strip()).strip()
        if text:
            out.append((text, ent.label_, ent.start_char))
    return out


def _key(name: str) -> str:
    return " ".join(name.casefold().replace("’s", "").replace("'s", "").split())


def candidates(analysis, quote, named: list[tuple[str, str, int]], others: list[str]) -> list[tuple[str, str, str]]:
    """What the picker offers for ``quote``: ``(option id, name, where)`` with ``where`` one of
    ``"speaker"`` (a speaker of this article; id = speaker id), ``"article"`` (a person or
    organisation the article names; id = ``name:…``) and ``"library"`` (a speaker of other
    articles). The article's speakers, people and organisations come first, nearest to the quote
    first, then the groups and places it names, then the library's speakers."""
    where = quote.start if quote is not None else 0
    known: dict[str, str] = {}  # name key -> speaker id
    for speaker in analysis.speakers:
        for form in [speaker.name, *speaker.aliases]:
            known.setdefault(_key(form), speaker.id)
    distance: dict[str, int] = {s.id: 10**9 for s in analysis.speakers}
    for q in analysis.quotes:
        if q.speaker in distance and q.speaker_mention is not None:
            distance[q.speaker] = min(distance[q.speaker], abs(q.speaker_mention.start - where))
    rank = {label: i for i, label in enumerate(ENTITY_LABELS)}
    names: dict[str, tuple[int, int, str]] = {}
    for text, label, start in named:
        key = _key(text)
        # the same person as a speaker: the name, or all its words within one of their names
        words = set(key.split())
        sid = known.get(key) or next((sid for k, sid in known.items() if words <= set(k.split())), None)
        if sid is not None:
            distance[sid] = min(distance[sid], abs(start - where))
            continue
        # a name contained in a longer one (Austin in Lloyd Austin) is the same person
        if any(key != _key(other) and words < set(_key(other).split()) for other, _, _ in named):
            continue
        best = (abs(start - where), rank[label], text)
        names[key] = min(names.get(key, best), best)
    out: list[tuple[int, int, str, str, str]] = []
    for speaker in analysis.speakers:
        out.append((distance[speaker.id], 0, speaker.name, speaker.id, "speaker"))
    for key, (dist, label_rank, text) in names.items():
        out.append((dist, label_rank, text, NAME_PREFIX + text, "article"))
    # people and organisations (speakers among them) nearest first, then groups and places
    out.sort(key=lambda row: (row[1] >= rank["NORP"], row[0], row[1]))
    listed = [(oid, name, kind) for _, _, name, oid, kind in out]
    seen = {_key(name) for _, name, _ in listed} | set(known)
    for name in others:
        if _key(name) not in seen:
            seen.add(_key(name))
            listed.append((NAME_PREFIX + name, name, "library"))
    return listed


class SpeakerPicker(ModalScreen[tuple[str, str] | None]):
    """Dismisses with ("speaker", id), ("new", name) or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker_cancel"),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("up", "cursor(-1)", "Up", show=False),
    ]

    def __init__(self, speakers: list[Speaker], current: str | None, counts: dict[str, int], title: str = "Change speaker",
                 allow_new: bool = True, all_speakers: list[Speaker] | None = None,
                 candidates: list[tuple[str, str, str]] | None = None, quote=None) -> None:
        super().__init__()
        by_id = {s.id: s for s in speakers}
        # (option id, name, where): the order without a query (see ``candidates``)
        self.candidates = candidates if candidates is not None else [(s.id, s.name, "speaker") for s in speakers]
        self.by_id = by_id
        self.quote = quote
        self._filled: str | None = None
        self.colour_order = all_speakers if all_speakers is not None else speakers  # colours as in the article
        self.allow_new = allow_new
        self.speakers = speakers
        self.current = current
        self.counts = counts
        self.heading = title

    def compose(self) -> ComposeResult:
        with Vertical(id="picker", classes="dialog"):
            yield Label(self.heading, classes="dialog-title", markup=False)
            if self.quote is not None:
                text = visible(" ".join(self.quote.text.split()))
                yield Label(f"{self.quote.id}: “{text[:150]}{'…' if len(text) > 150 else ''}”", id="picker-quote", markup=False)
            yield Input(placeholder="type to search, or a new name", id="picker-query")
            yield OptionList(id="picker-options")
            yield Label("↑↓ choose · enter confirm · esc cancel", classes="dialog-help")

    def on_mount(self) -> None:
        self.refill("")
        query = self.query_one(Input)
        query.cursor_blink = getattr(self.app, "cursor_blink", True)
        query.focus()

    def set_candidates(self, candidates: list[tuple[str, str, str]]) -> None:
        """More to offer (the article's names arrived while the dialog was open)."""
        self.candidates = candidates
        if self.is_mounted:
            self.refill(self.query_one(Input).value)

    def on_key(self, event) -> None:
        """A key typed before the search box had the focus (the dialog was still opening) is
        still part of the query, not lost."""
        query = self.query_one(Input)
        if not query.has_focus and event.is_printable and event.character:
            event.stop()
            query.focus()
            query.insert_text_at_cursor(event.character)

    def _name_prompt(self, name: str, where: str, matcher: Matcher | None) -> Content:
        shown = visible(name)
        return Content.assemble(("○ ", "dim"), matcher.highlight(shown) if matcher else Content(shown),
                                ("  named in the article" if where == "article" else "  other articles", "dim italic"))

    def _option(self, option_id: str, name: str, where: str, matcher: Matcher | None) -> Option:
        if where == "speaker":
            return Option(self._prompt(self.by_id[option_id], matcher), id=option_id)
        return Option(self._name_prompt(name, where, matcher), id=option_id)

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
        self._filled = query
        options_list = self.query_one(OptionList)
        query = query.strip()
        if query:
            matcher = Matcher(query)
            scored = []
            for order, (option_id, name, where) in enumerate(self.candidates):
                forms = [name] if where != "speaker" else [name, *self.by_id[option_id].aliases]
                score = max([matcher.match(visible(forms[0]))] + [matcher.match(visible(a)) * 0.9 for a in forms[1:]])
                if where == "library":
                    score *= 0.8  # this article's people first at an equal match
                if score > 0:
                    scored.append((score, order, option_id, name, where))
            scored.sort(key=lambda row: (-row[0], row[1]))
            options = [self._option(oid, name, where, matcher) for _, _, oid, name, where in scored]
            new = Text("+ new speaker “", style="bold")
            new.append(visible(query))
            new.append("”")
        else:
            options = [self._option(oid, name, where, None) for oid, name, where in self.candidates]
            new = Text("+ new speaker… (type a name)", style="bold dim")
        if self.allow_new:
            options.append(Option(new, id=NEW, disabled=not query))
        options_list.set_options(options)
        if options_list.option_count and not options_list.get_option_at_index(0).disabled:
            # the first row that is not the quote's current speaker (pressing s means "not this one")
            first = next((i for i, o in enumerate(options) if o.id != self.current and not o.disabled), 0)
            options_list.highlighted = first if not query else 0

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
        if self._filled != event.value:  # Enter came before the filter caught up with the typing
            self.refill(event.value)
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
        elif option_id and option_id.startswith(NAME_PREFIX):
            self.dismiss(("new", option_id[len(NAME_PREFIX):]))
        elif option_id:
            self.dismiss(("speaker", option_id))

    def action_cancel(self) -> None:
        self.dismiss(None)
