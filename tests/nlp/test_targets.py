"""Targets: the shipped TOML, user files, and mention matching."""

from __future__ import annotations

import time

import pytest

from nlp.targets import DEFAULT_TARGETS, TargetsError, find_mentions, load_targets


def _found(text, targets=DEFAULT_TARGETS):
    return [(m.target, m.text) for m in find_mentions(text, targets)]


def test_defaults_are_russia_and_dprk():
    names = [t.name for t in DEFAULT_TARGETS]
    assert names == ["Russia", "DPRK"]
    russia = DEFAULT_TARGETS[0]
    for alias in ("Russia", "Russian", "Moscow", "the Kremlin", "Putin", "Vladimir Putin"):
        assert alias in russia.aliases


@pytest.mark.parametrize(
    "text,expected",
    [
        ("North Korea fired a missile.", [("DPRK", "North Korea")]),
        ("North Korean troops", [("DPRK", "North Korean")]),
        ("the DPRK said", [("DPRK", "DPRK")]),
        ("if DPKR soldiers fight", [("DPRK", "DPKR")]),
        ("Pyongyang responded", [("DPRK", "Pyongyang")]),
        ("Kim Jong Un visited", [("DPRK", "Kim Jong Un")]),
        ("Kim Jong-un visited", [("DPRK", "Kim Jong-un")]),
        ("Russia’s illegal aggression", [("Russia", "Russia")]),
        ("Russia's illegal aggression", [("Russia", "Russia")]),
        ("Russian uniforms", [("Russia", "Russian")]),
        ("Moscow said", [("Russia", "Moscow")]),
        ("the Kremlin said", [("Russia", "the Kremlin")]),
        ("Vladimir Putin has not achieved", [("Russia", "Vladimir Putin")]),
        ("[Putin’s] in trouble", [("Russia", "Putin")]),
    ],
)
def test_aliases_match(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "South Korea and the United States",
        "peace and stability on the Korean peninsula",
        "The U.S.-South Korea relationship",
        "South Korean territory",
        "Russianness and Moscowitz",  # whole words only
        "the dprk",  # abbreviations are case-sensitive
    ],
)
def test_non_mentions(text):
    assert _found(text) == []


def test_the_north_counts_only_beside_a_plain_mention():
    assert _found("Austin called for the north to cease.") == []
    text = "North Korea sent troops. Austin called for the north to cease."
    assert _found(text) == [("DPRK", "North Korea"), ("DPRK", "the north")]
    # but not the geographic "north of"
    assert _found("North Korea sent troops to the north of Ukraine.") == [("DPRK", "North Korea")]


def test_seed_mentions(seed_text):
    found = find_mentions(seed_text)
    texts = {(m.target, m.text) for m in found}
    assert ("DPRK", "DPKR") in texts
    assert ("DPRK", "the north") in texts
    assert ("Russia", "Putin") in texts
    for m in found:
        assert seed_text[m.start : m.end] == m.text
        assert "South" not in seed_text[max(0, m.start - 6) : m.start]


def test_matching_is_fast(seed_text):
    find_mentions(seed_text)
    t = time.perf_counter()
    for _ in range(20):
        find_mentions(seed_text)
    assert (time.perf_counter() - t) / 20 < 0.02


def test_user_file_adds_and_extends(tmp_path):
    p = tmp_path / "targets.toml"
    p.write_text(
        '[targets.China]\nnames = ["China", "PRC"]\ncapitals = ["Beijing"]\nleaders = ["Xi Jinping"]\n\n'
        '[targets.Ukraine]\nnames = ["Ukraine"]\ndemonyms = ["Ukrainian", "Ukrainians"]\ncapitals = ["Kyiv", "Kiev"]\n\n'
        '[targets.Russia]\nleaders = ["Medvedev"]\n',
        encoding="utf-8",
    )
    targets = load_targets(p)
    assert [t.name for t in targets] == ["Russia", "DPRK", "China", "Ukraine"]
    found = _found("Beijing and Kyiv spoke; Medvedev and Putin did not.", targets)
    assert found == [("China", "Beijing"), ("Ukraine", "Kyiv"), ("Russia", "Medvedev"), ("Russia", "Putin")]


def test_user_file_can_replace(tmp_path):
    p = tmp_path / "t.toml"
    p.write_text('[targets.Russia]\nreplace = true\nnames = ["Russia"]\n', encoding="utf-8")
    russia = load_targets(p)[0]
    assert russia.aliases == ("Russia",)
    assert _found("Putin and Russia", load_targets(p)) == [("Russia", "Russia")]


def test_malformed_toml_names_the_line(tmp_path):
    p = tmp_path / "bad.toml"
    p.write_text('[targets.China]\nnames = ["China"\ncapitals = ["Beijing"]\n', encoding="utf-8")
    with pytest.raises(TargetsError, match=r"bad\.toml: line [23]"):
        load_targets(p)


def test_wrong_types_name_the_line(tmp_path):
    p = tmp_path / "bad.toml"
    p.write_text('# comment\n[targets.China]\nnames = "China"\n', encoding="utf-8")
    with pytest.raises(TargetsError, match=r"line 3: 'names'.*list"):
        load_targets(p)
    p.write_text('[targets.China]\nnames = ["China"]\nnicknames = ["x"]\n', encoding="utf-8")
    with pytest.raises(TargetsError, match=r"line 3: unknown key 'nicknames'"):
        load_targets(p)


def test_missing_file(tmp_path):
    with pytest.raises(TargetsError, match="cannot read"):
        load_targets(tmp_path / "nope.toml")


def test_korean_friends_count_beside_a_plain_mention_of_the_dprk():
    """Russian and North Korean officials say "our Korean friends", "the Korean servicemen" for
    the DPRK; "Korean" alone may be South Korean or the whole nation ("Korean and American troops",
    "Korean culture", "the Korean Peninsula") and is no mention."""
    text = ("Lavrov met Choe Son Hui in Pyongyang. Our Korean friends know this. The Korean servicemen fought bravely, "
            "South Korean officials said. Korean and American troops will stand together, and Korean culture is "
            "popular.")
    assert _found(text) == [("Russia", "Lavrov"), ("DPRK", "Choe Son Hui"), ("DPRK", "Pyongyang"),
                            ("DPRK", "Our Korean"), ("DPRK", "Korean servicemen")]
    assert _found("Our Korean friends know this.") == []
