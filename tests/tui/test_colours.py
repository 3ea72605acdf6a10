"""The colours of the data (app.tcss): no two meanings share a colour, in the dark and the light
theme, and the stance labels stay apart for colour-blind readers."""

from __future__ import annotations

import pytest
from textual.color import Color

from store.articles import Store

from tui.app import StanceReaderApp
from tui.highlight import STANCE_GLYPHS

# Machado, Oliveira & Fernandes (2009) simulation matrices at full severity (linear RGB).
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of linear RGB."""
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def distance(a: str, b: str, cvd: str | None = None) -> float:
    """ΔE (CIE76) between two colours, as seen with colour-vision deficiency ``cvd``."""
    labs = []
    for colour in (a, b):
        c = Color.parse(colour)
        rgb = [_linear(v / 255) for v in (c.r, c.g, c.b)]
        if cvd:
            rgb = [max(0.0, min(1.0, sum(m * v for m, v in zip(row, rgb)))) for row in CVD[cvd]]
        labs.append(_lab(tuple(rgb)))
    return sum((p - q) ** 2 for p, q in zip(*labs)) ** 0.5


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_no_two_meanings_share_a_colour_and_stance_survives_colour_blindness(theme, tmp_path):
    store = Store(tmp_path / "db.sqlite")
    app = StanceReaderApp(None, "", store, keymap={})  # an empty library: the palette is the app's
    async with app.run_test() as pilot:
        app.theme = theme
        await pilot.pause()
        palette = app.palette
        speakers = {c.lower() for c in palette.speakers}
        labels = {k: v.lower() for k, v in palette.labels.items()}
        targets = {c.lower() for c in palette.targets}
        assert len(speakers) == len(palette.speakers)  # every speaker slot its own colour
        assert not speakers & set(labels.values())  # a speaker is never drawn in a stance colour
        assert not targets & (speakers | set(labels.values()))  # target tints are a colour of their own
        assert all(distance(s, labels["negative"]) > 20 for s in speakers)  # not near-misses either
        # negative and positive stance stay apart for the three kinds of colour blindness
        for cvd in (None, *CVD):
            assert distance(labels["negative"], labels["positive"], cvd) > 30, cvd
        assert set(STANCE_GLYPHS) == set(labels)  # and the label is in the shape too
    store.close()
