"""The fine-tuned model's data readers: UNSCon split by speech, directed_sentiment lines, and the
synthetic first-person statements (no torch needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.stance_learned import directed_record
from evals.unscon import Sentence, detokenize, examples, split
from train.stance_synthetic import LABEL, NEGATIVE, POSITIVE, _bare, generate

UNSCON = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "unscon"


def _sentences(n_speeches: int) -> list[Sentence]:
    return [Sentence(f"S{k:03d}/spch{k % 7}", "X", f"Russia said {j}.", frozenset({"russian_federation"} if j else set()))
            for k in range(n_speeches) for j in range(3)]


def test_split_keeps_each_speech_on_one_side_and_holds_out_a_quarter():
    train, held = split(_sentences(40))
    assert not {s.speech for s in train} & {s.speech for s in held}
    assert len({s.speech for s in held}) == 10
    assert split(_sentences(40)) == (train, held)  # deterministic


def test_examples_mark_each_country_mention_with_its_label():
    s = Sentence("a/b", "X", "Moscow blamed Kyiv, and Russia warned the United States.", frozenset({"ukraine"}))
    got = {(s.text[a:b], neg) for _, a, b, neg in examples([s])}
    assert got == {("Moscow", False), ("Russia", False), ("Kyiv", True), ("United States", False)}


def test_detokenize():
    assert detokenize("We called  for dialogue , Kyiv and the regions .  ") == "We called for dialogue, Kyiv and the regions."


def test_directed_record_strips_brackets_and_finds_both_entities():
    text, e2, e1, label = directed_record("[Obama] praised [Merkel] ( again ) .\tObama\tMerkel\t1\n")
    assert text == "Obama praised Merkel ( again ) ."
    assert text[e1[0]:e1[1]] == "Obama" and text[e2[0]:e2[1]] == "Merkel" and label == 1
    # the same name twice: e2 is the other bracket
    text, e2, e1, _ = directed_record("[Smith] met [Smith] .\tSmith\tSmith\t0")
    assert e1 != e2
    assert directed_record("no tabs here") is None


def test_synthetic_statements_mark_the_target_and_follow_the_verb_class():
    items = generate(300, seed=1)
    assert generate(300, seed=1) == items
    assert {y for *_, y in items} == set(LABEL.values())
    neg_verbs = [_bare(v) for v, _ in NEGATIVE]  # "will always defend": the verb without its modal
    pos_verbs = [_bare(v) for v, _ in POSITIVE]
    for s, a, b, y in items:
        assert s[a:b] and s[a:b] == s[a:b].strip()
        before = s[:a]
        if y == LABEL["negative"]:
            assert any(v in before for v in neg_verbs)
        if y == LABEL["positive"]:
            assert any(v in before for v in pos_verbs)


@pytest.mark.skipif(not UNSCON.is_dir(), reason="shared UNSCon data not beside the checkout")
def test_unscon_held_out_quarter_of_the_86_speeches():
    from evals.unscon import load_sentences

    train, held = split(load_sentences(UNSCON))
    assert len({s.speech for s in train} | {s.speech for s in held}) == 86
    assert len({s.speech for s in held}) == 22


def test_transfer_mentions_are_named_mentions_of_sentences_read_from_the_zip(tmp_path, nlp):
    import csv
    import io
    import zipfile

    from train.stance_transfer import mentions_of, stories

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["text", "label"])
    w.writeheader()
    w.writerow({"text": "Officials in Seoul said on Tuesday that Kim Jong Un had met Vladimir Putin near the border. "
                        "Too short.", "label": "CONSULT"})
    w.writerow({"text": "The Russian foreign ministry condemned the new sanctions announced by Japan on Friday morning.",
                "label": "SANCTION"})
    path = tmp_path / "stories.csv.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("stories.csv", buf.getvalue())
    texts = stories(str(path))
    assert len(texts) == 2 and texts[1].startswith("The Russian")
    rows = list(mentions_of(texts, nlp))
    named = {r["sentence"][r["from"]:r["to"]] for r in rows}
    assert {"Seoul", "Kim Jong Un", "Vladimir Putin", "Japan"} <= named
    assert all("Too short" not in r["sentence"] for r in rows)  # a sentence under 8 tokens is left out
    assert all(r["sentence"] in texts[0] or r["sentence"] in texts[1] for r in rows)


@pytest.mark.parametrize("file_id,speaker", [
    ("UNSC_2014_SPV.7219_spch015_Russian_Federation_neg_03.txt", "Russian_Federation"),
    ("UNSC_2014_SPV.7165_spch004_United_Kingdom_Of_Great_Britain_And_Northern_Ireland_02.txt",
     "United_Kingdom_Of_Great_Britain_And_Northern_Ireland"),
    ("UNSC_2016_SPV.7643_spch003_United_States_Of_AmericaA2_01.txt", "United_States_Of_America"),
    ("UNSC_2014_SPV.7219_spch025_Indonesia_neg%2000.txt", "Indonesia"),
    ("UNSC_2014_SPV.7138_spch009_NAMIBIA_00.txt", "Namibia"),
    ("UNSC_2016_SPV.7658_spch029_Brazil_04_GD.txt", "Brazil"),  # not among the known names
])
def test_the_speaker_is_read_from_the_speechs_file_name(file_id, speaker):
    from evals.unscon import speaker_country

    known = ["Russian_Federation", "United_Kingdom_Of_Great_Britain_And_Northern_Ireland", "United_States_Of_America",
             "Indonesia", "Namibia", "Ukraine"]
    assert speaker_country(file_id, known) == speaker


def test_load_sentences_takes_the_speaker_from_the_file_not_the_country_column(tmp_path):
    """UNSCon's ``country`` column names another Council member in most rows; a speech read as
    Russia's would have its condemnations of Russia read as Russia defending itself."""
    import csv

    from evals.unscon import load_sentences

    text = "The United Kingdom condemns Russia ."
    with open(tmp_path / "conflict_annotations_sentences.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["file_id", "sentence_text", "sentence_char_offsets", "A0", "A4",
                                           "basename", "speech_id", "country"])
        w.writeheader()
        w.writerow({"file_id": "UNSC_2014_SPV.1_spch004_United_Kingdom_Of_Great_Britain_And_Northern_Ireland_02.txt",
                    "sentence_text": text, "sentence_char_offsets": f"0-{len(text)}", "A0": "Direct_NegEval",
                    "A4": "russian_federation", "basename": "UNSC_2014_SPV.1", "speech_id": "spch004",
                    "country": "Russian_Federation"})
    with open(tmp_path / "conflict_annotations.csv", "w", newline="", encoding="utf-8") as fh:
        csv.DictWriter(fh, fieldnames=["file_id", "EDU_char_offsets", "A0", "A4"]).writeheader()
    (s,) = load_sentences(tmp_path)
    assert s.speaker == "United_Kingdom_Of_Great_Britain_And_Northern_Ireland"


@pytest.mark.skipif(not UNSCON.is_dir(), reason="shared UNSCon data not beside the checkout")
def test_every_unscon_speech_has_one_speaker():
    from evals.unscon import load_sentences

    speakers: dict[str, set[str]] = {}
    for s in load_sentences(UNSCON):
        speakers.setdefault(s.speech, set()).add(s.speaker)
    assert all(len(v) == 1 for v in speakers.values())
    assert speakers["UNSC_2014_SPV.7165/spch004"] == {"United_Kingdom_Of_Great_Britain_And_Northern_Ireland"}
    assert sum(v == {"Russian_Federation"} for v in speakers.values()) == 10
