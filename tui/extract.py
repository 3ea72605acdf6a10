"""Article files of any supported kind → the text that is analysed, plus title/date/byline.

* ``.txt``: decoded as is (``nlp.decode``); no metadata beyond the first line as a title.
* ``.md`` / ``.markdown``: YAML front matter (``title``, ``date``, ``author``/``byline``) is
  read and removed; the first ``# heading`` is the title when there is no front matter;
  markup is reduced to plain text (links keep their words, images and code fences go).
* ``.html`` / ``.htm``: the main text is extracted with trafilatura (navigation, scripts,
  styles and boilerplate removed; title, date and author from the page's metadata).
  Paragraphs are separated by blank lines so ``nlp.paragraphs.segment`` sees them.

Pure: the caller reads the bytes (``tui.sources`` reports unreadable files by name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.decode import DecodeError, decode_article

from .file_kind import HTML_SUFFIXES, MARKDOWN_SUFFIXES, SUFFIXES, TEXT_SUFFIXES, kind_of  # noqa: F401  (re-exported)


@dataclass(slots=True)
class Extracted:
    text: str
    title: str | None = None
    date: str | None = None
    byline: str | None = None
    format: str = "text"


def extract(data: bytes, name: str = "") -> Extracted:
    """The article in ``data``; raises ``DecodeError`` when there is no readable text."""
    kind = kind_of(name, data)
    if kind == "html":
        return _html(data)
    text = decode_article(data)
    if kind == "markdown":
        return _markdown(text)
    return Extracted(text=text, format="text")


# -- markdown -------------------------------------------------------------------------------

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$\n?", re.S | re.M)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_REFLINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_REFDEF = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]+\S+.*$\n?", re.M)
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M)
_EMPH = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`([^`]*)`")
_BULLET = re.compile(r"^([ \t]*)(?:[-*+]|\d+[.)])[ \t]+", re.M)
_QUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?", re.M)
_RULE = re.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$\n?", re.M)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def _front_matter(block: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in block.splitlines():
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$", line)
        if m and m.group(2):
            out[m.group(1).lower()] = m.group(2).strip().strip("'\"")
    return out


def _markdown(text: str) -> Extracted:
    meta: dict[str, str] = {}
    m = _FRONT.match(text)
    if m:
        meta = _front_matter(m.group(1))
        text = text[m.end():]
    title = meta.get("title")
    if not title:
        h = _HEADING.search(text)
        title = h.group(1).strip() if h else None
    text = _FENCE.sub("", text)
    text = _REFDEF.sub("", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REFLINK.sub(r"\1", text)
    text = _RULE.sub("", text)
    text = _HEADING.sub(r"\1", text)
    text = _QUOTE.sub("", text)
    text = _BULLET.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    for _ in range(2):  # nested **_x_**
        text = _EMPH.sub(r"\2", text)
    text = _HTML_TAG.sub("", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    if not text.strip():
        raise DecodeError("empty article (no text)")
    byline = meta.get("author") or meta.get("byline") or meta.get("authors")
    return Extracted(text=text, title=title, date=meta.get("date"), byline=byline, format="markdown")


# -- html -----------------------------------------------------------------------------------

def _html(data: bytes) -> Extracted:
    html = _decode_html(data)
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - trafilatura is a dependency
        return _html_fallback(html)
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=False,
        deduplicate=False,
    )
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        fallback = _html_fallback(html)
        if doc is not None:
            fallback.title = fallback.title or getattr(doc, "title", None)
        return fallback
    lines = [line.strip() for line in body.splitlines()]
    text = "\n\n".join(line for line in lines if line) + "\n"
    return Extracted(
        text=text,
        title=_clean(getattr(doc, "title", None)),
        date=_clean(getattr(doc, "date", None)),
        byline=_clean(getattr(doc, "author", None)),
        format="html",
    )


def _decode_html(data: bytes) -> str:
    m = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", data[:4096], re.I)
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_article(data)


def _html_fallback(html: str) -> Extracted:
    """Plain text of a page trafilatura found no article in: scripts/styles dropped."""
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        SKIP = {"script", "style", "noscript", "template", "svg", "head"}
        BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section", "article"}

        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = 0
            self.title: list[str] = []
            self.in_title = False

        def handle_starttag(self, tag, attrs):
            if tag == "title":
                self.in_title = True
            if tag in self.SKIP:
                self.skip += 1
            elif tag in self.BLOCK:
                self.parts.append("\n\n")

        def handle_endtag(self, tag):
            if tag == "title":
                self.in_title = False
            if tag in self.SKIP and self.skip:
                self.skip -= 1
            elif tag in self.BLOCK:
                self.parts.append("\n\n")

        def handle_data(self, data):
            if self.in_title:
                self.title.append(data)
            elif not self.skip:
                self.parts.append(data)

    parser = _Text()
    parser.feed(html)
    parser.close()
    paragraphs = [" ".join(p.split()) for p in "".join(parser.parts).split("\n\n")]
    text = "\n\n".join(p for p in paragraphs if p)
    if not text:
        raise DecodeError("no article text found in the HTML page")
    return Extracted(text=text + "\n", title=_clean("".join(parser.title)), format="html")


def _clean(value) -> str | None:
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None
