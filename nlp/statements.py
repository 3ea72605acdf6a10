"""Statement bodies: the paragraphs a colon introduces (``The ministry said in a statement:``,
``The two governments released the following joint statement:``). Only an intro that names a
document (statement, communiqué, declaration, message, letter, readout, ``the following``,
``reads:``) starts a body of several paragraphs; ``The governor added:`` introduces one.

The body starts at the paragraph after the colon; a heading right there is the statement's
title (skipped, never a quote). It runs on while the paragraphs read as the statement's own
text, and ends ("the text moves on") at

* a paragraph that is not body text (a heading, byline, dateline, caption, sign-off),
* a paragraph that quotes somebody again: it opens with a quotation mark, or a quotation in it
  is a whole sentence (capital first, end mark inside: ``Kim said: "We will respond."``) — a
  quoted term or fragment (KCNA's ``the so-called "sanctions resolutions"``, ``was "prolonging
  the conflict."``) is the statement's own word and does not end it,
* a paragraph that speaks *about* a statement (``The statement also …``, ``the communiqué``),
* a transcript speaker label (``MS. LEE: …``).
"""

from __future__ import annotations

import re

from .transcripts import _LINE, _QUESTION

_DOUBLE_MARKS = frozenset("\"“”«»„")
_ABOUT = re.compile(r"\b(?:the|this|that|its|his|her|their|a|an)\s+(?!dead\s+letter\b)(?:\w+\s+){0,2}?"
                    r"(?:statement|communiqu[eé]|declaration(?!\s+of\b)|press release|release|message|letter|readout|announcement|comments|remarks|speech|interview)\b",
                    re.IGNORECASE)


# a quoted whole sentence: a capital first, an end mark just inside the closing mark
_QUOTED_SENTENCE = re.compile(r"[\"“«„]\s*[A-Z][^\"“”«»„]*?\s\S[^\"“”«»„]*?[.!?…]\s*[\"”»]")


def quotes_again(paragraph: str) -> bool:
    """Whether a paragraph quotes somebody (the story moving on) rather than using a quoted term.

    >>> quotes_again('"We will respond," she said.'), quotes_again('Kim said: "We will respond."')
    (True, True)
    >>> quotes_again('It rejects the so-called "sanctions resolutions" as "illegal transfers."')
    False
    """
    body = paragraph.lstrip(" \t-—–")
    return body[:1] in _DOUBLE_MARKS or _QUOTED_SENTENCE.search(body) is not None


_DOCUMENT = re.compile(r"\b(?:statements?|communiqu[eé]s?|declarations?|messages?|letters?|press releases?|readouts?"
                       r"|the following|the text|reads?|read out)\b", re.IGNORECASE)


def introduces_statement(intro: str) -> bool:
    """Whether the words before a colon introduce a document (a statement, a letter, a message)
    rather than a person's next words: only a document's body runs over several paragraphs.

    >>> introduces_statement("The ministry said in a statement"), introduces_statement("The governor added")
    (True, False)
    """
    return _DOCUMENT.search(intro) is not None


_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur|[Uu]s|I)\b")


def _issuer_goes_on(text: str, paragraphs, pi: int) -> bool:
    """Whether paragraph ``pi`` is the statement's issuer speaking again in the first person
    ("We fully share this view.") after a paragraph that quoted somebody else.

    >>> from nlp.paragraphs import segment
    >>> t = 'As X said, "A is B."\n\nWe fully share this view.'
    >>> _issuer_goes_on(t, segment(t), 1)
    True
    """
    if pi >= len(paragraphs) or paragraphs[pi].kind != "body":
        return False
    body = text[paragraphs[pi].start:paragraphs[pi].end]
    return not any(ch in _DOUBLE_MARKS for ch in body) and not _ABOUT.search(body) and _FIRST_PERSON.search(body) is not None


def body_paragraphs(text: str, paragraphs, first: int) -> list[int]:
    """Indices of the paragraphs of a statement body that starts at paragraph ``first``.

    >>> from nlp.paragraphs import segment
    >>> t = ("The ministry said in a statement:\\n\\nJoint Statement\\n\\nThe talks were useful.\\n\\n"
    ...      "Both sides will meet again.\\n\\nThe statement came after a week of clashes.")
    >>> [text for text in (t[p.start:p.end] for i, p in enumerate(segment(t))
    ...                    if i in body_paragraphs(t, segment(t), 1))]
    ['The talks were useful.', 'Both sides will meet again.']
    """
    out = []
    pi = first
    if pi < len(paragraphs) and paragraphs[pi].kind == "heading" and pi + 1 < len(paragraphs):
        pi += 1  # the statement's title
    while pi < len(paragraphs):
        para = paragraphs[pi]
        body = text[para.start:para.end]
        if para.kind == "body" and quotes_again(body):
            if not _issuer_goes_on(text, paragraphs, pi + 1):
                break
            pi += 1  # "As Zakharova pointed out, “…”" / "We fully share this view.": the issuer quoted
            continue  # someone and goes on (the quoting paragraph keeps its own speaker)
        if para.kind != "body" or _ABOUT.search(body):
            break
        if _QUESTION.match(body) or (m := _LINE.match(body)) and m.group(1).replace(".", "").replace(" ", "").isupper():
            break
        out.append(pi)
        pi += 1
    return out
