"""Hostile article files through the real command line: refused in one line, or read correctly.

(tests/tui/test_cli.py already covers ``analyze`` on a missing path, a directory, a binary
blob and an empty file; here are the other cases, and the ``open`` command's refusals.)
"""

from __future__ import annotations

import codecs
import json
import os
import random
import time

import pytest

from nlp.contract import problems
from tui.sources import read_article

from .conftest import assert_one_line_error, cli, run_module

ARTICLE = (
    "Moscow, Oct. 30 — “We will not back down,” the minister said on Tuesday.\n\n"
    "Kim said Russia’s “illegal aggression” must end. “This is pretty serious,” he added.\n"
)


@pytest.fixture
def no_tui(monkeypatch):
    """``open`` must refuse before the app starts; if it ever gets that far, fail instead of hanging."""
    from tui.app import StanceReaderApp

    def run(self, *a, **kw):
        raise AssertionError("the reader was started on an input that should have been refused")

    monkeypatch.setattr(StanceReaderApp, "run", run)


def analysed(capsys, path) -> dict:
    code, out, err = cli(capsys, "analyze", path)
    assert code == 0, err
    assert err == "" and "Traceback" not in err
    doc = json.loads(out)
    assert problems(doc) == []
    for q in doc["quotes"]:
        assert doc["text"][q["start"]:q["end"]] == q["text"]
    return doc


# --------------------------------------------------------------------------- refused


def _garbage(n=4096, seed=1) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(1, 256) for _ in range(n))  # no NUL: not caught by the NUL check


REFUSED = {
    "empty": (b"", "empty article"),
    "only-newlines-crlf": (b"\r\n\r\n\r\n", "empty article"),
    "only-bom": (codecs.BOM_UTF8, "empty article"),
    "utf16-bom-nothing-else": (codecs.BOM_UTF16_LE, "empty article"),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
    "random-bytes-no-nul": (_garbage(), "binary file"),
    "invalid-utf8-throughout": (b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc" * 300, "binary file"),
    "bad-utf16-after-bom": (codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", "invalid utf-16"),
    "utf16-without-bom": (ARTICLE.encode("utf-16-le"), "binary file"),
    "control-characters": (bytes(range(1, 9)) * 200 + b"said Kim\n", "binary file"),
    "escape-sequence-storm": (b"\x1b[2J\x1b[31m\x07" * 500, "binary file"),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_unreadable_articles_are_refused_in_one_line(capsys, db_path, tmp_path, name):
    data, message = REFUSED[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    code, out, err = cli(capsys, "analyze", path)
    assert_one_line_error(code, out, err, message, str(path))


@pytest.mark.parametrize("name", ["empty", "png", "invalid-utf8-throughout", "utf16-without-bom"])
def test_open_refuses_them_before_the_reader_starts(capsys, db_path, tmp_path, no_tui, name):
    data, message = REFUSED[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    code, out, err = cli(capsys, "open", path)
    assert_one_line_error(code, out, err, message, str(path))
    assert not db_path.exists(), "a refused article must not create the database"


def test_open_refuses_a_directory_and_a_missing_path(capsys, db_path, tmp_path, no_tui):
    assert_one_line_error(*cli(capsys, "open", tmp_path), "is a directory")
    assert_one_line_error(*cli(capsys, tmp_path / "nope.txt"), "nope.txt: no such file")
    assert_one_line_error(*cli(capsys, "open", tmp_path / "nope" / "deeper.txt"), "no such file")


def test_a_fifo_or_device_is_not_read_forever(capsys, db_path, tmp_path):
    code, out, err = cli(capsys, "analyze", "/dev/null")
    assert_one_line_error(code, out, err, "/dev/null", "is a device, not an article file")  # refused unread


def test_no_read_permission_is_a_one_line_error(public_dir, tmp_path):
    path = public_dir / "secret.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0o000)
    env = {"STANCE_READER_DB": str(public_dir / "x.db")}
    for argv in (["analyze", path], [path]):
        proc = run_module(*argv, env=env, unprivileged=True)
        assert proc.returncode == 1, proc.stderr
        assert proc.stdout == ""
        assert proc.stderr == f"stance-reader: error: {path}: permission denied\n"
    assert not (public_dir / "x.db").exists()


def test_refusals_through_python_dash_m(tmp_path):
    env = {"STANCE_READER_DB": str(tmp_path / "x.db")}
    for data, message in (REFUSED["png"], REFUSED["empty"]):
        path = tmp_path / "article.txt"
        path.write_bytes(data)
        proc = run_module("analyze", path, env=env)
        assert proc.returncode == 1 and proc.stdout == ""
        assert proc.stderr.count("\n") == 1 and message in proc.stderr and "Traceback" not in proc.stderr
    proc = run_module(tmp_path, env=env)  # a directory as the default `open` command
    assert proc.returncode == 1 and proc.stderr.strip().endswith("is a directory, not an article file")


# --------------------------------------------------------------------------- read correctly


@pytest.mark.parametrize(
    "encoding, bom",
    [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
     ("utf-32-le", codecs.BOM_UTF32_LE)],
)
def test_byte_order_marks_give_the_same_analysis_as_plain_utf8(capsys, db_path, tmp_path, encoding, bom):
    plain = tmp_path / "plain.txt"
    plain.write_text(ARTICLE, encoding="utf-8")
    marked = tmp_path / f"{encoding}.txt"
    marked.write_bytes(bom + ARTICLE.encode(encoding))
    a, b = analysed(capsys, plain), analysed(capsys, marked)
    assert b["text"] == ARTICLE
    assert [(q["start"], q["end"], q["speaker"]) for q in a["quotes"]] == [(q["start"], q["end"], q["speaker"]) for q in b["quotes"]]
    assert a["quotes"], "the article has quotes"


def test_latin1_article_is_read_as_latin1(capsys, db_path, tmp_path):
    text = "Le ministre a déclaré: « Nous ne céderons pas », a-t-il dit à Séoul.\n"
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    assert analysed(capsys, path)["text"] == text


def test_windows_1252_smart_quotes_are_read(capsys, db_path, tmp_path):
    path = tmp_path / "cp1252.txt"
    path.write_bytes(ARTICLE.replace("’", "'").encode("cp1252"))
    doc = analysed(capsys, path)
    assert "“We will not back down,”" in doc["text"] and doc["quotes"]


def test_mostly_utf8_with_invalid_bytes_keeps_its_text(capsys, db_path, tmp_path):
    path = tmp_path / "mostly.txt"
    path.write_bytes(ARTICLE.encode("utf-8") + b"A broken \xff\xfe byte and a cut \xe2\x80 sequence.\n")
    doc = analysed(capsys, path)
    assert doc["text"].startswith(ARTICLE) and "\ufffd" in doc["text"]


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n\r\n"])
def test_crlf_and_cr_line_ends(capsys, db_path, tmp_path, newline):
    path = tmp_path / "crlf.txt"
    path.write_bytes(ARTICLE.replace("\n", newline).encode("utf-8"))
    doc = analysed(capsys, path)
    assert "\r" not in doc["text"]
    assert len(doc["quotes"]) == len(analysed(capsys, _write(tmp_path / "lf.txt", ARTICLE))["quotes"])


def test_html_article_is_analysed_without_its_scripts(capsys, db_path, tmp_path):
    html = (
        "<!doctype html><html><head><title>Talks</title>"
        "<script>window.SECRET_SCRIPT = 1; alert('pwned')</script>"
        "<style>body { color: SECRET_STYLE }</style></head><body>"
        "<nav>Home | World</nav><article><h1>Talks in Seoul</h1>"
        + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))
        + "<p>“The alliance is ironclad,” Austin said in Seoul after the meeting on Wednesday.</p>"
        "<script type='module'>import('SECRET_MODULE')</script><noscript>SECRET_NOSCRIPT</noscript>"
        "<p onclick=\"SECRET_HANDLER()\">Officials said the talks would continue next year.</p>"
        "</article></body></html>"
    )
    path = _write(tmp_path / "page.html", html)
    doc = analysed(capsys, path)
    for secret in ("SECRET", "alert(", "<script", "<p>", "import("):
        assert secret not in doc["text"]
    assert "We will not back down" in doc["text"] and doc["quotes"]


def test_html_saved_as_txt_is_analysed_as_plain_text(capsys, db_path, tmp_path):
    text = "<script>alert('x')</script>\n\n“It is only text,” Kim said.\n"
    doc = analysed(capsys, _write(tmp_path / "page.txt", text))
    assert doc["text"] == text  # shown literally, nothing extracted, nothing run


def test_markup_escapes_and_controls_are_kept_literally(capsys, db_path, tmp_path):
    text = (
        "[bold red]Breaking[/] [link=https://evil.example]click[/link] [@click=app.quit]quit[/]\n\n"
        "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ \x1b]52;c;cHduZWQ=\x07 \x1b[2J\x1b[31mred\x1b[0m\n\n"
        "Tab\there, bell\x07, backspace\x08, form feed\x0c, DEL\x7f, C1 \x9b31m.\n\n"
        "“We will not back down,” the minister said.\n"
    )
    doc = analysed(capsys, _write(tmp_path / "markup.txt", text))
    assert doc["text"] == text


def test_extremely_long_line_without_newline(capsys, db_path, tmp_path):
    # 100,000 characters, one line, one sentence. (Benign words: with target names and
    # speech verbs in it, the stance engine is quadratic in the sentence length; that
    # worst case is timed in bench/bench_analysis.py, not here.)
    rng = random.Random(3)
    words = ["the", "weather", "was", "mild", "in", "Seoul", "and", "markets", "were", "calm"]
    line = " ".join(rng.choice(words) for _ in range(25_000))[:100_000]
    doc = analysed(capsys, _write(tmp_path / "line.txt", line))
    assert doc["text"] == line and len(line) == 100_000


def test_extremely_long_token_longer_than_a_parse_chunk(capsys, db_path, tmp_path, monkeypatch):
    import nlp.parse

    monkeypatch.setattr(nlp.parse, "CHUNK_CHARS", 5_000)  # several hard cuts, no space to cut at
    text = "x" * 12_000 + " said Kim.\n"
    doc = analysed(capsys, _write(tmp_path / "token.txt", text))
    assert doc["text"] == text


# Thousands of marks of every kind. The shapes that make many quote frames (balanced pairs,
# stray closers after a speech verb) are kept to a few hundred pairs here, because the
# attribution engine is superlinear in them (bench/bench_analysis.py times the full-size
# versions); the rest are at full size.
QUOTE_STORMS = {
    "balanced-curly": "".join(f"“Statement {i} is clear,” Kim said. " for i in range(150)),
    "balanced-straight": "".join(f'"Statement {i}," he said. ' for i in range(150)),
    "unbalanced-openers": "“" * 5000 + " Kim said.",
    "unbalanced-closers": "Kim said ” " * 150 + "”" * 3000,
    "every-kind": "“”‘’«»‹›„‚\"'「」『』〝〞＂" * 400 + "\n“Fine,” he said.",
    "nested": "“" * 1000 + "deep" + "”" * 1000 + " said Kim.",
    "apostrophes": "It’s Kim’s and Russia’s and the DPRK’s ‘view’, isn’t it? " * 200,
}


@pytest.mark.parametrize("name", list(QUOTE_STORMS))
def test_thousands_of_quotation_marks(capsys, db_path, tmp_path, name):
    text = QUOTE_STORMS[name] + "\n"
    start = time.perf_counter()
    doc = analysed(capsys, _write(tmp_path / f"{name}.txt", text))
    assert doc["text"] == text
    assert time.perf_counter() - start < 600  # a loose guard against pathological backtracking only


# --------------------------------------------------------------------------- long texts


def _big_text(mb):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import corpus

    return corpus.big_text(mb)


def test_a_20_mb_file_is_refused_before_it_is_read(capsys, db_path, tmp_path, no_tui):
    path = tmp_path / "big.txt"
    path.write_text(_big_text(20), encoding="utf-8")
    for argv in (["analyze", path], ["open", path], [path]):
        code, out, err = cli(capsys, *argv)
        assert_one_line_error(code, out, err, str(path), "too large to analyse (20 MB; the limit is 8 MB)")
    assert not db_path.exists()


def test_20_mb_of_text_decodes_whole(tmp_path):
    """The decode path itself copes with 20 MB (CRLF, curly quotes) — the refusal is a policy, not a crash."""
    from nlp.decode import decode_article

    text = _big_text(20)
    assert decode_article(text.replace("\n", "\r\n").encode("utf-8")) == text


def test_an_article_just_under_the_limit_is_read(tmp_path):
    from tui.sources import MAX_BYTES

    text = _big_text(MAX_BYTES / (1024 * 1024) - 0.5)
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    assert read_article(path) == text


def test_a_multi_chunk_text_is_analysed_whole(nlp, monkeypatch):
    """What a 20 MB article goes through, at a size CI can afford: many parse chunks."""
    from nlp import parse as parse_module
    from nlp.analyze import analyze

    monkeypatch.setattr(parse_module, "CHUNK_CHARS", 2_000)
    paragraphs = [
        f"“Statement {i} on Russia is serious,” Kim said on Tuesday in Seoul."
        if i % 3 else "x" * 2_500  # some paragraphs longer than a chunk
        for i in range(30)
    ]
    text = "\n\n".join(paragraphs) + "\n"
    assert len(list(parse_module.chunks(text))) > 5
    doc = parse_module.parse(text, nlp)
    assert doc.text == text
    analysis = analyze(text, nlp)
    d = analysis.to_dict()
    assert problems(d) == []
    assert d["text"] == text
    assert sum(1 for q in d["quotes"] if "Statement" in q["text"]) >= 15


def _write(path, text: str):
    path.write_text(text, encoding="utf-8", newline="")
    return path
