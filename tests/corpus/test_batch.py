"""Batch analysis: every article analysed once; an interrupted run resumes where it stopped."""

from __future__ import annotations

from nlp.analyzer import Analyzer
from nlp.contract import problems
from store.articles import Store
from store.library import Library
from tests.signals import like_a_terminal
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

        first = analyze_pending(store, Analyzer(nlp=nlp), progress=False, on_saved=interrupt_after_two)
        assert first.interrupted and first.done == 2 and first.remaining == 4
        before = analysis_times(store)
        assert sorted(before) == sorted(saved)
        assert Library(store).pending() == [i for i in result.added if i not in saved]

        redone = []
        second = analyze_pending(store, Analyzer(nlp=nlp), progress=False, on_saved=redone.append)
        assert not second.interrupted and second.done == 4
        assert not set(redone) & set(saved), "finished articles were analysed again"
        after = analysis_times(store)
        assert len(after) == 6
        assert {k: after[k] for k in before} == before
        third = analyze_pending(store, Analyzer(nlp=nlp), progress=False)
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


def test_ctrl_c_with_two_workers_stops_cleanly_and_a_rerun_resumes(tmp_path):
    """SIGINT to the whole process group, as a terminal's ctrl+c sends it."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    from .conftest import article

    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(40):
        (corpus / f"a{i:02d}.txt").write_text(article(i) * 3, encoding="utf-8")
    db = tmp_path / "db.sqlite"
    env = dict(os.environ, STANCE_READER_DB=str(db))
    cli = [sys.executable, "-m", "tui"]
    assert subprocess.run([*cli, "import", str(corpus)], env=env, capture_output=True).returncode == 0
    proc = subprocess.Popen([*cli, "analyze-all", "--workers", "2", "--no-progress"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=like_a_terminal)

    def analysed() -> int:
        try:
            with sqlite3.connect(db, timeout=5) as conn:
                return conn.execute("select count(*) from analyses").fetchone()[0]
        except sqlite3.OperationalError:
            return 0

    deadline = time.monotonic() + 120
    while analysed() < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise AssertionError("analyze-all hung after ctrl+c")
    done = analysed()
    if proc.returncode == 0:  # finished before the signal arrived: nothing to resume
        assert done == 40
        return
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert 2 <= done < 40
    rerun = subprocess.run([*cli, "analyze-all", "--no-progress"], env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"analysed {40 - done} of {40 - done}" in rerun.stderr
    assert analysed() == 40
