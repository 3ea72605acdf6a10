"""The whole text → Analysis path."""

from __future__ import annotations

from .attribution import attribute
from .model import ACCURATE_SUFFIX, Analysis, Pipeline
from .paragraphs import segment
from .parse import parse
from .pipeline import pipeline_version
from .sentiment import sentiment
from .stance import aggregate, score_quotes
from .targets import DEFAULT_TARGETS, find_mentions


def analyze(text: str, nlp, source: str = "", targets=DEFAULT_TARGETS, model_name: str | None = None,
            accurate=None) -> Analysis:
    """Analyse ``text`` with the loaded spaCy pipeline ``nlp``; ``accurate`` (a loaded
    ``stance_encoder.AccurateStance``) turns on the accurate stance mode."""
    return analyze_doc(parse(text, nlp), nlp, source=source, targets=targets, model_name=model_name, accurate=accurate)


def analyze_doc(doc, nlp, source: str = "", targets=DEFAULT_TARGETS, model_name: str | None = None,
                accurate=None) -> Analysis:
    """Analyse an already parsed ``doc`` (e.g. from ``nlp.pipe``); ``doc.text`` is the text."""
    text = doc.text
    paragraphs = segment(text)
    quotes, speakers = attribute(doc, paragraphs)
    mentions = find_mentions(doc, targets)
    for quote in quotes:
        quote.sentiment = sentiment(quote.text)
    score_quotes(doc, quotes, mentions, targets, accurate, speakers)
    aggregate(speakers, quotes)
    return Analysis(
        source=source,
        text=text,
        pipeline=Pipeline(pipeline_name(model_name or nlp.meta.get("name", "unknown"), accurate), pipeline_version(nlp)),
        paragraphs=paragraphs,
        speakers=speakers,
        quotes=quotes,
        mentions=mentions,
    )


def pipeline_name(name: str, accurate) -> str:
    """What the stored analysis and the export say produced it: the accurate mode is named."""
    if accurate is None:
        return name
    return f"{name}+{getattr(accurate, 'suffix', None) or ACCURATE_SUFFIX}"
