"""Speaker names are names: the article's own spelling of a mention, never a clause.

An entity first met as a description takes the mention as the article spells it (``the prime
minister’s spokesman``, not the tokens joined by spaces), cut to the head's noun phrase when
it runs over ``MAX_NAME_WORDS`` words (``The deal and how it came to be provide telling insight
into …`` is a parse gone wrong, not a name).
"""

from __future__ import annotations

MAX_NAME_WORDS = 8
_NP_LEFT = {"det", "amod", "compound", "poss", "nummod", "case", "nmod", "quantmod", "npadvmod", "advmod", "punct"}


def spelled(tokens) -> str:
    """The article's text from the first token to the last, blanks collapsed.

    >>> import spacy
    >>> doc = spacy.blank("en")("the prime minister’s spokesman said")
    >>> spelled(doc[0:5])
    'the prime minister’s spokesman'
    """
    toks = [t for t in tokens if not t.is_space]
    if not toks:
        return ""
    # the span's own text (Doc.text is rebuilt from every token on each access)
    return " ".join(toks[0].doc[toks[0].i:toks[-1].i + 1].text.split())


def noun_phrase(head) -> list:
    """The head with its contiguous left modifiers (determiner, adjectives, compounds,
    possessors): ``a senior U.S. official`` of ``a senior U.S. official with knowledge of …``."""
    doc = head.doc
    start = head.i
    while start > 0:
        t = doc[start - 1]
        if t.is_space or "\n" in t.text:
            break
        anc = t
        while anc.head.i != anc.i and anc.head.i != head.i and anc.head.i < head.i:
            anc = anc.head
        if anc.head.i != head.i or anc.dep_ not in _NP_LEFT:
            break
        start -= 1
    return [doc[i] for i in range(start, head.i + 1)]


def mention_name(tokens, head, limit: int = MAX_NAME_WORDS) -> str:
    """The name for an entity first met as this mention (see the module docstring); ``limit``
    words, more for a role with the body it serves, which is a name however long ("spokesman for
    the Ministry of National Defence of the DPRK")."""
    name = spelled(tokens)
    if len(name.split()) > limit:
        name = spelled(noun_phrase(head))
    return name


def best_name(name: str, forms: list[str], kind: str = "", limit: int = MAX_NAME_WORDS) -> str:
    """The entity's name, or its shortest form when the name is no name (over
    ``MAX_NAME_WORDS`` words or holding a line break). A group listed by its members (``Ann
    Lee, the foreign minister, and Bo Park, her deputy``) may run to twice that; ``limit``
    words, more for a role named with the body it serves.

    >>> best_name("the deal and how it came to be provide telling insight", ["the deal"])
    'the deal'
    """
    limit = 2 * limit if kind == "group" and " and " in name else limit

    def ok(n: str) -> bool:
        return bool(n.strip()) and "\n" not in n and len(n.split()) <= limit

    if ok(name):
        return name
    good = [f for f in forms if ok(f)]
    if good:
        return min(good, key=len)
    return " ".join(name.split()[:MAX_NAME_WORDS]) if name.strip() else name
