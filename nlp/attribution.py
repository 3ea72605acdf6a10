"""Quotes and reported statements attributed to speaker entities.

``attribute(doc, paragraphs)`` is the public entry point. It runs in one pass over the
sentences: people named are registered (:mod:`nlp.speakers`), attribution frames are read off
the parse (:mod:`nlp.indirect`), and quotation-mark spans (:mod:`nlp.quotes`) are matched to
frames. A frame's content with no quotation marks is kind ``indirect``; one that is (nearly)
all quotation is ``direct``; a mix is ``mixed``; ``according to X`` gives ``according_to``.
Quotes no frame governs take a cue from the neighbouring sentence (``“…,” he said.``,
``Kim stated: “…”``, ``“…” ― Jane Doe``), or carry the speaker of the previous attributed
quote in the paragraph (or, for a quote continued from the previous paragraph, of that
quote), or stay without speaker: short ones are scare quotes / titles (kind ``scare``).
Cues inside someone's quoted words are part of the quote, not attributions; of nested
attributions only the outer one is kept.

Confidence reflects how the speaker was found: explicit full name 0.95 > alias,
organisation 0.85 > role description, group 0.8 > unknown noun 0.75 > pronoun 0.65
> carried over from context 0.45-0.55 (a cue in the neighbouring sentence costs 5 %).

Captions: quotes in ``caption`` paragraphs keep their attribution (the paragraph kind tells
the UI they are captions), except when the same quoted words also appear in the body or in an
earlier caption; then the caption copy is left without speaker so that no statement is
counted twice. Nothing in ``boilerplate`` paragraphs is attributed.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .cues import EVALUATIVE_MIN_WORDS, STANCE_OBJECT, STATEMENT_NOUNS, cue_group
from .indirect import Frame, _source_tokens, frames_in_sentence, past_dateline
from .model import Paragraph, Quote, Span, Speaker, is_statement
from .quotes import ALL_MARKS, QuoteSpan, find_quotes
from .names import MAX_NAME_WORDS, best_name
from .paragraphs import never_speaker_ranges
from .speakers import AUTHORED_NOUNS, BODY_NOUNS, PERSON_ROLE_NOUNS, SERVED_NAME_WORDS, TITLE_WORDS, Entity, Resolver, _compatible, _name_tokens, forget_names
from .statements import body_paragraphs, introduces_statement, quotes_again
from .transcripts import QUESTIONER_LABELS, speaker_lines, turns

CONFIDENCE = {
    "name": 0.95, "alias": 0.85, "organization": 0.85, "role": 0.8, "group": 0.8,
    "unknown": 0.75, "pronoun": 0.65,
}
CARRIED_SAME_PARAGRAPH = 0.5
CARRIED_CONTINUATION = 0.55
CARRIED_PREVIOUS_PARAGRAPH = 0.4
CARRIED_FRAGMENT = 0.45
ADJACENT_CUE_FACTOR = 0.95
CONTINUED_TURN_FACTOR = 0.9  # a transcript paragraph after the one holding its label
DOUBLE_MARKS = frozenset("\"“”«»„")  # quotation marks that cannot be apostrophes
# what an author issues, gives or makes before a colon ("gave the following answer:", "made the
# following comment:"), besides cues.STATEMENT_NOUNS; not "has the following tasks:"
_DOCUMENT_NOUNS = {"communique", "communiqué", "declaration", "message", "text", "readout", "answer", "comment",
                   "remark", "reply", "response", "appeal", "warning", "word"}
FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
SCARE_MAX_WORDS = 4
_SUBJECT_PRONOUNS = {"he", "she", "they", "i", "we", "you", "it"}
_TRAIL_DASH = re.compile(r"[ \t\u00a0]*(?:―|—|–|--|-)[ \t\u00a0]*([^\n―—–]{2,80}?)[ \t\u00a0.]*$", re.MULTILINE)


def _alnum(text: str, start: int, end: int) -> int:
    return sum(1 for ch in text[start:end] if ch.isalnum())


# the fewest words of a turn's sentence, beside somebody else's reported words, that are the
# turn speaker's own statement ("I would note that Japan is rapidly remilitarising …, yet it demands
# that [Russia stop …]")
_OWN_PIECE_WORDS = 8


def _outside(text: str, s: int, e: int, others) -> list[tuple[int, int]]:
    """The pieces of the sentence [s, e) outside the spans ``others``: the whole sentence when it
    overlaps none, else each piece of at least ``_OWN_PIECE_WORDS`` words."""
    cut = sorted((max(s, a), min(e, b)) for a, b in others if a < e and s < b)
    if not cut:
        return [(s, e)]
    out, pos = [], s
    for a, b in cut + [(e, e)]:
        ps, pe = _strip(text, pos, a)
        if pe > ps and _words(text[ps:pe]) >= _OWN_PIECE_WORDS:
            out.append((ps, pe))
        pos = max(pos, b)
    return out


def _words(text: str) -> int:
    return len(text.split())


# "My delegation calls for …", "our government believes …": the speaker's own side, as "we"
_OWN_BODIES = {"delegation", "government", "country", "side", "state", "nation", "administration", "ministry"}


def _own_body(mention: str) -> bool:
    """Whether a mention names the speaker's own body ("My delegation", "our government"), not
    another person of theirs ("our Permanent Representative", "our Korean friends").

    >>> _own_body("My delegation"), _own_body("our Permanent Representative")
    (True, False)
    """
    words = mention.lower().split()
    return len(words) == 2 and words[0] in ("my", "our") and words[1] in _OWN_BODIES


class _Assembler:
    def __init__(self, doc, paragraphs: list[Paragraph]):
        self.doc = doc
        self.text = doc.text
        self.paragraphs = paragraphs
        self.starts = [p.start for p in paragraphs]
        self.resolver = Resolver(doc, self.text)
        self.via_of: dict[int, Entity] = {}  # id(quote) → the channel entity relaying it

    def para_index(self, pos: int) -> int:
        i = bisect_right(self.starts, pos) - 1
        if i < 0 or pos >= self.paragraphs[i].end + 1:
            return -1
        return i

    # --------------------------------------------------------------- frames
    def frames(self) -> list[Frame]:
        frames: list[Frame] = []
        for sent in self.doc.sents:
            self.resolver.register_sentence(sent)
            # a sentence may cross paragraph boundaries (titles without full stops): split it
            pis = {self.para_index(t.idx) for t in sent if not t.is_space}
            for pi in sorted(pis):
                if pi < 0:
                    continue
                para = self.paragraphs[pi]
                if para.kind == "boilerplate":
                    continue
                for fr in frames_in_sentence(sent, para.start, para.end, self.text):
                    k = bisect_right(self.long_starts, fr.cue_start) - 1
                    if k >= 0 and fr.cue_start < self.long_quotes[k][1]:
                        continue  # a cue inside somebody's quoted words is part of the quote
                    if self._in_quote(fr.source_head.idx):
                        # the parser took quoted words for the subject ("“… Full panic mode,” said
                        # Leslie Wimes", "“…,” Rep. Elijah E. Cummings (D-Md.) said"): the speaker
                        # is the name between the quote and the cue, or right after the cue
                        if not (self._subject_before_cue(fr) or self._subject_after_cue(fr)):
                            continue
                    self._claim_quote_before(fr)
                    if fr.source_head.lower_ in ("who", "that") and fr.group != "speech":
                        continue  # "…, who have questioned …": beliefs of a relative clause are asides
                    fr.source_tokens = _on_head_line(fr.source_tokens, fr.source_head)
                    res = self.resolver.resolve(fr.source_head, fr.source_tokens)
                    if res is None:
                        continue
                    fr.entity, fr.how = res
                    if fr.kind == "according" and fr.lemma == "for" and not _for_a_source(fr):
                        continue  # "For Putin, the deal is a lifeline": the author's reading of him
                    self.resolver.spoke(fr.entity, fr.cue_token)
                    frames.append(fr)
            self.resolver.commit_sentence()
        return self._drop_nested_but_turn_voices(frames, lambda fs: _drop_nested(fs, self.doc))

    # --------------------------------------------------------------- quotes
    def run(self) -> tuple[list[Quote], list[Speaker]]:
        text = self.text
        forget_names(self.resolver, never_speaker_ranges(text, self.paragraphs))  # bylines, credits: no names
        qspans = [q for q in find_quotes(text, self.paragraphs)
                  if self.paragraphs[q.paragraph].kind != "boilerplate"]
        self.long_quotes = [(q.start, q.end) for q in qspans if _words(text[q.start:q.end]) > SCARE_MAX_WORDS]
        self.long_starts = [a for a, _ in self.long_quotes]
        self.all_quotes = [(q.open_at, q.outer_end) for q in qspans]
        self.all_starts = [a for a, _ in self.all_quotes]
        self.closed_quotes = [q for q in qspans if q.close_at is not None]
        self.close_ends = [q.outer_end for q in self.closed_quotes]
        frames = self.frames()
        used: set[int] = set()
        out: list[tuple[Quote, Entity | None, int]] = []  # quote, entity, paragraph
        q_by_para: dict[int, list[int]] = {}
        for qi, q in enumerate(qspans):
            q_by_para.setdefault(q.paragraph, []).append(qi)

        open_frames: list[Frame] = []
        for fr in frames:
            if fr.region is None:
                open_frames.append(fr)
                continue
            rs, re_ = fr.region
            pi = self.para_index(fr.cue_start)
            inside = [qi for qi in q_by_para.get(pi, ()) if qspans[qi].start < re_ and rs < qspans[qi].end]
            if fr.group == "evaluative" and not (fr.lemma in STANCE_OBJECT and fr.has_object) \
                    and not fr.topic and not fr.naming:
                if not any(_words(text[qspans[qi].start:qspans[qi].end]) >= EVALUATIVE_MIN_WORDS
                           or _predicative(text, qspans[qi], fr) for qi in inside):
                    continue
            elif fr.object_only and not (fr.has_object and not any(
                    _words(text[qspans[qi].start:qspans[qi].end]) > SCARE_MAX_WORDS for qi in inside)) \
                    and not any(_predicative(text, qspans[qi], fr) for qi in inside):
                # (a quoted term in the object is the statement's own word: "expressed concern over
                # the “increasingly dangerous” cooperation" is a statement with its object)
                qchars = sum(_alnum(text, qspans[qi].start, qspans[qi].end) for qi in inside)
                if not inside or qchars * 2 < _alnum(text, rs, re_):
                    open_frames.append(fr)
                    continue
            rs, re_ = self._clause_of_cue(rs, re_, fr, inside, qspans)
            inside = [qi for qi in inside if qspans[qi].start < re_ and rs < qspans[qi].end]
            for qi in inside:
                q = qspans[qi]
                rs, re_ = min(rs, q.start), max(re_, q.end)
            if any(qi in used for qi in inside):
                continue
            used.update(inside)
            if inside:
                qchars = sum(_alnum(text, qspans[qi].start, qspans[qi].end) for qi in inside)
                outside = _alnum(text, rs, re_) - qchars
                if outside <= 0.2 * (qchars + outside):
                    rs, re_ = qspans[inside[0]].start, qspans[inside[-1]].end
                    kind = "direct"
                else:
                    kind = "mixed"
            else:
                kind = "indirect"
            if fr.kind == "according":
                kind = "according_to"
            out.append((self._quote(rs, re_, kind, fr, CONFIDENCE.get(fr.how, 0.7)), fr.entity, pi))

        # quotes no frame governs: neighbouring cue, carry-over, or scare
        attributed_by_para: dict[int, list[tuple[int, Quote, Entity]]] = {}
        for quote, ent, pi in out:
            if ent is not None:
                attributed_by_para.setdefault(pi, []).append((quote.start, quote, ent))
        open_by_para: dict[int, list[Frame]] = {}
        for fr in open_frames:
            open_by_para.setdefault(self.para_index(fr.cue_start), []).append(fr)
        for qi, q in enumerate(qspans):
            if qi in used:
                continue
            para = self.paragraphs[q.paragraph]
            fr = self._adjacent_frame(q, open_by_para, qspans)
            if fr is not None:
                open_by_para[q.paragraph].remove(fr)
            elif q.open_at - para.start <= 2:
                # "He said:" closing the previous paragraph, the quotation set off below it
                fr = self._block_intro(q.paragraph, open_by_para)
            if fr is not None:
                quote = self._quote(q.start, q.end, "direct", fr, CONFIDENCE.get(fr.how, 0.7) * ADJACENT_CUE_FACTOR)
                out.append((quote, fr.entity, q.paragraph))
                attributed_by_para.setdefault(q.paragraph, []).append((q.start, quote, fr.entity))
                continue
            lead = self._lead_in(q) or self._trailing_dash(q)
            if lead is not None:
                quote, ent = lead
                out.append((quote, ent, q.paragraph))
                attributed_by_para.setdefault(q.paragraph, []).append((q.start, quote, ent))
                continue
            words = _words(text[q.start:q.end])
            sentence_like = words > SCARE_MAX_WORDS or (words >= 2 and text[q.start:q.end].rstrip()[-1:] in ".!?,")
            if sentence_like and self._opens_sentence(q, para):
                prev = self._carry(q, attributed_by_para)
                if prev is not None:
                    src_quote, ent, conf = prev
                    quote = Quote("", q.start, q.end, text[q.start:q.end], "direct", src_quote.cue, None,
                                  src_quote.speaker_mention, conf)
                    out.append((quote, ent, q.paragraph))
                    attributed_by_para.setdefault(q.paragraph, []).append((q.start, quote, ent))
                    continue
            if words > SCARE_MAX_WORDS:
                # a quoted fragment later in a paragraph whose speaker is established
                # ("According to Austin, … But …, Ukraine has “the right to defend themselves”")
                same = [x for x in attributed_by_para.get(q.paragraph, ()) if x[0] < q.start]
                if same:
                    _, src_quote, ent = max(same, key=lambda x: x[0])
                    if self._other_subject_between(src_quote, q):
                        same = []
                if same:
                    quote = Quote("", q.start, q.end, text[q.start:q.end], "direct", src_quote.cue, None,
                                  src_quote.speaker_mention, CARRIED_FRAGMENT)
                    out.append((quote, ent, q.paragraph))
                    continue
            kind = "scare" if words <= SCARE_MAX_WORDS else "direct"
            out.append((Quote("", q.start, q.end, text[q.start:q.end], kind), None, q.paragraph))
        for pi, para in enumerate(self.paragraphs):
            # "The governor added:" and the words set off below it without quotation marks (a quoted
            # term there, KCNA's "sanctions resolutions", is the statement's own word)
            if pi in q_by_para and quotes_again(text[para.start:para.end]) or para.kind not in ("body", "heading") or _words(text[para.start:para.end]) < 3:
                continue
            fr = self._block_intro(pi, open_by_para)
            intro = self._statement_intro(pi) if fr is None else None
            if fr is not None or intro is not None:
                out += self._statement_body(out, pi, fr, intro)
        for fr in frames:
            out += self._inline_statement(out, fr)
        self._section_speakers(out)
        out = self._speaker_lines(out)
        return self._finish(out)

    def _other_subject_between(self, src_quote: Quote, q: QuoteSpan) -> bool:
        """Somebody else (a name or a personal pronoun) is the subject of a clause between the
        last attributed quote and the fragment ``q``, outside quotation marks: the fragment may
        be theirs (``As Ms. Lee put it, “…”``, ``she shot back, “…”``), so it is not carried."""
        lo = max(src_quote.end, src_quote.cue.end if src_quote.cue is not None else src_quote.end)
        span = self.doc.char_span(lo, q.start, alignment_mode="contract")
        if span is None:
            return False
        mention = src_quote.speaker_mention
        for t in span:
            if t.dep_ not in ("nsubj", "nsubjpass") or self._in_quote(t.idx):
                continue
            if mention is not None and mention.start <= t.idx < mention.end:
                continue
            if t.head.lemma_ in ("be", "have"):
                continue  # "Ukraine has “the right to …”": described, not speaking
            if t.pos_ == "PROPN" or (t.pos_ == "PRON" and t.lower_ in ("he", "she", "they", "i", "we")):
                return True
        return False

    def _drop_nested_but_turn_voices(self, frames: list[Frame], drop_nested) -> list[Frame]:
        """``drop_nested(frames)``, except that in a transcript turn an ``I think …`` / ``we
        believe …`` frame is the turn's own voice: it neither swallows the reported speech it
        frames (``We believe all three leaders said …``) nor is dropped itself."""
        own = {id(f) for f in frames if f.source_head.lower_ in FIRST_PERSON and self._in_turn(f.cue_start)}
        if not own:
            return drop_nested(frames)
        kept = {id(f) for f in drop_nested([f for f in frames if id(f) not in own])}
        return [f for f in frames if id(f) in own or id(f) in kept]

    def _turns(self):
        """The document's transcript turns (computed once)."""
        if not hasattr(self, "_turn_list"):
            labels = speaker_lines(self.text, self.paragraphs)
            self._transcript = sum(1 for lab in labels if lab.turn) >= 2
            self._turn_list = turns(self.text, self.paragraphs, labels)
            self._turn_ranges = sorted(r for t in self._turn_list if t.label.turn and self._transcript for r in t.ranges)
            self._turn_starts = [a for a, _ in self._turn_ranges]
        return self._turn_list

    def _in_turn(self, pos: int) -> bool:
        self._turns()
        k = bisect_right(self._turn_starts, pos) - 1
        return k >= 0 and pos < self._turn_ranges[k][1]

    def _speaker_lines(self, out):
        """``WALLACE: …`` transcript lines and ``Name: …`` headlines (:mod:`nlp.transcripts`).

        In a transcript each turn's sentences are its label's, one quote per sentence, except
        reported speech of somebody else inside the turn (``all three leaders said …``), which
        keeps its own speaker; ``I`` / ``we`` inside a turn is the turn's speaker."""
        text = self.text
        found = []
        answering = None  # who took the last turn that was no question: whom "you" in a question means
        for turn in self._turns():
            transcript = self._transcript
            lab = turn.label
            res = self._label_entity(lab)
            if res is None:
                continue
            ent, how = res
            addressee, answering = (answering, answering) if lab.questioner else (None, ent)
            mention = Span(lab.start, lab.end, text[lab.start:lab.end])
            if how != "pronoun":
                ent.add_form(mention.text)
            cue_end = lab.end + 1 if text[lab.end:lab.end + 1] == ":" else lab.end
            cue = Span(lab.end, cue_end, text[lab.end:cue_end]) if cue_end > lab.end else mention
            conf = CONFIDENCE.get(how, 0.7) * ADJACENT_CUE_FACTOR
            if not (lab.turn and (transcript or lab.titled)):
                cs, ce = turn.ranges[0]
                kind = "mixed" if any(ch in DOUBLE_MARKS for ch in text[cs:ce]) else "direct"
                found.append((Quote("", cs, ce, text[cs:ce], kind, cue, None, mention, round(conf, 3)), ent, lab.paragraph))
                continue
            found += self._own_sentences(out, turn.ranges, ent, mention, cue, conf, (lab.start, lab.end), addressee)
        return out + found

    def _own_sentences(self, out, ranges, ent, mention: Span, cue: Span, conf: float, owner: tuple[int, int],
                       addressee=None):
        """One quote of ``ent`` per sentence of ``ranges`` (a transcript turn, a statement body).

        A sentence holding somebody else's reported speech (``all three leaders said …``) is
        left to that speaker; frames inside ``ranges`` whose source is ``I`` / ``we``, ``ent``
        itself or lies in ``owner`` (the label, the intro) are given to ``ent`` (in ``out``).
        ``addressee``: whom ``you`` means (in a reporter's question, the official who answered
        last: "Last week you said that …" are the official's words)."""
        text = self.text
        others, own = [], []
        if getattr(self, "_out_index", (None, -1))[1] != len(out):  # built once per state of ``out``
            order = sorted(range(len(out)), key=lambda k: out[k][0].start)
            self._out_index = ([out[k][0].start for k in order], len(out), order)
        starts, _, order = self._out_index
        inside = [order[i] for a, b in ranges for i in range(bisect_left(starts, a), bisect_left(starts, b))]
        for k in inside:
            quote, qent, pi = out[k]
            said_by = quote.speaker_mention
            if addressee is not None and qent is None and self._said_by_you(quote):
                out[k] = (quote, addressee, pi)
                others.append((quote.start, quote.end))
                continue
            if qent is None:
                continue
            if qent is ent or said_by is not None and (
                    said_by.text.lower() in FIRST_PERSON or _own_body(said_by.text)
                    or owner[0] <= said_by.start < owner[1]
                    or self._speaks_for_state(quote)):
                out[k] = (quote, ent, pi)  # "we believe …" inside the turn: the turn's speaker
                own.append(k)
            else:
                others.append((quote.start, quote.end))
        for k in own:  # "We believe the pilots said that …": the pilots' words are theirs
            quote, _, pi = out[k]
            if any(quote.start < oe and os_ < quote.end for os_, oe in others):
                out[k] = (quote, None, pi)
        found = []
        for n, (a, b) in enumerate(ranges):
            pi = self.para_index(a)
            for s, e in self._sentences_in(a, b):
                if _words(text[s:e]) < 2:
                    continue
                c = conf if n == 0 else conf * CONTINUED_TURN_FACTOR
                for ps, pe in _outside(text, s, e, others):
                    kind = "mixed" if any(ch in DOUBLE_MARKS for ch in text[ps:pe]) else "direct"
                    found.append((Quote("", ps, pe, text[ps:pe], kind, cue, None, mention, round(c, 3)), ent, pi))
        return found

    def _speaks_for_state(self, quote: Quote) -> bool:
        """Whether ``quote`` is a state's present-tense judgement inside a turn or statement body
        ("MAO NING: China welcomes the positive remarks.", "Japan has strongly condemned …"): the
        official speaking for the state says it, as with "we welcome"."""
        if quote.cue is None or quote.speaker_mention is None:
            return False
        cue = self.doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
        said_by = self.doc.char_span(quote.speaker_mention.start, quote.speaker_mention.end, alignment_mode="expand")
        if cue is None or said_by is None or not len(cue) or not len(said_by):
            return False
        verb = cue[0]
        present = verb.tag_ in ("VBZ", "VBP") or verb.tag_ in ("VBN", "VBD") and any(  # ("Japan has … strongly condemned …")
            c.dep_ == "aux" and c.lower_ in ("has", "have")
            for c in [*verb.children, *(verb.head.children if verb.dep_ == "conj" else ())])
        return present and cue_group(verb) == "evaluative" and said_by.root.ent_type_ == "GPE"

    def _said_by_you(self, quote: Quote) -> bool:
        """Whether ``quote`` is what a speech verb with the subject "you" reports ("last week you
        said that X was “…”", "you told us: “…”"): its cue, or a verb its words hang from."""
        if quote.cue is not None:
            span = self.doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
            verbs = list(span) if span is not None else []
        else:
            span = self.doc.char_span(quote.start, quote.end, alignment_mode="expand")
            verbs = list(span.root.ancestors) if span is not None and len(span) else []
        return any(cue_group(v) == "speech" and any(c.dep_ == "nsubj" and c.lower_ == "you" for c in v.children)
                   for v in verbs)

    def _statement_body(self, out, pi: int, fr: Frame | None, intro=None):
        """A statement introduced by a colon ending paragraph ``pi - 1`` (``The ministry said in
        a statement:``, ``X released the following press statement:``): its sentences are the
        author's, paragraph after paragraph, until the text moves on (:func:`statements.body_paragraphs`)."""
        text = self.text
        if fr is not None:
            ent, how = fr.entity, fr.how
            toks = fr.source_tokens
            cue = Span(fr.cue_start, fr.cue_end, text[fr.cue_start:fr.cue_end])
        else:
            ent, how, toks, cue = intro
        ms, me = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        mention = Span(ms, me, text[ms:me])
        if how != "pronoun":
            ent.add_form(mention.text)
        conf = CONFIDENCE.get(how, 0.7) * ADJACENT_CUE_FACTOR
        prev = self.paragraphs[pi - 1]
        if not introduces_statement(text[prev.start:prev.end]):
            if fr is None or self.paragraphs[pi].kind != "body":
                return []
            s, e = _strip(text, self.paragraphs[pi].start, self.paragraphs[pi].end)
            return [(self._quote(s, e, "direct", fr, conf), fr.entity, pi)]  # "He added:" and one paragraph
        ranges = [(p.start, p.end) for p in (self.paragraphs[i] for i in body_paragraphs(text, self.paragraphs, pi))]
        return self._own_sentences(out, ranges, ent, mention, cue, conf, (ms, me))

    def _inline_statement(self, out, fr: Frame):
        """``The ministry said in a statement: The drills were defensive. …`` — unquoted words
        after a colon that follows a speech cue: the rest of the paragraph and the statement
        body after it are the source's, sentence by sentence."""
        text = self.text
        pi = self.para_index(fr.cue_end)
        if fr.group != "speech" or fr.entity is None or pi < 0:
            return []
        para = self.paragraphs[pi]
        m = _OPENING_COLON.search(text, fr.cue_end, min(para.end, fr.cue_end + 60))
        colon = m.start() if m else -1
        if colon < 0 or any(ch in ALL_MARKS or ch in ".!?" for ch in text[fr.cue_end:colon]):
            return []
        rest = text[colon + 1:para.end]
        if not introduces_statement(text[fr.cue_start:colon]) or _words(rest) < 3 or any(ch in DOUBLE_MARKS for ch in rest):
            return []
        s, e = _strip(text, colon + 1, para.end)
        ranges = [(s, e)] + [(p.start, p.end) for p in (self.paragraphs[i] for i in body_paragraphs(text, self.paragraphs, pi + 1))]
        toks = fr.source_tokens
        ms, me = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        mention = Span(ms, me, text[ms:me])
        cue = Span(fr.cue_start, fr.cue_end, text[fr.cue_start:fr.cue_end])
        return self._own_sentences(out, ranges, fr.entity, mention, cue, CONFIDENCE.get(fr.how, 0.7), (ms, me))

    def _section_speakers(self, out) -> None:
        """A digest's section head naming a speaker without a verb (``The Foreign Minister on
        BBC Radio:``) gives the quotations opening the paragraphs below it, up to the next head,
        to that speaker (those left without one in ``out``)."""
        text = self.text
        for pi, para in enumerate(self.paragraphs):
            head_text = text[para.start:para.end].rstrip()
            if not head_text.endswith(":") or para.kind not in ("body", "heading") or _words(head_text) > 12:
                continue
            span = self.doc.char_span(para.start, para.start + len(head_text) - 1, alignment_mode="contract")
            if span is None or len(span) == 0 or any(t.pos_ in ("VERB", "AUX") for t in span):
                continue
            toks = [t for t in span if not t.is_space]
            cut = next((k for k, t in enumerate(toks) if k and t.pos_ == "ADP" or t.text in (",", "(", "—", "–")), len(toks))
            toks = toks[:cut]
            head = next((t for t in reversed(toks) if t.pos_ in ("PROPN", "NOUN")), None)
            if head is None:
                continue
            below = []
            for k in range(pi + 1, len(self.paragraphs)):
                body = text[self.paragraphs[k].start:self.paragraphs[k].end].lstrip()
                if self.paragraphs[k].kind != "body" or not body[:1] in ALL_MARKS:
                    break
                below.append(k)
            items = [i for i, (q, ent, qpi) in enumerate(out) if ent is None and qpi in below
                     and q.start - self.paragraphs[qpi].start <= 2]
            if not items:
                continue
            res = self.resolver.resolve(head, toks)
            if res is None:
                continue
            ent, how = res
            ms, me = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            mention = Span(ms, me, text[ms:me])
            ent.add_form(mention.text)
            colon = para.start + len(head_text) - 1
            for i in items:
                q, _, qpi = out[i]
                q.kind = "direct"
                q.cue = Span(colon, colon + 1, ":")
                q.speaker_mention = mention
                q.confidence = round(CONFIDENCE.get(how, 0.7) * CARRIED_CONTINUATION, 3)
                out[i] = (q, ent, qpi)

    def _statement_intro(self, pi: int):
        """``X released / issued / published the following statement:``, ``X gave the following
        answer to a question …:`` ending paragraph ``pi - 1``
        with no speech cue: (entity, how, mention tokens, cue span) of its author, or None."""
        if pi == 0 or self.paragraphs[pi - 1].kind != "body":
            return None
        prev = self.paragraphs[pi - 1]
        tail = self.text[prev.start:prev.end].rstrip()
        if not tail.endswith(":"):
            return None
        colon = prev.start + len(tail) - 1
        span = self.doc.char_span(prev.start, colon, alignment_mode="contract")
        if span is None:
            return None
        for t in reversed(span):
            if t.dep_ == "nsubj" and t.head.lemma_.lower() == "read" and t.lemma_.lower() in AUTHORED_NOUNS:
                # "The message reads:" after "Kim Jong Un sent a message to Putin": its author's
                res = self.resolver.resolve(t, [x for x in t.subtree if x.i <= t.i])
                if res is None or res[0].kind == "unknown":
                    return None
                verb = t.head
                return res[0], "role", [t], Span(verb.idx, verb.idx + len(verb.text), verb.text)
            if t.dep_ in ("dobj", "nsubjpass") and t.lemma_.lower() in STATEMENT_NOUNS | _DOCUMENT_NOUNS:
                verb = t.head
                subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
                if subj is None and t.dep_ == "nsubjpass":
                    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                    subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                if subj is None or subj.pos_ == "PRON" and subj.lower_ not in ("he", "she", "they", "we"):
                    return None
                subj = past_dateline(subj, verb)
                toks = _on_head_line(_source_tokens(subj), subj)
                res = self.resolver.resolve(subj, toks)
                if res is None:
                    return None
                return res[0], res[1], toks, Span(verb.idx, verb.idx + len(verb.text), verb.text)
        return None

    def _label_entity(self, lab):
        """(entity, how) of a speaker label: the questioner for ``Q``, a person named before
        (``PENCE`` → Mike Pence, ``MS. LEE`` → Ann Lee), else the label itself, as written."""
        text = self.text
        name = text[lab.start:lab.end]
        if lab.questioner and not lab.introduced:
            # (each outlet's reporter apart: "AFP:", "Bloomberg:"; every "Q:" one questioner)
            key = "\x00questioner" if name.strip(" .").lower() in QUESTIONER_LABELS else "\x00questioner " + name
            return self.resolver._keyed(key, name, "questioner"), "name"
        span = self.doc.char_span(lab.start, lab.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        toks = [t for t in span if not t.is_space and not t.is_punct]
        if not toks or toks[-1].pos_ == "PRON":
            return None
        if not lab.turn or lab.titled:  # a headline ("Sanders: …"), a title ("Briefing by X")
            if lab.titled and (named := [t for t in toks if t.ent_type_ == "PERSON"]):
                toks = named  # "Foreign Ministry Spokeswoman [Maria Zakharova]": the person, not the role
            elif lab.titled:  # "the President of the Russian Federation": the phrase's head, the role
                head = span.root
                role = next((t for t in toks if t.lemma_.lower() in TITLE_WORDS), None)
                if role is not None and head.pos_ not in ("NOUN", "PROPN"):
                    # "Statement of Spokesman for DPRK Foreign Ministry" parsed with "for" on
                    # "Statement": the role and the body it serves
                    return self.resolver.resolve(role, toks)
                return self.resolver.resolve(head, [t for t in toks if t.i <= head.i] or toks)
            head = next((t for t in reversed(toks) if t.pos_ in ("PROPN", "NOUN")), toks[-1])
            return self.resolver.resolve(head, toks)
        words = _name_tokens(toks)
        for e in reversed(self.resolver.entities):
            if e.kind == "person" and any(_compatible(words, n) for n in e.names):
                return e, "name"
        return self.resolver._keyed("\x00label " + " ".join(w.lower() for w in words), name, "person"), "name"

    def _sentences_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """The sentences of the parse clipped to ``[start, end)``, without surrounding blanks."""
        if not hasattr(self, "_sent_spans"):
            self._sent_spans = [(s.start_char, s.end_char) for s in self.doc.sents]
            self._sent_starts = [a for a, _ in self._sent_spans]
        k = max(0, bisect_right(self._sent_starts, start) - 1)
        out = []
        while k < len(self._sent_spans) and self._sent_spans[k][0] < end:
            s, e = _strip(self.text, max(start, self._sent_spans[k][0]), min(end, self._sent_spans[k][1]))
            if e > s:
                out.append((s, e))
            k += 1
        return out

    def _in_quote(self, pos: int) -> bool:
        k = bisect_right(self.all_starts, pos) - 1
        return k >= 0 and pos < self.all_quotes[k][1]

    def _block_intro(self, pi: int, open_by_para) -> Frame | None:
        """An unused cue ending paragraph ``pi - 1`` with a colon (``He said:``, ``The Times
        reports:``) introduces paragraph ``pi``; the frame is consumed."""
        if pi == 0:
            return None
        prev = self.paragraphs[pi - 1]
        tail = self.text[prev.start:prev.end].rstrip()
        if not tail.endswith(":") or prev.kind != "body":
            return None
        colon = prev.start + len(tail) - 1
        for fr in open_by_para.get(pi - 1, ()):
            gap = self.text[fr.cue_end:colon]
            # (a longer gap names the document: "said in a statement carried by the official Korean
            # Central News Agency:")
            if fr.region is None and fr.group == "speech" and (len(gap) <= 40 or len(gap) <= 100 and introduces_statement(gap)) \
                    and not any(ch in ALL_MARKS or ch in ".!?" for ch in gap):
                open_by_para[pi - 1].remove(fr)
                return fr
        return None

    def _statement_closed_before(self, pos: int, para: Paragraph) -> QuoteSpan | None:
        """The last quote closed before ``pos`` in paragraph ``para`` when it reads as a statement:
        more than a few words ending in ``, ? ! —`` and opening its sentence. Not a title (``On
        Tuesday’s episode of “The … Show,” she said``) or a scare quote (``“Fox and Friends.”``)."""
        k = bisect_right(self.close_ends, pos) - 1
        if k < 0:
            return None
        q = self.closed_quotes[k]
        if q.open_at < para.start or not self._sentence_like(q) or not self._opens_sentence(q, para):
            return None
        return q

    def _closing_before(self, pos: int, para: Paragraph) -> QuoteSpan | None:
        """Such a statement whose closing mark is followed by nothing but blanks up to ``pos``:
        the ``“…,”`` of ``“…,” Warren told Stumpf``."""
        q = self._statement_closed_before(pos, para)
        if q is None or self.text[q.outer_end:pos].strip(" \t\u00a0"):
            return None
        return q

    def _subject_before_cue(self, fr: Frame) -> bool:
        """``“…,” Flynn, a top Trump surrogate, said``: a name between the closing mark and the
        cue is the speaker (the parser often takes the quoted words for the subject)."""
        doc = self.doc
        para = self.paragraphs[self.para_index(fr.cue_start)]
        cue_tok = doc[fr.cue_token]
        lo = cue_tok.i
        while lo > 0 and doc[lo - 1].dep_ in ("aux", "neg", "advmod"):
            lo -= 1  # "… has also said", "…, Kim later said"
        q = self._statement_closed_before(doc[lo].idx, para)
        if q is None or any(ch in ALL_MARKS for ch in self.text[q.outer_end:doc[lo].idx]):
            return False
        gap = doc.char_span(q.outer_end, doc[lo].idx, alignment_mode="contract")
        if gap is None or not 0 < len(gap) <= 16:
            return False
        toks = [t for t in gap if not t.is_space]
        if toks and toks[0].text == ",":
            toks = toks[1:]
        cut = next((i for i, t in enumerate(toks) if t.text in (",", "(", "—", "–")), len(toks))
        head_toks = toks[:cut]
        if not head_toks or len(head_toks) > 8 or any(t.pos_ in ("VERB", "AUX") for t in head_toks):
            return False
        head = head_toks[-1]
        if head.pos_ not in ("PROPN", "NOUN", "PRON") or (head.pos_ == "PRON" and head.lower_ not in _SUBJECT_PRONOUNS):
            return False
        fr.source_head, fr.source_tokens = head, head_toks
        return True

    def _sentence_like(self, q: QuoteSpan) -> bool:
        body = self.text[q.start:q.end].rstrip()
        return _words(body) > SCARE_MAX_WORDS and body[-1:] in ",?!—–-"

    def _claim_quote_before(self, fr: Frame) -> None:
        """``“…,” Warren told Stumpf, after he admitted …`` / ``“…,” said Kim``: a cue whose
        subject (or, inverted, itself) follows a sentence-like quote right after its closing mark
        reports that quote, whatever clause the parser hangs under the verb."""
        first = min(fr.cue_start, fr.source_tokens[0].idx)
        q = self._closing_before(first, self.paragraphs[self.para_index(fr.cue_start)])
        if q is None:
            return
        between = self.doc.char_span(q.outer_end, fr.cue_start, alignment_mode="contract")
        if between is not None and (len(between) > 16 or any(
                t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass", "neg") for t in between)):
            return  # "“…,” the mayor said, adding that …": the quote is the first verb's
        if fr.region is not None and fr.region[0] < q.end and q.start < fr.region[1]:
            return  # the parse already covers it
        fr.region = (q.start, q.end)
        fr.object_only = False

    def _subject_after_cue(self, fr: Frame) -> bool:
        doc = self.doc
        i = fr.cue_token + 1
        while i < len(doc) and (doc[i].dep_ in ("prt", "advmod", "npadvmod") and doc[i].pos_ != "PROPN"
                                or doc[i].ent_type_ in ("DATE", "TIME")):
            i += 1  # "…,” said Monday Police Chief …": the day is not the speaker
        if i >= len(doc):
            return False
        t = doc[i]
        if t.pos_ not in ("PROPN", "PRON", "DET", "NOUN", "ADJ") or self._in_quote(t.idx):
            return False
        j = i
        while j + 1 < len(doc) and doc[j + 1].pos_ in ("PROPN", "NOUN", "ADJ", "DET", "PART") \
                and not doc[j + 1].is_punct and j - i < 8:
            j += 1
        toks = [doc[k] for k in range(i, j + 1)]
        head = next((x for x in reversed(toks) if x.pos_ in ("PROPN", "NOUN", "PRON")), None)
        if head is None:
            return False
        fr.source_head, fr.source_tokens = head, toks
        return True

    def _clause_of_cue(self, rs: int, re_: int, fr: Frame, inside, qspans) -> tuple[int, int]:
        """Cut a content region at a colon or semicolon outside quotes, keeping the side of the cue."""
        text = self.text
        cuts = [i for i in range(rs, re_) if text[i] == ";" or _OPENING_COLON.match(text, i)
                and not any(qspans[qi].open_at <= i < qspans[qi].outer_end for qi in inside)]
        if not cuts:
            return rs, re_
        if fr.cue_start >= re_:
            return _strip(text, cuts[-1] + 1, re_)
        if fr.cue_start < rs:
            if fr.kind == "according" and fr.cue_start <= fr.sent_start or all(self._joins_under_cue(c, fr) for c in cuts):
                # a view that opens the sentence holds all of it ("In his view, the change is not X but
                # a shift in mindset: an army that …"); "X told a site, A; B" read as one report
                return rs, re_
            return _strip(text, rs, cuts[0])
        left = [c for c in cuts if c < fr.cue_start]
        right = [c for c in cuts if c > fr.cue_start]
        return _strip(text, left[-1] + 1 if left else rs, right[0] if right else re_)

    def _joins_under_cue(self, at: int, fr: Frame) -> bool:
        """Whether the semicolon or colon at ``at`` hangs on a clause above the cue ``fr``: the
        parser made the words before it (cue and all) a complement of the words after it ("In her
        view, Russia does not need …; the war itself has become …"), so both halves are reported."""
        mark = self.doc.char_span(at, at + 1, alignment_mode="expand")
        if mark is None or not len(mark):
            return False
        head = mark[0].head
        return head.i != mark[0].i and head.i > mark[0].i and head in self.doc[fr.cue_token].ancestors

    def _quote(self, start: int, end: int, kind: str, fr: Frame, conf: float) -> Quote:
        text = self.text
        toks = fr.source_tokens
        ms = toks[0].idx
        me = toks[-1].idx + len(toks[-1].text)
        while me > ms and text[me - 1] in ",.;:’'":
            me -= 1
        if fr.how != "pronoun":
            fr.entity.add_form(text[ms:me])
        quote = Quote("", start, end, text[start:end], kind,
                      Span(fr.cue_start, fr.cue_end, text[fr.cue_start:fr.cue_end]), None,
                      Span(ms, me, text[ms:me]), round(conf, 3))
        if fr.via is not None:
            self.via_of[id(quote)] = fr.via
        return quote

    def _opens_sentence(self, q: QuoteSpan, para: Paragraph) -> bool:
        """Whether nothing but punctuation precedes the quote in its sentence."""
        text = self.text
        i = q.open_at - 1
        while i >= para.start and text[i] in " \t\u00a0":
            i -= 1
        return i < para.start or text[i] in ".!?:”\"|—–"

    def _adjacent_frame(self, q: QuoteSpan, open_frames: dict[int, list[Frame]], qspans) -> Frame | None:
        text = self.text
        para = self.paragraphs[q.paragraph]
        after = q.outer_end
        best = None
        for fr in open_frames.get(q.paragraph, ()):
            if fr.cue_start >= after:
                # "“…,” he said." / "“…,” said Kim." — cue right after the quote
                gap = text[after:fr.cue_start]
                src_start = fr.source_tokens[0].idx
                if fr.cue_start - after <= 40 and not any(ch in ALL_MARKS for ch in gap) \
                        and "." not in gap.replace("Mr.", "").replace("Ms.", "").replace("Dr.", ""):
                    if min(src_start, fr.cue_start) - after <= 40:
                        return fr
            else:
                # "Kim stated: “…”", "Kim said, “…”" — cue before the quote
                gap = text[fr.cue_end:q.open_at]
                if fr.cue_end <= q.open_at and len(gap) <= 60 and not any(ch in ALL_MARKS for ch in gap) \
                        and gap.rstrip().endswith((":", ",")) | (gap.strip() == ""):
                    best = fr
                elif best is None and fr.has_object and fr.region is not None and fr.region[0] <= q.open_at < fr.region[1] \
                        and _words(text[q.start:q.end]) > SCARE_MAX_WORDS:
                    # "he described the relationship as having risen to “a new high level of
                    # alliance”": words quoted inside the cue's own object are the speaker's
                    best = fr
        return best

    def _lead_in(self, q: QuoteSpan):
        """``Kim stated: “…”``, ``Jane Doe ― “…”``, ``WALLACE: …`` — a speaker before a colon or dash."""
        text = self.text
        para = self.paragraphs[q.paragraph]
        i = q.open_at - 1
        while i >= para.start and text[i] in " \t\u00a0":
            i -= 1
        if i < para.start or text[i] not in ":―—–.":
            return None
        j = i - 1
        while j >= para.start and text[j] not in ".!?”\"|\n":
            j -= 1
        span = self.doc.char_span(j + 1, i, alignment_mode="contract")
        if span is None or len(span) == 0 or len(span) > 40:
            return None
        # the subject of the clause that ends at the colon, not of an earlier one ("With X
        # worried about …, Y is rolling out a message: “…”"; "…, Kim said: “…”")
        root = next((t for t in span if t.dep_ == "ROOT" or not (span.start <= t.head.i < span.end)), None)
        if text[i] == "." and (root is None or not _says_how(root)):
            return None  # a full stop before the words: only "X put it bluntly." / "X was blunt."
        head = next((c for c in root.children if c.dep_ == "nsubj" and span.start <= c.i < span.end), None) \
            if root is not None else None
        if head is None:
            head = next((t for t in span if t.dep_ == "nsubj"), None)
        if head is None:
            if len(span) > 8:
                return None
            props = [t for t in span if t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG")]
            if not props:
                return None
            head = props[-1]
            toks = [t for t in span if t.i <= head.i and not t.is_space and not t.is_punct][-6:]
        else:
            toks = _source_tokens(head)
        res = self.resolver.resolve(head, toks)
        if res is None or not toks:
            return None
        ent, how = res
        cue = Span(i, i + 1, text[i])
        ms, me = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        if how != "pronoun":
            ent.add_form(text[ms:me])
        conf = CONFIDENCE.get(how, 0.7) * ADJACENT_CUE_FACTOR
        return Quote("", q.start, q.end, text[q.start:q.end], "direct", cue, None, Span(ms, me, text[ms:me]),
                     round(conf, 3)), ent

    def _trailing_dash(self, q: QuoteSpan):
        """``“…” ― Jane Doe`` (a signature after a dash that ends the paragraph)."""
        if q.close_at is None:
            return None
        text = self.text
        para = self.paragraphs[q.paragraph]
        m = _TRAIL_DASH.match(text, q.outer_end, para.end)
        if m is None:
            return None
        span = self.doc.char_span(m.start(1), m.end(1), alignment_mode="contract")
        if span is None or not 0 < len(span) <= 8:
            return None
        names = [t for t in span if t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG")]
        if not names:
            return None
        toks = [t for t in span if not t.is_space]
        cut = next((k for k, t in enumerate(toks) if t.text in (",", "(")), len(toks))
        toks = toks[:cut] or toks
        res = self.resolver.resolve(names[-1] if names[-1] in toks else toks[-1], toks)
        if res is None:
            return None
        ent, how = res
        ms, me = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        if how != "pronoun":
            ent.add_form(text[ms:me])
        cue = Span(m.start(0), m.start(1), text[m.start(0):m.start(1)])
        while cue.text and cue.text[0].isspace():
            cue = Span(cue.start + 1, cue.end, cue.text[1:])
        cue = Span(cue.start, cue.start + len(cue.text.rstrip()), cue.text.rstrip())
        conf = CONFIDENCE.get(how, 0.7) * ADJACENT_CUE_FACTOR
        return Quote("", q.start, q.end, text[q.start:q.end], "direct", cue, None, Span(ms, me, text[ms:me]),
                     round(conf, 3)), ent

    def _carry(self, q: QuoteSpan, attributed_by_para) -> tuple[Quote, Entity, float] | None:
        """The quote whose speaker a sentence-initial quote inherits, and the confidence."""
        same = [x for x in attributed_by_para.get(q.paragraph, ()) if x[0] < q.start]
        if same:
            _, quote, ent = max(same, key=lambda x: x[0])
            return quote, ent, CARRIED_CONTINUATION if q.continues else CARRIED_SAME_PARAGRAPH
        if q.paragraph == 0 or not q.continues:
            return None  # a new paragraph opening with a quote and no cue: speaker unknown
        para = self.paragraphs[q.paragraph]
        if q.open_at - para.start > 2:
            return None
        prev_pi = q.paragraph - 1
        prev = attributed_by_para.get(prev_pi)
        if not prev or self.paragraphs[prev_pi].kind not in ("body",):
            return None
        _, quote, ent = max(prev, key=lambda x: x[0])
        return quote, ent, CARRIED_CONTINUATION if q.continues else CARRIED_PREVIOUS_PARAGRAPH

    # --------------------------------------------------------------- output
    def _finish(self, out) -> tuple[list[Quote], list[Speaker]]:
        text = self.text
        out = [x for x in out if x[0].end > x[0].start]
        out.sort(key=lambda x: (x[0].start, -(x[0].end - x[0].start)))
        kept: list[tuple[Quote, Entity | None, int]] = []
        for item in out:
            if kept and item[0].start < kept[-1][0].end:
                prev = kept[-1]
                # keep the attributed / longer one
                if (item[1] is not None, item[0].end - item[0].start) > (prev[1] is not None, prev[0].end - prev[0].start):
                    kept[-1] = item
                continue
            kept.append(item)
        # caption copies of quoted words already said elsewhere
        seen: set[str] = set()
        body_keys = {_key(q.text) for q, _, pi in kept if self.paragraphs[pi].kind != "caption"}
        speakers: dict[int, Speaker] = {}
        quotes: list[Quote] = []
        for quote, ent, pi in kept:
            if self.paragraphs[pi].kind == "caption":
                k = _key(quote.text)
                if k in body_keys or k in seen:
                    ent = None
                    quote.speaker_mention = None
                    quote.confidence = 0.0
                seen.add(k)
            quote.id = f"q{len(quotes) + 1}"
            quote.text = text[quote.start:quote.end]
            if ent is not None:
                quote.speaker = _speaker_of(speakers, ent).id
                via = self.via_of.get(id(quote))
                if via is not None and via is not ent:
                    quote.via = _speaker_of(speakers, via).id
            else:
                quote.speaker = None
                quote.speaker_mention = None if not is_statement(quote.kind) or quote.cue is None else quote.speaker_mention
                if quote.speaker_mention is None:
                    quote.confidence = 0.0
            quotes.append(quote)
        for e in self.resolver.entities:
            # never a clause or a line break ("spokesman for the Ministry of … of the DPRK", "Ministry of
            # Foreign Affairs of the Republic of Korea" are names)
            e.name = best_name(e.name, e.forms, e.kind,
                               SERVED_NAME_WORDS if e.role or e.kind == "organization" else MAX_NAME_WORDS)
        by_key = {e.key: e for e in self.resolver.entities}
        for key, spk in speakers.items():
            e = by_key[key]
            spk.name = e.name
            spk.aliases = [f for f in e.forms if f != e.name]
            spk.members = [m.name for m in e.members]
        return quotes, list(speakers.values())


def _speaker_of(speakers: dict[int, Speaker], ent: Entity) -> Speaker:
    """The document speaker of entity ``ent``, made on first use."""
    spk = speakers.get(ent.key)
    if spk is None:
        spk = speakers[ent.key] = Speaker(f"s{len(speakers) + 1}", ent.name, ent.kind)
    return spk


_AS = re.compile(r"\bas(?: being)?(?: an?| the)?\s*$", re.IGNORECASE)
_NAMING = {"call", "label", "dub", "brand", "term", "name"}
_UTTERING = {"chant", "sing", "shout", "yell", "scream", "type", "tweet", "post", "write", "cry"}


def _predicative(text: str, q: QuoteSpan, fr: Frame) -> bool:
    """A quote that is what the source called something: ``described X as a “disgrace”``,
    ``called the senator a “nasty guy”`` — the quoted words are the source's, however short."""
    before = text[max(fr.cue_end, q.open_at - 40):q.open_at]
    if _AS.search(before):
        return True
    if fr.lemma in _UTTERING and q.open_at - fr.cue_end <= 40 and "." not in text[fr.cue_end:q.open_at]:
        return True  # "chanted “What curfew?”": what is chanted or sung is the source's, however short
    return fr.lemma in _NAMING and q.open_at - fr.cue_end <= 60 and "." not in text[fr.cue_end:q.open_at]


def _on_head_line(tokens, head):
    """The mention's tokens on the head's line: a mention never spans a line break (the parser
    may chain a credit or a title to the first words of the next paragraph)."""
    doc = head.doc
    lo, hi = min(t.i for t in tokens), max(t.i for t in tokens)
    breaks = [i for i in range(lo, hi + 1) if "\n" in doc[i].text]
    if not breaks:
        return tokens
    first = max((i for i in breaks if i < head.i), default=-1)
    last = min((i for i in breaks if i > head.i), default=1 << 30)
    return [t for t in tokens if first < t.i < last] or [head]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _key(s: str) -> str:
    """What a quote says, for spotting caption copies: its quoted words when it has any."""
    frags = re.findall(r"[“\"«]([^”\"»]+)[”\"»]", s)
    return "|".join("".join(ch for ch in f.lower() if ch.isalnum()) for f in frags) if frags \
        else "".join(ch for ch in s.lower() if ch.isalnum())


_CHANNEL_NOUNS = {"media", "medium", "agency", "outlet", "newspaper", "paper", "broadcaster", "radio", "television", "tv",
                  "news", "press", "wire", "service", "daily", "channel", "network"}
_CHANNEL_CUES = {"say", "report", "state", "add", "announce", "quote", "carry", "write", "publish"}


_UNSPEAKING = frozenset("response reaction wording tone language text treaty statement answer reply message letter "
                        "document report note comment remark remarks speech address reading".split())
_MANNER_ADJECTIVES = frozenset("blunt blunter candid frank direct succinct emphatic unequivocal categorical "
                               "scathing dismissive defiant".split())


def _says_how(root) -> bool:
    """A sentence that only says how somebody spoke, before their words: "X put it bluntly.",
    "X put it this way.", "X was blunt.", "X was more direct."."""
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lemma_.lower() in _UNSPEAKING or subj.lower_ in ("it", "this", "that"):
        return False  # "The response was dismissive.", "The wording was unequivocal.": no speaker
    if root.lemma_ == "put":
        return any(c.dep_ == "dobj" and c.lower_ == "it" for c in root.children)
    if root.lemma_ == "be":
        return any(c.dep_ == "acomp" and c.lower_ in _MANNER_ADJECTIVES for c in root.children)
    return False


def _document_source(fr: Frame) -> bool:
    """"According to a draft seen by Reuters, the ministers will condemn …", "according to a readout,
    Ishiba expressed …": a document that records what someone named in it said relays their words
    (it is the channel even where it leads)."""
    return fr.group == "according" and fr.lemma in _RECORDS


# a colon that ends a clause or opens words, not one inside a time ("at 10:41 p.m.")
_OPENING_COLON = re.compile(r":(?!\d)")
_RECORDS = frozenset("draft readout transcript record minutes communique communiqué text".split())


def _for_a_source(fr: Frame) -> bool:
    """Whether the person of a "For X, …" frame is a source whose view the clause gives: an analyst
    (by title), an envoy or official quoted before, or one introduced there by an apposition ("For
    Kang Chol-min, a former official …, …")."""
    if fr.entity is None or fr.entity.kind != "person":
        return False
    described = next((c for c in fr.source_head.children if c.dep_ == "appos"), None)
    if described is not None:
        return described.lemma_.lower() in _ANALYSTS | _ADVISERS
    return bool(fr.entity.title_words & _ANALYSTS) or fr.entity.quotes > 0 and bool(fr.entity.title_words & _ADVISERS)


# those whose views an analysis weighs ("For Baek, [a senior fellow], the implication is …"), not
# those whose interests or fortunes it reads ("For Putin, the deal is a lifeline", "For Mr. Clarke,
# the agreement opened the door to other deals")
_ANALYSTS = frozenset("fellow specialist analyst expert researcher professor scholar economist historian lecturer "
                      "strategist consultant".split())
_ADVISERS = frozenset("envoy diplomat official negotiator adviser advisor".split())  # ("For Kessler, a former envoy, …")


def _relays(o: Frame, f: Frame) -> bool:
    """Whether frame ``o``, whose content holds ``f``'s cue, only relays ``f``'s words: a record
    ("according to a readout, Ishiba expressed …"), or a channel that trails them ("Kim affirmed
    …, the KCNA said"; a trailing "according to" over a person's words, not an organisation's)."""
    if o.entity is f.entity:
        return False
    if o.group == "according" and o.cue_start < f.cue_start and not f.object_only and o.lemma not in _VIEWS and (
            _named_speaker(f) or f.source_head.lemma_.lower() in BODY_NOUNS and f.source_head.i < f.cue_token) and (
            f.group == "speech" or f.group == "cognition" and _body_reports(f) and f.source_head.ent_type_ != "GPE"):
        # a leading "according to" over a named speaker who says ("According to the lawmakers, the
        # NIS said …"; "According to Yahoo News, spokesman Jesse Lehrich said …"), or a body that
        # holds a view ("According to Seo, the NIS believes …"): the speaker's words
        return True
    if o.cue_start < f.cue_start and _piece_speaks(f):
        # "Seoul noted a KCNA commentary calling U.S. sanctions “…”": the piece's author, named
        # in the words of the one who mentions the piece, speaks in it
        return True
    if o.cue_start > f.cue_start and _a_person_relays(o) and _body_reports(f):
        # "South Korea's spy agency told lawmakers in a closed-door briefing that …, according to
        # [a lawmaker]", "the agency said …, according to [a lawmaker]", "The agency told the
        # committee that …, Seo said": the agency's words, relayed by the one who heard them (an
        # organisation that says is no channel here)
        return True
    if _is_channel(f):
        return False
    if _leads_into(o, f) and (f.group == "speech" or _tells_someone(f)) \
            and o.entity is not None and o.entity.kind == "person" and f.source_head.ent_type_ not in ("GPE", "NORP", "LOC") \
            and not f.topic:  # (words, not "described X as …", "tells lies")
        # "Recalling that Comrade Kim Jong Un had declared that …", "he said President Putin told the
        # President that …": the words of the one named as saying them, relayed by the reporter (not
        # "Peskov said Moscow urged restraint": his state is what he speaks for)
        return True
    if _leads_into(o, f) and _is_channel(o) and (f.group == "speech" or f.lemma in ("tell", "brief", "inform")) \
            and f.entity.kind == "person":
        # "TASS reported that Dmitry Peskov … told journalists that …": the agency relays the
        # words of the person it names as saying them
        return True
    if _document_source(o):
        return True
    if _is_channel(o) and o.group == "according" and o.cue_start < f.cue_start and f.entity is not None \
            and f.entity.kind == "person" and (f.how in ("name", "alias") or f.source_head.lower_ == "who"):
        # a leading "according to KCNA" over a named person's own words ("According to KCNA, the
        # launch was observed by Kim Jong Un, who said that …"): they are his, relayed
        return True
    return _is_channel(o) and o.cue_start > f.cue_start and (
        o.group != "according" or f.entity is None or f.entity.kind != "organization")


# the lemmas of a view's frame ("In his assessment, …", "For Baek, …"): the holder's own reading,
# whoever it names as doing or saying something ("In his assessment, the Kremlin calculates …")
_VIEWS = frozenset({"", "for"})


def _piece_speaks(f: Frame) -> bool:
    """A participle cue on a written piece whose author is named on it ("the KCNA commentary
    calling …", "a Yonhap report saying …"): the author speaks."""
    cue = f.source_head.doc[f.cue_token]
    return cue.tag_ == "VBG" and cue.dep_ == "acl" and f.source_head.head.i == cue.head.i \
        and f.source_head.dep_ in ("compound", "poss")


def _a_person_relays(o: Frame) -> bool:
    """A trailing "according to [a person]" or "[a person] said" (a person named, or described by
    a person's role: "according to a ruling party legislator")."""
    return (o.group == "according" or o.group == "speech" and o.lemma == "say") and o.entity is not None and (
        o.entity.kind == "person" or o.source_head.lemma_.lower() in PERSON_ROLE_NOUNS)


def _body_reports(f: Frame) -> bool:
    """A public body that tells, says or holds a view of its own, with a clause of words ("the
    spy agency told lawmakers that …", "The NIS also believes …")."""
    return f.entity is not None and (f.entity.kind == "organization" and f.how in ("name", "organization", "role")
                                     or f.source_head.lemma_.lower() in BODY_NOUNS) \
        and f.lemma in _BODY_REPORTS and f.region is not None and not f.object_only and not f.has_object


_BODY_REPORTS = frozenset("tell brief inform say believe assess estimate judge".split())


def _leads_into(o: Frame, f: Frame) -> bool:
    """Whether speech frame ``o`` reports, from before it, a clause that opens with ``f``'s named
    speaker saying words ("he said [President Putin told …]", "TASS reported that [Peskov …
    told …]"), not acting on an object ("described X as …")."""
    return o.group == "speech" and o.cue_start < f.cue_start and _named_speaker(f) and o.region is not None \
        and o.region[0] >= f.source_tokens[0].idx - 2 and not f.object_only and not f.has_object


def _named_speaker(fr: Frame) -> bool:
    """A frame whose speaker is a person or an organisation named by name, as the subject before
    its cue ("the NIS said …", "President Putin told …")."""
    return fr.entity is not None and fr.entity.kind in ("person", "organization") \
        and fr.how in ("name", "alias", "organization") and fr.source_head.i < fr.cue_token


def _tells_someone(fr: Frame) -> bool:
    """A "told the President that …" cue (someone told), not "tells so many lies that …"."""
    cue = fr.source_head.doc[fr.cue_token]
    return fr.lemma == "tell" and any(c.dep_ in ("dobj", "dative") and (c.pos_ in ("PROPN", "PRON") or c.ent_type_ == "PERSON"
                                                                         or c.lemma_.lower() in TITLE_WORDS)
                                      for c in cue.children)


def _is_channel(fr: Frame) -> bool:
    """A frame that relays what somebody else said: an organisation (an agency, a newspaper,
    state media) *saying*, *reporting* or named by "according to", not a person with views of
    their own."""
    return (fr.group == "speech" and fr.lemma in _CHANNEL_CUES or fr.group == "according") and fr.entity is not None \
        and (fr.how != "pronoun" or fr.source_head.lower_ == "it") \
        and (fr.entity.kind == "organization" or fr.source_head.lemma_.lower() in _CHANNEL_NOUNS)


def _end_before(doc, pos: int, floor: int) -> int:
    """The end of the last word before character ``pos`` (commas and blanks skipped), not before
    ``floor``: where "the country must be ready for war, according to state media" stops."""
    span = doc.char_span(pos, pos + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return pos
    i = span.start - 1
    while i >= 0 and (doc[i].is_punct or doc[i].is_space) and doc[i].idx > floor:
        i -= 1
    return max(floor, doc[i].idx + len(doc[i].text)) if i >= 0 else pos


def _drop_nested(frames: list[Frame], doc=None) -> list[Frame]:
    """Drop frames whose cue lies inside another frame's content (outer source wins), except
    under a channel: ``Kim affirmed that …, the KCNA said`` keeps Kim's frame, relayed
    ``via`` the KCNA, and drops the channel's frame when its content is Kim's clause; a
    channel that reports a sentence (``Kim oversaw X, calling for Y, state media reported``)
    is also the ``via`` of the speech acts inside it."""
    regions = sorted((f.region[0], f.region[1], id(f)) for f in frames if f.region is not None)
    starts = [r[0] for r in regions]
    by_id = {id(f): f for f in frames}
    dropped: set[int] = set()
    for f in frames:
        # regions are sentence-sized and sentences do not nest: look at the few starting before
        k = bisect_right(starts, f.cue_start)
        outer = [by_id[regions[j][2]] for j in range(max(0, k - 8), k)
                 if regions[j][0] <= f.cue_start < regions[j][1] and regions[j][2] != id(f)]
        if not outer:
            continue
        # the channel trails the words it relays ("Kim affirmed …, the KCNA said"); one that
        # leads ("The Times wrote that X had claimed …") reports a finding of its own
        channel = next((o for o in outer if _relays(o, f)), None)
        if channel is None:
            # "Commenting on statements by Western officials who have claimed that …, Lavrov said …":
            # a topic that names the other speaker and what they claimed is theirs, not the commenter's
            topical = [o for o in outer if o.topic and o.region[0] <= f.source_tokens[0].idx < o.region[1]
                       and f.source_head.lower_ not in _SUBJECT_PRONOUNS]  # (not "railed against what he called …")
            if topical and len(topical) == len(outer):
                dropped.update(id(o) for o in topical)
            else:
                dropped.add(id(f))
            continue
        f.via = channel.entity
        if channel.region[0] >= min(f.source_tokens[0].idx, f.cue_start) - 2 or channel.group == "according":
            # the channel's content is this frame's clause; or a trailing "according to KCNA" that
            # only says where "“…,” Kim said" was reported
            dropped.add(id(channel))
            if channel.group == "according" and doc is not None and f.region and f.region[1] > channel.cue_start \
                    and channel.source_tokens[-1].idx + len(channel.source_tokens[-1].text) >= f.region[1] - 2:
                # (only a trailing one: "Japan, according to KCNA, was a threat" keeps its words)
                f.region = (f.region[0], _end_before(doc, channel.cue_start, f.region[0]))
    if doc is not None:
        by_sentence: dict[int, list[Frame]] = {}
        for f in frames:
            by_sentence.setdefault(f.sent_start, []).append(f)
        for o in frames:
            if not _is_channel(o) or id(o) in dropped:
                continue
            for f in by_sentence[o.sent_start]:
                if f is o or f.via is not None or f.entity is o.entity:
                    continue
                if any(a.i == o.cue_token for a in doc[f.cue_token].ancestors):
                    f.via = o.entity
    return [f for f in frames if id(f) not in dropped]


def attribute(doc, paragraphs: list[Paragraph]) -> tuple[list[Quote], list[Speaker]]:
    """Find quotes and reported statements in ``doc`` and link each to a speaker entity."""
    if not paragraphs or not doc.text.strip():
        return [], []
    return _Assembler(doc, paragraphs).run()
