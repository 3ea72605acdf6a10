"""No crash from stored data (issue 17): ids are data, never markup; an analysis the reader
could not show is refused at import, with the line that breaks it."""

from __future__ import annotations

import json

import pytest

from nlp.model import Analysis, Pipeline, Quote, QuoteStance, Speaker
from nlp.pipeline import DEFAULT_MODEL
from store.articles import Store
from tui.app import StanceReaderApp

from .conftest import cli

TEXT = "Talks\n\n“We will not back down,” the minister said.\n"


def _analysis(quote_id: str, speaker_id: str = "s1") -> Analysis:
    start, end = TEXT.index("“"), TEXT.index("”") + 1
    return Analysis("talks.txt", TEXT, Pipeline(DEFAULT_MODEL, "test"),
                    speakers=[Speaker(speaker_id, "the minister", "person", [])],
                    quotes=[Quote(quote_id, start, end, TEXT[start:end], speaker=speaker_id, confidence=0.9,
                                  stance={"Russia": QuoteStance(-0.5, "negative", [])})])


@pytest.mark.parametrize("quote_id", ["[/nope]", "[@click=app.quit]x[/]", "\x1b[2Jq1"])
async def test_quote_ids_are_never_markup(quote_id, tmp_path):
    store = Store(tmp_path / "db.sqlite", annotator="tester")
    article_id = store.add_article(TEXT, "talks.txt")
    store.save_analysis(article_id, _analysis(quote_id, speaker_id="[b]s1[/b]"))
    app = StanceReaderApp(TEXT, "talks.txt", store, keymap={})
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        detail = str(app.screen.query_one("#detail").render())
        assert quote_id.replace("\x1b", "␛") in detail
        await pilot.press("S")  # the stance editor's title names the quote
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("x")  # "rejected <id> (u undoes)": a notice naming the id
        await pilot.pause()
        notices = [n.message for n in app._notifications]
        assert any(quote_id.replace("\x1b", "␛") in m for m in notices), notices
        assert app.is_running  # a live [@click=app.quit] would have quit; [/nope] raised MarkupError
        await pilot.pause(0.1)
        toasts = [str(t.render()) for t in app.screen.query("Toast")]  # rendered: markup would have raised
        assert any(quote_id.replace("\x1b", "␛") in t for t in toasts), toasts  # shown literally
        assert app.is_running
    assert app.return_code in (None, 0)
    store.close()


def _shard(tmp_path, *docs) -> str:
    path = tmp_path / "shard.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return str(path)


def _breaks(doc: dict, how: str) -> dict:
    doc = json.loads(json.dumps(doc))
    if how == "duplicate speaker ids":
        doc["speakers"].append(dict(doc["speakers"][0], name="someone else"))
    elif how == "duplicate quote ids":
        doc["quotes"].append(dict(doc["quotes"][0]))
    elif how == "quote id not a string":
        doc["quotes"][0]["id"] = ["q1"]
    elif how == "stance not an object":
        doc["quotes"][0]["stance"] = ["Russia"]
    elif how == "evidence not strings":
        doc["quotes"][0]["stance"]["Russia"]["evidence"] = [{"x": 1}]
    elif how == "aliases not strings":
        doc["speakers"][0]["aliases"] = [1, None]
    elif how == "speaker id not a string":
        doc["quotes"][0]["speaker"] = {"id": "s1"}
    return doc


@pytest.mark.parametrize("how", ["duplicate speaker ids", "duplicate quote ids", "quote id not a string",
                                 "stance not an object", "evidence not strings", "aliases not strings",
                                 "speaker id not a string"])
def test_an_analysis_that_would_break_the_reader_is_refused_at_import_with_its_line(how, tmp_path, capsys, db_path):
    good = _analysis("q1").to_dict()
    shard = _shard(tmp_path, good | {"text": good["text"] + " "}, _breaks(good, how))
    code, out, err = cli(capsys, "import-analyses", shard)
    assert code == 1 and "Traceback" not in err
    assert f"{shard}:2: " in err  # the line that breaks it
    assert "loaded 1 analysis document(s)" in err
    store = Store(db_path)
    assert len(store.articles()) == 1
    store.close()
