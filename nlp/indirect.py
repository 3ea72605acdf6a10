"""Attribution frames from the dependency parse: cue + source mention + content region.

A frame is found for every reporting cue (see :mod:`nlp.cues`) that has a subject, and for
every ``according to X``. Its content region is where the parse puts what was said:

* a clausal complement (``Kim said [he was critical of …]``, ``[“…,”] said Austin``);
* for directive cues, the object / infinitive / prepositional object
  (``called for [the north to “cease …”]``, ``pledged [to “closely work with …”]``);
* for speech cues without a clause, an object that is mostly a quotation (``said “…”``),
  checked later against the quote spans (``object_only``);
* for ``according to``, the rest of the sentence on the larger side of the phrase.

A frame without a region is an *open* cue (``he said.``, ``Kim stated:``) that may take an
adjacent quotation. Everything is computed from one pass over the sentence's tokens.
"""

from __future__ import annotations

from dataclasses import dataclass

from .speakers import TITLE_WORDS
from .cues import DIPLOMATIC_OBJECT, STATEMENT_NOUNS, STANCE_ADJECTIVES, STANCE_OBJECT, ACCORDING, SPEECH_OBJECT, CLAIM_NOUNS, CLAIM_PREP_NOUNS, CLAIM_PREPS, EVIDENCE_CUES, EVIDENCE_NOUNS, INTENTION, NAMING_CUES, TOPIC_PREPS, cue_group

_SOURCE_CUT = {"relcl", "appos", "acl", "punct", "advcl", "prep"}
_DIRECTIVE_DEPS = {"dobj", "prep", "xcomp", "advcl", "ccomp", "dative", "attr", "oprd", "pobj"}
_OBJECT_DEPS = {"dobj", "attr", "xcomp", "oprd", "npadvmod", "dep", "acomp"}
_EDGE_PUNCT = set(",.;:—–-()[]!?…") | {" ", "\n", "\t", "\u00a0"}


@dataclass(slots=True)
class Frame:
    cue_start: int
    cue_end: int
    cue_token: int  # token index of the cue head
    source_head: object  # spaCy Token
    source_tokens: list  # spaCy Tokens of the source mention
    region: tuple[int, int] | None
    kind: str  # "speech" | "according"
    group: str  # speech | cognition | directive | according
    object_only: bool = False
    sent_start: int = 0
    sent_end: int = 0
    entity: object = None
    how: str = ""
    lemma: str = ""
    has_object: bool = False  # the region holds the cue's direct object
    topic: bool = False  # the region is the cue's prepositional topic (``accused her of lying``)
    naming: bool = False  # ``called climate change a hoax``: object and predicate, the source's words
    via: object = None  # the entity of a channel that reports this frame (``Kim affirmed …, the KCNA said``)


def _source_tokens(head) -> list:
    """The mention for a subject head: its subtree without clauses, appositions or punctuation."""
    keep = [head]
    # (a preposition inside the head's own name stays: "South Korea's [Ministry of National Defense]")
    ent = _ent_bounds(head) if head.ent_type_ else None
    stack = [c for c in head.children if c.dep_ not in _SOURCE_CUT
             or c.dep_ == "prep" and ent is not None and ent[0] <= c.i and c.right_edge.i < ent[1]]
    while stack:
        t = stack.pop()
        keep.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "appos", "acl", "punct") or _inner_hyphen(c))
    keep.sort(key=lambda t: t.i)
    # contiguous run around the head
    lo = hi = keep.index(head)
    while lo > 0 and keep[lo - 1].i == keep[lo].i - 1:
        lo -= 1
    while hi + 1 < len(keep) and keep[hi + 1].i == keep[hi].i + 1:
        hi += 1
    return [t for t in keep[lo:hi + 1] if not t.is_space]


def _ent_bounds(tok) -> tuple[int, int]:
    """Token indices [start, end) of the named entity ``tok`` is in (read off the tokens' IOB
    tags: ``Doc.ents`` is built anew on every access)."""
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def _inner_hyphen(t) -> bool:
    """A hyphen inside a word ("law-enforcement"), not a dash between words."""
    return t.text in ("-", "‐") and not t.whitespace_ and t.i > 0 and not t.doc[t.i - 1].whitespace_


_CLOSERS = {"”", '"', "»", "’", "''"}
_DATELINE_DASHES = frozenset({"--", "—", "–", "-"})
_BY_PREPS = {"by", "after", "before", "while", "upon", "in"}


def past_dateline(subj, verb):
    """The speaker for a subject the parser took from a dateline glued to the story: "Pyongyang,
    March 11 (KCNA) -- Kim Yo Jong, …, issued …" is parsed with the place as subject and the
    name after the dash as its apposition (the name); any other subject is itself."""
    if subj.ent_type_ not in ("GPE", "LOC"):
        return subj  # (not "The Kremlin -- and Putin himself -- said")
    dash = next((x.i for x in subj.subtree if x.dep_ == "punct" and x.text in _DATELINE_DASHES and x.i > subj.i), None)
    if dash is None:
        return subj
    # the name hangs on the place or on the date as an apposition or a conjunct
    return next((a for a in subj.subtree if a.dep_ in ("appos", "conj") and a.pos_ in ("PROPN", "NOUN")
                 and dash < a.i < verb.i and a.head.i < dash), subj)  # ("SEOUL (AP) — South Korea's spy agency said")


def _subject(tok):
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    if len(subjects) > 1:
        # "a launch that Washington said …": the relative pronoun is not the speaker
        subjects = [c for c in subjects if c.lower_ not in ("that", "which", "who")] or subjects
        # "MATSUZAKI: Kim Yo Jong said …": a transcript's label the parser made a second subject
        subjects = [c for c in subjects if not _labels_a_turn(c)] or subjects
        # "Dmitry Sergeyevich, the Korean Central News Agency reported …": a name that opens the
        # sentence and is set off by a comma before another subject is whom the question addresses
        later = [c for c in subjects if c.i > subjects[0].i]
        if later and subjects[0].ent_type_ == "PERSON" and subjects[0].i + 1 < len(tok.doc) \
                and tok.doc[subjects[0].i + 1].text == "," and subjects[0].left_edge.i <= subjects[0].sent.start + 1:
            subjects = later
        # "Near Sudzha, a Ukrainian drone operator told …": a place set off before the subject, its
        # preposition misread as part of a name, is where
        if later and tok.doc[subjects[0].i + 1].text == "," and (subjects[0].ent_type_ in ("GPE", "LOC", "FAC") or any(
                c.lower_ in ("near", "outside", "inside", "in", "at") for c in subjects[0].children)):
            subjects = later
        # "SEOUL, South Korea (AP) — South Korea's spy agency said": the dateline before the dash is
        # no subject when another follows it
        dashes = [x.i for x in tok.children if x.dep_ == "punct" and x.text in _DATELINE_DASHES and x.i < tok.i]
        if dashes:
            subjects = [c for c in subjects if c.i > dashes[-1]] or subjects
        # "“People in the city smile at the word ‘friendship,’” she said": the quoted words' first
        # noun made a second subject; the speaker follows the closing mark
        closers = [x.i for x in tok.children if x.dep_ == "punct" and x.text in _CLOSERS and x.i < tok.i]
        if closers:
            subjects = [c for c in subjects if c.i > closers[-1]] or subjects
    for c in subjects:
        if c.dep_ == "nsubj":
            named = past_dateline(c, tok)
            if named is not c:
                return named
            if _labels_a_turn(c):
                # "Q (Newsis): Russian Deputy Foreign Minister Andrei Rudenko told …" parsed with the
                # label as the subject and the name as its apposition: the name speaks
                colon = next((t.i for t in tok.doc[c.i + 1:tok.i] if t.text.endswith(":")), None)
                named = next((a for a in c.children if a.dep_ == "appos" and colon is not None and a.i > colon
                              and a.pos_ in ("PROPN", "NOUN")), None)
                if named is not None:
                    return named
            named = _identified_as(c)
            if named is not None:
                return named
            if c.ent_type_ == "PERSON":
                # "Dmitry Sergeyevich, the Korean Central News Agency reported …": a person is no
                # organisation's apposition; the name addresses the one asked
                body = next((a for a in c.children if a.dep_ == "appos" and a.ent_type_ == "ORG" and a.i > c.i), None)
                if body is not None:
                    return body
            if c.pos_ == "NOUN":
                # "The relationship, Defense Secretary Lloyd Austin (R) said" parsed with the
                # topic as subject and the speaker as its apposition
                for a in c.children:
                    if a.dep_ == "appos" and a.pos_ == "PROPN" and a.i < tok.i:
                        return a
            return c
    for c in tok.children:
        # "In Pyongyang, Kim Yo Jong, the sister of the leader, said: …" parsed with the name as a
        # conjunct of the place the sentence opens with
        if c.dep_ == "prep" and c.i < tok.i and not subjects:
            for pobj in (x for x in c.children if x.dep_ == "pobj"):
                # "In his speech Oleg Kaverin expressed …" (no comma): the name read as the
                # occasion's apposition, right before the cue
                named = next((x for x in pobj.children if x.dep_ == "appos" and x.pos_ == "PROPN"
                              and x.i == tok.i - 1 and x.ent_type_ in ("PERSON", "ORG", "")), None)
                if named is not None:
                    return named
                named = next((x for x in pobj.children if x.dep_ == "conj" and x.pos_ == "PROPN"
                              and x.ent_type_ in ("PERSON", "ORG") and tok.doc[x.left_edge.i - 1].text == ","), None)
                if named is not None:
                    return named
    if tok.tag_ == "VBG" and tok.dep_ == "acl" and tok.head.i < tok.i:
        named = _participle_noun(tok.head)
        if named is not None:
            return named
        # "Any response to the KCNA commentary yesterday calling …" with the participle hung on
        # "response": the written piece right before it (a time between) is what speaks
        k = tok.i - 1
        while k > tok.head.i and tok.doc[k].ent_type_ in ("DATE", "TIME"):
            k -= 1
        piece = tok.doc[k]
        if k > tok.head.i and piece.lemma_.lower() in _PIECES:
            named = _participle_noun(piece)
            if named is not None and named.dep_ in ("compound", "poss"):
                return named
    if not subjects and tok.dep_ == "conj" and tok.i >= 2 and tok.doc[tok.i - 1].lower_ in ("and", "but"):
        # "…, at one of which [he] called the soldiers “heroes” and said …" with "said" hung on the
        # sentence's first verb: the relative clause that ends right before "and" is whose
        last = tok.doc[tok.i - 2]
        rel = next((v for v in [last, *last.ancestors] if v.dep_ == "relcl" and v.right_edge.i == tok.i - 2
                    and v.i > tok.head.i), None)
        who = next((c for c in rel.children if c.dep_ == "nsubj" and (c.pos_ == "PROPN" or c.lower_ in ("he", "she"))),
                   None) if rel is not None else None
        if who is not None:
            return who
    # participles and conjoined cues share the subject of the verb they hang on:
    # "…, adding that …", "he said X and added Y", "went on to say"
    if (tok.tag_ == "VBG" and tok.dep_ == "advcl" and tok.i > 0 and tok.doc[tok.i - 1].text == ",") or (
            tok.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in tok.head.children)) or (
            # "He said the real causes were …, and warned that …" with "warned" hung on "said" as
            # its clause: the reporter's next verb
            tok.dep_ == "ccomp" and tok.tag_ == "VBD" and cue_group(tok.head) == "speech" and tok.i > 0
            and tok.doc[tok.i - 1].lower_ in ("and", "but")
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)):
        # "…, adding that …"; "said that X was moved …, and expressed thanks": the conjunct of a
        # subjectless verb inside the report shares the reporter's subject
        top = _participle_subject(tok)
        if top is not None:
            return top
    for c in tok.children:
        # "Trump called X a …, falsely suggested that …": a list of verbs the parser hung on
        # the last one; the first carries the subject
        # (or an aside the parser made the subject's clause: "Dmitry Peskov, asked about the shipments,
        # said …" with "Peskov" the subject of "asked")
        if (c.dep_ in ("advcl", "conj") or c.dep_ == "ccomp" and c.tag_ in ("VBN", "VBD")) and c.i < tok.i \
                and not any(m.dep_ == "mark" for m in c.children) \
                and tok.doc[c.right_edge.i + 1].text in (",", "”", '"'):
            first = next((x for x in c.children if x.dep_ == "nsubj" and x.pos_ in ("PROPN", "PRON")), None)
            if first is not None and (c.dep_ != "ccomp" or (
                    first.i + 2 == c.i and tok.doc[first.i + 1].text == "," and c.lemma_.lower() in _ASIDES)):
                return first
    for c in tok.children:
        if not subjects and (named := _who_clause_subject(c, tok)) is not None:
            # "Minister Alexander Kozlov, who co-chairs the commission, said …" with the relative
            # clause misparsed as the name's own clause, hung on the cue
            return named
        if not subjects and _set_up_by(c, tok):
            # "Its successor, the Monitoring Team [set up by 11 countries], said …": the participle
            # describes the subject the parser gave it; the subject (or the name beside it) speaks
            noun = next((x for x in c.children if x.dep_ == "nsubj" and x.pos_ in ("NOUN", "PROPN")), None)
            if noun is not None:
                return next((a for a in noun.children if a.dep_ == "appos" and a.pos_ == "PROPN"), noun)
    csubj = next((c for c in tok.children if c.dep_ == "csubj" and c.tag_ == "VBG" and c.i < tok.i), None)
    if not subjects and csubj is not None:
        # "the U.S., Japan and the ROK, hurriedly cooking up a “joint statement” …, claimed that …"
        # parsed with the participle as the subject: its own subject, a name, speaks
        inner = next((c for c in csubj.children if c.dep_ == "nsubj" and c.i < csubj.i
                      and (c.pos_ == "PROPN" or c.ent_type_ in ("GPE", "ORG", "PERSON", "NORP"))), None)
        if inner is not None:
            return inner
    if tok.dep_ == "conj" and cue_group(tok) in ("speech", "directive") and tok.head.dep_ == "ccomp" \
            and cue_group(tok.head.head) == "speech":
        # "[Hwang] said Pyongyang's launches were a violation and called on North Korea to …":
        # spaCy hangs the second cue on the reported clause; its subject is the reporter's
        outer = _subject(tok.head.head)
        if outer is not None:
            return outer
    named = _name_after_quote(tok) if not subjects else None
    if named is not None:
        return named
    cur = tok
    if tok.dep_ == "pcomp" and tok.head.lower_ in _BY_PREPS and tok.head.head.pos_ in ("VERB", "AUX"):
        # "began by saying …", "after saying …": the subject of the verb the phrase hangs on
        cur = tok.head.head
        for c in cur.children:
            if c.dep_ == "nsubj":
                return c
    for _ in range(3):
        # (an adjective's infinitive: "[he] was quick to point out" climbs to "was")
        if (cur.dep_ in ("conj", "advcl", "xcomp") or cur.dep_ == "acomp" and tok.dep_ == "xcomp") and cur.head != cur:
            cur = cur.head
            for c in cur.children:
                if c.dep_ == "nsubj" and not _labels_a_turn(c):
                    return c
        else:
            break
    return None


def _name_after_quote(tok):
    """"“…,” said Lyudmila, who runs the café and declined to give her surname": the name right
    after a cue that follows a quotation, which the parser made the subject of a later verb."""
    doc = tok.doc
    if cue_group(tok) != "speech" or tok.i < 2 or tok.i + 1 >= len(doc) or doc[tok.i - 1].text not in _CLOSERS:
        return None
    first = doc[tok.i + 1]
    if first.ent_type_ != "PERSON" or first.ent_iob_ != "B":
        return None
    start, end = _ent_bounds(first)
    root = next((t for t in doc[start:end] if not start <= t.head.i < end), None)
    if root is None or root.dep_ != "nsubj" or root.head.i == tok.i or end >= len(doc) or doc[end].text != ",":
        return None
    return root


def _active_vbn(tok) -> bool:
    """A verb tagged as a past participle that is active (``and expressed thanks``): it has a
    direct object and no passive auxiliary or subject."""
    kids = [c.dep_ for c in tok.children]
    return "dobj" in kids and "auxpass" not in kids and "nsubjpass" not in kids


def _cleft_content(cue, ccomps):
    """The clause a pseudo-cleft's "what" stands for, with the cue set inside it: "[What is new],
    said Choi, is that [for the first time …]" (the parser hangs the first half on the cue and
    the cue on the copula). None for any other shape.

    >>> # "What matters, she said, is that the talks go on": "the talks go on"
    """
    first = ccomps[0]
    if len(ccomps) != 1 or first.i > cue.i or first.left_edge.lower_ != "what" or cue.dep_ != "parataxis":
        return None
    be = cue.head
    if be.lemma_ != "be" or be.i < cue.i:
        return None
    return next((c for c in be.children if c.dep_ == "ccomp" and c.i > be.i and _that_marked(c)), None)


def _statement_clause(tok) -> list:
    """``saying in a statement that …``: the ``that`` clause the parser hung on the statement
    noun is what the cue says."""
    for c in tok.children:
        if c.dep_ == "prep" and c.i > tok.i and c.lower_ in ("in", "through", "via"):
            pobj = next((x for x in c.children if x.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() in STATEMENT_NOUNS:
                clause = _noun_clause(pobj)
                if clause is not None:
                    return [clause]
    return []


def _relative_report(tok) -> list:
    """``a launch that Washington said used banned technology``: in a relative clause the
    report's content is the verb phrase the parser made its open complement."""
    if tok.dep_ != "relcl":
        return []
    return [c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i and c.tag_ in ("VBD", "VBN", "VBZ", "VBP")
            and not any(a.lower_ == "to" for a in c.children)]


_PIECES = frozenset("commentary editorial article report".split())  # written pieces a named author signs


def _participle_noun(noun):
    """Who speaks in a participle that describes ``noun``: the person or body itself ("quoted a
    spokesman saying …", "a statement by an unnamed spokesperson saying …"), or for a statement
    the one it is by ("a statement by the ministry saying …") or who issued it ("the ministry
    issued a statement saying …"). None for anything else ("the report saying …" of nobody)."""
    if noun.lemma_.lower() in STATEMENT_NOUNS | _PIECES:
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                by = next((x for x in c.children if x.dep_ == "pobj"), None)
                if by is not None:
                    return by
        named = next((c for c in noun.children if c.dep_ in ("compound", "poss") and c.i < noun.i
                      and (c.pos_ == "PROPN" or c.ent_type_ in ("ORG", "PERSON"))), None)
        if named is not None and noun.lemma_.lower() in _PIECES:
            # "the KCNA commentary calling U.S. sanctions “…”", "Yonhap's report saying …" (not
            # "Trump's tweets accusing …", which PolNeAR reads as what somebody else reports)
            return named
        if noun.dep_ == "dobj" and cue_group(noun.head) is None:
            return next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
        return None
    if noun.pos_ == "PROPN" or noun.lemma_.lower() in TITLE_WORDS or noun.ent_type_ in ("PERSON", "ORG", "NORP"):
        return noun
    return None


def _labels_a_turn(tok) -> bool:
    """A word right before a colon ("MATSUZAKI:", "Q:"), or before a note in parentheses and a
    colon ("REPORTER (KBS):"): a transcript's label, not a subject."""
    doc = tok.doc
    if tok.i + 1 < len(doc) and doc[tok.i + 1].text == ":":
        return True
    if tok.i + 1 >= len(doc) or doc[tok.i + 1].text != "(":
        return False
    for k in range(tok.i + 2, min(tok.i + 9, len(doc))):
        if doc[k].text.startswith(")"):
            return doc[k].text == "):" or (k + 1 < len(doc) and doc[k + 1].text == ":")
    return False


def _set_up_by(c, cue) -> bool:
    """A participle with a "by" agent that the parser made a clause before the cue, set off from it
    by a comma: "Its successor, the Monitoring Team [set up by 11 countries], said …"."""
    return c.dep_ == "ccomp" and c.tag_ in ("VBN", "VBD") and c.i < cue.i and cue.doc[cue.i - 1].text == "," \
        and not any(x.dep_ in ("aux", "auxpass", "mark") for x in c.children) \
        and any(x.dep_ in ("prep", "agent") and x.lower_ == "by" for x in c.children)


def _clause_sequels(cue, clause) -> list:
    """Verbs the parser hung on the cue as its conjuncts that go on with the reported ``clause``
    (no subject of their own, an auxiliary, not a cue): "said the regime had “long exhausted itself”
    [and was hurting ordinary North Koreans …]" — not "said X and left", "said X and added …".

    >>> # "He said the regime had failed and was hurting ordinary people": ["hurting"]
    """
    out, end = [], clause.right_edge.i
    for c in cue.children:
        if c.dep_ != "conj" or c.i <= end:
            continue
        if c.pos_ not in ("VERB", "AUX") or cue_group(c) is not None \
                or any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children) \
                or not any(x.dep_ in ("aux", "auxpass") and x.lower_ in ("was", "were", "had", "would") for x in c.children):
            break
        if any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass") or t.text in (";", ":")
               for t in cue.doc[end + 1:c.left_edge.i]):
            break  # (only right after the clause, joined by "and")
        out.append(c)
        end = c.right_edge.i
    return out


def _who_clause_subject(c, cue):
    """The name whose "who" clause the parser made a clause of its own before the cue ("[Kozlov],
    who co-chairs the commission, said …" with "chairs" the cue's complement), else None."""
    if c.dep_ != "ccomp" or c.i > cue.i or cue.doc[cue.i - 1].text != ",":
        return None
    name = next((x for x in c.children if x.dep_ == "nsubj" and x.pos_ == "PROPN" and x.i < c.i), None)
    if name is None or not any(t.lower_ == "who" and name.i < t.i < c.i for t in c.subtree):
        return None
    return name


def _describes_speaker(c, subj, cue) -> bool:
    """Whether the clause ``c`` hung on the cue is the speaker's own description (``_set_up_by``,
    ``_who_clause_subject``)."""
    return (_set_up_by(c, cue) or _who_clause_subject(c, cue) is not None) and c.left_edge.i <= subj.i <= c.right_edge.i


def _participle_subject(tok):
    """The subject of a comma-set participle cue (``…, adding that …``, ``…, expressing …``):
    the subject of the sentence's main clause, climbing over the clauses the parser hung it
    on — the reported clause of the main cue (``She said [the point was …, adding that …]``)
    or a conjunct (``Putin extended X, and all the people as regards …, expressing …``).
    The first name or personal pronoun met on the way up wins (``state media reported [Kim
    oversaw …, calling for …]``: Kim)."""
    cur, subj = tok, None
    for _ in range(5):
        head = cur.head
        if head == cur or cur.dep_ not in ("advcl", "conj", "ccomp") and not (cur.dep_ == "xcomp" and subj is None):
            break
        if cur.dep_ == "ccomp" and cue_group(head) != "speech":
            break
        cur = head
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in cur.children):
            continue  # "declined to say whether Seoul had …, saying only that …": the parser's slip
        # ("Q: The Russian Embassy put out a statement saying …": a transcript's label the parser
        # made a first subject is no subject)
        subjects = [c for c in cur.children if c.dep_ == "nsubj" and not _labels_a_turn(c)]
        # ("SEOUL, Dec. 29 (Yonhap) -- Kim has overseen …, calling for …": not the dateline's place)
        found = next((c for c in subjects if c.ent_type_ not in ("GPE", "NORP")), subjects[0]) if subjects else None
        if found is not None:
            found = past_dateline(found, cur)
            subj = found
            if found.pos_ in ("PROPN", "PRON") and found.lower_ not in ("it", "this", "that", "which") and not (
                    found.ent_type_ in ("GPE", "NORP") and _named_person_reports(cur)):
                break
    return subj


def _named_person_reports(clause) -> bool:
    """Whether ``clause`` is what a person named by name reports ("Putin said [Russia would never
    forget …], thanking Kim": his act, not Russia's); not what officials, analysts, a ministry or
    a capital report ("U.S. officials said [Pyongyang had rejected the offer], saying …")."""
    if clause.dep_ != "ccomp" or cue_group(clause.head) != "speech":
        return False
    subj = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
    return subj is not None and subj.ent_type_ == "PERSON" and subj.pos_ == "PROPN"


def _that_marked(clause) -> bool:
    """Whether ``clause`` opens with the complementizer "that" ("[that] the launch was …")."""
    return any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)


def _that_clause(c, tok) -> bool:
    """A ``that`` clause the parser hung on the cue as an adverbial clause
    (``tweeted in the early morning hours that Machado was …``): it is the content."""
    first = c.left_edge
    return c.dep_ == "advcl" and c.i > tok.i and first.lower_ == "that" and first.dep_ in ("mark", "advmod") \
        and first.i > tok.i


def _hearers_that_clause(c) -> bool:
    """A ``that`` clause with a subject of its own that the parser hung on the cue's object as
    if it were a relative clause (``told a tense meeting that the charges were a fabrication``):
    it is what was told. (A relative ``that`` is itself the subject or object: "the meeting that
    ended", "the meeting that he chaired".)"""
    mark = next((m for m in c.children if m.lower_ == "that" and m.i < c.i and (
        m.dep_ == "mark" or m.dep_ == "advmod" and m.i == c.left_edge.i)), None)  # (or "that" read as an adverb)
    # (the subject may hang on an auxiliary: 'that the United States was "closely monitoring" …')
    return c.dep_ in ("acl", "relcl") and mark is not None and any(
        x.dep_ in ("nsubj", "nsubjpass", "expl") and x.lower_ != "that" and mark.i < x.i < c.i for x in c.subtree)


def _interrupted_clause(tok, subj, sent, text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """``Lenox was a juggernaut, Mr. Clarke said, until …``, ``Hawaii, as one adviser pointed
    out, rarely …``: a subject and cue set off by commas inside the clause they report, which
    the parser made the main clause. The content is the sentence around them."""
    doc = tok.doc
    left = subj.left_edge.i
    if left - 1 > sent.start and doc[left - 1].lower_ == "as":
        left -= 1
    if left - 1 <= sent.start or doc[left - 1].text != ",":
        return None
    right = None
    for k in range(tok.i + 1, min(tok.i + 10, sent.end)):
        if doc[k].text == ",":
            right = k
            break
        if doc[k].pos_ in ("VERB", "AUX") or doc[k].text in _CLOSERS or doc[k].text in (".", ";", ":", "“", '"'):
            return None
    if right is None or right + 1 >= sent.end or not any(t.is_alpha for t in doc[right + 1:sent.end]):
        return None
    start = sent.start
    for k in range(left - 1, sent.start - 1, -1):
        if doc[k].text in _CLOSERS or doc[k].text in (".", "!", "?", ";", ":"):
            start = k + 1  # a quotation or sentence the parser ran into this one ends here
            break
    if left - 1 <= start:
        return None
    own = {t.i for t in tok.subtree}
    if all(k in own or doc[k].is_punct or doc[k].is_space for k in range(start, left)):
        # "In the early weeks, one officer … told a Kyiv news site, [North Korean infantry would …]":
        # what precedes the speaker is the cue's own circumstance; the words follow it
        return _region(list(doc[right + 1:sent.end]), text, lo, hi)
    return _region(list(doc[start:sent.end]), text, lo, hi)


def _clause_after_time(tok, text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """``said after the convention he would not accept …``: a clause with its own subject hung
    on the cue as an adverbial clause behind a time phrase; the content starts at its subject."""
    for c in tok.children:
        if c.dep_ != "advcl" or c.i <= tok.i or any(m.dep_ == "mark" for m in c.children):
            continue
        subj = next((x for x in c.children if x.dep_ in ("nsubj", "nsubjpass") and x.i < c.i), None)
        if subj is None or subj.left_edge.i <= tok.i + 1:
            continue
        lead = tok.doc[tok.i + 1:subj.left_edge.i]
        if lead[0].lower_ not in ("after", "before", "on", "in", "during", "at", "last", "this", "earlier",
                                  "later", "yesterday", "today", "monday", "tuesday", "wednesday", "thursday",
                                  "friday", "saturday", "sunday") or any(t.pos_ in ("VERB", "AUX") for t in lead):
            continue
        return _region([t for t in c.subtree if t.i >= subj.left_edge.i], text, lo, hi)
    return None


def _as_reported(tok, text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """``As The Post first reported, the inspector general issued subpoenas …``: an ``as``
    clause on the main clause it vouches for; the content is that clause without the ``as`` clause."""
    if tok.dep_ != "advcl" or tok.head.i == tok.i or tok.i > tok.head.i \
            or not any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
        return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "prep") and c.i > tok.i and c.lower_ not in ("in", "on", "at", "during")
           and not _hearer(tok, c) for c in tok.children):
        return None  # "as he described it", "as she put it to …", "as reported to the FBI": other readings
    own = {t.i for t in tok.subtree}
    if tok.left_edge.i <= tok.head.left_edge.i:
        # "As Lavrov said last week, the West …": the clause starts after the comma that closes the
        # "as" clause (the parser may hang "last week" on the main verb)
        comma = next((t.i for t in tok.doc[tok.i + 1:tok.head.i] if t.text == ","), None)
        if comma is not None:
            own |= {t.i for t in tok.head.subtree if t.i <= comma}
    return _split_around([t for t in tok.head.subtree], own, text, lo, hi)


_TELLING = frozenset("tell inform brief remind assure".split())


_SAID_THINGS = frozenset("something nothing anything everything it this that so goodbye prayer word words "
                         "thing things little much more less yes no".split())


def _clause_as_object(cue, objs) -> bool:
    """Whether "said" has a noun phrase for object that is a clause the parser misread: "said
    [Tokyo's sanctions against Pyongyang only fuel tensions on the peninsula]" (a long object
    running to the end of the sentence), not "said nothing", "said a prayer", "said so".

    >>> # "Lavrov said Tokyo's sanctions against Pyongyang only fuel tensions.": True
    """
    dobjs = [c for c in objs if c.dep_ == "dobj"]
    if len(dobjs) != 1 or len(objs) != 1:
        return False
    obj = dobjs[0]
    if obj.lemma_.lower() in _SAID_THINGS or obj.pos_ == "PRON" or obj.i != cue.i + 1 and obj.left_edge.i != cue.i + 1:
        return False
    span = list(obj.subtree)
    end = cue.sent.end - 1
    while end > obj.i and (cue.doc[end].is_punct or cue.doc[end].is_space):
        end -= 1
    return len(span) >= 5 and span[-1].i >= end


_OCCASION_MARKS = frozenset("when as while after before".split())


def _that_after_occasion(cue, lo: int, hi: int) -> list:
    """The ``that`` clause the parser hung on an occasion set between the cue and it: "argued
    [when he cast the veto in March 2024] that the sanctions regime had lost touch with reality"
    (the clause is what was argued, not part of the occasion).

    >>> # "Nebenzia argued when he cast the veto that the regime had failed": ["had failed"]
    >>> # "the minister blustered the following day that Seoul would …": ["would …"]
    """
    for a in cue.children:
        if a.dep_ == "npadvmod" and a.i > cue.i and a.ent_type_ in ("DATE", "TIME"):
            # "blustered at a press conference [the following day] that Seoul would …" with the
            # clause hung on the day as if it were "the day that …" (a clause with its own subject)
            rel = next((c for c in a.children if c.i > a.i and lo <= c.idx < hi and c.left_edge.i == a.i + 1
                        and _hearers_that_clause(c)), None)
            if rel is not None:
                return [rel]
        if a.dep_ != "advcl" or a.i < cue.i or cue_group(a) is not None or not any(
                c.dep_ in ("advmod", "mark") and c.lower_ in _OCCASION_MARKS and c.i < a.i for c in a.children):
            continue
        return [c for c in a.children if c.dep_ == "ccomp" and c.i > a.i and lo <= c.idx < hi
                and _that_marked(c)][:1]
    return []


_SOURCE_NOUNS = frozenset("agency service ministry official officials source sources intelligence".split())


def _named_source(tok) -> bool:
    """A body or person cited by name ("citing the National Intelligence Service")."""
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("ORG", "PERSON")


def _names_a_source(tok) -> bool:
    """A body or person one cites as a source ("citing the NIS", "citing the spy agency",
    "citing officials"), not a reason ("citing a threat to public health")."""
    return _named_source(tok) or tok.lemma_.lower() in _SOURCE_NOUNS


def _cited_source(cue):
    """(source, content) of "said, citing the National Intelligence Service, that …": the body or
    person cited in a participle set off after the cue (None when it is not named by name:
    "citing security concerns"), and the ``that`` clause of the report (hung on the cue, on
    "citing" or, a frequent misparse, on the cited phrase as a relative clause); None without a
    ``that`` clause."""
    citing = next((c for c in cue.children if c.dep_ == "advcl" and c.lemma_.lower() == "cite" and c.tag_ == "VBG"
                   and c.i > cue.i and cue.doc[c.i - 1].text == ","), None)
    if citing is None:
        return None
    obj = next((c for c in citing.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    named = _named_source(obj)
    for holder in (cue, citing, obj):
        for c in holder.children:
            if c.i > obj.i and c.dep_ in ("ccomp", "relcl", "acl", "advcl") and _that_marked(c):
                # (a reason or a source not named by name, "citing security concerns": the
                # speaker's own words, without the aside)
                return (obj if named else None), c
    return None


def _which_is_that(cue):
    """The clause a free relative's words are said to be: "what Caine said last month, which is
    that [this is a two-way relationship]", "what she told us, which was that …" (None: no such
    clause). The parser hangs "which is" anywhere after the cue.

    >>> # "I'd point you to what Caine said, which is that the ties run both ways": "the ties run both ways"
    """
    if not any(c.dep_ == "dobj" and c.lower_ == "what" and c.i < cue.i for c in cue.children):
        return None
    doc = cue.doc
    for be in doc[cue.i + 1:min(cue.i + 12, cue.sent.end)]:
        if be.pos_ in ("VERB", "AUX") and not (be.lemma_ == "be" and doc[be.i - 1].lower_ == "which"):
            return None  # (the words after the cue say something else first)
        if be.lemma_ == "be" and doc[be.i - 1].lower_ == "which" and doc[be.i - 2].text == ",":
            return next((c for c in be.children if c.dep_ == "ccomp" and c.i > be.i
                         and _that_marked(c)), None)
    return None


def _hearer(cue, c) -> bool:
    """Whether ``c`` is whom a telling cue addresses ("as a senior official told [reporters]",
    "as he told [some of you]"), not what it acts on ("as he described [it]")."""
    return c.dep_ in ("dobj", "dative") and cue.lemma_.lower() in _TELLING and c.lower_ not in ("it", "this", "that")


def _tells_an_audience(cue) -> bool:
    """A telling cue whose object is someone told: a name, a body or an audience ("told a Kyiv news
    site", "told reporters"), not a thing ("the debris tells a different story").

    >>> # "one officer told a Kyiv news site, …": True; "the debris tells a different story": False
    """
    return any(c.dep_ in ("dobj", "dative") and (c.pos_ == "PROPN" or c.ent_type_ in ("ORG", "PERSON", "NORP")
                                                 or c.lemma_.lower() in _AUDIENCES
                                                 or c.lower_ in ("me", "us", "him", "her", "them", "you")) for c in cue.children)


_AUDIENCES = frozenset("reporter journalist site newspaper paper outlet agency lawmaker legislator committee audience "
                       "parliament broadcaster channel radio television interviewer magazine daily".split())


def _names_relative(tok) -> bool:
    """``the cooperation, which he described as a direct threat``, ``…, which Hegseth called a
    threat``, ``…, in what it called a likely breach``: a relative clause whose object is the
    relative pronoun (the noun it hangs on) and whose predicate follows the cue — the source's
    judgement of that noun."""
    kids = list(tok.children)
    return (tok.dep_ == "relcl" and any(c.dep_ == "dobj" and c.lower_ in ("which", "that", "whom") and c.i < tok.i
                                        for c in kids)
            # (or a free relative: "…, in what it called [a likely breach of U.N. sanctions]")
            or any(c.dep_ == "dobj" and c.lower_ == "what" and c.i < tok.i for c in kids)) \
        and any(c.i > tok.i and (c.dep_ in ("oprd", "dobj") or (c.dep_ == "prep" and c.lower_ == "as")) for c in kids)


def _names_something(tok) -> bool:
    """``called climate change a hoax``: an object and a nominal or adjectival predicate after
    the cue (not ``called them on it``)."""
    doc = tok.doc
    kids = [c for c in tok.children if c.i > tok.i]
    return any(c.dep_ == "dobj" for c in kids) and any(
        c.dep_ == "oprd" and (c.pos_ in ("NOUN", "ADJ", "PROPN") or c.tag_ == "VBN")
        and not any(doc[k].text in (":", ";", ".") for k in range(tok.i + 1, c.i)) for c in kids)


def _trim(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    start, end = max(start, lo), min(end, hi)
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    if text.startswith("that ", start) and end - start > 5:
        start += 5
    low = text[start:start + 20].lower()
    for marker in _MARKERS:
        if low.startswith(marker) and end - start > len(marker) + 3:
            # "noted, of course, we have …": the reporter's aside, not what was said
            start += len(marker)
            while start < end and text[start] in " ,":
                start += 1
            break
    return start, end


_MARKERS = ("of course,", "in fact,", "indeed,", "frankly,", "again,", "however,")


def _region(tokens, text: str, lo: int, hi: int) -> tuple[int, int] | None:
    toks = [t for t in tokens if not t.is_space]
    if not toks:
        return None
    s = min(t.idx for t in toks)
    e = max(t.idx + len(t.text) for t in toks)
    s, e = _trim(text, s, e, lo, hi)
    return (s, e) if e - s >= 3 else None


def _split_around(sent_tokens, removed: set[int], text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The larger contiguous run of ``sent_tokens`` not in ``removed``, as a char region."""
    runs: list[list] = []
    cur: list = []
    for t in sent_tokens:
        if t.i in removed or t.is_space:
            if cur:
                runs.append(cur)
                cur = []
            continue
        cur.append(t)
    if cur:
        runs.append(cur)
    best = None
    for run in runs:
        r = _region(run, text, lo, hi)
        if r and (best is None or r[1] - r[0] > best[1] - best[0]):
            best = r
    return best


# "did not want to be quoted / named / identified": the reporter's convention, not a stance
_ANONYMITY = {"quote", "name", "identify", "speak", "comment", "discuss"}
_OWN_NAME = {"name", "surname", "identity"}  # ("declined to give her surname")
_TAIL_DEPS = {"advcl", "relcl", "acl", "appos", "npadvmod"}
# Prepositional phrases on a cue that tell when or where it was said, not what
# (``blasted X as a “disgrace” during an interview``, ``called for Y in a statement``).
_CIRCUMSTANCE = {"during", "at", "after", "before", "since", "while", "amid", "despite", "throughout", "in",
                 "outside", "inside", "near", "across", "around", "following"}


_CIRCUMSTANCE_MARKS = {"because", "after", "when", "while", "as", "since", "although", "though", "before",
                       "until", "whereas", "once"}


def _noun_clause(noun):
    """The ``that`` clause a noun carries (``the common understanding [that the root cause
    lies in …]``, ``the fact [that …]``), or None."""
    for c in noun.children:
        if c.i > noun.i and c.dep_ in ("acl", "ccomp", "relcl") and c.pos_ in ("VERB", "AUX") and _that_marked(c) \
                and any(x.dep_ in ("nsubj", "nsubjpass", "expl") for x in c.children):
            return c
    return None


_CLAUSE_STARTS = {"which", "who", "whom", "whose", "while", "whereas", "but", "although", "though", "because",
                  "as", "after", "before", "when", "since", "despite", "amid"}


_TITLES = {"minister", "president", "secretary", "ambassador", "chancellor", "premier", "envoy", "leader",
           "spokesman", "spokeswoman", "spokesperson", "commander", "general", "chairman", "governor"}
_WH = {"how", "whether", "what", "why", "when", "where", "who", "which"}


def _same_subject_sequel(clause, region, sent, text: str, lo: int, hi: int):
    """``said we need to follow X, and, most importantly, we need to coordinate Y``: a clause
    right after the reported one, with the same pronoun subject, continues the report even
    where the parser hung it on another verb."""
    if region is None:
        return region
    subj = next((c for c in clause.children if c.dep_ == "nsubj" and c.pos_ == "PRON"), None)
    if subj is None:
        return region
    doc = clause.doc
    k = next((t.i for t in doc[sent.start:sent.end] if t.idx >= region[1]), sent.end)
    lead = 0
    while k < sent.end and (doc[k].is_punct and doc[k].text in (",", "—", "–") or doc[k].dep_ in ("cc", "advmod")
                            or doc[k].pos_ == "ADV") and lead < 6:
        k += 1
        lead += 1
    if lead == 0 or k >= sent.end or doc[k].lower_ != subj.lower_ or doc[k].dep_ != "nsubj":
        return region
    if not any(doc[j].lower_ in ("and", "but") for j in range(k - lead, k)):
        return region
    last = doc[max(t.i for t in doc[k].head.subtree)]
    _, end = _trim(text, region[0], last.idx + len(last.text), lo, hi)
    return (region[0], end) if end > region[1] else region


def _object_to_clause_end(obj, sent, text: str, lo: int, hi: int, dash_and: bool = False) -> tuple[int, int] | None:
    """A diplomatic speech act's object with everything that follows it in its clause
    (``extended [deep sympathy and support to Kim, president of …, and all the people as
    regards the damage], expressing …``): read left to right, since the parser often hangs
    the recipients and the occasion elsewhere. Stops at a dash, a semicolon or colon, or a
    comma that opens another clause (``, expressing …``, ``, which …``, ``, saying …``)."""
    doc = obj.doc
    start = min(obj.left_edge.i, obj.i)
    end = start
    for k in range(start, sent.end):
        t = doc[k]
        if dash_and and t.text in ("—", "–", "--") and k + 1 < sent.end and doc[k + 1].lower_ == "and":
            continue  # "how extraordinary this — and how important …": one clause, restarted
        if t.text in (";", ":", "—", "–", "--", "(", "."):
            break
        if t.text == "," and k + 1 < sent.end:
            nxt = doc[k + 1]
            if nxt.tag_ == "VBG" or nxt.lower_ in _CLAUSE_STARTS or nxt.text in _CLOSERS:
                break
            if nxt.dep_ in ("nsubj", "nsubjpass") and nxt.head.i > k:
                break  # "Extending thanks to X for …, [he] said …": the main clause
        end = k
    return _region(list(doc[start:end + 1]), text, lo, hi)


_WHEN_MARKS = {"when", "after", "before", "until"}


def _another_source(tail) -> bool:
    """Whether a trailing phrase holds a cue of its own ("…, calling for …", "…, which U.S.
    officials believe produces shells"): somebody's act or belief, not more of the words."""
    return cue_group(tail) not in (None, "cognition") or any(
        cue_group(x) is not None and any(c.dep_ == "nsubj" and c.lower_ not in ("which", "that", "who") for c in x.children)
        for x in tail.subtree)


def _content_subtree(head, circumstance: bool = False, before_cue: bool = False) -> list:
    """``head``'s subtree without comma-separated trailing clauses (``, which …``,
    ``, arguing that …``, ``, although …``), which the source did not say. Words before a
    trailing cue are all the source's (``… in Kursk, clearing mines, the agency said``), and
    so is when the reported event happened (``… heaviest early last year, when North Korean
    units advanced …``)."""
    doc = head.doc
    drop: set[int] = set()
    for t in head.subtree:
        if t.i in drop or t.i <= head.i:
            continue
        if t.dep_ in _TAIL_DEPS and t.left_edge.i > 0 and (before_cue and not _another_source(t) or t.dep_ == "advcl" and any(
                c.dep_ in ("mark", "advmod") and c.lower_ in _WHEN_MARKS and c.i < t.i for c in t.children)):
            continue
        if t.dep_ in _TAIL_DEPS and t.left_edge.i > 0:
            before = doc[t.left_edge.i - 1]
            if t.dep_ == "appos" and t.pos_ == "PROPN" and t.head.pos_ == "PROPN" and t.head.lower_ in _TITLES:
                continue  # "a newly elected Prime Minister, Ishiba": the name belongs to the words
            if t.dep_ == "appos" and t.head.pos_ == "PROPN" and t.head.ent_type_ == "PERSON" and t.head.i != head.i \
                    and t.right_edge.i + 2 < head.right_edge.i and doc[t.right_edge.i + 1].text == ",":
                continue  # "talks between … Kim Jong Un, general secretary of …, and …": who the words name
            if before.text in (",", "—", "–", "-", "--", ";"):
                drop.update(x.i for x in t.subtree)
                drop.add(before.i)
        elif circumstance and t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _CIRCUMSTANCE_MARKS
                                                        for c in t.children):
            # "condemned the launch [as Pyongyang fired …]", "urged X to act [after hackers …]"
            drop.update(x.i for x in t.subtree)
        elif t.dep_ == "conj" and t.pos_ == "VERB" and (t.tag_ != "VBN" or _active_vbn(t)) \
                and cue_group(t) in ("speech", "directive") \
                and not any((c.dep_ == "mark" and c.lower_ == "that") or c.tag_ == "MD" for c in t.children) \
                and not (t.tag_ == "VB" and t.head.tag_ == "VB" and not any(c.dep_ == "ccomp" for c in t.children)):
            # "said [she would stay] and warned …": the next report is not part of this content
            # (but "will fully support and encourage …", "to expose and counter …": two verbs of one
            # infinitive or modal, unless the second reports a clause: "to release X or explain how …")
            drop.update(x.i for x in t.subtree)
            cc = [c.i for c in t.head.children if c.dep_ == "cc" and c.i < t.i]
            drop.update(cc[-1:])  # the "and" before it, not an earlier one ("moved and encouraged")
    mark = next((c for c in head.children if c.dep_ == "mark" and c.lower_ == "that" and c.i < head.i), None)
    for c in head.children:
        if mark is not None and c.dep_ == "advcl" and c.tag_ == "VBG" and c.right_edge.i < mark.i:
            # "said, citing security concerns, that he would not comment": the aside before "that"
            drop.update(x.i for x in c.subtree)
            drop.update(x.i for x in head.children if x.dep_ == "punct" and x.i < mark.i)
    if mark is not None and mark.i > 0 and doc[mark.i - 1].text == ",":
        # "said in its first report, [in May 2025,] that Russia had …": a time set off before "that"
        # that the parser hung inside the clause is when it was said
        drop.update(t.i for t in head.subtree if t.i < mark.i)
    kept = [t for t in head.subtree if t.i not in drop]
    if kept and kept[-1].dep_ == "cc" and kept[-1].i + 1 < len(doc) and doc[kept[-1].i + 1].pos_ in ("VERB", "AUX") \
            and not any(c.dep_ == "conj" for c in kept[-1].head.children if c.i > kept[-1].i):
        # "that the South … of taking the soldiers and [called them …]": the parser hung the "and" of
        # the cue's next verb on the report's last word
        kept.pop()
    return kept


def _best_run(tokens, text: str, lo: int, hi: int, near: int | None = None) -> tuple[int, int] | None:
    """The longest run of consecutive tokens (by index) among ``tokens``, as a char region;
    with ``near`` (the cue's token index), the run that starts right after the cue when there
    is one (``Carson said he saw no need …, telling X that “…”``: the clause next to the cue,
    not the longer tail left after a dropped aside)."""
    toks = sorted((t for t in tokens if not t.is_space), key=lambda t: t.i)
    runs: list[list] = []
    for t in toks:
        if runs and t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    if near is not None:
        for run in runs:
            if 0 < run[0].i - near <= 2:
                r = _region(run, text, lo, hi)
                if r:
                    return r
    best = None
    for run in runs:
        r = _region(run, text, lo, hi)
        if r and (best is None or r[1] - r[0] > best[1] - best[0]):
            best = r
    return best


def _agent_noun_frame(tok, sent, para_lo: int, para_hi: int, text: str) -> Frame | None:
    """``a recognition among the three leaders that …``, ``the view by both sides that …``: the
    holder follows the noun after ``by`` or ``among``; the content is the ``that`` clause, hung
    on the noun or (a frequent misparse) on the holder."""
    prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "among") and c.i == tok.i + 1), None)
    holder = next((x for x in prep.children if x.dep_ == "pobj" and x.pos_ in ("NOUN", "PROPN")), None) \
        if prep is not None else None
    if holder is None or not (para_lo <= holder.idx < para_hi):
        return None
    doc = tok.doc
    mark = next((t for t in doc[holder.i + 1:min(sent.end, holder.i + 3)] if t.lower_ == "that"), None)
    if mark is None:
        return None
    clause = next((c for c in (*tok.children, *holder.children) if c.dep_ in ("acl", "relcl", "ccomp")
                   and c.i > mark.i and c.left_edge.i <= mark.i + 1), None)
    if clause is None:
        return None
    region = _object_to_clause_end(doc[mark.i + 1], sent, text, para_lo, para_hi)
    if region is None:
        return None
    src = [t for t in holder.subtree if t.i < mark.i and not t.is_space] or [holder]
    return Frame(tok.idx, tok.idx + len(tok.text), tok.i, holder, src, region, "speech", "cognition",
                 sent_start=sent.start_char, sent_end=sent.end_char, lemma=tok.lemma_.lower())


def _noun_frame(tok, sent, para_lo: int, para_hi: int, text: str) -> Frame | None:
    """``X’s claim that …``, ``his criticism of …``: the possessor holds the content."""
    poss = next((c for c in tok.children if c.dep_ == "poss" and c.i < tok.i), None)
    if poss is None:
        return _agent_noun_frame(tok, sent, para_lo, para_hi, text)
    if not (para_lo <= poss.idx < para_hi) or poss.lower_ in ("its", "my", "our", "your"):
        return None
    content = None
    for c in tok.children:
        if c.i <= tok.i:
            continue
        if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ in ("that", "whether") for m in c.children):
            content = c
            break
        if c.dep_ == "prep" and c.lower_ in CLAIM_PREPS and tok.lemma_.lower() in CLAIM_PREP_NOUNS:
            content = next((x for x in c.children if x.dep_ in ("pobj", "pcomp") and x.ent_type_ not in ("DATE", "TIME")), None)
            if content is not None:
                break
    if content is None:
        return None
    region = _best_run(_content_subtree(content), text, para_lo, para_hi)
    if region is None:
        return None
    src = [t for t in poss.subtree if not t.is_space and t.lower_ not in ("’s", "'s", "’", "'")] or [poss]
    return Frame(tok.idx, tok.idx + len(tok.text), tok.i, poss, src, region, "speech", "cognition",
                 sent_start=sent.start_char, sent_end=sent.end_char, lemma=tok.lemma_.lower())


# verbs whose infinitive is what someone wants said, not what was said
_WANTED = frozenset({"expect", "want", "hope", "wish", "like", "urge", "ask", "encourage", "invite", "need"})
_WITHHOLD = frozenset("decline refuse fail".split())  # "declined to confirm that …"


def _withheld(cue) -> bool:
    """Whether the cue says that something was *not* said: negated ("has not confirmed", "never
    said", "did not say whether") or withheld ("declined to confirm", "refused to say"). What
    follows is then no statement of the subject's, and reporting it as one would put words in
    their mouth ("Seoul never said that the troops had been killed").

    >>> # "Peskov did not say whether …": True; "Lavrov said Russia would not …": False
    """
    doc = cue.doc
    for c in cue.children:  # the negation next to the verb, not a "not" of the quote before it
        if c.dep_ == "neg" and cue.i - 3 <= c.i < cue.i and not any(t.is_punct for t in doc[c.i + 1 : cue.i]):
            return True
    if cue.lemma_.lower() in _WITHHOLD:  # the cue is "refused" itself: "refused to say that …"
        return any(c.dep_ == "xcomp" and cue_group(c) is not None for c in cue.children)
    if any(c.dep_ == "xcomp" and c.lemma_.lower() in _IDENTIFYING and any(a.dep_ == "auxpass" for a in c.children)
           for c in cue.children):
        return True  # "He asked to be identified only by his surname": how he is named, no statement
    head = cue.head
    if _asked_about(cue):
        return True  # "Isn't the administration conceding that …?", "Did Lavrov say that …?": a question
    if _unsaid(cue):
        return True  # "no matter what Pyongyang thinks …", "I expect he's going to ask Moscow for …"
    if cue.tag_ == "VB" and cue.dep_ in ("xcomp", "ccomp") and head.lemma_.lower() in _WANTED \
            and any(c.dep_ == "nsubj" for c in head.children):
        return True  # "I'd expect the President to tell Xi that …", "we urge Moscow to say …": not said
    return cue.dep_ == "xcomp" and head.i != cue.i and head.lemma_.lower() in _WITHHOLD


# verbs (and adjectives) whose infinitive is done, not planned: "went on to say", "hastened to
# add", "rushed to declare", "continued to insist", "was quick to point out"
_CARRIED_OUT = frozenset("hasten rush hurry proceed continue quick begin start have".split())  # (+ "had to admit")


def _carried_out(cue) -> bool:
    """Whether an infinitive cue ("to say") was carried out by the verb it completes: "went on
    to say that …", "went so far as to claim that …", "hastened to add that …", "was quick to
    point out" — not "plans to say", "wants to tell", "would say".

    >>> # "She went on to say that …": True; "She plans to say that …": False (tests/nlp)
    """
    head = cue.head
    if cue.dep_ not in ("xcomp", "advcl") or head.i == cue.i:
        return False
    # not negated, hedged or to come: "was not quick to deny", "would be quick to claim", "is
    # unlikely to continue to insist", "may soon begin to argue"
    chain = [head] + ([head.head] if head.dep_ in ("acomp", "xcomp") and head.head.i != head.i else [])
    told = any(c.lower_ == "later" for h in chain for c in h.children)  # "would later go on to say": a story's past
    if any(c.dep_ == "neg" or c.tag_ == "MD" and not (told and c.lower_ == "would") or c.lower_ in ("unlikely", "likely")
           for h in chain for c in h.children) or any(h.lower_ in ("unlikely", "likely") for h in chain):
        return False
    lemma = head.lemma_.lower()
    if lemma == "go":  # "went on to say", "went so far as to claim"
        return any(c.dep_ == "prt" and c.lower_ == "on" for c in head.children) or \
            any(c.dep_ == "advmod" and c.lower_ == "far" for c in head.children)
    if cue.dep_ != "xcomp":
        return False
    return lemma in _CARRIED_OUT  # (for "was quick to point out" the parser hangs it on "quick")


def _cue_subject(cue):
    """The cue's own subject, active or passive (None: it has none)."""
    return next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)


_EXPECTING = frozenset("think expect believe assume suspect predict anticipate imagine guess".split())


def _unsaid(cue) -> bool:
    """Whether ``cue`` names no statement: a concessive or doubted free relative ("no matter what
    [Pyongyang] thinks it is getting", "regardless of what Moscow says", "it is unclear what
    Pyongyang believes it will gain"), a supposition ("if they think that …", "unless Seoul
    says …") or a speech act someone expects in the future ("I think he's going to ask Moscow
    for …", "we expect they will say …").

    >>> # "no matter what Pyongyang thinks …": True; "Pyongyang thinks the talks failed": False
    """
    doc = cue.doc
    subj = _cue_subject(cue)
    if subj is not None and subj.i < cue.i and subj.left_edge.i > 0 and cue.lemma_.lower() not in NAMING_CUES:
        w = doc[subj.left_edge.i - 1]
        before = [t.lower_ for t in doc[max(0, w.i - 2):w.i]]
        if w.lower_ == "whatever" or w.lower_ == "what" and (
                before[-1:] in (["matter"], ["unclear"], ["uncertain"], ["unknown"], ["wonder"])
                or before in (["regardless", "of"], ["irrespective", "of"])):
            return True  # (but "in what Seoul said was a violation …" and "what he called “…”" are their words)
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in cue.children) and not any(
            c.dep_ == "advmod" and c.lower_ == "even" for c in cue.children):
        return True  # "… are seriously mistaken if they think that they can …": a supposition
    future = any(c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ == "to") for c in cue.children)
    return future and any(a.lemma_.lower() in _EXPECTING for a in cue.ancestors)


_IDENTIFYING = frozenset("identify name call know".split())


def _identified_as(subj):
    """The name a described speaker is given in a relative clause: "A former construction worker
    who …, and who asked to be identified by the pseudonym [Kim Chol-su], described …", "a
    resident, identified only as [Park]" → the name's last token; else None."""
    if subj.pos_ != "NOUN":
        return None
    for clause in (c for c in subj.children if c.dep_ in ("relcl", "acl")):
        inside = {x.i for x in clause.subtree}
        for t in clause.subtree:
            if t.ent_type_ == "PERSON" and t.ent_iob_ in ("B", "I") and any(
                    a.lemma_.lower() in _IDENTIFYING for a in t.ancestors if a.i in inside):
                return t.doc[_ent_bounds(t)[1] - 1]
    return None


# the participle of an aside between a speaker and the cue ("Peskov, asked about the shipments, said …")
_ASIDES = frozenset("ask question press speak quote reach contact approach interview".split())

# what remarks or acts are said to show ("the remarks reveal …", "the move shows …"): evidence, not speech
_BETRAYING = frozenset(EVIDENCE_CUES | {"expose", "betray"})
_DEEDS = frozenset("remark word act action move deed behaviour behavior".split())


def _ends_sentence(tok, sent) -> bool:
    """Whether nothing but punctuation follows ``tok``'s clause in ``sent`` ("“…,” as one official
    put it." — not "…, as Lavrov put it, “…,” but officials remain skeptical")."""
    return all(t.is_punct or t.is_space for t in sent if t.i > tok.right_edge.i)


def _had_better(verb) -> bool:
    """Whether ``verb`` is urged with "had better" / "'d better" ("X had better understand that
    …", "they'd better know …"): what the subject is told to grasp, not what it said or thinks.

    >>> # "Seoul had better realize that …": True; "Seoul realized that …": False
    """
    kids = list(verb.children)
    return any(c.dep_ == "aux" and c.lemma_ == "have" for c in kids) and any(
        c.dep_ == "advmod" and c.lower_ in ("better", "best") and c.i < verb.i for c in kids)


def _asked_about(cue) -> bool:
    """Whether ``cue`` is the verb of a yes/no question (its auxiliary before its subject, a
    question mark ending the sentence): "Did Lavrov say that …?" asks whether it was said.

    >>> # "Isn't the administration conceding that Russia …?": True; "Lavrov said that …": False
    """
    subj = _cue_subject(cue)
    if subj is None:
        return False
    inverted = any(c.dep_ in ("aux", "auxpass") and c.i < subj.i for c in cue.children)
    sent = [t for t in cue.sent if not t.is_space]
    # (not "Why did Lavrov say that …?": that takes the saying as given)
    return inverted and "?" in sent[-1].text and sent[0].lower_ not in ("why", "when", "where", "how", "what")


def frames_in_sentence(sent, para_lo: int, para_hi: int, text: str | None = None) -> list[Frame]:
    """All attribution frames of one sentence; regions are clipped to the paragraph.

    Pass the document's text as ``text`` when calling per sentence: ``Doc.text`` is rebuilt
    on every access."""
    if text is None:
        text = sent.doc.text
    frames: list[Frame] = []
    doc = sent.doc
    toks = list(sent)
    n = len(toks)
    for k, tok in enumerate(toks):
        if tok.idx < para_lo or tok.idx >= para_hi:
            continue
        low = tok.lower_
        if low == ACCORDING[0] and k + 1 < n and toks[k + 1].lower_ == ACCORDING[1]:
            to = toks[k + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None or not (para_lo <= pobj.idx < para_hi):
                continue
            removed = {t.i for t in tok.subtree} | {t.i for t in to.subtree}
            sent_toks = [t for t in toks if para_lo <= t.idx < para_hi]
            region = _split_around(sent_toks, removed, text, para_lo, para_hi)
            record = pobj.lemma_.lower()  # (the document named, kept as the frame's lemma)
            pobj = _document_author(pobj) or pobj  # "according to a report by KINU": KINU
            frames.append(Frame(tok.idx, to.idx + len(to.text), tok.i, pobj, _source_tokens(pobj), region,
                                "according", "according", sent_start=sent.start_char, sent_end=sent.end_char,
                                lemma=record))
            continue
        if low == "in" and tok.dep_ == "prep" and (fr := _in_view_frame(tok, toks, para_lo, para_hi, text, sent)) is not None:
            frames.append(fr)
            continue
        if low == "for" and tok.dep_ == "prep" and (fr := _for_source_frame(tok, toks, para_lo, para_hi, text, sent)) is not None:
            frames.append(fr)
            continue
        if tok.lemma_.lower() == "quote" and tok.pos_ == "VERB":
            fr = _quoted_as_frame(tok, sent, para_lo, para_hi, text)
            if fr is not None:
                frames.append(fr)
                continue
        if tok.lower_ == "clear" and tok.head.lemma_ == "make" and tok.head.i < tok.i:
            fr = _made_clear_frame(tok, sent, para_lo, para_hi, text)
            if fr is not None:
                frames.append(fr)
                continue
        if tok.dep_ == "acomp" and tok.lower_ in STANCE_ADJECTIVES:
            fr = _adjective_frame(tok, sent, para_lo, para_hi, text)
            if fr is not None:
                frames.append(fr)
            continue
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in CLAIM_NOUNS:
            fr = _noun_frame(tok, sent, para_lo, para_hi, text)
            if fr is not None:
                frames.append(fr)
                continue
        group = cue_group(tok)
        if group is None or _withheld(tok):
            continue
        if tok.lemma_.lower() == "cite" and tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.i > 0 \
                and tok.doc[tok.i - 1].text == "," and any(c.dep_ == "dobj" and _names_a_source(c) for c in tok.children):
            continue  # ("said, citing the NIS, that …": an aside naming a source, no statement of its own;
            # but "citing a threat to public health" gives the reason said)
        cited = _cited_source(tok) if group == "speech" else None
        if cited is not None and cited[0] is not None:
            # "Lawmakers said, citing the National Intelligence Service, that …": the agency's words,
            # relayed by those who cite it
            source, content = cited
            fr = _frame_over(content, (tok.idx, tok.idx + len(tok.text), tok.i), source, sent, para_lo, para_hi, text,
                             "speech", False, "cite")
            if fr is not None and para_lo <= source.idx < para_hi:
                frames.append(fr)
                continue
        subj = _subject(tok)
        if group == "cognition" and subj is not None and (any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)
                                                          or subj.left_edge.lower_ == "as"):
            continue  # "as many of you know, the President spoke …": an aside to the reader, no one's statement
        if subj is not None and subj.pos_ == "NOUN" and tok.lemma_.lower() in _BETRAYING \
                and subj.lemma_.lower() in _DEEDS and not any(c.dep_ == "poss" for c in subj.children):
            # "Such reckless remarks only reveal the true colours of …": what words show, no speech
            # (but "Zakharova's remarks revealed that …" and "the statement revealed that …" report)
            continue
        if subj is not None and subj.pos_ == "NOUN":
            subj = _document_author(subj) or _our_records(subj) or subj  # "a commentary carried by KCNA said": KCNA
        if subj is not None and not (para_lo <= subj.idx < para_hi):
            # the parser ran a heading into this paragraph: a subject of the cue inside the
            # paragraph ("Answers to media questions / Question: [Kihara] said …"), else the words
            # before the cue
            lead = [t for t in toks[:k] if t.idx >= para_lo and not t.is_space]
            subj = next((c for c in tok.children if c.dep_ == "nsubj" and para_lo <= c.idx < para_hi and c.i < tok.i), None)
            if subj is None and 0 < len(lead) <= 4 and lead[-1].pos_ in ("PROPN", "PRON", "NOUN"):
                subj = lead[-1]
            if subj is None and 0 < len(lead) <= 12:
                # "SEOUL (Reuters) - South Korea's Joint Chiefs of Staff said …": the dateline was
                # parsed as the subject; the one phrase the paragraph opens with is the speaker
                inside = {t.i for t in lead}
                roots = [t for t in lead if t.head.i not in inside]
                if len(roots) == 1 and roots[0].pos_ in ("PROPN", "NOUN"):
                    subj = roots[0]
        src_toks = None
        if (subj is None or subj.i < tok.i - 1) and group == "speech" and tok.tag_ in ("VBD", "VBZ"):
            # "“…,” Police Chief Ann Lee said Monday." with the name misparsed: the name
            # between the closing quotation mark and the cue is the speaker
            lead = []
            j = k - 1
            while j >= 0 and len(lead) <= 8 and toks[j].pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PUNCT", "VERB") \
                    and toks[j].text not in _CLOSERS and toks[j].text not in (".", "!", "?") and toks[j].idx >= para_lo:
                lead.append(toks[j])
                j -= 1
            lead.reverse()
            while lead and lead[0].is_punct:
                lead.pop(0)
            if lead and j >= 0 and (toks[j].text in _CLOSERS or (toks[j].text == "," and j > 0 and toks[j - 1].text in _CLOSERS)) \
                    and not any(t.is_punct for t in lead) and any(t.ent_type_ in ("PERSON", "ORG") for t in lead) \
                    and (subj is None or subj.i < toks[j].i):
                subj = next(t for t in reversed(lead) if t.pos_ in ("PROPN", "NOUN") or t.ent_type_) if any(
                    t.pos_ in ("PROPN", "NOUN") or t.ent_type_ for t in lead) else None
                src_toks = lead
        if tok.tag_ == "VBN":
            fr = _passive_agent_frame(tok, group, sent, para_lo, para_hi, text)
            if fr is not None:
                frames.append(fr)
                continue
        if subj is None:
            continue
        cue_end = tok.idx + len(tok.text)
        prt = next((c for c in tok.children if c.dep_ == "prt" or (c.dep_ == "prep" and c.lower_ in ("for", "on")
                                                                   and tok.lemma_ == "call")), None)
        if prt is not None and prt.i == tok.i + 1:
            cue_end = prt.idx + len(prt.text)
        ccomps = [c for c in tok.children if (c.dep_ == "ccomp" or _that_clause(c, tok)) and para_lo <= c.idx < para_hi
                  and not _describes_speaker(c, subj, tok)]
        if not ccomps and group in ("speech", "directive"):
            # (also under the occasion: "told reporters on a conference call that …")
            heard = [o for o in tok.children if o.dep_ in ("dobj", "dative")] + [
                p for c in tok.children if c.dep_ == "prep" and c.i > tok.i for p in c.children if p.dep_ == "pobj"]
            # (… and down the occasion's own phrases: "said in an emailed response to questions [from
            # Reuters] that …")
            level = heard
            for _ in range(2):
                level = [p for o in level for c in o.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
                heard += level
            ccomps = [c for o in heard for c in o.children if _hearers_that_clause(c) and para_lo <= c.idx < para_hi][:1]
        if not ccomps and group in ("speech", "cognition"):
            ccomps = _that_after_occasion(tok, para_lo, para_hi)
        if not ccomps and group == "speech":
            ccomps = _statement_clause(tok) or _relative_report(tok)
        region = None
        object_only = False
        has_object = False
        if tok.tag_ == "VBN" and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in tok.children) \
                and not (tok.dep_ == "conj" and _active_vbn(tok)) \
                and not ((tok.dep_ == "ROOT" or (subj.pos_ == "PROPN" and tok.dep_ in ("advcl", "conj")))
                         and subj.dep_ == "nsubj" and subj.head == tok
                         and not any(c.dep_ == "auxpass" for c in tok.children)):
            # "Asked about …", "was told": passive, the subject is not the speaker (a finite
            # verb mistagged VBN with its own active subject is not: "Trump tweeted …")
            continue
        if tok.tag_ == "VB" and any(c.dep_ == "aux" and (c.lower_ == "to" or c.tag_ == "MD") for c in tok.children) \
                and group != "directive" and not _carried_out(tok):
            continue  # "to tell", "would say": not a report of something said
        if tok.tag_ == "VB" and _had_better(tok):
            continue  # "The U.S. had better understand that …": an exhortation, not a report
        # (a participle on its speaker, "a spokesman saying …", lies inside the speaker's subtree)
        own = {tok.i} | ({t.i for t in subj.subtree} - {t.i for t in tok.subtree})
        lemma = tok.lemma_.lower()
        topic = None
        if not ccomps:
            if lemma in INTENTION:
                topic = next((c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i and c.pos_ in ("VERB", "AUX")
                              and any(a.lower_ == "to" for a in c.children)
                              and c.lemma_.lower() not in _ANONYMITY
                              and not any(o.dep_ == "dobj" and o.lemma_.lower() in _OWN_NAME for o in c.children)), None)
            if topic is None and lemma in TOPIC_PREPS:
                preps = TOPIC_PREPS[lemma]
                if any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children):
                    preps = preps | {"for", "against"}  # "spoke out against …"
                # "accused the governor of hiding …": the parser often hangs the phrase on the object
                # (or on its last conjunct: "accused Washington and its allies of provoking …")
                objs = [c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i]
                objs += [x for o in objs for x in o.conjuncts if x.i > o.i]
                for c in [*tok.children, *(x for o in objs for x in o.children if x.dep_ == "prep" and x.i == o.i + 1)]:
                    if c.i <= tok.i:
                        continue
                    if c.dep_ == "prt" and c.lower_ == "out":
                        c = next((x for x in c.children if x.dep_ == "prep"), c)
                    if c.dep_ == "prep" and c.lower_ in preps:
                        topic = next((x for x in c.children if x.dep_ in ("pobj", "pcomp")
                                      and not x.like_num and not any(n.dep_ == "nummod" for n in x.children)), None)
                        if topic is not None:
                            break
        if group == "topic" and topic is None:
            continue
        if lemma in EVIDENCE_CUES and group == "cognition" and subj.lemma_.lower() not in EVIDENCE_NOUNS \
                and not (subj.dep_ == "poss" and subj.head.lemma_.lower() in _KNOWN_BY):
            continue  # (but "our data show …")
        after_time = _clause_after_time(tok, text, para_lo, para_hi) if not ccomps and group == "speech" else None
        if after_time is not None:
            region = after_time
        elif topic is not None:
            region = _best_run([t for t in _content_subtree(topic) if t.i not in own], text, para_lo, para_hi)
            if topic.left_edge.lower_ in _WH and topic.left_edge.i > tok.i:
                # "talked about how closely we're working, all three of us, in Asia": a wh-clause
                # runs to the end of its clause, however the parser split it
                region = _object_to_clause_end(topic, sent, text, para_lo, para_hi, dash_and=True) or region
        elif ccomps and (cleft := _cleft_content(tok, ccomps)) is not None:
            # "What is new, said Choi, is that [for the first time …]": what the "what" stands for
            region = _best_run(_content_subtree(cleft), text, para_lo, para_hi)
        elif ccomps:
            span_toks = [t for c in ccomps for t in _content_subtree(c, before_cue=c.i < tok.i) if t.i not in own]
            for c in _clause_sequels(tok, ccomps[-1]):  # (with the "and" that joins them)
                span_toks += [t for t in doc[max(t.i for t in span_toks) + 1:c.left_edge.i]] + _content_subtree(c)
            region = _best_run(span_toks, text, para_lo, para_hi, near=tok.i)
            region = _same_subject_sequel(ccomps[-1], region, sent, text, para_lo, para_hi)
        elif _trailing_conjunct(tok, group):
            # "…, Ambassador Matsegora told TASS" hanging on the content's verb as a conjunct
            own = {t.i for t in tok.subtree}
            region = _split_around([t for t in tok.head.subtree if t.i not in own], set(), text, para_lo, para_hi)
            group = "speech"
        elif group in ("directive", "evaluative"):
            kids = [c for c in tok.children if c.dep_ in _DIRECTIVE_DEPS and c.i > tok.i]
            if group == "directive" and not any(
                    c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "advcl" and any(a.lower_ == "to" for a in c.children))
                    or (c.dep_ == "prep" and c.lower_ in ("for", "on", "upon")) for c in kids):
                kids = []  # "urged X to …", "called for …"; not "told a dispatcher before …"
            kids = [c for k, c in enumerate(kids) if not (c.dep_ == "prep" and (c.lower_ in _CIRCUMSTANCE or (k and c.lower_ == "on")))
                    and not (c.dep_ in _TAIL_DEPS and c.left_edge.i > 0 and doc[c.left_edge.i - 1].text in (",", "—", "–", "--", ";"))]
            kids = [c for c in kids if not (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CIRCUMSTANCE_MARKS
                                                                     for m in c.children))]
            span_toks = [t for c in kids for t in _content_subtree(c, circumstance=True)]
            region = _best_run(span_toks, text, para_lo, para_hi)
            has_object = region is not None and any(c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")
                                                    and region[0] <= c.idx < region[1] for c in kids)
        elif tok.dep_ == "parataxis" or (tok.dep_ in ("ccomp", "advcl") and tok.head.i < tok.i and tok.tag_ != "VBG"
                                          and tok.head.dep_ == "ROOT" and group == "speech"
                                          and not any(c.dep_ == "mark" and c.lower_ in _CIRCUMSTANCE_MARKS
                                                      and not (c.lower_ == "as" and lemma == "put" and _ends_sentence(tok, sent))
                                                      for c in tok.children)
                                          and any(t.text == "," for t in toks[max(0, tok.i - sent.start - 3):tok.i - sent.start]
                                                  + (toks[max(0, tok.left_edge.i - sent.start - 3):tok.left_edge.i - sent.start]
                                                     if lemma == "put" else []))):
            # "…, he said" (or "“…,” as one official put it") hanging on the content's verb
            own = {t.i for t in tok.subtree}
            if lemma == "put":  # (the words before the "as" clause, not what follows it)
                region = _split_around(list(tok.head.subtree), own, text, para_lo, para_hi)
            else:
                span_toks = [t for t in tok.head.subtree if t.i not in own]
                region = _split_around(span_toks, set(), text, para_lo, para_hi)
        elif group == "speech":
            objs = [c for c in tok.children if c.i > tok.i and (c.dep_ in _OBJECT_DEPS or (
                c.dep_ == "prep" and c.lower_ == "as" and any(o.dep_ == "dobj" for o in tok.children)))
                and not (lemma == "put" and c.lower_ == "it")  # ("as one official put it": no content)
                and not (c.dep_ == "npadvmod" and c.ent_type_ in ("DATE", "TIME"))]  # ("said last week")
            span_toks = [t for c in objs for t in c.subtree]
            region = _region(span_toks, text, para_lo, para_hi)
            object_only = region is not None
            if object_only and lemma == "say" and _clause_as_object(tok, objs):
                object_only = False  # "said Tokyo's sanctions against Pyongyang only fuel tensions": a clause
            if object_only and lemma in SPEECH_OBJECT and subj.lower_ not in ("that", "which", "who") \
                    and (tok.tag_ != "VBG" or lemma in DIPLOMATIC_OBJECT) \
                    and any(c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") for c in objs):
                # "noted the clot’s existence", "announced the arrest of …", "expressed thanks for
                # …", "extended sympathy to …": the object is the content; "expressed the belief
                # that …": the clause is
                dobj = next(c for c in objs if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN"))
                clause = _noun_clause(dobj)
                if clause is not None:
                    region = _best_run(_content_subtree(clause), text, para_lo, para_hi) or region
                elif lemma in DIPLOMATIC_OBJECT:
                    region = _object_to_clause_end(dobj, sent, text, para_lo, para_hi) or region
                else:
                    region = _best_run([t for c in objs if c.dep_ in ("dobj", "prep")
                                        for t in _content_subtree(c, circumstance=True)],
                                       text, para_lo, para_hi) or region
                has_object = True
            elif object_only and lemma in ("describe", "characterize", "characterise") and _names_relative(tok):
                has_object = True  # "the cooperation, which he described as [a direct threat]"
                as_ = next(c for c in tok.children if c.i > tok.i and c.dep_ in ("prep", "oprd", "dobj"))
                region = _best_run([t for t in as_.subtree if t.i > as_.i or as_.dep_ != "prep"], text,
                                   para_lo, para_hi) or region
        if group == "speech" and (which_is := _which_is_that(tok)) is not None:
            # "what General Caine said last month, which is that [this is a two-way relationship]"
            region = _best_run(_content_subtree(which_is), text, para_lo, para_hi) or region
            object_only = has_object = False
        if cited is not None:
            region = _best_run(_content_subtree(cited[1]), text, para_lo, para_hi) or region
            object_only = has_object = False
        if group in ("speech", "directive") and lemma in _TELLING and subj.i < tok.i and (
                as_region := _as_reported(tok, text, para_lo, para_hi)) is not None:
            # "As a senior official told reporters last week, [we have not seen …]": the main clause,
            # not whom he told
            region, object_only, has_object, group = as_region, False, False, "speech"
        if region is None and (group == "speech" or group == "directive" and lemma in _TELLING and _tells_an_audience(tok)) \
                and subj.i < tok.i:
            region = _interrupted_clause(tok, subj, sent, text, para_lo, para_hi) \
                or _as_reported(tok, text, para_lo, para_hi)
        if region is None and group in ("cognition", "evaluative", "topic"):
            continue
        frames.append(Frame(tok.idx, cue_end, tok.i, subj, src_toks or _source_tokens(subj), region, "speech", group,
                            object_only, sent.start_char, sent.end_char, lemma=lemma, has_object=has_object,
                            topic=topic is not None and lemma in TOPIC_PREPS,
                            naming=lemma in NAMING_CUES and (_names_something(tok) or _names_relative(tok))))
    return frames


# documents whose author is who says what they say ("according to a report by X")
_DOCUMENTS = frozenset("report study survey analysis assessment paper estimate statement review investigation "
                       "audit memo readout briefing document tally count commentary editorial article".split())
# what a channel does with a document it runs ("a commentary carried by KCNA", "an editorial published by …")
_RUN_BY = frozenset("carry publish release issue run air broadcast print".split())


def _document_author(noun):
    """The author of a document named as a source: "a report by the Korea Institute" → the
    institute, "a readout from the ministry" → the ministry, "a commentary carried by KCNA" →
    KCNA; None for anything else."""
    if noun.lemma_.lower() not in _DOCUMENTS:
        return None
    for c in noun.children:  # "a commentary carried Thursday by KCNA"
        if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in _RUN_BY:
            who = next((x for a in c.children if a.dep_ == "agent" for x in a.children if x.dep_ == "pobj"), None)
            if who is not None and (who.pos_ == "PROPN" or who.ent_type_ in ("ORG", "PERSON", "NORP", "GPE")):
                return who
    for preps in (("by", "from"), ("of",)):  # "a statement of the DPRK Foreign Ministry", not "an assessment of X by Y"
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in preps and c.i > noun.i:
                who = next((x for x in c.children if x.dep_ == "pobj"), None)
                if who is None or preps == ("of",) and who.ent_type_ not in ("ORG", "PERSON"):
                    continue
                if who.pos_ == "PROPN" or who.ent_type_ in ("ORG", "PERSON", "NORP", "GPE") or any(
                        x.pos_ == "PROPN" or x.ent_type_ in ("NORP", "GPE", "ORG") for x in who.children):
                    return who
    return None


# what a speaker's side knows by ("our information indicates that …", "my assessment is …")
_KNOWN_BY = frozenset({"information", "intelligence", "assessment", "understanding", "reporting"}) | EVIDENCE_NOUNS


def _our_records(noun):
    """The speaker for "our information indicates that …", "my assessment shows …": the first-person
    owner ("our"), who is whoever says the sentence; None for anything else."""
    if noun.lemma_.lower() not in _KNOWN_BY:
        return None
    return next((c for c in noun.children if c.dep_ == "poss" and c.lower_ in ("our", "my")), None)


def _trailing_conjunct(tok, group) -> bool:
    """``The treaty has justified itself and has turned into …, Ambassador Matsegora told TASS``:
    a speech cue the parser made a conjunct of the content's verb, with a subject of its own
    right after a comma (not "…, and Putin said …") and no clause of its own."""
    if group not in ("speech", "directive") or tok.dep_ != "conj" or tok.head.i > tok.i or tok.head.dep_ != "ROOT" \
            or tok.tag_ not in ("VBD", "VBZ") or any(c.dep_ in ("ccomp", "xcomp", "cc") for c in tok.children):
        return False
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    doc = tok.doc
    return subj is not None and subj.left_edge.i > 0 and doc[subj.left_edge.i - 1].text == ","


def _passive_agent_frame(tok, group, sent, para_lo: int, para_hi: int, text: str) -> Frame | None:
    """``The plan was criticized by the union``: a stance or report in the passive with a
    ``by`` agent; the agent is the source, the passive subject the content."""
    lemma = tok.lemma_.lower()
    if not (lemma in STANCE_OBJECT or lemma in SPEECH_OBJECT or group in ("speech", "evaluative")):
        return None
    subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    agent = next((c for c in tok.children if c.dep_ == "agent" and c.i > tok.i), None)
    src = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if src is None or not (para_lo <= src.idx < para_hi):
        return None
    if subj is None and group == "speech" and (region := _as_reported(tok, text, para_lo, para_hi)) is not None:
        # "As already clarified by the spokesman …, the cooperation is legitimate": the main clause
        return Frame(tok.idx, agent.idx + len(agent.text), tok.i, src, _source_tokens(src), region, "speech", group,
                     False, sent.start_char, sent.end_char, lemma=lemma)
    if subj is None or lemma == "observe":
        return None  # ("the launch was observed by Kim Jong Un": watched, not remarked on)
    if subj.pos_ == "PRON":
        return None  # "it was criticized by …": what "it" is lies outside the sentence
    region = _best_run(_content_subtree(subj), text, para_lo, para_hi)
    if region is None:
        return None
    return Frame(tok.idx, agent.idx + len(agent.text), tok.i, src, _source_tokens(src), region, "speech", group or "evaluative",
                 True, sent.start_char, sent.end_char, lemma=lemma, has_object=True)


# "In Okafor's view, …", "in his telling", "in her words": the clause is the possessor's
_VIEW_NOUNS = frozenset("view opinion telling estimation assessment words reading judgment judgement account "
                        "analysis estimate".split())


def _in_view_frame(tok, toks, para_lo: int, para_hi: int, text: str, sent) -> Frame | None:
    """``In Okafor's view, China wants …``: the clause the phrase opens is the possessor's view,
    like ``according to Okafor``. Only a phrase that opens its clause, with a possessor that is a
    name or a personal pronoun (not "in the government's view of X", "in our view" is the author's)."""
    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.lemma_.lower() not in _VIEW_NOUNS or any(c.dep_ == "prep" for c in pobj.children):
        return None
    poss = next((c for c in pobj.children if c.dep_ == "poss"), None)
    if poss is None or not (poss.pos_ == "PROPN" or poss.lower_ in ("his", "her", "their")):
        return None
    head = tok.head
    if head.pos_ not in ("VERB", "AUX") or tok.i > head.i or not (para_lo <= poss.idx < para_hi):
        return None
    return _view_over(tok, pobj, poss, _view_clause(head), para_lo, para_hi, text, sent)


def _for_source_frame(tok, toks, para_lo: int, para_hi: int, text: str, sent) -> Frame | None:
    """``For Baek, the policy implication is uncomfortable.``: a sentence that opens with "For" and
    a person's name reads the clause as that person's view — an expert of the analysis genre. The
    frame's lemma is "for": attribution keeps it only for an analyst, an official quoted before or
    a source introduced there ("For Kang, a former official …, …", ``attribution._for_a_source``);
    "For Putin, the deal is a lifeline" is the author's reading of Putin's interests.

    >>> # "For Baek, the policy implication is uncomfortable.": Baek's view (Baek a senior fellow)
    """
    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    head = tok.head
    if pobj is None or pobj.pos_ != "PROPN" or tok.i != sent.start or (head.dep_ != "ROOT" and _view_clause(head) is head) \
            or head.pos_ not in ("VERB", "AUX") or not (para_lo <= pobj.idx < para_hi) \
            or any(c.dep_ == "prep" for c in pobj.children):  # (the tagger may call a surname a place)
        return None
    return _view_over(tok, pobj, pobj, _view_clause(head), para_lo, para_hi, text, sent, lemma="for")


def _view_clause(head):
    """The clause a view opens: ``head``'s, or the sentence's when the parser hung it as a
    complement of what follows a semicolon or colon ("In her view, Russia does not need …; the war
    itself has become …", "In her view, the regime is dead: Russia killed it": both halves are the
    view)."""
    up = head.head
    if head.dep_ == "ccomp" and up.dep_ == "ROOT" and up.i > head.i \
            and any(c.dep_ == "punct" and c.text in (";", ":") and head.i < c.i < up.i for c in up.children):
        return up
    return head


def _view_over(tok, pobj, src, head, para_lo: int, para_hi: int, text: str, sent, lemma: str = "") -> Frame | None:
    """The "according" frame of a phrase ``tok`` … ``pobj`` that opens the clause of ``head`` and
    names its source ``src`` ("In Okafor's view, …", "For Baek, …")."""
    removed = {t.i for t in tok.subtree}
    clause = [t for t in head.subtree if para_lo <= t.idx < para_hi]
    region = _split_around(clause, removed, text, para_lo, para_hi)
    if region is None:
        return None
    return Frame(tok.idx, pobj.idx + len(pobj.text), tok.i, src, _source_tokens(src), region, "according", "according",
                 sent_start=sent.start_char, sent_end=sent.end_char, lemma=lemma)


def _quoted_as_frame(tok, sent, para_lo: int, para_hi: int, text: str) -> Frame | None:
    """``Kim was quoted by KCNA as saying that …``, ``KCNA quoted Kim as saying …``, ``“…,” Kim was
    quoted as saying by KCNA``: the words are the quoted person's (the passive subject or the
    object), not the channel's; the content is the clause of the speech verb after *as*, or the
    quotation before, or what that verb acts on (``quoted Putin as thanking Kim for …``)."""
    as_ = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > tok.i), None)
    say = next((c for c in as_.children if c.dep_ in ("pcomp", "pobj") and c.tag_ == "VBG"), None) if as_ is not None else None
    if as_ is None:  # "KCNA quoted a spokesman saying …": the participle hangs on the one quoted
        obj = next((c for c in tok.children if c.dep_ == "dobj" and c.i > tok.i), None)
        say = next((c for c in obj.children if c.dep_ == "acl" and c.tag_ == "VBG" and c.i > obj.i), None) \
            if obj is not None else None
        if say is None and any(c.dep_ == "nsubjpass" for c in tok.children):
            # "Kim was quoted by KCNA over the weekend saying …": the participle hangs on "quoted"
            say = next((c for c in tok.children if c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG" and c.i > tok.i), None)
        as_ = say
    if say is None or cue_group(say) is None:
        return None
    src = next((c for c in tok.children if c.dep_ == "nsubjpass"), None) or next(
        (c for c in tok.children if c.dep_ == "dobj" and c.i < as_.i), None)
    if src is None or not (para_lo <= src.idx < para_hi):
        return None
    content = next((c for c in say.children if c.dep_ == "ccomp" or _that_clause(c, say)), None) \
        or next((c for c in tok.children if c.dep_ == "ccomp" and c.i < src.i), None)
    cue = (tok.idx, say.idx + len(say.text), say.i)
    if content is not None:
        return _frame_over(content, cue, src, sent, para_lo, para_hi, text, cue_group(say), False, say.lemma_.lower())
    acted = [t for c in say.children if c.dep_ in ("dobj", "prep", "oprd") and c.i > say.i for t in c.subtree]  # ("as calling it “…”")
    region = _best_run(acted, text, para_lo, para_hi) if acted else None
    return Frame(cue[0], cue[1], cue[2], src, _source_tokens(src), region, "speech", cue_group(say),
                 False, sent.start_char, sent.end_char, lemma=say.lemma_.lower(), has_object=bool(acted))


def _made_clear_frame(tok, sent, para_lo: int, para_hi: int, text: str) -> Frame | None:
    """``The Secretary made clear that …``, ``he made it clear that …``: a statement; the subject of
    *make* is the source, the clause that follows *clear* the content (the parser hangs it on
    *clear* as a clausal subject, complement or adverbial)."""
    make = tok.head
    if _withheld(make) or make.tag_ not in ("VBD", "VBZ", "VBP", "VBN") or (
            make.dep_ in ("ccomp", "xcomp") and make.head.lemma_.lower() in _WANTED | {"see", "hear", "watch", "let"}):
        return None  # not "will make clear", "you'll see the leaders make clear": not said yet
    subj = next((c for c in make.children if c.dep_ == "nsubj"), None)
    if subj is None or not (para_lo <= subj.idx < para_hi) or not (
            subj.pos_ == "PROPN" or subj.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
            or subj.lower_ in ("i", "we", "he", "she", "they") or subj.lemma_.lower() in TITLE_WORDS):
        return None  # a speaker, not "the move made clear that …"
    content = next((c for c in list(tok.children) + [c for c in make.children if c.dep_ == "ccomp"]
                    if c.i > tok.i and c.dep_ in ("ccomp", "csubj", "advcl")
                    and (_that_marked(c)
                         # ("has made it clear he wants to meet Kim again": a clause with its own subject right after)
                         or c.left_edge.i == tok.i + 1 and any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children)
                         and not any(m.dep_ == "mark" for m in c.children))), None)
    cue = (make.idx, tok.idx + len(tok.text), make.i)
    if content is None:
        # "as the President has repeatedly made clear, [the government remains open to dialogue]"
        return _region_frame(_as_reported(make, text, para_lo, para_hi), cue, subj, sent, "speech", False, "make clear")
    return _frame_over(content, cue, subj, sent, para_lo, para_hi, text, "speech", False, "make clear")


def _frame_over(content, cue, subj, sent, para_lo, para_hi, text, group, object_only, lemma, has_object=False):
    """The speech frame whose content is the clause or phrase ``content`` (None: no content, or
    none inside the paragraph); ``cue`` is (start, end, token index) of the cue words."""
    if content is None:
        return None
    region = _best_run(_content_subtree(content), text, para_lo, para_hi)
    return _region_frame(region, cue, subj, sent, group, object_only, lemma, has_object)


def _region_frame(region, cue, subj, sent, group, object_only, lemma, has_object=False):
    """The speech frame of ``subj`` over the characters ``region`` (None: none); ``cue`` is
    (start, end, token index) of the cue words."""
    if region is None:
        return None
    return Frame(cue[0], cue[1], cue[2], subj, _source_tokens(subj), region, "speech", group,
                 object_only, sent.start_char, sent.end_char, lemma=lemma, has_object=has_object)


def _adjective_frame(tok, sent, para_lo: int, para_hi: int, text: str) -> Frame | None:
    """``Graham has been critical of Trump``, ``aides were coy about whether …``, ``he is
    confident that …``: a stance adjective after a copula; its subject is the source, its
    prepositional object or clause the content."""
    cop = tok.head
    if cop.lemma_ not in ("be", "remain", "become", "seem", "appear", "grow", "sound"):
        return None
    subj = next((c for c in cop.children if c.dep_ == "nsubj"), None)
    if subj is None or not (para_lo <= subj.idx < para_hi) or subj.lower_ in ("it", "this", "that", "which", "there"):
        return None
    preps = STANCE_ADJECTIVES[tok.lower_]
    content = None
    for c in tok.children:
        if c.i <= tok.i:
            continue
        if c.dep_ == "prep" and c.lower_ in preps:
            content = next((x for x in c.children if x.dep_ in ("pobj", "pcomp")), None)
        elif c.dep_ == "ccomp" and "that" in preps:
            content = c
        if content is not None:
            break
    if content is None and "that" in preps:
        # "The President has been clear that he's open to diplomacy": the clause hung on the copula
        content = next((c for c in cop.children if c.dep_ == "ccomp" and c.i > tok.i
                        and _that_marked(c)), None)
    doc = tok.doc
    cue = (tok.idx, tok.idx + len(tok.text), tok.i)
    if content is None and "that" in preps and tok.i + 2 < sent.end and doc[tok.i + 1].text == ":":
        # "The President has been very clear: he wants this war to end": what follows the colon
        region = _region([t for t in doc[tok.i + 2:sent.end] if not t.is_space], text, para_lo, para_hi)
        return _region_frame(region, cue, subj, sent, "stance", True, tok.lower_, has_object=True)
    return _frame_over(content, cue, subj, sent, para_lo, para_hi, text, "stance", True, tok.lower_, has_object=True)
