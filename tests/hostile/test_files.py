"""Files that are not files, writers that must not clobber, CSV cells a spreadsheet would run.

Issue 17: FIFOs, sockets and device nodes (directly, through a symlink, inside a corpus
directory) are refused before reading; reads are bounded; symlinks leading out of a corpus
directory are skipped unless ``--follow-symlinks``; ``-o`` never replaces a non-regular file;
every writer is atomic, asks before overwriting and cleans up after a killed writer; every CSV
writer neutralises formula cells, full-width ones included.
"""

from __future__ import annotations

import csv
import io
import os
import socket
import sqlite3
import stat

import pytest

from nlp.model import Analysis, Pipeline, Quote, QuoteStance, Speaker
from store.articles import Store
from store.files import read_regular
from store.library import Library

from .conftest import assert_one_line_error, cli

HOSTILE_NAME = "＝HYPERLINK(\"http://evil\")"


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


@pytest.fixture
def unix_socket(tmp_path):
    path = tmp_path / "sock.txt"
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    yield path
    s.close()


def _speaker_db(path, name=HOSTILE_NAME, text_quote="“－2+3 we will not back down,”") -> Store:
    """A database with one analysed article whose speaker and quote start like formulas."""
    store = Store(path, annotator="tester")
    text = f"Talks\n\n{text_quote} the minister said.\n"
    article_id = store.add_article(text, "talks.txt")
    Library(store).set_meta(article_id, title="@Talks", date="2024-10-01")
    start = text.index(text_quote)
    store.save_analysis(article_id, Analysis(
        "talks.txt", text, Pipeline("test", "1"),
        speakers=[Speaker("s1", name, "person", [])],
        quotes=[Quote("q1", start, start + len(text_quote), text_quote, speaker="s1", confidence=0.9,
                      stance={"Russia": QuoteStance(-0.5, "negative", [])})]))
    return store


# ------------------------------------------------------------------- files that are not files


@pytest.mark.parametrize("make", ["fifo", "socket", "dev_zero", "symlink_to_dev_zero", "symlink_to_fifo"])
def test_open_and_analyze_refuse_what_is_not_a_file_without_reading(make, tmp_path, capsys, request, db_path):
    if make == "fifo":
        path = request.getfixturevalue("fifo")  # no writer: opening it for reading would block
    elif make == "socket":
        path = request.getfixturevalue("unix_socket")
    elif make == "dev_zero":
        path = "/dev/zero"  # reading it never ends
    else:
        path = tmp_path / "link.txt"
        path.symlink_to("/dev/zero" if make == "symlink_to_dev_zero" else request.getfixturevalue("fifo"))
    for command in ("analyze", "open"):
        code, out, err = cli(capsys, command, path)
        assert_one_line_error(code, out, err, "not an article file")
        assert "not a regular file" in err or "a device" in err or "FIFO" in err or "socket" in err


def test_reads_are_bounded_by_the_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 1000)
    assert len(read_regular(path, 10)) == 11  # limit + 1: enough to know it is too long


def test_import_of_a_directory_refuses_special_files_and_skips_links_that_leave_it(tmp_path, capsys, db_path,
                                                                                    unix_socket):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("“We will hold,” the mayor said.\n", encoding="utf-8")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "sock.txt").symlink_to(unix_socket)
    outside = tmp_path / "secret.txt"
    outside.write_text("“Private notes,” nobody said.\n", encoding="utf-8")
    (corpus / "leak.txt").symlink_to(outside)
    (corpus / "zero.txt").symlink_to("/dev/zero")
    inside = corpus / "sub"
    inside.mkdir()
    (inside / "again.txt").symlink_to(corpus / "good.txt")  # inside the directory: followed
    code, out, err = cli(capsys, "import", "--no-progress", corpus)
    assert code == 1  # the FIFO failed
    assert "Traceback" not in err
    for name in ("leak.txt", "zero.txt", "sock.txt"):  # they all lead outside
        assert f"{name}: a symbolic link to outside the directory; skipped" in err
    assert "pipe.txt: is a FIFO (named pipe), not an article file" in err
    assert "imported 1 new article(s), 1 already in the library, 1 failed" in err
    store = Store(db_path)
    assert [a["source"] for a in store.articles()] == [str(corpus / "good.txt")]
    store.close()
    code, out, err = cli(capsys, "import", "--no-progress", "--follow-symlinks", corpus)
    assert code == 1 and "Traceback" not in err and "skipped" not in err
    assert "zero.txt: is a device (through a symbolic link), not an article file" in err
    assert "sock.txt: is a socket (through a symbolic link), not an article file" in err
    assert "imported 1 new article(s), 2 already in the library, 3 failed" in err


def test_import_analyses_refuses_a_fifo_shard_without_blocking(fifo, capsys, db_path):
    code, out, err = cli(capsys, "import-analyses", fifo)
    assert code == 1 and "Traceback" not in err
    assert "FIFO" in err


# ------------------------------------------------------------------- writers


def test_export_never_replaces_a_fifo_even_with_force(tmp_path, capsys, db_path, fifo):
    _speaker_db(db_path).close()
    code, out, err = cli(capsys, "export", "--format", "jsonl", "-o", fifo, "--force")
    assert_one_line_error(code, out, err, "never replaced")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_cleans_temporaries_left_by_a_killed_export(tmp_path, capsys, db_path):
    _speaker_db(db_path).close()
    out_path = tmp_path / "out.jsonl"
    dead = tmp_path / ".out.jsonl.999999999.abc123.tmp"  # no such process
    old_style = tmp_path / ".out.jsonl.k3j4h5.tmp"
    alive = tmp_path / f".out.jsonl.{os.getpid()}.zzz.tmp"  # a writer still running: left alone
    for p in (dead, old_style, alive):
        p.write_text("partial", encoding="utf-8")
    code, out, err = cli(capsys, "export", "--format", "jsonl", "-o", out_path)
    assert code == 0, err
    assert not dead.exists() and not old_style.exists() and alive.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == [alive.name]


def test_speakers_export_asks_before_overwriting_and_writes_atomically(tmp_path, capsys, db_path):
    _speaker_db(db_path).close()
    out_path = tmp_path / "speaker.csv"
    out_path.write_text("precious\n", encoding="utf-8")
    code, out, err = cli(capsys, "speakers", "export", "1", "-o", out_path)
    assert_one_line_error(code, out, err, "already exists", "--force")
    assert out_path.read_text(encoding="utf-8") == "precious\n"
    code, out, err = cli(capsys, "speakers", "export", "1", "-o", out_path, "--force")
    assert code == 0, err
    assert "speaker,date" in out_path.read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    code, out, err = cli(capsys, "speakers", "export", "1", "-o", fifo, "--force")
    assert_one_line_error(code, out, err, "never replaced")


# ------------------------------------------------------------------- CSV formula cells


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _assert_no_formula(cells: list[str]) -> None:
    starters = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
    bad = [c for c in cells if c.startswith(starters) and not _numeric(c)]
    assert not bad, bad


def _numeric(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


@pytest.mark.parametrize("name", ["＝HYPERLINK(\"http://evil\")", "＋1", "＠SUM(A1)", "\t=1+1", "\r=1+1", "－1"])
def test_every_csv_writer_neutralises_formula_cells(name, tmp_path, capsys, db_path):
    _speaker_db(db_path, name=name).close()
    code, out, err = cli(capsys, "export", "--format", "csv")
    assert code == 0, err
    cells = _cells(out)
    assert "'" + name in cells
    _assert_no_formula(cells)
    code, out, err = cli(capsys, "speakers", "export", "1")
    assert code == 0, err
    cells = _cells(out)
    assert "'@Talks" in cells  # the title
    assert any(c.startswith("'") and c.endswith(name.strip()) for c in cells)  # the entity's name
    _assert_no_formula(cells)


async def test_the_readers_speaker_export_asks_before_overwriting(tmp_path):
    from nlp.pipeline import DEFAULT_MODEL
    from tui.app import StanceReaderApp
    from tui.screens.speaker_history import SpeakerHistoryScreen

    from store.speakers_xdoc import Speakers

    store = _speaker_db(tmp_path / "db.sqlite", name="＝cmd")
    Speakers(store)  # links the article's speakers to entities (what the library does)
    app = StanceReaderApp(store.article(1)["text"], "talks.txt", store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        history = SpeakerHistoryScreen(1, export_dir=tmp_path)
        app.push_screen(history)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        csv_path = next(tmp_path.glob("speaker-1-*.csv"))
        assert "'＝cmd" in csv_path.read_text(encoding="utf-8")
        csv_path.write_text("mine\n", encoding="utf-8")
        await pilot.press("e")  # asks
        await pilot.pause()
        assert csv_path.read_text(encoding="utf-8") == "mine\n"
        await pilot.press("e")  # confirmed
        await pilot.pause()
        assert "'＝cmd" in csv_path.read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    store.close()


@pytest.mark.parametrize("option", ["--targets", "config"])
def test_targets_and_config_files_that_are_not_files_are_refused(option, fifo, tmp_path, capsys, monkeypatch, db_path):
    article = tmp_path / "a.txt"
    article.write_text("“Fine,” he said.\n", encoding="utf-8")
    if option == "config":
        monkeypatch.setenv("STANCE_READER_CONFIG", str(fifo))
        argv = ["analyze", article]
    else:
        argv = ["--targets", "/dev/zero", "analyze", article]
    code, out, err = cli(capsys, *argv)
    assert_one_line_error(code, out, err, "not a regular file")
