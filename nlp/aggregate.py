"""A speaker's stance per target: the weighted mean of the stance of the quotes attributed to them.

Pure and cheap to import (no model, no numpy): the pipeline aggregates after scoring, and
the store re-aggregates after every correction (a reassigned, rejected or re-scored quote
moves its speaker's mean).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .model import SpeakerStance, label_for


NEUTRAL_QUOTE_WEIGHT = 0.3  # a neutral quote's weight beside 0.3 + |score| for a polar one


def speaker_stances(quotes: Iterable[Any]) -> dict[Any, dict[str, SpeakerStance]]:
    """Speaker id -> target -> their stance over the quotes that have one toward it: the mean of
    their polar quotes (|score| >= 0.1) weighted by each quote's attribution confidence
    (``quote.confidence``; 0.5 when it has none) times how polar it is (``NEUTRAL_QUOTE_WEIGHT``
    + |score|), so one accusation among factual remarks makes the speaker negative and opposite
    readings cancel; a speaker with no polar quote gets the (near-zero) weighted mean of all.
    ``carried_by`` lists the polar quotes, largest weighted contribution first.

    Reads ``quote.speaker``, ``quote.id``, ``quote.stance`` (target -> an object with ``score``)
    and ``quote.confidence`` if present; quotes without a speaker or without stance count for nobody.

    >>> from nlp.model import Quote, QuoteStance
    >>> quotes = [Quote("q1", 0, 5, "a", speaker="s1", stance={"Russia": QuoteStance(-0.5, "negative")}),
    ...           Quote("q2", 6, 9, "b", speaker="s1", stance={"Russia": QuoteStance(0.0, "neutral")}),
    ...           Quote("q3", 9, 12, "c", speaker=None, stance={"Russia": QuoteStance(0.9, "positive")})]
    >>> speaker_stances(quotes)
    {'s1': {'Russia': SpeakerStance(score=-0.5, label='negative', quotes=2, carried_by=['q1'])}}
    """
    per: dict[Any, dict[str, list[tuple[float, float, str]]]] = {}
    for q in quotes:
        if q.speaker is not None and q.stance:
            per_target = per.setdefault(q.speaker, {})
            c = getattr(q, "confidence", 0.0) or 0.5
            for target, st in q.stance.items():
                per_target.setdefault(target, []).append((st.score, c * (NEUTRAL_QUOTE_WEIGHT + abs(st.score)), q.id))
    out: dict[Any, dict[str, SpeakerStance]] = {}
    for speaker, targets in per.items():
        out[speaker] = {}
        for t, items in targets.items():
            polar = [x for x in items if abs(x[0]) >= 0.1] or items
            score = sum(s * w for s, w, _ in polar) / sum(w for _, w, _ in polar)
            carried = [qid for s, w, qid in sorted(items, key=lambda x: -abs(x[0] * x[1])) if abs(s) >= 0.1]
            out[speaker][t] = SpeakerStance(round(score, 3), label_for(score), len(items), carried)
    return out


def aggregate(speakers: Iterable[Any], quotes: Iterable[Any]) -> None:
    """Fill each ``speaker.stance`` with ``speaker_stances(quotes)`` for their id.

    A speaker none of whose quotes concerns a target gets no entry for it (shown as —); one who
    addressed it only neutrally gets 0.

    >>> from nlp.model import Quote, QuoteStance, Speaker
    >>> kim = Speaker("s1", "Kim")
    >>> aggregate([kim], [Quote("q1", 0, 5, "a", speaker="s1", stance={"DPRK": QuoteStance(0.4, "positive")})])
    >>> kim.stance
    {'DPRK': SpeakerStance(score=0.4, label='positive', quotes=1, carried_by=['q1'])}
    """
    stances = speaker_stances(quotes)
    for speaker in speakers:
        speaker.stance = dict(stances.get(speaker.id, {}))
