"""The Textual application: wires the store and the reader screen together."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from store.articles import Store

from .screens.reader import ReaderScreen


class StanceReaderApp(App):
    """stance-reader: who said what, and where each speaker stands."""

    CSS_PATH = "app.tcss"
    TITLE = "stance-reader"
    BINDINGS = [Binding("q", "quit", "Quit", id="quit")]

    def __init__(self, text: str, source: str, store: Store, model_name: str) -> None:
        super().__init__()
        self.text = text
        self.source = source
        self.store = store
        self.model_name = model_name

    def on_mount(self) -> None:
        article_id = self.store.add_article(self.text, self.source)
        title = self.store.article(article_id)["title"]
        self.push_screen(ReaderScreen(article_id, self.text, title))
