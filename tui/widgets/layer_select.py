"""The choice of a correction layer to export (independent review): yours, everyone's, gold, all of
them side by side, another's."""

from __future__ import annotations

import hashlib
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


_FIXED_PARTS = {SHARED: "effective", GOLD: "gold"}


def layer_file_part(layer: str | _AllLayers) -> str:
    """The layer's part of a default export file name (``stance-reader-3.alice.jsonl``): gold,
    effective, all-layers or the annotator's name made safe (``tui.safe_text.file_slug``):
    annotator names are untrusted text. A name the slug changes gets a short digest of the name,
    so that two layers never share a file name ("Alice" and "alice", "Gold" and gold).

    >>> layer_file_part("alice"), layer_file_part(GOLD), layer_file_part(ALL_LAYERS)
    ('alice', 'gold', 'all-layers')
    >>> layer_file_part("Alice"), layer_file_part("../x")
    ('alice-3bc510', 'x-d6b96a')
    """
    if layer is ALL_LAYERS:
        return "all-layers"
    if layer in _FIXED_PARTS:
        return _FIXED_PARTS[layer]
    slug = file_slug(layer, "annotator")
    if slug == layer and slug not in ("all-layers", *_FIXED_PARTS.values()):
        return slug
    digest = hashlib.sha256(layer.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return f"{slug}-{digest}"


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
