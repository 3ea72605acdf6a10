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

# A review in progress in the body of the article: search for a passage (the focus goes to the
# quote there), accept two quotes (✓), set a stance (✎; the focus moves on to the next to review).
REVIEWING = ["slash", *"Austin called", "enter", "a", "a", "1"]

# name: (terminal size, keys pressed after the app has opened, what it opens: "reader" the seed
# article; "corpus" the library of the seed and four variants of it, analysed)
SCENES: dict[str, tuple[tuple[int, int], list[str], str]] = {
    "reader-120x40": ((120, 40), REVIEWING, "reader"),
    "reader-80x24": ((80, 24), REVIEWING, "reader"),
    "speaker-picker": ((80, 24), [*REVIEWING, "s"], "reader"),
    "stance-editor": ((80, 24), [*REVIEWING, "S", "down", "3"], "reader"),
    "help": ((100, 40), ["question_mark"], "reader"),
    "quote-detail": ((60, 24), [*REVIEWING, "backslash", "i"], "reader"),
    "export-dialog": ((80, 24), ["e"], "reader"),
    "library": ((120, 30), [], "corpus"),
    "speakers": ((120, 30), ["p"], "corpus"),
    "speaker-history": ((120, 30), ["p", "enter"], "corpus"),
}


def seed_analysis() -> Analysis:
    return Analysis.from_dict(json.loads(FROZEN.read_text(encoding="utf-8")))


def build(scene: str, db: Path) -> StanceReaderApp:
    """The app a scene starts from (see ``SCENES``)."""
    if SCENES[scene][2] == "reader":
        return build_app(db)
    build_corpus(db)
    app = StanceReaderApp(None, "", Store(db, annotator="screenshots"), keymap={})
    app.cursor_blink = False
    return app


# Speakers of the corpus scene's articles: the seed's, renamed per article (as other reports name
# them), and one very long name like those batch analysis finds at corpus scale.
CORPUS_NAMES = [
    {"s2": "Lloyd Austin", "s1": "Kim Yong-hyun"},
    {"s2": "Defense Secretary Lloyd Austin", "s1": "Kim Yong-hyun", "s3": "Pentagon officials"},
    {"s2": "Lloyd Austin", "s4": "Department of Defense"},
    {"s1": "South Korean Defense Minister Kim Yong-hyun", "s3": "Officials of the Ministry of National Defense of the "
                                                                 "Republic of Korea speaking on condition of anonymity"},
]


def build_corpus(db: Path) -> None:
    """The seed and three variants of it (other dates, speakers named otherwise), analysed."""
    store = Store(db, annotator="screenshots")
    text, frozen = read_article(seed_path()), seed_analysis().to_dict()
    for n, names in enumerate([{}, *CORPUS_NAMES]):
        body = text if n == 0 else text.replace("Oct. 30 (UPI)", f"Nov. {n * 7:02d} (UPI)")
        document = json.loads(json.dumps(frozen))
        document["text"] = body
        for speaker in document["speakers"]:
            speaker["name"] = names.get(speaker["id"], speaker["name"])
        source = seed_path().name if n == 0 else f"upi-2024-11-{n * 7:02d}-follow-up.txt"
        store.save_analysis(store.add_article(body, source), Analysis.from_dict(document))
    store.close()


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


async def settled(pilot) -> None:
    """Wait until what the first screen computes in the background is there (the reader's
    analysis and the article's names for the speaker picker), so pictures never depend on timing."""
    from tui.screens.reader import ReaderScreen

    await pilot.pause()
    screen = pilot.app.screen
    if isinstance(screen, ReaderScreen):
        await screen.analysis_shown.wait()
        await screen.names_found.wait()
    await pilot.pause()


async def shoot(name: str, tmp: Path) -> None:
    size, keys, _ = SCENES[name]
    app = build(name, tmp / f"{name}.db")
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
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
