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
        # the colours of app.tcss (issue 16: no two meanings share one; see test_colours.py)
        assert hexes(palette.speakers) == ["#6366f1", "#d946ef", "#eab308", "#10b981", "#f43f5e", "#a78bfa", "#2dd4bf", "#84cc16"]
        assert hexes(palette.targets) == ["#4c1d95", "#164e63", "#713f12", "#831843"]  # background tints
        assert palette.unattributed.lower() == "#9ca3af"
        assert {k: v.lower() for k, v in palette.labels.items()} == {"negative": "#fb923c", "neutral": "#9ca3af", "positive": "#38bdf8"}
        assert palette.selecting == Style(color="#60a5fa", bold=True)
        view = screen.query_one(ArticleView)
        await pilot.press("slash", *"the", "enter")
        styles = {span[2] for span in view._overlays(0, len(view.plain))}
        assert {Style(color="#000000", bgcolor="#ca8a04", bold=True), Style(color="#ffffff", bgcolor="#854d0e")} <= styles
        spans_before = list(view._spans)

        app.theme = "textual-light"
        await pilot.pause()
        light = app.palette
        assert light.unattributed != palette.unattributed and light.labels["positive"] != palette.labels["positive"]
        assert light.speakers[0] != palette.speakers[0]  # darker on a light background
        assert view._spans != spans_before  # the article is restyled with the light palette
        used = {span[2].color.name.lower() for span in view._spans if span[2].color}
        assert used <= {c.lower() for c in (*light.speakers, light.unattributed)}
        tints = {span[2].bgcolor.name.lower() for span in view._spans if span[2].bgcolor}
        assert tints and tints <= {c.lower() for c in light.targets}
        sidebar = screen.query_one(SpeakerList)
        drawn = {Style.parse(str(span.style)).color for option in sidebar.options for span in option.prompt.spans}
        drawn = {colour.name.lower() for colour in drawn if colour is not None}
        assert drawn and drawn <= {c.lower() for c in (*light.speakers, *light.labels.values())}
    store.close()
