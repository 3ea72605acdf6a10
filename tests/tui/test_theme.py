"""Colours come from app.tcss through the theme: the default theme draws what the app always
drew, and the light theme restyles the article, sidebar and search without a restart."""

from __future__ import annotations

from rich.style import Style

from nlp.model import Analysis
from store.articles import Store
from tui.app import StanceReaderApp
from tui.widgets.article_view import ArticleView
from tui.widgets.speaker_list import SpeakerList

from .waiting import analysis_shown


def hexes(colours) -> list[str]:
    return [c.lower() for c in colours]


async def test_the_default_theme_keeps_the_colours_and_the_light_theme_restyles(tmp_path, seed_text, seed_analysis):
    store = Store(tmp_path / "db.sqlite")
    store.save_analysis(store.add_article(seed_text, "seed.txt"), Analysis.from_dict(seed_analysis.to_dict()))
    app = StanceReaderApp(seed_text, "seed.txt", store, keymap={})
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await analysis_shown(pilot)
        palette = app.palette
        # the colours the app drew before they moved to app.tcss
        assert hexes(palette.speakers) == ["#3b82f6", "#d946ef", "#d97706", "#10b981", "#ef4444", "#8b5cf6", "#0891b2", "#65a30d"]
        assert hexes(palette.targets) == ["#e11d48", "#7c3aed", "#0891b2", "#ca8a04"]
        assert palette.unattributed.lower() == "#9ca3af"
        assert {k: v.lower() for k, v in palette.labels.items()} == {"negative": "#ef4444", "neutral": "#9ca3af", "positive": "#22c55e"}
        assert palette.selecting == Style(color="#3b82f6", bold=True)
        view = screen.query_one(ArticleView)
        await pilot.press("slash", *"the", "enter")
        styles = {span[2] for span in view._overlays(0, len(view.plain))}
        assert {Style(color="#000000", bgcolor="#ca8a04", bold=True), Style(color="#ffffff", bgcolor="#854d0e")} <= styles
        spans_before = list(view._spans)

        app.theme = "textual-light"
        await pilot.pause()
        light = app.palette
        assert light.unattributed != palette.unattributed and light.labels["positive"] != palette.labels["positive"]
        assert light.speakers[0] == palette.speakers[0]  # the mid-luminance hues stay
        assert view._spans != spans_before  # the article is restyled with the light palette
        used = {span[2].color.name.lower() for span in view._spans if span[2].color}
        assert used <= {c.lower() for c in (*light.speakers, *light.targets, light.unattributed)}
        sidebar = screen.query_one(SpeakerList)
        drawn = {Style.parse(str(span.style)).color for option in sidebar.options for span in option.prompt.spans}
        drawn = {colour.name.lower() for colour in drawn if colour is not None}
        assert drawn and drawn <= {c.lower() for c in (*light.speakers, *light.labels.values())}
    store.close()
