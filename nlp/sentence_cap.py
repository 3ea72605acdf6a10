"""A pipeline component that bounds sentence length before the parser runs.

Prose never runs 150 tokens without a full stop, semicolon, colon or line break; text that
does (a list flattened into one line, extraction that lost the punctuation) would otherwise
become one giant sentence, and every per-sentence step after the parse — subtrees of cues,
tree distances for each target mention — would cost time quadratic in its length. The
component marks a sentence start after every ``MAX_RUN`` tokens without such a break; the
parser keeps boundaries that are already set. It also starts a sentence after a blank line: a
paragraph never continues the sentence above it, though a headline or dateline without a full
stop would otherwise be parsed into the lede below it.
"""

from __future__ import annotations

from spacy.language import Language

MAX_RUN = 150
NAME = "stance_reader_sentence_cap"
_BREAKS = {".", "!", "?", ";", ":", "…"}


@Language.component(NAME)
def cap_sentences(doc):
    run = 0
    after_blank = False
    for tok in doc:
        if after_blank and not tok.is_space:
            # a paragraph starts a sentence: a headline, byline or dateline without a full stop
            # ("SEOUL, Nov 4 (Reuters) -") is not parsed as part of the lede below it
            tok.is_sent_start = True
            after_blank = False
            run = 0
        if tok.is_space and tok.text.count("\n") >= 2:
            after_blank = tok.i > 0
            continue
        if run >= MAX_RUN and not tok.is_punct:
            tok.is_sent_start = True
            run = 0
        if tok.text in _BREAKS or "\n" in tok.text:
            run = 0
        else:
            run += 1
    return doc


def install(nlp) -> None:
    """Add the component before the parser (or the sentence recogniser), once."""
    if NAME in nlp.pipe_names:
        return
    for before in ("parser", "senter"):
        if before in nlp.pipe_names:
            nlp.add_pipe(NAME, before=before)
            return
