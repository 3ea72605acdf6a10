"""A 50,000-word article opens and scrolls without lag; the view restyles without re-wrapping."""

from __future__ import annotations

import time

from nlp.model import Analysis, Mention, Paragraph, Pipeline, Quote, Span, Speaker, QuoteStance
from nlp.pipeline import DEFAULT_MODEL
from store.articles import Store
from tui.app import StanceReaderApp
from tui.widgets.article_view import ArticleView

SENTENCE = 'Officials in the capital said the talks with Russia would continue, and Kim said "we will not accept this outcome" before the vote. '


def long_article(words: int = 50_000) -> tuple[str, Analysis]:
    paragraphs, quotes, mentions, spans = [], [], [], []
    text = "A very long article\n\n"
    speakers = [Speaker(f"s{i}", f"Speaker {i}", "person") for i in range(1, 13)]
    n = 0
    while len(text.split()) < words:
        start = len(text)
        body = SENTENCE * 6
        text += body + "\n\n"
        paragraphs.append(Paragraph(start, start + len(body), "body"))
        for k in range(6):
            s0 = start + k * len(SENTENCE)
            q0 = s0 + SENTENCE.index('"we') + 1
            q1 = s0 + SENTENCE.index('" before')
            cue = s0 + SENTENCE.index("Kim said") + 4
            n += 1
            quotes.append(Quote(f"q{n}", q0, q1, text[q0:q1], "direct", Span(cue, cue + 4, "said"),
                                speakers[n % 12].id, Span(cue - 4, cue - 1, "Kim"), 0.6 + (n % 4) / 10,
                                stance={"Russia": QuoteStance(-0.4, "negative", ["not accept"])}))
            r0 = s0 + SENTENCE.index("Russia")
            mentions.append(Mention("Russia", r0, r0 + 6, "Russia"))
        spans.append(start)
    analysis = Analysis("long.txt", text, Pipeline(DEFAULT_MODEL, "test"), paragraphs, speakers, quotes, mentions)
    return text, analysis


async def test_a_50000_word_article_opens_and_scrolls_fast(tmp_path):
    text, analysis = long_article()
    assert len(text.split()) >= 50_000
    store = Store(tmp_path / "long.db")
    article_id = store.add_article(text, "long.txt")
    store.save_analysis(article_id, analysis)
    app = StanceReaderApp(text, "long.txt", store, keymap={})
    started = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        opened = time.perf_counter() - started
        screen = app.screen
        view = screen.query_one(ArticleView)
        assert screen.analysis is not None and view.line_count > 3000
        starts = view._starts
        started = time.perf_counter()
        for _ in range(20):
            await pilot.press("pagedown")
        await pilot.press("end")
        await pilot.pause()
        scrolled = time.perf_counter() - started
        started = time.perf_counter()
        for _ in range(10):
            await pilot.press("j")
        stepped = time.perf_counter() - started
        started = time.perf_counter()
        await pilot.press("1")  # a correction: reload, restyle
        corrected = time.perf_counter() - started
        assert view._starts is starts  # restyled, not re-wrapped
        last = view.rendered_lines()
        assert any("we will not accept" in line for line in last)
    store.close()
    # Generous bounds (the suite may share the machine); a whole-text rebuild per key would blow them.
    assert opened < 15, opened
    assert scrolled < 12, scrolled
    assert stepped < 8, stepped
    assert corrected < 5, corrected
    print(f"open {opened:.2f}s · 21 page scrolls {scrolled:.2f}s · 10 quote steps {stepped:.2f}s · correction {corrected:.2f}s")
