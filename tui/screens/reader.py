"""The reader: article, speaker sidebar and quote detail for one article, and every correction key.

Every correction goes straight to the store (one transaction each); the screen then reloads
the effective view (machine analysis + corrections) and restyles without re-wrapping.
The dialogs are imported when first opened: the first paint does not wait for their widgets.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from rich.style import Style
from rich.text import Text

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, LoadingIndicator, OptionList

from nlp.model import QUOTE_KINDS, STANCE_LABELS, Analysis, Quote, is_statement
from store.errors import StoreError
from store.progress import progress_of

from .. import keys
from .keyed import KeyedScreen
from ..gc_hold import GcHold
from ..highlight import article_spans, targets_of
from ..safe_text import visible
from ..widgets.article_view import ArticleView
from ..widgets.footer import QuietFooter
from ..widgets.quote_detail import LOW_CONFIDENCE, QuoteDetail
from ..widgets.speaker_list import SpeakerList, quote_counts
from ..widgets.status_line import StatusLine

# Gutter marks (shared: the ArticleView copies a mark into each line it draws, never changes it).
MARK_REJECTED = Text("✗", style="dim red")
MARK_CORRECTED = Text("✎", style="bold")
MARK_REVIEWED = Text("✓", style="green")
MARK_LOW_CONFIDENCE = Text("?", style="bold yellow")
REJECTED = Style(dim=True, strike=True)

NAVIGATION = {"next_quote", "previous_quote", "next_unreviewed", "previous_unreviewed", "cycle_target"}
NAMES_AT_OPEN = 40_000  # articles up to this many characters have their names found as they open (for s)
CORRECTIONS = {"accept", "change_speaker", "set_stance", "edit_stance", "reject", "add_quote", "cycle_kind"}
SIDEBAR_ACTIONS = {"rename_speaker", "merge_speaker", "speaker_stance"}  # on the sidebar's highlighted speaker


OTHER_WRITERS_POLL_S = 0.5  # PRAGMA data_version: a few microseconds per poll


async def in_daemon_thread(function, *args, **kwargs):
    """``function(*args, **kwargs)`` run in a daemon thread, awaited. Unlike Textual's thread
    workers (the event loop's executor, which interpreter exit joins), a daemon thread never
    keeps the process alive: a cancelled await leaves it to die with the process."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def settle(result, error) -> None:
        if not future.done():
            future.set_exception(error) if error is not None else future.set_result(result)

    def run() -> None:
        try:
            outcome = (function(*args, **kwargs), None)
        except BaseException as exc:  # handed to the awaiting worker, which reports it
            outcome = (None, exc)
        try:
            loop.call_soon_threadsafe(settle, *outcome)
        except RuntimeError:  # the app has already exited: nobody is waiting
            pass

    threading.Thread(target=run, daemon=True, name="stance-reader-analysis").start()
    return await future


class ReaderScreen(KeyedScreen, Screen):
    """Shows one article; analysis runs in a worker if the store has none yet."""

    KEYS = keys.READER
    BINDINGS = list(keys.REVIEW.bindings + keys.LAYOUT.bindings)

    def __init__(self, article_id: int, text: str, title: str, source: str | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.source = source  # the article's own source (read from the store on mounting if not given)
        self.text = text
        self.article_title = title
        self.analysis: Analysis | None = None
        self.machine: Analysis | None = None
        self.effective = None
        self.focus_id: str | None = None
        self.target_index = 0
        self.matches: list[tuple[int, int]] = []
        self.match_index: int | None = None
        self.search_query = ""
        self._quotes: list[Quote] = []
        self._corrected_quotes: set[str] = set()
        self._rejected: set[str] = set()
        self._resumed = False  # the first reload moves the focus to the first unreviewed quote
        self._all_reviewed: bool | None = None
        self.named: list[tuple[str, str, int]] = []  # the article's named people and organisations (picker)
        self._targets: list[str] = []
        self._binding_state: tuple | None = None
        self._gc_hold = GcHold()
        # Set once an analysis is on screen (the stored one on mounting, a fresh one when the
        # worker is done) or the analysis failed: what tests and tools await instead of polling.
        self.analysis_shown = asyncio.Event()
        self.names_found = asyncio.Event()  # the article's names are known (or finding them failed)

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        # the keys the hints name, read once from the keymap (not on every status update)
        stances = " ".join(self._key(f"stance_{label}") for label in STANCE_LABELS)
        self.stance_hint = Text(f"  {self._key('cycle_target')} next · {stances} neg neu pos", style="dim")
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield ArticleView(self.text, id="article")
                yield Input(placeholder="search the article (enter: go · esc: cancel)", id="search")
            with Vertical(id="side"):
                with Horizontal(id="analysing"):
                    yield LoadingIndicator(id="spinner")
                    analyzer = self.app.analyzer
                    mode = {"accurate": " and the accurate stance model",
                            "tuned": " and the tuned stance model"}.get(analyzer.stance, "")
                    yield Label(f"analysing with {analyzer.model}{mode}…", id="analysing-label", markup=False)
                yield SpeakerList(id="speakers")
                yield Label(self._sidebar_hint(), id="sidebar-hint", markup=False)
                with VerticalScroll(id="detail-scroll"):
                    yield QuoteDetail(id="detail")
        with Horizontal(id="status-row"):
            yield StatusLine(id="status")
            yield Label(id="sidebar-hidden-hint", markup=False)  # shown while the sidebar is hidden
        yield QuietFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._gc_hold.start(self)  # until the first paint (see tui.gc_hold)
        self.title = visible(self.article_title)
        self.sub_title = "analysing…"
        self.query_one("#search", Input).display = False
        self.query_one("#search", Input).cursor_blink = self.app.cursor_blink
        self.view.focus()
        if self.source is None:
            try:
                self.source = self.app.store.article(self.article_id)["source"] or ""
            except StoreError:
                self.source = ""
        machine = self.app.store.analysis(self.article_id)
        if machine is None:
            # After the first paint: loading spaCy in the worker competes with it for the CPU.
            self.call_after_refresh(self.analyse)
        else:
            self.machine = machine  # read once (reload would read it again)
            self.reload()
        self.update_status()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self._data_version = self.app.store.data_version()
        self.set_interval(OTHER_WRITERS_POLL_S, self._other_writers)

    def _other_writers(self) -> None:
        """Repaint when another process (a second reader, an import) wrote to the database: its
        corrections appear here without a restart, and undo sees the same log."""
        version = self.app.store.data_version()
        if version == self._data_version:
            return
        self._data_version = version
        if self.analysis is not None:
            self.reload()
            self.update_status()

    def _theme_changed(self, theme) -> None:
        """The colours come from the theme's CSS (``app.palette``): restyle with the new ones."""
        if self.analysis is not None:
            self.reload()

    def notify(self, *args, **kwargs) -> None:
        """One toast at a time: a new one replaces the last (stacked toasts covered the detail).
        Toasts are plain text: they quote ids and names, which are data, never markup."""
        self.app.clear_notifications()
        kwargs.setdefault("markup", False)
        super().notify(*args, **kwargs)

    def on_unmount(self) -> None:
        self._gc_hold.end()

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    # ------------------------------------------------------------------ analysis

    @work(exclusive=True, exit_on_error=False)
    async def analyse(self) -> None:
        """Analyse in a daemon thread: quitting (or leaving the article) does not wait for the
        parse of a huge article to finish — the app exits at once and the thread dies with it."""
        analysis = await in_daemon_thread(self.app.analyzer.analyze, self.text, source=self.source)
        self.analysis_ready(analysis)

    def analysis_ready(self, analysis: Analysis) -> None:
        """Save a fresh analysis (the store lives on the UI thread), then show it."""
        try:
            self.app.store.save_analysis(self.article_id, analysis)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
        self.reload()

    def on_worker_state_changed(self, event) -> None:
        if event.worker.group == "names":
            if event.worker.error is not None:
                self.names_found.set()  # the picker offers the speakers only
            return
        if event.worker.error is not None:
            self.query_one("#analysing").display = False
            self.sub_title = "analysis failed"
            self.notify(f"analysis failed: {event.worker.error}", severity="error", markup=False)
            self.analysis_shown.set()

    # ------------------------------------------------------------------ state

    def reload(self) -> None:
        """Read the effective analysis from the store and redraw everything that depends on it."""
        old_quotes = self.quotes
        old_index = next((i for i, q in enumerate(old_quotes) if q.id == self.focus_id), 0)
        if self.machine is None:
            self.machine = self.app.store.analysis(self.article_id)  # the machine never changes
        self.effective = self.app.store.effective(self.article_id)
        self.analysis = self.effective.analysis
        # rejected quotes stay reachable (dimmed, struck through): x on one restores it
        self._rejected = {q.id for q in self.effective.rejected}
        self._quotes = sorted([*self.analysis.quotes, *self.effective.rejected], key=lambda q: (q.start, q.end, q.id))
        self._corrected_quotes = {key[1] for key in self.effective.corrected if key[0] == "quote"}
        names = set(targets_of(self.analysis))
        if self.machine is not None:
            names.update(targets_of(self.machine))
        self._targets = sorted(names)
        self.query_one("#analysing").display = False
        quotes = self.quotes
        if not self._resumed and quotes:
            self._resumed = True  # reopening an article resumes at the first quote left to review
            first = next((q for q in quotes if self.needs_review(q)), None)
            self.focus_id = (first or quotes[0]).id
            self.call_after_refresh(self._scroll_to_current)
        if quotes and not any(q.id == self.focus_id for q in quotes):
            self.focus_id = quotes[min(old_index, len(quotes) - 1)].id
        elif not quotes:
            self.focus_id = None
        spans = article_spans(self.analysis, self.app.palette)
        spans += [(q.start, q.end, REJECTED) for q in self.effective.rejected]
        self.view.set_spans(spans)
        self.view.set_marks(self._marks())
        self.view.set_labels(self._labels())
        self.query_one(SpeakerList).show(self.analysis, self.targets, self.effective.corrected)
        self.refresh_quote(scroll=False)
        self._refresh_bindings_if_changed()
        self._say_if_all_reviewed()
        if not self.analysis_shown.is_set() and len(self.text) <= NAMES_AT_OPEN:
            self.set_timer(0.5, self.find_names)  # after the first paints; a long article waits for s
        self.analysis_shown.set()

    def _scroll_to_current(self) -> None:
        quote = self.current
        if quote is not None:
            self.view.scroll_to_span(quote.start, quote.end)

    def _say_if_all_reviewed(self) -> None:
        """When the last statement is reviewed (or an article opens fully reviewed), say so
        and offer the export."""
        reviewed, total = progress_of(self.effective)
        done = total > 0 and reviewed == total
        if done and self._all_reviewed is not True:
            self.notify(f"All {total} statements reviewed. e exports them.", title="Review complete", timeout=6)
        self._all_reviewed = done

    @work(thread=True, exclusive=True, group="names", exit_on_error=False)
    def find_names(self) -> None:
        """The article's named people and organisations (spaCy entities), for the speaker picker."""
        from .speaker_picker import named_entities

        names = named_entities(self.app.analyzer.nlp(self.text))
        self.app.call_from_thread(self._names_ready, names)

    def _names_ready(self, names: list[tuple[str, str, int]]) -> None:
        from .speaker_picker import SpeakerPicker, candidates

        self.named = names
        self.names_found.set()
        picker = self.app.screen
        if isinstance(picker, SpeakerPicker) and picker.quote is not None:  # opened before the names were found
            picker.set_candidates(candidates(self.analysis, picker.quote, names, self._other_articles_speakers()))
    def _refresh_bindings_if_changed(self) -> None:
        """Refresh the footer only when a key's availability changed: every refresh makes the
        Footer recompose (and the screen lay out again), which would cost each correction more
        than the correction itself."""
        state = (self.analysis is None, self.current is None, self.focus_rejected, bool(self.matches),
                 self.analysis is not None and self.app.store.can_undo(self.article_id),
                 self.analysis is not None and self.app.store.can_redo(self.article_id))
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    @property
    def quotes(self) -> list[Quote]:
        """The effective quotes in reading order (rebuilt on every reload)."""
        return self._quotes

    @property
    def targets(self) -> list[str]:
        """Every target of the effective and the machine analysis (computed on each reload)."""
        return self._targets if self.analysis is not None else []

    @property
    def target(self) -> str | None:
        targets = self.targets
        return targets[self.target_index % len(targets)] if targets else None

    @property
    def current(self) -> Quote | None:
        return next((q for q in self.quotes if q.id == self.focus_id), None)

    @property
    def position(self) -> int | None:
        return next((i for i, q in enumerate(self.quotes) if q.id == self.focus_id), None)

    @property
    def focus_rejected(self) -> bool:
        return self.focus_id in self._rejected

    def is_corrected(self, quote_id: str) -> bool:
        return quote_id in self._corrected_quotes

    def needs_review(self, quote: Quote) -> bool:
        """A statement not reviewed yet (not a rejected quote, nor a scare quote: neither counts
        toward review progress)."""
        return is_statement(quote.kind) and quote.id not in self.effective.reviewed and quote.id not in self._rejected

    def _labels(self) -> dict[int, Text]:
        """The speaker of each statement, as a short chip in the article's gutter."""
        labels: dict[int, Text] = {}
        palette, speakers = self.app.palette, self.analysis.speakers
        for quote in self.analysis.quotes:
            if not is_statement(quote.kind):
                continue
            speaker = self.analysis.speaker(quote.speaker)
            if speaker is None:
                labels[quote.start] = Text("—", style=palette.unattributed)  # not "?": that mark is low confidence
            else:
                labels[quote.start] = Text(short_name(speaker.name, speaker.aliases), style=palette.speaker(speaker.id, speakers))
        return labels

    def _marks(self) -> dict[int, Text]:
        marks: dict[int, Text] = {}
        for quote in self.effective.rejected:
            marks[quote.start] = MARK_REJECTED
        corrected, reviewed = self._corrected_quotes, self.effective.reviewed
        for quote in self.analysis.quotes:
            if quote.id in corrected:
                marks[quote.start] = MARK_CORRECTED
            elif quote.id in reviewed:
                marks[quote.start] = MARK_REVIEWED
            elif is_statement(quote.kind) and quote.confidence < LOW_CONFIDENCE:
                marks[quote.start] = MARK_LOW_CONFIDENCE
        return marks

    def refresh_quote(self, scroll: bool = True) -> None:
        quote = self.current
        view = self.view
        if quote is None:
            view.set_focus(None)
        else:
            colour = self.app.palette.speaker(quote.speaker, self.analysis.speakers)
            view.set_focus((quote.start, quote.end), Style(color=colour, reverse=True, bold=True))
            if scroll:
                view.scroll_to_span(quote.start, quote.end)
            if view.anchor is None:
                view.cursor = min(len(view.plain), quote.end)
        self.query_one(QuoteDetail).show(**self._detail(quote))
        self.update_status()

    def _detail(self, quote: Quote | None) -> dict:
        """What the detail panel (and the ``i`` dialog) describes of ``quote``: the arguments of
        ``widgets.quote_detail.describe`` after its palette."""
        return dict(
            analysis=self.analysis,
            quote=quote,
            machine=self.machine,
            corrected=self.effective.corrected if self.effective else {},
            targets=self.targets,
            focused_target=self.target,
            reviewed=bool(quote and self.effective and quote.id in self.effective.reviewed),
            rejected=bool(quote and quote.id in self._rejected),
        )

    def action_quote_detail(self) -> None:
        """The focused quote's detail in a dialog, wrapped to its width (the sidebar's panel may be
        narrow, or hidden)."""
        from .quote_detail_screen import QuoteDetailScreen

        if self.analysis is not None and self.current is not None:
            opening = keys.bound_keys(self.KEYS.binding("quote_detail"), self.app.keymap)
            self.app.push_screen(QuoteDetailScreen(self._detail(self.current), close_keys=opening))

    def update_status(self) -> None:
        # (text, rank): on a narrow screen the highest rank gives way first (StatusLine), so the
        # focus and the target the stance keys act on stay in sight
        parts: list[tuple[Text, int]] = []

        def add(text: str, style: str = "", rank: int = 0) -> None:
            parts.append((Text(text, style=style), rank))

        if self.analysis is None:
            add(" analysing… the text is readable meanwhile", "dim")
        else:
            quotes = self.quotes
            reviewed, total = progress_of(self.effective)  # the store's definition, as the library counts
            mode = self.machine.pipeline.stance_mode if self.machine is not None else "fast"
            store = self.app.store
            layer = f" · {visible(store.annotator)}'s layer" if store.review == "independent" else ""
            self.sub_title = f"reviewed {reviewed}/{total}" + (f" · {mode} stance" if mode != "fast" else "") + layer
            position = self.position
            # Two counts over two sets, both named: the position runs over every quote (j/k visit
            # scare quotes too), review progress over statements only (the store's definition).
            add(f" {self.focus_id or '—'}", "bold")
            add(f" · quote {(position + 1) if position is not None else 0} of {len(quotes)}", rank=1)
            add(f" · reviewed {reviewed} of {total} statements", rank=2)  # also in the header
            if total and reviewed == total:
                add(" ✓ e export", "bold")
            if self.target:
                add(" · target ")
                parts[-1][0].append(visible(self.target), style="bold reverse")
        view = self.view
        if view.selection:
            start, end = view.selection
            add(f" · selected {end - start} chars (m: add quote)", self.app.palette.selecting)
        elif view.anchor is not None:
            add(" · selecting: w/b word, )/( sentence, esc cancel", self.app.palette.selecting)
        if self.search_query:
            shown = f"{(self.match_index or 0) + 1}/{len(self.matches)}" if self.matches else "no match"
            add(f" · “{visible(self.search_query)[:20]}” {shown}", self.app.palette.search)
        # the key hint last: on a narrow screen it is what gets cut off
        self.query_one(StatusLine).show(parts, self.stance_hint if self.target else None)

    # ------------------------------------------------------------------ bindings

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """None greys a key out in the footer (and disables it) when it cannot apply now."""
        if action == "search" and self.is_mounted and self.query_one("#search", Input).has_focus:
            return False  # type a / into the search box
        if action in NAVIGATION or action in CORRECTIONS:
            if self.analysis is None:
                return None
            if action in CORRECTIONS and action != "add_quote" and self.current is None:
                return None
            if action in CORRECTIONS and action not in ("reject", "add_quote") and self.focus_rejected:
                return None  # a rejected quote: x restores it first
        elif action == "undo":
            return True if self.analysis is not None and self.app.store.can_undo(self.article_id) else None
        elif action == "redo":
            return True if self.analysis is not None and self.app.store.can_redo(self.article_id) else None
        elif action == "export":
            return True if self.analysis is not None else None
        elif action in ("next_match", "previous_match"):
            return True if self.matches else None
        elif action == "quote_detail":
            return True if self.analysis is not None and self.current is not None else None
        elif action in SIDEBAR_ACTIONS:
            return None if self.has_class("-sidebar-hidden") else True  # never on a speaker out of sight
        return True

    # ------------------------------------------------------------------ navigation

    def _go(self, quote: Quote | None) -> None:
        if quote is not None:
            self.focus_id = quote.id
            self.refresh_quote()

    def _step(self, step: int, predicate=lambda q: True) -> None:
        quotes = self.quotes
        if not quotes:
            return
        position = self.position
        if position is None:
            position = -1 if step > 0 else len(quotes)
        index = position + step
        while 0 <= index < len(quotes):
            if predicate(quotes[index]):
                self._go(quotes[index])
                return
            index += step

    def action_next_quote(self) -> None:
        self._step(1)

    def action_previous_quote(self) -> None:
        self._step(-1)

    def action_next_unreviewed(self) -> None:
        if not self._go_unreviewed(1):
            self.notify("no quote left to review", timeout=2)

    def action_previous_unreviewed(self) -> None:
        if not self._go_unreviewed(-1):
            self.notify("no quote left to review", timeout=2)

    def _go_unreviewed(self, step: int) -> bool:
        """Focus the next (``step`` 1) or previous (-1) statement to review, wrapping around
        the article; False if there is none."""
        quotes = self.quotes
        position = self.position if self.position is not None else -1
        for n in range(1, len(quotes) + 1):
            quote = quotes[(position + step * n) % len(quotes)]
            if self.needs_review(quote):
                self._go(quote)
                return True
        return False

    def _done_with(self, quote_id: str) -> None:
        """After a stance key or a speaker choice: the quote is reviewed and, unless
        ``auto_advance = false`` in the config, the focus moves to the next quote to review."""
        if not getattr(self.app, "auto_advance", True) or quote_id in self._rejected:
            return
        if quote_id not in self.effective.reviewed:
            self._correct("mark_reviewed", quote_id)
        if self.focus_id == quote_id:
            self._go_unreviewed(1)

    def action_cycle_target(self) -> None:
        if self.targets:
            self.target_index = (self.target_index + 1) % len(self.targets)
            self.refresh_quote(scroll=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        speaker_id = event.option.id
        quotes = [q for q in self.quotes if q.speaker == speaker_id]
        if not quotes:
            self.notify("no quotes from this speaker", timeout=2)
            return
        current = self.current
        after = [q for q in quotes if current is None or (q.start, q.end, q.id) > (current.start, current.end, current.id)]
        self._go((after or quotes)[0])

    def on_article_view_clicked(self, event: ArticleView.Clicked) -> None:
        hit = [q for q in self.quotes if q.start <= event.offset < q.end]
        if hit:
            self._go(min(hit, key=lambda q: q.end - q.start))

    def on_article_view_selection_changed(self, event: ArticleView.SelectionChanged) -> None:
        self.update_status()
        self._binding_state = None  # refreshed here, whatever reload last published
        self.refresh_bindings()

    # ------------------------------------------------------------------ corrections

    def _correct(self, method: str, *args, **kwargs):
        """Run one store correction (saved at once), then reload the effective view."""
        try:
            result = getattr(self.app.store, method)(self.article_id, *args, **kwargs)
        except (StoreError, ValueError, KeyError) as exc:
            self.notify(str(exc) or type(exc).__name__, severity="error", markup=False)
            return None
        self.reload()
        return result

    def action_accept(self) -> None:
        quote = self._visible_current()
        if quote is None:
            return
        if quote.id not in self.effective.reviewed:
            self._correct("mark_reviewed", quote.id)
        if not (getattr(self.app, "auto_advance", True) and self._go_unreviewed(1)):
            self._step(1)

    def action_change_speaker(self) -> None:
        quote = self._visible_current()
        if quote is None:
            return
        counts = quote_counts(self.analysis)
        quote_id = quote.id

        def chosen(result: tuple[str, str] | None) -> None:
            if result is None or not any(q.id == quote_id for q in self.quotes):
                return
            kind, value = result
            current = next(q for q in self.quotes if q.id == quote_id)
            if kind == "speaker":
                if value != current.speaker and self._correct("reassign_speaker", quote_id, speaker_id=value) is None:
                    return
            elif self._correct("reassign_speaker", quote_id, new_name=value) is None:
                return
            self._done_with(quote_id)

        from .speaker_picker import SpeakerPicker, candidates

        if not self.named and not any(w.group == "names" for w in self.workers):
            self.find_names()
        others = self._other_articles_speakers()
        picker = SpeakerPicker(self.analysis.speakers, quote.speaker, counts,
                               candidates=candidates(self.analysis, quote, self.named, others), quote=quote)
        self.app.push_screen(picker, chosen)

    def _other_articles_speakers(self) -> list[str]:
        """Names of speakers in the library's other articles (most articles first)."""
        import sqlite3

        from store.speakers_xdoc import Speakers

        try:
            entities = Speakers(self.app.store, sync=False).entities()
        except (StoreError, sqlite3.Error):  # no speaker tables (an old read-only database): none offered
            return []
        return [e.name for e in entities[:200]]

    def action_set_stance(self, label: str) -> None:
        quote, target = self._visible_current(), self.target
        if quote is None or target is None:
            return
        if self._correct("set_stance", quote.id, target, label) is not None:
            self._done_with(quote.id)

    def action_edit_stance(self) -> None:
        quote = self._visible_current()
        if quote is None:
            return
        original = next((q for q in self.machine.quotes if q.id == quote.id), None) if self.machine else None

        def chosen(result: dict[str, tuple[str, float]] | None) -> None:
            if not result or self.current is None:
                return
            for target, (label, score) in result.items():
                self._correct("set_stance", self.current.id, target, label, score=score)

        from .stance_editor import StanceEditor

        editor = StanceEditor(
            quote.id,
            self.targets,
            quote.stance,
            original.stance if original else {},
            focused_target=self.target,
            title=f"Stance of {visible(quote.id)} · {visible((self.analysis.speaker(quote.speaker) or _NoSpeaker).name)[:30]}",
        )
        self.app.push_screen(editor, chosen)

    # ------------------------------------------------------------------ the speaker sidebar

    def _sidebar_speaker(self):
        speaker_id = self.query_one(SpeakerList).speaker_id
        return self.analysis.speaker(speaker_id) if self.analysis is not None and speaker_id else None

    def action_rename_speaker(self) -> None:
        speaker = self._sidebar_speaker()
        if speaker is None:
            return

        def chosen(name: str | None) -> None:
            if name and name != speaker.name:
                self._correct("rename_speaker", speaker.id, name)

        from .text_prompt import TextPrompt

        self.app.push_screen(TextPrompt(f"Rename {visible(speaker.name)[:40]}", visible(speaker.name)), chosen)

    def action_merge_speaker(self) -> None:
        speaker = self._sidebar_speaker()
        if speaker is None:
            return
        others = [s for s in self.analysis.speakers if s.id != speaker.id]

        def chosen(result: tuple[str, str] | None) -> None:
            if result is not None and result[0] == "speaker":
                self._correct("merge_speakers", speaker.id, result[1])

        from .speaker_picker import SpeakerPicker

        picker = SpeakerPicker(others, None, quote_counts(self.analysis),
                               title=f"Merge {visible(speaker.name)[:30]} into…", allow_new=False,
                               all_speakers=self.analysis.speakers)
        self.app.push_screen(picker, chosen)

    def action_speaker_stance(self, label: str) -> None:
        speaker, target = self._sidebar_speaker(), self.target
        if speaker is not None and target is not None:
            self._correct("override_speaker_stance", speaker.id, target, label)

    def _key(self, binding_id: str) -> str:
        """The key(s) that run binding ``binding_id`` here, as the footer shows them (the user's
        keymap included): hints name the keys that work, not the defaults."""
        from .help import key_list

        binding = self.KEYS.binding(binding_id)
        return key_list(self.app, binding, self.app.keymap) if binding is not None else "?"

    def _own_key(self, binding_id: str) -> str:
        """``_key`` without the keys another of the screen's own bindings also holds under the
        user's keymap (``{"reject": "i"}`` makes i reject): "" when none is left, so that a hint
        never names a key that does something else."""
        from .help import key_list

        binding = self.KEYS.binding(binding_id)
        if binding is None:
            return ""
        taken = set().union(*(keys.bound_keys(b, self.app.keymap) for section in self.KEYS.sections
                              if not section.target for b in section.bindings if b.id != binding_id))
        free = sorted(keys.bound_keys(binding, self.app.keymap) - taken)
        return key_list(self.app, Binding(",".join(free), binding.action), {}) if free else ""

    def _sidebar_hint(self) -> str:
        """The sidebar's keys, shown while it has the focus: "r rename · M merge · 1-3 stance · ⏎ quotes"."""
        stances = [self._key(f"speaker_stance_{label}") for label in STANCE_LABELS]
        stance = "1-3" if stances == ["1", "2", "3"] else " ".join(stances)
        return f"{self._key('rename_speaker')} rename · {self._key('merge_speaker')} merge · {stance} stance · ⏎ quotes"

    def action_toggle_sidebar(self) -> None:
        """Hide the speaker sidebar, the article taking its width (a focus inside it moves to the
        article; the status line names the key that brings it back), or show it again as it was
        (app.tcss: ``-sidebar-hidden``)."""
        hiding = not self.has_class("-sidebar-hidden")
        if hiding:
            if self.focused is not None and self.query_one("#side") in self.focused.ancestors_with_self:
                self.view.focus()
            detail = self._own_key("quote_detail")
            self.query_one("#sidebar-hidden-hint", Label).update(
                f"{self._key('toggle_sidebar')} shows sidebar" + (f" · {detail} detail" if detail else ""))
        self.set_class(hiding, "-sidebar-hidden")

    def action_cycle_kind(self) -> None:
        quote = self._visible_current()
        if quote is None:
            return
        kinds = list(QUOTE_KINDS)
        kind = kinds[(kinds.index(quote.kind) + 1) % len(kinds)] if quote.kind in kinds else kinds[0]
        self._correct("set_kind", quote.id, kind)

    def action_reject(self) -> None:
        quote = self._visible_current()
        if quote is None:
            return
        if quote.id in self._rejected:
            if self._correct("restore_quote", quote.id) is not None:
                self.notify(visible(f"restored {quote.id}"), timeout=2, markup=False)  # ids are data
            return
        if self._correct("reject_quote", quote.id) is not None:
            self.notify(visible(f"rejected {quote.id} (x restores, u undoes)"), timeout=2, markup=False)
            if self.focus_id == quote.id:  # a rejection completes the quote's review too
                if not (getattr(self.app, "auto_advance", True) and self._go_unreviewed(1)):
                    self._step(1)

    def _visible_current(self) -> Quote | None:
        """The focused quote if it is on screen; otherwise it is brought into view (and None:
        an action never acts on a quote the user cannot see)."""
        quote = self.current
        if quote is None:
            return None
        view = self.view
        top, height = view.scroll_offset.y, view.scrollable_content_region.height
        first, last = view.line_of(quote.start), view.line_of(max(quote.start, quote.end - 1))
        if height and (last < top or first >= top + height):
            view.scroll_to_span(quote.start, quote.end)
            self.notify(visible(f"{quote.id} was off screen: here it is"), timeout=3, markup=False)
            return None
        return quote

    def action_add_quote(self) -> None:
        view = self.view
        selection = view.selection
        if selection is None:
            self.notify("select the text first: v, then w/b (word) or )/( (sentence)", timeout=4)
            return
        start, end = selection
        text = view.plain
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            self.notify("the selection is empty", timeout=2)
            return
        view.clear_selection()
        new_id = self._correct("add_quote", start, end)
        if new_id:
            self.focus_id = new_id
            self.refresh_quote()
            self.notify(visible(f"added {new_id} — s sets its speaker"), timeout=3, markup=False)

    def action_undo(self) -> None:
        self._history("undo")

    def action_redo(self) -> None:
        self._history("redo")

    def _history(self, which: str) -> None:
        """Undo or redo, then focus the quote it touched (so the user sees what changed)."""
        before = dict(self.effective.corrected) if self.effective else {}
        rejected = {q.id for q in self.effective.rejected} if self.effective else set()
        reviewed = set(self.effective.reviewed) if self.effective else set()
        try:
            steps = 2 if self._paired(which) else 1
            done = False
            for _ in range(steps):
                done = getattr(self.app.store, which)(self.article_id) or done
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.reload()
        after = self.effective.corrected
        touched = {key[1] for key in set(before) ^ set(after) if key[0] == "quote"}
        touched |= {key[1] for key in set(before) & set(after) if key[0] == "quote" and before[key] != after[key]}
        touched |= rejected ^ {q.id for q in self.effective.rejected}
        touched |= reviewed ^ set(self.effective.reviewed)
        present = [q for q in self.quotes if q.id in touched]
        if present:
            self._go(present[0])
        if not done:
            self.notify(f"nothing to {which}", timeout=2)
            return
        what = describe_change(before, after, rejected, {q.id for q in self.effective.rejected},
                               reviewed, set(self.effective.reviewed), self.analysis, self.machine)
        self.notify(f"{'undone' if which == 'undo' else 'redone'}: {what}", timeout=3, markup=False)

    def _paired(self, which: str) -> bool:
        """Whether the next undo (redo) is a correction and the review it completed (auto
        advance): one key made both, so one undo takes back both."""
        log = self.effective.log if self.effective is not None else None
        if log is None or not getattr(self.app, "auto_advance", True):
            return False
        stack = self.app.store.undo_stack(self.effective, which)  # the annotator's own corrections
        if len(stack) < 2:
            return False
        review, correction = (stack[-1], stack[-2]) if which == "undo" else (stack[-2], stack[-1])
        return (review.action == "mark_reviewed" and review.new is True and correction.action != "mark_reviewed"
                and correction.entity == "quote" and correction.entity_id == review.entity_id)

    # ------------------------------------------------------------------ search

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.value = self.search_query
        self.set_focus(search)  # at once: keys typed right after / are already queued

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "search":
            return
        event.stop()
        self.search_query = event.value
        self._close_search()
        query = event.value.casefold()
        plain = self.view.plain.casefold()
        self.matches = []
        if query:
            start = plain.find(query)
            while start >= 0:
                self.matches.append((start, start + len(query)))
                start = plain.find(query, start + max(1, len(query)))
        after = [i for i, m in enumerate(self.matches) if m[0] >= self.view.cursor]
        self.match_index = (after or [0])[0] if self.matches else None
        self._show_match()
        self._binding_state = None  # refreshed here, whatever reload last published
        self.refresh_bindings()

    def _close_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = False
        self.view.focus()

    def on_key(self, event) -> None:
        if event.key == "escape" and self.query_one("#search", Input).has_focus:
            event.stop()
            self._close_search()

    def _show_match(self) -> None:
        view = self.view
        view.set_matches(self.matches, self.match_index)
        if self.match_index is not None:
            start, end = self.matches[self.match_index]
            view.scroll_to_span(start, end)
            self._focus_near(start)
            view.move_cursor(start)
        elif self.search_query:
            self.notify("no match", timeout=2)
        self.update_status()

    def _focus_near(self, offset: int) -> None:
        """Focus the quote at or after ``offset`` if it is on screen; otherwise no quote (the
        keys then act on nothing the user cannot see)."""
        view = self.view
        top, height = view.scroll_offset.y, view.scrollable_content_region.height
        quote = next((q for q in self.quotes if q.end > offset), None)
        if quote is not None and top <= view.line_of(quote.start) < top + max(1, height):
            self.focus_id = quote.id
        elif quote is not None and view.line_of(quote.start) < top <= view.line_of(quote.end - 1):
            self.focus_id = quote.id  # the match is inside a long quote that began above
        else:
            self.focus_id = None
        self.refresh_quote(scroll=False)
        self._refresh_bindings_if_changed()

    def action_next_match(self) -> None:
        if self.matches:
            self.match_index = ((self.match_index or 0) + 1) % len(self.matches)
            self._show_match()

    def action_previous_match(self) -> None:
        if self.matches:
            self.match_index = ((self.match_index or 0) - 1) % len(self.matches)
            self._show_match()

    # ------------------------------------------------------------------ dialogs

    def action_export(self) -> None:
        from store.formats import FORMATS, SUFFIXES  # the registry of export formats

        from ..widgets.layer_select import ALL_LAYERS, export_layers
        from .export_dialog import ExportDialog

        store, article_id = self.app.store, self.article_id

        def run(path: Path, fmt: str, force: bool, everything: bool, layer) -> int:
            from store.export import export

            ids = None if everything else [article_id]
            if layer is ALL_LAYERS:  # as export --all-layers: refuses a format it cannot write before any file
                from store.export_layers import writer_for

                return export(store, path, fmt, ids, force=force, writer=writer_for(fmt))
            return export(store, path, fmt, article_ids=ids, force=force, layer=layer)

        self.app.push_screen(ExportDialog(FORMATS, None, f"stance-reader-{article_id}", run, SUFFIXES,
                                          layers=export_layers(store), layer=store.view_name()))


class _NoSpeaker:
    name = "no speaker"


_SUFFIX = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def short_name(name: str, aliases=(), width: int = 7) -> str:
    """A speaker's name for a chip ``width`` cells wide: a one-word alias that is a word of the
    name (the last such word: the surname, in Western order), else the shortest form of
    3+ characters; cut with an ellipsis.

    >>> short_name("Lloyd J. Austin III", ["Lloyd", "Austin", "Defense Secretary Lloyd Austin"])
    'Austin'
    >>> short_name("Kim Yong-hyun", ["Kim", "South Korea’s defense minister"])
    'Kim'
    >>> short_name("Ministry of National Defense", [])
    'Minist…'
    """
    shown = visible(name).strip() or "?"
    words = [w for w in shown.split() if w.casefold() not in _SUFFIX]
    single = {visible(a).strip() for a in aliases if len(visible(a).split()) == 1}
    in_name = [w for w in words if w in single and len(w) >= 3]
    if in_name:
        best = in_name[-1]
    else:
        forms = [f for f in [" ".join(words) or shown, *(visible(a).strip() for a in aliases)] if len(f) >= 3] or [shown]
        best = min(forms, key=lambda f: (len(f) > width, len(f)))
    return best if len(best) <= width else best[: width - 1] + "…"


def describe_change(before: dict, after: dict, rejected_before: set, rejected_after: set,
                    reviewed_before: set, reviewed_after: set, analysis, machine) -> str:
    """What an undo or redo changed, in words: ``stance toward Russia of q12``, ``review of q3``…"""
    changed = [key for key in set(before) | set(after) if before.get(key) != after.get(key)]
    for kind, ident, field in sorted(changed):
        if kind == "speaker":
            speaker = analysis.speaker(ident) or (machine.speaker(ident) if machine else None)
            name = visible(speaker.name)[:30] if speaker else ident
            what = {"name": "rename", "merged": "merge", "added": "new speaker"}.get(field, field.replace("stance.", "stance toward "))
            return f"{what} of {name}"
        if field == "added":
            return f"added quote {ident}"
        if field == "rejected":
            continue  # said below (the rejection set)
        return f"{field.replace('stance.', 'stance toward ')} of {ident}"
    for ident in sorted(rejected_before ^ rejected_after):
        return f"rejection of {ident}"
    for ident in sorted(reviewed_before ^ reviewed_after):
        return f"review of {ident}"
    return "a correction"
