"""``--stance accurate`` on the command line, in the config and in the NewsMTSC evaluator."""

from __future__ import annotations

import json

import pytest

from tests.tui.test_cli import run
from tui.cli import main

ARTICLE = (
    "Russia's invasion has failed, the minister said.\n\n"
    "“Moscow has shown nothing but contempt for its neighbours,” she told reporters on Friday.\n"
)


def _article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.parametrize("mode,suffix", [("accurate", "+minilm-stance"), ("tuned", "+tuned-stance")])
def test_analyze_with_a_learned_stance_names_the_mode_and_reads_the_accusation(capsys, db_path, tmp_path, request,
                                                                               mode, suffix):
    if mode == "accurate":
        request.getfixturevalue("encoder_dir")  # skips (or fails in CI) without the encoder
    code, out, err = run(capsys, "analyze", "--stance", mode, str(_article(tmp_path)))
    assert code == 0, err
    doc = json.loads(out)
    assert doc["pipeline"]["model"].endswith(suffix)
    stances = [q["stance"]["Russia"] for q in doc["quotes"] if "Russia" in q.get("stance", {})]
    assert stances and all(s["label"] == "negative" for s in stances)


def test_tuned_stance_is_the_default_and_fast_is_asked_for(capsys, db_path, tmp_path):
    code, out, err = run(capsys, "analyze", str(_article(tmp_path)))
    assert code == 0, err
    assert json.loads(out)["pipeline"]["model"].endswith("+tuned-stance")
    code, out, err = run(capsys, "analyze", "--stance", "fast", str(_article(tmp_path)))
    assert code == 0, err
    assert "+" not in json.loads(out)["pipeline"]["model"]


def test_a_missing_encoder_is_one_line_before_any_work(capsys, db_path, tmp_path):
    code, out, err = run(capsys, "analyze", "--stance", "accurate", "--encoder", str(tmp_path / "nowhere"),
                         str(_article(tmp_path)))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "not an all-MiniLM-L6-v2 folder" in err and "Traceback" not in err


def test_config_chooses_accurate_and_rejects_other_words(capsys, db_path, tmp_path, monkeypatch, encoder_dir):
    config = tmp_path / "config.toml"
    monkeypatch.setenv("STANCE_READER_CONFIG", str(config))
    config.write_text(f'stance = "accurate"\nencoder = {json.dumps(str(encoder_dir))}\n', encoding="utf-8")
    code, out, err = run(capsys, "analyze", str(_article(tmp_path)))
    assert code == 0, err
    assert json.loads(out)["pipeline"]["model"].endswith("+minilm-stance")
    code, out, err = run(capsys, "analyze", "--stance", "fast", str(_article(tmp_path)))  # the option wins
    assert code == 0 and not json.loads(out)["pipeline"]["model"].endswith("+minilm-stance")
    config.write_text('stance = "slow"\n', encoding="utf-8")
    code, out, err = run(capsys, "analyze", str(_article(tmp_path)))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert str(config) in err and 'stance must be "fast" or "accurate"' in err


def test_eval_newsmtsc_accurate_writes_predictions(capsys, db_path, tmp_path, encoder_dir):
    # NewsMTSC's record shape, own sentences
    records = [
        {"sentence_normalized": "Critics said Moscow had lied about the attack and must be punished.",
         "targets": [{"Input.gid": "own_1", "from": 13, "to": 19, "polarity": 2.0}]},
        {"sentence_normalized": "Colleagues praised the doctor as a brave and tireless hero.",
         "targets": [{"Input.gid": "own_2", "from": 19, "to": 29, "polarity": 6.0}]},
        {"sentence_normalized": "The committee will meet again in March.",
         "targets": [{"Input.gid": "own_3", "from": 0, "to": 13, "polarity": 4.0}]},
    ]
    data = tmp_path / "own.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    preds = tmp_path / "preds.jsonl"
    code = main(["eval", "newsmtsc", str(data), "--stance", "accurate", "--predictions", str(preds)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "stance=accurate" in out and "F1m 1.000" in out
    rows = [json.loads(line) for line in preds.read_text(encoding="utf-8").splitlines()]
    assert [(r["gid"], r["label"]) for r in rows] == [("own_1", "negative"), ("own_2", "positive"), ("own_3", "neutral")]
    assert all(-1 <= r["score"] <= 1 for r in rows)


def test_analyze_all_redo_switches_stored_analyses_to_the_accurate_mode(capsys, db_path, tmp_path, encoder_dir):
    from store.articles import Store

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code = main(["import", "--analyze", "--no-progress", str(tmp_path / "in")])
    capsys.readouterr()
    assert code == 0
    store = Store(db_path)
    try:
        (article_id,) = [a["id"] for a in store.articles()]
        quote = next(q for q in store.analysis(article_id).quotes if "Russia" in q.stance)
        store.set_stance(article_id, quote.id, "Russia", "positive")  # the user's judgement
    finally:
        store.close()
    code = main(["analyze-all", "--no-progress", "--stance", "accurate"])  # without --redo: nothing to do
    assert code == 0 and "analysed 0 of 0" in capsys.readouterr().err
    code = main(["analyze-all", "--no-progress", "--stance", "accurate", "--redo"])
    err = capsys.readouterr().err
    assert code == 0 and "analysed 1 of 1" in err and "orphan" not in err
    store = Store(db_path)
    try:
        assert store.analysis(article_id).pipeline.model.endswith("+minilm-stance")
        corrected = next(q for q in store.effective(article_id).analysis.quotes if q.id == quote.id)
        assert corrected.stance["Russia"].label == "positive"  # the correction survived the re-analysis
    finally:
        store.close()
    code = main(["analyze-all", "--no-progress", "--stance", "accurate", "--redo"])
    assert code == 0 and "analysed 0 of 0" in capsys.readouterr().err


def test_dask_runs_refuse_the_accurate_mode_in_one_line(capsys, db_path, tmp_path, encoder_dir):
    out_dir = tmp_path / "shards"
    code, out, err = run(capsys, "analyze", "--stance", "accurate", "--shard-size", "1", "-o", str(out_dir),
                         "--dask", "local:1", str(_article(tmp_path)))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "--stance accurate is not available with --dask" in err
    assert not out_dir.exists()  # refused before any work


def test_config_chooses_tuned(capsys, db_path, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('stance = "tuned"\n', encoding="utf-8")
    monkeypatch.setenv("STANCE_READER_CONFIG", str(config))
    code, out, err = run(capsys, "analyze", str(_article(tmp_path)))
    assert code == 0, err
    assert json.loads(out)["pipeline"]["model"].endswith("+tuned-stance")
