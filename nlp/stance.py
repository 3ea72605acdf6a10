"""Stance of each quote's holder toward each target it concerns, and per-speaker aggregates.

Stance here is the holder's (the quote's speaker's) position toward a state: accusing,
condemning, warning, sanctioning, threatening, calling it a threat are negative; praising,
supporting, thanking, defending, pledging cooperation are positive; factual or balanced
remarks are neutral. It is one score — the one the app shows, exports, aggregates, and that
``eval newsmtsc`` / ``eval directed`` measure by default — made of two parts (``combine``):

* the event/relation layer (``stance_events``): who does what to whom in the parse, with CAMEO
  verb classes and Goldstein scores; it decides when it finds the holder polar toward the
  target ("we condemn Russia", "North Korea's reckless pursuit", "an infringement on the
  DPRK's sovereignty" → defends it);
* the learned model (``stance_model``, NewsMTSC; in the accurate mode averaged with a frozen
  encoder head, ``stance_encoder``; any model with ``proba(sentence, start, end)`` plugs in):
  it decides where the relation layer is silent.

A holder who speaks for the target's own state (its leader, ministry, news agency, or a
speaker introduced as "Russia's ambassador") and is polar about it defends it: positive.

A quote concerns a target when the target is named in the quote or in the sentence that
reports it (not as or beside its speaker). A quote that names no target inherits the targets
of the nearest of the previous two sentences (of its paragraph, or of the paragraph before when
the quote refers back with a pronoun), at half weight, and says so ("(context: …)"). Evidence
words come only from the quote, its cue, the target's phrase, or that marked context. Where
the learned part decides, its evidence is the words that moved it (the sparse model's
strongest features) or, for a model that cannot name them (the tuned mode's fine-tuned model),
the quote's own words of the shown tone, nearest the target first (``tone_words``).
Scare quotes are not statements and get no stance.
"""

from __future__ import annotations

import itertools
import math
import re
from bisect import bisect_left, bisect_right
from contextlib import contextmanager

import numpy as np

from .aggregate import aggregate  # noqa: F401  (the per-speaker aggregate, re-exported)
from .cues import cue_group
from .model import Mention, Quote, QuoteStance, Speaker, is_statement, label_for
from .sentiment import sentiment
from .stance_events import TOPIC_WORDS, Relation, evaluative_word, holder_governs, relation_reading, says_only
from .stance_lexicon import DENIAL_WORDS, DEFENDING_WORDS, HEDGES, OFFICIAL_ROLES, TIE_NOUNS, UNOFFICIAL_ROLES, valences
from .stance_model import LABELS, SentenceTree, featurize, load_model, valence_details
from .stance_relations import relation_valences

ENCODER_WEIGHT = 0.5  # share of the accurate mode's encoder head in the learned probabilities (fixed, not tuned on dev)

CONTEXT_WEIGHT = 0.5
CONTEXT_SENTENCES = 2  # how far back (sentences of the same paragraph) a quote looks for its target
CHAIN_SENTENCES = 4  # how many more sentences a chain of subject "it"/"they" may reach back
STRONG_WORD = 2.0  # VADER valence a word outside the geopolitical lexicon needs to count in a quote's own evaluation
LEARNED_OVERRULES = 0.5  # the learned model turns the relation layer's sign when more likely than not on the other
TIE_AFFIRMED = 0.3  # a holder speaking of their state's ties with another, not against them (fixed, not tuned)
NEUTRAL_BAND = 0.09  # a neutral learned reading keeps its lean, inside label_for's neutral band
_KIND_NOUNS = frozenset("kind sort type form".split())
_ANAPHORS = frozenset("it they them its their this these he she his her".split())
MAX_EVIDENCE = 5


class _Sentence:
    """Per-sentence work shared by every quote and mention in it (tokens, valences; VADER and
    the dependency tree with its distances when a target mention needs them)."""

    __slots__ = ("span", "toks", "vals", "labels", "rvals", "_compound", "_tree", "scores", "learned")

    def __init__(self, span):
        self.span = span
        self.toks = list(span)  # spaCy builds a new Token object on every access
        self.vals, self.labels = valence_details(span)
        self.rvals = relation_valences(span, self.vals, self.toks)
        self._compound = None
        self._tree = None
        self.scores: dict[tuple, tuple[float, list[str]]] = {}  # mention_score per (target span, quote, side)
        self.learned: dict = {}  # the learned model's reading per target span (shared by every quote)

    @property
    def compound(self) -> float:
        if self._compound is None:
            self._compound = sentiment(self.span.text).compound
        return self._compound

    @property
    def tree(self) -> SentenceTree:
        if self._tree is None:
            self._tree = SentenceTree(self.span, self.toks)
        return self._tree


def with_encoder(p, q):
    """The learned model's probabilities ``p`` averaged with the encoder head's ``q``."""
    return (1 - ENCODER_WEIGHT) * p + ENCODER_WEIGHT * q


def sparse_used(accurate) -> bool:
    """Whether the sparse model (``stance_model``) is part of the learned probabilities: always,
    unless ``accurate`` replaces it (its ``weight`` 1.0, as the tuned mode's fine-tuned model)."""
    return accurate is None or getattr(accurate, "weight", ENCODER_WEIGHT) < 1.0


def learned_proba(sent, target_span, feats, accurate=None):
    """P(negative, neutral, positive) of the learned model for ``target_span`` in ``sent``.

    ``accurate`` is any object with ``proba(sentence_text, start, end) -> (p_neg, p_neu, p_pos)``
    (character offsets of the target in the sentence): the frozen-encoder head of the accurate
    mode, or a fine-tuned model. Its ``weight`` attribute (default ``ENCODER_WEIGHT``) is its
    share against the sparse model; 1.0 replaces the sparse model (``feats`` may then be None)."""
    p = load_model().proba(feats) if sparse_used(accurate) else None
    if accurate is not None:
        base = sent.start_char
        q = np.asarray(accurate.proba(sent.text, target_span.start_char - base, target_span.end_char - base))
        w = getattr(accurate, "weight", ENCODER_WEIGHT)
        p = q if p is None else (1 - w) * p + w * q
    return p


class BatchScorer:
    """A learned model given as a batch scorer ``probs([(sentence, start, end), …])`` → an
    (n, 3) array of P(negative, neutral, positive) — the shape of a fine-tuned encoder — in the
    slot ``learned_proba`` reads (``proba``, ``batch``). ``weight`` is its share against the
    sparse model (1.0, the default, replaces it). ``score_quotes`` scores every target mention
    of an article in one call (``prefetch``).

    >>> m = BatchScorer(lambda items: np.tile([0.1, 0.2, 0.7], (len(items), 1)))
    >>> m.proba("Russia helped.", 0, 6).tolist()
    [0.1, 0.2, 0.7]
    """

    def __init__(self, probs, weight: float = 1.0, suffix: str | None = None, name: str | None = None, holder=None):
        self.probs = probs
        self.weight = weight
        self.suffix = suffix  # what stored analyses' pipeline names end with (``+SUFFIX``)
        self.name = name  # how the evidence names it: "(NAME: P(negative) 0.81)" (None: ``learned_name``'s default)
        # a holder-aware scorer ``holder([(sentence, (t_start, t_end), (h_start, h_end)), …])`` → (n, 3):
        # how a holder named in the sentence stands toward the target (``stance_holder``); None: none
        self.holder = holder
        self._cache: dict[tuple[str, int, int], np.ndarray] = {}
        self._holder_cache: dict[tuple, np.ndarray] = {}

    def prefetch(self, items) -> None:
        todo = [it for it in dict.fromkeys(items) if it not in self._cache]
        if todo:
            self._cache.update(zip(todo, np.asarray(self.probs(todo), dtype=np.float64)))

    @contextmanager
    def batch(self, texts=()):
        """Scores fetched inside the block are forgotten after it."""
        try:
            yield self
        finally:
            self._cache = {}
            self._holder_cache = {}

    def proba(self, sentence: str, start: int, end: int) -> np.ndarray:
        key = (sentence, start, end)
        got = self._cache.get(key)
        if got is None:
            got = self._cache[key] = np.asarray(self.probs([key])[0], dtype=np.float64)
        return got

    def prefetch_holder(self, items) -> None:
        """Score (sentence, target span, holder span) triples with the holder-aware model in one call."""
        todo = [it for it in dict.fromkeys(items) if it not in self._holder_cache]
        if todo and self.holder is not None:
            self._holder_cache.update(zip(todo, np.asarray(self.holder(todo), dtype=np.float64)))

    def holder_proba(self, sentence: str, target: tuple[int, int], holder: tuple[int, int]) -> np.ndarray | None:
        """P(negative, neutral, positive) of the holder at characters ``holder`` of ``sentence``
        toward the target at ``target``, by the holder-aware scorer; None without one.

        >>> BatchScorer(None).holder_proba("Kim praised Putin.", (12, 17), (0, 3)) is None
        True
        """
        if self.holder is None:
            return None
        key = (sentence, target, holder)
        got = self._holder_cache.get(key)
        if got is None:
            got = self._holder_cache[key] = np.asarray(self.holder([key])[0], dtype=np.float64)
        return got


def learned_name(accurate) -> str:
    """What the evidence calls the learned part: ``accurate``'s ``name`` when it has one.

    >>> learned_name(None), learned_name(BatchScorer(None, name="fine-tuned model"))
    ('learned model', 'fine-tuned model')
    """
    if accurate is None:
        return "learned model"
    return getattr(accurate, "name", None) or "learned model + encoder"


def tone_words(toks, vals, labels, sign: int, dist: dict[int, int], allowed=None, limit: int = 3) -> list[str]:
    """The words of a sentence whose lexicon tone has ``sign`` (−1 or 1), as the evidence of a
    learned model that cannot name its own words: nearest the target first (``dist``: tree
    distance from it per token index), words of blame or praise only — no names, no topic words
    ("military", "war"), no words outside ``allowed`` (lower-cased; None: any). ``vals`` and
    ``labels`` are ``valence_details``'s, per token of ``toks``.

    >>> import spacy
    >>> doc = spacy.blank("en")("They hate the brutal war")
    >>> toks = list(doc)
    >>> tone_words(toks, [0, -2.7, 0, -2.9, -2.9], [t.text for t in toks], -1, {3: 1, 1: 2, 4: 0})
    ['brutal', 'hate']
    """
    found = []
    for k, (tok, v) in enumerate(zip(toks, vals)):
        if not v or (allowed is not None and tok.lower_ not in allowed):
            continue
        w = evaluative_word(tok, v, 0.0)  # may turn a negator's sign back ("never accept the provocations")
        if w and (w > 0) == (sign > 0):
            found.append((dist.get(tok.i, 99), k))
    return [labels[k] for _, k in sorted(found)[:limit]]


def learned_score(p) -> tuple[float, str]:
    """The learned model's score and label: the label is its most probable class, the score
    P(positive) − P(negative) kept inside that label's band of ``label_for``.

    >>> learned_score(np.array([0.2, 0.5, 0.3]))
    (0.09, 'neutral')
    """
    label = LABELS[int(np.argmax(p))]
    s = float(p[2] - p[0])
    if label == "neutral":
        s = max(-NEUTRAL_BAND, min(NEUTRAL_BAND, s))
    elif label == "negative":
        s = min(s, -0.1)
    else:
        s = max(s, 0.1)
    return round(s, 3), label


def _learned_overrules(rel: Relation, p, own_side: bool) -> bool:
    """Whether the learned model turns the relation layer's sign: more likely than not
    (``p`` above ``LEARNED_OVERRULES``) on the opposite polar class. The layer decides *whether*
    the holder is polar toward the target, the learned model — which reads how the sentence
    treats the target better than the layer's word lists — may decide *which way*. Not where the
    layer's reading rests on the holder's own act toward the target (``rel.by_holder``: "we
    condemn X", "our support to X", the victim of what the holder condemns), which the model
    cannot know, nor where the holder speaks for the target's state.

    >>> _learned_overrules(Relation(0.6), np.array([0.7, 0.2, 0.1]), False)
    True
    >>> _learned_overrules(Relation(0.6), np.array([0.1, 0.8, 0.1]), False)  # neutral: the layer stays
    False
    >>> _learned_overrules(Relation(0.6, by_holder=True), np.array([0.7, 0.2, 0.1]), False)
    False
    """
    if own_side or rel.by_holder:
        return False
    k = int(np.argmax(p))
    return k == (0 if rel.score > 0 else 2) and float(p[k]) > LEARNED_OVERRULES


def combine(rel: Relation, p, own_side: bool = False) -> tuple[float, str]:
    """One stance from the relation layer and the learned probabilities ``p``.

    The relation layer decides when it finds the holder polar toward the target: its sign,
    with a strength that the learned model raises when it agrees — unless the learned model is
    more likely than not on the opposite sign (``_learned_overrules``): then, as where the layer
    is silent, the learned model decides (its most probable class). A holder speaking for the
    target's own side (``own_side``) who is polar about it defends it: positive.

    >>> combine(Relation(-0.6), np.array([0.1, 0.8, 0.1]))
    (-0.35, 'negative')
    >>> combine(Relation(-0.6), np.array([0.1, 0.2, 0.7]))  # the model turns the sign
    (0.6, 'positive')
    >>> combine(Relation(0.0), np.array([0.1, 0.8, 0.1]))
    (0.0, 'neutral')
    """
    if rel.polar and not _learned_overrules(rel, p, own_side):
        agree = p[2] if rel.score > 0 else p[0]
        mag = max(0.1, 0.5 * abs(rel.score) + 0.5 * float(agree))
        score = mag if rel.score > 0 else -mag
    else:
        score, label = learned_score(p)
        if label == "neutral" or not own_side:
            return score, label
    if own_side:
        score = max(0.1, abs(score))
    score = round(max(-1.0, min(1.0, score)), 3)
    return score, label_for(score)


def mention_score(
    sent, target_span, vals=None, compound=None, scope=None, rvals=None, labels=None, adj=None, *, tree=None, toks=None,
    accurate=None, cue_i=None, holder_words=frozenset(), own_side=False, learned=None, ties=False, acting=None,
    narrated=True,
) -> tuple[float, list[str], Relation]:
    """The stance score in [−1, 1] toward ``target_span`` within the sentence span ``sent``
    (what the app shows), the words that drove it, and the relation reading behind it.

    ``scope`` (token indices ``[a, b)`` or a set) limits the evidence words to the quote, its
    cue and the target's phrase; ``cue_i`` is the quote's cue token, ``holder_words`` the
    holder's mention tokens, ``own_side`` whether the holder speaks for the target's state;
    ``ties``: the target is a member of a tie of the holder's own state (named with the target in
    the quote, "our cooperation with [X]", or "our two countries" with [X] named in the reporting
    sentence only) — a
    holder who speaks of it neither for nor against (a neutral reading) affirms it ("Moscow and
    Pyongyang will develop their relations", "the friendship between our two countries"):
    positive. A polar reading stays as read: a tie is no side ("our relations with Washington
    were ruined by its hostility" stays blame of Washington).
    ``tree`` (the sentence's shared ``SentenceTree``) and ``toks`` (``list(sent)``) only save
    recomputing them; ``accurate`` adds the encoder (``learned_proba``); ``learned``: a dict
    where the learned model's reading of this mention is kept for the next quote that shares the
    sentence. ``rvals`` is accepted for callers of the older signature and not used.
    ``acting``: ``holder_words`` with the holder's own state named in the sentence; the acts of
    that state for the target (support, standing with it) are the holder's — not its other acts,
    which the act table reads too coarsely ("would fight alongside X", "needs partners like X").
    ``narrated``: the target is not inside the holder's quoted words (always so for a sentence
    without a quote); there, with the holder named in the sentence apart from the target, speaking
    or acting about it (``holder_governs``: the subject of the target's clause), and a learned
    scorer that has a holder-aware model (``BatchScorer.holder``, the tuned mode), that model reads
    the holder's stance ("[Warsaw] has supplied [Kyiv] with tanks": positive; "[Macron] met
    [Erdogan]": none) — unless the holder speaks for the target's own state (``own_side``), which
    the rules below read. A holder who does not govern the target is a bystander, as before
    ("[Kyiv] was praised by [the Commission]" holds no stance of Kyiv's)."""
    if toks is None:
        toks = list(sent)
    if vals is None:
        vals, labels = valence_details(sent)
    if compound is None:
        compound = sentiment(sent.text).compound
    if tree is None:
        tree = SentenceTree(sent, toks, adj)
    rel = relation_reading(sent, target_span, vals, labels, scope=scope, cue_i=cue_i, holder_words=holder_words, toks=toks)
    if acting and acting != holder_words and not rel.by_holder:
        ours = relation_reading(sent, target_span, vals, labels, scope=scope, cue_i=cue_i, holder_words=acting, toks=toks)
        if ours.polar and ours.score > 0 and ours.by_holder:
            rel = ours
    model = load_model()
    governs = not holder_words or holder_governs(sent, target_span, holder_words)
    q = None if own_side or not narrated or not governs else holder_proba(sent, target_span, holder_words, accurate)
    named = " of the named holder" if q is not None else ""
    if q is not None:
        # the holder is named in the sentence, speaks or acts about the target, and the target is
        # not in their quoted words: the holder-aware model reads how *they* stand toward it (not
        # how the sentence treats it) and decides, except that where it reads no stance, the
        # holder's own act toward the target that the layer found still counts
        feats, p, top = None, q, {}
        bystander = False
        score, label = learned_score(q)
        by_layer = label == "neutral" and rel.polar and rel.by_holder
        if by_layer:  # (the model's most probable class is neutral: it cannot turn the layer's sign)
            score, label = combine(rel, q, own_side)
    else:
        key = (target_span.start, target_span.end)
        got = learned.get(key) if learned is not None else None
        if got is None:
            # the sparse model's features, only where it takes part (and names the evidence words)
            feats = featurize(sent, target_span, vals, compound, vectors=None, tree=tree, toks=toks) if sparse_used(accurate) else None
            got = (feats, learned_proba(sent, target_span, feats, accurate), {})
            if learned is not None:
                learned[key] = got
        feats, p, top = got
        bystander = (not rel.polar or scope is None) and not governs
        if bystander:
            # the holder is named here but does not speak or act about the target: the sentence's
            # tone toward it is not theirs — nor, where no quote marks the holder's words, what the
            # relation layer reads in the sentence
            score, label = round(max(-NEUTRAL_BAND, min(NEUTRAL_BAND, float(p[2] - p[0]))), 3), "neutral"
        else:
            score, label = combine(rel, p, own_side)
        by_layer = rel.polar and not bystander and not _learned_overrules(rel, p, own_side)
    affirmed = ties and label == "neutral" and not bystander
    if affirmed:
        score, label = TIE_AFFIRMED, "positive"
    # where the learned model decides (the layer silent, or its sign turned), the layer's words that
    # argue against the stance shown are not its evidence
    evidence = [] if bystander else [
        w for c, w in rel.evidence if abs(c) >= 0.05 and (by_layer or (c > 0) == (score > 0))][:MAX_EVIDENCE]
    if not by_layer and label != "neutral" and not affirmed:
        cls = LABELS.index(label) if not own_side else int(np.argmax([p[0], 0, p[2]]))
        allowed = _scope_words(sent, toks, scope, cue_i, target_span)
        if allowed is not None and cue_i is not None and says_only(sent.doc[cue_i]):
            allowed.discard(sent.doc[cue_i].lower_)  # "argues" reports: no tone of the holder's
        if feats is not None:  # the sparse model's strongest words toward the class
            if cls not in top:
                top[cls] = model.top_words(feats, cls)
            evidence += [w for w in top[cls] if allowed is None or w in allowed]
        else:  # a model that cannot name its words: the quote's own words of that tone
            evidence += tone_words(toks, vals, labels or [t.text for t in toks], 1 if cls == 2 else -1,
                                   tree.distances(target_span.root.i), allowed)
        evidence.append(f"({learned_name(accurate)}: P({LABELS[cls]}) {p[cls]:.2f}{named})")
    if affirmed:
        evidence.append("(ties of the holder's state)")
    elif own_side and label == "positive":
        evidence.append("(holder speaks for this state)")
    if rel.hedged:
        evidence.append(f"(hedged: {rel.hedged})")
    return score, list(dict.fromkeys(evidence)), rel  # a word the layer and the model both name, once


def _quoted_spans(plan) -> list[tuple[int, int]]:
    """The character spans of the plan's quotes' words, merged where they overlap and sorted
    (what ``_quoted`` searches).

    >>> _quoted_spans([(Quote("a", 50, 60, ""),), (Quote("b", 10, 40, ""),), (Quote("c", 12, 20, ""),)])
    [(10, 40), (50, 60)]
    """
    merged: list[tuple[int, int]] = []
    for a, b in sorted((entry[0].start, entry[0].end) for entry in plan):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _quoted(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether character ``pos`` lies inside one of the quotes' words (``spans`` from
    ``_quoted_spans``: merged and sorted).

    >>> _quoted([(10, 40), (50, 60)], 55), _quoted([(10, 40), (50, 60)], 45)
    (True, False)
    """
    k = bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and pos < spans[k][1]


def _holder_words(doc, holder_span) -> frozenset[int]:
    """The token indices of a quote's holder mention (``_holder_span``'s characters); empty when
    there is none."""
    hs = doc.char_span(*holder_span, alignment_mode="expand") if holder_span is not None else None
    return frozenset(range(hs.start, hs.end)) if hs is not None else frozenset()


def _holder_items(doc, plan, quoted_spans) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    """The (sentence, target span, holder span) triples ``mention_score`` will ask the holder-aware
    model for: targets outside the quotes' words (``quoted_spans``), not of the holder's own
    state, in a sentence that names the holder apart from them as the subject of their clause."""
    out = []
    for quote, _, own, side, holder_span in plan:
        holder = _holder_words(doc, holder_span)
        if not holder:
            continue
        for m, tspan, st in own:
            if m.target in side or _quoted(quoted_spans, tspan.start_char):
                continue
            spans = _holder_chars(st.span, tspan, holder)
            if spans is not None and holder_governs(st.span, tspan, holder):
                out.append((st.span.text, *spans))
    return out


def _holder_chars(sent, target_span, holder_words) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The target's and the holder's character spans relative to ``sent`` when the holder is
    named inside the sentence, apart from the target; None otherwise.

    >>> import spacy
    >>> doc = spacy.blank("en")("Kim praised Putin warmly.")
    >>> _holder_chars(doc[:], doc[2:3], frozenset({0}))
    ((12, 17), (0, 3))
    >>> _holder_chars(doc[:], doc[2:3], frozenset({2})) is None  # the holder is the target
    True
    """
    if not holder_words:
        return None
    lo, hi = min(holder_words), max(holder_words) + 1
    if lo < sent.start or hi > sent.end or (lo < target_span.end and target_span.start < hi):
        return None
    doc, base = sent.doc, sent.start_char
    return ((target_span.start_char - base, target_span.end_char - base),
            (doc[lo].idx - base, doc[hi - 1].idx + len(doc[hi - 1].text) - base))


def holder_proba(sent, target_span, holder_words, accurate):
    """P(negative, neutral, positive) of a holder named in ``sent`` toward ``target_span`` by the
    learned scorer's holder-aware model (``BatchScorer.holder_proba``); None where the holder is
    not named in the sentence apart from the target, or the scorer has no such model."""
    if accurate is None or getattr(accurate, "holder", None) is None:
        return None
    spans = _holder_chars(sent, target_span, holder_words)
    return None if spans is None else accurate.holder_proba(sent.text, *spans)


def _scope_words(sent, toks, scope, cue_i, target=None) -> set[str] | None:
    """Lower-cased words of ``sent`` inside ``scope`` that can be shown as evidence: not names,
    not function words ("is", "it") (None: no limit)."""
    if scope is None:
        return None
    if isinstance(scope, tuple):
        lo, hi = scope
        inside = (t for t in toks if lo <= t.i < hi or t.i == cue_i)
    else:
        inside = (t for t in toks if t.i in scope or t.i == cue_i)
    skip = range(target.start, target.end) if target is not None else ()
    return {t.lower_ for t in inside if not t.is_stop and t.pos_ not in ("PROPN", "PRON", "AUX", "DET") and t.i not in skip}


class _Sentences:
    """Sentence lookup by token, computed once per doc (``Token.sent`` rescans the doc)."""

    def __init__(self, doc, text: str | None = None):
        self.doc = doc
        self.text = doc.text if text is None else text  # Doc.text is rebuilt on every access
        self.starts = []
        self.ends = []
        if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
            for s in doc.sents:
                self.starts.append(s.start)
                self.ends.append(s.end)
        else:  # a pipeline without parser or senter: paragraphs stand in for sentences
            self.starts.append(0)
            self.ends.append(len(doc))

    def of(self, tok):
        """The sentence of ``tok``, cut at the paragraph's line breaks (a heading with no full
        stop must not run into the next paragraph)."""
        doc = self.doc
        k = max(0, bisect_right(self.starts, tok.i) - 1)
        s = doc[self.starts[k] : self.ends[k]]
        text = self.text
        a, b = s.start_char, s.end_char
        nl = text.rfind("\n", a, tok.idx)
        if nl >= 0:
            a = nl + 1
        nl = text.find("\n", tok.idx + len(tok), b)
        if nl >= 0:
            b = nl
        if (a, b) == (s.start_char, s.end_char):
            return s
        span = doc.char_span(a, b, alignment_mode="expand")
        return span if span is not None and len(span) else s


def _sentences_of(doc, start: int, end: int, sentences: _Sentences):
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return []
    out = []
    for tok in (span[0], span[-1]):
        s = sentences.of(tok)
        if not out or out[-1].start != s.start:
            out.append(s)
    if len(out) == 2 and out[1].start > out[0].end:
        mid = []
        j = out[0].end
        while j < out[1].start:
            s = sentences.of(doc[j])
            mid.append(s)
            j = max(s.end, j + 1)
        out[1:1] = mid
    return out


def _paragraph_bounds(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, (len(text) if b < 0 else b)


def _context_label(doc, m: Mention) -> str:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return m.text
    root = span.root
    if root.dep_ in ("amod", "compound") and root.head.i > root.i and root.head.i - span.end < 2:
        return doc[span.start : root.head.i + 1].text
    return span.text


def score_quotes(doc, quotes: list[Quote], mentions: list[Mention], targets=None, accurate=None,
                 speakers: list[Speaker] | None = None) -> None:
    """Fill ``quote.stance`` for every target each (non-scare) quote concerns; ``accurate`` (a
    ``stance_encoder.AccurateStance`` or any model of that shape) joins the learned model;
    ``speakers`` lets a holder who speaks for a target's state be recognised by name."""
    if not quotes or not mentions:
        return
    if targets is not None:
        names = {getattr(t, "name", t) for t in targets}
        mentions = [m for m in mentions if m.target in names]
    text = doc.text
    cache: dict[tuple[int, int], _Sentence] = {}
    sentences = _Sentences(doc, text)
    sides = _speaker_sides(speakers, targets, doc, text)
    home = _issuing_state(text, mentions)
    if home is not None:
        # "Briefing by Foreign Ministry Spokeswoman Maria Zakharova" / "Moscow, April 15": the
        # ministry of the speaker the title names, naming no state, is the one of the state the
        # document is issued in
        title = text.split("\n", 1)[0]
        for sp in speakers or ():
            named = title[:title.find(sp.name) + len(sp.name)] if sp.name and sp.name in title else ""
            if sp.id not in sides and named and _stateless_body(named):  # (the one the title names, not
                sides[sp.id] = frozenset({home})  # a wire story's "a Foreign Ministry spokesman" under "MOSCOW")
    # "both sides" / "the two sides" of talks speak jointly for the states the talks are between
    parties = {sp.id for sp in speakers or () if sp.kind == "group" and _PARTIES.fullmatch(sp.name.strip())}

    def sentence(s) -> _Sentence:
        got = cache.get((s.start, s.end))
        if got is None:
            got = cache[(s.start, s.end)] = _Sentence(s)
        return got

    # mentions by character offset: those in [lo, hi), in list order, without a scan per quote
    starts = [m.start for m in mentions]
    by_start = all(a <= b for a, b in zip(starts, starts[1:]))  # find_mentions sorts them

    def mentions_in(lo: int, hi: int) -> list[Mention]:
        if by_start:
            return mentions[bisect_left(starts, lo) : bisect_left(starts, hi)]
        return [m for m in mentions if lo <= m.start < hi]

    # first the target mentions each quote concerns, so the accurate mode encodes their
    # sentences in one batch
    spans = sorted((q.start, q.end, q.speaker) for q in quotes if is_statement(q.kind))
    span_starts = [a for a, _, _ in spans]
    longest = max((b - a for a, b, _ in spans), default=0)

    def other_quotes(quote: Quote, lo: int, hi: int) -> list[tuple[int, int]]:
        """The spans of other holders' quotes that overlap characters [lo, hi) (none that starts
        more than the longest quote's length before ``lo`` can reach it)."""
        return [
            (a, b) for a, b, who in spans[bisect_left(span_starts, lo - longest): bisect_left(span_starts, hi)]
            if b > lo and (a, b) != (quote.start, quote.end) and (who != quote.speaker or who is None)
        ]

    # the states that the phrases naming a speaker make theirs ("Russia's deputy ambassador
    # Dmitry Polyanskiy"): the speaker's side in every quote of theirs, and no target to refer back to
    holder_spans: dict[str, tuple[int, int]] = {}

    titles: list[tuple[int, int]] = []  # where a speaker's title names their state: no target to refer back to

    def titled(sid, lo: int, hi: int, official: bool | None = None) -> None:
        if sid is None or not (official if official is not None else not _unofficial(doc, lo, hi)):
            return
        titles.append((lo, hi))
        for m in mentions_in(lo, hi):
            if lo <= m.start and m.end <= hi and _owns_the_title(doc, m):
                sides[sid] = frozenset(sides.get(sid, frozenset()) | {m.target})

    official: dict[str, bool] = {}  # per quote: whether its holder's phrase names an official (not an analyst)
    for quote in quotes:
        if is_statement(quote.kind) and (hs := _holder_span(doc, quote)) is not None:
            holder_spans[quote.id] = hs
            official[quote.id] = not _unofficial(doc, *hs)
            titled(quote.speaker, *hs, official[quote.id])
    # the same where the article first names a speaker outside any quote of theirs ("… attended
    # by North Korean Vice Premier Ryom Kwang-il"; later "Ryom said")
    for sp in speakers or ():
        if sp.kind == "group":
            continue  # (not "officials": the "North Korean officials" of another sentence are others)
        for name in {n for n in [sp.name, *sp.aliases] if len(n.split()) >= 2}:
            for found in itertools.islice(re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text), 3):
                titled(sp.id, *_np_extent(doc, found.start(), found.end()))
    described = sorted([*holder_spans.values(), *titles])
    described_starts = [a for a, _ in described]
    reach = list(itertools.accumulate((b for _, b in described), max))  # the furthest end among the first k

    def described_at(m: Mention) -> bool:
        """Whether a speaker's phrase (a holder's or a title's span) holds mention ``m``."""
        k = bisect_right(described_starts, m.start)
        return k > 0 and reach[k - 1] >= m.end

    def context_mentions_in(lo: int, hi: int) -> list[Mention]:
        return [m for m in mentions_in(lo, hi) if not described_at(m)]

    plan = []
    for quote in quotes:
        if not is_statement(quote.kind):
            continue
        sents = _sentences_of(doc, quote.start, quote.end, sentences)
        if not sents:
            continue
        lo, hi = sents[0].start_char, sents[-1].end_char
        holder_span = holder_spans.get(quote.id)
        side = set(sides.get(quote.speaker, ()))
        if quote.speaker in parties and not _EACH_OTHER.search(quote.text):
            # the states named before their joint words are theirs (not those the words are about:
            # "Both sides said they opposed Japan's remilitarisation"); not sides that blame each other
            side |= {m.target for m in _context_mentions(doc, quote, sents, text, sentences, context_mentions_in)}
        own = []
        others = other_quotes(quote, lo, hi)
        for m in mentions_in(lo, hi):
            if not (quote.start <= m.start < quote.end) and any(a <= m.start and m.end <= b for a, b in others):
                continue  # inside another quote of the sentence: that quote's holder's words
            if holder_span is not None and holder_span[0] <= m.start and m.end <= holder_span[1]:
                if official[quote.id]:  # (not "Russian political scientist Pavel Orlov")
                    side.add(m.target)  # "Russia's ambassador, Vasily Nebenzia": the holder's side
                continue
            tspan = doc.char_span(m.start, m.end, alignment_mode="expand")
            if tspan is None or len(tspan) == 0:
                continue
            st = sentence(sentences.of(tspan[0]))
            # the whole reporting sentence counts: "Kim said Russia … are “a threat”"
            if st.span.start <= tspan.start and tspan.end <= st.span.end:
                own.append((m, tspan, st))
        plan.append((quote, sents, own, side, holder_span))
    quoted_spans = _quoted_spans(plan)
    if accurate is None:
        _score_plan(doc, plan, quoted_spans, text, sentences, sentence, context_mentions_in, None)
    else:
        with accurate.batch([st.span.text for _, _, own, _, _ in plan for _, _, st in own]):
            if hasattr(accurate, "prefetch"):  # a batch scorer: every mention of the article in one call
                accurate.prefetch([
                    (st.span.text, ts.start_char - st.span.start_char, ts.end_char - st.span.start_char)
                    for _, _, own, _, _ in plan for _, ts, st in own
                ])
            if getattr(accurate, "holder", None) is not None:  # the holder-aware model's readings, in one call
                accurate.prefetch_holder(_holder_items(doc, plan, quoted_spans))
            _score_plan(doc, plan, quoted_spans, text, sentences, sentence, context_mentions_in, accurate)
    askers = {sp.id for sp in speakers or () if sp.kind == "questioner"}
    for quote in quotes:
        if quote.speaker in askers:
            # a reporter's question, and what the reporter sets out before it ("There are reports
            # that Russia may have provided …"), take no position: the targets named are addressed,
            # neutrally
            why = ASKED if _is_question(quote.text) else SET_OUT
            quote.stance = {t: QuoteStance(0.0, "neutral", [why]) for t in quote.stance}


ASKED = "(a question: no position taken)"
SET_OUT = "(a reporter's question: no position taken)"


def _is_question(text: str) -> bool:
    """Whether a quote's text is a question (its last sentence ends with a question mark).

    >>> _is_question("Is Russia worried? ") , _is_question("Russia is worried.")
    (True, False)
    """
    return text.rstrip().rstrip("\"'”’)").endswith("?")


def _speaker_sides(speakers, targets, doc=None, text: str | None = None) -> dict[str, frozenset[str]]:
    """Speaker id → the targets whose state the speaker speaks for, by name: a leader, ministry
    or agency listed among a target's forms ("Lavrov", "KCNA", "Pyongyang"), or what the
    article says the speaker is where it names them (``doc``: "A spokesperson for the Foreign
    Ministry of the DPRK", "Choe Son Hui, foreign minister of the DPRK"); ``text``: ``doc.text``,
    which spaCy builds anew at each call."""
    if not speakers:
        return {}
    from .targets import DEFAULT_TARGETS, find_mentions_in_text

    objs = tuple(t for t in (targets or DEFAULT_TARGETS) if hasattr(t, "aliases")) or DEFAULT_TARGETS
    out = {}
    if doc is not None and text is None:
        text = doc.text
    for sp in speakers:
        parts = [p.strip() for n in [sp.name, *sp.aliases] for p in re.split(r",|\band\b", n) if p.strip()]
        if doc is not None:
            parts += _descriptions(doc, [sp.name, *sp.aliases], text)
        found = {m.target for p in parts for m in find_mentions_in_text(p, objs) if _names_the_holder(p, m)}
        if found:
            out[sp.id] = frozenset(found)
    return out


# a state's bodies, named in a mention ("DPRK Foreign Ministry", "the Russian Embassy")
_BODIES = frozenset("ministry embassy government army navy agency office mission council commission committee "
                    "kremlin presidency cabinet parliament assembly".split())
_LEFT_OFFICE = frozenset("defect resign flee escape quit retire".split())


def _unofficial(doc, lo: int, hi: int) -> bool:
    """Whether the noun phrase at characters [lo, hi) names a role that speaks for no state
    ("a Russian political scientist", "the North Korean defector Kim"), so the state its title
    names is not the holder's side."""
    span = doc.char_span(lo, hi, alignment_mode="expand") or ()
    roles = [t for t in span if t.lemma_.lower() in OFFICIAL_ROLES]
    if roles:  # an official ("Foreign Ministry spokeswoman Maria Zakharova, a former journalist")
        # unless a former one ("Former North Korean diplomat Ko Yong-hwan", "a North Korean
        # diplomat who defected to Seoul")
        return all(any(c.lower_ in ("former", "ex", "retired") or c.dep_ == "relcl" and c.lemma_.lower() in _LEFT_OFFICE
                       for c in t.children) for t in roles)
    return any(t.lemma_.lower() in UNOFFICIAL_ROLES and t.pos_ == "NOUN" for t in span)


def _owns_the_title(doc, m: Mention) -> bool:
    """Whether a state named in a speaker's title is theirs: a possessive ("Russia's deputy
    ambassador") or a demonym ("the Russian envoy") — not a compound naming what the role is
    about ("U.S. North Korea envoy Sung Kim")."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    root = span.root
    # (a demonym the parser made a compound of a named body: "The [Russian] Embassy in Seoul")
    demonym = root.ent_type_ == "NORP" or root.lower_.endswith(("ian", "ean", "ese", "ish", "i"))
    # (a state's body named with its demonym: "[Russian Foreign Ministry] spokeswoman Maria Zakharova")
    body = len(span) > 1 and span[0].lower_.endswith(("ian", "ean", "ese", "ish"))
    if root.dep_ == "pobj" and root.lower_ in _BODIES and root.head.lower_ in ("for", "of") \
            and root.head.head.lemma_.lower() in OFFICIAL_ROLES:
        return True  # "Spokesman for [DPRK Foreign Ministry]" (not "envoy for North Korea": no body)
    return root.dep_ == "poss" or (root.dep_ == "amod" and root.ent_type_ == "NORP") or (
        root.dep_ == "compound" and (demonym and root.head.pos_ == "PROPN" or body)) or any(
        t.tag_ == "POS" for t in doc[span.end : span.end + 1])


_DESCRIBED_BY = frozenset({"for", "of", "from", "at"})  # "a spokesperson for …", "the minister of …"


def _descriptions(doc, names: list[str], text: str, per_name: int = 3) -> list[str]:
    """What the article says each of ``names`` is where it names them (the first ``per_name``
    times: an article introduces a speaker early): the name's noun phrase with its prepositional
    phrases ("A spokesperson for the Foreign Ministry of the DPRK") and its apposition ("Choe
    Son Hui, foreign minister of the DPRK" → "foreign minister of the DPRK").

    ``text`` is ``doc.text`` (which spaCy rebuilds at each access).

    >>> # "A spokesperson for the Foreign Ministry of the DPRK said …" → [that phrase]
    """
    out = []
    for name in {n for n in names if n and len(n) > 1}:
        # the whole name, not inside a longer word ("Kim" is not "Kimball")
        for found in itertools.islice(re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text), per_name):
            span = doc.char_span(found.start(), found.end(), alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            for c in root.children:
                if c.dep_ == "prep" and c.lower_ in _DESCRIBED_BY and c.i > root.i:
                    out.append(doc[span.start : c.right_edge.i + 1].text)
                elif c.dep_ == "appos":
                    out.append(doc[c.left_edge.i : c.right_edge.i + 1].text)
    return out


def _names_the_holder(part: str, m) -> bool:
    """Whether a target form found in one part of a speaker's name says whose the speaker is:
    it is most of the part ("KCNA", "Sergei Lavrov") or ends it after "of" or no preposition
    ("foreign minister of the DPRK"; not "ambassador to Russia").

    >>> from nlp.model import Mention
    >>> _names_the_holder("ambassador to Russia", Mention("Russia", 14, 20, "Russia"))
    False
    """
    if m.end - m.start >= 0.5 * len(part):
        return True
    rest = part[m.end:].strip(" .'’s").split()
    if rest and rest[-1].lower() in _BODIES and all(w[:1].isupper() for w in rest):
        return True  # "Spokesman for DPRK Foreign Ministry": the state's own body
    if rest:
        return False
    before = part[: m.start].split()
    return not before or before[-1].lower() not in ("to", "in", "on", "against", "with", "at", "from", "for", "toward")


def _holder_span(doc, quote: Quote) -> tuple[int, int] | None:
    """Characters of the holder's noun phrase around the speaker mention, without its
    prepositional phrases: "Russia's ambassador to the U.N., Vasily Nebenzia" → "Russia's
    ambassador … Vasily Nebenzia" (so "Russia" there is the holder's side, not a target)."""
    m = quote.speaker_mention
    if m is None:
        return None
    return _np_extent(doc, m.start, m.end)


def _np_extent(doc, start: int, end: int) -> tuple[int, int]:
    """Characters of the noun phrase around characters [start, end) of ``doc`` (a name), with
    its titles and appositions but without its prepositional phrases or clauses."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return (start, end)
    root = span.root
    nodes = [root]
    if root.dep_ == "appos":
        nodes.append(root.head)
    nodes += [c for c in root.children if c.dep_ == "appos"]
    lo, hi = start, end
    for n in nodes:
        for t in _np_tokens(n):
            lo = min(lo, t.idx)
            hi = max(hi, t.idx + len(t))
    return lo, hi


def _np_tokens(tok):
    """``tok`` and its noun-phrase modifiers (not its prepositional phrases or clauses)."""
    out = [tok]
    for c in tok.children:
        if c.dep_ in ("poss", "compound", "amod", "nmod", "det", "case", "punct") and c.i < tok.i:
            out += _np_tokens(c)
    return out


def _quote_scope(doc, quote: Quote, sent, tspan) -> tuple[set[int], int | None]:
    """Token indices of ``sent`` that may count as evidence for ``quote`` — the quoted words,
    the target's own phrase — and the cue token's index (the holder's act)."""
    scope = {t.i for t in sent if quote.start <= t.idx < quote.end}
    scope.update(range(tspan.start, tspan.end))
    cue_i = None
    if quote.cue is not None:
        c = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
        if c is not None and len(c) and sent.start <= c.root.i < sent.end:
            cue_i = c.root.i
            scope.update(range(c.start, c.end))
    return scope, cue_i


def _score_plan(doc, plan, quoted_spans, text, sentences, sentence, mentions_in, accurate) -> None:
    for quote, sents, own, side, holder_span in plan:
        per_target: dict[str, list[tuple[float, list[str]]]] = {}
        holder_words = _holder_words(doc, holder_span)
        roots = [(m.target in side, tspan.root) for m, tspan, _ in own]
        ours = bool(side) and _our_tie(doc, quote)  # "the friendship between our two countries"
        readings = []  # (target, its span, (score, evidence, by the learned model), the target's items, index there)
        # targets that make the claim the quote may call false ("[Pyongyang]'s claims were a fabrication")
        claimants = {m.target for m, tspan, _ in own if _makes_the_claim(tspan.root)}
        for m, tspan, st in own:
            scope, cue_i = _quote_scope(doc, quote, st.span, tspan)
            # a state tied to the holder's own ("Moscow and [Pyongyang] will develop their relations")
            ties = any(r.i != tspan.root.i and (is_side or m.target in side) and _tied(tspan.root, r)
                       for is_side, r in roots) or bool(side) and (
                _in_our_tie(tspan.root) or ours and not (quote.start <= tspan.start_char < quote.end))
            # the holder's own state named in the sentence acts for the holder where it acts *for*
            # the target ("Kim said [the DPRK] would always stand with the Russian army")
            acting = holder_words | frozenset(
                i for m2, ts2, _ in own if m2.target in side and m2.target != m.target for i in range(ts2.start, ts2.end))
            key = (tspan.start, tspan.end, quote.start, m.target in side, ties, acting)
            got = st.scores.get(key)
            if got is None:
                score, ev, rel = mention_score(
                    st.span, tspan, st.vals, st.compound, scope, None, st.labels, tree=st.tree, toks=st.toks,
                    accurate=accurate, cue_i=cue_i, holder_words=holder_words, own_side=m.target in side,
                    learned=st.learned, ties=ties, acting=acting,
                    narrated=not _quoted(quoted_spans, tspan.start_char),
                )
                # (whether the learned model decided: the layer silent, or its sign turned)
                by_model = any(e.startswith(f"({learned_name(accurate)}:") for e in ev)
                if by_model and not rel.polar and m.target not in side and _reports_figures(st, quote):
                    # a report of figures that evaluates nothing ("about 2,000 North Korean soldiers
                    # were believed to have been killed"): the sentence's tone is no stance
                    score, ev, by_model = 0.0, [FIGURES], False
                got = st.scores[key] = (score, ev, by_model)
            if ties and m.target not in side and got[0] < 0 and got[2] and not _blames_in(quote, st, tspan) and (any(
                    t in side and any(sc > 0 for sc, _ in items) for t, items in per_target.items())
                    or not any(m2.target in side for m2, _, _ in own)):
                # the partner in a tie the holder defends for their own state (named and read
                # positive, or unnamed: the holder speaks for it): the learned model's blame of it
                # is the sentence's tone, not the holder's ("Russian-North Korean cooperation is
                # conducted in accordance with international law", said the embassy; "relations
                # with Pyongyang were not a transaction", said the Russian minister)
                got = (TIE_AFFIRMED, ["(ties of the holder's state)"], False)
            items = per_target.setdefault(m.target, [])
            readings.append((m.target, tspan, got, items, len(items)))
            items.append((got[0], list(got[1])))
        for tb, sb, got, items, k in readings:
            # a partner named together with the holder's own state, which the quote defends: the
            # learned model's blame of it is the tone of the others' act on both ("the attempt of
            # the Western countries to isolate the DPRK and [Russia]", said the DPRK's spokesman)
            if tb not in side and got[0] < 0 and got[2] and any(
                    ta in side and sa[0] > 0 and _coordinated(sa_span.root, sb.root) for ta, sa_span, sa, _, _ in readings):
                items[k] = (TIE_AFFIRMED, ["(alongside the holder's state)"])
        if ours and per_target and all(sc >= 0.1 for items in per_target.values() for sc, _ in items):
            for tname in side - per_target.keys():  # "our two countries": the holder's own state too
                per_target[tname] = [(TIE_AFFIRMED, ["(ties of the holder's state)", "(our two countries)"])]
        if not per_target:
            ctx = _context_mentions(doc, quote, sents, text, sentences, mentions_in)
            if ctx:
                denied = _denial(_judging_words(quote, sents, sentence)) if side else []
                for tname in dict.fromkeys(m.target for m in ctx):
                    label = _context_label(doc, next(m for m in ctx if m.target == tname))
                    claimed = any(_makes_the_claim(t.root) for x in ctx if x.target == tname
                                  for t in [doc.char_span(x.start, x.end, alignment_mode="expand")] if t is not None and len(t))
                    if denied and tname not in side and not claimed:
                        # an official who calls the charge against their state's partner false
                        # defends it ("Ukraine said the missiles were North Korean. Peskov called
                        # the finding a fabrication")
                        per_target[tname] = [(TIE_AFFIRMED, [*denied[:2], PARTNER_DEFENDED, f"(context: {label})"])]
                        continue
                    score, words = _implicit_reading(doc, quote, sents, sentence, accurate, tname in side, bool(side))
                    if side and tname not in side and score < 0 and not any(w.startswith("(refers back") for w in words):
                        # an official's blame in a quote that names no partner of their state is aimed
                        # at those it names ("This is a sophism of the confrontation maniacs", said the
                        # DPRK's spokesman after a charge about its ties with Russia), not the partner
                        score, words = 0.0, []
                    ev = words[:MAX_EVIDENCE] + [f"(context: {label})"]
                    per_target.setdefault(tname, []).append((CONTEXT_WEIGHT * score, ev))
        judged = None
        for tname in side:
            # the holder's own state, unnamed, in a quote that judges something: an official who
            # calls a charge "a fabrication" or the ties "an invincible friendship" speaks up for it
            if all(abs(sc) < 0.1 for sc, _ in per_target.get(tname, ())):
                judged = _judging_words(quote, sents, sentence) if judged is None else judged
                if judged:
                    per_target[tname] = [(TIE_AFFIRMED, [*judged[:3], OWN_STATE])]
        for tname in [t for t in per_target if t not in side and t not in claimants] if side else ():
            # … and a partner the quote names without judging it, or names inside the charge it calls
            # false, where only the learned model reads the charge's tone ("he accused Western
            # governments of inventing arms deals with Pyongyang"; "Kyiv's claims about [North Korean]
            # troops were a fabrication" — not "… and urged North Korea to return to talks")
            if all(abs(got[0]) < 0.1 or got[0] < 0 and got[2] and _in_a_charge(sb.root)
                   for tb, sb, got, _, _ in readings if tb == tname):
                judged = _judging_words(quote, sents, sentence) if judged is None else judged
                if denied := _denial(judged):
                    per_target[tname] = [(TIE_AFFIRMED, [*denied[:2], PARTNER_DEFENDED])]
        for tname, items in per_target.items():
            score = sum(s for s, _ in items) / len(items)
            evidence: list[str] = []
            for _, ev in sorted(items, key=lambda x: -abs(x[0])):
                for e in ev:
                    if e not in evidence:
                        evidence.append(e)
            score = round(score, 3)
            quote.stance[tname] = QuoteStance(score, label_for(score), evidence[: MAX_EVIDENCE + 2])


OWN_STATE = "(the holder's own state)"
FIGURES = "(a report of figures)"
_FIGURE_ENTS = frozenset({"CARDINAL", "QUANTITY", "PERCENT", "MONEY"})


def _reports_figures(st: _Sentence, quote: Quote) -> bool:
    """Whether the quote's words in sentence ``st`` report figures ("more than 30 ballistic
    missiles", "about 2,000 North Korean soldiers") and no evaluative word of their own (the
    lexicon's, topic words such as "war" and "killed" aside) — a report of facts, which is 0
    unless the speaker evaluates it.

    >>> # "about 2,000 North Korean soldiers were believed to have been killed": True; "North Korea's
    >>> # 30 reckless missile launches are a grave threat": False
    """
    inside = [(k, t) for k, t in enumerate(st.toks) if quote.start <= t.idx < quote.end]
    if not any(t.ent_type_ in _FIGURE_ENTS and any(ch.isdigit() for ch in t.text) for _, t in inside):
        return False
    return not any(abs(st.vals[k]) >= 0.3 and t.lemma_.lower() not in TOPIC_WORDS and t.lower_ not in TOPIC_WORDS
                   for k, t in inside)


def _judging_words(quote: Quote, sents, sentence) -> list[str]:
    """The words in the quote's own words with which an official speaks up for their state
    (``stance_lexicon.DEFENDING_WORDS``: "fabrication", "hypocrisy", "invincible"), in order."""
    found = []
    for s in sents:
        for t in sentence(s).toks:
            if not quote.start <= t.idx < quote.end:
                continue
            if t.lemma_.lower() in _LAWFUL:
                # "in full accordance with our obligations": officialese of a defence, not "the West's
                # actions were not in accordance with the Charter"
                if any(c.lower_ in ("full", "strict", "complete") for c in t.children) and not any(
                        c.dep_ == "neg" for a in t.ancestors for c in a.children if a.i < t.i + 1):
                    found.append(t.lower_)
            elif t.lower_ in DEFENDING_WORDS or t.lemma_.lower() in DEFENDING_WORDS:
                found.append(t.lower_)
            elif t.lower_ == "water" and t.head.lemma_ == "hold" and any(c.dep_ == "neg" for c in t.head.children):
                found.append("not hold water")  # "such accusations did not hold water": a charge rejected
            elif (phrase := _sovereign_phrase(t, quote.start, quote.end)) is not None:
                found.append(phrase)
    return list(dict.fromkeys(found))


def _sovereign_phrase(t, lo: int, hi: int) -> str | None:
    """An official's formula for ties that are nobody else's concern or threaten nobody: "it is
    nobody's business but ours", "their own business", "not directed against third countries",
    "it threatens no one", "defensive in nature" (not inside what somebody else is said to claim or
    call it: "Japan calls its missiles defensive"), the quote spanning characters ``lo``–``hi``.

    >>> # "This cooperation is not directed against third countries." -> "not directed against"
    """
    lemma = t.lemma_.lower()
    kids = list(t.children)
    if lemma == "business" and t.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "compound") and any(
            c.lower_ == "own" or c.dep_ == "poss" and c.lower_.startswith(("nobody", "no one")) or c.lower_ in ("nobody", "else")
            for c in kids):
        return "nobody else's business"  # (what the ties are; not "my own business has collapsed")
    if lemma == "direct" and any(c.dep_ == "prep" and c.lower_ == "against" for c in kids) \
            and any(c.dep_ == "neg" for c in kids):
        return "not directed against"
    if any(a.dep_ == "ccomp" and cue_group(a.head) is not None and lo <= a.head.idx < hi for a in [t, *t.ancestors]):
        return None  # ("the regime always claims its weapons threaten no one": somebody else's formula)
    if t.lower_ == "defensive" and t.dep_ in ("acomp", "attr", "amod") and not any(
            c.dep_ == "neg" or c.lower_ in ("not", "hardly") for x in (t, t.head) for c in x.children):
        return "defensive"  # ("the treaty is defensive in nature"; not "are not defensive at all")
    if lemma == "threaten" and (any(c.dep_ == "neg" for c in kids) or any(
            c.dep_ == "dobj" and (c.lower_ in ("nobody", "noone") or any(d.lower_ == "no" for d in c.children)) for c in kids)):
        return "threatens no one"
    return None


_LAWFUL = frozenset({"accordance", "compliance", "conformity"})
PARTNER_DEFENDED = "(a charge denied for the holder's state's partner)"
_CHARGE_NOUNS = frozenset("claim accusation allegation charge story".split())
# what a claimant makes: "[Pyongyang]'s claims", "allegations by [Seoul]", "[Kyiv] alleged"
_CLAIM_WORDS = _CHARGE_NOUNS | frozenset("statement assertion version narrative say allege accuse assert insist demand "
                                         "request proposal".split())
# a charge a mention can sit inside, also one whose source is not named ("reports that …")
_CHARGES = _CHARGE_NOUNS | frozenset("report rumour rumor speculation".split())


def _in_a_charge(tok) -> bool:
    """Whether a state mention sits inside a charge named as such ("claims about [North Korean]
    troops", "reports that [Russia] used …"), within a few words of it."""
    return any(a.lemma_.lower() in _CHARGES and a.pos_ == "NOUN" for a in list(tok.ancestors)[:4])


def _makes_the_claim(tok) -> bool:
    """Whether a state mention is who makes a claim: its owner or subject ("[Pyongyang]'s claims",
    "[Kyiv] alleged"), or named by "by"/"from" after it ("accusations by [Seoul]") — not what a
    report is about ("reports of [North Korean] troops")."""
    h = tok.head
    if tok.dep_ in ("poss", "compound", "nsubj") and h.lemma_.lower() in _CLAIM_WORDS:
        return True
    return tok.dep_ == "pobj" and h.lower_ in ("by", "from") and h.head.lemma_.lower() in _CLAIM_WORDS


def _denial(words: list[str]) -> list[str]:
    """The words of ``_judging_words`` that call a charge false ("fabrication", "groundless").

    >>> _denial(["fabrication", "friendship", "not hold water"])
    ['fabrication', 'not hold water']
    """
    return [w for w in words if w in DENIAL_WORDS or w == "not hold water"]


def _clause_of(t):
    """The verb heading the clause ``t`` stands in (``t`` itself for a verb)."""
    for a in [t, *t.ancestors]:
        if a.pos_ in ("VERB", "AUX") or a.dep_ == "ROOT":
            return a.i
    return t.i


def _blames_in(quote: Quote, st, tspan) -> bool:
    """Whether the quote's own words in sentence ``st`` blame, in the clause that names the
    partner ``tspan`` ("[Russia's treaty with North Korea] is a mistake", "[Pyongyang's] tests are
    unacceptable"): then a tie it names is not simply defended. Blame in another clause ("… and
    the Western accusations are baseless") is of someone else."""
    home = _clause_of(tspan.root)
    lex = valences()
    return any(quote.start <= t.idx < quote.end and evaluative_word(t, v, 1.0) < 0 and _clause_of(t) == home
               and lex.get(t.lower_, lex.get(t.lemma_.lower(), 0.0)) <= 0  # ("never break the invincible …")
               and not any(a.lemma_.lower() in _DENYING for a in t.ancestors)  # "denied that X breached …"
               and not (t.lemma_.lower() in _OTHERS_FEELINGS and not _felt_by_us(t))  # "the U.S. gets nervous"
               for t, v in zip(st.toks, st.vals))


_DENYING = frozenset("deny reject dismiss refute".split())
_OTHERS_FEELINGS = frozenset("nervous worried concerned anxious afraid upset alarmed angry".split())


def _felt_by_us(t) -> bool:
    """Whether a feeling word is the holder's own ("we are concerned", "worry us")."""
    verb = t.head if t.dep_ in ("acomp", "attr", "amod") else t
    return any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lower_ in ("we", "i", "us", "me") for c in verb.children)


_TIE_VERBS = frozenset("cooperate partner ally collaborate".split())
# what builds or keeps a tie ("will develop their relations"), not what cuts it ("severed relations")
_TIE_BUILDERS = frozenset("develop strengthen deepen expand continue maintain boost enhance promote build establish "
                          "restore advance consolidate elevate upgrade broaden sign forge conclude cement seal ink".split())


def _tied(a, b) -> bool:
    """Whether the state mentions headed by ``a`` and ``b`` are the members of one tie: both
    inside the phrase of a tie noun ("cooperation between the DPRK and Russia", "Pyongyang's
    relations with Moscow", "the DPRK-Russia treaty", "Russian-North Korean cooperation"), or coordinated as the subject of a tie
    verb or of a verb acting on a tie ("Moscow and Pyongyang would continue to develop their
    relations", "the two sides will cooperate closely").

    >>> import spacy
    >>> doc = spacy.blank("en")("Russia and Iran")
    >>> _tied(doc[0], doc[2])  # no parse: no tie
    False
    """
    if a.i == b.i:
        return False
    above_a = {t.i: t for t in [a, *a.ancestors]}
    common = next((t for t in [b, *b.ancestors] if t.i in above_a), None)
    if common is None:
        return False
    if common.i in (a.i, b.i):
        # one names the other: "[the DPRK] and Russia", "[DPRK]-Russia": the phrase they make up
        node = common
        for _ in range(4):  # up through "between" / "with" / a compound to the noun the pair names
            if node.dep_ not in ("conj", "compound", "amod", "poss", "pobj", "prep") or node.head.i == node.i:
                break
            node = node.head
            if node.lemma_.lower() in TIE_NOUNS:
                return True
    elif common.lemma_.lower() in TIE_NOUNS:
        return True
    for x, y in ((a, b), (b, a)):
        # "[Moscow] would continue to develop its relations with [Pyongyang]": "its" is the subject's
        noun = y.head.head if y.dep_ == "pobj" and y.head.lower_ in ("with", "between") else None
        if noun is not None and noun.lemma_.lower() in TIE_NOUNS and any(
                c.dep_ == "poss" and c.lower_ in ("its", "their") for c in noun.children):
            builds = noun.head.lemma_.lower() in _TIE_BUILDERS  # (not "will reconsider its relations with X")
            if builds and any(c.i == x.i and c.dep_ in ("nsubj", "nsubjpass")
                              for v in list(noun.ancestors)[:4] for c in v.children):
                return True
    if {a.dep_, b.dep_} & {"conj"} and (a.head.i == b.i or b.head.i == a.i):
        first = b if a.dep_ == "conj" and a.head.i == b.i else a  # "[Moscow] and Pyongyang": the first governs
        verb = first.head
        if first.dep_ in ("nsubj", "nsubjpass") and verb.pos_ in ("VERB", "AUX"):
            if verb.lemma_.lower() in _TIE_VERBS:
                return True
            acted = [(v, c) for v in [verb, *(x for x in verb.children if x.dep_ == "xcomp")] for c in v.children
                     if c.dep_ in ("dobj", "obj")]
            return any(c.lemma_.lower() in TIE_NOUNS and v.lemma_.lower() in _TIE_BUILDERS for v, c in acted)
    return False


def _coordinated(a, b) -> bool:
    """Whether two tokens are conjuncts of one phrase ("the DPRK and Russia")."""
    return a.i != b.i and ((a.dep_ == "conj" and a.head.i == b.i) or (b.dep_ == "conj" and b.head.i == a.i)
                           or (a.dep_ == b.dep_ == "conj" and a.head.i == b.head.i))


_PEOPLE_OF_STATES = frozenset("country countries nation nations state states people peoples".split())


def _in_our_tie(tok) -> bool:
    """Whether the target token is the partner in a tie the holder owns: "our cooperation with
    [Pyongyang]", "our relations with [Moscow]", or a tie nobody else is named to own, which an
    official speaks of as their state's ("relations with [Pyongyang] were not a transaction", said
    the Russian minister; not "Washington's relations with Pyongyang")."""
    node, below = tok, None
    for _ in range(3):
        if node.dep_ not in ("pobj", "prep", "conj") or node.head.i == node.i:
            return False
        below, node = node, node.head
        if node.lemma_.lower() in TIE_NOUNS:  # (not "our cooperation on Iran": what it is about)
            owners = [c for c in node.children if c.dep_ == "poss" or c.dep_ in ("amod", "compound") and c.pos_ == "PROPN"
                      or c.dep_ == "amod" and c.ent_type_ in ("NORP", "GPE")]
            return below.lower_ in ("with", "between") and all(c.lower_ == "our" for c in owners) and (
                bool(owners) or below.lower_ == "with")
    return False


# a ministry named without its state ("Foreign Ministry Spokeswoman", "the Ministry of Defence")
_STATELESS_BODY = re.compile(r"(?i)\b(?:foreign|defen[cs]e|foreign affairs)\s+ministry\b|\bministry\s+of\s+"
                             r"(?:foreign\s+affairs|defen[cs]e)\b(?!\s+of\b)")
# a document's place line: "Moscow, April 15, 2026", or a title ending ", Moscow, December 4, 2024"
_PLACE_LINE = re.compile(r"(?:^|,)[ \t]*([A-Z][A-Za-z'’. -]{2,30}?),[ \t]+(?:[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}|\d{1,2}[ \t]+[A-Z][a-z]{2,8})"
                         r"(?:,[ \t]*\d{4})?[ \t]*$", re.MULTILINE)


def _stateless_body(name: str) -> bool:
    """Whether a speaker's name holds a ministry with no state before it ("Foreign Ministry
    Spokeswoman Maria Zakharova"; not "South Korean Foreign Ministry").

    >>> _stateless_body("Foreign Ministry Spokeswoman Maria Zakharova"), _stateless_body("South Korean Foreign Ministry")
    (True, False)
    """
    from .targets import state_name_words

    m = _STATELESS_BODY.search(name)
    if m is None:
        return False
    words = state_name_words()
    return not any(w[:1].isupper() and len(w) > 3 and w.lower().strip("’'s") in words for w in name[:m.start()].split())


def _issuing_state(text: str, mentions: list[Mention]) -> str | None:
    """The target state whose place opens the document (its title's or its place line's "Moscow,
    April 15, 2026"), else None.

    >>> _issuing_state("Briefing\\n\\nMoscow, April 15, 2026\\n\\nText.", [Mention("Russia", 10, 16, "Moscow")])
    'Russia'
    """
    m = _PLACE_LINE.search(text[:400])
    if m is None:
        return None
    a, b = m.span(1)
    found = {x.target for x in mentions if a <= x.start and x.end <= b}
    return found.pop() if len(found) == 1 else None


_EACH_OTHER = re.compile(r"(?i)\b(?:each other|one another|the other)\b")
_PARTIES = re.compile(r"(?i)(?:both|the two|the)\s+sides")


def _our_tie(doc, quote: Quote) -> bool:
    """Whether the quote speaks of a tie of the holder's own state in the first person: "the
    friendship between our two countries", "both our peoples", "our cooperation with Moscow"; or
    of "the two countries" building theirs ("the two countries would deepen cooperation").

    >>> import spacy
    >>> doc = spacy.blank("en")("We thank them.")
    >>> _our_tie(doc, Quote("q", 0, 14, "We thank them."))
    False
    """
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand") or ()
    for t in span:
        if t.lower_ in ("countries", "sides", "nations") and any(
                c.lower_ in ("two", "both") for c in t.children if c.dep_ in ("nummod", "det", "predet")):
            # "the two countries would deepen cooperation", "the friendship between the two countries"
            v = t.head
            if t.dep_ == "nsubj" and (v.lemma_.lower() in _TIE_VERBS or v.lemma_.lower() in _TIE_BUILDERS and any(
                    o.dep_ in ("dobj", "obj") and o.lemma_.lower() in TIE_NOUNS for o in v.children)):
                return True
            if t.dep_ == "pobj" and t.head.lower_ in ("between", "of") and t.head.head.lemma_.lower() in TIE_NOUNS:
                return True
        if t.lower_ != "our" or t.dep_ != "poss":
            continue
        head = t.head
        if head.lemma_.lower() in TIE_NOUNS:
            return True
        if head.lower_ in _PEOPLE_OF_STATES and any(
                c.lower_ in ("two", "both") for c in head.children if c.dep_ in ("nummod", "det", "predet")):
            return True
    return False


def _context_mentions(doc, quote, sents, text, sentences, mentions_in) -> list[Mention]:
    """Target mentions of the nearest of the previous ``CONTEXT_SENTENCES`` sentences: within
    the quote's paragraph, or reaching into the paragraph before when the quote refers back
    with a pronoun ("they", "it", "he")."""
    pa, _ = _paragraph_bounds(text, quote.start)
    refers_back = any(t.lower_ in _ANAPHORS or _both_states(t)
                      for t in doc.char_span(quote.start, quote.end, alignment_mode="expand") or ())
    prev, back, chained = sents[0], 0, 0
    while back < CONTEXT_SENTENCES and prev.start > 0:
        prev = sentences.of(doc[prev.start - 1])
        if prev.end_char <= pa and not refers_back:
            break
        if any(not t.is_space for t in prev):
            ctx = mentions_in(prev.start_char, prev.end_char)
            if ctx:
                return ctx
            if refers_back and chained < CHAIN_SENTENCES and _subject_pronoun(prev):
                chained += 1  # "First, Russia should … . Secondly, it should … . It also has to … .
                continue      #  Thirdly, it should …": a chain of "it" goes back to what it names
            back += 1
    return []


def _subject_pronoun(sent) -> bool:
    """Whether a sentence's clause subject is "it" or "they" (it goes on about what an earlier
    sentence named)."""
    return any(t.lower_ in ("it", "they") and t.dep_ in ("nsubj", "nsubjpass") for t in sent)


_STATE_NOUNS = frozenset("country countries nation nations state states government governments regime regimes "
                         "side sides capital capitals".split())


def _both_states(t) -> bool:
    """"both countries", "the two governments": states named before, taken together.

    >>> # "We will hold both countries accountable" after a sentence naming Russia and North Korea
    """
    if t.lemma_.lower() not in _STATE_NOUNS and t.lower_ not in _STATE_NOUNS:
        return False
    kids = {c.lower_ for c in t.children if c.dep_ in ("det", "predet", "nummod", "preconj")}
    return "both" in kids or {"the", "two"} <= kids or {"these", "two"} <= kids


def _refers_back(t) -> bool:
    """A pronoun or a demonstrative noun phrase that can stand for a state named earlier:
    "it was a peaceful launch", "these growing threats", "this deployment"."""
    if t.lower_ in ("it", "they"):  # a subject pronoun ("its" and "them" too often point elsewhere)
        return t.dep_ in ("nsubj", "nsubjpass")
    if t.pos_ != "NOUN" or t.lemma_.lower() in _KIND_NOUNS:
        return False
    if _both_states(t) or any(c.dep_ == "det" and c.lower_ in ("this", "these", "that", "those") for c in t.children):
        return True
    # "this kind of destabilizing cooperation": the noun after "kind of"
    h = t.head
    return (t.dep_ == "pobj" and h.lower_ == "of" and h.head.lemma_.lower() in _KIND_NOUNS
            and any(c.dep_ == "det" and c.lower_ in ("this", "these", "that", "those") for c in h.head.children))


def _implicit_reading(doc, quote: Quote, sents, sentence, accurate, own_side: bool,
                      sided: bool = False) -> tuple[float, list[str]]:
    """Stance toward a target the quote refers to without naming it: the relation layer read
    at a pronoun or demonstrative phrase that stands for it ("it was a peaceful launch",
    "these concerning developments") when it is polar there, else the quote's own evaluation
    (its evaluative words, topic words excluded)."""
    for s in sents:
        st = sentence(s)
        for t in st.toks:
            if not (quote.start <= t.idx < quote.end) or not _refers_back(t):
                continue
            tspan = doc[t.i : t.i + 1]
            scope, cue_i = _quote_scope(doc, quote, st.span, tspan)
            rel = relation_reading(st.span, tspan, st.vals, st.labels, scope=scope, cue_i=cue_i, toks=st.toks,
                                   self_counts=t.pos_ == "NOUN")
            if rel.polar:
                score = abs(rel.score) if own_side else rel.score
                words = [w for c, w in rel.evidence if abs(c) >= 0.05][:MAX_EVIDENCE]
                return score, words + [f"(refers back: {t.text})"]
    score, words = _quote_reading(doc, quote, sents, sentence, sided)
    if own_side and abs(score) >= 0.1:
        return abs(score), words + ["(holder speaks for this state)"]
    return score, words


def _blames_a_named_other(tok) -> bool:
    """Whether the word's blame or praise falls on a named actor in the quote ("the provocations
    of the U.S.", "Washington's aggression", "the U.S. threatens", "Washington and its allies"): a
    quote that names no target then speaks of that actor, not of the state it refers back to."""
    named = ("GPE", "ORG", "NORP", "PERSON")

    def is_named(t):
        return t.ent_type_ in named or t.pos_ == "PROPN"

    if tok.dep_ in ("conj", "appos") and is_named(tok.head):
        return True  # "Washington and its allies": the allies are Washington's side
    for c in tok.children:
        if c.dep_ == "poss" and is_named(c):
            return True
        if c.dep_ == "prep" and c.lower_ in ("of", "by"):
            if any(is_named(g) or any(is_named(h) for h in g.children if h.dep_ == "compound") for g in c.children if g.dep_ == "pobj"):
                return True
    if tok.dep_ in ("ROOT", "relcl", "ccomp", "conj") and tok.pos_ == "VERB":
        return any(c.dep_ == "nsubj" and is_named(c) for c in tok.children)
    # a word inside the clause of a named subject: "The G7 had better look back on its own
    # [shameful] record"
    verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return False
    heads = [verb, *(c for c in verb.children if c.dep_ == "aux")]  # ("The G7 had better look": on "had")
    return any(c.dep_ == "nsubj" and is_named(c) for h in heads for c in h.children)


def _quote_reading(doc, quote: Quote, sents, sentence, sided: bool = False) -> tuple[float, list[str]]:
    """The evaluation a quote carries by itself (no target in it): its words of blame or praise
    (the geopolitical lexicon, or VADER's strongest words), topic and misfortune words ("war",
    "missile", "losses") left out."""
    total = 0.0
    words: list[tuple[float, str]] = []
    hedge = None
    for s in sents:
        st = sentence(s)
        for t, label in zip(st.toks, st.labels):
            if not (quote.start <= t.idx < quote.end):
                continue
            if t.lower_ in HEDGES and hedge is None:
                hedge = t.text
            v = evaluative_word(t, st.vals[t.i - st.span.start], STRONG_WORD)
            if v and t.lemma_.lower() in TIE_NOUNS and not sided:
                # "the two countries will deepen their cooperation" (a U.S. envoy): a tie is no side;
                # from one of its members' officials it is affirmed ("This is a partnership …")
                continue
            if v and (_blames_a_named_other(t) or (v < 0 and t.dep_ == "amod" and t.head.lemma_.lower() in TOPIC_WORDS)):
                continue  # "the provocations of the U.S.", "Washington and its allies": of someone named, not of the state referred to; "ever-escalating tensions" describes the topic
            if v:
                total += v
                words.append((v, label))
    score = math.tanh(1.6 * total)
    if hedge:
        score *= 0.75
    out = [w for c, w in sorted(words, key=lambda x: -abs(x[0])) if abs(c) >= 0.05]
    if hedge:
        out.append(f"(hedged: {hedge})")
    return score, out
