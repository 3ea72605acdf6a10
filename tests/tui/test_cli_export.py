"""The export and import-annotations commands and the global --annotator option."""

from __future__ import annotations

import csv
import io
import json

import pytest

from nlp.model import Analysis
from store.articles import Store
from tui.cli import _with_default_command, build_parser, main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def corrected_db(db_path, seed_text, seed_analysis):
    store = Store(db_path, annotator="alice")
    aid = store.add_article(seed_text, "seed.txt")
    store.save_analysis(aid, Analysis.from_dict(seed_analysis.to_dict()))
    quotes = store.effective(aid).analysis.quotes
    store.set_stance(aid, quotes[0].id, "Russia", "negative")
    store.set_kind(aid, quotes[1].id, "indirect")
    store.reject_quote(aid, quotes[2].id)
    store.close()
    return db_path, aid


def test_export_jsonl_to_stdout(capsys, corrected_db):
    path, aid = corrected_db
    code, out, err = run(capsys, "export", "--format", "jsonl")
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    quote = next(r for r in records if r["type"] == "quote" and r["provenance"].get("stance.Russia", {}).get("source") == "corrected")
    assert quote["provenance"]["stance.Russia"]["annotator"] == "alice"


def test_export_csv_to_a_file_then_refuses_to_overwrite(capsys, corrected_db, tmp_path):
    out_path = tmp_path / "out.csv"
    code, out, err = run(capsys, "export", "--all", "--format", "csv", "-o", str(out_path))
    assert code == 0 and out == "" and "wrote" in err
    rows = list(csv.DictReader(io.StringIO(out_path.read_text())))
    assert any(r["status"] == "rejected" for r in rows)
    before = out_path.read_bytes()
    code, out, err = run(capsys, "export", "--format", "jsonl", "-o", str(out_path))
    assert code == 1 and err.count("\n") == 1 and "already exists" in err and "--force" in err
    assert out_path.read_bytes() == before
    code, _, err = run(capsys, "export", "--format", "jsonl", "-o", str(out_path), "--force")
    assert code == 0, err
    assert out_path.read_text().startswith('{"type": "article"')


def test_export_selected_articles_and_errors(capsys, corrected_db, tmp_path):
    path, aid = corrected_db
    code, out, err = run(capsys, "export", "--article", str(aid), "--format", "prodigy")
    assert code == 0, err
    assert json.loads(out)["meta"]["article_id"] == aid
    code, out, err = run(capsys, "export", "--article", "42", "--format", "jsonl")
    assert code == 1 and out == "" and "no article 42" in err and err.count("\n") == 1
    code, out, err = run(capsys, "export", "--format", "spacy")
    assert code == 1 and "-o" in err and err.count("\n") == 1
    code, _, err = run(capsys, "export", "--format", "spacy", "-o", str(tmp_path / "t.spacy"))
    assert code == 0 and (tmp_path / "t.spacy").stat().st_size > 0


def test_import_annotations_round_trip(capsys, corrected_db, tmp_path):
    first = tmp_path / "first.jsonl"
    assert run(capsys, "export", "--format", "jsonl", "-o", str(first))[0] == 0
    fresh = tmp_path / "fresh.db"
    code, out, err = run(capsys, "--db", str(fresh), "import-annotations", str(first))
    assert code == 0 and "imported 3 corrections" in err
    code, out, err = run(capsys, "--db", str(fresh), "export", "--format", "jsonl")
    assert code == 0
    strip = lambda text: [{k: v for k, v in json.loads(l).items() if k not in ("article_id", "imported")}  # noqa: E731
                           for l in text.splitlines()]  # noqa: E741
    assert strip(out) == strip(first.read_text())  # lossless; the imported events are marked so
    assert all(json.loads(l)["imported"]["verified"] for l in out.splitlines() if '"correction"' in l[:20])
    code, _, err = run(capsys, "--db", str(fresh), "import-annotations", str(tmp_path / "missing.jsonl"))
    assert code == 1 and "no such file" in err and err.count("\n") == 1


def test_annotator_option_before_or_after_the_subcommand(db_path):
    parser = build_parser()
    args = parser.parse_args(_with_default_command(["--annotator", "dana", "article.txt"]))
    assert args.command == "open" and args.annotator == "dana"
    args = parser.parse_args(["export", "--annotator", "erin", "--format", "csv"])
    assert args.annotator == "erin"
    args = parser.parse_args(["--annotator", "hal", "import-annotations", "x.jsonl"])
    assert args.annotator == "hal" and args.command == "import-annotations"
