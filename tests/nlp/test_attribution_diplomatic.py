"""Conflict-news attribution: diplomatic and state-media speech acts, channels that relay
someone else's words (``via``), who a mention is (appositions, pronouns by gender and clause,
``it`` for bodies, romanised Korean names, shared surnames) and groups of listed people.
Every text here is written for the test."""

from __future__ import annotations

from nlp.analyze import analyze
from nlp.contract import problems

from .attributed import find, run


def who(spk, q):
    return spk[q.speaker].name if q.speaker else None


# --------------------------------------------------------------- speech acts


def test_extended_and_expressing_give_their_objects(nlp):
    text = ("President Ana Lopez extended deep sympathy to the people of the flooded province, "
            "expressing her willingness to send rescue teams at once.")
    quotes, spk = run(nlp, text)
    q = find(quotes, "deep sympathy")
    assert q.text == "deep sympathy to the people of the flooded province"
    assert who(spk, q) == "Ana Lopez"
    q = find(quotes, "willingness")
    assert q.text == "her willingness to send rescue teams at once"
    assert who(spk, q) == "Ana Lopez"


def test_extended_thanks_and_a_leading_participle_end_at_their_clause(nlp):
    """"extended thanks to …" is a speech act ("thanks" has the lemma "thank"); a leading
    "Extending thanks to X for …, he said that …" gives the object up to the main clause."""
    text = ("General Kang Ho extended thanks to the government and army for their sincere assistance.\n\n"
            "Extending thanks to the hosts for the warm hospitality accorded to the delegation, he said that the "
            "doctors would share their experience.")
    quotes, spk = run(nlp, text)
    q = find(quotes, "sincere assistance")
    assert q.text == "thanks to the government and army for their sincere assistance" and who(spk, q) == "Kang Ho"
    assert find(quotes, "warm hospitality").text == "thanks to the hosts for the warm hospitality accorded to the delegation"
    assert find(quotes, "share their experience").text == "the doctors would share their experience"


def test_expressed_thanks_and_reaffirmed_commitment(nlp):
    text = ("Minister Lena Hart expressed thanks for the offer. "
            "Minister Lena Hart reaffirmed her firm commitment to the ceasefire agreement.")
    quotes, spk = run(nlp, text)
    assert find(quotes, "thanks").text == "thanks for the offer"
    q = find(quotes, "commitment")
    assert q.text == "her firm commitment to the ceasefire agreement"
    assert who(spk, q) == "Lena Hart"


def test_expressed_the_view_that_gives_the_clause(nlp):
    text = "The envoy Marta Kovac expressed the view that the border dispute must be settled through talks."
    quotes, spk = run(nlp, text)
    q = find(quotes, "border dispute")
    assert q.text == "the border dispute must be settled through talks"
    assert who(spk, q) == "Marta Kovac"


def test_extend_is_a_speech_act_only_with_a_speech_noun(nlp):
    quotes, _ = run(nlp, "The council extended the deadline for the inspection by two weeks.")
    assert not [q for q in quotes if q.speaker]


def test_saying_in_a_statement_that(nlp):
    text = ("The secretary-general Omar Haddad welcomed the vote, saying in a statement that the rebels "
            "\"must return to the negotiating table.\"")
    quotes, spk = run(nlp, text)
    q = find(quotes, "must return to the negotiating table")
    assert who(spk, q) == "Omar Haddad"


def test_relative_clause_report(nlp):
    text = "Officials examined a rocket launch that Lisbon and its partners said used banned engine technology."
    quotes, spk = run(nlp, text)
    q = find(quotes, "used banned engine technology")
    assert "Lisbon" in who(spk, q)


def test_gerund_the_parser_calls_a_noun(nlp):
    text = ("Last week the navy unveiled a new hull, with Admiral Jon Berg warning that the rival plan "
            "will be a threat \"that must be countered.\"")
    quotes, spk = run(nlp, text)
    q = find(quotes, "must be countered")
    assert who(spk, q).endswith("Jon Berg")


def test_participle_after_a_report_is_the_reporters(nlp):
    text = ("Ambassador Clara Nunez said the aim of the measure was to hit the leadership, "
            "adding that the regime is \"a master of delay.\"")
    quotes, spk = run(nlp, text)
    assert who(spk, find(quotes, "a master of delay")) == "Clara Nunez"


# --------------------------------------------------------------- channels


def test_channel_after_the_words_relays_them(nlp):
    text = ("Marshal Oleg Brandt affirmed that the army would never retreat, the state news agency TNA said. "
            "He stressed the importance of discipline, it said.")
    analysis = analyze(text, nlp)
    spk = {s.id: s for s in analysis.speakers}
    q = find(analysis.quotes, "never retreat")
    assert who(spk, q).endswith("Oleg Brandt")
    assert q.via is not None and "TNA" in spk[q.via].name
    q = find(analysis.quotes, "importance of discipline")
    assert who(spk, q).endswith("Oleg Brandt") and "TNA" in spk[q.via].name
    assert problems(analysis.to_dict()) == []
    # the field survives the document's JSON form
    assert analysis.from_dict(analysis.to_dict()).quotes[q_index(analysis, q)].via == q.via


def q_index(analysis, q):
    return next(i for i, x in enumerate(analysis.quotes) if x.id == q.id)


def test_channel_that_leads_keeps_its_report(nlp):
    text = "The Daily Courier wrote that Mayor Ian Fox had claimed a loss of $9 million in 1995."
    quotes, spk = run(nlp, text)
    q = find(quotes, "loss of $9 million")
    assert "Daily Courier" in who(spk, q) and q.via is None


def test_sentence_reported_by_state_media_relays_its_speech_act(nlp):
    text = ("Leader Pak Chol-min has overseen a missile drill, calling for the \"steady and unending\" "
            "growth of the forces, state media reported Monday.")
    quotes, spk = run(nlp, text)
    q = find(quotes, "steady and unending")
    assert who(spk, q) == "Pak Chol-min" and spk[q.via].name == "state media"
    assert who(spk, find(quotes, "has overseen a missile drill")) == "state media"


def test_a_via_that_is_not_a_speaker_is_invalid(nlp):
    analysis = analyze("Marshal Oleg Brandt affirmed that the army would never retreat, the agency TNA said.", nlp)
    doc = analysis.to_dict()
    doc["quotes"][0]["via"] = "s99"
    assert any("via" in p for p in problems(doc))


# --------------------------------------------------------------- who a mention is


def test_apposition_names_the_speaker_and_he_follows(nlp):
    text = ("Ruritania's ambassador to the United Nations, Karl Weber, railed against what he called "
            "\"unfounded and hostile\" accusations. He derided the panel as \"a tool of the richest states.\"")
    quotes, spk = run(nlp, text)
    assert who(spk, find(quotes, "unfounded and hostile")) == "Karl Weber"
    assert who(spk, find(quotes, "a tool of the richest states")) == "Karl Weber"


def test_she_skips_a_man_named_since(nlp):
    text = ("Maria Chen met Tom Baker on Monday. Mr. Baker said the talks went well. "
            "She said the deal was close.")
    quotes, spk = run(nlp, text)
    assert who(spk, find(quotes, "talks went well")) == "Tom Baker"
    assert who(spk, find(quotes, "deal was close")) == "Maria Chen"


def test_he_is_the_reporter_not_the_man_inside_the_report(nlp):
    text = "Paul Kern said Mr. Tom Reyes had misled voters. He added that the audit would continue."
    quotes, spk = run(nlp, text)
    assert who(spk, find(quotes, "audit would continue")) == "Paul Kern"


def test_it_is_a_body_never_a_person(nlp):
    text = ("Jane Moss said the drills were expected. The ministry said the drills were defensive. "
            "It added that more would follow.")
    quotes, spk = run(nlp, text)
    assert who(spk, find(quotes, "more would follow")) == "The ministry"


def test_korean_names_are_one_person(nlp):
    text = ("Moon Ji-ho, a professor at Hanbit University, said the launch was a warning. "
            "Choe Son Hui said the exercises were a provocation. "
            "Im Eul-chul, an analyst, said the talks would stall.")
    quotes, spk = run(nlp, text)
    for words, name in (("launch was a warning", "Moon Ji-ho"), ("were a provocation", "Choe Son Hui"),
                        ("talks would stall", "Im Eul-chul")):
        q = find(quotes, words)
        assert who(spk, q) == name and spk[q.speaker].kind == "person"


def test_bare_shared_surname_is_the_one_acting_not_the_byline(nlp):
    text = ("By Kim Min-seo\n\n"
            "SEOUL, May 2 -- Leader Kim Jong Un oversaw an artillery drill on Sunday, state media said. "
            "Kim said the army was ready for any provocation.")
    quotes, spk = run(nlp, text)
    assert who(spk, find(quotes, "army was ready")) == "Kim Jong Un"
    assert not any(s.name == "Kim Min-seo" for s in spk.values())


def test_distinct_full_names_sharing_a_surname_stay_apart(nlp):
    text = ("Kim Il Sung founded the state. Kim Yo Jong said the drills were a threat. "
            "Kim Jong Un said the army was ready.")
    quotes, spk = run(nlp, text)
    assert who(spk, find(quotes, "drills were a threat")) == "Kim Yo Jong"
    assert who(spk, find(quotes, "army was ready")) == "Kim Jong Un"


# --------------------------------------------------------------- groups


def test_both_sides_are_the_listed_people(nlp):
    text = ("The talks between Anna Berg, foreign minister of Ruritania, and Ivan Petrov, foreign minister "
            "of Elbonia, lasted two hours. Both sides reaffirmed their commitment to the ceasefire. "
            "They agreed to meet again in June.")
    quotes, spk = run(nlp, text)
    q = find(quotes, "commitment to the ceasefire")
    group = spk[q.speaker]
    assert group.kind == "group" and group.members == ["Anna Berg", "Ivan Petrov"]
    assert "Both sides" in group.aliases
    assert find(quotes, "to meet again in June").speaker == q.speaker


def test_the_three_leaders_and_they_after_a_list(nlp):
    text = ("The summit brought together President Ada Stone, Prime Minister Ken Ito and Chancellor Lea Vogt. "
            "They noted that trade between their countries had doubled. "
            "The three leaders called for an end to the blockade.")
    quotes, spk = run(nlp, text)
    q = find(quotes, "trade between their countries had doubled")
    assert spk[q.speaker].members == ["Ada Stone", "Ken Ito", "Lea Vogt"]
    assert find(quotes, "an end to the blockade").speaker == q.speaker


def test_a_recognition_among_the_listed_leaders(nlp):
    text = ("The summit brought together President Ada Stone, Prime Minister Ken Ito and Chancellor Lea Vogt. "
            "There was a recognition among the three leaders that, in particular, naval cooperation has grown "
            "fastest, and that it is most needed now.")
    quotes, spk = run(nlp, text)
    q = find(quotes, "naval cooperation has grown fastest")
    assert q.text.endswith("that it is most needed now")
    assert spk[q.speaker].members == ["Ada Stone", "Ken Ito", "Lea Vogt"]


# --------------------------------------------------------------- content of a report


def test_a_wh_clause_topic_runs_to_the_end_of_its_clause(nlp):
    text = ("Every leader commented on how strong this pact is \u2014 and how important it has become. "
            "They talked about how closely we are working, all three of us, in the Pacific Islands.")
    quotes, _ = run(nlp, text)
    assert find(quotes, "strong this pact").text == "how strong this pact is \u2014 and how important it has become"
    assert find(quotes, "closely we are working").text.endswith("all three of us, in the Pacific Islands")


def test_the_same_pronoun_subject_continues_the_report(nlp):
    text = ("Minister Rosa Diaz said we need to follow these developments closely, and, most importantly, "
            "we need to coordinate our response.")
    quotes, _ = run(nlp, text)
    assert find(quotes, "follow these developments").text.endswith("we need to coordinate our response")


def test_the_president_is_the_one_titled_just_so_and_asides_are_trimmed(nlp):
    text = ("The talks were held between President Joe Biden and South Korean President Lee Jae-sung. "
            "The President did note we are in a time of transition. He noted, of course, we have a newly "
            "elected Prime Minister, Ishiba.")
    quotes, spk = run(nlp, text)
    assert who(spk, find(quotes, "time of transition")) == "Joe Biden"
    q = find(quotes, "newly elected")
    assert q.text == "we have a newly elected Prime Minister, Ishiba" and who(spk, q) == "Joe Biden"


def test_a_colon_inside_a_time_cuts_nothing(nlp):
    """"at 10:41 p.m." is no colon that ends a clause or opens a statement's words."""
    text = ("The staff said it detected the launch at 10:41 p.m. local time.\n\n"
            "The ministry said in a statement released at 10:41 p.m. that the drills were defensive and would continue.")
    quotes, spk = run(nlp, text)
    assert find(quotes, "detected").text == "it detected the launch at 10:41 p.m. local time"
    assert find(quotes, "drills").text == "the drills were defensive and would continue"


def test_a_name_the_parser_hung_on_the_opening_place_is_the_speaker(nlp):
    """"In Pyongyang, Kim Yo Jong, the sister of the leader, said: …": the parser made the name a
    conjunct of "Pyongyang" and left "said" without a subject."""
    text = "In Pyongyang, Kim Yo Jong, the influential sister of the leader, said: \"The launch was a just exercise of sovereignty.\""
    quotes, spk = run(nlp, text)
    assert who(spk, find(quotes, "just exercise")) == "Kim Yo Jong"


def test_a_body_named_with_of_keeps_its_whole_name_as_the_form_heard(nlp):
    """"South Korea's Ministry of National Defense, for its part, said …": the form the article
    used is the whole name (before: "South Korea's Ministry", the prepositional part of the name cut)."""
    from nlp.analyzer import Analyzer

    result = Analyzer(nlp=nlp).analyze("South Korea's Ministry of National Defense, for its part, said the drills were defensive.")
    forms = {f for s in result.speakers for f in [s.name, *s.aliases]}
    assert "South Korea's Ministry of National Defense" in forms, forms


def test_a_name_the_tagger_calls_an_organisation_is_a_person_he_or_she_can_mean(nlp):
    """The small model tags some Slavic names as organisations or leaves them untagged
    ("Dmitry Polyanskiy", "Nadia Kovalenko"): shaped like a given name and a surname, they are
    people, so "he"/"she" after them means them; an organisation's words keep a name an
    organisation's ("Harbourline Analytics", "Rodong Sinmun")."""
    text = ("\"This is a provocation,\" Dmitry Polyanskiy said. He added that the West was to blame.\n\n"
            "Nadia Kovalenko, who researches financial crime, has argued that the tolerance is a business decision. "
            "\"Stolen crypto is spent in Moscow,\" she said.\n\n"
            "\"The desks are busy,\" Harbourline Analytics said in a report.")
    quotes, spk = run(nlp, text)
    assert who(spk, find(quotes, "to blame")) == "Dmitry Polyanskiy"
    assert who(spk, find(quotes, "Stolen crypto")) == "Nadia Kovalenko"
    assert spk[find(quotes, "desks are busy").speaker].kind != "person"


def test_a_hyphen_inside_a_word_stays_in_the_speakers_form(nlp):
    text = "A European law-enforcement official said Russian authorities had ignored repeated requests for information."
    quotes, spk = run(nlp, text)
    assert who(spk, find(quotes, "ignored")) == "A European law-enforcement official"


def test_a_that_clause_hung_on_the_occasion_is_what_was_told(nlp):
    """"told reporters on a conference call that ties … were developing well": the parser made the
    clause a relative clause of "call"; it is what was told (before: the quote was "reporters")."""
    quotes, spk = run(nlp, "Kremlin spokesman Dmitry Peskov told reporters on a conference call that ties with "
                           "Pyongyang were developing well.")
    assert find(quotes, "ties").text == "ties with Pyongyang were developing well"
    quotes, _ = run(nlp, "Peskov spoke at a meeting that the minister chaired.")
    assert not quotes
