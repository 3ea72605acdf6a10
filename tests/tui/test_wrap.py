"""The line-at-a-time wrap of one-cell text breaks exactly where the word-by-word wrap does."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.wrap import _wrap_words, line_starts


def word_by_word(text: str, width: int) -> list[int]:
    width = max(1, width)
    starts, pos = [0], 0
    for hard_line in text.split("\n"):
        _wrap_words(hard_line, pos, width, starts)
        pos += len(hard_line) + 1
        if pos <= len(text):
            starts.append(pos)
    return starts


ALPHABET = st.sampled_from(list("ab  \n“”’é—") + ["\t", "\u00a0", "漢", "\u0301", "x" * 12, " " * 5])


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=80).map("".join), st.integers(min_value=1, max_value=20))
def test_same_breaks_as_word_by_word(text, width):
    assert line_starts(text, width) == word_by_word(text, width)


def test_long_article_paragraphs():
    text = ("He said “we will not back down” and left. " * 40 + "\n\n") * 5 + "x" * 300 + " end\n"
    for width in (1, 7, 40, 77, 120):
        assert line_starts(text, width) == word_by_word(text, width)
