"""``eval articles``: the same figures as the reference scorer ``conflict_news/score_gold.py``,
and one-line errors on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evals.articles import ArticleScore, norm, score_article

REPO = Path(__file__).resolve().parents[2]


def shared_data() -> Path | None:
    """``$STANCE_READER_DATA``, else the first ``shared/data`` beside the checkout or above it
    (``<repo>/../shared/data`` in CI; ``/work/shared/data`` from a worktree under /work/wt/)."""
    env = os.environ.get("STANCE_READER_DATA")
    if env:
        return Path(env) if Path(env).is_dir() else None
    for parent in REPO.parents:
        if (parent / "shared" / "data").is_dir():
            return parent / "shared" / "data"
    return None


def _cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


GOLD = {"speakers": {"Ann Lee": ["Lee", "the minister"], "Bo Park": ["Park"]},
        "not_speakers": ["Carl Reed"],
        "speaker_stance": {"Ann Lee": {"Russia": -1}, "Bo Park": {"Russia": 0}},
        "direct_quotes": [
            {"text": "Russia must stop the shelling", "speaker": "Ann Lee", "stance": {"Russia": -1}},
            {"text": "We will talk again next week.", "speaker": "Bo Park", "stance": {}},
            {"text": "The talks went well", "speaker": "Bo Park", "stance": {"Russia": 0}},
        ]}


def test_score_counts_found_right_wrong_and_non_speakers():
    analysis = {
        "speakers": [
            {"id": "s1", "name": "the minister", "aliases": [], "stance": {"Russia": {"label": "negative", "score": -0.5}}},
            {"id": "s2", "name": "Carl Reed", "aliases": [], "stance": {}},
        ],
        "quotes": [
            {"text": "“Russia must stop the shelling,”", "speaker": "s1", "kind": "direct",
             "stance": {"Russia": {"label": "negative"}}},
            {"text": "we will talk again next week", "speaker": "s2", "kind": "direct", "stance": {}},
            {"text": "The talks went well", "speaker": None, "kind": "scare", "stance": {}},
        ],
    }
    res = score_article(analysis, GOLD, "a")
    assert (res.gold, res.found, res.right) == (3, 2, 1)
    assert res.non_speakers == ["Carl Reed"]
    assert (res.stance_ok, res.stance_n) == (1, 2)  # Bo Park has no entity: his 0 is not right
    assert (res.quote_stance_ok, res.quote_stance_n) == (1, 1)
    kinds = [line[0] for line in res.lines]
    assert kinds == ["WRONG", "MISSED", "STANCE"]
    assert "(only found as a scare quote)" in res.lines[1][-1]


def test_a_quote_inside_the_gold_needs_half_its_length():
    gold = dict(GOLD, direct_quotes=[{"text": "We will talk again next week.", "speaker": "Bo Park", "stance": {}}])
    short = {"speakers": [], "quotes": [{"text": "We will talk", "speaker": None, "kind": "direct"}]}
    long = {"speakers": [], "quotes": [{"text": "We will talk again", "speaker": None, "kind": "direct"}]}
    assert score_article(short, gold).found == 0
    assert score_article(long, gold).found == 1


def test_totals_add_up():
    total = ArticleScore("total")
    for n in (1, 2):
        total.add(ArticleScore(str(n), gold=n, found=n, right=1, stance_n=1))
    assert total.summary().startswith("total: quotes found 3/3, right speaker 2/3 (0.67)")
    assert norm("“Peace,”") == "peace"


def test_bad_directory_is_one_line(tmp_path):
    r = _cli("eval", "articles", str(tmp_path / "missing"))
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.strip().count("\n") == 0 and "not a directory" in r.stderr
    (tmp_path / "01_a.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "01_a.gold.json").write_text("{not json", encoding="utf-8")
    r = _cli("eval", "articles", str(tmp_path))
    assert r.returncode == 1 and "01_a.gold.json: not a gold file" in r.stderr
    assert r.stderr.strip().count("\n") == 0


def test_same_figures_as_the_reference_scorer(tmp_path):
    data = shared_data()
    if data is None or not (data / "conflict_news" / "score_gold.py").is_file():
        pytest.skip("../shared/data/conflict_news is not beside the checkout")
    news = data / "conflict_news"
    r = _cli("eval", "articles", str(news), "--predictions", str(tmp_path))
    assert r.returncode == 0, r.stderr
    ours = r.stdout.splitlines()
    assert ours[-1].startswith("total: quotes found ")
    reference = []
    for gold in sorted(news.glob("*.gold.json")):
        label = gold.name[: -len(".gold.json")]
        predicted = tmp_path / f"{label}.json"
        assert json.loads(predicted.read_text(encoding="utf-8"))["schema"].startswith("stance-reader/analysis@")
        ref = subprocess.run([sys.executable, str(news / "score_gold.py"), str(predicted), str(gold)],
                             capture_output=True, text=True, timeout=120)
        reference += ref.stdout.splitlines()
    assert ours[:-1] == reference  # every MISSED / WRONG / STANCE line and every summary
