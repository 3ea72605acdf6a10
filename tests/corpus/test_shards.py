"""JSONL shards: ``analyze --shard-size N -o DIR`` and ``import-analyses`` with bad lines; shards are
written as every user-named file is (``store.files``: atomic, never over a FIFO, no temporary left)."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from store.articles import Store
from store.library import Library
from tui.cli import main

from ..hostile.conftest import ROOT, assert_one_line_error
from ..signals import like_a_terminal
from .conftest import article


def test_shards_round_trip_and_bad_lines_are_reported(capsys, db_path, tmp_path, many_articles, corpus_dir):
    out_dir = tmp_path / "shards"
    code = main(["analyze", str(many_articles), str(corpus_dir / "sub" / "page.html"), "--shard-size", "3", "-o", str(out_dir)])
    out, err = capsys.readouterr()
    assert code == 0, err
    shards = sorted(out_dir.glob("shard-*.jsonl"))
    assert [p.name for p in shards] == ["shard-00000.jsonl", "shard-00001.jsonl", "shard-00002.jsonl"]
    assert not list(out_dir.glob("*.part"))
    lines = [json.loads(line) for p in shards for line in p.read_text().splitlines()]
    assert len(lines) == 7
    assert lines[-1]["article"]["title"] == "Border tension"

    broken = tmp_path / "broken.jsonl"
    good = lines[0]
    bad = dict(good, quotes=[dict(good["quotes"][0], end=10**6)])
    broken.write_text("not json\n" + json.dumps(bad) + "\n", encoding="utf-8")

    code = main(["import-analyses", *map(str, shards), str(broken)])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"{broken}:1: not JSON" in err
    assert f"{broken}:2: quotes[0]" in err and "outside the text" in err
    assert "loaded 7 analysis document(s) (7 new article(s)), 0 skipped" in err
    store = Store(db_path)
    try:
        entries = Library(store).entries()
        assert len(entries) == 7 and all(e.analysed for e in entries)
        assert any(e.title == "Border tension" and e.date == "2024-11-03" for e in entries)
    finally:
        store.close()
    code = main(["import-analyses", str(shards[0])])
    out, err = capsys.readouterr()
    assert code == 0 and "3 skipped (already analysed)" in err


# ------------------------------------------------------------------- writing a shard (store.files rules)


def _entries(directory) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_a_shard_is_the_documents_analyze_prints_and_replaces_a_shard_written_before(capsys, db_path, tmp_path,
                                                                                      many_articles):
    files = [str(p) for p in sorted(many_articles.glob("*.txt"))[:2]]
    code = main(["analyze", "--format", "jsonl", *files])
    plain, err = capsys.readouterr()
    assert code == 0, err
    out_dir = tmp_path / "shards"
    out_dir.mkdir()
    (out_dir / "shard-00000.jsonl").write_text("from an earlier run\n", encoding="utf-8")
    code = main(["analyze", *files, "--shard-size", "2", "-o", str(out_dir)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out == f"{out_dir / 'shard-00000.jsonl'}\n"
    # byte for byte what write_shard wrote before it went through store.files: each document,
    # then the file's details, one line each
    expected = "".join(json.dumps(dict(json.loads(line), article={"format": "text"}), ensure_ascii=False) + "\n"
                       for line in plain.splitlines())
    assert (out_dir / "shard-00000.jsonl").read_text(encoding="utf-8") == expected
    assert _entries(out_dir) == ["shard-00000.jsonl"]  # no temporary file beside it


@pytest.mark.parametrize("dask", [[], ["--dask", "local:1"]], ids=["local", "dask"])
def test_shards_left_by_an_earlier_larger_run_are_named_not_imported_silently(dask, capsys, db_path, tmp_path,
                                                                            many_articles):
    """A rerun with fewer shards leaves the earlier run's last shards in the folder, where
    ``import-analyses DIR/*.jsonl`` would load them too: the run says so, last, in one line."""
    if dask:
        pytest.importorskip("dask.distributed")
    files = [str(p) for p in sorted(many_articles.glob("*.txt"))[:3]]
    out_dir = tmp_path / "shards"
    code = main(["analyze", *files, "--shard-size", "1", "-o", str(out_dir)])
    out, err = capsys.readouterr()
    assert code == 0 and "warning" not in err
    (out_dir / "shard-0000\u00b2.jsonl").write_text("not one of ours\n", encoding="utf-8")  # a digit int() refuses
    before = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    code = main(["analyze", files[0], "--shard-size", "1", "-o", str(out_dir), *dask])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out == f"{out_dir / 'shard-00000.jsonl'}\n"  # stdout lists this run's shards only
    last = err.strip().splitlines()[-1]
    assert last.startswith("stance-reader: warning: ") and "2 shard(s) from an earlier run (shard-00001.jsonl …)" in last
    assert {p.name: p.read_bytes() for p in out_dir.iterdir() if p.name != "shard-00000.jsonl"} == {
        k: v for k, v in before.items() if k != "shard-00000.jsonl"}  # warned about, never removed
    code = main(["analyze", *files, "--shard-size", "1", "-o", str(out_dir)])
    out, err = capsys.readouterr()
    assert code == 0 and "warning" not in err  # the same plan again: nothing stale


@pytest.mark.parametrize("how", ["fifo", "symlink_to_fifo", "symlink_to_fifo_on_dask"])
def test_a_shard_path_that_is_a_fifo_is_refused_in_one_line_and_nothing_is_written(how, capsys, db_path, tmp_path,
                                                                                  many_articles):
    out_dir = tmp_path / "shards"
    out_dir.mkdir()
    second = out_dir / "shard-00001.jsonl"  # of two shards
    fifo = second if how == "fifo" else tmp_path / "pipe"
    os.mkfifo(fifo)
    if fifo != second:
        second.symlink_to(fifo)
    dask = ["--dask", "local:1"] if how.endswith("on_dask") else []
    if dask:
        pytest.importorskip("dask.distributed")
    before = _entries(out_dir)
    code = main(["analyze", str(many_articles), "--shard-size", "3", "-o", str(out_dir), *dask])
    out, err = capsys.readouterr()
    assert_one_line_error(code, out, err, "shard-00001.jsonl is a FIFO (named pipe)", "never replaced")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert _entries(out_dir) == before  # not even the first shard: refused before any work


def test_write_shard_never_replaces_a_fifo(tmp_path, many_articles, nlp):
    """The unit of work an engine runs (Dask, Ray, …), without the command's check first."""
    from nlp.analyzer import Analyzer
    from store.errors import ExportError
    from tui.commands.shards import write_shard

    fifo = tmp_path / "shard-00000.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(ExportError, match="is a FIFO"):
        write_shard([str(p) for p in sorted(many_articles.glob("*.txt"))], fifo, Analyzer(nlp=nlp))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert _entries(tmp_path) == ["many", "shard-00000.jsonl"]


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl+c", "kill"])
def test_a_shard_run_stopped_half_way_leaves_no_temporary_file(how, capsys, db_path, tmp_path):
    """ctrl+c while a shard is being written: the temporary file goes with it. A killed run
    cannot clean up: the next run removes what it left, and writes the shard."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(40):
        (corpus / f"a{i:02d}.txt").write_text(article(i) * 3, encoding="utf-8")
    out_dir = tmp_path / "shards"
    env = dict(os.environ, STANCE_READER_DB=str(db_path), PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "tui", "analyze", str(corpus), "--shard-size", "100",
                             "-o", str(out_dir)], env=env, cwd="/", stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, preexec_fn=like_a_terminal)
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if out_dir.is_dir() and _entries(out_dir):  # the shard's temporary file: being written
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the shard was written before the signal could be sent"
        os.killpg(proc.pid, how)  # the whole group, as a terminal's ctrl+c
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    if how == signal.SIGINT:
        assert proc.returncode == 130, err
        assert_one_line_error(proc.returncode, out, err, "interrupted")
        assert _entries(out_dir) == []
        return
    left = _entries(out_dir)
    assert len(left) == 1 and left[0].startswith(".shard-00000.jsonl.") and left[0].endswith(".tmp")
    code = main(["analyze", str(corpus), "--shard-size", "100", "-o", str(out_dir)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert _entries(out_dir) == ["shard-00000.jsonl"]
    assert len((out_dir / "shard-00000.jsonl").read_text(encoding="utf-8").splitlines()) == 40


def test_stale_shards_are_the_plans_numbers_beyond_this_run_and_nothing_else(tmp_path):
    from tui.commands.shards import SHARD_PATTERN, stale_shards

    names = [SHARD_PATTERN.format(0), SHARD_PATTERN.format(3), SHARD_PATTERN.format(123456),
             "shard-0000\u00b2.jsonl", "shard-1.jsonl", "notes.jsonl", "shard-00007.jsonl.tmp"]
    for name in names:
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    assert [p.name for p in stale_shards(tmp_path, 1)] == ["shard-00003.jsonl", "shard-123456.jsonl"]
    assert stale_shards(tmp_path, 200_000) == [] and stale_shards(tmp_path / "none", 0) == []
