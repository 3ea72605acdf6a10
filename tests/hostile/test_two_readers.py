"""Two readers on one database (issue 17): a screen learns of corrections written by another
process (``PRAGMA data_version``) and repaints them, and undo/redo act on one's own corrections."""

from __future__ import annotations

import asyncio

from store.articles import Store
from tui.app import StanceReaderApp
from tui.widgets.article_view import ArticleView

from tests.seeded import seed_store
from ..tui.waiting import analysis_shown as ready


async def test_a_correction_by_another_reader_is_repainted(tmp_path, seed_text, seed_analysis):
    path = tmp_path / "shared.db"
    alice, article_id = seed_store(path, seed_text, seed_analysis, annotator="alice")
    bob = Store(path, annotator="bob")  # another connection: what another process has
    app = StanceReaderApp(seed_text, "seed.txt", alice, keymap={})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j")
        await pilot.pause()
        quote = screen.current
        assert quote.id not in screen.effective.reviewed
        version = alice.data_version()
        bob.set_stance(article_id, quote.id, "Russia", "positive")
        bob.mark_reviewed(article_id, quote.id)
        assert alice.data_version() != version  # the other connection's commits are seen
        for _ in range(100):  # the poll runs every half second; no clock is asserted
            await pilot.pause(0.1)
            if quote.id in screen.effective.reviewed:
                break
        eff = screen.effective
        assert quote.id in eff.reviewed and eff.reviewed_by[quote.id].annotator == "bob"
        assert eff.corrected[("quote", quote.id, "stance.Russia")].annotator == "bob"
        view = screen.query_one(ArticleView)
        first = view.line_of(quote.start) - view.scroll_offset.y
        assert "✎" in view.rendered_lines()[first][:view.gutter_width]  # painted, not only read
        detail = str(screen.query_one("#detail").render())
        assert "positive" in detail
    bob.close()
    alice.close()


def test_undo_takes_back_ones_own_correction_never_another_readers(tmp_path, seed_analysis, seed_text):
    """Two annotators on one shared database: each ``u`` undoes that annotator's own newest
    correction, even when the other's is newer; redo brings back one's own."""
    path = tmp_path / "shared.db"
    alice, article_id = seed_store(path, seed_text, seed_analysis, annotator="alice")
    bob = Store(path, annotator="bob")
    first, second = [q.id for q in seed_analysis.quotes if q.kind != "scare"][:2]
    alice.set_stance(article_id, first, "Russia", "positive")
    bob.set_stance(article_id, second, "Russia", "positive")  # newer than alice's
    assert alice.undo(article_id)
    corrected = bob.effective(article_id).corrected
    assert ("quote", first, "stance.Russia") not in corrected  # alice's own is gone
    assert corrected[("quote", second, "stance.Russia")].annotator == "bob"  # bob's stays
    assert not alice.can_undo(article_id) and alice.can_redo(article_id)  # bob's newer one is not hers to undo
    assert bob.can_undo(article_id) and bob.undo(article_id)
    assert ("quote", second, "stance.Russia") not in alice.effective(article_id).corrected
    assert bob.redo(article_id)
    assert alice.effective(article_id).corrected[("quote", second, "stance.Russia")].annotator == "bob"
    assert alice.redo(article_id)  # hers comes back; bob's is untouched
    corrected = alice.effective(article_id).corrected
    assert corrected[("quote", first, "stance.Russia")].annotator == "alice"
    assert corrected[("quote", second, "stance.Russia")].annotator == "bob"
    bob.close()
    alice.close()
