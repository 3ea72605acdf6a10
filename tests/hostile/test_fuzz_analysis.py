"""Property-based fuzzing of bytes → text → analysis (brief in CI; longer runs: bench/fuzz_atheris.py).

Texts are built from article-like pieces (every kind of quotation mark, speech verbs, names,
targets, paragraph breaks, markup, escapes, control and odd Unicode characters) mixed with
arbitrary Unicode, so that the engines' interesting paths are reached in few examples.
``HYPOTHESIS_PROFILE=fuzz`` runs many more examples locally.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.contract import problems
from nlp.decode import DecodeError, decode_article
from nlp.model import Analysis

settings.register_profile(
    "ci", max_examples=60, deadline=None, derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz", max_examples=5_000, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")

PIECES = [
    "“", "”", "‘", "’", "\"", "'", "«", "»", "‹", "›", "„", "‚", "「", "」", "『", "』", "＂", "``", "''",
    " said ", " says ", " told reporters", " according to ", " warned that ", " added.", ", he said.", ", she said",
    "Kim", "Lloyd Austin", "Defense Secretary Lloyd Austin", "Maria Zakharova", "the ministry", "officials",
    "Russia", "Russia’s", "the Kremlin", "Moscow", "North Korea", "DPRK", "Pyongyang", "Kim Jong Un",
    "illegal aggression", "ironclad", "a grave threat", "we welcome", "not", "never",
    "We will not back down", "This is pretty serious", "The alliance is strong",
    ". ", "? ", "! ", ", ", " — ", "…", ": ", "; ", "(", ")", "[", "]",
    "\n", "\n\n", "\n\n\n", "\t", " ", "  ",
    "[bold]", "[/]", "[@click=app.quit]", "[link=http://x]", "\x1b[31m", "\x1b]8;;x\x1b\\", "\x07", "\x0c",
    "\u200b", "\u202e", "\ufeff", "\u2028", "\ufffd", "é", "ß", "日本", "🙂", "\U0001f1f0\U0001f1f7",
    "Mr.", "U.S.", "Oct. 30", "10,000", "1 of 2 |", "Photo by Shawn Thew/EPA-EFE",
]

texts = st.lists(
    st.one_of(st.sampled_from(PIECES), st.sampled_from(PIECES), st.text(max_size=12)),
    min_size=1, max_size=80,
).map("".join)


def check(analysis: Analysis, text: str) -> None:
    doc = analysis.to_dict()
    assert doc["text"] == text
    assert problems(doc) == []
    for q in analysis.quotes:
        assert 0 <= q.start <= q.end <= len(text) and text[q.start:q.end] == q.text
        for span in (q.cue, q.speaker_mention):
            if span is not None:
                assert text[span.start:span.end] == span.text
    for m in analysis.mentions:
        assert text[m.start:m.end] == m.text
    for p in analysis.paragraphs:
        assert 0 <= p.start <= p.end <= len(text)
    assert Analysis.from_dict(doc).to_dict() == doc


@settings(settings.get_profile(PROFILE))
@given(text=texts)
def test_analysis_never_raises_and_keeps_its_contract(nlp, text):
    from nlp.analyze import analyze

    check(analyze(text, nlp, source="fuzz"), text)


@settings(settings.get_profile(PROFILE), max_examples=settings.get_profile(PROFILE).max_examples // 3)
@given(text=texts, size=st.integers(min_value=8, max_value=200))
def test_chunked_parse_gives_back_the_text_and_the_same_analysis_contract(nlp, text, size):
    from nlp import parse as parse_module
    from nlp.analyze import analyze

    assert "".join(parse_module.chunks(text, size)) == text
    assert parse_module.parse(text, nlp, size=size).text == text
    old = parse_module.CHUNK_CHARS
    parse_module.CHUNK_CHARS = size
    try:
        check(analyze(text, nlp), text)
    finally:
        parse_module.CHUNK_CHARS = old


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-32", "latin-1", "cp1252"]


@settings(settings.get_profile(PROFILE), max_examples=settings.get_profile(PROFILE).max_examples * 5)
@given(data=st.one_of(
    st.binary(max_size=400),
    st.tuples(texts, st.sampled_from(ENCODINGS)).map(lambda te: te[0].encode(te[1], errors="replace")),
))
def test_decoding_any_bytes_gives_text_or_a_decode_error(data):
    try:
        text = decode_article(data)
    except DecodeError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(text, str) and text.strip()
    assert "\r" not in text and not text.startswith("\ufeff")


@settings(settings.get_profile(PROFILE), max_examples=settings.get_profile(PROFILE).max_examples // 2)
@given(text=texts, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_bytes_to_analysis(nlp, text, encoding):
    """The whole path a file takes: bytes → decode → analysis, for text in a BOM'd or UTF-8 encoding."""
    from nlp.analyze import analyze

    try:
        decoded = decode_article(text.encode(encoding, errors="surrogatepass"))
    except (DecodeError, UnicodeEncodeError):
        return
    expected = text.lstrip("\ufeff") if encoding != "utf-8" else text
    assert decoded == expected.replace("\r\n", "\n").replace("\r", "\n") or decoded == text.replace("\r\n", "\n").replace("\r", "\n")
    check(analyze(decoded, nlp), decoded)
