"""``stance-reader import``: files, directories, stdin, unreadable files, metadata."""

from __future__ import annotations

import io
import sys

from store.articles import Store
from store.library import Library
from tui.cli import main
from tui.extract import extract


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_directory_reports_the_unreadable_file_and_imports_the_rest(capsys, db_path, corpus_dir):
    code, out, err = run(capsys, "import", str(corpus_dir))
    assert code == 1, "a failed input makes the exit status 1"
    assert "broken.txt: no such file" in err
    assert "imported 3 new article(s), 0 already in the library, 1 failed" in err
    store = Store(db_path)
    try:
        library = Library(store)
        entries = {e.title: e for e in library.entries()}
        assert set(entries) == {"Talks on the peninsula, part 0", "Kallas in Kyiv", "Border tension"}
        html = entries["Border tension"]
        assert html.date == "2024-11-03" and html.byline == "Ann Lee"
        text = store.article(html.id)["text"]
        assert "SCRIPT-MARKER" not in text and "Home | World" not in text
        assert "Russia must withdraw" in text
        md = entries["Kallas in Kyiv"]
        assert md.date == "2024-11-02" and md.byline == "Jane Roe"
        md_text = store.article(md.id)["text"]
        assert "**" not in md_text and "https://" not in md_text and "Kaja Kallas said in Kyiv" in md_text
        assert not any(e.analysed for e in entries.values())
    finally:
        store.close()

    code, out, err = run(capsys, "import", str(corpus_dir / "good.txt"))
    assert code == 0
    assert "imported 0 new article(s), 1 already in the library" in err


def test_import_stdin(capsys, db_path, monkeypatch):
    data = "“We will not back down,” the minister said.\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, err = run(capsys, "import", "-")
    assert code == 0, err
    store = Store(db_path)
    try:
        rows = store.articles()
        assert len(rows) == 1 and rows[0]["source"] == "<stdin>"
    finally:
        store.close()


def test_html_extraction_falls_back_when_the_page_has_no_article():
    page = b"<html><head><title>T</title><script>x=1</script></head><body><p>Short.</p></body></html>"
    article = extract(page, "p.html")
    assert "x=1" not in article.text and "Short." in article.text


def test_stdin_html_is_sniffed():
    page = b"<!DOCTYPE html><html><body><p>\xe2\x80\x9cNo,\xe2\x80\x9d he said.</p><script>bad()</script></body></html>"
    article = extract(page, "")
    assert article.format == "html" and "bad()" not in article.text
