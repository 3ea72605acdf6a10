"""The F1m bootstrap interval the stance evaluators print beside the figure."""

from __future__ import annotations

import json

from evals.newsmtsc import f1m_interval, macro_f1
from tests.tui.test_cli import run

LABELS = ["negative", "neutral", "positive"]


def _half_right(n: int) -> tuple[list[str], list[str]]:
    """``n`` rows of each label; every other one predicted neutral."""
    gold = LABELS * n
    pred = [g if i % 2 else "neutral" for i, g in enumerate(gold)]
    return gold, pred


def test_the_interval_holds_the_figure_and_narrows_with_more_rows():
    gold, pred = _half_right(20)
    lo, hi = f1m_interval(gold, pred)
    assert lo < macro_f1(gold, pred) < hi
    gold4, pred4 = _half_right(80)
    lo4, hi4 = f1m_interval(gold4, pred4)
    assert hi4 - lo4 < (hi - lo) * 0.75  # four times the rows: about half the width
    assert f1m_interval(gold, pred) == (lo, hi)  # seeded: the same rows, the same interval


def test_rows_of_one_sentence_are_drawn_together():
    """Ten pairs of one sentence are one draw, not ten: fewer independent draws, a wider interval."""
    gold, pred = _half_right(20)
    lo, hi = f1m_interval(gold, pred)
    glo, ghi = f1m_interval(gold * 10, pred * 10, groups=list(range(len(gold))) * 10)
    rlo, rhi = f1m_interval(gold * 10, pred * 10)
    assert ghi - glo > (rhi - rlo) * 2  # drawn by sentence: about as wide as the 60 sentences alone
    assert abs((ghi - glo) - (hi - lo)) < 0.05


def test_eval_newsmtsc_prints_the_interval_over_sentences(capsys, db_path, tmp_path):
    records = [
        {"sentence_normalized": "Critics said Moscow had lied about the attack and must be punished.",
         "targets": [{"Input.gid": "own_1", "from": 13, "to": 19, "polarity": 2.0}]},
        {"sentence_normalized": "Colleagues praised the doctor as a brave and tireless hero.",
         "targets": [{"Input.gid": "own_2", "from": 19, "to": 29, "polarity": 6.0},
                     {"Input.gid": "own_3", "from": 0, "to": 10, "polarity": 4.0}]},
    ]
    data = tmp_path / "own.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code, out, err = run(capsys, "eval", "newsmtsc", str(data), "--stance", "fast")
    assert code == 0, err
    line = next(x for x in out.splitlines() if "interval" in x)
    assert line.strip().startswith("F1m 95% interval") and "bootstrap resamples of the 2 sentences" in line
