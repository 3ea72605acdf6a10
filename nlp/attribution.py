"""Quotes and reported statements attributed to speaker entities (first version)."""

from __future__ import annotations

import re

from .model import Paragraph, Quote, Span, Speaker

_QUOTE = re.compile(r"[\"“]([^\"”\n]+)[\"”]")
_CUES = {"said", "says", "stated", "told", "added", "countered", "warned", "urged"}


def attribute(doc, paragraphs: list[Paragraph]) -> tuple[list[Quote], list[Speaker]]:
    """Find quotes in ``doc`` and link each to a speaker entity."""
    text = doc.text
    quotes: list[Quote] = []
    speakers: dict[str, Speaker] = {}
    for i, m in enumerate(_QUOTE.finditer(text), 1):
        quote = Quote(f"q{i}", m.start(1), m.end(1), m.group(1), kind="direct")
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        sent = span.sent if span is not None else None
        if sent is not None:
            cue = next((t for t in sent if t.lower_ in _CUES), None)
            if cue is not None:
                quote.cue = Span(cue.idx, cue.idx + len(cue), cue.text)
                subj = next((c for c in cue.children if c.dep_ == "nsubj"), None)
                if subj is not None and subj.ent_type_ in {"PERSON", "ORG"}:
                    name = subj.text
                    spk = speakers.setdefault(name, Speaker(f"s{len(speakers) + 1}", name, "person"))
                    quote.speaker = spk.id
                    quote.speaker_mention = Span(subj.idx, subj.idx + len(subj), subj.text)
                    quote.confidence = 0.6
        quotes.append(quote)
    return quotes, list(speakers.values())
