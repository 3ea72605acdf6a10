"""Team annotation end to end: two annotators review the seed through the real app (Pilot) in
independent layers with known differences; ``agreement`` gives the figures computed by hand;
adjudication through the app writes the expected gold; every layer round-trips through export
and import."""

from __future__ import annotations

import json

import numpy as np
import pytest

import krippendorff
from nlp.model import Analysis, is_statement
from store.articles import Store
from store.export import export, records
from store.import_annotations import import_annotations
from tui.app import StanceReaderApp
from tui.cli import main
from tui.screens.adjudication import AdjudicationScreen
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.screens.speaker_picker import SpeakerPicker

from tests.seeded import seed_store
from .waiting import analysis_shown

TARGET = "Russia"
# Stance toward TARGET each annotator gives the four shared quotes (keys 1 2 3 = neg neu pos).
ALICE_STANCE = ("1", "1", "2", "3")
BOB_STANCE = ("1", "2", "2", "3")


def plan(analysis: Analysis) -> tuple[list[str], str]:
    """Six statement quotes with a speaker, in reading order: the first four by four different
    speakers (q1..q4), then two more (q5, q6); and the name of q1's speaker."""
    statements = sorted((q for q in analysis.quotes if q.speaker and is_statement(q.kind)), key=lambda q: q.start)
    first: list = []
    for q in statements:
        if q.speaker not in {f.speaker for f in first}:
            first.append(q)
        if len(first) == 4:
            break
    assert len(first) == 4, "the seed needs four speakers for this case"
    rest = [q for q in statements if q not in first][:2]
    return [q.id for q in first + rest], analysis.speaker(first[0].speaker).name


@pytest.fixture
def team_db(tmp_path, seed_text, seed_analysis):
    path = tmp_path / "team.db"
    store, article_id = seed_store(path, seed_text, seed_analysis, annotator="setup")
    store.close()
    assert main(["--db", str(path), "project", "set", "review", "independent"]) == 0
    return path, article_id, *plan(seed_analysis)


async def go_to(pilot, screen, quote_id: str) -> None:
    """j / k until the reader focuses ``quote_id``."""
    ids = [q.id for q in screen.quotes]
    key = "j" if ids.index(quote_id) > ids.index(screen.focus_id) else "k"
    for _ in range(len(ids)):
        if screen.focus_id == quote_id:
            return
        await pilot.press(key)
    assert screen.focus_id == quote_id


async def stance(pilot, screen, key: str) -> None:
    while screen.target != TARGET:
        await pilot.press("t")
    await pilot.press(key)


async def review(path, name: str, seed_text: str, ids: list[str], stances, reassign_to: str | None,
                 reject_q5: bool) -> None:
    store = Store(path, annotator=name)
    app = StanceReaderApp(seed_text, "seed.txt", store, keymap={})
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            screen = await analysis_shown(pilot)
            assert f"{name}'s layer" in screen.sub_title
            for quote_id, key in zip(ids[:4], stances):
                await go_to(pilot, screen, quote_id)
                await stance(pilot, screen, key)
            if reassign_to:
                await go_to(pilot, screen, ids[2])
                await pilot.press("s")
                assert isinstance(app.screen, SpeakerPicker)
                await pilot.press(*reassign_to, "enter")
                await pilot.pause()
            await go_to(pilot, screen, ids[4])
            await pilot.press("x" if reject_q5 else "a")
            await go_to(pilot, screen, ids[5])
            await pilot.press("x")
            await pilot.pause()
    finally:
        store.close()


async def review_both(path, seed_text, ids, x_name) -> None:
    await review(path, "alice", seed_text, ids, ALICE_STANCE, x_name, reject_q5=False)
    await review(path, "bob", seed_text, ids, BOB_STANCE, None, reject_q5=True)


def comparable(found) -> list[dict]:
    return [{k: v for k, v in r.items() if k not in ("seq", "imported")} for r in found]  # imported: the mark


def figures(capsys, path, *extra) -> dict:
    capsys.readouterr()
    assert main(["--db", str(path), "agreement", "--format", "json", *extra]) == 0
    out = json.loads(capsys.readouterr().out)
    return {(r["article"], r["field"]): r for r in out["rows"]}


async def test_two_annotators_agreement_adjudication_and_layers(team_db, seed_text, capsys, tmp_path):
    path, article_id, ids, x_name = team_db
    await review_both(path, seed_text, ids, x_name)

    # --- each layer holds only its annotator's corrections; the shared view holds both
    store = Store(path, annotator="judge")
    alice, bob = store.effective(article_id, "alice"), store.effective(article_id, "bob")
    by_id = lambda eff: {q.id: q for q in [*eff.analysis.quotes, *eff.rejected]}  # noqa: E731
    assert ids[4] in alice.reviewed and ids[4] in {q.id for q in bob.rejected}
    assert by_id(alice)[ids[1]].stance[TARGET].label == "negative"
    assert by_id(bob)[ids[1]].stance[TARGET].label == "neutral"
    assert alice.analysis.speaker(by_id(alice)[ids[2]].speaker).name == x_name
    assert bob.analysis.speaker(by_id(bob)[ids[2]].speaker).name != x_name
    store.close()

    # --- agreement, computed by hand (docs/agreement.md):
    # status: 4 × (kept, kept), q5 (kept, rejected), q6 (rejected, rejected)
    #   p_o = 5/6; alice 5 kept 1 rejected, bob 4 / 2: p_e = (5·4 + 1·2)/36 = 22/36; κ = (30 − 22)/(36 − 22) = 8/14
    #   α: n = 12 values (9 kept, 3 rejected); D_o = 2/12; D_e = 2·9·3/(12·11); α = 1 − 264/648 = 16/27
    # speaker (q1..q4 only: bob rejected q5, both q6): (X,X) (W,W) (X,Y) (Z,Z)
    #   p_o = 3/4; p_e = (2·1 + 1·1 + 0·1 + 1·1)/16 = 1/4; κ = 2/3
    #   α: values X 3, W 2, Y 1, Z 2 (n = 8); D_o = 2/8; D_e = (64 − 18)/56; α = 1 − 14/46 = 16/23
    # stance toward TARGET (ordinal), q1..q4: (−1,−1) (−1,0) (0,0) (+1,+1)
    #   linear-weighted κ: D_o = 0.5/4; D_e = 7/16; κ = 1 − 2/7 = 5/7
    #   α ordinal: n = 8 (−1: 3, 0: 3, +1: 2); δ²(−1,0) = 9, δ²(−1,1) = 30.25, δ²(0,1) = 6.25;
    #   D_o = 2·9/8; D_e = 2·(9·9 + 6·30.25 + 6·6.25)/56; α = 1 − 126/600 = 0.79
    rows = figures(capsys, path)
    expected = {"status": (6, 5 / 6, 8 / 14, 16 / 27), "speaker": (4, 3 / 4, 2 / 3, 16 / 23),
                f"stance.{TARGET}": (4, 3 / 4, 5 / 7, 0.79)}
    for field, (units, observed, kappa, alpha) in expected.items():
        r = rows[(str(article_id), field)]
        assert r["units"] == units, field
        assert r["observed"] == pytest.approx(observed), field
        assert r["kappa"] == pytest.approx(kappa), field
        assert r["alpha"] == pytest.approx(alpha), field
        assert rows[("all", field)]["alpha"] == pytest.approx(alpha)
    # ... and the library's own value for the same data
    assert krippendorff.alpha(reliability_data=np.array([[1, 1, 1, 1, 1, 0], [1, 1, 1, 1, 0, 0]]),
                              level_of_measurement="nominal") == pytest.approx(16 / 27)
    assert krippendorff.alpha(reliability_data=np.array([[-1, -1, 0, 1], [-1, 0, 0, 1]]),
                              level_of_measurement="ordinal") == pytest.approx(0.79)
    assert figures(capsys, path, "--annotators", "alice,bob", "--article", str(article_id)) == rows

    # --- adjudication through the app: the library's A, then one key per disagreement
    store = Store(path, annotator="judge")
    app = StanceReaderApp(None, "", store, keymap={})
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            library = app.screen
            assert isinstance(library, LibraryScreen)
            row = [str(c) for c in library.query_one("DataTable").get_row_at(0)]
            statements = int(row[4].split("/")[1])  # the judge's own layer: nothing reviewed
            # a stance key completes a quote's review (auto-advance): alice set four stances,
            # accepted q5 and rejected q6; bob set four stances and rejected both
            assert row[5:7] == [f"5/{statements - 1}", f"4/{statements - 2}"]
            # the agreement column: items all annotators gave the same value, of those all gave one
            same = sum(r["observed"] * r["units"] for (a, _), r in rows.items() if a == "all" and r["units"])
            units = sum(r["units"] for (a, _), r in rows.items() if a == "all")
            assert row[7] == f"{100 * same / units:.0f}%"
            assert any(t.startswith("Adjudicate the article") for t in
                       (c.title for c in app.get_system_commands(library)))  # in the palette too
            await pilot.press("A")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, AdjudicationScreen)
            assert {(i.unit.key, i.field) for i in screen.items} >= {
                (ids[1], f"stance.{TARGET}"), (ids[2], "speaker"), (ids[4], "status")}
            assert screen.sub_title.startswith(f"disagreements settled 0 of {len(screen.items)}")

            async def decide(key: tuple[str, str], press: str) -> None:
                for _ in range(len(screen.items)):
                    item = screen.current
                    if (item.unit.key, item.field) == key:
                        break
                    await pilot.press("down")
                assert (screen.current.unit.key, screen.current.field) == key
                await pilot.press(press)
                await pilot.pause()

            await decide((ids[1], f"stance.{TARGET}"), "2")  # bob's neutral
            await decide((ids[2], "speaker"), "1")  # alice's speaker
            await decide((ids[4], "status"), "2")  # bob's: rejected; q5's other fields drop out
            assert {(i.unit.key, i.field) for i in screen.items} == {
                (ids[1], f"stance.{TARGET}"), (ids[2], "speaker"), (ids[4], "status")}
            assert screen.sub_title.startswith("disagreements settled 3 of 3")
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            titles = {c.title for c in app.get_system_commands(app.screen)}
            assert "Take the machine's value" in titles and "Undo the last gold decision" in titles
    finally:
        store.close()

    store = Store(path, annotator="judge")
    gold = store.effective(article_id, "gold")
    quotes = {q.id: q for q in [*gold.analysis.quotes, *gold.rejected]}
    rejected = {q.id for q in gold.rejected}
    prov = lambda qid, f: gold.corrected[("quote", qid, f)]  # noqa: E731
    assert quotes[ids[1]].stance[TARGET].label == "neutral" and prov(ids[1], f"stance.{TARGET}").basis == "bob"
    assert gold.analysis.speaker(quotes[ids[2]].speaker).name == x_name and prov(ids[2], "speaker").basis == "alice"
    assert ids[4] in rejected and prov(ids[4], "rejected").basis == "bob"
    assert prov(ids[4], "rejected").annotator == "judge"
    assert ids[5] in rejected and prov(ids[5], "rejected").basis == "agreed"  # both rejected it
    for qid, label in ((ids[0], "negative"), (ids[3], "positive")):
        assert quotes[qid].stance[TARGET].label == label and prov(qid, f"stance.{TARGET}").basis == "agreed"

    # --- every layer round-trips through export and import
    for layer in ("alice", "bob", "gold", "effective"):
        out = tmp_path / f"{layer}.jsonl"
        export(store, out, "jsonl", layer=layer)
        fresh = Store(tmp_path / f"fresh-{layer}.db", annotator="someone")
        import_annotations(fresh, out)
        # (seq numbers the events of one database: a layer alone is numbered anew)
        assert comparable(records(fresh, layer=layer)) == comparable(records(store, layer=layer)), layer
        assert all(r["imported"]["verified"] for r in records(fresh, layer=layer) if r["type"] == "correction")
        fresh.close()
    gold_quote = next(r for r in records(store, layer="gold") if r["type"] == "quote" and r["quote_id"] == ids[2])
    assert gold_quote["provenance"]["speaker"] == {"source": "adjudicated", "annotator": "judge",
                                                   "at": prov(ids[2], "speaker").at, "basis": "alice"}
    store.close()

    # --- --all-layers: one row per quote with each annotator's values side by side
    capsys.readouterr()
    assert main(["--db", str(path), "export", "--format", "csv", "--all-layers"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = lines[0].split(",")
    assert {"alice.status", "bob.status", "gold.status", "gold_basis.status", "machine.speaker"} <= set(header)
    assert main(["--db", str(path), "export", "--format", "jsonl", "--layer", "carol"]) == 1
    assert "no layer 'carol'" in capsys.readouterr().err


def test_the_configs_review_applies_to_a_database_that_has_none_stored(tmp_path):
    from tui.config import ConfigError
    from tui.settings import Settings

    config = tmp_path / "config.toml"
    config.write_text('review = "independent"\n', encoding="utf-8")
    settings = Settings.resolve({"db": tmp_path / "a.db", "config": config}, environ={})
    store = settings.open_store()
    assert store.review == "independent"
    store.set_review("shared")  # stored in the database: wins over the config
    store.close()
    store = settings.open_store()
    assert store.review == "shared"
    store.close()
    config.write_text('review = "solo"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="review"):
        Settings.resolve({"config": config}, environ={})
