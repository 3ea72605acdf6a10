"""One-line errors everywhere, typos, and read-only commands on a missing database (issue 17)."""

from __future__ import annotations

import json
import os

import pytest

from store.articles import Store

from .conftest import assert_one_line_error, cli


# ------------------------------------------------------------------- eval


@pytest.mark.parametrize("content, needle", [
    (None, "no such file"),
    (b'{"sentence_normalized": ', "not JSON"),
    (b"\xff\xfe nonsense\n", "not UTF-8"),
    (b"[" * 100_000 + b"\n", "nested too deeply"),
    (b'["a list"]\n', "not a JSON object"),
    (b'{"sentence_normalized": "x", "targets": "Russia"}\n', "targets is not a list"),
    (b'{"sentence_normalized": 3, "targets": []}\n', "sentence_normalized"),
    (b"\n", "no records"),
])
def test_eval_newsmtsc_on_a_bad_file_is_one_line(content, needle, tmp_path, capsys):
    path = tmp_path / "gold.jsonl"
    if content is not None:
        path.write_bytes(content)
    code, out, err = cli(capsys, "eval", "newsmtsc", path)
    assert_one_line_error(code, out, err, needle)


def test_eval_polnear_on_a_folder_without_articles_fails(tmp_path, capsys):
    (tmp_path / "text").mkdir()
    code, out, err = cli(capsys, "eval", "polnear", tmp_path)
    assert_one_line_error(code, out, err, "no articles")
    code, out, err = cli(capsys, "eval", "polnear", tmp_path / "missing")
    assert_one_line_error(code, out, err, "no such folder")


def test_eval_polnear_counts_an_unreadable_gold_file_as_failed(tmp_path, capsys):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc1.txt").write_bytes(b"\xff\xfe\x00bad")
    code, out, err = cli(capsys, "eval", "polnear", tmp_path)
    assert code == 1 and "Traceback" not in err and "FAILED doc1: unreadable gold" in out


# ------------------------------------------------------------------- output and disk


def test_export_to_dev_full_says_disk_full_in_one_line(tmp_path, seed_text):
    from nlp.model import Analysis, Pipeline

    db = tmp_path / "db.sqlite"
    store = Store(db)
    aid = store.add_article(seed_text * 40, "a.txt")  # more than a pipe buffer of output
    store.save_analysis(aid, Analysis("a.txt", seed_text * 40, Pipeline("m", "1")))
    store.close()
    import os
    import subprocess
    import sys

    from .conftest import ROOT

    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "tui", "--db", str(db), "export", "--format", "jsonl"],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=120, cwd="/",
                              env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 1
    assert proc.stderr == "stance-reader: error: cannot write the output: disk full\n"


def test_import_on_a_full_disk_says_disk_full(tmp_path, capsys, monkeypatch):
    """SQLite's own "database or disk is full" (max_page_count) through the real import command."""
    import store.database as database

    db = tmp_path / "db.sqlite"
    Store(db).close()
    real = database.Database.__init__

    def tiny(self, *a, **kw):
        real(self, *a, **kw)
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
        self.conn.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(database.Database, "__init__", tiny)
    article = tmp_path / "a.txt"
    article.write_text("“We will hold,” the mayor said. " * 3000, encoding="utf-8")
    code, out, err = cli(capsys, "--db", db, "import", "--no-progress", article)
    assert code == 1 and "Traceback" not in err
    assert "disk full" in err and "corrupt" not in err and "backup" not in err
    assert err.count("\n") == 1


def test_failing_file_names_are_printed_escaped(tmp_path, capsys):
    name = tmp_path / "evil\x1b[31m\nname.txt"
    code, out, err = cli(capsys, "analyze", name)
    assert_one_line_error(code, out, err, "evil␛[31m␊name.txt: no such file")
    code, out, err = cli(capsys, "import-analyses", name)
    assert "\x1b" not in err and err.count("\n") == 2  # the bad shard, then the summary


# ------------------------------------------------------------------- typos and missing databases


@pytest.mark.parametrize("argv, message", [
    (["exprot", "--format", "jsonl"], "unknown command 'exprot' (did you mean 'export'?)"),
    (["speakers", "lst"], "unknown command 'lst' (did you mean 'list'?)"),
    (["import-anotations", "x.jsonl"], "did you mean 'import-annotations'?"),
    (["export", "--format", "cvs"], "invalid --format 'cvs' (did you mean 'csv'?)"),
    (["export"], "the following arguments are required: --format"),
])
def test_typos_are_one_line_with_a_guess(argv, message, capsys, db_path):
    code, out, err = cli(capsys, *argv)
    assert code == 2
    assert_one_line_error(code, out, err, message)
    assert not db_path.exists()


@pytest.mark.parametrize("argv", [["export", "--format", "jsonl"], ["speakers", "list"], ["speakers", "show", "1"],
                                  ["speakers", "export", "1"]])
def test_read_only_commands_do_not_create_a_database(argv, tmp_path, capsys):
    db = tmp_path / "typo.db"
    code, out, err = cli(capsys, "--db", db, *argv)
    assert_one_line_error(code, out, err, f"no database at {db}")
    assert not db.exists()


def test_the_library_of_a_database_that_is_not_there_is_refused(tmp_path, capsys):
    db = tmp_path / "typo.db"
    code, out, err = cli(capsys, "--db", db)
    assert_one_line_error(code, out, err, f"no database at {db}")
    assert not db.exists()


_EVAL_GOLD = {  # corpus → (file name, a one-item gold file)
    "newsmtsc": ("gold.jsonl",
                 '{"sentence_normalized": "Russia must stop.", "targets": [{"from": 0, "to": 6, "polarity": 2.0}]}\n'),
    "directed": ("valid.txt", "[Smith] condemned [Jones] for the attack.\tSmith\tJones\t3\n"),
}


@pytest.mark.parametrize("corpus", sorted(_EVAL_GOLD))
def test_eval_predictions_never_replace_a_file_without_force(corpus, tmp_path, capsys):
    name, text = _EVAL_GOLD[corpus]
    gold = tmp_path / name
    gold.write_text(text, encoding="utf-8")
    out = tmp_path / "predictions.jsonl"
    out.write_text("precious\n", encoding="utf-8")
    code, stdout, err = cli(capsys, "eval", corpus, gold, "--predictions", out)
    assert_one_line_error(code, stdout, err, "already exists", "--force")
    assert out.read_text(encoding="utf-8") == "precious\n"
    code, stdout, err = cli(capsys, "eval", corpus, gold, "--predictions", out, "--force")
    assert code == 0, err
    assert json.loads(out.read_text(encoding="utf-8"))["label"] == "negative"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_eval_polnear_predictions_never_replace_a_file(tmp_path, capsys):
    out = tmp_path / "predictions.jsonl"
    out.write_text("precious\n", encoding="utf-8")
    code, stdout, err = cli(capsys, "eval", "polnear", tmp_path, "--predictions", out)
    assert_one_line_error(code, stdout, err, "already exists")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_eval_directed_refuses_a_fifo_without_blocking(tmp_path, capsys):
    fifo = tmp_path / "valid.txt"
    os.mkfifo(fifo)
    code, stdout, err = cli(capsys, "eval", "directed", fifo)
    assert_one_line_error(code, stdout, err, "not a regular file")
    data = tmp_path / "latin1.txt"
    data.write_bytes("[Sm\xefth] met [Jones].\tSm\xefth\tJones\t0\n".encode("latin-1"))
    code, stdout, err = cli(capsys, "eval", "directed", data)
    assert_one_line_error(code, stdout, err, "not UTF-8")
