"""Keys per quote: a scripted annotator reviews the whole seed article in the real reader.

    .venv/bin/python bench/keys_per_quote.py [--plan bench/review_plan_seed.json] [--size 120x40]

The annotator's decisions are in the plan (``{quote id: {"speaker": name, "stance": {target:
label}}}``; a quote not in it is right as it is). The script drives the real app through Pilot
on the frozen seed analysis (``screenshots/seed-analysis.json``, a fresh database) the way a
user would, watching the screen and pressing one key at a time:

- a quote that is right: ``a`` (accept);
- a wrong speaker: ``s``, then the letters of the right name until the picker highlights it,
  then ``enter``;
- a wrong stance: ``t`` until the target is focused, then ``1``/``2``/``3``;
- a quote not reviewed after its corrections: ``a``; a scare quote (not a statement): ``j``;
- if the focus moved on while the quote still needs a correction: ``k`` back to it.

It stops when every statement is reviewed and prints the keys pressed and keys per statement.
Every key counts (navigation and typing included).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from nlp.model import is_statement  # noqa: E402

LABEL_KEYS = {"negative": "1", "neutral": "2", "positive": "3"}


def _build(db: Path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("screenshots_make", HERE.parent / "screenshots" / "make.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    return make.build_app(db)


def _remaining(screen, quote, plan) -> list[tuple[str, object]]:
    """The corrections ``plan`` still asks for on ``quote`` (as the screen shows it now)."""
    wanted = plan.get(quote.id, {})
    todo: list[tuple[str, object]] = []
    name = wanted.get("speaker")
    speaker = screen.analysis.speaker(quote.speaker)
    if name and (speaker is None or speaker.name != name):
        todo.append(("speaker", name))
    for target, label in wanted.get("stance", {}).items():
        stance = quote.stance.get(target)
        if stance is None or stance.label != label:
            todo.append(("stance", (target, label)))
    return todo


async def review(plan: dict, size: tuple[int, int]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        app = _build(Path(tmp) / "keys.db")
        pressed: list[str] = []
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            screen = app.screen
            await screen.analysis_shown.wait()
            if hasattr(screen, "names_found"):  # the article's names for the picker (a reader reads meanwhile)
                await screen.names_found.wait()
            await app.workers.wait_for_complete()
            await pilot.pause()

            async def press(*keys: str) -> None:
                for key in keys:
                    pressed.append(key)
                    await pilot.press(key)
                await pilot.pause()

            statements = [q for q in screen.quotes if is_statement(q.kind)]
            fixing: str | None = None  # the quote a correction was made on
            for _ in range(2000):
                if all(q.id in screen.effective.reviewed for q in screen.quotes if is_statement(q.kind)):
                    break
                if fixing is not None:
                    quote = next(q for q in screen.quotes if q.id == fixing)
                    if _remaining(screen, quote, plan) and screen.focus_id != fixing:
                        await press("k")  # back to the quote that still needs a correction
                        continue
                    if quote.id not in screen.effective.reviewed and screen.focus_id == fixing:
                        await press("a")
                        fixing = None
                        continue
                    fixing = None
                quote = screen.current
                if not is_statement(quote.kind) or quote.id in screen.effective.reviewed:
                    await press("j")
                    continue
                todo = _remaining(screen, quote, plan)
                if not todo:
                    await press("a")
                    continue
                fixing = quote.id
                kind, value = todo[0]
                if kind == "speaker":
                    await press("s")
                    picker = app.screen
                    from textual.widgets import OptionList

                    options = picker.query_one(OptionList)
                    for char in [""] + list(value):
                        if char:
                            await press(char if char != " " else "space")
                        option = options.highlighted_option
                        if option is not None and value in str(option.prompt):
                            break
                    await press("enter")
                else:
                    target, label = value
                    for _ in range(len(screen.targets)):
                        if screen.target == target:
                            break
                        await press("t")
                    await press(LABEL_KEYS[label])
            reviewed = sum(1 for q in screen.quotes if is_statement(q.kind) and q.id in screen.effective.reviewed)
            wrong = {q.id: _remaining(screen, q, plan) for q in screen.quotes if _remaining(screen, q, plan)}
        app.store.close()
    return {"keys": len(pressed), "statements": len(statements), "reviewed": reviewed,
            "keys_per_statement": round(len(pressed) / max(1, len(statements)), 2), "left_wrong": wrong,
            "sequence": " ".join(pressed)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", default=str(HERE / "review_plan_seed.json"))
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--sequence", action="store_true", help="also print every key pressed")
    args = parser.parse_args(argv)
    plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
    plan.pop("_about", None)
    width, height = (int(n) for n in args.size.split("x"))
    out = asyncio.run(review(plan, (width, height)))
    if not args.sequence:
        out.pop("sequence")
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
