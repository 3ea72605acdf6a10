"""Export corrections and analyses: format, layer (independent review), path, overwrite; shows the outcome."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Select, Static

from ..widgets.layer_select import LayerSelect, layer_file_part

ExportFn = Callable[[Path, str, bool, bool, object], int]
"""(path, format, force, all_articles, layer) -> rows written; raises with a one-line message.
``layer``: a layer's name, None (the store's default) or ``ALL_LAYERS`` (every layer side by side)."""

HELP = "tab next field · space toggle · enter export · esc close"
LAYER_HELP = "shift+tab layer · tab next · space toggle · enter export · esc close"  # the layer row is above the path, where the focus starts


class ExportDialog(ModalScreen[int | None]):
    """``layers``: ``(label, layer)`` to choose from (``tui.widgets.layer_select.layer_options``),
    ``layer`` the one chosen at first; without ``layers`` there is no choice and ``layer`` is
    what is exported (None: the store's default).

    The proposed path is ``directory/stem.suffix`` (with a choice of layers
    ``directory/stem.LAYER.suffix``); it follows the format and the layer chosen until the user
    edits it."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="export_close"),
        Binding("ctrl+s", "export", "Export", id="export_run"),
    ]

    def __init__(self, formats: tuple[str, ...] | list[str], directory: Path | None, stem: str, run: ExportFn,
                 suffixes: dict[str, str] | None = None, layers: list | None = None,
                 layer: str | None = None) -> None:
        super().__init__()
        self.layer_choices = layers or []
        self.default_layer = layer
        self.formats = list(formats)
        self.suffixes = suffixes or {}
        self.directory = directory
        self.stem = stem
        self.run = run
        self.written: int | None = None
        self.proposed = ""  # the path the dialog last proposed; once the input differs, it is the user's
        self.named_for = layer  # the layer the file name in the path input was made for

    def _suffix(self, fmt: str) -> str:
        return self.suffixes.get(fmt, "." + fmt)

    def _stem_for(self, layer) -> str:
        """The default file name without its suffix: the stem, with the layer's part when there is a choice."""
        return f"{self.stem}.{layer_file_part(layer)}" if self.layer_choices else self.stem

    def _default_path(self, fmt: str, layer) -> str:
        name = self._stem_for(layer) + self._suffix(fmt)
        return str(self.directory / name) if self.directory else name

    def _propose(self, path: str) -> None:
        """Put ``path`` in the path input as the dialog's proposal."""
        self.proposed = path
        self.query_one("#export-path", Input).value = path

    def _untouched(self) -> bool:
        """Whether the path input still holds the dialog's proposal (or nothing): not the user's."""
        value = self.query_one("#export-path", Input).value
        return not value or value == self.proposed

    def compose(self) -> ComposeResult:
        with Vertical(id="export", classes="dialog"):
            yield Label("Export", classes="dialog-title")
            with Horizontal(id="export-format-row"):
                yield Label("Format ", classes="field-label")
                with RadioSet(id="export-format", compact=True):
                    for i, fmt in enumerate(self.formats):
                        yield RadioButton(fmt, value=i == 0, id=f"fmt-{fmt}", compact=True)
            if self.layer_choices:
                with Horizontal(id="export-layer-row"):
                    yield Label("Layer  ", classes="field-label")
                    yield LayerSelect(self.layer_choices, self.default_layer, id="export-layer")
            with Horizontal(id="export-path-row"):
                yield Label("Path   ", classes="field-label")
                self.proposed = self._default_path(self.formats[0], self.default_layer) if self.formats else ""
                yield Input(self.proposed, id="export-path", compact=True)
            with Horizontal(id="export-options"):
                yield Label("       ", classes="field-label")
                yield Checkbox("overwrite", id="export-force", compact=True)
                yield Checkbox("all articles", id="export-all", compact=True)
            with Horizontal(id="export-buttons"):
                yield Label("       ", classes="field-label")
                yield Button("Export", variant="primary", id="export-run", compact=True)
                yield Button("Close", id="export-close", compact=True)
            yield Static("", id="export-result")
            yield Label(LAYER_HELP if self.layer_choices else HELP, classes="dialog-help")

    def on_mount(self) -> None:
        path_input = self.query_one("#export-path", Input)
        path_input.cursor_blink = getattr(self.app, "cursor_blink", True)
        path_input.focus()

    @property
    def fmt(self) -> str:
        radio = self.query_one(RadioSet)
        index = radio.pressed_index if radio.pressed_index >= 0 else 0
        return self.formats[index]

    @property
    def layer(self) -> str | None:
        """The layer to export: the one chosen, else the one given."""
        if not self.layer_choices:
            return self.default_layer
        return self.query_one("#export-layer", LayerSelect).value

    def _follow(self, named_for, suffix: str | None = None) -> None:
        """The path follows the format and the layer now chosen: the dialog's proposal wholly; a
        path the user edited only where its file name is still ``named_for``'s default (its
        folder kept, its suffix too unless ``suffix`` is given); a name the user typed stays."""
        if self._untouched():
            self._propose(self._default_path(self.fmt, self.layer))
            return
        path_input = self.query_one("#export-path", Input)
        old = Path(path_input.value)
        if old.stem == self._stem_for(named_for):
            path_input.value = str(old.with_name(self._stem_for(self.layer) + (suffix or old.suffix)))

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """A format chosen: the suffix follows it ("…alice.jsonl" → "…alice.csv")."""
        self._follow(self.layer, self._suffix(self.fmt))

    def on_select_changed(self, event: Select.Changed) -> None:
        """A layer chosen: the file name follows it ("out/…alice.jsonl" → "out/…bob.jsonl")."""
        event.stop()
        previous, self.named_for = self.named_for, event.value
        self._follow(previous)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export-run":
            self.action_export()
        else:
            self.action_close()

    def action_export(self) -> None:
        result = self.query_one("#export-result", Static)
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            result.update(Text("✗ give a path"))
            result.set_classes("error")
            return
        path = Path(raw).expanduser()
        force = self.query_one("#export-force", Checkbox).value
        everything = self.query_one("#export-all", Checkbox).value
        if path.exists() and not force:
            result.update(Text(f"✗ {path} already exists — tick “overwrite” to replace it"))
            result.set_classes("error")
            return
        try:
            count = self.run(path, self.fmt, force, everything, self.layer)
        except Exception as exc:  # the UI boundary: every failure is a one-line message
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            result.update(Text(f"✗ {message}"))
            result.set_classes("error")
            return
        self.written = count
        result.update(Text(f"✓ wrote {count} records to {path}"))
        result.set_classes("ok")

    def action_close(self) -> None:
        self.dismiss(self.written)
