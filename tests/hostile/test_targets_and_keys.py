"""Targets files and keymaps that would hang or trap the user (issue 17): no alias can make the
matcher backtrack catastrophically; oversized aliases and alias lists are refused in one line;
a keymap that takes away every key that quits is refused."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nlp.targets import MAX_ALIAS_CHARS, MAX_ALIASES, Target, TargetsError, _compiled, find_mentions_in_text, load_targets

from .conftest import ROOT, assert_one_line_error, cli

# Separators in a row used to become adjacent quantified units ([\s-]+[\-\s][\s-]+…): on a long
# run of spaces that does not end in the alias, the engine tried every split of the run.
SEPARATED = "Kim" + " -" * 12 + " Jong"
HOSTILE_TEXT = "Kim" + " " * 60 + "x"


def test_no_alias_makes_adjacent_quantified_units():
    for alias in (SEPARATED, "a   b", "a - b", "a--b", "x \u00a0 - y"):
        pattern = _compiled(Target("T", (alias,)))[0].pattern
        for unit in (r"[\s\u00a0\-]++", r"[\-\s]"):
            for other in (r"[\s\u00a0\-]++", r"[\-\s]"):
                assert unit + other not in pattern, (alias, pattern)
        assert "]+[" not in pattern, (alias, pattern)


def test_separators_still_match_any_spacing():
    target = Target("T", (SEPARATED, "al-Assad"))
    text = "Kim - - - - - - - - - - - -  Jong met al Assad and al-Assad."
    assert [m.text for m in find_mentions_in_text(text, (target,))] == [text[:text.index("Jong") + 4], "al Assad", "al-Assad"]


def test_a_hostile_alias_on_a_hostile_text_finishes():
    """In a child process, so a regression hangs that process and fails here, not the suite."""
    code = (
        "from nlp.targets import Target, find_mentions_in_text;"
        f"print(len(find_mentions_in_text({HOSTILE_TEXT * 50!r}, (Target('T', ({SEPARATED!r},)),))))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "0", proc.stderr


def _targets_file(tmp_path, names: list[str]):
    path = tmp_path / "targets.toml"
    body = ", ".join(f'"{n}"' for n in names)
    path.write_text(f'[targets.Hostile]\nnames = ["Hostile"]\n\n[targets.Big]\nnames = [{body}]\n', encoding="utf-8")
    return path


def test_an_alias_of_20k_characters_is_refused_in_one_line_naming_its_line(tmp_path, capsys, db_path):
    path = _targets_file(tmp_path, ["x" * 20_000])
    with pytest.raises(TargetsError, match=r"line 5: .*20,000 characters long \(at most 200\)"):
        load_targets(path)
    article = tmp_path / "a.txt"
    article.write_text("“Fine,” he said.\n", encoding="utf-8")
    code, out, err = cli(capsys, "--targets", path, "analyze", article)
    assert_one_line_error(code, out, err, "line 5", "characters long")
    assert len(err) < 400


def test_100k_aliases_are_refused_in_one_line(tmp_path, capsys):
    path = _targets_file(tmp_path, [f"name{i}" for i in range(100_000)])
    with pytest.raises(TargetsError, match=f"more than {MAX_ALIASES:,} names"):
        load_targets(path)
    ok = _targets_file(tmp_path, [f"name{i}" for i in range(MAX_ALIASES - 2)] + ["y" * MAX_ALIAS_CHARS])
    assert any(t.name == "Big" for t in load_targets(ok))  # the limits themselves are allowed


@pytest.mark.parametrize("keys", ['quit = "j"', 'next_quote = "q,down"', 'quit = "ctrl+z"'])
async def test_a_keymap_that_takes_away_every_way_to_quit_is_refused(keys, tmp_path, seed_text):
    from store.articles import Store
    from tui.app import StanceReaderApp
    from tui.settings import Settings

    config = tmp_path / "config.toml"
    config.write_text(f"[keys]\naccept = \"y\"\n{keys}\n", encoding="utf-8")
    store = Store(tmp_path / "db.sqlite")
    app = StanceReaderApp(seed_text, "seed.txt", store, Settings(config=config, model="no_such_pipeline"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert any("no key quits" in w and "[keys] not applied" in w for w in app.config_warnings), app.config_warnings
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running  # the defaults are in force: q quits
    store.close()
