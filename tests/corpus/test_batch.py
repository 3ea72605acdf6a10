"""Batch analysis: every article analysed once; an interrupted run resumes where it stopped."""

from __future__ import annotations

from nlp.contract import problems
from nlp.pipeline import DEFAULT_MODEL
from store.articles import Store
from store.library import Library
from tui.cli import main
from tui.commands.batch import analyze_pending
from tui.commands.import_cmd import import_paths


def analysis_times(store):
    return {r["article_id"]: r["created"] for r in store.db.query("select article_id, created from analyses")}


def test_interrupted_batch_resumes_without_redoing_finished_articles(tmp_path, many_articles, nlp):
    store = Store(tmp_path / "db.sqlite")
    try:
        result = import_paths(store, [str(many_articles)])
        assert len(result.added) == 6

        saved = []

        def interrupt_after_two(article_id):
            saved.append(article_id)
            if len(saved) == 2:
                raise KeyboardInterrupt  # what ctrl+c does in the middle of a run

        first = analyze_pending(store, DEFAULT_MODEL, nlp=nlp, progress=False, on_saved=interrupt_after_two)
        assert first.interrupted and first.done == 2 and first.remaining == 4
        before = analysis_times(store)
        assert sorted(before) == sorted(saved)
        assert Library(store).pending() == [i for i in result.added if i not in saved]

        redone = []
        second = analyze_pending(store, DEFAULT_MODEL, nlp=nlp, progress=False, on_saved=redone.append)
        assert not second.interrupted and second.done == 4
        assert not set(redone) & set(saved), "finished articles were analysed again"
        after = analysis_times(store)
        assert len(after) == 6
        assert {k: after[k] for k in before} == before
        third = analyze_pending(store, DEFAULT_MODEL, nlp=nlp, progress=False)
        assert third.total == 0
        for article_id in after:
            doc = store.analysis(article_id).to_dict()
            assert problems(doc) == []
        entries = Library(store).entries()
        assert all(e.analysed and e.quotes >= 1 for e in entries)
    finally:
        store.close()


def test_import_analyze_with_two_workers(capsys, db_path, many_articles):
    code = main(["import", "--analyze", "--workers", "2", "--no-progress", str(many_articles)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "analysed 6 of 6 article(s)" in err
    store = Store(db_path)
    try:
        assert len(analysis_times(store)) == 6
    finally:
        store.close()
    code = main(["analyze-all", "--no-progress"])
    out, err = capsys.readouterr()
    assert code == 0 and "analysed 0 of 0" in err
