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

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from .cues import cue_group
from .names import mention_name, spelled

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
    # military ranks ("Colonel Kang Min-su, a spokesman for the Joint Chiefs")
    "colonel", "col.", "lieutenant", "lt.", "brigadier", "sergeant", "sgt.", "captain", "capt.",
}


FEMALE_WORDS = {"ms", "ms.", "mrs", "mrs.", "madam", "spokeswoman", "chairwoman", "congresswoman", "businesswoman",
                "queen", "princess", "wife", "mother", "daughter", "sister", "woman", "actress", "grandmother",
                "first lady", "lady", "she"}
MALE_WORDS = {"mr", "mr.", "spokesman", "chairman", "congressman", "businessman", "king", "prince", "husband",
              "father", "son", "brother", "man", "grandfather", "he"}
# "both sides", "the three leaders", "all three of us": how many members a group phrase counts
GROUP_COUNTS = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}


def gender_of(words) -> str:
    """``"f"``, ``"m"`` or ``""`` from honorifics and gendered titles (``["Ms.", "Lee"]`` → ``"f"``)."""
    low = {w.lower() for w in words}
    f, m = bool(low & FEMALE_WORDS), bool(low & MALE_WORDS)
    return "f" if f and not m else "m" if m and not f else ""


@dataclass(eq=False)
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
    gender: str = ""  # "m" | "f" | "" (unknown), from honorifics, titles and resolved pronouns
    members: list = field(default_factory=list)  # a group named by a list of people: its members
    role: str = ""  # a role named with the body it serves ("spokesperson" of "the spokesperson for the ministry")

    def add_form(self, form: str) -> None:
        form = form.strip()
        if form and "\n" not in form and form not in self.forms:
            self.forms.append(form)


_SERVES = frozenset({"for", "of", "at", "to", "in", "with", "from"})
AUTHORED_NOUNS = frozenset("message letter telegram note greeting greetings condolence condolences".split())
_AUTHORING = frozenset("send write address issue dispatch deliver forward".split())


def _served_body(head) -> list:
    """The prepositional phrase naming the body a role noun serves, when it names one (a proper
    noun or an organisation): "for the Foreign Ministry of the DPRK" of "the spokesperson for the
    Foreign Ministry of the DPRK"; none for "the official in charge", "the head of state".

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _served_body(nlp("the spokesperson")[1])
    []
    """
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in _SERVES and c.i == head.i + 1:
            sub = [t for t in c.subtree if t.dep_ not in ("relcl", "acl", "appos")]
            if any(t.pos_ == "PROPN" or t.ent_type_ in ("ORG", "GPE", "NORP") for t in sub) \
                    and all(t.i < c.i + 10 for t in sub):
                return [t for t in sub if not t.is_space]
    return []


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
        self.last_thing: Entity | None = None  # the last organisation or body that spoke ("it said")
        self.by_key: dict[str, Entity] = {}  # lower-cased org/group/unknown key → entity
        # "message" → (where, who) of each one sent ("the message reads …": the last one before it)
        self.authors: dict[str, list[tuple[int, Entity]]] = {}
        self._pending_subject: Entity | None = None
        self._pronoun_at: dict[int, Entity] = {}  # token index of a "he"/"she" → whom it was read as
        self._sent = None  # the sentence registered last (committed after its frames)
        self._subject_thing: tuple[Entity, int] | None = None  # an organisation that released something, and where
        self._pending_depth = 99
        self._pending_pos = -1
        self._pending_group: Entity | None = None
        self.recent: list[Entity] = []  # people who were subjects or speakers, most recent last
        self._ent_at: dict[int, object] = {}
        self._persons: list = []  # PERSON entity spans in text order (Span.ents is O(doc))
        for ent in doc.ents:
            for t in range(ent.start, ent.end):
                self._ent_at[t] = ent
            if ent.label_ == "PERSON":
                self._persons.append(ent)
        extra = _korean_names(doc, self.text) + _titled_names(doc, self.text) + _described_names(doc) \
            + _person_shaped_names(doc)
        if extra:
            taken = {t for e in self._persons for t in range(e.start, e.end)}
            for span in extra:
                if not any(t in taken for t in range(span.start, span.end)):
                    self._persons.append(span)
                    taken.update(range(span.start, span.end))
                else:
                    # a tagged PERSON inside a longer name ("Choe [Son Hui]"): the whole name wins
                    inner = [e for e in self._persons if span.start <= e.start and e.end <= span.end
                             and (e.start, e.end) != (span.start, span.end)]
                    if inner and all(span.start <= t < span.end for e in inner for t in range(e.start, e.end)) \
                            and not any(e.start < span.start < e.end or e.start < span.end < e.end for e in self._persons):
                        self._persons = [e for e in self._persons if e not in inner] + [span]
            self._persons.sort(key=lambda e: e.start)
        later = _surnames_again(doc, self._persons, self._ent_at)
        if later:
            self._persons = sorted(self._persons + later, key=lambda e: e.start)
        self._person_starts = [e.start for e in self._persons]

    # ----------------------------------------------------------------- persons
    def _person_span(self, ent):
        """The PERSON entity span widened over given names the tagger left out (``Lloyd J.``)."""
        doc = self.doc
        start, end = ent.start, ent.end
        while start > 0:
            t = doc[start - 1]
            # (not a proper noun after "the": "Ambassador to the DPRK Gennady Lozinsky")
            if t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in TITLE_WORDS \
                    and t.lower_ not in HONORIFICS and t.lower_ not in _PORTFOLIOS \
                    and (start - 1) not in self._ent_at and t.ent_type_ == "" \
                    and not (start > 1 and doc[start - 2].lower_ == "the") \
                    and not (t.dep_ == "pobj" and not start <= t.head.i < end):  # ("… General Staff Valery Gerasimov")
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
            # (across "to the" in "Ambassador to the DPRK Konstantin Ivashov")
            if t.pos_ == "DET" and t.lower_ == "the" and i > 0 and doc[i - 1].lower_ in ("to", "of") \
                    and i > 1 and doc[i - 2].lower_ in TITLE_WORDS:
                i -= 1
                n += 1
                continue
            if t.pos_ in ("VERB", "AUX", "DET", "CCONJ", "SCONJ", "PRON") or t.text == "\n" or t.is_space:
                break
            if t.pos_ == "ADP" and not (t.lower_ == "of" or t.lower_ == "to" and i > 0 and doc[i - 1].lower_ in TITLE_WORDS
                                        and any(doc[j].ent_type_ in ("GPE", "ORG", "LOC") for j in range(i + 1, start))):
                break  # ("Ambassador to the DPRK X", not "an adviser to X")
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
        candidates = [e for e in self.entities if e.kind == "person" and any(_compatible(name, n) for n in e.names)
                      and (len(name) == 1 or all(_compatible(name, n) for n in e.names if len(n) > 1))]
        ent: Entity | None = None
        if len(name) == 1:
            key = name[0].lower()
            bound = self.bound.get(key)
            # a bare surname shared by several people: the one it already stood for (a story names
            # a second Kim in full: "His sister, Kim Yo Jong, …" leaves "Kim" Kim Jong Un), else the
            # one most recently subject or speaker ("Kim" after "Kim Jong Un oversaw …", not the "By
            # Kim Soo-yeon" of the byline)
            active = next((e for e in reversed(self.recent) if e in candidates), None) \
                if len([e for e in candidates if any(len(n) > 1 for n in e.names)]) > 1 else None
            if bound is not None and bound in candidates:
                ent = bound
            elif active is not None:
                ent = active
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
        if not ent.gender:  # from an honorific, never from the name ("Choe Son Hui" is no "son")
            ent.gender = gender_of(t.text for t in tokens if t.text not in name)
        if len(full) > len(ent.name) and len(name) > 1:
            ent.name = full
        ent.last_pos = pos
        return ent

    def register_sentence(self, sent) -> None:
        """Record the people named in ``sent`` (full names, aliases, their titles)."""
        self._sent = sent
        seen = set()
        spans: list[tuple[int, int]] = []
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
            lead = [self.doc[i] for i in range(max(sent.start, start - 2), start)]
            while lead and lead[0].lower_ not in HONORIFICS:
                lead = lead[1:]  # "Ms. [Lee]" keeps its honorific; "Spokeswoman [Lee]" is no part of the name
            e = self.person(lead + tokens if gender_of(t.text for t in lead) else tokens, start)
            e.title_words |= self._title_words(start, end)
            if not e.gender:
                e.gender = gender_of(e.title_words)
            for i in range(start, end):
                self.by_token[i] = e
                seen.add(i)
            spans.append((start, end))
            root = self.doc[end - 1]
            subj = next((self.doc[i] for i in range(start, end) if self.doc[i].dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None and root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass"):
                # "Russia's ambassador to the UN, Vasily Nebenzia, railed …": the named apposition
                # is the subject; the role it stands beside describes the person
                subj = root.head
                e.title_words |= {t.lemma_.lower() for t in root.head.subtree if t.i < start
                                  and t.pos_ in ("NOUN", "PROPN", "ADJ") and t.lower_ not in ROLE_STOP}
            agent = root.head if root.dep_ == "appos" else root
            if subj is None and agent.dep_ == "pobj" and agent.head.dep_ == "agent" and agent.head.head.dep_ == "ROOT":
                # "That view is shared by a former vice minister, Lee Chang-hoon, who …": the agent of
                # a passive main clause is its doer, whom a "he" next means
                subj = agent
            if subj is None and root.dep_ == "pobj" and root.head.lower_ in ("for", "to") \
                    and root.head.i == sent.start and root.head.head.dep_ == "ROOT" \
                    and (any(c.dep_ == "appos" for c in root.children) or e.quotes > 0):
                # "For Kang Chol-min, a former official …, the question matters less than …": a source
                # the sentence introduces, or one quoted before ("For Lindqvist, the uncertainty cuts
                # both ways. She said …"), whom a "he" next means (not "For Putin, the deal is …")
                subj = root
            if subj is not None and self._quoted(subj.idx):
                subj = None  # a name inside quotation marks is what the words speak of, not who speaks
            if subj is not None:
                # the subject of the highest clause wins over one inside a reported clause
                depth = _depth(subj)
                if depth <= self._pending_depth:
                    self._pending_subject, self._pending_depth, self._pending_pos = e, depth, subj.i
        if self._pending_subject is None:
            self._role_subject(sent)
        self._register_list(sent, sorted(spans))
        self._register_documents(sent)

    def _role_subject(self, sent) -> None:
        """A sentence whose main subject is a person named by role alone ("The Secretary raised this
        with his Russian counterpart.", "The minister arrived on Friday."): that person is who a
        "he"/"she" in the next sentence means, as a named subject would be."""
        root = sent.root
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.tag_ not in ("NN", "NNP") or subj.ent_type_ \
                or not (subj.lower_ in _PERSON_ROLES or _person_noun(subj) and _speaks(root) and any(
                    c.dep_ in ("prep", "relcl", "acl", "appos") for c in subj.children)) \
                or not any(c.dep_ == "det" and c.lower_ in ("the", "a", "an", "another") for c in subj.children) or self._quoted(subj.idx):
            return
        own = {x.i for x in subj.subtree}
        # (a person named: not "told the outlet Daily NK", nor "who" or "his" standing for the subject)
        def person(i: int) -> bool:
            e = self.by_token.get(i)
            return e is not None and e.kind == "person" and self.doc[i].pos_ != "PRON"

        if any(person(t.i) or t.lower_ in ("him", "her") or t.lower_ == "them" and t.dep_ in ("dobj", "dative")
               for t in sent if t.i not in own):
            return  # another person in the sentence stays in view ("The minister presented Kim with a gift.")
        clauses = {x.i for c in subj.children if c.dep_ in ("relcl", "acl", "appos") for x in c.subtree}
        if subj.lower_ not in _PERSON_ROLES and any(person(i) for i in clauses):
            # "A former worker …, who asked to be identified by the pseudonym Kim Chol-su, …": the name
            # (not a place the tagger took for a person: "A manager at a Vladivostok travel agency")
            return
        indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in subj.children)
        if indefinite and not _speaks(root):
            return  # a new official is whom "she" means once they have spoken ("a spokesperson said …")
        toks = [t for t in subj.subtree if t.i <= subj.i and not t.is_punct and not t.is_space]
        res = self.resolve(subj, toks)
        if res is None:
            return
        e = res[0]
        if e.kind == "organization":  # "The Secretary" capitalised reads as a name: it is a role
            e = self._keyed("role:" + " ".join(t.lower_ for t in toks if t.lower_ not in ROLE_STOP),
                            mention_name(toks, subj), "unknown")
            e.role = subj.lower_
        if e.kind in ("person", "unknown"):
            self._pending_subject, self._pending_depth, self._pending_pos = e, _depth(subj), subj.i

    def _register_documents(self, sent) -> None:
        """A named person who sends, issues or writes a document ("Kim Jong Un sent a message of
        greeting to Putin") is its author: "the message" that speaks later is theirs."""
        for t in sent:
            if t.dep_ == "dobj" and t.lemma_.lower() in AUTHORED_NOUNS and t.head.lemma_.lower() in _AUTHORING:
                subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
                e = self.by_token.get(subj.i) if subj is not None else None
                if e is not None:
                    self.authors.setdefault(t.lemma_.lower(), []).append((t.i, e))

    def _register_list(self, sent, spans) -> None:
        """People listed together (``between A, B, and C``; ``A, minister of X, and B``) make a
        group that a later ``they``, ``both sides`` or ``the three leaders`` refers to; its
        members are known. Read left to right over the names of the sentence: between two
        names only commas, ``and``, and words of a role (no verb, at most twelve words)."""
        doc = self.doc
        run: list = []
        best: list = []
        for span in spans:
            if run:
                gap = doc[run[-1][1]:span[0]]
                if len(gap) > 12 or not any(t.text == "," or t.lower_ == "and" for t in gap) \
                        or any(t.pos_ in ("VERB", "AUX", "PRON") or t.text in (";", ":", ".", "(", ")") for t in gap):
                    if len(run) > len(best) and self._joined(run):
                        best = run
                    run = []
            run.append(span)
        if len(run) > len(best) and self._joined(run):
            best = run
        members = []
        for start, end in best:
            e = self.by_token.get(start)
            if e is not None and e not in members:
                members.append(e)
        if len(members) < 2:
            return
        first = best[0][0]
        while first > sent.start and (doc[first - 1].lower_ in TITLE_WORDS or doc[first - 1].lower_ in PERSON_TITLES
                                      or doc[first - 1].ent_type_ == "NORP"):
            first -= 1  # "President Biden", "South Korean President Yoon"
        last = best[-1][1] - 1
        name = self.text[doc[first].idx:doc[last].idx + len(doc[last].text)]
        if "\n" in name:
            return
        g = self._keyed("list:" + " | ".join(str(m.key) for m in members), name, "group")
        g.members = members
        self._pending_group = g

    def _joined(self, run) -> bool:
        """Whether the last two names of ``run`` are joined by ``and`` (a list, not a series
        of appositions)."""
        doc = self.doc
        return len(run) >= 2 and any(t.lower_ in ("and", "&") for t in doc[run[-2][1]:run[-1][0]])

    def commit_sentence(self) -> None:
        """After a sentence's frames: its person subject becomes the pronoun antecedent; an
        organisation it has as its main subject is what a next "it said" may mean ("The so-called
        “Multilateral Sanctions Monitoring Team” … released another report. It claimed that …")."""
        sent = self._sent
        subj = next((c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PROPN"
                     and c.ent_type_ in ("ORG", "WORK_OF_ART")), None) if sent is not None else None  # (not "SEOUL --")
        publishing = sent is not None and sent.root.lemma_.lower() in _PUBLISHING
        if subj is None and sent is not None and sent.root.lemma_ == "be":
            # "What replaced it is the Multilateral Sanctions Monitoring Team, set up in …": the
            # organisation the sentence introduces is what "It found …" next means
            subj = next((c for c in sent.root.children if c.dep_ == "attr" and c.pos_ == "PROPN"
                         and c.ent_type_ == "ORG"), None)
            publishing = subj is not None
        if subj is not None and subj.i not in self.by_token and (publishing or subj.ent_type_ == "ORG"):
            # an organisation that is a sentence's subject is in view for "the agency" next ("The U.S.
            # Central Intelligence Agency declined to comment. The agency said …"), and one that
            # released a document is what "it" next claims
            toks = [t for t in subj.subtree if t.i <= subj.i and t.pos_ == "PROPN"]  # (not "the so-called “")
            group = self.last_group  # (being named is not speaking: "it said" still means the one who spoke)
            res = self.resolve(subj, toks or [subj]) if subj.ent_type_ == "ORG" else (self._org(spelled(toks)), "")
            self.last_group = group
            if res is not None and res[0].kind == "organization":
                res[0].last_pos = max(res[0].last_pos, subj.i)
                if publishing:
                    self._subject_thing = (res[0], subj.i)
        if self._pending_subject is not None:
            self._remember(self._pending_subject)
            self._pending_subject = None
        main = next((c for c in sent.root.children if c.dep_ == "nsubj"), None) if sent is not None else None
        if main is not None and main.i in self._pronoun_at:
            # "Recalling that Kim Jong Un had declared …, he noted …": the "he" of the main clause,
            # not the leader named in what he recalled, is whom the next "he said" means
            self._remember(self._pronoun_at[main.i])
        self._pending_depth, self._pending_pos = 99, -1
        if self._pending_group is not None:
            self.last_group = self._pending_group
            self._pending_group = None

    def _remember(self, e: Entity) -> None:
        self.last_person = e
        if e in self.recent:
            self.recent.remove(e)
        self.recent.append(e)
        del self.recent[:-8]

    def _quoted(self, pos: int) -> bool:
        """Whether character ``pos`` lies inside quotation marks opened in its paragraph."""
        text = self.text
        cut = text.rfind("\n\n", 0, pos)  # (a paragraph, not a hard-wrapped line)
        start = 0 if cut < 0 else cut + 2
        inside = False
        for ch in text[start:pos]:
            if ch == "\u201c":
                inside = True
            elif ch == "\u201d":
                inside = False
            elif ch == '"':
                inside = not inside
        return inside

    @staticmethod
    def _reported_away(subj, pronoun) -> bool:
        """Whether ``subj`` is the subject of words reported in a clause the ``pronoun`` is not
        in: "Recalling that Kim Jong Un had declared …, he noted …" (he is not Kim; but "After
        Kim arrived, he said …" is)."""
        for a in subj.ancestors:
            if a.dep_ == "ccomp" and cue_group(a.head) is not None:
                return not any(t.i == pronoun.i for t in a.subtree)
        return False

    def _person_pronoun(self, head) -> Entity | None:
        """The person a ``he``/``she`` refers to: the subject named earlier in the same sentence,
        else the most recent subject or speaker of a compatible gender (``she`` skips a man
        named since; an unknown gender fits either and is learnt from the pronoun)."""
        want = "f" if head.lower_ in ("she", "her") else "m"
        cands = list(self.recent)
        if self._pending_subject is not None and self._pending_pos < head.i \
                and not self._reported_away(self.doc[self._pending_pos], head):
            cands.append(self._pending_subject)
        for e in reversed(cands):
            if e.gender in ("", want):
                if not e.gender:
                    e.gender = want
                return e
        return None

    def _surname_before_role(self, head) -> Entity | None:
        """"Oh, the committee's secretary from the ruling party, told reporters": a person named
        earlier, by one word set off by a comma before the role that describes them (the parser
        takes the word for an interjection or a modifier of the role)."""
        first = head.left_edge
        if first.i + 1 >= head.i or self.doc[first.i + 1].text != "," or first.head.i != head.i \
                or first.dep_ not in ("intj", "npadvmod", "nmod", "dep", "appos", "compound") or not first.text[:1].isupper():
            return None
        if first.i in self.by_token:
            return self.by_token[first.i]
        fits = [e for e in self.entities if e.kind == "person" and any(
            len(n) >= 2 and _compatible([first.text], n) for n in e.names)]
        return fits[0] if len(fits) == 1 else self.bound.get(first.lower_) if fits else None

    # ----------------------------------------------------------------- mentions
    def resolve(self, head, span_tokens) -> tuple[Entity, str] | None:
        """(entity, how) for a speaker mention headed by ``head``; how is one of
        ``name``, ``alias``, ``role``, ``pronoun``, ``organization``, ``group``, ``unknown``."""
        low = head.lower_
        if low in ("who", "that", "which") and head.head.dep_ == "relcl" and head.head.head != head:
            # "…, who said …": the relative pronoun stands for the noun the clause hangs on
            ante = head.head.head
            if ante.dep_ == "appos" and ante.pos_ == "NOUN" and ante.head.pos_ == "PROPN" \
                    and ante.head.ent_type_ in ("PERSON", "") and ante.head.i < ante.i:
                # "Oleh Dovhan, a senior expert at …, who says …": the person the description is set beside
                names = [t for t in ante.head.subtree if t.i <= ante.head.i and t.pos_ == "PROPN"]
                return self.person(names, ante.head.i), "pronoun"
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
                # one pronoun is one person, however many cues it is the subject of ("Recalling that
                # Kim had declared …, he noted …": the "he" who recalled is the "he" who noted)
                e = self._pronoun_at.get(head.i) or self._person_pronoun(head)
                if e is not None:
                    self._pronoun_at[head.i] = e
                    return e, "pronoun"
                return self._keyed(head.text.lower(), head.text, "unknown"), "pronoun"
            if low in PLURAL_PRONOUNS:
                if self.last_group is not None:
                    return self.last_group, "pronoun"
                return self._keyed(low, head.text, "group"), "pronoun"
            if low in SELF_PRONOUNS:
                return None
            if low == "it":
                # an organisation, or a body named by a common noun ("the ministry"), never a person;
                # one that was a sentence's subject since the last one spoke
                named = self._subject_thing
                if named is not None and named[1] < head.i and named[1] > max(
                        (e.last_pos for e in (self.last_group, self.last_thing) if e is not None), default=-1):
                    return named[0], "pronoun"
                for e in (self.last_group, self.last_thing):
                    if e is not None and (e.kind == "organization" or e is self.last_thing):
                        return e, "pronoun"
            return None
        if low in AUTHORED_NOUNS or head.lemma_.lower() in AUTHORED_NOUNS:
            # "The message reads: …" after "Kim sent a message to Putin": its author
            author = max(((i, e) for i, e in self.authors.get(head.lemma_.lower(), ()) if i < head.i),
                         key=lambda x: x[0], default=(None, None))[1]
            if author is not None and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children):
                return author, "role"
        # "Russia's ambassador, Vasily Nebenzia, railed": the named apposition
        for a in head.children:
            if a.dep_ == "appos" and a.i in self.by_token:
                return self.by_token[a.i], "name"
        if head.pos_ == "NOUN":
            # "The U.N. special rapporteur on human rights in North Korea, Elizabeth Salmón, described
            # …" with the name hung on "Korea": a person's name between commas that ends the phrase
            last = max((t for t in head.subtree if not t.is_punct and not t.is_space), key=lambda t: t.i, default=head)
            named = self.by_token.get(last.i)
            if named is not None and named.kind == "person" and last.i > head.i and any(
                    a.dep_ == "appos" for a in [last, *last.ancestors][:3]) and self.doc[last.i + 1: last.i + 2].text == "," \
                    and any(self.by_token.get(t.i) is named and self.doc[t.i - 1].text == "," for t in head.subtree):
                return named, "name"
            named = self._surname_before_role(head)
            if named is not None:
                return named, "alias"
        group = self._counted_group(head)
        if group is not None:
            return group, "group"
        # a person named inside the mention
        for t in span_tokens:
            e = self.by_token.get(t.i)
            if e is not None:
                n = sum(1 for x in span_tokens if self.by_token.get(x.i) is e and not x.is_punct)
                how = "name" if n >= 2 else "alias"
                return e, how
        if head.lemma_.lower() in TITLE_WORDS:
            # "Russian Ambassador to Pyongyang Alexander Matsegora told …": the parser hung the name on
            # the title's prepositional phrase; a name that ends the phrase, with no comma before it
            # Only after a place the title serves in ("to Pyongyang", "in Chongjin"): "a spokesman
            # for President Putin", "an aide to Kim" are not the person they work for.
            sub = [t for t in head.subtree if t.i >= head.i]
            while sub and (sub[-1].is_punct or sub[-1].is_space):
                sub.pop()
            e = self.by_token.get(sub[-1].i) if sub else None
            first = next((t for t in sub if self.by_token.get(t.i) is e), None) if e is not None else None
            placed = first is not None and any(
                t.ent_type_ in ("GPE", "LOC", "FAC", "ORG") or t.pos_ == "PROPN" and t.lower_ not in TITLE_WORDS
                and t.lower_ not in PERSON_TITLES for t in sub if head.i < t.i < first.i) and any(
                t.dep_ == "prep" and t.lower_ in ("to", "in", "at") for t in sub if head.i < t.i < first.i)
            if e is not None and e.kind == "person" and placed and not any(t.text in (",", "(", "—", "–") for t in sub):
                return e, "name"
            for t in sub:  # "Ukraine's ambassador to Japan, Taras Hrytsenko, …" with the name hung on "Japan"
                named = self.by_token.get(t.i)
                if t.dep_ == "appos" and named is not None and named.kind == "person" \
                        and t.left_edge.i > 0 and self.doc[t.left_edge.i - 1].text == ",":
                    return named, "name"
        if head.pos_ == "PROPN":
            names = [t for t in span_tokens if t.pos_ == "PROPN" and t.text[:1].isupper()]
            name = _name_tokens(names)
            if name and any(e.kind == "person" and any(_compatible(name, n) for n in e.names) for e in self.entities):
                e = self.person(names, head.i)
                return e, "name" if len(name) >= 2 else "alias"
        ent = self._ent_at.get(head.i)
        if ent is not None and ent.label_ in ("ORG", "NORP", "GPE", "FAC"):
            name = ent.text.strip().removesuffix("’s").removesuffix("'s")
            nxt = self._ent_at.get(ent.end) or self._ent_at.get(ent.end + 1)
            if name.split()[-1].lower() in ("of", "for") and nxt is not None and nxt.start in (ent.end, ent.end + 1):
                # "the Ministry of Foreign Affairs of | the Republic of Korea": the tagger cut the name
                name = f"{name} {nxt.text.strip()}".removesuffix("’s").removesuffix("'s")
            if name.lower().startswith("the "):
                name = name[4:]
            owner = _owning_state(head, ent)
            if owner is not None:
                # "South Korea's Defense Ministry" is not "Russia's Defense Ministry"; a later bare
                # "the Defense Ministry" is the one named last
                e = self._org(f"{owner} {name}")
                self.by_key[name.lower()] = e
                return e, "organization"
            return self._org(name), "organization"
        words = [t for t in span_tokens if not t.is_punct and t.lower_ not in ROLE_STOP]
        content = {t.lemma_.lower() for t in words if t.pos_ in ("NOUN", "PROPN", "ADJ")}
        if head.pos_ == "PROPN" and head.text.isupper() and len(head.text) >= 2:
            return self._org(head.text), "organization"
        if head.tag_ in ("NNS", "NNPS") or head.lower_ in ("people", "police") \
                or any(c.dep_ == "det" and c.lower_ in ("every", "each") for c in head.children):
            key = " ".join(t.lemma_.lower() for t in words) or low
            e = self._keyed(key, mention_name(span_tokens, head), "group")
            self.last_group = e
            return e, "group"
        # role description → person whose title words contain the description's words (not an
        # indefinite one: "A senior official at the presidential office" is somebody new, not
        # "Mishustin, the most senior Russian official to visit …")
        indefinite = head.dep_ != "appos" and any(c.dep_ == "det" and c.lower_ in ("a", "an", "another")
                                                  for c in head.children)  # (not "Dovhan, a senior expert …")
        if content and head.lemma_.lower() in TITLE_WORDS | {head.lemma_.lower()} and not indefinite:
            # the closest fit wins ("the President" is the one titled just "President", not the
            # "South Korean President"), then the most recent
            fits = [e for e in self.entities
                    if e.kind == "person" and head.lemma_.lower() in e.title_words and content <= e.title_words]
            bare = next((self.by_key[k] for k in ("role:" + low, " ".join(t.lemma_.lower() for t in words)) if k in self.by_key),
                        None) if fits and content == {head.lemma_.lower()} else None
            if bare is not None and bare.kind == "unknown" and self.entities.index(bare) < min(self.entities.index(e) for e in fits):
                # "The President signed an order … the President spoke with President Putin … The
                # President told President Putin …": the unnamed one who acted before any other
                # president was named stays who "the President" is
                return bare, "role"
            generic = not fits and head.lemma_.lower() in _GENERIC_ROLES and any(
                c.dep_ == "det" and c.lower_ == "the" for c in head.children) and not any(
                c.dep_ in ("relcl", "acl") or c.lower_ in ("former", "ex", "retired") for c in head.children)
            # ("the diplomat, who asked not to be named"; "the former envoy" is no one now in office)
            if generic:  # (a title that only implies the role: the one who spoke or acted last)
                fits = _generic_fits(self.entities, head, content)
                fits = [e for e in fits if e in self.recent] or fits
            if fits:
                # (then the one who spoke or acted last, over one only named since: "Lavrov said
                # after talks with Foreign Minister Choe … . “…,” the minister said")
                acted = {id(e): k for k, e in enumerate(self.recent)}
                best = max(fits, key=lambda e: (0 if generic else -len(e.title_words - content), acted.get(id(e), -1),
                                                e.last_pos))
                # an unnamed one of that role mentioned since ("… carried a statement by an unnamed
                # spokesperson …"; "the spokesperson was quoted as saying …") is the one meant
                later = [e for e in self.entities if e.kind != "person" and e.role == head.lemma_.lower()
                         and e.last_pos > best.last_pos and not content - {e.role} - set(e.name.lower().split())]
                return (max(later, key=lambda e: e.last_pos) if later else best), "role"
        if head.pos_ == "PROPN":
            name = mention_name(span_tokens, head)
            if name.lower().startswith("the "):
                name = name[4:]
            return self._org(name), "organization"
        role = head.lemma_.lower()
        titled = head.pos_ == "NOUN" and role in TITLE_WORDS  # "spokesperson", "minister", "official"
        served = _served_body(head) if titled else []
        if served:
            # "a spokesperson for the U.S. State Department" is not "the spokesperson for the
            # Foreign Ministry of the DPRK": the body served is part of who it is
            whole = sorted({t.i: t for t in list(span_tokens) + served}.values(), key=lambda t: t.i)
            key = "role:" + " ".join(t.lemma_.lower() for t in whole if not t.is_punct and t.lower_ not in ROLE_STOP)
            toks = whole
            while toks and toks[0].dep_ == "det" and toks[0].head.i == head.i:
                toks = toks[1:]  # ("spokesperson for the Foreign Ministry of the DPRK", as earlier sessions named it)
            e = self._keyed(key, mention_name(toks, head, SERVED_NAME_WORDS), "unknown")
            e.add_form(spelled(whole))  # (the article's whole phrase: "A spokesman for the Ministry of …")
            e.role = role
            e.last_pos = max(e.last_pos, head.i)
            return e, "unknown"
        if not content - {role} and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            # a bare "the spokesperson" after "the spokesperson for the Foreign Ministry" or "a
            # Japanese government spokesman": the one of them mentioned or heard last
            fits = [e for e in self.entities if e.role == role]
            if fits:
                return max(fits, key=lambda e: (e.last_pos, e.key)), "role"
        if head.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            # "the embassy said" after "The Russian Embassy in Seoul called …", "the spy agency told"
            # after "the National Intelligence Service (NIS) told": the organisation whose name ends
            # in that kind of body and holds the description's other words, the one that spoke or
            # was named last
            fits = [e for e in self.entities if e.kind in ("organization", "unknown") and any(
                _body_fits(f, low, head.lemma_.lower(), content - {role}) for f in [e.name, *e.forms])]
            if fits and (len(fits) == 1 or not content - {role}):
                # (a description with more words, "the spy agency", only when one body fits it: not
                # after both the Security Service and the military intelligence agency were named)
                return max(fits, key=lambda e: (e.last_pos, e.key)), "role"
        key = " ".join(t.lemma_.lower() for t in words) or low
        e = self._keyed(key, mention_name(span_tokens, head), "unknown")
        if titled and content - {role}:
            e.role = role  # "a Japanese government spokesman": a later "the spokesman" may be this one
            e.last_pos = max(e.last_pos, head.i)
        return e, "unknown"

    def _counted_group(self, head) -> Entity | None:
        """``both sides``, ``the two sides``, ``the three leaders``, ``all three of them``: the
        most recent list of that many people."""
        if head.tag_ not in ("NNS", "NNPS", "CD") and head.lower_ != "both":
            return None
        words = [c.lower_ for c in head.children if c.dep_ in ("nummod", "det", "predet", "quantmod")] + [head.lower_]
        n = next((GROUP_COUNTS[w] for w in words if w in GROUP_COUNTS), None)
        if n is None:
            return None
        for g in ([self._pending_group] if self._pending_group is not None else []) + [self.last_group]:
            if g is not None and len(g.members) == n:
                return g
        for e in reversed(self.entities):
            if len(e.members) == n:
                return e
        return None

    def _org(self, name: str) -> Entity:
        key = name.lower()
        e = self.by_key.get(key)
        if e is None:
            acronym = name.replace(".", "")
            if acronym.isupper() and 2 <= len(acronym) <= 6:
                for other in self.entities:
                    if other.kind == "organization" and any(_initials(n) in (acronym, acronym.lower())
                                                            for n in [other.name, _unowned(other.name)]):
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
            self._remember(e)
        elif e.kind in ("organization", "group"):
            self.last_group = e
        if e.kind == "organization" or (e.kind == "unknown" and e.name[:1].isalpha()
                                         and e.name.lower() not in PERSON_PRONOUNS | PLURAL_PRONOUNS):
            self.last_thing = e


# Korean family names (romanised as news agencies write them): a name that opens with one
# and goes on with a hyphenated given name ("Moon Ji-ho") or two capitalised syllables
# ("Choe Son Hui") is a person, however the tagger labels its first word (Moon, Ban, Do, Ha …).
KOREAN_SURNAMES = (
    "Kim|Lee|Rhee|Ri|Yi|Park|Pak|Choi|Choe|Jung|Chung|Jeong|Kang|Cho|Jo|Yoon|Yun|Jang|Chang|Lim|Im|Rim|Han|Oh|"
    "Seo|Suh|Shin|Sin|Kwon|Hwang|Ahn|An|Song|Yoo|Yu|Ryu|Hong|Jeon|Chun|Ko|Koh|Moon|Mun|Yang|Son|Sohn|Bae|Baek|"
    "Paik|Heo|Hur|Nam|Noh|Roh|Ha|Do|Ban|Min|Sim|Shim|Won|Gil|Kil|Pyo|Byun|Jin|Ju|Chu|Ok|Uh|Yeo|Wi|Tak|Ryang|Pyon|"
    "Cha|Chae|Ryom|Jon|Chon|Kye|Hyon|Hyun|Koo|Ku|Eom|Sung|Seong|Tae|Yeom|Maeng"
)
_KOREAN_NAME = re.compile(
    r"\b(?:" + KOREAN_SURNAMES + r")\s(?:[A-Z][a-z]{1,5}-[a-z]{1,6}\b|[A-Z][a-z]{1,5}\s[A-Z][a-z]{1,5}\b(?![\-’']))"
    # (or in Western order, the hyphenated given name first: "Hyun-jin Baek")
    r"|\b[A-Z][a-z]{1,5}-[a-z]{1,6}\s(?:" + KOREAN_SURNAMES + r")\b(?!-)"
)


_KOREAN_FAMILY_FIRST = re.compile(r"(?:" + KOREAN_SURNAMES + r")\s[A-Z][a-z]{1,5}-[a-z]{1,6}")


def _korean_names(doc, text: str) -> list:
    """Spans of romanised Korean personal names (``Moon Ji-ho``, ``Choe Son Hui``, ``Hyun-jin Baek``)."""
    out = []
    for m in _KOREAN_NAME.finditer(text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None and len(span) and not any(t.ent_type_ in ("ORG", "GPE", "FAC") for t in span) \
                and not any(t.is_stop for t in span[1:]):  # "Do You Know": not a name
            out.append(span)
    return out


PERSON_TITLES = {"president", "minister", "secretary", "senator", "sen.", "ambassador", "chancellor", "premier",
                 "envoy", "admiral", "adm.", "general", "gen.", "mr.", "ms.", "mrs.", "dr.", "commander", "chairman",
                 "governor", "gov.", "rep.", "representative", "spokesman", "spokeswoman", "comrade", "marshal"}


_TITLE_BEFORE_NAME = re.compile(
    r"\b(?:" + "|".join(re.escape(t.capitalize()) for t in sorted(PERSON_TITLES)) + r")[ \t]+(?=[A-Z])")


def _titled_names(doc, text: str) -> list:
    """``President Biden``, ``Admiral Kirby``: a capitalised proper noun right after a
    person's title is a person even where the tagger calls it a place (found with one
    regular-expression pass over the text, not a pass over the tokens)."""
    out = []
    n = len(doc)
    for m in _TITLE_BEFORE_NAME.finditer(text):
        first = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        if first is None or not len(first):
            continue
        i = first.start
        t = doc[i]
        if t.pos_ != "PROPN" or t.ent_type_ == "PERSON" or t.lower_ in TITLE_WORDS or t.lower_ in PERSON_TITLES \
                or t.ent_type_ not in ("", "GPE", "NORP", "ORG"):
            continue
        j = i + 1
        while j < n and j - i < 3 and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() \
                and doc[j].ent_type_ in ("", t.ent_type_):
            j += 1
        if not (t.ent_type_ and any(doc[k].ent_iob_ == "B" for k in range(i + 1, j))):
            out.append(doc[i:j])
    return out


# nouns that describe a person in an apposition ("Natalia Sorokina, a Korea specialist at …")
PERSON_ROLE_NOUNS = frozenset(
    "fellow specialist analyst expert researcher professor scholar official adviser advisor spokesman spokeswoman "
    "spokesperson director minister ambassador diplomat economist lawmaker defector commander envoy chairman "
    "chairwoman founder author editor correspondent lecturer historian journalist officer colonel secretary "
    "senator legislator activist veteran negotiator strategist consultant lawyer attorney judge governor mayor "
    "deputy president premier scientist engineer".split())


_PERSON_ENDINGS = ("er", "or", "ist", "ian", "man", "woman", "ee", "ant", "dent", "person")
_THING_NOUNS = frozenset("paper newspaper letter order broadcaster center centre computer server chamber quarter "
                         "register monitor reactor".split())


def _speaks(verb) -> bool:
    """A speech cue, or "told" (a directive cue by its other use: "told them to leave"), or "put
    [the logic] bluntly" (a way of saying it)."""
    return cue_group(verb) == "speech" or verb.lemma_.lower() == "tell" or verb.lemma_.lower() == "put" and any(
        c.dep_ == "advmod" and c.lower_ in _PUT_HOW for c in verb.children)


_PUT_HOW = frozenset("bluntly simply plainly starkly succinctly candidly frankly bleakly directly".split())


def _person_noun(tok) -> bool:
    """Whether a common noun that says something reads as a person ("A foreman … said", "a taxi
    driver said", "a resident said"), not a body or a document ("a newspaper said").

    >>> class T: lemma_ = "foreman"
    >>> _person_noun(T())
    True
    """
    lemma = tok.lemma_.lower()
    return lemma.endswith(_PERSON_ENDINGS) and lemma not in _THING_NOUNS and lemma not in AUTHORED_NOUNS


# a person's role that can stand for them as a subject ("The Secretary …. He told …")
_PERSON_ROLES = frozenset("secretary president minister ambassador spokesman spokeswoman spokesperson envoy diplomat "
                          "chairman chairwoman premier chancellor senator governor general commander admiral "
                          "prosecutor lawmaker guest".split())

# a role with the body it serves is a name up to this many words (the body is checked to be one)
SERVED_NAME_WORDS = 12

# what an organisation does that makes it the "it" who then claims or says ("released another report")
_PUBLISHING = frozenset("release publish issue produce circulate submit present compile study examine analyse analyze "
                        "investigate review".split())  # (or studied something: "It concluded that …")
# kinds of public body a description may name by another word ("the spy agency" for the
# "National Intelligence Service", "the ministry" for the "State Department")
_BODY_KINDS = ({"agency", "service", "directorate", "bureau", "administration"}, {"ministry", "department"})
BODY_NOUNS = frozenset(set().union(*_BODY_KINDS) | {"office"})  # the common nouns that name a public body
_BODY_WORDS = {"spy": ("intelligence", "security")}


def _body_fits(name: str, word: str, lemma: str, others: set[str]) -> bool:
    """Whether an organisation called ``name`` is what "the <others> <word>" describes.

    >>> _body_fits("National Intelligence Service", "agency", "agency", {"spy"})
    True
    >>> _body_fits("Russian Embassy in Seoul", "embassy", "embassy", set())
    False
    >>> _body_fits("Russian Embassy", "embassy", "embassy", set())
    True
    """
    words = name.lower().split()
    if not words:
        return False
    kinds = next((k for k in _BODY_KINDS if lemma in k), {word, lemma})
    # the body's own word ends the name or comes before "of" ("Security Service of Ukraine")
    heads = {words[-1]} | ({words[words.index("of") - 1]} if "of" in words[1:] else set())
    if not heads & kinds and not (others == set() and words[-1] in (word, lemma)):
        return False
    return all(any(x in words for x in _BODY_WORDS.get(w, (w,))) for w in others)


# the last word of a minister's portfolio, never a given name ("Minister of Foreign Affairs Choe Son Hui")
_PORTFOLIOS = frozenset("affairs defence unification interior finance justice trade industry".split())


# a role noun that names no title of its own but stands for one ("the diplomat" after "Deputy
# Foreign Minister Andrey Rudenko", "the envoy" after "Ambassador Matsegora"): the title words
# that make a person one
_GENERIC_ROLES = {
    "diplomat": frozenset({"ambassador", "envoy", "consul", "foreign", "diplomat", "representative"}),
    "envoy": frozenset({"ambassador", "envoy", "representative"}),
    # "the Russian guest" of a state-media report of a visit: any titled person, but only with
    # the words that tell which ("the guest" alone may be anyone at the table)
    "guest": None,
    "visitor": None,
}
# what may qualify such a role without being a title word ("the top diplomat", "the Russian envoy")
_GENERIC_QUALIFIERS = frozenset({"top", "senior", "veteran", "chief"})


def _generic_fits(entities, head, content: set[str]) -> list:
    """The people a definite generic role noun (``head``: "the diplomat") can stand for: titled
    as one (``_GENERIC_ROLES``), holding every other word of the description ("the Russian
    diplomat" is no South Korean minister; "top" asks for a minister or a secretary of state),
    and not named before "a diplomat" came up (then that unnamed one is meant).

    >>> # "Deputy Foreign Minister Andrey Rudenko said … . “…,” the diplomat added."  → Rudenko
    """
    role = head.lemma_.lower()
    rest = content - {role} - _GENERIC_QUALIFIERS
    top = "top" in content
    doc = head.doc
    # (an unnamed one, or several: "a Chinese diplomat", "Two Western diplomats said")
    unnamed = [t.i for t in doc[: head.i] if t.lemma_.lower() == role and t.i != head.i and (t.tag_ == "NNS" or any(
        c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in t.children))]
    titles = _GENERIC_ROLES[role]
    if titles is None and not rest:
        return []
    return [e for e in entities if e.kind == "person" and (e.title_words & titles if titles else e.title_words)
            and rest <= e.title_words and (not top or e.title_words & {"minister", "secretary"})
            and not (top and e.title_words & {"deputy", "vice"}) and not any(i > e.last_pos for i in unnamed)]


# words of an organisation's or a publication's name: a span holding one is no person
_ORG_WORDS = frozenset(
    "ministry agency institute institution council committee commission company corporation corp inc ltd llc "
    "group bank university college school academy office department service services army navy force forces "
    "party government news times post journal association foundation center centre fund union court board team "
    "club project network media press embassy kremlin house analytics chain capital partners research studies "
    "watch monitor initiative program programme society league alliance federation assembly parliament congress "
    "senate cabinet bureau authority administration command staff guard police fleet herald tribune gazette "
    "daily weekly radio television tv channel sinmun pravda izvestia telegraph guardian observer review "
    "airlines airways motors industries technologies systems labs holdings exchange markets".split())


def _person_shaped_names(doc) -> list:
    """Spans the tagger called an organisation, a facility or a work that are shaped like a person's
    given name and surname ("Nadia Kovalenko", "Dmitry Polyanskiy", "Oleksandr Moroz"): two or
    three title-case words, none a word of an organisation or a publication, none a state's
    name (the small English model often tags Slavic names so)."""
    from .targets import state_name_words

    states = state_name_words()

    def shaped(span) -> bool:
        return 2 <= len(span) <= 3 and all(
            t.pos_ == "PROPN" and t.text[:1].isupper() and not t.text.isupper() and t.text.replace("-", "").isalpha()
            and t.lower_ not in _ORG_WORDS and t.lower_ not in TITLE_WORDS and t.lower_ not in states for t in span)

    out = []
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "FAC", "WORK_OF_ART", "PRODUCT"):
            continue
        # "[the DPRK] Konstantin Ivashov" tagged as one organisation: the name after the place
        start = ent.start
        while start < ent.end - 2 and (doc[start].pos_ == "DET" or doc[start].lower_ in states or doc[start].text.isupper()):
            start += 1
        if shaped(doc[start:ent.end]):
            out.append(doc[start:ent.end])
    # untagged: a name that is a clause's subject or that "who" describes ("Nadia Kovalenko, who
    # researches …, has argued"), its given name a compound of the surname
    for t in doc:
        if t.ent_iob_ != "O" or t.pos_ != "PROPN" or t.dep_ not in ("nsubj", "nsubjpass", "appos"):
            continue
        start = t.i
        while start > 0 and t.i - start < 2 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == t.i \
                and doc[start - 1].ent_iob_ == "O":
            start -= 1
        span = doc[start:t.i + 1]
        if start < t.i and shaped(span) and (start == 0 or doc[start - 1].pos_ != "PROPN"):
            out.append(span)
    return out


def _owning_state(head, ent) -> str | None:
    """The state an organisation's name is owned by, written before it and outside the tagged name
    ("[South Korea's] Defense Ministry" → "South Korea's"), else None."""
    from .targets import state_name_words

    if any(t.lower_ in state_name_words() for t in ent if t.text[:1].isupper()):
        return None  # the name says whose it is ("Korean Central News Agency")
    for c in head.children:
        if c.dep_ == "poss" and c.i < ent.start and c.ent_type_ == "GPE":
            toks = [t for t in c.subtree if t.i < ent.start]
            return "".join(t.text_with_ws for t in toks).strip()
    return None


def _surnames_again(doc, persons, ent_at) -> list:
    """One-word spans repeating the surname of a person named in full before ("Alexander
    Kozlov … Kozlov said …") that the tagger called something else or nothing: the same person,
    so the clause they are the subject of is a person's and "he" after it means them.

    >>> # "Alexander Kozlov spoke. Kozlov[ORG] said trade had grown." → [Kozlov]
    >>> # "Choi Min-seok spoke. Choi[NOUN] points out …" → [Choi] (a Korean family name leads)
    """
    first: dict[str, int] = {}
    for span in persons:
        if len(span) >= 2:
            last = span[-1]
            if last.pos_ == "PROPN" and last.text[:1].isupper() and last.text not in first:
                first[last.text] = span.end
            if _KOREAN_FAMILY_FIRST.fullmatch(span.text) and span[0].text not in first:
                first[span[0].text] = span.end  # "Choi Min-seok … Choi points out …": the family name leads
    if not first:
        return []
    taken = {t for span in persons for t in range(span.start, span.end)}
    out = []
    for t in doc:
        end = first.get(t.text)
        # (a subject the tagger took for a common noun, "Choi points out …", is the name as well)
        if end is None or t.i < end or t.i in taken or not (t.pos_ == "PROPN" or t.pos_ == "NOUN" and t.dep_ == "nsubj"):
            continue
        ent = ent_at.get(t.i)
        if ent is not None and len(ent) > 1:
            continue  # part of a longer name ("Kozlov Institute"), not the person
        if (t.i > 0 and doc[t.i - 1].pos_ == "PROPN") or (t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN"):
            continue  # another name's part ("Anna Kozlov")
        out.append(doc[t.i:t.i + 1])
    return out


def _described_names(doc) -> list:
    """Spans of two to four capitalised proper nouns that an apposition describes as a person
    ("[Natalia Sorokina], a Korea specialist at …", "[Cha Min-gyu], a research fellow"), which
    the tagger may have called a place or nothing."""
    out = []
    for t in doc:
        if t.dep_ != "appos" or t.lemma_.lower() not in PERSON_ROLE_NOUNS or t.head.pos_ != "PROPN":
            continue
        head = t.head
        start = head.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == head.i \
                and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper():
            start -= 1
        span = doc[start:head.i + 1]
        words = [w for w in span if w.text[:1].isupper()]
        if 2 <= len(words) <= 4 and len(words) == len([w for w in span if not w.is_punct]) \
                and not any(w.ent_type_ in ("ORG", "FAC", "NORP") or w.lower_ in TITLE_WORDS for w in span):
            out.append(span)
    return out


def _depth(tok) -> int:
    """How many heads lie between ``tok`` and its sentence root."""
    n = 0
    while tok.head != tok and n < 40:
        tok = tok.head
        n += 1
    return n


def _unowned(name: str) -> str:
    """An organisation's name without the state written before it ("South Korea's Joint Chiefs of
    Staff" → "Joint Chiefs of Staff", whose initials an abbreviation "JCS" gives)."""
    for mark in ("’s ", "'s "):
        if mark in name:
            return name.split(mark, 1)[1]
    return name


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
