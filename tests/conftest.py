"""Shared fixtures: the real spaCy pipeline (loaded once) and the seed article."""

from __future__ import annotations

import pytest

from nlp.pipeline import DEFAULT_MODEL, load_pipeline
from tui.sources import read_article, seed_path


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return read_article(seed_path())


@pytest.fixture(scope="session")
def seed_analysis(nlp, seed_text):
    from nlp.analyze import analyze

    return analyze(seed_text, nlp, source=str(seed_path()), model_name=DEFAULT_MODEL)


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    path = tmp_path / "stance.db"
    monkeypatch.setenv("STANCE_READER_DB", str(path))
    return path
