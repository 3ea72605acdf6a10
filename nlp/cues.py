"""Reporting-cue lexicon: the verbs and phrases that introduce what somebody said or holds.

Lemmas, grouped by how their content is found in the parse. Extend with :func:`register`.

* ``SPEECH``: speech acts; content is a clausal complement (``said that …``), a quote as
  object (``said “…”``), or the clause the cue interrupts or follows (``…, he said``).
* ``COGNITION``: beliefs and evidence (``thinks``, ``polls show``); content only as a clausal
  complement, never as a plain object.
* ``DIRECTIVE``: acts whose content is an object plus infinitive or a prepositional object
  (``urged Congress to …``, ``called for …``, ``pledged to …``).
"""

from __future__ import annotations

SPEECH: set[str] = {
    "say", "tell", "add", "write", "note", "report", "announce", "tweet", "argue", "explain",
    "continue", "acknowledge", "declare", "recall", "conclude", "claim", "respond", "state",
    "insist", "reply", "reveal", "confirm", "assert", "concede", "stress", "complain", "joke",
    "emphasize", "emphasise", "contend", "maintain", "allege", "counter", "testify", "caution",
    "observe", "post", "boast", "brag", "lament", "assure", "remark", "comment", "mention",
    "reiterate", "admit", "deny", "predict", "warn", "answer", "retort", "quip", "muse",
    "speculate", "suggest", "write", "tell", "recount", "explain", "inform", "notify",
    "remind", "charge", "posit", "proclaim", "repeat", "shout", "scream", "yell", "whisper",
    "exclaim", "hint", "imply", "point", "opine", "concur", "agree", "disagree", "cry",
    "object", "protest", "swear", "affirm", "clarify", "elaborate", "specify", "estimate",
    "forecast", "project", "calculate", "indicate", "signal", "acknowledge", "promise",
    "threaten", "guarantee", "vow", "pledge", "email", "text", "blog", "wonder", "ask",
    "describe", "tout", "reason", "figure", "express", "reaffirm", "voice",
    # the scornful verbs state media report a foe's words with ("blustered that …", "trumpeted …")
    "bluster", "clamour", "clamor", "vociferate", "babble", "prattle", "rant", "blurt", "trumpet",
    "crow", "gloat", "scoff", "sneer", "grumble", "mutter",
}

COGNITION: set[str] = {
    "think", "believe", "know", "feel", "hope", "fear", "expect", "worry", "suspect", "doubt",
    "assume", "guess", "reckon", "understand", "realize", "realise", "recognize", "recognise",
    "consider", "suppose", "imagine", "wish", "find", "suggest", "indicate", "learn",
    "see", "hear", "read", "conclude", "determine", "decide", "judge", "estimate", "predict",
    "agree", "want", "prefer", "show", "demonstrate", "prove", "reveal",
}

# Cognition cues that attribute only with an evidence subject (``a new poll shows that …``,
# ``the video showed …``), not ``his popularity shows how …``.
EVIDENCE_CUES: set[str] = {"show", "demonstrate", "prove", "reveal"}
EVIDENCE_NOUNS: set[str] = {
    "poll", "survey", "study", "report", "analysis", "data", "video", "footage", "document",
    "record", "transcript", "slide", "average", "figure", "number", "research", "result", "memo",
    "email", "letter", "filing", "chart", "tally", "audit", "review", "investigation", "test",
    "statistic", "estimate", "projection", "model", "forecast", "evidence", "recording", "tape",
    "photo", "image", "picture", "return", "paper", "poll(s)", "polling", "finding", "exit",
}

# Intentions and commitments whose content is an infinitive (``Clinton wants to triple …``,
# ``the company agreed to clean up …``, ``he refused to release …``).
INTENTION: set[str] = {
    "want", "plan", "agree", "refuse", "decline", "hope", "intend", "promise", "vow", "pledge",
    "threaten", "propose", "demand", "claim", "swear",
}

# Cues whose content is the object of a preposition (``complained about the microphone``,
# ``spoke out against injustice``, ``accused her of lying``): lemma → prepositions.
TOPIC_PREPS: dict[str, set[str]] = {}
for _preps, _verbs in (
    (("about", "of"), (
        "talk", "speak", "complain", "comment", "write", "joke", "boast", "brag", "worry", "fret",
        "testify", "elaborate", "muse", "opine", "rant", "tweet", "post", "remark", "hint",
        "gripe", "rave", "reminisce", "expound", "warn", "caution", "argue", "lecture", "fume",
        "rail")),
    # "on" also names the outlet or the day ("spoke on ABC", "posted on Facebook"): only
    # with verbs that take a subject matter there
    (("on",), ("comment", "elaborate", "expound", "opine", "remark", "testify", "harp", "lecture")),
    (("for", "against"), (
        "argue", "advocate", "rail", "lash", "testify", "caution", "warn", "plead", "protest",
        "apologize", "apologise")),
    (("of",), ("accuse",)),
):
    for _v in _verbs:
        TOPIC_PREPS.setdefault(_v, set()).update(_preps)


DIRECTIVE: set[str] = {
    "urge", "call", "ask", "pledge", "vow", "promise", "demand", "request", "order", "advise",
    "encourage", "implore", "beg", "appeal", "plead", "invite", "challenge",
    "propose", "recommend", "threaten", "warn", "tell",
}

# Acts of judging or naming whose object carries the quoted words
# (``blasted the media for being “unbelievably dishonest”``); they attribute only when the
# quotation is at least ``EVALUATIVE_MIN_WORDS`` words long, so that a scare quote in the
# object (``condemned ongoing “trash balloons”``) stays a scare quote.
EVALUATIVE: set[str] = {
    "call", "blast", "condemn", "describe", "label", "dub", "praise", "criticize", "criticise",
    "slam", "cite", "rate", "deride", "mock", "accuse", "term", "brand", "characterize",
    "characterise", "hail", "tout", "liken", "compare", "dismiss", "decry", "denounce", "reject",
    "applaud", "commend", "chant", "sing", "tweet", "post", "write", "read", "quote",
    "reference", "recall", "stress", "highlight", "lament", "question", "attack", "defend",
    "endorse", "support", "oppose", "vow", "promise", "pledge", "encourage", "admire", "blame",
    "chide", "scold", "ridicule", "lambast", "rip", "knock", "tell", "ask", "thank", "predict",
    "portray", "view", "see", "consider", "declare", "announce", "argue",
}
EVALUATIVE_MIN_WORDS = 3

# Acts of naming: with an object and a predicate (``called climate change a hoax``,
# ``labelled the plan reckless``) the predicate is the source's judgement, quoted or not.
NAMING_CUES: set[str] = {"call", "label", "dub", "brand", "term", "deem", "pronounce"}

# Evaluative acts whose object alone is what the source holds a stance on, quoted or not
# (``Warren attacked the bank's chief executive``, ``the union endorsed Clinton``,
# ``he cited the unemployment figures``): these attribute their object even without quotes.
STANCE_OBJECT: set[str] = {
    "attack", "criticize", "criticise", "endorse", "support", "back", "reject", "question",
    "praise", "condemn", "defend", "cite", "mention", "describe", "denounce", "blast", "slam",
    "oppose", "applaud", "commend", "dismiss", "decry", "mock", "deride", "ridicule", "blame",
    "reference", "highlight", "tout", "hail", "lambast", "lambaste", "chide", "scold", "dispute",
    "echo", "welcome", "embrace", "champion", "fault", "disparage", "belittle", "insult",
    "castigate", "rebuke", "assail", "berate", "characterize", "characterise", "label", "brand",
    "liken", "compare", "thank", "congratulate", "appreciate",
}
EVALUATIVE |= STANCE_OBJECT

# Speech acts whose noun-phrase object is what was said when no quotation is there
# (``noted the clot’s existence``, ``acknowledged their uphill battle``, ``announced the arrest``).
SPEECH_OBJECT: set[str] = {
    "note", "mention", "acknowledge", "announce", "stress", "emphasize", "emphasise", "reveal",
    "disclose", "report", "deny", "admit", "confirm", "reiterate", "concede", "protest",
    "predict", "declare", "clarify", "describe", "allege", "proclaim", "recount", "recall",
    "tout", "lament", "cite", "promise", "pledge", "vow", "threaten", "guarantee", "detail",
    "express", "reaffirm", "affirm", "voice", "convey", "extend", "offer", "send", "raise", "wish",
}

# Diplomatic speech acts whose object is what was said, also as a participle (``…, expressing
# his willingness to help``): ``expressed thanks for …``, ``extended sympathy to …``.
DIPLOMATIC_OBJECT: set[str] = {"express", "reaffirm", "affirm", "reiterate", "voice", "convey", "extend", "wish",
                               "offer", "send", "raise"}
# ``extend``, ``offer``, ``send``, ``convey`` are speech acts only with one of these as object
# (``extended deep sympathy to …``, not ``extended the deadline``).
SPEECH_ACT_NOUNS: set[str] = {
    "sympathy", "condolence", "support", "thanks", "gratitude", "congratulation", "greeting", "wish",
    "regard", "invitation", "apology", "solidarity", "appreciation", "respect", "welcome", "toast",
}
# ("raised a toast to …": not "raised taxes")
GATED_SPEECH: set[str] = {"extend", "offer", "send", "convey", "raise"}

# Nouns that carry an attribution from their possessor (``Trump’s claim that …``,
# ``her view that …``, ``the senator’s criticism of the plan``); content = the ``that``
# clause or the prepositional object.
CLAIM_NOUNS: set[str] = {
    "claim", "statement", "remark", "comment", "view", "belief", "argument", "assertion",
    "warning", "suggestion", "promise", "pledge", "vow", "demand", "accusation", "allegation",
    "criticism", "attack", "threat", "proposal", "insistence", "contention", "prediction",
    "hope", "fear", "concern", "denial", "admission", "charge", "complaint", "praise", "support",
    "opposition", "endorsement", "position", "stance", "assessment", "assurance", "announcement",
    "explanation", "response", "reply", "message", "plea", "call", "opinion", "theory", "suspicion",
    "doubt", "conviction", "worry", "objection", "rejection", "defense", "defence", "idea",
    "recognition", "consensus", "understanding",
}
# Of those, the speech acts whose prepositional object is what was said (``his attacks on
# Curiel``, ``her comments about the shooting``); for the others only a ``that`` clause counts.
CLAIM_PREP_NOUNS: set[str] = {"attack", "comment", "remark", "statement", "accusation", "complaint", "warning", "proposal"}
CLAIM_PREPS = {"about", "on", "against"}

# Prepositional phrases that attribute: "according to X".
ACCORDING = ("according", "to")

# Nouns that make an explicit source ("X said in a statement", "a statement from X").
STATEMENT_NOUNS: set[str] = {"statement", "interview", "tweet", "post", "release", "email", "letter"}


def register(lemma: str, group: str = "speech") -> None:
    """Add a cue lemma to one of the groups ``speech``, ``cognition`` or ``directive``."""
    {"speech": SPEECH, "cognition": COGNITION, "directive": DIRECTIVE}[group].add(lemma.lower())


def gerund_lemma(word: str) -> str | None:
    """The speech-cue lemma of an ``-ing`` form (``warning`` → ``warn``, ``noting`` → ``note``,
    ``adding`` → ``add``), or None."""
    w = word.lower()
    if not w.endswith("ing") or len(w) < 6:
        return None
    stem = w[:-3]
    for cand in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""):
        if cand in SPEECH:
            return cand
    return None


def _gerund_group(token) -> str | None:
    """``with Kim warning that …``: the parser tags the participle a noun, but with a subject
    and a clause of its own it is a speech cue."""
    if not token.lower_.endswith("ing") or token.pos_ != "NOUN" or gerund_lemma(token.lower_) is None:
        return None
    kids = {c.dep_ for c in token.children}
    return "speech" if "nsubj" in kids and "ccomp" in kids else None


def _goes_on(token) -> bool:
    """``He went on: “…”``, ``“…,” she went on.``: "go on" with nothing after it but the words
    (not ``the talks went on for hours``, ``went on to say``, ``went on television``); the parse
    decides, so the examples are tests (tests/nlp/test_attribution.py)."""
    kids = list(token.children)
    if not any(c.dep_ == "prt" and c.lower_ == "on" and c.i == token.i + 1 for c in kids):
        return False
    return not any(c.dep_ in ("prep", "xcomp", "dobj", "pobj", "advcl", "npadvmod") for c in kids)


def _puts_it(token) -> bool:
    """``“…,” as one official put it``, ``she put it bluntly``, ``he put it to reporters``: "put it"
    as a way of saying (not ``put it on the table``, ``put it aside``)."""
    kids = list(token.children)
    if not any(c.dep_ == "dobj" and c.lower_ == "it" and c.i == token.i + 1 for c in kids):
        return False
    if any(c.dep_ in ("prep", "prt", "advmod") and c.lower_ in _PLACING for c in kids):
        return False
    return token.dep_ == "advcl" and any(c.lower_ == "as" for c in kids) or any(
        c.dep_ == "advmod" and c.i > token.i for c in kids) or any(c.dep_ == "prep" and c.lower_ == "to" for c in kids)


_PLACING = {"on", "into", "under", "behind", "through", "back", "down", "away", "aside", "forward", "off",
            "together", "out", "up", "over", "onto", "there", "here"}


_IDLE_TALK = frozenset("rubbish nonsense trash drivel".split())


def cue_group(token) -> str | None:
    """The cue group of a spaCy token, or None when it is not a reporting cue."""
    if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB"):
        return _gerund_group(token)
    lemma = token.lemma_.lower()
    if lemma in GATED_SPEECH:
        return "speech" if any(c.dep_ == "dobj" and (c.lemma_.lower() in SPEECH_ACT_NOUNS or c.lower_ in SPEECH_ACT_NOUNS)
                               for c in token.children) \
            else None
    if lemma == "wish" and any(c.dep_ == "dobj" and c.pos_ == "NOUN" for c in token.children):
        return "speech"  # "wished good health and great success to Kim" (not "wish that …")
    if lemma == "talk" and any(c.dep_ == "dobj" and c.lower_ in _IDLE_TALK for c in token.children):
        return "speech"  # "talked rubbish that the US would …" (state media's scorn for a statement)
    if lemma == "call":
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        return "directive" if nxt is not None and nxt.lower_ in ("for", "on", "upon") else "evaluative"
    if lemma in DIRECTIVE:
        return "directive"
    if lemma == "go" and _goes_on(token):
        return "speech"
    if lemma == "put" and _puts_it(token):
        return "speech"
    if lemma in SPEECH:
        return "speech"
    if lemma in COGNITION:
        return "cognition"
    if lemma in EVALUATIVE:
        return "evaluative"
    if lemma in INTENTION or lemma in TOPIC_PREPS:
        return "topic"  # content only from an infinitive or a prepositional object
    return None


# Adjectives after a copula that report a stance or a stated position, with the prepositions
# (or ``that`` for a clause) that introduce what it is about: ``X is critical of Y``,
# ``aides were coy about whether …``, ``she is confident that …``.
STANCE_ADJECTIVES: dict[str, set[str]] = {}
for _preps, _adjs in (
    (("of",), ("critical", "supportive", "skeptical", "sceptical", "dismissive", "contemptuous",
               "respectful", "protective", "tolerant", "wary", "suspicious", "mindful", "fearful")),
    (("about",), ("coy", "upfront", "unapologetic", "tepid", "vague", "candid", "frank", "vocal",
                  "enthusiastic", "optimistic", "pessimistic", "bullish", "bearish", "adamant",
                  "cautious", "skeptical", "sceptical", "confident", "mum", "silent", "quiet",
                  "open", "clear", "explicit", "ambivalent", "defensive", "wary", "concerned",
                  "worried", "hopeful", "emphatic", "effusive")),
    (("on",), ("bullish", "bearish", "mum", "silent", "quiet", "vague", "soft", "tough", "hawkish", "dovish")),
    (("in",), ("confident", "unwavering", "steadfast")),
    (("toward", "towards"), ("hostile", "sympathetic", "friendly", "cool", "warm")),
    (("that",), ("confident", "optimistic", "pessimistic", "adamant", "convinced", "sure", "certain",
                 "afraid", "concerned", "worried", "hopeful", "skeptical", "sceptical", "doubtful",
                 "emphatic", "insistent", "clear", "aware", "frustrated", "upset", "angry", "fearful")),
):
    for _a in _adjs:
        STANCE_ADJECTIVES.setdefault(_a, set()).update(_preps)
