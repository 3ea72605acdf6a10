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


def _encoder_missing(reason: str):
    import os

    if os.environ.get("STANCE_READER_REQUIRE_ENCODER") == "1":
        pytest.fail(f"STANCE_READER_REQUIRE_ENCODER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def encoder_dir():
    """The all-MiniLM-L6-v2 folder the app would use (skipped, or failed in CI, without it)."""
    import os

    from nlp.encoder import EncoderError
    from nlp.stance_encoder import check_encoder_dir

    try:
        return check_encoder_dir(os.environ.get("STANCE_READER_ENCODER"))
    except EncoderError as exc:
        _encoder_missing(str(exc))


@pytest.fixture(scope="session")
def accurate(encoder_dir):
    """The loaded accurate stance component (encoder + shipped head)."""
    from nlp.encoder import EncoderError
    from nlp.stance_encoder import load_accurate

    try:
        return load_accurate(str(encoder_dir))
    except EncoderError as exc:
        _encoder_missing(str(exc))
