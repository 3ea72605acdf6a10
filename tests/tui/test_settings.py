"""Settings: defaults ← config file ← environment ← command line, resolved once."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.pipeline import DEFAULT_MODEL
from tui.cli import main
from tui.config import ConfigError
from tui.settings import Settings


@pytest.fixture
def config(tmp_path):
    """A real config file in its own folder (relative paths in it are taken from there)."""
    folder = tmp_path / "conf"
    folder.mkdir()
    return folder / "config.toml"


def env_for(config: Path, **values: str) -> dict[str, str]:
    return {"STANCE_READER_CONFIG": str(config), **values}


def test_defaults_when_there_is_no_config_file_environment_or_option(config):
    s = Settings.resolve({}, environ=env_for(config))  # the file does not exist
    assert (s.model, s.annotator, s.targets, s.stance, s.encoder, s.busy_timeout) == (
        DEFAULT_MODEL, None, None, "tuned", None, 10.0)
    assert s.config == config
    assert s.db.name == "stance-reader.db"


def test_each_layer_wins_over_the_one_before(config, tmp_path):
    config.write_text('annotator = "from-config"\nstance = "accurate"\nbusy_timeout = 2\n'
                      'encoder = "models/minilm"\ntargets = "extra.toml"\n', encoding="utf-8")
    # the config file over the defaults; its relative paths are taken from its folder
    s = Settings.resolve({}, environ=env_for(config))
    assert (s.annotator, s.stance, s.busy_timeout) == ("from-config", "accurate", 2.0)
    assert s.encoder == config.parent / "models" / "minilm"
    assert s.targets == config.parent / "extra.toml"
    # the environment over the config file
    env = env_for(config, STANCE_READER_ANNOTATOR="from-env", STANCE_READER_BUSY_TIMEOUT="0.5",
                  STANCE_READER_ENCODER=str(tmp_path / "env-encoder"), STANCE_READER_DB=str(tmp_path / "env.db"))
    s = Settings.resolve({}, environ=env)
    assert (s.annotator, s.busy_timeout, s.encoder, s.db) == ("from-env", 0.5, tmp_path / "env-encoder", tmp_path / "env.db")
    assert s.stance == "accurate"  # not in the environment: the config's value stays
    # the command line over the environment; None (an option not given) changes nothing
    cli = {"annotator": "from-cli", "encoder": str(tmp_path / "cli-encoder"), "db": tmp_path / "cli.db",
           "stance": "fast", "model": None}
    s = Settings.resolve(cli, environ=env)
    assert (s.annotator, s.encoder, s.db, s.stance) == ("from-cli", tmp_path / "cli-encoder", tmp_path / "cli.db", "fast")
    assert (s.busy_timeout, s.model) == (0.5, DEFAULT_MODEL)


@pytest.mark.parametrize("text, message", [
    ('stance = "slow"\n', 'stance must be "fast" or "accurate" or "tuned", not \'slow\''),
    ("annotator = 7\n", "annotator must be a non-empty string"),
    ('busy_timeout = "soon"\n', "busy_timeout must be a number of seconds"),
    ("busy_timeout = -1\n", "busy_timeout must be a number of seconds"),
    ("annotator = [\n", "config.toml"),
])
def test_a_bad_config_value_is_one_line_naming_the_file(capsys, config, monkeypatch, tmp_path, text, message):
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        Settings.resolve({}, environ=env_for(config))
    assert str(config) in str(err.value) and message in str(err.value)
    monkeypatch.setenv("STANCE_READER_CONFIG", str(config))
    monkeypatch.setenv("STANCE_READER_DB", str(tmp_path / "x.db"))
    code = main(["export", "--format", "jsonl"])
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    assert captured.err.startswith("stance-reader: error: ") and captured.err.count("\n") == 1
    assert message in captured.err


def test_a_bad_environment_value_is_one_line_naming_the_variable(capsys, config, monkeypatch, tmp_path):
    monkeypatch.setenv("STANCE_READER_CONFIG", str(config))
    monkeypatch.setenv("STANCE_READER_DB", str(tmp_path / "x.db"))
    monkeypatch.setenv("STANCE_READER_BUSY_TIMEOUT", "a while")
    code = main(["export", "--format", "jsonl"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert "$STANCE_READER_BUSY_TIMEOUT must be a number of seconds" in err
    assert not (tmp_path / "x.db").exists()  # before any work


def test_the_busy_timeout_reaches_the_database_connection(config, tmp_path):
    config.write_text("busy_timeout = 1.5\n", encoding="utf-8")
    settings = Settings.resolve({"db": tmp_path / "db.sqlite"}, environ=env_for(config))
    store = settings.open_store()
    try:
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 1500
    finally:
        store.close()


def test_the_annotator_of_the_settings_is_who_corrects(config, tmp_path, seed_analysis):
    settings = Settings.resolve({"db": tmp_path / "db.sqlite"},
                                environ=env_for(config, STANCE_READER_ANNOTATOR="desk-3"))
    store = settings.open_store()
    try:
        article_id = store.add_article(seed_analysis.text, "seed.txt")
        store.save_analysis(article_id, seed_analysis)
        store.mark_reviewed(article_id, seed_analysis.quotes[0].id)
        assert [e.annotator for e in store.events(article_id)] == ["desk-3"]
    finally:
        store.close()


def test_the_analyzer_follows_the_settings(config, tmp_path):
    s = Settings.resolve({"model": "some_pipeline", "stance": "accurate", "encoder": str(tmp_path)},
                         environ=env_for(config))
    assert (s.analyzer.model, s.analyzer.stance, s.analyzer.encoder) == ("some_pipeline", "accurate", tmp_path)
    assert s.analyzer is s.analyzer  # made once
    assert s.analyzer.name == "some_pipeline+minilm-stance"


def test_the_reader_gets_the_settings_main_resolved(config, monkeypatch, tmp_path):
    """``stance-reader open FILE``: the app receives the one settings object (the terminal UI
    itself is not started here: its ``run`` records the app instead)."""
    from tui.app import StanceReaderApp

    config.write_text('annotator = "from-config"\nbusy_timeout = 3\n', encoding="utf-8")
    monkeypatch.setenv("STANCE_READER_CONFIG", str(config))
    monkeypatch.setenv("STANCE_READER_DB", str(tmp_path / "env.db"))
    monkeypatch.setenv("STANCE_READER_ANNOTATOR", "from-env")
    article = tmp_path / "a.txt"
    article.write_text("“No,” she said.\n", encoding="utf-8")
    started = []
    monkeypatch.setattr(StanceReaderApp, "run", lambda self: started.append(self))
    assert main(["--db", str(tmp_path / "cli.db"), "open", str(article)]) == 0
    (app,) = started
    assert (app.settings.db, app.settings.annotator, app.settings.busy_timeout) == (tmp_path / "cli.db", "from-env", 3.0)
    assert (app.store.path, app.store.annotator) == (tmp_path / "cli.db", "from-env")
    assert app.analyzer is app.settings.analyzer and app.analyzer.model == DEFAULT_MODEL
    assert app.text == "“No,” she said.\n" and app.source == str(article)
