"""Speaker-colon lines and transcript turns: ``WALLACE: Let's start with …``, ``Q    Did they
talk about …?``, and headline attributions (``Sanders: Clinton needs to change course``).

A paragraph that opens with a short name and a colon, followed by what was said without
quotation marks, attributes the rest of the paragraph to the name when

* the name is written in capitals (the transcript convention), one to four words, possibly
  after the opening mark of a transcript quoted as a block (``"WALLACE: …``); or
* the paragraph is the article's title / a heading (the headline convention), and the name is
  one to four capitalised words.

A meeting record writes the speaker in mixed case, with an honorific or as the chair, often
with the country or language in brackets: ``Mr. Nebenzia (Russian Federation): …``, ``The
President: …`` (a turn label; the brackets are not part of the name).

A reporter's question is labelled ``Q`` (``Q:``, ``Q.``, or ``Q`` and a wide gap, as White House
transcripts print it) or ``QUESTION:``: the label of a *questioner*.

Labels that only look like speakers (``UPDATE:``, ``CLARIFICATION:``, ``PHOTO:``) are skipped.

**Turns.** In a transcript (two or more labels outside the title and headings), a label owns
its paragraph and every following paragraph up to the next label, a heading, a stage direction
(``(CROSSTALK)``, ``[inaudible]``, ``…``) or a sign-off. A document title or heading with a
colon is a headline attribution, never a turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# a label may carry a note in brackets before its colon: "PRIME MINISTER (as interpreted):",
# "Question (follow-up):" (the note is not part of the name); not a dateline's "SEOUL (Yonhap):"
# news agencies, by the names datelines and briefing transcripts give them
_AGENCIES = ("Yonhap", "Reuters", "AFP", "AP", "KCNA", "Xinhua", "Kyodo", "UPI", "dpa", "EFE", "ANSA", "Interfax",
             "Bloomberg", "TASS", "RIA", "Sputnik", "NHK", "CCTV", "CGTN", "CNN", "BBC", "KBS", "MBC", "SBS", "NBC", "ABC",
             "CBS", "Anadolu", "Bernama", "Antara", "PTI", "IRNA", "Prensa Latina")
_NOTE = r"(?:[ \t\u00a0]*\((?![ \t]*(?:" + "|".join(_AGENCIES) + r")[ \t]*\))[^()\n]{1,40}\))?"
# the last word of an outlet's name: a reporter labelled by their outlet ("Phoenix TV: …", "China
# Daily: …", "Yonhap News Agency: …") asks the questions
_OUTLET_WORDS = {"news", "tv", "television", "radio", "daily", "times", "post", "network", "media", "broadcasting",
                 "agency", "journal", "herald", "tribune", "gazette", "channel", "press", "novosti", "shimbun"}
# (a dateline's agency is no note: "SEOUL (Yonhap): …"; a questioner's may be: "Question (TASS):")
_QNOTE = r"(?:[ \t\u00a0]*\([^()\n]{1,40}\))?"
_LINE = re.compile(r"[ \t\u00a0]*[\"“]?([A-Z][\w.’'\- ]{0,40}?)" + _NOTE + r"[ \t\u00a0]*:[ \t\u00a0]+(?=\S)")
# meeting records: "Mr. Nebenzia (Russian Federation):", "Ms. Lee (spoke in French):", "The President:"
_RECORD = re.compile(r"[ \t\u00a0]*[\"“]?((?:Mr|Ms|Mrs|Dr|Amb|Ambassador|Sir|Dame|Lord|Lady)\.?[ \t\u00a0]+[A-Z][\w’'\-]+"
                     r"(?:[ \t\u00a0]+[A-Z][\w’'\-]+){0,3}"
                     r"|The (?:President|Chair|Chairman|Chairwoman|Chairperson|Secretary-General|Moderator|Speaker))"
                     r"(?:[ \t\u00a0]*\([^()\n]{1,60}\)){0,2}[ \t\u00a0]*:[ \t\u00a0]+(?=\S)")
# the answer to a "Q:" in a Q-and-A transcript: "A: We are aware of the reports." (the answerer is
# the official who spoke last, or whom the title names)
_ANSWER = re.compile(r"[ \t\u00a0]*[\"“]?(A|ANSWER|Answer)[ \t\u00a0]*:[ \t\u00a0]+(?=\S)")
# a role that opens a mixed-case label naming an official: "Spokesperson Jeong Hae-won: …"
_LABEL_ROLES = {"spokesperson", "spokesman", "spokeswoman", "minister", "secretary", "ambassador", "president",
                "prime", "foreign", "deputy", "vice", "director", "general", "admiral", "chief", "commissioner"}
_QUESTION = re.compile(r"[ \t\u00a0]*[\"“]?(Q|QUESTION|Question|REPORTER|Reporter|JOURNALIST|Journalist)" + _QNOTE
                       + r"(?:[ \t\u00a0]*:|\.?(?:[ \t\u00a0]{2,}|\t)|(?<=\bQ) (?=[A-Z\"“(][^\n]*\?))[ \t\u00a0]*(?=\S)")
# (the White House's "Q    Thanks, Paul. Did …?" often reaches us with one blank: "Q Thanks, Paul. Did …?"; a
# question, not "Q Cells, as the unit is known, said …")
# a reporter who opens the question with their name and outlet: "QUESTION: (Jiwon Park, Yonhap) …",
# "Q: Kenta Sato, NHK. …"
_INTRODUCED = re.compile(r"\(?([A-Z][\w’'\-]+(?:[ \t\u00a0]+[A-Z][\w’'\-]+){1,3}),[ \t\u00a0]+"
                         r"(?:the[ \t\u00a0]+)?[A-Z][\w’'&.\-]*(?:[ \t\u00a0]+[A-Z][\w’'&.\-]*){0,3}(?:\)|\.(?=[ \t\u00a0]))")
# words that make "X Y, Z." an address, not a name ("Mr Secretary, Thank you.", "Prime Minister, Japan …")
_NOT_NAMES = {"mr", "ms", "mrs", "madam", "sir", "secretary", "minister", "prime", "president", "general",
              "ambassador", "spokesman", "spokeswoman", "spokesperson", "admiral", "senator", "director",
              "thanks", "thank", "good", "hello", "hi", "yes", "no", "okay", "ok", "well", "just", "one"}
# a title that names whose words the document is: "Briefing by Foreign Ministry Spokeswoman Maria
# Zakharova, Moscow, December 4", "Remarks by the President on …", "Sergey Lavrov’s remarks at …"
_KINDS = r"(?:(?:opening|closing|introductory|keynote)\s+)?(?:remarks|briefing|statement|speech|address|comments)"
_TITLE_BY = re.compile(r"\s*" + _KINDS + r"\b[^\n]{0,60}?\bby\s+(?:the\s+)?([A-Z][^,(\n]{1,80}?)"
                       r"(?=\s*(?:,|$|\()|\s+(?:on|at|to|in|before|during|following|after|for|with|regarding)\s)",
                       re.IGNORECASE)
# state media's "Press Statement of Kim Yo Jong, Vice Department Director of …", "Statement of
# Spokesman for DPRK Foreign Ministry"
_STATEMENT_OF = re.compile(r"\s*(?:[Pp]ress\s+)?(?:[Ss]tatement|STATEMENT)\s+(?:of|OF)\s+(?:the\s+)?([A-Z][^,(\n]{1,80}?)"
                           r"(?=\s*(?:,|$|\()|\s+(?:on|regarding|concerning|about)\s)")
# "Russian tourist flow to DPRK may triple in 2025 - consul general", "… step — Peskov": a headline
# whose last words, after a dash, name its source (TASS and RIA write them so)
_DASHED_SOURCE = re.compile(r"[ \t\u00a0]*([^\n]{12,}?\S)[ \t\u00a0]+[—–-][ \t\u00a0]+"
                            r"((?:[A-Z][\w.’'\-]*|[a-z]+)(?:[ \t\u00a0]+(?:[A-Z][\w.’'\-]*|[a-z]+)){0,3})[ \t\u00a0]*$")
# what a page title ends with that is no source: a publication or a section ("- BBC News",
# "— The Guardian", "— Live Updates", "- Opinion")
_NOT_SOURCES = {"news", "times", "guardian", "post", "reuters", "bbc", "cnn", "ap", "afp", "pro", "daily", "herald",
                "journal", "telegraph", "tribune", "review", "magazine", "live", "updates", "update", "pictures",
                "photos", "video", "analysis", "explained", "explainer", "opinion", "takeaways", "key", "view",
                "interview", "podcast", "newsletter", "editorial", "timeline", "factbox", "q&a", "the"}
_SOURCE_ROLES = {"general", "ambassador", "minister", "spokesman", "spokeswoman", "spokesperson", "official",
                 "diplomat", "envoy", "expert", "analyst", "source", "consul", "senator", "lawmaker", "deputy",
                 "chief", "head", "commander", "governor", "mayor", "president", "premier", "adviser", "aide"}
_REPORTED = re.compile(r"\b(?:said|says|told|declined|issued|according to|reported)\b")
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us|my|My)\b")
_NAME_JOINERS = {"of", "for", "the", "de", "von", "van", "al", "bin", "da", "du", "le", "la"}
_TITLE_OWNER = re.compile(r"\s*([A-Z][^,\n]{1,80}?)[’']s\s+" + _KINDS + r"\b", re.IGNORECASE)
# a paragraph that is only a stage direction or an elision: "(CROSSTALK.)", "[inaudible]", "…."
_STAGE = re.compile(r"[\"“]?\s*(?:[(\[][^()\[\]]*[)\]]|…|\.\.\.)[\s.…]*[\"”]?")
QUESTIONER_LABELS = {"q", "question", "reporter", "journalist"}
LABELS = {
    "update", "updated", "clarification", "correction", "byline", "look", "photo", "photos", "video",
    "watch", "read", "related", "note", "editor's note", "editor’s note", "source", "sources",
    "stat of the week", "breaking", "exclusive", "analysis", "opinion", "editorial", "review",
    "live", "a", "answer", "warning", "credit", "caption", "image", "map",
    "chart", "graphic", "audio", "listen", "see", "also", "more", "bottom line", "why", "what",
    "how", "who", "when", "where", "the latest", "latest", "advertisement", "transcript",
    "subscribe", "sign up", "follow", "fact check", "reality check", "poll watch", "huffpollster",
    "attn", "editors", "note to editors", "corrects", "recasts", "adds", "updates",
}
# a headline "name" holding one of these is a newsletter, a column or a date, not a speaker
# ("Tuesday’s Morning Email: …", "Weekend Briefing: …")
_TITLE_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "tonight",
    "morning", "evening", "daily", "weekly", "weekend", "email", "e-mail", "newsletter", "briefing",
    "digest", "podcast", "roundup", "recap", "edition", "update", "live", "blog", "column",
}
_CUT_OFF = ("—", "–", "-", "?", "…", ",")  # a short line ending so is speech broken off, not a heading


@dataclass(frozen=True, slots=True)
class Label:
    """A speaker label: the name's span and the content after it in its paragraph.

    ``turn``: a transcript label (owns the paragraphs that follow); ``questioner``: a ``Q``."""

    paragraph: int
    start: int
    end: int
    content_start: int
    content_end: int
    turn: bool = False
    questioner: bool = False
    introduced: bool = False  # a questioner who gives their name: ``start``/``end`` are the name's
    titled: bool = False  # the speaker a document's title names ("Briefing by X"): owns the text up to the first label


@dataclass(frozen=True, slots=True)
class Turn:
    """A transcript turn: its label and the (start, end) content range of each paragraph it owns."""

    label: Label
    ranges: tuple[tuple[int, int], ...]


def _content_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\n\u00a0":
        end -= 1
    return end


def speaker_lines(text: str, paragraphs) -> list[Label]:
    """Every speaker label that opens a paragraph.

    >>> from nlp.paragraphs import segment
    >>> t = "Talks\\n\\nMODERATOR: Welcome, everyone.\\n\\nQ    Did they talk about trade?"
    >>> [(t[x.start:x.end], x.turn, x.questioner) for x in speaker_lines(t, segment(t))]
    [('MODERATOR', True, False), ('Q', True, True)]
    """
    out: list[Label] = []
    mixed: dict[str, list[Label]] = {}
    outlets: list[tuple[Label, bool]] = []  # reporters labelled by their outlet: (label, in capitals)
    answered: list[tuple[int, int, int]] = []  # "A: …" paragraphs: (paragraph, content start, content end)
    for pi, para in enumerate(paragraphs):
        if para.kind in ("boilerplate", "caption", "byline"):
            continue
        titled = pi == 0 or para.kind == "heading"
        m = _QUESTION.match(text, para.start, para.end)
        if m is not None and not titled:
            ce = _content_end(text, m.end(), para.end)
            if ce - m.end() >= 3:
                intro = _INTRODUCED.match(text, m.end(), ce)
                if intro is not None and not any(w.strip(".").lower() in _NOT_NAMES for w in intro.group(1).split()):
                    cs = intro.end()
                    while cs < ce and text[cs] in " \t\u00a0":
                        cs += 1
                    out.append(Label(pi, intro.start(1), intro.end(1), cs, ce, True, True, True))
                else:
                    out.append(Label(pi, m.start(1), m.end(1), m.end(), ce, True, True))
            continue
        m = _ANSWER.match(text, para.start, para.end)
        if m is not None and not titled:
            ce = _content_end(text, m.end(), para.end)
            if ce - m.end() >= 3:
                answered.append((pi, m.end(), ce))
            continue
        m = _RECORD.match(text, para.start, para.end)
        if m is not None and not titled:
            ce = _content_end(text, m.end(), para.end)
            if ce - m.end() >= 3:
                out.append(Label(pi, m.start(1), m.end(1), m.end(), ce, True))
            continue
        m = _LINE.match(text, para.start, para.end)
        if m is None:
            continue
        name = m.group(1).strip()
        words = name.split()
        # ("Reporter:" opening the document is a headline's label, as any name)
        if not 1 <= len(words) <= 4 or name.lower().strip(".") in LABELS | {"q", "question"}:
            continue
        caps = name.replace(".", "").replace("’", "").replace("'", "").replace("-", "").replace(" ", "")
        transcript = caps.isupper() and len(caps) >= 2
        named = all(w[:1].isupper() for w in words) and not any(
            w.lower().replace("’s", "").replace("'s", "") in _TITLE_WORDS for w in words)
        headline = titled and named
        cs, ce = m.end(), _content_end(text, m.end(), para.end)
        if ce - cs < 3:
            continue
        if not titled and _outlet(words):
            outlets.append((Label(pi, m.start(1), m.start(1) + len(name), cs, ce, True, True), transcript))
            continue
        if not (transcript or headline):
            if named and not titled:
                mixed.setdefault(name, []).append(Label(pi, m.start(1), m.start(1) + len(name), cs, ce, True))
            continue
        out.append(Label(pi, m.start(1), m.start(1) + len(name), cs, ce, transcript and not titled))
    if paragraphs and not any(lab.paragraph == 0 for lab in out) and (m := _DASHED_SOURCE.match(
            text, paragraphs[0].start, paragraphs[0].end)) is not None and paragraphs[0].kind in ("heading", "body"):
        # a wire headline that ends with its source: "Kremlin sees drills as provocative step — Peskov"
        source = m.group(2).split()
        low = [w.lower().strip(".’'") for w in source]
        named = source[0][:1].isupper() and len(source) <= 3 and not set(low) & _NOT_SOURCES
        if named or (low[0] not in ("the", "a", "an", "and", "but", "as") and low[-1].rstrip("s") in _SOURCE_ROLES):
            out.insert(0, Label(0, m.start(2), m.end(2), m.start(1), m.end(1)))  # (not "… - live updates")
    if not out and (answer := _answer_without_labels(text, paragraphs)) is not None:
        out.append(answer)
    answers = [lab for labs in mixed.values() if len(labs) >= 2 or _official(text[labs[0].start:labs[0].end])
               for lab in labs]
    if outlets and (answers or any(lab.turn and not lab.questioner for lab in out)):
        out += [lab for lab, _ in outlets]  # outlets ask where someone answers
        out.sort(key=lambda lab: lab.paragraph)
    elif outlets:  # no briefing ("Korea Herald: …" in a press review): a label in capitals as any other
        out += [Label(lab.paragraph, lab.start, lab.end, lab.content_start, lab.content_end, True)
                for lab, caps in outlets if caps]
        out.sort(key=lambda lab: lab.paragraph)
    # (a mixed-case label that will answer questions ends the titled speaker's text as any label does)
    asked = [lab for lab in answers if any(q.questioner for q in out)]
    if (titled_label := _titled_speaker(text, paragraphs, out + asked)) is not None:
        out.insert(0, titled_label)
    if answered and any(lab.questioner for lab in out):
        # "Q: …" / "A: …": each answer is the official who spoke last, whom the title names, or
        # who the lead says answers ("The spokesman for the Foreign Ministry of the DPRK gave the
        # following answer to a question raised by KCNA:")
        lead = _answerer_in_lead(text, paragraphs, min(lab.paragraph for lab in out if lab.questioner))
        for pi, cs, ce in answered:
            if (who := _last_answerer(text, out + answers, pi)) is not None:
                out.append(Label(pi, who.start, who.end, cs, ce, True))
            elif lead is not None:
                out.append(Label(pi, lead[0], lead[1], cs, ce, True))
        out.sort(key=lambda lab: lab.paragraph)
    if any(lab.questioner for lab in out) and answers:
        # a transcript that writes its speakers in mixed case ("Question: …" / "Maria Zakharova: …",
        # "Spokesperson: …"): a name or role that opens two or more paragraphs with a colon is a label
        out += answers
        out.sort(key=lambda lab: lab.paragraph)
    elif not any(lab.turn and not lab.questioner or lab.questioner and text[lab.start:lab.end] != "Question"
                 for lab in out):
        # "Question:" in mixed case and no answerer's label: an article's device, no transcript
        out = [lab for lab in out if not lab.questioner]
    return _unlabelled_answers(text, paragraphs, out)


def _unlabelled_answers(text: str, paragraphs, labels: list[Label]) -> list[Label]:
    """A paragraph with no label right after a question that ends with "?" is the answer, by the
    official who answered last or whom the title names ("Question: Is this true?" / "We have
    repeatedly commented on such leaks." in a Foreign Ministry briefing); the reporter asks no more.

    >>> from nlp.paragraphs import segment
    >>> t = ("Briefing\\n\\nMS. LEE: We agreed.\\n\\nQ: Will you meet?\\n\\nSoon.\\n\\nQ: Where? And when?\\n\\n"
    ...      "In Seoul.")
    >>> [(t[x.start:x.end], t[x.content_start:x.content_end]) for x in speaker_lines(t, segment(t))]
    [('MS. LEE', 'We agreed.'), ('Q', 'Will you meet?'), ('MS. LEE', 'Soon.'), ('Q', 'Where? And when?'), ('MS. LEE', 'In Seoul.')]
    """
    if sum(1 for lab in labels if lab.turn) < 2 or not any(lab.questioner for lab in labels):
        return labels
    at = {lab.paragraph for lab in labels}
    added = []
    for q in labels:
        if not q.questioner or q.paragraph + 1 >= len(paragraphs) or q.paragraph + 1 in at:
            continue
        para = paragraphs[q.paragraph + 1]
        body = text[para.start:para.end]
        if not text[q.content_start:q.content_end].rstrip(" \"”’'").endswith("?") or para.kind != "body" \
                or is_stage_direction(body) or body.rstrip(" \"”’'").endswith("?"):
            continue  # (a paragraph that asks again is the reporter's follow-up)
        if (who := _last_answerer(text, labels, q.paragraph)) is not None:
            added.append(Label(q.paragraph + 1, who.start, who.end, para.start, _content_end(text, para.start, para.end),
                               True))
    return sorted(labels + added, key=lambda lab: lab.paragraph) if added else labels


def _last_answerer(text: str, labels: list[Label], before: int) -> Label | None:
    """The label of the official who took the last turn before paragraph ``before`` that was no
    question (or whom the title names), never a moderator: who answers an unlabelled answer."""
    by = [lab for lab in labels if lab.paragraph < before and not lab.questioner and (lab.turn or lab.titled)
          and text[lab.start:lab.end].lower() not in _HOSTS]
    return max(by, key=lambda lab: lab.paragraph, default=None)


# the lead of a written Q-and-A: "… (KCNA) -- The spokesman for the Foreign Ministry of the DPRK gave the
# following answer to a question raised by KCNA …"
_ANSWERER = re.compile(r"(?:[^\n]*?(?:--|—|–)[ \t\u00a0]*)?((?:[Tt]he[ \t\u00a0]+)?[A-Z][^\n:]{2,120}?)[ \t\u00a0]+"
                       r"(?:(?:gave|made|offered|issued|sent)[ \t\u00a0]+(?:the[ \t\u00a0]+following[ \t\u00a0]+|an?[ \t\u00a0]+)?"
                       r"(?:answers?|repl(?:y|ies))|(?:answered|replied[ \t\u00a0]+to)[ \t\u00a0]+(?:an?|the)[ \t\u00a0]+"
                       r"(?:following[ \t\u00a0]+)?questions?)\b")


def _answer_without_labels(text: str, paragraphs) -> Label | None:
    """KCNA's written answer with no labels: "A spokesman for the Foreign Ministry of the DPRK gave
    the following answer to a question raised by KCNA on Thursday as regards …:" and then the
    answer, paragraph after paragraph, to the end: the answerer owns them (as a title's speaker)."""
    for pi, para in enumerate(paragraphs[:4]):
        m = _ANSWERER.match(text, para.start, para.end)
        if m is None or not text[para.start:para.end].rstrip().endswith(":"):
            continue
        nxt = paragraphs[pi + 1] if pi + 1 < len(paragraphs) else None
        if nxt is None or nxt.kind != "body":
            return None
        return Label(pi, m.start(1), m.end(1), nxt.start, _content_end(text, nxt.start, nxt.end), True, titled=True)
    return None


def _answerer_in_lead(text: str, paragraphs, before: int) -> tuple[int, int] | None:
    """Where the paragraphs before the first question name who gives the answers (the name's
    characters), or None."""
    for para in paragraphs[:before]:
        m = _ANSWERER.match(text, para.start, para.end)
        if m is not None:
            return m.start(1), m.end(1)
    return None


# labels of whoever runs a briefing, who gives no answers
_HOSTS = {"moderator", "host", "operator", "chair", "chairman", "chairwoman", "presenter", "emcee", "mc"}


def _outlet(words: list[str]) -> bool:
    """Whether a label's words name a news outlet, whose reporter asks ("AFP", "Yonhap News
    Agency", "Phoenix TV").

    >>> _outlet(["AFP"]), _outlet(["Phoenix", "TV"]), _outlet(["Mao", "Ning"])
    (True, True, False)
    """
    return " ".join(words) in _AGENCIES or (len(words) >= 2 and words[-1].lower() in _OUTLET_WORDS
                                              and all(w[:1].isupper() for w in words))  # (not "Good news:")


def _official(name: str) -> bool:
    """Whether a mixed-case label names an official by title and name ("Spokesperson Jeong
    Hae-won", "Foreign Minister Kang"): a label even where it opens only one paragraph."""
    words = name.split()
    return len(words) >= 2 and words[0].lower() in _LABEL_ROLES


def _titled_speaker(text: str, paragraphs, labels: list[Label]) -> Label | None:
    """The label of the speaker a document's title names as the author of its words ("Briefing
    by X", "X's remarks at …"), when body text follows before any other label: one person, not
    "A and B"; the title a noun phrase, not a headline about remarks ("Remarks by X spark
    outrage" has a verb after the name, which the name pattern does not take)."""
    if not paragraphs or paragraphs[0].kind not in ("heading", "body"):
        return None
    first = paragraphs[0]
    title = text[first.start:first.end]
    m = _TITLE_BY.match(title) or _TITLE_OWNER.match(title) or _STATEMENT_OF.match(title)
    if m is None:
        return None
    name = m.group(1).strip()
    words = name.split()
    if not 1 <= len(words) <= 8 or "&" in name or not all(w[:1].isupper() or w in _NAME_JOINERS for w in words):
        return None  # "A and B", "Remarks by Trump spark outrage"
    first_label = min((lab.paragraph for lab in labels), default=len(paragraphs))
    body = next((pi for pi in range(1, first_label) if paragraphs[pi].kind == "body"), None)
    if body is None:
        return None
    # the words of the one the title names: they speak in the first person, or at least report
    # nobody (a story headed "Remarks by Kim Yo Jong" reports her and others in the third)
    prose = " ".join(text[p.start:p.end] for p in paragraphs[1:first_label] if p.kind == "body")
    if not _FIRST_PERSON.search(prose) and _REPORTED.search(prose):
        return None  # a story that reports (others) in the third person, not a statement
    para = paragraphs[body]
    if text[para.start:para.end].rstrip().endswith(":"):
        return None  # "Pyongyang, March 11 (KCNA) -- Kim Yo Jong … issued the following press
        # statement:": the publisher's lead introduces the words, which its own intro attributes
    start = first.start + m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
    return Label(0, start, start + len(name), para.start, _content_end(text, para.start, para.end), True, titled=True)


def is_stage_direction(text: str) -> bool:
    """A paragraph that is a stage direction or an elision, not speech.

    >>> is_stage_direction('"(CROSSTALK.)'), is_stage_direction("(inaudible) We agreed.")
    (True, False)
    """
    return _STAGE.fullmatch(text.strip()) is not None


def turns(text: str, paragraphs, labels: list[Label]) -> list[Turn]:
    """The transcript turns of a document: each label with the paragraphs it owns.

    With fewer than two turn labels the document is not a transcript (a ``NAME: …`` line quoted
    in a story): each label then owns only its own paragraph.

    >>> from nlp.paragraphs import segment
    >>> t = "Talks\\n\\nMS. LEE: We agreed.\\n\\nWe will meet again.\\n\\n(CROSSTALK)\\n\\nQ: When?\\n\\nSoon."
    >>> paras = segment(t)
    >>> [[t[a:b] for a, b in x.ranges] for x in turns(t, paras, speaker_lines(t, paras))]
    [['We agreed.', 'We will meet again.'], ['When?'], ['Soon.']]
    """
    label_at = {lab.paragraph: lab for lab in labels}
    transcript = sum(1 for lab in labels if lab.turn) >= 2
    out = []
    first_label = min((lab.paragraph for lab in labels if not lab.titled), default=len(paragraphs))
    for lab in labels:
        ranges = [(lab.content_start, lab.content_end)]
        if lab.titled:  # the titled speaker's text: every body paragraph up to the first label
            start = next(pi for pi, p in enumerate(paragraphs) if p.start == lab.content_start)
            for pi in range(start + 1, first_label):
                para = paragraphs[pi]
                if para.kind == "body" and not is_stage_direction(text[para.start:para.end]):
                    ranges.append((para.start, _content_end(text, para.start, para.end)))
        elif lab.turn and transcript:
            for pi in range(lab.paragraph + 1, len(paragraphs)):
                para = paragraphs[pi]
                body = text[para.start:para.end]
                if pi in label_at or para.kind in ("boilerplate", "caption", "byline") or is_stage_direction(body):
                    break
                if para.kind == "heading" and not body.rstrip().endswith(_CUT_OFF):
                    break
                ranges.append((para.start, _content_end(text, para.start, para.end)))
        out.append(Turn(lab, tuple(ranges)))
    return out
