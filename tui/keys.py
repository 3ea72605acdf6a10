"""Every key binding of the app, one registry per screen.

A screen's registry (``ScreenKeys``) is a tuple of sections. A section is the bindings of the
class that handles them (the screen itself, a widget on it such as the article view, or the
app), and everything that shows or changes keys reads the registry:

- the classes take their ``BINDINGS`` from it (so the footer shows them, greyed out by
  ``check_action`` where they cannot apply);
- ``config.toml``'s ``[keys]`` table remaps them by binding id (``all_ids`` is what it accepts);
- the help screen lists each section under its title;
- the command palette offers each binding, run on the section's ``target``, with its key.

Binding ids are unique across every screen: the keymap is one table. Adding an action is one
``Binding`` here and one ``action_…`` method on the class that handles it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.binding import Binding


@dataclass(frozen=True)
class Section:
    """Bindings handled by one class, listed under ``title`` in the help screen.

    ``target`` is where the palette runs the actions: ``""`` the screen, ``"app"`` the app,
    otherwise a CSS selector of the widget that holds these bindings (``"ArticleView"``).
    """

    title: str
    bindings: tuple[Binding, ...]
    target: str = ""

    def __add__(self, more: tuple[Binding, ...]) -> Section:
        """The same section with ``more`` bindings after its own."""
        return replace(self, bindings=self.bindings + tuple(more))


@dataclass(frozen=True)
class ScreenKeys:
    """The keys of one screen, in the order the help screen lists them."""

    sections: tuple[Section, ...]

    def bindings(self) -> list[Binding]:
        return [binding for section in self.sections for binding in section.bindings]

    def ids(self) -> set[str]:
        return {binding.id for binding in self.bindings() if binding.id}

    def binding(self, binding_id: str) -> Binding | None:
        """The binding with id ``binding_id`` (None if it is not on this screen)."""
        return next((b for b in self.bindings() if b.id == binding_id), None)

    def key_of(self, binding_id: str) -> str:
        """The default key(s) of binding ``binding_id`` (``""`` if it is not on this screen)."""
        binding = self.binding(binding_id)
        return binding.key if binding is not None else ""


# ---------------------------------------------------------------------------- the app

APP = Section("App", (Binding("q", "quit", "Quit", id="quit", tooltip="Quit (every correction is already saved)"),),
              target="app")

# ---------------------------------------------------------------------------- the reader

REVIEW = Section("Review", (
    Binding("j,down", "next_quote", "Nav", id="next_quote", tooltip="Next quote"),
    Binding("k,up", "previous_quote", "Prev", show=False, id="previous_quote", tooltip="Previous quote"),
    Binding("J", "next_unreviewed", "Next to review", show=False, id="next_unreviewed",
            tooltip="Next statement to review (wraps around to the start)"),
    Binding("K", "previous_unreviewed", "Prev to review", show=False, id="previous_unreviewed",
            tooltip="Previous statement to review (wraps around to the end)"),
    Binding("a", "accept", "Accept", id="accept", tooltip="Accept the quote (mark it reviewed) and go to the next to review"),
    Binding("s", "change_speaker", "Speaker", id="change_speaker", tooltip="Change the speaker (fuzzy search, or a new speaker)"),
    Binding("t", "cycle_target", "Target", show=False, id="cycle_target", tooltip="Cycle the focused target"),
    Binding("1", "set_stance('negative')", "Neg", show=False, id="stance_negative", tooltip="Stance toward the focused target: negative"),
    Binding("2", "set_stance('neutral')", "Neu", show=False, id="stance_neutral", tooltip="Stance toward the focused target: neutral"),
    Binding("3", "set_stance('positive')", "Pos", show=False, id="stance_positive", tooltip="Stance toward the focused target: positive"),
    Binding("S", "edit_stance", "Stance…", show=False, id="edit_stance", tooltip="Stance editor: every target, label and score"),
    Binding("c", "cycle_kind", "Kind", show=False, id="cycle_kind", tooltip="Cycle the quote kind (direct, mixed, indirect, …)"),
    Binding("x", "reject", "Reject", id="reject", tooltip="Reject the quote (not a quotation); on a rejected quote, restore it"),
    Binding("m", "add_quote", "Add", show=False, id="add_quote", tooltip="Add the selected text as a missed quote (select with v, then w/b/)/()"),
    Binding("u,ctrl+z", "undo", "Undo", id="undo", tooltip="Undo the last correction"),
    Binding("ctrl+y", "redo", "Redo", id="redo", tooltip="Redo"),
    # priority: run as the key arrives, before the keys typed after it are passed on to the
    # article (they must reach the search box, not run as reader keys); in the box, / is typed
    Binding("slash", "search", "Find", id="search", tooltip="Search in the article", priority=True),
    Binding("n", "next_match", "Next match", show=False, id="next_match", tooltip="Next search match"),
    Binding("N", "previous_match", "Prev match", show=False, id="previous_match", tooltip="Previous search match"),
    Binding("e", "export", "Export", id="export", tooltip="Export dialog"),
    Binding("question_mark", "help", "Help", id="help", tooltip="This help"),
))

ARTICLE = Section("Article and selection", (
    Binding("v", "toggle_selection", "Select", show=False, id="select", tooltip="Start (or drop) a selection at the cursor"),
    Binding("w,l,right", "word(1)", "Word →", show=False, id="word_forward"),
    Binding("b,h,left", "word(-1)", "← Word", show=False, id="word_back"),
    Binding("right_parenthesis", "sentence(1)", "Sentence →", show=False, id="sentence_forward"),
    Binding("left_parenthesis", "sentence(-1)", "← Sentence", show=False, id="sentence_back"),
    Binding("escape", "clear_selection", "Clear selection", show=False, id="clear_selection"),
    Binding("pageup", "page_up", "Page up", show=False, id="page_up"),
    Binding("pagedown,space", "page_down", "Page down", show=False, id="page_down"),
    Binding("home", "top", "Top", show=False, id="top"),
    Binding("end", "bottom", "Bottom", show=False, id="bottom"),
), target="ArticleView")

SIDEBAR = Section("Speaker sidebar (tab to focus it; enter jumps through their quotes)", (
    # not in the footer (at 80 columns they pushed Help and Quit off it): the sidebar shows
    # its own keys while it has the focus (#sidebar-hint)
    Binding("r", "screen.rename_speaker", "Rename", show=False, id="rename_speaker", tooltip="Rename the highlighted speaker"),
    Binding("M", "screen.merge_speaker", "Merge", show=False, id="merge_speaker", tooltip="Merge the highlighted speaker into another"),
    Binding("1", "screen.speaker_stance('negative')", "Neg", show=False, id="speaker_stance_negative",
            tooltip="Override the highlighted speaker's stance toward the focused target: negative"),
    Binding("2", "screen.speaker_stance('neutral')", "Neu", show=False, id="speaker_stance_neutral",
            tooltip="Override the highlighted speaker's stance toward the focused target: neutral"),
    Binding("3", "screen.speaker_stance('positive')", "Pos", show=False, id="speaker_stance_positive",
            tooltip="Override the highlighted speaker's stance toward the focused target: positive"),
), target="SpeakerList")

# Handled by the reader screen (as REVIEW is), so it works wherever the focus is, the sidebar
# included. Not in the footer (see SIDEBAR): while the sidebar is hidden, the status line names
# this key. Backslash is free on the reader, its dialogs and the app (S is the stance editor;
# ctrl+b is tmux's prefix, and a tmux split is where the article needs the width).
LAYOUT = Section("Layout", (
    Binding("backslash", "toggle_sidebar", "Sidebar", show=False, id="toggle_sidebar",
            tooltip="Hide or show the speaker sidebar (hidden, the article takes the whole width)"),
    Binding("i", "quote_detail", "Detail", show=False, id="quote_detail",
            tooltip="The focused quote's detail in a dialog: stance, evidence, corrections (any width, sidebar hidden too)"),
))

BACK_TO_LIBRARY = (Binding("backspace", "app.pop_screen", "Library", id="back_to_library", tooltip="Back to the library"),)

READER = ScreenKeys((REVIEW, ARTICLE, SIDEBAR, LAYOUT, APP))
LIBRARY_READER = ScreenKeys((REVIEW + BACK_TO_LIBRARY, ARTICLE, SIDEBAR, LAYOUT, APP))

# ---------------------------------------------------------------------------- the library


def _back(binding_id: str, to: str) -> Binding:
    return Binding("escape,backspace", "app.pop_screen", "Back", id=binding_id, tooltip=f"Back to the {to}")


def _help(binding_id: str, of: str) -> Binding:
    return Binding("question_mark", "help", "Help", id=binding_id, tooltip=f"Keys of the {of}")


LIBRARY_SECTION = Section("Library", (
    # priority: see FilteredTable (in the search box itself, / is just a character)
    Binding("slash", "search", "Search", id="library_search", tooltip="Search article text and quotes", priority=True),
    Binding("escape", "clear_search", "Clear", id="library_clear", show=False, tooltip="Clear the search"),
    Binding("p", "speakers", "Speakers", id="library_speakers", tooltip="Speakers across articles"),
    Binding("r", "refresh", "Refresh", id="library_refresh", show=False, tooltip="Reload the list"),
    Binding("A", "adjudicate", "Adjudicate", id="library_adjudicate",
            tooltip="Adjudicate the article: settle where the annotators disagree (gold layer)"),
    _help("library_help", "library"),
))

SPEAKERS_SECTION = Section("Speakers across articles", (
    _back("speakers_back", "library"),
    Binding("space", "mark", "Mark", id="speakers_mark", tooltip="Mark a speaker to merge"),
    Binding("m", "merge", "Merge marked here", id="speakers_merge",
            tooltip="Merge the marked speakers into the one under the cursor"),
    Binding("slash", "search", "Filter", id="speakers_filter", tooltip="Filter speakers by name",
            priority=True),  # see FilteredTable
    _help("speakers_help", "speakers list"),
))

HISTORY_SECTION = Section("Speaker history", (
    _back("history_back", "speakers"),
    Binding("e", "export", "Export", id="history_export", tooltip="Write the speaker's quotes as CSV and JSON"),
    Binding("x", "split", "Split off", id="history_split",
            tooltip="Move this article's quotes to a new speaker (not the same person)"),
    _help("history_help", "speaker history"),
))

# ---------------------------------------------------------------------------- adjudication

ADJUDICATION_SECTION = Section("Adjudication (one row per disagreement; the value goes to the gold layer)", (
    _back("adjudication_back", "library"),
    Binding("1", "take(1)", "Take 1st", id="adjudication_take_1", tooltip="Take the first annotator's value"),
    Binding("2", "take(2)", "2nd", id="adjudication_take_2", tooltip="Take the second annotator's value"),
    Binding("3", "take(3)", "3rd", show=False, id="adjudication_take_3", tooltip="Take the third annotator's value"),
    Binding("4", "take(4)", "4th", show=False, id="adjudication_take_4", tooltip="Take the fourth annotator's value"),
    Binding("m", "take_machine", "Machine", id="adjudication_machine", tooltip="Take the machine's value"),
    Binding("e", "edit", "Edit", id="adjudication_edit", tooltip="Type the value yourself"),
    Binding("u,ctrl+z", "undo", "Undo", id="adjudication_undo", tooltip="Undo the last gold decision"),
    Binding("J", "next_open", "Next open", show=False, id="adjudication_next_open",
            tooltip="Next disagreement not settled yet"),
    _help("adjudication_help", "adjudication screen"),
))

LIBRARY = ScreenKeys((LIBRARY_SECTION, APP))
ADJUDICATION = ScreenKeys((ADJUDICATION_SECTION, APP))
SPEAKERS = ScreenKeys((SPEAKERS_SECTION, APP))
HISTORY = ScreenKeys((HISTORY_SECTION, APP))

SCREENS: dict[str, ScreenKeys] = {
    "reader": READER,
    "library reader": LIBRARY_READER,
    "library": LIBRARY,
    "speakers": SPEAKERS,
    "speaker history": HISTORY,
    "adjudication": ADJUDICATION,
}


def all_ids() -> set[str]:
    """Every binding id the ``[keys]`` table of config.toml may remap."""
    return {binding_id for keys in SCREENS.values() for binding_id in keys.ids()}


def bound_keys(binding: Binding, keymap: dict[str, str]) -> set[str]:
    """The keys that run ``binding`` under the user's ``keymap`` (its own when not remapped).

    >>> sorted(bound_keys(Binding("j,down", "next_quote", id="next_quote"), {}))
    ['down', 'j']
    """
    return {k.strip() for k in keymap.get(binding.id or "", binding.key).split(",") if k.strip()}


def quit_problem(keymap: dict[str, str]) -> str | None:
    """Why ``keymap`` would leave a screen with no key that quits (None when every screen keeps one).

    A key remapped onto another binding of the same screen is that binding's (screen bindings
    come before the app's), so ``quit = "j"`` takes quitting away from the reader.

    >>> quit_problem({"quit": "j"})
    'on the reader no key quits any more (j is next_quote)'

    >>> quit_problem({"quit": "Q"}) is None
    True
    """
    for name, screen in SCREENS.items():
        bindings = screen.bindings()
        quit_keys = set().union(*(bound_keys(b, keymap) for b in bindings if b.id == "quit"))
        others = {k: b.id for b in bindings if b.id != "quit" for k in bound_keys(b, keymap)}
        if quit_keys and not quit_keys <= set(others):
            continue
        if not quit_keys:
            return f"on the {name} no key quits any more"
        takers = ", ".join(f"{k} is {others[k]}" for k in sorted(quit_keys))
        return f"on the {name} no key quits any more ({takers})"
    return None


def _default_pairs() -> set[frozenset[str]]:
    """Pairs of bindings that share a key by design (the quote's and the speaker's "1"/"2"/"3",
    each run where its own part of the screen is focused)."""
    return {pair for _, _, pair in _shared_keys({})}


def _shared_keys(keymap: dict[str, str]):
    """(screen name, key, {id, id}) for every key two bindings of one screen share."""
    for name, screen in SCREENS.items():
        holder: dict[str, str] = {}
        for binding in screen.bindings():
            for key in sorted(bound_keys(binding, keymap)):
                other = holder.setdefault(key, binding.id or "")
                if other != binding.id:
                    yield name, key, frozenset({other, binding.id or ""})


def key_clashes(keymap: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """The user's remaps that would put one key on two actions of a screen, so that one of them
    never runs: (remapped id, key, the other id, screen name), the later entry of ``keymap`` first
    to blame. Pairs that share a key by default are not clashes; a swap ("accept" and
    "change_speaker" trading keys) is none either, as the whole keymap is read at once.

    >>> key_clashes({"accept": "s"})
    [('accept', 's', 'change_speaker', 'reader'), ('accept', 's', 'change_speaker', 'library reader')]
    >>> key_clashes({"accept": "s", "change_speaker": "a"})
    []
    """
    allowed = _default_pairs()
    order = list(keymap)
    out = []
    for name, key, pair in _shared_keys(keymap):
        if pair in allowed or not pair & set(keymap):
            continue
        mine = max((i for i in pair if i in keymap), key=order.index)
        other = next(i for i in pair if i != mine) if len(pair) > 1 else mine
        out.append((mine, key, other, name))
    return out
