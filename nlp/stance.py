"""Stance of each quote toward each target it concerns, and per-speaker aggregates.

For a quote and a target, the score in [−1, 1] combines

* the lexicon + syntax reading (``stance_relations``): evaluative words — VADER's lexicon plus
  geopolitical language such as *aggression*, *violation*, *pariah*, "crossing the line",
  "will not prevail" — weighted by their relation to the target in the parse; and
* the learned model (``stance_model``, trained on NewsMTSC): how the sentence treats the
  target mention — in the opt-in accurate mode averaged with a frozen-encoder head
  (``stance_encoder``).

A quote concerns a target when the target is named in the quote or in the sentence that
reports it (not as its speaker). A quote that names no target inherits the targets of the
nearest of the previous two sentences of the same paragraph that names one, at half weight,
and says so in its evidence ("(context: North Korean troops)").
Scare quotes are not statements and get no stance.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from .aggregate import aggregate  # noqa: F401  (the per-speaker aggregate, re-exported)
from .model import Mention, Quote, QuoteStance, is_statement, label_for
from .sentiment import sentiment
from .stance_model import LABELS, SentenceTree, featurize, load_model, score_from_proba, valence_details
from .stance_relations import Reading, read_target, relation_valences

ENCODER_WEIGHT = 0.5  # share of the accurate mode's encoder head in the learned probabilities (fixed, not tuned on dev)

CONTEXT_WEIGHT = 0.5
CONTEXT_SENTENCES = 2  # how far back (sentences of the same paragraph) a quote looks for its target
QUOTE_WEIGHT = 0.25  # share of the quote's own evaluation in its stance toward a target it names
LEXICON_WEIGHT = 0.65  # share of the lexicon/syntax reading when it has evidence
MODEL_ALONE_WEIGHT = 0.6  # damping of the learned model when the lexicon sees nothing
MAX_EVIDENCE = 5


class _Sentence:
    """Per-sentence work shared by every quote and mention in it (tokens, valences; VADER and
    the dependency tree with its distances when a target mention needs them)."""

    __slots__ = ("span", "toks", "vals", "labels", "rvals", "_compound", "_tree", "scores")

    def __init__(self, span):
        self.span = span
        self.toks = list(span)  # spaCy builds a new Token object on every access
        self.vals, self.labels = valence_details(span)
        self.rvals = relation_valences(span, self.vals, self.toks)
        self._compound = None
        self._tree = None
        self.scores: dict[tuple[int, int], tuple[float, list[str]]] = {}  # mention_score per target span

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


def learned_proba(sent, target_span, feats, accurate=None):
    """P(negative, neutral, positive) of the learned model, averaged with the accurate mode's
    encoder head when ``accurate`` (a ``stance_encoder.AccurateStance``) is given."""
    p = load_model().proba(feats)
    if accurate is not None:
        base = sent.start_char
        p = with_encoder(p, accurate.proba(sent.text, target_span.start_char - base, target_span.end_char - base))
    return p


def mention_score(
    sent, target_span, vals=None, compound=None, scope=None, rvals=None, labels=None, adj=None, *, tree=None, toks=None,
    accurate=None,
) -> tuple[float, list[str], Reading]:
    """Stance score in [−1, 1] toward ``target_span`` within the sentence span ``sent``, the
    words that drove it, and the lexicon reading behind it. ``tree`` (the sentence's shared
    ``SentenceTree``) and ``toks`` (``list(sent)``) only save recomputing them; ``accurate``
    adds the encoder head to the learned model (``learned_proba``)."""
    if toks is None:
        toks = list(sent)
    if vals is None:
        vals, labels = valence_details(sent)
    if rvals is None:
        rvals = relation_valences(sent, vals, toks)
    if compound is None:
        compound = sentiment(sent.text).compound
    if tree is None:
        tree = SentenceTree(sent, toks, adj)
    reading = read_target(sent, target_span, rvals, scope, labels, tree=tree, toks=toks)
    model = load_model()
    feats = featurize(sent, target_span, vals, compound, vectors=None, tree=tree, toks=toks)
    p = learned_proba(sent, target_span, feats, accurate)
    learned = score_from_proba(p)
    if reading.has_evidence:
        score = LEXICON_WEIGHT * reading.score + (1 - LEXICON_WEIGHT) * learned
    else:
        score = MODEL_ALONE_WEIGHT * learned
    evidence = [w for c, w in reading.evidence if abs(c) >= 0.05][:MAX_EVIDENCE]
    if not reading.has_evidence and abs(score) >= 0.1:
        cls = 0 if score < 0 else 2
        evidence += model.top_words(feats, cls)
        who = "learned model + encoder" if accurate is not None else "learned model"
        evidence.append(f"({who}: P({LABELS[cls]}) {p[cls]:.2f})")
    if reading.hedged:
        evidence.append(f"(hedged: {reading.hedged})")
    return max(-1.0, min(1.0, score)), evidence, reading


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


def score_quotes(doc, quotes: list[Quote], mentions: list[Mention], targets=None, accurate=None) -> None:
    """Fill ``quote.stance`` for every target each (non-scare) quote concerns; ``accurate`` (a
    ``stance_encoder.AccurateStance``) adds the encoder head to the learned model."""
    if not quotes or not mentions:
        return
    if targets is not None:
        names = {getattr(t, "name", t) for t in targets}
        mentions = [m for m in mentions if m.target in names]
    text = doc.text
    cache: dict[tuple[int, int], _Sentence] = {}
    sentences = _Sentences(doc, text)

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
    plan = []
    for quote in quotes:
        if not is_statement(quote.kind):
            continue
        sents = _sentences_of(doc, quote.start, quote.end, sentences)
        if not sents:
            continue
        lo, hi = sents[0].start_char, sents[-1].end_char
        spk = quote.speaker_mention
        own = []
        for m in mentions_in(lo, hi):
            if spk is not None and spk.start < m.end and m.start < spk.end:
                continue
            tspan = doc.char_span(m.start, m.end, alignment_mode="expand")
            if tspan is None or len(tspan) == 0:
                continue
            st = sentence(sentences.of(tspan[0]))
            # the whole reporting sentence counts: "Kim said Russia … are “a threat”"
            if st.span.start <= tspan.start and tspan.end <= st.span.end:
                own.append((m, tspan, st))
        plan.append((quote, sents, own))
    if accurate is None:
        _score_plan(doc, plan, text, sentences, sentence, mentions_in, None)
    else:
        with accurate.batch([st.span.text for _, _, own in plan for _, _, st in own]):
            _score_plan(doc, plan, text, sentences, sentence, mentions_in, accurate)


def _score_plan(doc, plan, text, sentences, sentence, mentions_in, accurate) -> None:
    for quote, sents, own in plan:
        per_target: dict[str, list[tuple[float, list[str]]]] = {}
        for m, tspan, st in own:
            got = st.scores.get((tspan.start, tspan.end))
            if got is None:
                score, ev, _ = mention_score(
                    st.span, tspan, st.vals, st.compound, None, st.rvals, st.labels, tree=st.tree, toks=st.toks,
                    accurate=accurate,
                )
                got = st.scores[(tspan.start, tspan.end)] = (score, ev)
            score, ev = got[0], list(got[1])
            per_target.setdefault(m.target, []).append((score, ev))
        if per_target:
            own_score, own_words = _quote_reading(doc, quote, sents, sentence)
            if own_words:
                for tname, items in per_target.items():
                    per_target[tname] = [
                        (
                            (1 - QUOTE_WEIGHT) * sc + QUOTE_WEIGHT * own_score,
                            ev + [w for w in own_words[:2] if w not in ev and abs(own_score) >= 0.1],
                        )
                        for sc, ev in items
                    ]
        if not per_target:
            # inherit the targets of the previous sentence(s) of the same paragraph
            pa, _ = _paragraph_bounds(text, quote.start)
            first = sents[0]
            ctx = []
            prev, back = first, 0
            while not ctx and back < CONTEXT_SENTENCES and prev.start > 0:
                prev = sentences.of(doc[prev.start - 1])
                if prev.start_char < pa:
                    break
                if any(not t.is_space for t in prev):
                    back += 1
                    ctx = mentions_in(prev.start_char, prev.end_char)
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


def _quote_reading(doc, quote: Quote, sents, sentence) -> tuple[float, list[str]]:
    """The evaluation a quote carries by itself (no target in it): its evaluative words."""
    import math

    total = 0.0
    words: list[tuple[float, str]] = []
    hedge = None
    from .stance_lexicon import HEDGES

    for s in sents:
        st = sentence(s)
        for t, v, label in zip(st.toks, st.rvals, st.labels):
            if quote.start <= t.idx < quote.end:
                if v:
                    total += v / 4
                    words.append((v / 4, label))
                if t.lower_ in HEDGES and hedge is None:
                    hedge = t.text
    score = math.tanh(1.6 * total)
    if hedge:
        score *= 0.75
    out = [w for c, w in sorted(words, key=lambda x: -abs(x[0])) if abs(c) >= 0.05]
    if hedge:
        out.append(f"(hedged: {hedge})")
    return score, out
