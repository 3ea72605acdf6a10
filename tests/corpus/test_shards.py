"""JSONL shards: ``analyze --shard-size N -o DIR`` and ``import-analyses`` with bad lines."""

from __future__ import annotations

import json

from store.articles import Store
from store.library import Library
from tui.cli import main


def test_shards_round_trip_and_bad_lines_are_reported(capsys, db_path, tmp_path, many_articles, corpus_dir):
    out_dir = tmp_path / "shards"
    code = main(["analyze", str(many_articles), str(corpus_dir / "sub" / "page.html"), "--shard-size", "3", "-o", str(out_dir)])
    out, err = capsys.readouterr()
    assert code == 0, err
    shards = sorted(out_dir.glob("shard-*.jsonl"))
    assert [p.name for p in shards] == ["shard-00000.jsonl", "shard-00001.jsonl", "shard-00002.jsonl"]
    assert not list(out_dir.glob("*.part"))
    lines = [json.loads(line) for p in shards for line in p.read_text().splitlines()]
    assert len(lines) == 7
    assert lines[-1]["article"]["title"] == "Border tension"

    broken = tmp_path / "broken.jsonl"
    good = lines[0]
    bad = dict(good, quotes=[dict(good["quotes"][0], end=10**6)])
    broken.write_text("not json\n" + json.dumps(bad) + "\n", encoding="utf-8")

    code = main(["import-analyses", *map(str, shards), str(broken)])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"{broken}:1: not JSON" in err
    assert f"{broken}:2: quotes[0]" in err and "outside the text" in err
    assert "loaded 7 analysis document(s) (7 new article(s)), 0 skipped" in err
    store = Store(db_path)
    try:
        entries = Library(store).entries()
        assert len(entries) == 7 and all(e.analysed for e in entries)
        assert any(e.title == "Border tension" and e.date == "2024-11-03" for e in entries)
    finally:
        store.close()
    code = main(["import-analyses", str(shards[0])])
    out, err = capsys.readouterr()
    assert code == 0 and "3 skipped (already analysed)" in err
