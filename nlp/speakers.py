"""Speaker entities: who a mention (name, alias, title, pronoun, organisation, group) refers to.

Entities are built in text order from the parse (``register_sentence``) so that a bare
surname binds to the person named in full *before* it, and the binding sticks: in a story
about Kim Yong-hyun that later mentions Kim Jong Un, ``Kim`` stays Kim Yong-hyun.

Canonical name = the longest full form seen (``Lloyd J. Austin III``); aliases = every other
form a quote was attributed through (``Austin``, ``Lloyd``, ``South Korea’s defense minister``).
Role descriptions resolve to the person whose title words contain the description's words
(``South Korea’s Minister of National Defense Kim Yong-hyun`` ← ``South Korea’s defense
minister``). Pronouns resolve to the most recent person subject or speaker.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from .names import mention_name

NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v"}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sen", "sen.", "rep", "rep.",
              "gov", "gov.", "gen", "gen.", "prof", "prof.", "rev", "rev.", "lt", "lt.", "col",
              "col.", "sgt", "sgt.", "capt", "capt."}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
PLURAL_PRONOUNS = {"they", "them", "we", "us"}
SELF_PRONOUNS = {"i", "me", "you"}
_POSSESSIVE = {"his": "he", "her": "she", "their": "they", "its": "it", "my": "i", "our": "we", "your": "you"}
THING_PRONOUNS = {"it", "this", "that", "which", "who", "what", "these", "those", "one", "there"}
ROLE_STOP = {"the", "a", "an", "’s", "'s", "of", "and", "for", "’", "'", "former", "then", "current"}
TITLE_WORDS = {
    "president", "secretary", "minister", "senator", "sen.", "governor", "gov.", "representative",
    "rep.", "spokesman", "spokeswoman", "spokesperson", "director", "chief", "chairman",
    "chairwoman", "chair", "leader", "ambassador", "general", "gen.", "mayor", "judge", "justice",
    "attorney", "candidate", "nominee", "speaker", "official", "officer", "adviser", "advisor",
    "aide", "manager", "head", "commander", "premier", "chancellor", "king", "queen", "prince",
    "professor", "analyst", "author", "founder", "ceo", "executive", "deputy", "vice", "press",
    "campaign", "running", "mate", "strategist", "pollster", "lawyer", "defense", "foreign",
    "state", "national", "security", "white", "house", "u.s.", "former", "democratic",
    "republican", "gop", "party",
}


@dataclass
class Entity:
    key: int
    name: str
    kind: str  # person | organization | group | unknown
    names: list[list[str]] = field(default_factory=list)  # normalised name token lists
    title_words: set[str] = field(default_factory=set)
    forms: list[str] = field(default_factory=list)  # mention texts, first seen first
    speaker_id: str | None = None
    quotes: int = 0
    last_pos: int = -1

    def add_form(self, form: str) -> None:
        form = form.strip()
        if form and "\n" not in form and form not in self.forms:
            self.forms.append(form)


def _name_tokens(tokens) -> list[str]:
    out = []
    for t in tokens:
        w = t.text.strip()
        lw = w.lower()
        if not w or lw in ("’s", "'s", "’", "'") or t.is_punct and w not in (".",):
            continue
        if lw in HONORIFICS:
            continue
        out.append(w)
    while out and out[-1].lower().strip(".,") in NAME_SUFFIXES and len(out) > 1:
        out.pop()
    return [w for w in out if w not in (".", "/")]


def _compatible(a: list[str], b: list[str]) -> bool:
    """Whether two normalised person names can denote the same person."""
    if not a or not b:
        return False
    la = [w.lower().strip(".") for w in a]
    lb = [w.lower().strip(".") for w in b]
    if la == lb:
        return True
    if len(la) == 1:
        return la[0] in (lb[0], lb[-1])
    if len(lb) == 1:
        return lb[0] in (la[0], la[-1])
    return la[0] == lb[0] and la[-1] == lb[-1]


class Resolver:
    """Entity table for one document, filled in text order."""

    def __init__(self, doc, text: str | None = None):
        self.doc = doc
        self.text = doc.text if text is None else text
        self.entities: list[Entity] = []
        self.by_token: dict[int, Entity] = {}  # token index → person entity mentioned there
        self.bound: dict[str, Entity] = {}  # single-token alias → entity it was bound to
        self.last_person: Entity | None = None
        self.last_group: Entity | None = None
        self.by_key: dict[str, Entity] = {}  # lower-cased org/group/unknown key → entity
        self._pending_subject: Entity | None = None
        self._ent_at: dict[int, object] = {}
        self._persons: list = []  # PERSON entity spans in text order (Span.ents is O(doc))
        for ent in doc.ents:
            for t in range(ent.start, ent.end):
                self._ent_at[t] = ent
            if ent.label_ == "PERSON":
                self._persons.append(ent)
        self._person_starts = [e.start for e in self._persons]

    # ----------------------------------------------------------------- persons
    def _person_span(self, ent):
        """The PERSON entity span widened over given names the tagger left out (``Lloyd J.``)."""
        doc = self.doc
        start, end = ent.start, ent.end
        while start > 0:
            t = doc[start - 1]
            if t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in TITLE_WORDS \
                    and t.lower_ not in HONORIFICS and (start - 1) not in self._ent_at and t.ent_type_ == "":
                start -= 1
            else:
                break
        while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("’s", "'s")):
            end -= 1
        return start, end

    def _title_words(self, start: int, end: int) -> set[str]:
        doc = self.doc
        words: set[str] = set()
        i = start - 1
        n = 0
        while i >= 0 and n < 8:
            t = doc[i]
            if t.is_punct and t.text not in ("’s", "'s"):
                break
            if t.pos_ in ("VERB", "AUX", "DET", "CCONJ", "SCONJ", "PRON") or t.text == "\n" or t.is_space:
                break
            if t.pos_ == "ADP" and t.lower_ != "of":
                break
            if t.lower_ not in ROLE_STOP:
                words.add(t.lemma_.lower())
            i -= 1
            n += 1
        head = doc[end - 1]
        for child in head.children:
            if child.dep_ == "appos":
                for t in child.subtree:
                    if t.lower_ not in ROLE_STOP and not t.is_punct and t.pos_ in ("NOUN", "PROPN", "ADJ"):
                        words.add(t.lemma_.lower())
        return words

    def _new(self, name: str, kind: str) -> Entity:
        e = Entity(len(self.entities), name, kind)
        self.entities.append(e)
        return e

    def person(self, tokens, pos: int) -> Entity:
        """The person entity a name (token list) refers to, creating it if new."""
        name = _name_tokens(tokens)
        text = " ".join(name)
        candidates = [e for e in self.entities if e.kind == "person" and any(_compatible(name, n) for n in e.names)]
        ent: Entity | None = None
        if len(name) == 1:
            key = name[0].lower()
            bound = self.bound.get(key)
            if bound is not None and bound in candidates:
                ent = bound
            elif candidates:
                ent = max(candidates, key=lambda e: (e.quotes > 0, e.last_pos))
            if ent is not None:
                self.bound.setdefault(key, ent)
        elif candidates:
            ent = max(candidates, key=lambda e: (e.quotes > 0, e.last_pos))
        full = self.text[tokens[0].idx:tokens[-1].idx + len(tokens[-1].text)]
        full = full.strip(" ,’'").removesuffix("’s").removesuffix("'s").strip()
        if ent is None:
            ent = self._new(full if len(name) > 1 else text, "person")
        if name not in ent.names:
            ent.names.append(name)
        if len(full) > len(ent.name) and len(name) > 1:
            ent.name = full
        ent.last_pos = pos
        return ent

    def register_sentence(self, sent) -> None:
        """Record the people named in ``sent`` (full names, aliases, their titles)."""
        seen = set()
        lo = bisect_left(self._person_starts, sent.start)
        hi = bisect_left(self._person_starts, sent.end)
        for ent in self._persons[lo:hi]:
            if ent.start in seen:
                continue
            start, end = self._person_span(ent)
            if end <= start:
                continue
            tokens = [self.doc[i] for i in range(start, end)]
            if not _name_tokens(tokens):
                continue
            e = self.person(tokens, start)
            e.title_words |= self._title_words(start, end)
            for i in range(start, end):
                self.by_token[i] = e
                seen.add(i)
            if any(self.doc[i].dep_ in ("nsubj", "nsubjpass") for i in range(start, end)):
                self._pending_subject = e

    def commit_sentence(self) -> None:
        """After a sentence's frames: its person subject becomes the pronoun antecedent."""
        if self._pending_subject is not None:
            self.last_person = self._pending_subject
            self._pending_subject = None

    # ----------------------------------------------------------------- mentions
    def resolve(self, head, span_tokens) -> tuple[Entity, str] | None:
        """(entity, how) for a speaker mention headed by ``head``; how is one of
        ``name``, ``alias``, ``role``, ``pronoun``, ``organization``, ``group``, ``unknown``."""
        low = head.lower_
        if low in ("who", "that", "which") and head.head.dep_ == "relcl" and head.head.head != head:
            # "…, who said …": the relative pronoun stands for the noun the clause hangs on
            ante = head.head.head
            if ante.pos_ in ("PROPN", "NOUN"):
                toks = [t for t in ante.subtree if t.i <= ante.i and not t.is_punct and not t.is_space]
                res = self.resolve(ante, toks or [ante])
                if res is not None:
                    return res[0], "pronoun"
            return None
        if low in ("those", "others", "many", "some", "one", "most", "half", "few") and head.dep_ == "nsubj" \
                and not any(c.dep_ == "det" for c in head.children) and any(
                c.dep_ in ("amod", "acl", "relcl", "prep") and c.i > head.i for c in head.children):
            # "those close to him", "one in four voters", "many in the party": a group (not "the one who …")
            words = [t for t in head.subtree if not t.is_punct and not t.is_space][:8]
            e = self._keyed(" ".join(t.lower_ for t in words), mention_name(words, head), "group")
            self.last_group = e
            return e, "group"
        if head.dep_ == "poss":
            low = _POSSESSIVE.get(low, low)  # "his claim that …" → he
        if head.pos_ == "PRON" or low in PERSON_PRONOUNS | PLURAL_PRONOUNS | SELF_PRONOUNS | THING_PRONOUNS:
            if low in PERSON_PRONOUNS:
                if self.last_person is not None:
                    return self.last_person, "pronoun"
                return self._keyed(head.text.lower(), head.text, "unknown"), "pronoun"
            if low in PLURAL_PRONOUNS:
                if self.last_group is not None:
                    return self.last_group, "pronoun"
                return self._keyed(low, head.text, "group"), "pronoun"
            if low in SELF_PRONOUNS:
                return None
            if low == "it" and self.last_group is not None and self.last_group.kind == "organization":
                return self.last_group, "pronoun"
            return None
        # a person named inside the mention
        for t in span_tokens:
            e = self.by_token.get(t.i)
            if e is not None:
                n = sum(1 for x in span_tokens if self.by_token.get(x.i) is e and not x.is_punct)
                how = "name" if n >= 2 else "alias"
                return e, how
        if head.pos_ == "PROPN":
            names = [t for t in span_tokens if t.pos_ == "PROPN" and t.text[:1].isupper()]
            name = _name_tokens(names)
            if name and any(e.kind == "person" and any(_compatible(name, n) for n in e.names) for e in self.entities):
                e = self.person(names, head.i)
                return e, "name" if len(name) >= 2 else "alias"
        ent = self._ent_at.get(head.i)
        if ent is not None and ent.label_ in ("ORG", "NORP", "GPE", "FAC"):
            name = ent.text.strip().removesuffix("’s").removesuffix("'s")
            if name.lower().startswith("the "):
                name = name[4:]
            return self._org(name), "organization"
        words = [t for t in span_tokens if not t.is_punct and t.lower_ not in ROLE_STOP]
        content = {t.lemma_.lower() for t in words if t.pos_ in ("NOUN", "PROPN", "ADJ")}
        if head.pos_ == "PROPN" and head.text.isupper() and len(head.text) >= 2:
            return self._org(head.text), "organization"
        if head.tag_ in ("NNS", "NNPS") or head.lower_ in ("people", "police"):
            key = " ".join(t.lemma_.lower() for t in words) or low
            e = self._keyed(key, mention_name(span_tokens, head), "group")
            self.last_group = e
            return e, "group"
        # role description → person whose title words contain the description's words
        if content and head.lemma_.lower() in TITLE_WORDS | {head.lemma_.lower()}:
            best = None
            for e in self.entities:
                if e.kind == "person" and head.lemma_.lower() in e.title_words and content <= e.title_words:
                    if best is None or e.last_pos > best.last_pos:
                        best = e
            if best is not None:
                return best, "role"
        if head.pos_ == "PROPN":
            name = mention_name(span_tokens, head)
            if name.lower().startswith("the "):
                name = name[4:]
            return self._org(name), "organization"
        key = " ".join(t.lemma_.lower() for t in words) or low
        return self._keyed(key, mention_name(span_tokens, head), "unknown"), "unknown"

    def _org(self, name: str) -> Entity:
        key = name.lower()
        e = self.by_key.get(key)
        if e is None:
            acronym = name.replace(".", "")
            if acronym.isupper() and 2 <= len(acronym) <= 6:
                for other in self.entities:
                    if other.kind == "organization" and _initials(other.name) in (acronym, acronym.lower()):
                        e = other
                        break
            else:
                for other in self.entities:
                    if other.kind == "organization" and other.name.replace(".", "").isupper() \
                            and other.name.replace(".", "") in _initials_all(name):
                        e = other
                        if len(name) > len(e.name):
                            e.add_form(e.name)
                            e.name = name
                        break
        if e is None:
            e = self._new(name, "organization")
        self.by_key[key] = e
        self.last_group = e
        return e

    def _keyed(self, key: str, name: str, kind: str) -> Entity:
        e = self.by_key.get(key)
        if e is None:
            e = self._new(name, kind)
            self.by_key[key] = e
        return e

    def spoke(self, e: Entity, pos: int) -> None:
        """Note that ``e`` was given a quote at token ``pos`` (for later tie-breaks and pronouns)."""
        e.quotes += 1
        e.last_pos = max(e.last_pos, pos)
        if e.kind == "person":
            self.last_person = e
        elif e.kind in ("organization", "group"):
            self.last_group = e


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _initials_all(name: str) -> set[str]:
    words = name.split()
    return {"".join(w[0] for w in words if w[:1].isupper()), "".join(w[0].upper() for w in words if w)}


def _line_pieces(doc, ent):
    """(start, end) token ranges of an entity span cut at line breaks."""
    out, start = [], ent.start
    for i in range(ent.start, ent.end + 1):
        if i < ent.end and not (doc[i].is_space and "\n" in doc[i].text):
            continue
        if i > start:
            out.append((start, i))
        start = i + 1
    return out


def forget_names(resolver: Resolver, ranges: list[tuple[int, int]]) -> None:
    """Make ``resolver`` ignore the names inside ``ranges`` (bylines, datelines, photo credits:
    never speakers) and cut every named entity at a line break (a name never spans two lines:
    ``Jane Roe/Harbour News⏎⏎Roe`` is a credit and a new paragraph's subject)."""
    from spacy.tokens import Span

    doc = resolver.doc
    for ent in {id(e): e for e in resolver._ent_at.values()}.values():
        pieces = _line_pieces(doc, ent)
        if pieces != [(ent.start, ent.end)]:
            for a, b in pieces:
                piece = Span(doc, a, b, label=ent.label_)
                for t in range(a, b):
                    resolver._ent_at[t] = piece
            for t in range(ent.start, ent.end):
                if "\n" in doc[t].text:
                    resolver._ent_at.pop(t, None)
    kept = []
    for ent in resolver._persons:
        for a, b in _line_pieces(doc, ent):
            lo, hi = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
            if not any(x <= lo and hi <= y for x, y in ranges):
                kept.append(ent if (a, b) == (ent.start, ent.end) else Span(doc, a, b, label="PERSON"))
    resolver._persons = kept
    resolver._person_starts = [e.start for e in kept]
