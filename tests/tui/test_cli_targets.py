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


def test_eval_directed_measures_the_holder_model_alone(capsys, db_path, tmp_path):
    """``--component holder``: the tuned mode's holder-aware model by itself; without it (the fast
    mode) a one-line error."""
    data = tmp_path / "d.txt"
    data.write_text(
        "[Warsaw] has supplied [Kyiv] with tanks and artillery.\tWarsaw\tKyiv\t1\n"
        "[Lee] attended the summit in [Pyongyang], whose regime is accused of atrocities.\tLee\tPyongyang\t0\n",
        encoding="utf-8",
    )
    out_file = tmp_path / "p.jsonl"
    code, out, err = run(capsys, "eval", "directed", str(data), "--component", "holder", "--predictions", str(out_file))
    assert code == 0, err
    assert "component=holder" in out
    assert [json.loads(x)["label"] for x in out_file.read_text().splitlines()] == ["positive", "neutral"]
    code, out, err = run(capsys, "eval", "directed", str(data), "--component", "holder", "--stance", "fast")
    assert code == 1 and err.count("\n") == 1 and "needs the tuned stance" in err


def _unscon_folder(tmp_path):
    """A four-speech UNSCon folder (the held-out quarter is one speech); every speech has a
    sentence that negatively evaluates Russia and one that does not."""
    import csv

    folder = tmp_path / "unscon"
    folder.mkdir()
    rows = []
    for n, country in enumerate(["Lithuania", "France", "Australia", "Chile"]):
        for k, (text, neg) in enumerate([("We condemn Russia for its illegal aggression against Ukraine .", True),
                                         ("We thank the Secretary-General for his briefing .", False)]):
            rows.append({"file_id": f"UNSC_2014_SPV.1_spch{n:03d}_{country}_{k}.txt", "sentence_text": text,
                         "sentence_char_offsets": f"0-{len(text)}", "A0": "Direct_NegEval" if neg else "_",
                         "A4": "russian_federation" if neg else "_", "basename": "UNSC_2014_SPV.1",
                         "speech_id": f"spch{n:03d}", "country": country})
    with open(folder / "conflict_annotations_sentences.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    with open(folder / "conflict_annotations.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["file_id", "EDU_char_offsets", "A0", "A4"])
        w.writeheader()
    return folder


def test_eval_unscon_measures_the_shown_stance_on_held_out_speeches(capsys, db_path, tmp_path):
    code, out, err = run(capsys, "eval", "unscon", str(_unscon_folder(tmp_path)), "--stance", "fast")
    assert code == 0, err
    assert "1 held-out speeches of 4, 2 sentences" in out
    # the held-out speech's condemnation is found, its thanks are not
    assert "sentences naming Russia: 1, 1 negative toward Russia; said negative 1 (1 right)" in out
    assert "all held-out sentences: 2, 1 negative toward Russia; said negative 1 (1 right): P 1.000 R 1.000 F1 1.000" in out


def test_eval_unscon_refuses_a_folder_that_is_not_unscon_in_one_line(capsys, db_path, tmp_path):
    code, out, err = run(capsys, "eval", "unscon", str(tmp_path))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "cannot read conflict_annotations.csv" in err and str(tmp_path) in err
    bad = tmp_path / "un\x1b[31mscon"
    bad.mkdir()
    (bad / "conflict_annotations.csv").write_text("just,some\n1,2\n", encoding="utf-8")
    (bad / "conflict_annotations_sentences.csv").write_text("x\n1\n", encoding="utf-8")
    code, out, err = run(capsys, "eval", "unscon", str(bad))
    assert code == 1 and err.count("\n") == 1 and "not a UNSCon folder" in err
    assert "\x1b" not in err and "un\u241b[31mscon" in err  # the name's escape made visible
