"""Stance of each quote toward each target it concerns, and per-speaker aggregates.

For a quote and a target, the score in [−1, 1] combines

* the lexicon + syntax reading (``stance_relations``): evaluative words — VADER's lexicon plus
  geopolitical language such as *aggression*, *violation*, *pariah*, "crossing the line",
  "will not prevail" — weighted by their relation to the target in the parse; and
* the learned model (``stance_model``, trained on NewsMTSC): how the sentence treats the
  target mention.

A quote concerns a target when the target is named in the quote or in the sentence that
reports it (not as its speaker). A quote that names no target inherits the targets of the
previous sentence of the same paragraph, at half weight, and says so in its evidence.
Scare quotes are not statements and get no stance.
"""

from __future__ import annotations

from .model import Mention, Quote, QuoteStance, Speaker, SpeakerStance, label_for
from .sentiment import sentiment
from .stance_model import featurize, load_model, score_from_proba, token_valences
from .stance_relations import Reading, read_target

CONTEXT_WEIGHT = 0.5
LEXICON_WEIGHT = 0.65  # share of the lexicon/syntax reading when it has evidence
MODEL_ALONE_WEIGHT = 0.6  # damping of the learned model when the lexicon sees nothing
MAX_EVIDENCE = 5


class _Sentence:
    """Per-sentence work shared by every quote and mention in it (valences, VADER)."""

    __slots__ = ("span", "vals", "compound")

    def __init__(self, span):
        self.span = span
        self.vals = token_valences(span)
        self.compound = sentiment(span.text).compound


def mention_score(sent, target_span, vals=None, compound=None, scope=None) -> tuple[float, list[str], Reading]:
    """Stance score in [−1, 1] toward ``target_span`` within the sentence span ``sent``, the
    words that drove it, and the lexicon reading behind it."""
    if vals is None:
        vals = token_valences(sent)
    if compound is None:
        compound = sentiment(sent.text).compound
    reading = read_target(sent, target_span, vals, scope)
    p = load_model().proba(featurize(sent, target_span, vals, compound))
    learned = score_from_proba(p)
    if reading.has_evidence:
        score = LEXICON_WEIGHT * reading.score + (1 - LEXICON_WEIGHT) * learned
    else:
        score = MODEL_ALONE_WEIGHT * learned
    evidence = [w for c, w in reading.evidence if abs(c) >= 0.05][:MAX_EVIDENCE]
    if reading.hedged:
        evidence.append(f"(hedged: {reading.hedged})")
    return max(-1.0, min(1.0, score)), evidence, reading


def _sentences_of(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return []
    out = []
    for tok in (span[0], span[-1]):
        s = tok.sent
        if not out or out[-1].start != s.start:
            out.append(s)
    if len(out) == 2 and out[1].start > out[0].end:
        out[1:1] = [s for s in doc[out[0].end : out[1].start].sents]
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


def score_quotes(doc, quotes: list[Quote], mentions: list[Mention], targets=None) -> None:
    """Fill ``quote.stance`` for every target each (non-scare) quote concerns."""
    if not quotes or not mentions:
        return
    if targets is not None:
        names = {getattr(t, "name", t) for t in targets}
        mentions = [m for m in mentions if m.target in names]
    text = doc.text
    cache: dict[int, _Sentence] = {}

    def sentence(s) -> _Sentence:
        got = cache.get(s.start)
        if got is None:
            got = cache[s.start] = _Sentence(s)
        return got

    for quote in quotes:
        if quote.kind == "scare":
            continue
        sents = _sentences_of(doc, quote.start, quote.end)
        if not sents:
            continue
        lo, hi = sents[0].start_char, sents[-1].end_char
        spk = quote.speaker_mention
        own = [
            m
            for m in mentions
            if lo <= m.start < hi and not (spk is not None and spk.start < m.end and m.start < spk.end)
        ]
        qspan = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        per_target: dict[str, list[tuple[float, list[str]]]] = {}
        for m in own:
            tspan = doc.char_span(m.start, m.end, alignment_mode="expand")
            if tspan is None or len(tspan) == 0:
                continue
            st = sentence(tspan[0].sent)
            # inside the quote the quoted words count; a target outside it (the reporting
            # clause: "Kim said Russia … are “a threat”") is read over the whole sentence
            score, ev, _ = mention_score(st.span, tspan, st.vals, st.compound)
            per_target.setdefault(m.target, []).append((score, ev))
        if not per_target:
            # inherit the targets of the previous sentence in the same paragraph
            pa, _ = _paragraph_bounds(text, quote.start)
            first = sents[0]
            prev = doc[first.start - 1].sent if first.start > 0 else None
            if prev is not None and prev.start_char >= pa:
                ctx = [m for m in mentions if prev.start_char <= m.start < prev.end_char]
                if ctx:
                    own_reading = _quote_reading(doc, quote, sents, sentence)
                    for tname in dict.fromkeys(m.target for m in ctx):
                        label = _context_label(doc, next(m for m in ctx if m.target == tname))
                        score, words = own_reading
                        ev = words[:MAX_EVIDENCE] + [f"(context: {label})"]
                        per_target.setdefault(tname, []).append((CONTEXT_WEIGHT * score, ev))
        for tname, items in per_target.items():
            score = sum(s for s, _ in items) / len(items)
            evidence: list[str] = []
            for _, ev in sorted(items, key=lambda x: -abs(x[0])):
                for e in ev:
                    if e not in evidence:
                        evidence.append(e)
            score = round(score, 3)
            quote.stance[tname] = QuoteStance(score, label_for(score), evidence[: MAX_EVIDENCE + 2])
        del qspan


def _quote_reading(doc, quote: Quote, sents, sentence) -> tuple[float, list[str]]:
    """The evaluation a quote carries by itself (no target in it): its evaluative words."""
    import math

    total = 0.0
    words: list[tuple[float, str]] = []
    hedge = None
    from .stance_lexicon import HEDGES

    for s in sents:
        st = sentence(s)
        for t, v in zip(s, st.vals):
            if quote.start <= t.idx < quote.end:
                if v:
                    total += v / 4
                    words.append((v / 4, t.text))
                if t.lower_ in HEDGES and hedge is None:
                    hedge = t.text
    score = math.tanh(1.6 * total)
    if hedge:
        score *= 0.75
    out = [w for c, w in sorted(words, key=lambda x: -abs(x[0])) if abs(c) >= 0.05]
    if hedge:
        out.append(f"(hedged: {hedge})")
    return score, out


def aggregate(speakers: list[Speaker], quotes: list[Quote]) -> None:
    """Fill ``speaker.stance``: the mean of their quotes' stance, per target addressed.

    A speaker none of whose quotes concerns a target gets no entry for it (shown as —)."""
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
