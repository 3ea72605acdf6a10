"""Attribution of intentions, topics, evidence and trimmed content regions (own sentences)."""

from __future__ import annotations

import pytest

from nlp.attribution import attribute
from nlp.paragraphs import segment
from nlp.pipeline import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def run(nlp, text):
    quotes, speakers = attribute(nlp(text), segment(text))
    names = {s.id: s.name for s in speakers}
    return [(q.text, names.get(q.speaker), q.speaker_mention.text if q.speaker_mention else None)
            for q in quotes if q.speaker is not None]


def test_intention_with_infinitive(nlp):
    got = run(nlp, "Mayor Jane Moreno wants to double the number of bus lanes by next year.")
    assert got and got[0][0].startswith("to double the number of bus lanes")
    assert got[0][1] == "Jane Moreno"


def test_refusal_is_attributed(nlp):
    got = run(nlp, "Senator Paul Ostrowski refused to release his medical records.")
    assert got and "release his medical records" in got[0][0]


def test_reporter_anonymity_convention_is_not_a_stance(nlp):
    got = run(nlp, "The official did not want to be named.")
    assert got == []


def test_topic_of_preposition(nlp):
    got = run(nlp, "Jane Moreno complained about the delays at the harbour.")
    assert got and got[0][0] == "the delays at the harbour" and got[0][1] == "Jane Moreno"


def test_spoke_out_against(nlp):
    got = run(nlp, "The union leader Tom Baker spoke out against the new pension rules.")
    assert got and got[0][0] == "the new pension rules"


@pytest.mark.parametrize("sentence", [
    "Jane Moreno spoke about five minutes.",
    "Jane Moreno spoke on the radio.",
])
def test_topic_needs_subject_matter(nlp, sentence):
    assert run(nlp, sentence) == []


def test_evidence_subject_shows(nlp):
    got = run(nlp, "A new Harbour Institute poll shows that most voters back the bridge plan.")
    assert got and got[0][0] == "most voters back the bridge plan"


def test_non_evidence_subject_shows_nothing(nlp):
    assert run(nlp, "Her popularity shows how much the town has changed.") == []


def test_directive_content_drops_comma_asides(nlp):
    got = run(nlp, "Jane Moreno urged the council to approve the budget, although the vote was delayed.")
    assert got
    assert got[0][0].endswith("approve the budget"), got


def test_evaluative_content_drops_circumstance(nlp):
    got = run(nlp, "Jane Moreno described the plan as “a reckless gamble with public money” during an interview.")
    assert got and "during" not in got[0][0], got


def test_stance_object_without_quotes(nlp):
    got = run(nlp, "Senator Paul Ostrowski criticized the new harbour tax.")
    assert got and got[0][0] == "the new harbour tax" and got[0][1] == "Paul Ostrowski"


def test_content_stops_at_the_next_report(nlp):
    got = run(nlp, "Jane Moreno said the bridge would reopen in May and warned against further delays.")
    said = [g for g in got if g[0].startswith("the bridge")]
    assert said and "warned" not in said[0][0], got


def test_day_after_inverted_cue_is_not_the_speaker(nlp):
    got = run(nlp, "“We will rebuild the bridge by spring,” said Monday Mayor Jane Moreno.")
    assert got and got[0][2] != "Monday", got


def test_colon_lead_in_takes_the_subject_of_its_own_clause(nlp):
    got = run(nlp, "With council members worried about costs, Mayor Jane Moreno has a new message: “The bridge pays for itself.”")
    assert got and got[0][1] == "Jane Moreno", got


def test_subject_of_the_verb_a_by_phrase_hangs_on(nlp):
    got = run(nlp, "Jane Moreno began by saying the bridge would reopen in May.")
    assert got and got[0][1] == "Jane Moreno" and got[0][0].startswith("the bridge")


def test_name_between_closing_mark_and_cue(nlp):
    got = run(nlp, "“We will achieve a fair result in this case,” Harbour police Chief Ann Lindqvist said Monday.")
    assert got and got[0][1] is not None and "Lindqvist" in got[0][2], got


def test_closing_shaped_mark_as_opener_with_signature(nlp):
    got = run(nlp, "”The bridge is our pride. It must stay open.” ― Maria Alvarez")
    assert got and got[0][0].startswith("The bridge is our pride") and got[0][1] == "Maria Alvarez", got


def test_transcript_lines(nlp):
    text = ("Harbour debate transcript\n\nMORENO: The bridge will open in May. We have the money.\n\n"
            "LINDQVIST: That is not what the council was told.")
    got = run(nlp, text)
    by_text = {g[0]: g for g in got}
    # a transcript turn: one quote per sentence, each with the label as its mention
    assert by_text["The bridge will open in May."][2] == "MORENO"
    assert by_text["We have the money."][2] == "MORENO"
    assert by_text["That is not what the council was told."][2] == "LINDQVIST"


def test_headline_speaker_colon(nlp):
    got = run(nlp, "Moreno: Harbour Bridge Will Open in May\n\nThe mayor spoke on Monday.")
    assert got and got[0][0] == "Harbour Bridge Will Open in May" and got[0][2] == "Moreno"


def test_labels_are_not_speakers(nlp):
    got = run(nlp, "Harbour news\n\nUPDATE: The bridge opened on Monday.")
    assert got == []


def test_possessive_claim_noun(nlp):
    got = run(nlp, "Jane Moreno's claim that the bridge would pay for itself angered the council.")
    assert any(g[0] == "the bridge would pay for itself" for g in got), got


def test_claim_noun_without_content_is_nothing(nlp):
    assert run(nlp, "Moreno's claims were everywhere.") == []


def test_speech_act_with_noun_object(nlp):
    got = run(nlp, "Jane Moreno acknowledged the long delays at the harbour.")
    assert got and got[0][0] == "the long delays at the harbour" and got[0][1] == "Jane Moreno", got


def test_speech_object_still_takes_a_quotation(nlp):
    got = run(nlp, "Jane Moreno announced “a new era for the harbour and its workers”.")
    assert got and got[0][0].startswith("a new era for the harbour")


def test_chanted_short_quote(nlp):
    got = run(nlp, "The protesters chanted “No tolls!” outside the harbour office.")
    assert got and got[0][0].startswith("No tolls"), got
