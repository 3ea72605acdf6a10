"""Speaker-colon lines: transcripts (``WALLACE: Let's start with …``) and headline
attributions (``Sanders: Clinton needs to change course``).

A paragraph that opens with a short name and a colon, followed by what was said without
quotation marks, attributes the rest of the paragraph to the name when

* the name is written in capitals (the transcript convention), one to four words, possibly
  after the opening mark of a transcript quoted as a block (``"WALLACE: …``); or
* the paragraph is the article's title / a heading (the headline convention), and the name is
  one to four capitalised words.

Labels that only look like speakers (``UPDATE:``, ``CLARIFICATION:``, ``PHOTO:``) are skipped.
"""

from __future__ import annotations

import re

_LINE = re.compile(r"[ \t\u00a0]*[\"“]?([A-Z][\w.’'\- ]{0,40}?)[ \t\u00a0]*:[ \t\u00a0]+(?=\S)")
LABELS = {
    "update", "updated", "clarification", "correction", "byline", "look", "photo", "photos", "video",
    "watch", "read", "related", "note", "editor's note", "editor’s note", "source", "sources",
    "stat of the week", "breaking", "exclusive", "analysis", "opinion", "editorial", "review",
    "live", "q", "a", "question", "answer", "warning", "credit", "caption", "image", "map",
    "chart", "graphic", "audio", "listen", "see", "also", "more", "bottom line", "why", "what",
    "how", "who", "when", "where", "the latest", "latest", "advertisement", "transcript",
    "subscribe", "sign up", "follow", "fact check", "reality check", "poll watch", "huffpollster",
}


def speaker_lines(text: str, paragraphs) -> list[tuple[int, int, int, int, int]]:
    """(paragraph index, name start, name end, content start, content end) of each line."""
    out = []
    for pi, para in enumerate(paragraphs):
        if para.kind in ("boilerplate", "caption", "byline"):
            continue
        m = _LINE.match(text, para.start, para.end)
        if m is None:
            continue
        name = m.group(1).strip()
        words = name.split()
        if not 1 <= len(words) <= 4 or name.lower().strip(".") in LABELS:
            continue
        caps = name.replace(".", "").replace("’", "").replace("'", "").replace("-", "").replace(" ", "")
        transcript = caps.isupper() and len(caps) >= 2
        headline = (pi == 0 or para.kind == "heading") and all(w[:1].isupper() for w in words)
        if not (transcript or headline):
            continue
        cs, ce = m.end(), para.end
        while ce > cs and text[ce - 1] in " \t\n\u00a0":
            ce -= 1
        if ce - cs < 3:
            continue
        out.append((pi, m.start(1), m.start(1) + len(name), cs, ce))
    return out
