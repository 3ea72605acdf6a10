"""The corpus analysed on a local Dask cluster, shards imported back for review."""

from __future__ import annotations

import json

import pytest

from nlp.contract import problems
from store.articles import Store
from store.library import Library
from tui.cli import main

distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed")
pytestmark = pytest.mark.distributed


def test_corpus_on_a_local_dask_cluster_then_imported_back(capsys, db_path, tmp_path, many_articles):
    out = tmp_path / "shards"
    # local:2 = a dask.distributed LocalCluster of two worker processes, one task per shard
    code = main(["analyze", str(many_articles), "--shard-size", "2", "-o", str(out), "--dask", "local:2"])
    stdout, err = capsys.readouterr()
    assert code == 0, err
    shards = stdout.split()
    assert [s.rsplit("/", 1)[1] for s in shards] == ["shard-00000.jsonl", "shard-00001.jsonl", "shard-00002.jsonl"]
    assert "wrote 6 analysis document(s) in 3 shard(s)" in err
    docs = [json.loads(line) for s in shards for line in open(s, encoding="utf-8")]
    assert len(docs) == 6 and all(problems(d) == [] for d in docs)

    code = main(["import-analyses", *shards])
    _, err = capsys.readouterr()
    assert code == 0, err
    assert "loaded 6 analysis document(s) (6 new article(s))" in err
    store = Store(db_path)
    try:
        library = Library(store)
        entries = library.entries()
        assert len(entries) == 6 and all(e.analysed and e.quotes for e in entries)
        assert library.pending() == []
    finally:
        store.close()
