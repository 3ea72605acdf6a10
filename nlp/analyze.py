"""The whole text → Analysis path."""

from __future__ import annotations

from .attribution import attribute
from .model import Analysis, Pipeline
from .paragraphs import segment
from .parse import parse
from .pipeline import pipeline_version
from .sentiment import sentiment
from .stance import aggregate, score_quotes
from .targets import DEFAULT_TARGETS, find_mentions


def analyze(text: str, nlp, source: str = "", targets=DEFAULT_TARGETS, model_name: str | None = None) -> Analysis:
    """Analyse ``text`` with the loaded spaCy pipeline ``nlp``."""
    return analyze_doc(parse(text, nlp), nlp, source=source, targets=targets, model_name=model_name)


def analyze_doc(doc, nlp, source: str = "", targets=DEFAULT_TARGETS, model_name: str | None = None) -> Analysis:
    """Analyse an already parsed ``doc`` (e.g. from ``nlp.pipe``); ``doc.text`` is the text."""
    text = doc.text
    paragraphs = segment(text)
    quotes, speakers = attribute(doc, paragraphs)
    mentions = find_mentions(doc, targets)
    for quote in quotes:
        quote.sentiment = sentiment(quote.text)
    score_quotes(doc, quotes, mentions, targets)
    aggregate(speakers, quotes)
    return Analysis(
        source=source,
        text=text,
        pipeline=Pipeline(model_name or nlp.meta.get("name", "unknown"), pipeline_version(nlp)),
        paragraphs=paragraphs,
        speakers=speakers,
        quotes=quotes,
        mentions=mentions,
    )
