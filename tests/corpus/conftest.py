"""Small article files for the corpus tests (short, so real spaCy analysis stays fast)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SPEAKERS = [("Lloyd Austin", "Austin"), ("Maria Zakharova", "Zakharova"), ("Kaja Kallas", "Kallas")]
DATES = ["2024-10-01", "2024-10-15", "2024-11-02", "2024-11-20"]


def article(i: int) -> str:
    full, last = SPEAKERS[i % len(SPEAKERS)]
    verb = ["condemned", "praised", "criticised", "welcomed"][i % 4]
    return (
        f"Talks on the peninsula, part {i}\n\n"
        f"Defense official {full} spoke to reporters on day {i}.\n\n"
        f"“Russia has {verb} our efforts and we will respond firmly,” {full} said on Tuesday.\n\n"
        f"“North Korea remains a threat to peace in the region,” {last} added.\n"
    )


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    """good.txt, notes.md (front matter), page.html (with a <script>), and an unreadable file."""
    d = tmp_path / "corpus"
    (d / "sub").mkdir(parents=True)
    (d / "good.txt").write_text(article(0), encoding="utf-8")
    (d / "notes.md").write_text(
        "---\ntitle: Kallas in Kyiv\ndate: 2024-11-02\nauthor: Jane Roe\n---\n"
        "# Kallas in Kyiv\n\n“Russia must withdraw its troops now,” **Kaja Kallas** said in [Kyiv](https://example.org).\n",
        encoding="utf-8",
    )
    (d / "sub" / "page.html").write_text(
        "<html><head><title>Border tension | Site</title><meta name='author' content='Ann Lee'>"
        "<meta property='article:published_time' content='2024-11-03'></head><body>"
        "<nav>Home | World | Sport</nav><article><h1>Border tension</h1>"
        "<p>“Russia must withdraw its troops now,” Foreign Minister Kaja Kallas said on Monday during a visit.</p>"
        "<p>Officials in Moscow rejected the demand and accused the West of provoking the conflict further.</p>"
        "</article><script>var leaked = 'SCRIPT-MARKER';</script></body></html>",
        encoding="utf-8",
    )
    os.symlink(d / "missing-target.txt", d / "broken.txt")  # listed, but cannot be read
    (d / ".hidden.txt").write_text("hidden files are skipped", encoding="utf-8")
    (d / "image.png").write_bytes(b"\x89PNG\r\n")
    return d


@pytest.fixture
def many_articles(tmp_path) -> Path:
    d = tmp_path / "many"
    d.mkdir()
    for i in range(6):
        (d / f"a{i:02d}.txt").write_text(article(i), encoding="utf-8")
    return d
