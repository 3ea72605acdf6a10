"""The choice of a correction layer to export (independent review): yours, everyone's, gold, all of
them side by side, another's."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widgets import Select

from store.articles import SHARED
from store.corrections import GOLD

from ..safe_text import file_slug, visible


class _AllLayers:
    """The type of ``ALL_LAYERS``: not a string, so no annotator's name can stand for it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "ALL_LAYERS"


ALL_LAYERS = _AllLayers()
"""The Layer list's entry for every layer side by side, one row per quote (``export --all-layers``,
``store.export_layers``)."""


def layer_options(you: str, annotators: Iterable[str]) -> list[tuple[Text, str | _AllLayers]]:
    """``(label, layer)`` for the export's ``layer=``: your own layer first, then everyone's,
    gold, all layers side by side (``ALL_LAYERS``) and each other annotator's. Names are data:
    plain ``Text``, never markup."""
    options = [(Text(f"yours ({visible(you)})"), you),
               (Text("everyone's (effective)"), SHARED),
               (Text("gold (adjudicated)"), GOLD),
               (Text("all layers, side by side (jsonl, csv)"), ALL_LAYERS)]
    taken = {you, SHARED, GOLD}
    for name in annotators:
        if name not in taken:
            taken.add(name)
            options.append((Text(visible(name)), name))
    return options


def layer_file_part(layer: str | _AllLayers) -> str:
    """The layer's part of a default export file name (``stance-reader-3.alice.jsonl``): gold,
    effective, all-layers or the annotator's name made safe (``tui.safe_text.file_slug``):
    annotator names are untrusted text."""
    return "all-layers" if layer is ALL_LAYERS else file_slug(layer, "annotator")


def export_layers(store) -> list[tuple[Text, str | _AllLayers]]:
    """The layers the reader may export: none to choose from in shared review (one layer)."""
    from store import team

    if store.review != "independent":
        return []
    return layer_options(store.annotator, team.annotators(store))


class LayerSelect(Select[str | _AllLayers]):
    """A one-line drop-down of layers (tab focuses it; enter, space or ↓ opens it)."""

    def __init__(self, options: list[tuple[Text, str | _AllLayers]], layer: str, **kwargs) -> None:
        super().__init__(options, value=layer, allow_blank=False, compact=True, **kwargs)
