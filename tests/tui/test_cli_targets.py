"""Any state as a target: ``--target NAME`` and ``targets = [...]`` in the config; ``eval directed``."""

from __future__ import annotations

import json

from tests.tui.test_cli import run

ARTICLE = "“We condemn Beijing for its threats,” the minister said.\n"


def _article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_target_option_adds_a_state(capsys, db_path, tmp_path):
    code, out, err = run(capsys, "analyze", "--target", "China", str(_article(tmp_path)))
    assert code == 0, err
    doc = json.loads(out)
    assert [m["target"] for m in doc["mentions"]] == ["China"]
    assert doc["quotes"][0]["stance"]["China"]["label"] == "negative"


def test_unknown_target_is_one_line_with_suggestions(capsys, db_path, tmp_path):
    code, out, err = run(capsys, "analyze", "--target", "Chnia", str(_article(tmp_path)))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "unknown target 'Chnia'; did you mean: China" in err


def test_config_targets_list_names_states(capsys, db_path, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('targets = ["China", "Iran"]\n', encoding="utf-8")
    monkeypatch.setenv("STANCE_READER_CONFIG", str(config))
    code, out, err = run(capsys, "analyze", str(_article(tmp_path)))
    assert code == 0, err
    assert json.loads(out)["quotes"][0]["stance"]["China"]["label"] == "negative"
    config.write_text("targets = [1]\n", encoding="utf-8")
    code, out, err = run(capsys, "analyze", str(_article(tmp_path)))
    assert code == 1 and "targets must be a file name or a list of state names" in err


def test_eval_directed_reads_holder_to_target(capsys, db_path, tmp_path):
    data = tmp_path / "d.txt"
    data.write_text(
        "[Smith] condemned [Jones] for the attack.\tSmith\tJones\t3\n"
        "[Smith] thanked [Jones] for the help.\tSmith\tJones\t1\n"
        "[Smith] met [Jones] in Paris on Monday.\tSmith\tJones\t0\n"
        "[Jones] was praised by [Smith].\tSmith\tJones\t1\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "eval", "directed", str(data), "--predictions", str(tmp_path / "p.jsonl"))
    assert code == 0, err
    assert "F1m" in out and "label 3 neg e1→e2" in out
    preds = [json.loads(x)["label"] for x in (tmp_path / "p.jsonl").read_text().splitlines()]
    assert preds[:3] == ["negative", "positive", "neutral"]
    data.write_text("no tabs here\n", encoding="utf-8")
    code, out, err = run(capsys, "eval", "directed", str(data))
    assert code == 1 and "line 1" in err and err.count("\n") == 1
