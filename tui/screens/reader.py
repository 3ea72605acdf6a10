"""The reader: article, speaker sidebar and quote detail for one article."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, LoadingIndicator, OptionList

from nlp.model import Analysis, Quote

from ..highlight import article_text
from ..widgets.article_view import ArticleView
from ..widgets.quote_detail import QuoteDetail
from ..widgets.speaker_list import SpeakerList


class ReaderScreen(Screen):
    """Shows one article; analysis runs in a worker if the store has none yet."""

    BINDINGS = [
        Binding("j,down", "next_quote", "Next", id="next_quote"),
        Binding("k,up", "previous_quote", "Prev", id="previous_quote"),
    ]

    def __init__(self, article_id: int, text: str, title: str) -> None:
        super().__init__()
        self.article_id = article_id
        self.text = text
        self.article_title = title
        self.analysis: Analysis | None = None
        self.position: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield ArticleView(article_text(None, self.text), id="article")
            with Vertical(id="side"):
                yield LoadingIndicator(id="analysing")
                yield SpeakerList(id="speakers")
                yield QuoteDetail(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.article_title
        self.query_one(ArticleView).focus()
        analysis = self.app.store.analysis(self.article_id)
        if analysis is None:
            self.analyse()
        else:
            self.show_analysis(analysis)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def analyse(self) -> None:
        from nlp.analyze import analyze
        from nlp.pipeline import load_pipeline

        nlp = load_pipeline(self.app.model_name)
        analysis = analyze(self.text, nlp, source=self.app.source, model_name=self.app.model_name)
        self.app.call_from_thread(self.analysis_ready, analysis)

    def analysis_ready(self, analysis: Analysis) -> None:
        """Save a fresh analysis (the store lives on the UI thread), then show it."""
        self.app.store.save_analysis(self.article_id, analysis)
        self.show_analysis(analysis)

    def on_worker_state_changed(self, event) -> None:
        if event.worker.error is not None:
            self.query_one("#analysing").display = False
            self.notify(f"analysis failed: {event.worker.error}", severity="error", markup=False)

    def show_analysis(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.query_one("#analysing").display = False
        targets = sorted({t for s in analysis.speakers for t in s.stance} | {m.target for m in analysis.mentions})
        self.query_one(SpeakerList).show(analysis, targets)
        self.position = 0 if self.statements else None
        self.refresh_quote()

    @property
    def statements(self) -> list[Quote]:
        return [q for q in self.analysis.quotes if q.kind != "scare"] if self.analysis else []

    @property
    def current(self) -> Quote | None:
        quotes = self.statements
        return quotes[self.position] if self.position is not None and self.position < len(quotes) else None

    def refresh_quote(self) -> None:
        quote = self.current
        view = self.query_one(ArticleView)
        view.set_content(article_text(self.analysis, self.text, quote.id if quote else None))
        if quote:
            view.scroll_to_offset(quote.start)
        self.query_one(QuoteDetail).show(self.analysis, quote)

    def _move(self, step: int) -> None:
        if self.position is None:
            return
        self.position = max(0, min(len(self.statements) - 1, self.position + step))
        self.refresh_quote()

    def action_next_quote(self) -> None:
        self._move(1)

    def action_previous_quote(self) -> None:
        self._move(-1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        speaker_id = event.option.id
        quotes = self.statements
        after = [i for i, q in enumerate(quotes) if q.speaker == speaker_id and i > (self.position or -1)]
        first = [i for i, q in enumerate(quotes) if q.speaker == speaker_id]
        if first:
            self.position = (after or first)[0]
            self.refresh_quote()
