"""A speaker's stance per target: the mean of the stance of the quotes attributed to them.

Pure and cheap to import (no model, no numpy): the pipeline aggregates after scoring, and
the store re-aggregates after every correction (a reassigned, rejected or re-scored quote
moves its speaker's mean).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .model import SpeakerStance, label_for


def speaker_stances(quotes: Iterable[Any]) -> dict[Any, dict[str, SpeakerStance]]:
    """Speaker id -> target -> their mean stance over the quotes that have one toward it.

    Reads ``quote.speaker`` and ``quote.stance`` (target -> an object with ``score``); quotes
    without a speaker or without stance count for nobody.

    >>> from nlp.model import Quote, QuoteStance
    >>> quotes = [Quote("q1", 0, 5, "a", speaker="s1", stance={"Russia": QuoteStance(-0.5, "negative")}),
    ...           Quote("q2", 6, 9, "b", speaker="s1", stance={"Russia": QuoteStance(-0.2, "negative")}),
    ...           Quote("q3", 9, 12, "c", speaker=None, stance={"Russia": QuoteStance(0.9, "positive")})]
    >>> speaker_stances(quotes)
    {'s1': {'Russia': SpeakerStance(score=-0.35, label='negative', quotes=2)}}
    """
    scores: dict[Any, dict[str, list[float]]] = {}
    for q in quotes:
        if q.speaker is not None and q.stance:
            per_target = scores.setdefault(q.speaker, {})
            for target, st in q.stance.items():
                per_target.setdefault(target, []).append(st.score)
    return {
        speaker: {t: SpeakerStance(round(sum(v) / len(v), 3), label_for(sum(v) / len(v)), len(v)) for t, v in targets.items()}
        for speaker, targets in scores.items()
    }


def aggregate(speakers: Iterable[Any], quotes: Iterable[Any]) -> None:
    """Fill each ``speaker.stance`` with ``speaker_stances(quotes)`` for their id.

    A speaker none of whose quotes concerns a target gets no entry for it (shown as —).

    >>> from nlp.model import Quote, QuoteStance, Speaker
    >>> kim = Speaker("s1", "Kim")
    >>> aggregate([kim], [Quote("q1", 0, 5, "a", speaker="s1", stance={"DPRK": QuoteStance(0.4, "positive")})])
    >>> kim.stance
    {'DPRK': SpeakerStance(score=0.4, label='positive', quotes=1)}
    """
    stances = speaker_stances(quotes)
    for speaker in speakers:
        speaker.stance = dict(stances.get(speaker.id, {}))
