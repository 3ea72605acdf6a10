"""Regenerate the SVG screenshots of the real app: ``python screenshots/make.py``."""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from nlp.pipeline import DEFAULT_MODEL  # noqa: E402
from store.articles import Store  # noqa: E402
from tui.app import StanceReaderApp  # noqa: E402
from tui.sources import read_article, seed_path  # noqa: E402


async def reader(size: tuple[int, int], name: str, db: Path) -> None:
    app = StanceReaderApp(read_article(seed_path()), str(seed_path()), Store(db), DEFAULT_MODEL)
    async with app.run_test(size=size) as pilot:
        for _ in range(600):
            if getattr(app.screen, "analysis", None) is not None:
                break
            await pilot.pause(0.05)
        await pilot.press("j", "j", "j")
        await pilot.pause()
        app.save_screenshot(str(HERE / name))
        print(HERE / name)


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "screens.db"
        await reader((120, 40), "reader-120x40.svg", db)
        await reader((80, 24), "reader-80x24.svg", db)


if __name__ == "__main__":
    asyncio.run(main())
