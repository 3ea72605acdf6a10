"""Regenerate the SVG screenshots of the real app: ``python screenshots/make.py``.

The scenes use ``seed-analysis.json`` (the seed article's analysis, frozen so that pictures
and snapshot tests show the interface, not the latest engine tweak). ``--refresh-analysis``
re-runs the engine on the seed first and rewrites that file.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from nlp.model import Analysis  # noqa: E402
from nlp.pipeline import DEFAULT_MODEL  # noqa: E402
from store.articles import Store  # noqa: E402
from tui.app import StanceReaderApp  # noqa: E402
from tui.sources import read_article, seed_path  # noqa: E402

FROZEN = HERE / "seed-analysis.json"

# Down to the 8th quote, accept two (✓), set the stance of the third (✎): a review in progress.
REVIEWING = ["j"] * 7 + ["a", "a", "1"]

# name: (terminal size, keys pressed after the reader has opened)
SCENES: dict[str, tuple[tuple[int, int], list[str]]] = {
    "reader-120x40": ((120, 40), REVIEWING),
    "reader-80x24": ((80, 24), REVIEWING),
    "speaker-picker": ((80, 24), [*REVIEWING, "s", "k", "i", "m"]),
    "stance-editor": ((80, 24), [*REVIEWING, "S", "down", "3"]),
    "help": ((100, 40), ["question_mark"]),
    "export-dialog": ((80, 24), ["e"]),
}


def seed_analysis() -> Analysis:
    return Analysis.from_dict(json.loads(FROZEN.read_text(encoding="utf-8")))


def build_app(db: Path) -> StanceReaderApp:
    """The app on the seed article, its analysis already in the database at ``db``."""
    text = read_article(seed_path())
    store = Store(db, annotator="screenshots")
    article_id = store.add_article(text, str(seed_path().name))
    if store.analysis(article_id) is None:
        store.save_analysis(article_id, seed_analysis())
    app = StanceReaderApp(text, seed_path().name, store, keymap={})
    app.cursor_blink = False  # a blinking cursor would make pictures depend on timing
    return app


def refresh_analysis() -> None:
    from nlp.analyzer import Analyzer

    analysis = Analyzer(DEFAULT_MODEL).analyze(read_article(seed_path()), source=seed_path().name)
    FROZEN.write_text(json.dumps(analysis.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(FROZEN)


async def shoot(name: str, tmp: Path) -> None:
    size, keys = SCENES[name]
    app = build_app(tmp / f"{name}.db")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        app.save_screenshot(str(HERE / f"{name}.svg"))
    app.store.close()
    print(HERE / f"{name}.svg")


def two_reviews(db: Path) -> None:
    """Two annotators' independent layers of the seed, differing on a stance, a speaker and
    whether a quote is one (the adjudication screen's scene)."""
    build_app(db).store.close()
    store = Store(db, annotator="alice")
    store.set_review("independent")
    article_id = 1
    quotes = [q for q in seed_analysis().quotes if q.speaker and q.kind != "scare"]
    other = {q.speaker for q in quotes}
    for name, stance, reject in (("alice", "negative", ()), ("bob", "neutral", (quotes[4].id,))):
        store = Store(db, annotator=name)
        for q in quotes[:6]:
            store.mark_reviewed(article_id, q.id)
        store.set_stance(article_id, quotes[1].id, "Russia", stance)
        for qid in reject:
            store.reject_quote(article_id, qid)
        if name == "alice":
            store.reassign_speaker(article_id, quotes[2].id, speaker_id=sorted(other - {quotes[2].speaker})[0])
        store.close()


async def shoot_adjudication(tmp: Path) -> None:
    """The library as an adjudicator opens it, ``A`` on the article, one disagreement settled."""
    db = tmp / "adjudication.db"
    two_reviews(db)
    store = Store(db, annotator="judge")
    app = StanceReaderApp(None, "", store, keymap={})
    app.cursor_blink = False
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        app.save_screenshot(str(HERE / "library-team.svg"))
        await pilot.press("A")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        app.save_screenshot(str(HERE / "adjudication.svg"))
    store.close()
    print(HERE / "library-team.svg", HERE / "adjudication.svg")


async def main() -> None:
    if "--refresh-analysis" in sys.argv:
        refresh_analysis()
    with tempfile.TemporaryDirectory() as tmp:
        for name in SCENES:
            await shoot(name, Path(tmp))
        await shoot_adjudication(Path(tmp))


if __name__ == "__main__":
    asyncio.run(main())
