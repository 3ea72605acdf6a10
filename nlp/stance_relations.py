"""Lexicon + syntax: which evaluative words in a sentence bear on a target, and how much.

The target's noun phrase is found by climbing possessive/compound links ("Russia’s illegal
aggression" → the phrase headed by *aggression*, which the target owns). Evaluative words
then count by their relation to that phrase: its own head and modifiers fully, its predicate
almost fully, farther words less; a hostile act done *to* the target (the target as victim)
hardly counts, a disapproval verb with the target as object ("condemned Russia") fully, and
"against <target>" is negative toward the target. Negation is already folded into the token
valences (``stance_model.token_valences``); hedges damp the result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .stance_lexicon import AGAINST_PREPS, DISAPPROVAL, HEDGES, HOSTILE_ACTS

_DIST_WEIGHT = (1.0, 0.9, 0.6, 0.35, 0.15)
_CUE_LEMMAS = frozenset("say tell state add counter warn note claim announce".split())
_NP_LINKS = frozenset({"poss", "compound", "amod", "nmod", "appos", "conj"})


@dataclass
class Reading:
    """What the lexicon and the parse say about one target mention."""

    score: float = 0.0  # in [-1, 1]
    evidence: list[tuple[float, str]] = field(default_factory=list)  # (contribution, words)
    hedged: str | None = None

    @property
    def has_evidence(self) -> bool:
        return any(abs(c) >= 0.05 for c, _ in self.evidence)


def _np_head(tok):
    """Climb from the target token to the head of the noun phrase it sits in."""
    seen = 0
    while tok.dep_ in _NP_LINKS and tok.head is not tok and seen < 4:
        if tok.dep_ == "conj" and tok.head.pos_ not in ("PROPN", "NOUN"):
            break
        tok = tok.head
        seen += 1
    return tok


def _distances(sent, start) -> dict[int, int]:
    adj: dict[int, list[int]] = {}
    for t in sent:
        if t.head is not t:
            adj.setdefault(t.i, []).append(t.head.i)
            adj.setdefault(t.head.i, []).append(t.i)
    dist = {start.i: 0}
    frontier = [start.i]
    while frontier:
        nxt = []
        for i in frontier:
            for j in adj.get(i, ()):
                if j not in dist:
                    dist[j] = dist[i] + 1
                    nxt.append(j)
        frontier = nxt
    return dist


def read_target(sent, target, vals: list[float], scope: tuple[int, int] | None = None) -> Reading:
    """How the evaluative words of ``sent`` bear on the ``target`` span.

    ``vals`` are the token valences of ``sent``; ``scope`` (token indices, end exclusive)
    limits the words that may count, e.g. to the quoted words and their clause.
    """
    s0 = sent.start
    head = _np_head(target.root)
    dist = _distances(sent, head)
    role = head.dep_
    gov = head.head
    victim_of = None
    if role in ("dobj", "nsubjpass", "pobj", "dative") and gov.lemma_.lower() in HOSTILE_ACTS:
        victim_of = gov.i
    if role == "pobj" and gov.lower_ in ("to", "into", "at", "on") and gov.head.lemma_.lower() in HOSTILE_ACTS:
        victim_of = gov.head.i
    agent_of_disapproval = role in ("nsubj",) and gov.lemma_.lower() in {d for d in DISAPPROVAL}
    reading = Reading()
    total = 0.0
    for t in sent:
        i = t.i - s0
        if target.start <= t.i < target.end:
            continue
        if scope is not None and not (scope[0] <= t.i < scope[1]) and t.i != head.i and t.i != gov.i:
            continue
        v = vals[i]
        if not v or t.lemma_.lower() in _CUE_LEMMAS:
            continue
        d = dist.get(t.i, 6)
        w = _DIST_WEIGHT[min(d, 4)]
        note = ""
        if t.i == victim_of:
            w *= 0.15
        if agent_of_disapproval and t.i == gov.i:
            w *= 0.2
        if role == "nsubjpass" and t.i == gov.i and v < 0:
            w *= 0.4  # things done to the target
        total += v / 4 * w
        reading.evidence.append((v / 4 * w, t.text + note))
    # "against <target>" is opposition to the target
    if role == "pobj" and gov.lower_ in AGAINST_PREPS:
        total -= 0.5
        reading.evidence.append((-0.5, f"against {head.text}"))
    # "<evaluation> by <target>" (violation by North Korea): the target is the agent
    if role == "pobj" and gov.lower_ == "by" and gov.head.i - s0 < len(vals):
        hv = vals[gov.head.i - s0] if gov.head.i >= s0 else 0.0
        if hv < 0:
            total += hv / 4 * 0.5
            reading.evidence.append((hv / 4 * 0.5, f"{gov.head.text} … by {target.text}"))
    hedge = next((t.text for t in sent if t.lower_ in HEDGES and (scope is None or scope[0] <= t.i < scope[1])), None)
    score = math.tanh(1.6 * total)
    if hedge:
        score *= 0.75
        reading.hedged = hedge
    reading.score = score
    reading.evidence.sort(key=lambda e: -abs(e[0]))
    return reading
