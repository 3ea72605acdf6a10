"""Decoding article bytes: encodings, line ends, and what is refused."""

import codecs

import pytest

from nlp.decode import DecodeError, decode_article

TEXT = "Kim said “Russia’s aggression” is illegal — café.\n"


def test_plain_utf8_is_returned_unchanged():
    assert decode_article(TEXT.encode("utf-8")) == TEXT


@pytest.mark.parametrize("encoding, bom", [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_byte_order_marks_are_honoured_and_dropped(encoding, bom):
    assert decode_article(bom + TEXT.encode(encoding)) == TEXT


def test_crlf_and_cr_become_lf():
    assert decode_article(b"one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"


def test_latin1_text_is_read_as_latin1():
    assert decode_article("Moscou a déclaré: «non».\n".encode("latin-1")) == "Moscou a déclaré: «non».\n"


def test_escape_sequences_in_text_are_kept_for_the_ui_to_show_literally():
    assert decode_article(b"\x1b[31mred\x1b[0m said Kim.\n") == "\x1b[31mred\x1b[0m said Kim.\n"


def test_mostly_utf8_with_a_bad_byte_keeps_its_utf8():
    data = TEXT.encode("utf-8") + b"broken \xff byte\n"
    assert decode_article(data) == TEXT + "broken \ufffd byte\n"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b" \n\t\n", "empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
        (TEXT.encode("utf-16-le"), "binary"),  # UTF-16 without a BOM cannot be told from binary
    ],
    ids=["empty", "blank", "elf", "controls", "utf16-no-bom"],
)
def test_refused_inputs(data, message):
    with pytest.raises(DecodeError, match=message):
        decode_article(data)
