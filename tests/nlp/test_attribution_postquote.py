"""Attribution after a closing quotation mark (``“…,” Name [, apposition,] said …``) and the
parser errors it has to survive: quoted words taken for the subject, a clause after the cue
taken for the content, a finite cue mistagged as a participle, a ``that`` clause hung on the
cue as an adverbial clause."""

from __future__ import annotations

import pytest

from .attributed import find, run


def test_multi_sentence_quote_then_name_with_party_and_cue(nlp):
    text = ("Supporters gathered outside the hall on Friday.\n\n"
            "\"She would make a fine governor. Not good, fine. One of the sharpest minds in the "
            "whole legislature,\" Rep. Maria T. Alvarez (D-Ore.) said in a phone interview.\n\n"
            "Others were less sure about the choice.")
    quotes, spk = run(nlp, text)
    q = find(quotes, "She would make a fine governor")
    assert q.speaker is not None and spk[q.speaker].name.endswith("Alvarez")
    assert "Alvarez" in q.speaker_mention.text
    assert q.kind == "direct" and q.cue.text == "said"


def test_quote_then_name_and_apposition_then_cue(nlp):
    text = ("“He is completely wrong. There is a deep gap between this office and the voters,” "
            "Hadley, a senior campaign adviser, said Monday morning on the radio show “Wake Up Early.”")
    quotes, spk = run(nlp, text)
    q = find(quotes, "He is completely wrong")
    assert q.speaker is not None and spk[q.speaker].name == "Hadley"
    assert q.speaker_mention.text.startswith("Hadley")


def test_quote_owned_by_cue_not_by_the_clause_after_it(nlp):
    text = ("“You should step down. You should return the bonus you took while the fraud was "
            "going on,” Ortega told Brandt, after he admitted under questioning that nobody had been fired.")
    quotes, spk = run(nlp, text)
    q = find(quotes, "You should step down")
    assert q.speaker is not None and spk[q.speaker].name == "Ortega"
    assert q.cue.text == "told" and q.kind == "direct"


def test_participle_after_the_cue_keeps_its_own_content(nlp):
    text = ("\"We do not see any link to the strike,\" the mayor said, adding that it would take "
            "\"several more days\" before details emerge.")
    quotes, spk = run(nlp, text)
    first = find(quotes, "We do not see any link")
    assert first.speaker is not None and first.cue.text == "said"
    added = find(quotes, "several more days")
    assert added.speaker == first.speaker and added.cue.text == "adding"


def test_title_before_the_subject_is_not_claimed(nlp):
    text = ("On Tuesday’s episode of “The Morning Drive With Sam Ortiz,” the former governor said "
            "she wanted to speak “directly to young voters.”")
    quotes, spk = run(nlp, text)
    title = find(quotes, "The Morning Drive")
    assert title.speaker is None


def test_that_clause_after_a_time_phrase(nlp):
    text = "Dawson tweeted in the early morning hours that Reyes was “dishonest” and “a fraud” and went to bed."
    quotes, spk = run(nlp, text)
    q = find(quotes, "dishonest")
    assert q.speaker is not None and spk[q.speaker].name == "Dawson"
    assert q.kind == "mixed" and "Reyes was" in q.text


def test_described_as_a_quoted_word(nlp):
    text = ("Oregon Gov. Paul Whitmore described the state senator Ann Keller as a “disgrace” after "
            "she criticised the police.")
    quotes, spk = run(nlp, text)
    q = find(quotes, "disgrace")
    assert q.speaker is not None and spk[q.speaker].name.endswith("Whitmore")
    assert q.kind == "mixed"


def test_accused_of_without_quotes(nlp):
    text = "Senator Mara Quinn accused the governor of hiding the audit from the public."
    quotes, spk = run(nlp, text)
    q = find(quotes, "hiding the audit")
    assert q.speaker is not None and spk[q.speaker].name == "Mara Quinn"
    assert q.kind == "indirect"


@pytest.mark.parametrize("text, words", [
    ("The mayor's office called the report unfounded and politically motivated.", "the report unfounded"),
    ("Dawson has called the new tariff a gift to foreign producers.", "the new tariff a gift"),
])
def test_naming_object_and_predicate(nlp, text, words):
    quotes, spk = run(nlp, text)
    q = find(quotes, words)
    assert q.speaker is not None and q.cue.text == "called"


def test_call_on_is_not_naming(nlp):
    text = "The moderators kept interrupting, and Reyes called them on it at once."
    quotes, _ = run(nlp, text)
    assert not any(q.speaker is not None and q.text.strip() == "them" for q in quotes)


def test_colon_paragraph_introduces_the_block_below(nlp):
    text = ("The council met late on Monday.\n\nThe chairwoman said:\n\n"
            "\"We have a budget that nobody likes. It is late, it is thin, and it is ours.\"\n\n"
            "The treasurer added:\n\nIt is the best we could do with what we were given.")
    quotes, spk = run(nlp, text)
    block = find(quotes, "We have a budget")
    assert block.speaker is not None and block.cue.text == "said"
    unquoted = find(quotes, "best we could do")
    assert unquoted.speaker is not None and unquoted.cue.text == "added"
    assert spk[unquoted.speaker].name != spk[block.speaker].name


def test_went_on_introduces_the_block_below_and_ends_a_quote(nlp):
    """"He went on:" is "he continued": a speech cue, but not "the talks went on for hours",
    "went on television" or "the war went on"."""
    text = ("Kim Yong Chol made a speech at the banquet.\n\nHe went on:\n\n"
            "\"The enemies are staging one war drill after another against the DPRK.\"\n\n"
            "\"We will never give up,\" Sergei Lavrov went on.")
    quotes, spk = run(nlp, text)
    assert spk[find(quotes, "war drill").speaker].name == "Kim Yong Chol"
    assert spk[find(quotes, "never give up").speaker].name == "Sergei Lavrov"
    text = ("The talks went on for hours, officials said.\n\nThe war went on.\n\n"
            "He went on television to say the country was strong.")
    quotes, spk = run(nlp, text)
    assert not any(q.cue is not None and q.cue.text.startswith("went") for q in quotes), [q.text for q in quotes]


def test_cue_interrupting_the_clause_it_reports(nlp):
    text = "The plant was profitable, Ms. Okafor said, until the owners sold it in 2009."
    quotes, spk = run(nlp, text)
    q = find(quotes, "The plant was profitable")
    assert q.speaker is not None and spk[q.speaker].name.endswith("Okafor")
    assert "until the owners sold it" in q.text


def test_content_after_a_time_phrase(nlp):
    text = "Morales said after the hearing he would not sign the bill if it reached his desk."
    quotes, spk = run(nlp, text)
    q = find(quotes, "he would not sign the bill")
    assert q.speaker is not None and spk[q.speaker].name == "Morales"
    assert not q.text.startswith("after")


@pytest.mark.parametrize("text, words", [
    ("Those close to the senator say that he will run again next year.", "he will run again"),
    ("One in four voters in a recent poll said the new tax should be repealed.", "the new tax should be repealed"),
])
def test_quantified_subjects_are_groups(nlp, text, words):
    quotes, spk = run(nlp, text)
    q = find(quotes, words)
    assert q.speaker is not None and spk[q.speaker].kind == "group"


def test_as_clause_vouches_for_the_main_clause(nlp):
    text = "As the Ledger first reported, the inspector general issued subpoenas to the foundation."
    quotes, spk = run(nlp, text)
    q = find(quotes, "the inspector general issued subpoenas")
    assert q.speaker is not None and "Ledger" in spk[q.speaker].name


def test_relative_which_speaks_for_its_antecedent(nlp):
    text = ("The watchdog released a report, which notes that 40 companies would owe more in taxes "
            "if the loophole were closed.")
    quotes, spk = run(nlp, text)
    q = find(quotes, "40 companies would owe more")
    assert q.speaker is not None and spk[q.speaker].name != "which"


def test_content_is_the_clause_next_to_the_cue(nlp):
    text = ("Okafor said she saw no reason to change the plan, telling reporters that “we keep our word” "
            "and that support had grown over the past month.")
    quotes, spk = run(nlp, text)
    q = find(quotes, "she saw no reason to change the plan")
    assert q.speaker is not None and spk[q.speaker].name == "Okafor"
    assert q.cue.text == "said"


@pytest.mark.parametrize("text,speaker", [
    ("The minister hastened to add that the talks were useful.", "The minister"),
    ("She went on to say that Russia was a threat to peace.", "She"),
    ("A spokesman rushed to declare that the treaty was a threat.", "A spokesman"),
    ("Lavrov was quick to point out that Moscow had signed the deal.", "Lavrov"),
])
def test_an_infinitive_cue_that_was_carried_out_reports(nlp, text, speaker):
    """"Went on to say", "hastened to add": the saying happened (not "plans to say", "would say")."""
    quotes, spk = run(nlp, text)
    assert quotes and spk[quotes[0].speaker].name == speaker, [q.text for q in quotes]


def test_an_infinitive_cue_that_was_not_carried_out_reports_nothing(nlp):
    for text in ("He did not go on to say that Seoul was a threat.", "She would say that Russia is a threat.",
                 "He hoped to say that Seoul was a threat."):
        quotes, _ = run(nlp, text)
        assert not any("threat" in q.text or "dead" in q.text for q in quotes if q.speaker), [q.text for q in quotes]


def test_went_so_far_as_to_claim_reports(nlp):
    text = ("Only a few days ago, a spokesperson for the U.S. State Department went so far as to claim that "
            "Pyongyang's cooperation with Moscow was prolonging the conflict.")
    quotes, spk = run(nlp, text)
    q = find(quotes, "prolonging the conflict")
    assert q.speaker is not None and "State Department" in spk[q.speaker].name
