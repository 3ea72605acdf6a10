"""Stance of each quote toward each target it concerns, and per-speaker aggregates."""

from __future__ import annotations

from .model import Mention, Quote, QuoteStance, Speaker, SpeakerStance, label_for


def score_quotes(doc, quotes: list[Quote], mentions: list[Mention], targets) -> None:
    """Fill ``quote.stance`` for every target mentioned inside the quote's sentence."""
    for quote in quotes:
        if quote.kind == "scare":
            continue
        for target in {m.target for m in mentions if quote.start <= m.start < quote.end}:
            score = quote.sentiment.compound
            quote.stance[target] = QuoteStance(score, label_for(score), [quote.text[:40]])


def aggregate(speakers: list[Speaker], quotes: list[Quote]) -> None:
    """Fill ``speaker.stance``: the mean of their quotes' stance, per target addressed."""
    for speaker in speakers:
        per_target: dict[str, list[float]] = {}
        for q in quotes:
            if q.speaker == speaker.id:
                for target, st in q.stance.items():
                    per_target.setdefault(target, []).append(st.score)
        speaker.stance = {
            t: SpeakerStance(round(sum(v) / len(v), 3), label_for(sum(v) / len(v)), len(v))
            for t, v in per_target.items()
        }
