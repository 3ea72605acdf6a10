"""Lexicon + syntax: which evaluative words in a sentence bear on a target, and how much.

Since issue 15 this mood-of-the-words reading is no part of the stance the app shows (that is
``stance_events`` + the learned model, ``stance.combine``); it stays as the evaluators'
``--component lexicon`` for comparison, and ``relation_valences`` still adjusts the token
valences a quote's own evaluation reads.

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
from .stance_model import SentenceTree, sentence_graph, tree_distances

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


_CONCESSIVE = frozenset({"despite", "notwithstanding"})
_PP_UNDER = frozenset({"prep", "pobj", "dobj", "compound", "amod", "poss", "nmod", "det", "acl", "relcl", "conj"})


def relation_valences(sent, vals: list[float], toks=None) -> list[float]:
    """Token valences adjusted for what they evaluate rather than what they are:

    * names are not evaluations ("United States", "Liberty Party");
    * a positive word governed by a negative one is what is harmed, not praise
      ("violation of the armistice *agreement*", "threat to *peace*");
    * a positive word in a concessive adjunct ("even with *help* from X", "despite X's
      *support*") is conceded, not endorsed.

    ``toks``: ``list(sent)`` if the caller has it.
    """
    s0 = sent.start
    out = list(vals)
    if toks is None:
        toks = list(sent)
    for k, t in enumerate(toks):
        v = out[k]
        if not v:
            continue
        if t.pos_ == "PROPN" and t.ent_type_:
            out[k] = 0.0
            continue
        if v <= 0:
            continue
        node, steps = t, 0
        while node.head is not node and steps < 4 and node.dep_ in _PP_UNDER:
            node = node.head
            steps += 1
            j = node.i - s0
            if 0 <= j < len(vals) and vals[j] < 0:
                out[k] = 0.0
                break
            if node.lower_ in _CONCESSIVE:
                out[k] = 0.0
                break
        if out[k] and any(toks[j - s0].lower_ == "even" for j in range(max(s0, t.i - 3), t.i)):
            out[k] = 0.0
    return out


def read_target(
    sent, target, vals: list[float], scope: tuple[int, int] | None = None, labels=None, adj=None,
    tree: SentenceTree | None = None, toks=None,
) -> Reading:
    """How the evaluative words of ``sent`` bear on the ``target`` span.

    ``vals`` are the token valences of ``sent``; ``scope`` (token indices, end exclusive)
    limits the words that may count, e.g. to the quoted words and their clause. ``tree``
    (the sentence's shared ``SentenceTree``) and ``toks`` (``list(sent)``) only save
    recomputing them.
    """
    s0 = sent.start
    if toks is None:
        toks = list(sent)
    head = _np_head(target.root)
    if tree is not None:
        dist = tree.distances(head.i)
    else:
        dist = tree_distances(adj if adj is not None else sentence_graph(sent, toks), head.i)
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
    for t in toks:
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
        reading.evidence.append((v / 4 * w, (labels[i] if labels else t.text) + note))
    # "against <target>" is opposition to the target
    if role == "pobj" and gov.lower_ in AGAINST_PREPS:
        total -= 0.5
        reading.evidence.append((-0.5, f"against {head.text}"))
    # "<evaluation> by <target>" (violation by North Korea): the target is the agent
    if role == "pobj" and gov.lower_ == "by":
        hv = vals[gov.head.i - s0] if 0 <= gov.head.i - s0 < len(vals) else 0.0
        if hv < 0:
            total += hv / 4 * 0.5
            reading.evidence.append((hv / 4 * 0.5, f"{gov.head.text} … by {target.text}"))
    hedge = next((t.text for t in toks if t.lower_ in HEDGES and (scope is None or scope[0] <= t.i < scope[1])), None)
    score = math.tanh(1.6 * total)
    if hedge:
        score *= 0.75
        reading.hedged = hedge
    reading.score = score
    reading.evidence.sort(key=lambda e: -abs(e[0]))
    return reading
