"""Passive reports with a ``by`` agent, stance adjectives, and quoted fragments that are not
carried to the previous speaker when somebody else speaks in between (own sentences)."""

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
    return [(q.text, q.speaker_mention.text if q.speaker_mention else None)
            for q in quotes if q.speaker is not None]


def test_passive_with_by_agent(nlp):
    got = run(nlp, "The harbour bridge plan was criticized by the Dockworkers Union on Tuesday.")
    assert ("The harbour bridge plan", "the Dockworkers Union") in got


def test_passive_report_by_newspaper(nlp):
    got = run(nlp, "The budget shortfall was first reported by the Lakeside Gazette.")
    assert ("The budget shortfall", "the Lakeside Gazette") in got


def test_passive_without_agent_is_not_attributed(nlp):
    assert run(nlp, "The harbour bridge plan was criticized last year.") == []


def test_passive_by_agent_of_other_verbs_is_not_attributed(nlp):
    assert run(nlp, "The harbour bridge was built by a Dutch company.") == []


def test_stance_adjective_with_preposition(nlp):
    got = run(nlp, "Senator Paul Ostrowski has been critical of the governor's tax plan.")
    assert got and got[0][0] == "the governor's tax plan" and "Ostrowski" in got[0][1]


def test_stance_adjective_with_clause(nlp):
    got = run(nlp, "Several harbour officials are confident that the bridge will open in May.")
    assert got and got[0][0] == "the bridge will open in May"


@pytest.mark.parametrize("sentence", [
    "The bridge is critical to the harbour's economy.",
    "It is clear that the bridge will open in May.",
])
def test_adjectives_that_report_no_stance(nlp, sentence):
    assert run(nlp, sentence) == []


def test_fragment_not_carried_over_another_speaker(nlp):
    text = ('Mayor Jane Moreno said the harbour "will be rebuilt within two years." '
            'The plan has critics. As Tom Baker put it on the radio, the mayor is "promising a bridge to nowhere, again and again."')
    got = run(nlp, text)
    assert not any(t.startswith("promising a bridge") and m == "Mayor Jane Moreno" for t, m in got)


def test_fragment_carried_to_the_speaker_of_the_paragraph(nlp):
    text = ('Mayor Jane Moreno said the harbour "will be rebuilt within two years." '
            'The new docks would be "bigger and safer than anything the city has had before."')
    got = run(nlp, text)
    assert any(t.startswith("bigger and safer") and m == "Mayor Jane Moreno" for t, m in got)
