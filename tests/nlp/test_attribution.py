"""Attribution engine: the seed article read by hand, and small sentences of our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.attribution import attribute
from nlp.model import QUOTE_KINDS, SPEAKER_KINDS
from nlp.paragraphs import segment
from nlp.pipeline import load_pipeline

SEED = Path(__file__).resolve().parents[2] / "seeds" / "upi-2024-10-30-us-rok-security-meeting.txt"


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def run(nlp, text):
    paragraphs = segment(text)
    quotes, speakers = attribute(nlp(text), paragraphs)
    return paragraphs, quotes, {s.id: s for s in speakers}


def said_by(nlp, text, words):
    """The name of the speaker of the first quote of ``text`` holding ``words``."""
    _, quotes, spk = run(nlp, text)
    hit = next(q for q in quotes if words in q.text)
    return spk[hit.speaker].name if hit.speaker else None


def assert_no_statement(nlp, text):
    """``text`` gives nobody a quote."""
    _, quotes, spk = run(nlp, text)
    assert not quotes, [(q.text, spk[q.speaker].name if q.speaker else None) for q in quotes]


@pytest.fixture(scope="module")
def seed(nlp):
    text = SEED.read_text(encoding="utf-8")
    paragraphs, quotes, speakers = run(nlp, text)
    return text, paragraphs, quotes, speakers


def body_quote(seed, words):
    text, paragraphs, quotes, _ = seed
    body = [(p.start, p.end) for p in paragraphs if p.kind == "body"]
    hits = [q for q in quotes if words in q.text and any(a <= q.start < b for a, b in body)]
    assert hits, f"no quote holding {words!r}"
    return hits[0]


def speaker_name(seed, quote):
    spk = seed[3].get(quote.speaker)
    return spk.name if spk else None


AUSTIN = [
    "has been the foundation of peace and stability",
    "closely tracking",
    "cease their potentially destabilizing behavior",
    "lengthen or broaden",
    "increasingly concerned",
    "likelihood is high",
    "not achieved his objectives",
    "Putin will not prevail in Ukraine",
    "Turning to a pariah state",
    "the right to defend themselves",
    "will be killed and wounded",
    "This is a violation of the U.N. security agreement",
    "This is pretty serious",
]
KIM = [
    "unwavering commitment to provide extended deterrence",
    "has overcome countless challenges",
    "now an existential threat",
    "can result in the escalation of security threats",
    "is not as formidable as we expected",
    "the possibility is not high",
    "There isn’t a high chance",
    "remains more robust than ever",
    "illegal aggression and invasion",
    "constitutes a violation of the armistice agreement",
    "send observers",
    "closely work with the international community",
    "are a violation of the armistice agreement",
    "North Korea is crossing the line",
    "a high chance",
    "I believe such chances will increase",
    "I believe it is possible for us to overcome",
    # reported without quotation marks
    "this was his first overseas U.S. diplomatic mission",
    "tests are done on trash contents",
]


@pytest.mark.parametrize("words", AUSTIN)
def test_seed_austin_statements(seed, words):
    assert speaker_name(seed, body_quote(seed, words)) == "Lloyd J. Austin III"


@pytest.mark.parametrize("words", KIM)
def test_seed_kim_yong_hyun_statements(seed, words):
    assert speaker_name(seed, body_quote(seed, words)) == "Kim Yong-hyun"


def test_seed_dod_statement(seed):
    q = body_quote(seed, "align our diplomatic and defense efforts")
    assert speaker_name(seed, q) == "DOD"
    assert seed[3][q.speaker].kind == "organization"
    assert q.kind == "according_to"


def test_seed_officials_are_a_group(seed):
    q = body_quote(seed, "evidence suggests")
    assert q.kind == "indirect"
    assert seed[3][q.speaker].kind == "group"


@pytest.mark.parametrize("words", ["outstanding", "ironclad"])
def test_seed_scare_quotes(seed, words):
    q = body_quote(seed, words)
    assert q.text == words
    assert q.kind == "scare"
    assert q.speaker is None and q.speaker_mention is None


def test_seed_a_condemned_quoted_term_is_part_of_the_statement(seed):
    """"Kim also condemned ongoing “trash balloons” that have been sent by the north …": what he
    condemned is his statement (a speech act's object), the quoted term in it his word."""
    q = body_quote(seed, "trash balloons")
    assert q.text.startswith("ongoing “trash balloons” that have been sent") and q.kind == "mixed"
    assert speaker_name(seed, q) == "Kim Yong-hyun"


def test_seed_mentioned_people_never_speak(seed):
    names = " | ".join(s.name for s in seed[3].values())
    for who in ("Kim Jong Un", "Jong", "Putin", "Blinken", "Shawn", "Thew", "Cho Tae-yul"):
        assert who not in names


def test_seed_entities_with_aliases(seed):
    by_name = {s.name: s for s in seed[3].values()}
    austin = by_name["Lloyd J. Austin III"]
    assert austin.kind == "person"
    assert {"Austin", "Lloyd", "Defense Secretary Lloyd Austin"} <= set(austin.aliases)
    kim = by_name["Kim Yong-hyun"]
    assert {"Kim", "South Korea’s defense minister"} <= set(kim.aliases)
    # one entity per person: no separate "Austin" or "Kim" speaker
    assert "Austin" not in by_name and "Kim" not in by_name


def test_seed_kinds(seed):
    assert body_quote(seed, "now an existential threat").kind == "mixed"
    assert body_quote(seed, "has overcome countless challenges").kind == "according_to"
    assert body_quote(seed, "I believe such chances will increase").kind == "direct"
    assert body_quote(seed, "tests are done on trash contents").kind == "indirect"


def test_seed_confidence_order(seed):
    named = body_quote(seed, "can result in the escalation")  # "…,” Kim said."
    pronoun = body_quote(seed, "I believe such chances will increase")  # "…,” he said."
    carried = body_quote(seed, "This is pretty serious")  # follows "…,” he said." in the paragraph
    assert 0 <= carried.confidence < pronoun.confidence < named.confidence <= 1


def test_seed_captions_not_counted_twice(seed):
    text, paragraphs, quotes, _ = seed
    captions = [p for p in paragraphs if p.kind == "caption"]
    assert len(captions) == 2
    assert text[captions[1].start:].startswith("1 of 2 |")
    in_captions = [q for q in quotes if any(p.start <= q.start < p.end for p in captions)]
    assert in_captions, "caption quotes are kept, marked by their paragraph kind"
    assert all(q.speaker is None for q in in_captions), "they repeat body quotes: not counted again"


def test_seed_contract(seed):
    text, _, quotes, speakers = seed
    assert [q.id for q in quotes] == [f"q{i}" for i in range(1, len(quotes) + 1)]
    assert [s for s in speakers] == [f"s{i}" for i in range(1, len(speakers) + 1)]
    used = {q.speaker for q in quotes if q.speaker}
    assert used == set(speakers)
    prev_end = -1
    for q in quotes:
        assert q.kind in QUOTE_KINDS
        assert text[q.start:q.end] == q.text
        assert q.start >= prev_end
        prev_end = q.end
        assert 0.0 <= q.confidence <= 1.0
        for span in (q.cue, q.speaker_mention):
            if span is not None:
                assert text[span.start:span.end] == span.text
        if q.speaker is not None:
            assert q.speaker_mention is not None and q.cue is not None
    assert all(s.kind in SPEAKER_KINDS for s in speakers.values())


# ---------------------------------------------------------------- own sentences
def only(quotes):
    assert len(quotes) == 1, [q.text for q in quotes]
    return quotes[0]


def test_inverted_cue(nlp):
    _, quotes, spk = run(nlp, "“We will rebuild the bridge by spring,” said Jane Moreno.")
    q = only(quotes)
    assert q.text == "We will rebuild the bridge by spring,"
    assert q.kind == "direct" and spk[q.speaker].name == "Jane Moreno"
    assert q.cue.text == "said" and q.speaker_mention.text == "Jane Moreno"


def test_colon_introduction(nlp):
    _, quotes, spk = run(nlp, "Mayor Jane Moreno had one message: “The bridge will open in May.”")
    q = only(quotes)
    assert spk[q.speaker].name == "Jane Moreno"


def test_guillemets_and_single_curly_quotes(nlp):
    _, quotes, spk = run(nlp, "« The talks failed », said Pierre Dubois.\n\n"
                              "Anna Berg said ‘the talks failed badly’ and that it’s the union’s fault.")
    texts = [q.text for q in quotes]
    assert "The talks failed" in texts
    assert any(t.startswith("the talks failed badly") for t in texts)
    assert not any("s fault" in t and t.startswith("s") for t in texts)


def test_cue_in_next_sentence_and_pronoun(nlp):
    text = "Jane Moreno visited the site on Monday.\n\n“The bridge is safe. Traffic can resume,” she said."
    _, quotes, spk = run(nlp, text)
    q = only(quotes)
    assert q.text == "The bridge is safe. Traffic can resume,"
    assert spk[q.speaker].name == "Jane Moreno"
    assert q.speaker_mention.text == "she"
    assert q.confidence < 0.9


@pytest.mark.parametrize("sentence", [
    "According to the ministry, fuel prices will rise next month.",
    "Fuel prices, according to the ministry, will rise next month.",
    "Fuel prices will rise next month, according to the ministry.",
])
def test_according_to_anywhere(nlp, sentence):
    _, quotes, spk = run(nlp, sentence)
    q = only(quotes)
    assert q.kind == "according_to"
    assert "will rise next month" in q.text or "Fuel prices" in q.text
    assert "ministry" in spk[q.speaker].name.lower()


def test_indirect_speech(nlp):
    _, quotes, spk = run(nlp, "Jane Moreno said the bridge would reopen in May.")
    q = only(quotes)
    assert q.kind == "indirect" and q.text == "the bridge would reopen in May"
    assert spk[q.speaker].name == "Jane Moreno"


@pytest.mark.parametrize("text", [
    "Seoul never said that the troops had been killed.",
    "The Kremlin has not confirmed the presence of North Korean troops in Kursk.",
    "Peskov did not say whether Russia would pay the soldiers.",
    "Officials refused to say that the talks had failed.",
    # a carried-out infinitive under a negation, a modal or a hedge (review, eighth session)
    "The Kremlin was not quick to deny the reports that North Korean soldiers had been killed.",
    "Moscow would be quick to claim that the sanctions had failed.",
    "Russia is unlikely to continue to insist that its troops are not fighting.",
])
def test_what_a_speaker_did_not_say_is_no_statement_of_theirs(nlp, text):
    """A negated or withheld cue reports that something was *not* said: no quote, so no words
    are put in the subject's mouth ("Seoul never said that the troops had been killed")."""
    _, quotes, _ = run(nlp, text)
    assert quotes == []


def test_a_manner_sentence_without_a_speaker_introduces_nothing(nlp):
    """"X was dismissive." introduces the words after it only when X can speak."""
    assert said_by(nlp, "The response from Moscow was dismissive. “These are fabrications.”", "fabrications") is None


def test_a_second_cue_hung_on_the_reported_clause_is_the_reporters(nlp):
    """spaCy hangs "called on" of "X said A were B and called on C to …" on the reported clause;
    the call is X's, not the clause's subject's."""
    _, quotes, spk = run(nlp, "South Korea's ambassador Hwang Joon-kook said Pyongyang's launches were a clear "
                              "violation of council resolutions and called on North Korea to return to dialogue.")
    assert len(quotes) == 2 and {spk[q.speaker].name for q in quotes} == {"Hwang Joon-kook"}


def test_a_not_inside_the_quote_before_the_cue_is_not_the_cues(nlp):
    """'"Probably not," Ms. Moore said.' — spaCy may hang the quote's "not" on "said"."""
    _, quotes, spk = run(nlp, "Jane Moreno said the bridge would not reopen in May.\n\n"
                              "“Are we ready? Probably not,” Ms. Moore said.")
    assert len(quotes) == 2 and "Moore" in spk[quotes[1].speaker].name


def test_organisation_and_group(nlp):
    _, quotes, spk = run(nlp, "The Pentagon said the test was a success.\n\nOfficials say the budget is too small.")
    kinds = {spk[q.speaker].kind for q in quotes}
    assert kinds == {"organization", "group"}


def test_multi_paragraph_continuation(nlp):
    text = ("Jane Moreno said: “The first part of the plan is the bridge.\n\n"
            "“The second part is the road, and it comes later.”")
    _, quotes, spk = run(nlp, text)
    assert len(quotes) == 2
    assert all(spk[q.speaker].name == "Jane Moreno" for q in quotes)
    assert quotes[1].confidence < quotes[0].confidence


def test_stray_marks_keep_the_paragraph(nlp):
    text = "He said “this never closes.\n\nJane Moreno said the road is open.\n\nA ” stray closer."
    paragraphs, quotes, spk = run(nlp, text)
    assert len(paragraphs) == 3
    assert any(q.text == "the road is open" and spk[q.speaker].name == "Jane Moreno" for q in quotes)


def test_mentioned_person_is_not_a_speaker(nlp):
    _, quotes, spk = run(nlp, "A photo shows Vladimir Putin at a rally in Moscow.")
    assert not spk and all(q.speaker is None for q in quotes)


def test_same_surname_stays_apart(nlp):
    text = ("Lee Jae-won met Lee Min-ho in Seoul.\n\n"
            "Lee Jae-won said the talks were useful.\n\n"
            "Lee added that “more meetings will follow soon.”")
    _, quotes, spk = run(nlp, text)
    assert {spk[q.speaker].name for q in quotes} == {"Lee Jae-won"}


def test_empty_and_blank(nlp):
    assert attribute(nlp(""), segment("")) == ([], [])
    assert attribute(nlp("   \n\n  "), segment("   \n\n  ")) == ([], [])


@pytest.mark.parametrize("text, words, speaker", [
    ("The Secretary made clear that the United States will hold Russia accountable.", "will hold Russia", "Secretary"),
    ("Lavrov has made it clear that Moscow values its ties with Pyongyang.", "Moscow values its ties", "Lavrov"),
])
def test_made_clear_is_a_statement(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


@pytest.mark.parametrize("text", [
    pytest.param("The move made clear that Russia was isolated.", id="no speaker"),
    pytest.param("I think you will see the three leaders make clear that they will respond.", id="not said yet"),
    pytest.param("I'd expect the President to tell President Xi directly that the treaty is destabilizing.",
                 id="expected"),
    pytest.param("Isn't the administration basically conceding that Russia is already paying Pyongyang with missile "
                 "technology?", id="yes-no question"),
    pytest.param("Did Lavrov say that the troops would stay?", id="yes-no question 2"),
    pytest.param("Our commitment to the defense of Japan remains ironclad, no matter what Pyongyang thinks it is "
                 "getting from Moscow.", id="concessive free relative"),
    pytest.param("I think it is reasonable to expect that he is going to ask Moscow for something in return.",
                 id="expected speech act"),
    pytest.param("It is unclear what North Korea believes it will gain from the deployment.", id="doubted"),
])
def test_what_nobody_has_said_is_no_statement(nlp, text):
    """What someone is expected to say, a yes/no question about a statement, a concessive or
    doubted free relative: nobody's statement."""
    assert_no_statement(nlp, text)


@pytest.mark.parametrize("text, words, speaker", [
    ("Kim Jong Un was quoted by the state news agency KCNA as saying that his troops had fulfilled a sacred duty.",
     "his troops had fulfilled", "Kim Jong Un"),
    ('"The Russian army will surely win," Kim Jong Un was quoted as saying by the Korean Central News Agency.',
     "The Russian army will surely win", "Kim Jong Un"),
    ('KCNA quoted Kim Jong Un as saying the test demonstrated "our unshakable will."', "the test demonstrated", "Kim Jong Un"),
    # what the one quoted calls the thing ("as calling it “…”": the words are the naming's complement)
    ('KCNA quoted leader Kim Jong Un as calling it "the most powerful strategic deterrent of our state."',
     "strategic deterrent", "Kim Jong Un"),
    # a trailing "according to" names where a speaker's words were reported, not who said them
    ("Kim Jong Un toured the plant. “We will win,” he said at a ceremony, according to the state news agency KCNA.",
     "We will win", "Kim Jong Un"),
])
def test_a_news_agency_that_carries_a_quote_is_the_channel_not_the_speaker(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


def test_according_to_alone_is_still_the_source(nlp):
    text = "The troops crossed the border on Monday, according to the National Intelligence Service."
    assert "National Intelligence Service" in said_by(nlp, text, "crossed the border")


def test_a_wh_question_takes_the_statement_as_given(nlp):
    assert said_by(nlp, "Why did Lavrov say that the troops would stay?", "troops would stay") == "Lavrov"


@pytest.mark.parametrize("text, words, speaker", [
    ('Miller expressed concern over the "increasingly dangerous" military cooperation between Russia and North Korea.',
     "military cooperation between Russia", "Miller"),
    ('Kim Yo Jong accused the United States of "hysterical" hostility toward the North.', "hostility toward", "Kim Yo Jong"),
])
def test_a_quoted_term_in_a_statements_object_keeps_the_statement(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


@pytest.mark.parametrize("text, words, speaker", [
    # the parser hangs the told clause on the hearer as if it were a relative clause
    ("The United States accused Russia of firing North Korean missiles at Ukrainian cities, and Moscow's envoy told "
     "a tense Security Council meeting that the charges were a fabrication.", "the charges were a fabrication",
     "Moscow's envoy"),
    # "of …" hung on the last of two accused
    ("The Russian envoy also accused Washington and its Asian allies of provoking Pyongyang with military drills.",
     "provoking Pyongyang", "The Russian envoy"),
])
def test_statements_the_parser_hangs_elsewhere(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


def test_a_headline_without_a_full_stop_is_not_parsed_into_the_lede(nlp):
    text = ("North Korean troops thrown into front-line fighting in Kursk region\n\n"
            "By Ann Lee\n\n"
            "SEOUL, Nov 4 (Reuters) - North Korean soldiers sent to Russia have begun fighting on the front line "
            "and some have been killed, South Korea's spy agency told lawmakers on Monday.")
    _, quotes, spk = run(nlp, text)
    hit = next(q for q in quotes if q.speaker and "spy agency" in spk[q.speaker].name)
    assert "have begun fighting" in hit.text, hit.text


def test_the_message_that_speaks_is_its_senders(nlp):
    text = ("Pyongyang, June 12 (KCNA) -- Kim Jong Un sent a message of greeting to Vladimir Putin on June 11.\n\n"
            "The message reads in part: \"The friendship of our two countries is a precious asset that no force "
            "on earth can break.\"")
    assert said_by(nlp, text, "precious asset") == "Kim Jong Un"


def test_a_korean_given_name_says_nothing_of_gender(nlp):
    # "Son" in "Choe Son Hui" is a syllable of her name, not a man's word: "she" is her
    text = ("Choe Son Hui, minister of Foreign Affairs of the DPRK, sent a message to Sergei Lavrov.\n\n"
            "In the message, she expressed the conviction that the two ministries would closely cooperate.")
    assert said_by(nlp, text, "closely cooperate") == "Choe Son Hui"


def test_what_a_speaker_called_something_is_still_their_words(nlp):
    text = "Nebenzia railed against what he called “open-ended” sanctions against North Korea."
    assert said_by(nlp, text, "open-ended") == "Nebenzia"


def test_in_what_x_said_was_is_xs_statement(nlp):
    text = "North Korea fired artillery near the border in what Seoul said was a clear violation of the military agreement."
    assert said_by(nlp, text, "violation") == "Seoul"


def test_a_bare_role_is_the_one_of_that_role_heard_last(nlp):
    text = ("A spokesman for the North Korean foreign ministry said Japan was a threat. Later, a Japanese government "
            "spokesman said the claim was baseless. The spokesman said Tokyo would protest.")
    assert said_by(nlp, text, "Tokyo would protest") == "a Japanese government spokesman"
    text = "A spokesperson for the Russian Defense Ministry said the strike hit. Another spokesperson said losses were light."
    assert said_by(nlp, text, "losses were light") != said_by(nlp, text, "the strike hit")


def test_a_trailing_according_to_is_cut_from_the_words(nlp):
    _, quotes, _ = run(nlp, "The North's leader said the country must be ready for war, according to state media.")
    assert [q.text for q in quotes] == ["the country must be ready for war"]


def test_an_according_to_inside_the_words_is_kept(nlp):
    _, quotes, _ = run(nlp, "Kim said that Japan, according to KCNA, was a threat.")
    assert any("was a threat" in q.text for q in quotes), [q.text for q in quotes]


def test_a_title_before_a_name_is_no_part_of_it_but_gives_its_gender(nlp):
    """"Foreign Ministry Spokeswoman Elena Sokolova said": the speaker is "Elena Sokolova" (an
    honorific stays: "Ms. Lee"); "she" later is her."""
    text = "Foreign Ministry Spokeswoman Elena Sokolova said the treaty was historic. She said it was legal."
    assert said_by(nlp, text, "historic") == "Elena Sokolova"
    assert said_by(nlp, text, "legal") == "Elena Sokolova"


@pytest.mark.parametrize("text,words,speaker", [
    # the tagger calls the name a place; the apposition says it is a person, whom "she" continues
    ("Natalia Sorokina, a Korea specialist at the Institute of China and Contemporary Asia in Moscow, "
     "rejected criticism of the deals. She told AFP: \"This is ordinary trade between neighbours.\"",
     "ordinary trade", "Natalia Sorokina"),
    # a Korean name whose surname the table lacked, cut at its hyphen before
    ("Cha Min-gyu, a research fellow at the Asan Institute, said: \"If confirmed, this would suggest a shift.\"",
     "suggest a shift", "Cha Min-gyu"),
])
def test_a_name_an_apposition_describes_as_a_person_is_a_person(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


@pytest.mark.parametrize("text,words,speaker", [
    ("KCNA carried a statement by an unnamed foreign ministry spokesperson saying the country "
     "\"has never recognized the illegal sanctions resolutions.\"", "never recognized",
     "an unnamed foreign ministry spokesperson"),
    ("The agency quoted a spokesman saying the drills were a provocation.", "provocation", "a spokesman"),
    ("The ministry issued a statement saying the drills were a provocation.", "provocation", "The ministry"),
])
def test_a_participle_on_its_speaker_reports(nlp, text, words, speaker):
    """"A spokesman saying …", "a statement by X saying …", "issued a statement saying …"."""
    assert said_by(nlp, text, words) == speaker


@pytest.mark.parametrize("text,words,speaker", [
    ("Daniel Okafor is a former State Department official. In Okafor's view, China wants to keep every option open.",
     "every option open", "Daniel Okafor"),
    ("Mark Delaney designed the sanctions. In his telling, the sanctions have become less a wall than a tax.",
     "less a wall", "Mark Delaney"),
])
def test_in_someones_view_is_their_statement(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


def test_in_a_view_of_something_or_our_view_is_nobodys_statement(nlp):
    assert_no_statement(nlp, "In the government's view of the talks, nothing changed.")
    assert_no_statement(nlp, "In our view, the deal is bad.")


def test_a_view_that_opens_the_sentence_holds_both_halves_of_a_semicolon(nlp):
    _, quotes, spk = run(nlp, "Daniel Okafor is a former State Department official. In his view, Russia does not need "
                              "to hand over a single document; the war itself has become a test range.")
    hit = next(q for q in quotes if "single document" in q.text)
    assert spk[hit.speaker].name == "Daniel Okafor" and "test range" in hit.text, hit.text


def test_a_view_the_parser_hung_under_the_clause_after_a_colon(nlp):
    _, quotes, spk = run(nlp, "Kim Yeon-chul, a former unification minister, was blunt. In her view, the sanctions "
                              "regime is dead: Russia killed it in March 2024.")
    assert [q.text for q in quotes] == ["the sanctions regime is dead: Russia killed it in March 2024"]


def test_a_view_that_opens_the_sentence_runs_past_a_colon(nlp):
    _, quotes, spk = run(nlp, "Choi Min-seok, a fellow, spoke. In his view, the decisive change is not any single "
                              "weapon but a shift in mindset: an army that spent decades preparing has now seen what "
                              "kills soldiers.")
    hit = next(q for q in quotes if "shift in mindset" in q.text)
    assert "what kills soldiers" in hit.text, hit.text


def test_a_body_described_by_a_participle_says_what_follows_that(nlp):
    # the parser made "set up by …" the subject's clause and hung it on the cue; the time set off
    # before "that" is when it was said
    text = ("The panel's mandate ended. Its informal successor, the Multilateral Sanctions Monitoring Team set up by 11 "
            "countries including South Korea, Japan and the United States, said in its first report, in May 2025, "
            "that Russia had supplied the North with air-defense systems.")
    _, quotes, spk = run(nlp, text)
    assert [(q.text, spk[q.speaker].name) for q in quotes] == [
        ("Russia had supplied the North with air-defense systems", "Multilateral Sanctions Monitoring Team")]


def test_words_quoted_inside_the_cues_own_object_are_the_speakers(nlp):
    # (a sentence-like quotation inside "described X as …"; a quoted name stays a scare quote)
    _, quotes, spk = run(nlp, "Kim Jong Un spoke. At the signing he described the relationship as having risen to "
                              "“a new high level of alliance,” a word Moscow’s officials have been careful not to repeat. "
                              "Kim Yo Jong condemned the so-called “Nuclear Consultative Group” meeting.")
    got = {q.text: (q.kind, spk[q.speaker].name if q.speaker else None) for q in quotes}
    assert got["a new high level of alliance,"] == ("direct", "Kim Jong Un"), got
    assert "Nuclear Consultative Group" not in got, got


def test_a_who_clause_the_parser_hung_on_the_cue_describes_the_speaker(nlp):
    text = ("Natural Resources Minister Alexander Kozlov, who co-chairs the Russian-North Korean intergovernmental "
            "commission, said after a session in Pyongyang this autumn that bilateral trade had grown severalfold.")
    _, quotes, spk = run(nlp, text)
    assert [(q.text, spk[q.speaker].name) for q in quotes] == [("bilateral trade had grown severalfold",
                                                                "Alexander Kozlov")]


def test_a_reported_clause_goes_on_in_a_verb_hung_on_the_cue(nlp):
    # "… had “long exhausted itself” and was hurting …" with "was hurting" hung on "said"; not the
    # speaker's next act ("… and repeated Moscow's call")
    _, quotes, spk = run(nlp, "Russian envoy Dmitry Polyakov spoke. He said the sanctions regime had \"long exhausted "
                              "itself\" and was hurting ordinary North Koreans rather than changing their government's "
                              "behaviour, and repeated Moscow's call for a vote.")
    hit = next(q for q in quotes if "exhausted" in q.text)
    assert hit.text.endswith("rather than changing their government's behaviour"), hit.text
    assert "repeated" not in hit.text


@pytest.mark.parametrize("text,words,speaker", [
    # a view holds what it says others do
    # "In his assessment, a Kremlin that … no longer calculates costs …": Park's reading of the
    # Kremlin, not a statement of the Kremlin's
    ("Park Jin-seo, a professor at Korea University, disagrees. Park is less sanguine. In his assessment, a "
     "Kremlin that has spent three years at war with Ukraine no longer calculates costs the way it did.",
     "calculates costs", "Park Jin-seo"),
    # the agent of a passive main clause is the next "he"
    ("Victor Halloran, a fellow, said the clause mattered. That view is shared by a former South Korean vice "
     "foreign minister, Lee Chang-hoon, who took part in talks with Moscow in the 2010s. Russia, he said, had "
     "already shown what it was prepared to do.",
     "already shown", "Lee Chang-hoon"),
    # a free relative naming is a statement
    ("TOKYO, March 18 (Kyodo) -- A patrol plane spotted a tanker transferring cargo to a North Korean-flagged "
     "vessel, the Foreign Ministry said Wednesday, in what it called a likely breach of U.N. sanctions.",
     "likely breach", "Foreign Ministry"),
    # one who put it bluntly is the next "he"
    ("President Vladimir Putin met Abe often. A former senior Japanese diplomat who handled Russia policy under "
     "Prime Minister Shinzo Abe put the logic bluntly. “We do not talk to Moscow because we expect anything,” "
     "he said.",
     "We do not talk", "A former senior Japanese diplomat"),
    # a "that" clause hung on the time of telling
    # "told a news conference in his first months that …" with "that" read as an adverb
    ("President Lee Jae-myung, who took office in June 2025 promising “pragmatic” diplomacy, told a news "
     "conference in his first months that Seoul needed to prepare now for relations with Moscow.",
     "prepare now", "Lee Jae-myung"),
    # a name read as the occasion's apposition speaks
    # "In his speech Oleg Kaverin expressed …" without a comma: the name hangs on "speech"
    ("In his speech Oleg Kaverin expressed thanks for the warm hospitality.",
     "warm hospitality", "Oleg Kaverin"),
    # a place set off before the subject is where
    # "Near Sudzha, …" with "Near" read as part of a name and the place as a first subject
    ("Near Sudzha, a Ukrainian drone operator told the BBC, North Korean units had stopped bunching up.",
     "bunching up", "a Ukrainian drone operator"),
    # a thing that tells a story tells nobody
    # (not a telling cue set off before its words: the debris is no speaker, the story no hearer)
    ("Eighteen months later, the debris tells a different story, Ukrainian officials say.",
     "different story", "Ukrainian officials"),
    # an organisation that said what a person relays speaks
    # "the agency said …, according to [a lawmaker]": the agency's words, the lawmaker relays them
    ("South Korea's National Intelligence Service has been forthcoming. In a briefing in November, the agency "
     "said Russia had likely provided technical assistance to the satellite program, according to Rep. Kang "
     "Dong-hoon, who relayed the briefing to reporters afterward.",
     "technical assistance", "National Intelligence Service"),
    # "and said" after a relative clause is its subject's
    # "…, at one of which he called the soldiers “heroes” and said …" with "said" hung on the
    # sentence's first verb, whose subject is the country
    ("North Korea, after months of silence, acknowledged the deployment in April 2025, and Kim Jong Un has since "
     "staged a series of ceremonies honouring the dead, at one of which he called the soldiers \"heroes who "
     "fought for justice\" and said their sacrifice had written \"a new chapter\" in the \"militant "
     "friendship\" between the two countries.",
     "new chapter", "Kim Jong Un"),
    # a person relayed by a person stays the relay's when no body speaks
    # (only a body's words pass through: "Russia will respond, Peskov said" stays Peskov's)
    ("Kremlin spokesman Dmitry Peskov spoke. Russia will respond to the drills, Peskov said.",
     "respond", "Dmitry Peskov"),
    # a written piece whose author is named on it speaks in its participle, also inside another's
    # words and where the parser hung the participle on the noun before the piece
    ("Seoul noted a KCNA commentary calling U.S. sanctions \"a criminal act of trampling on the sovereignty of a "
     "sovereign state\".", "criminal act", "KCNA"),
    ("Seoul rejected a Yonhap report saying the talks failed.", "talks failed", "Yonhap"),
    ("Department Press Briefing\n\nMR PIGOTT: Good afternoon.\n\nQUESTION: Any response to the KCNA commentary "
     "yesterday calling U.S. sanctions \"a criminal act of trampling on the sovereignty of a sovereign state\"?\n\n"
     "MR PIGOTT: We reject that.", "criminal act", "KCNA"),
])
def test_forms_of_the_fourteenth_session(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


def test_a_telling_cue_set_off_before_its_words(nlp):
    # "In the early weeks, one officer … told a Kyiv news site, [words; more words]": the words
    # after the hearer, both halves of the semicolon the parser hung them on
    _, quotes, spk = run(nlp, "In the early weeks, one officer with Ukraine's Special Operations Forces told a Kyiv "
                              "news site, North Korean infantry would not even shoot at drones overhead; by the spring "
                              "they were deploying dedicated teams to do exactly that.")
    assert [q.text for q in quotes] == ["North Korean infantry would not even shoot at drones overhead; by the spring "
                                        "they were deploying dedicated teams to do exactly that"], [q.text for q in quotes]
    assert spk[quotes[0].speaker].name == "one officer with Ukraine's Special Operations Forces"


@pytest.mark.parametrize("text,words,speaker", [
    # a source quoted before, or one the sentence introduces with what they are
    ("Hyun-jin Baek, a senior fellow at the Asan Institute, contends that learning matters more than blueprints. "
     "For Baek, the policy implication is uncomfortable.", "uncomfortable", "Hyun-jin Baek"),
    # (an analyst by title, quoted or not; a surname the tagger took for a place; past a colon)
    ("Baek Seung-joo, a researcher at the Korea Institute for Defense Analyses, has studied the alliance for years. "
     "For Baek, the implication is stark: Russia now has every reason to shield Pyongyang.", "every reason to shield",
     "Baek Seung-joo"),
    ("\"This is a turning point,\" said Andrei Lankov, a professor at Kookmin University. For Lankov, Moscow's embrace "
     "of Pyongyang is a reckless gamble.", "reckless gamble", "Andrei Lankov"),
    ("Robert Kessler, a former U.S. envoy, said talks had failed. For Kessler, the lesson is that Washington and Seoul "
     "need to plan for a permanent axis.", "permanent axis", "Robert Kessler"),
    ("Sanctions are leaking. For Kang Chol-min, a former official at the Unification Ministry, the question matters "
     "less than the money.", "less than the money", "Kang Chol-min"),
])
def test_for_a_source_the_clause_is_their_view(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


def test_for_a_ruler_or_a_state_the_clause_is_the_authors_reading(nlp):
    # the author reads a ruler's or a state's interests: nobody's statement
    assert_no_statement(nlp, "Putin met Kim in June. For Putin, the deal is a lifeline.")
    _, quotes, spk = run(nlp, "President Vladimir Putin said the talks were good. For Putin, the deal is a lifeline. "
                              "For Russia, the deal is cheap.")
    assert [q.text for q in quotes] == ["the talks were good"], [q.text for q in quotes]
    # nor for one quoted before who is no analyst: what the deal did for him
    _, quotes, spk = run(nlp, "Mr. Clarke, the company's owner, said the mines were cheap. For Mr. Clarke, the "
                              "agreement opened the door to other deals.")
    assert [q.text for q in quotes] == ["the mines were cheap"], [q.text for q in quotes]


@pytest.mark.parametrize("text,words,speaker", [
    # a body's words or views that a lawmaker relays are the body's
    ("SEOUL, April 22 (Yonhap) -- North Korea has sent engineers to a Russian drone factory, the country's spy agency "
     "told lawmakers Wednesday, according to a ruling party legislator.", "sent engineers", "the country's spy agency"),
    ("Rep. Seo Dong-hyun spoke after the session. According to Seo, the NIS believes around 300 engineers have worked "
     "at the Alabuga zone.", "300 engineers", "NIS"),
    ("Rep. Kim Byung-kee spoke. According to Kim, the agency believes Pyongyang sent 3,000 more troops.", "3,000",
     "the agency"),  # (a body named by a common noun)
    ("Rep. Seo Dong-hyun spoke after the session. The NIS told the committee that North Korea could begin serial "
     "production of drones within this year, Seo said.", "serial production", "NIS"),
])
def test_a_bodys_words_relayed_by_a_lawmaker(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


@pytest.mark.parametrize("text,words,speaker", [
    # others' words quoted inside a state-media statement body, in its register
    ("Press Statement\n\nPyongyang, January 22 (KCNA) -- Kim Yo Jong issued the following press statement:\n"
     "The US and the ROK held a meeting.\nThe Pentagon chief, for his part, talked rubbish that the US would use "
     "\"the full range of its capabilities\" to defend its ally.\nWe will never tolerate it.", "full range",
     "The Pentagon chief"),
    ("Press Statement\n\nPyongyang, January 22 (KCNA) -- Kim Yo Jong issued the following press statement:\n"
     "The US and the ROK held a meeting.\nEven the Voice of America, a mouthpiece of the US government, had to admit that it was the first time the "
     "NCG had put the plan on the table.\nWe will never tolerate it.", "first time", "Voice of America"),
    # a clause the parser hung on the day as if it were "the day that …"
    ("Not content with this, the puppet defence minister of the ROK blustered at a press conference the following "
     "day that Seoul would make the north pay a price.", "pay a price", "puppet defence minister of the ROK"),
])
def test_state_media_scorn_still_reports(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


@pytest.mark.parametrize("text", [
    "He left on the day that the talks ended.",  # a day, no cue
    "He would talk rubbish that the plan failed.",  # not said
    "They will have to admit that the plan failed.",  # to come
])
def test_no_report_in_days_plans_or_obligations_to_come(nlp, text):
    assert_no_statement(nlp, text)


def test_a_korean_family_name_alone_is_the_person_named_before(nlp):
    # "Choi Min-seok … Choi points out …": the family name leads; the tagger took "Choi" for a noun
    text = ("\"It matters,\" said Choi Min-seok, a retired colonel.\n\nJoseph Ardenne, a fellow at RUSI, disagrees. "
            "\"I am not convinced,\" Ardenne said.\n\nOthers are less sanguine. Choi points out that the North has "
            "begun rotating veterans. In his view, the decisive change is a shift in mindset.")
    assert said_by(nlp, text, "rotating veterans") == "Choi Min-seok"
    assert said_by(nlp, text, "shift in mindset") == "Choi Min-seok"


def test_a_pseudo_cleft_around_the_cue_says_what_its_what_stands_for(nlp):
    text = ("Choi Min-seok spoke.\n\nWhat is new, said Choi, is that for the first time there may be something "
            "behind it beyond artillery.")
    _, quotes, spk = run(nlp, text)
    assert [(q.text, spk[q.speaker].name) for q in quotes] == [
        ("for the first time there may be something behind it beyond artillery", "Choi Min-seok")]


@pytest.mark.parametrize("text,name", [
    ("A senior officer in Ukraine's military intelligence directorate told Reuters that the missiles had been "
     "unreliable.", "senior officer in Ukraine's military intelligence directorate"),
    ("An official at the Unification Ministry said Pyongyang was silent.", "official at the Unification Ministry"),
])
def test_a_described_speaker_keeps_the_body_or_place_it_is_in(nlp, text, name):
    _, quotes, spk = run(nlp, text)
    assert spk[quotes[0].speaker].name == name


@pytest.mark.parametrize("text,words,speaker", [
    # the parser makes the cue a conjunct of the content's verb
    ("MOSCOW, December 3. /TASS/. The treaty between Russia and the DPRK has fully justified itself and has turned "
     "into a working mechanism, Russian Ambassador to Pyongyang Alexander Matsegora told TASS in an interview.",
     "working mechanism", "Alexander Matsegora"),
    ("A spokesman for the U.S. State Department, chiming in with him, blustered that Washington "
     "\"will continue to use every available tool to hold Pyongyang accountable.\"",
     "every available tool", "spokesman for the U.S. State Department"),
    ("As already clarified by the spokesman for the DPRK Ministry of Foreign Affairs in his press statement on "
     "October 29, the DPRK-Russia cooperation is a legitimate exercise of sovereign rights.",
     "legitimate exercise", "spokesman for the DPRK Ministry of Foreign Affairs"),
])
def test_state_media_report_forms(nlp, text, words, speaker):
    """How wire copy of TASS and KCNA commentaries report words: a trailing "X told TASS", a
    scornful cue ("blustered"), "as (already) clarified by X"."""
    assert said_by(nlp, text, words) == speaker


def test_a_trailing_conjunct_after_and_is_no_report(nlp):
    """"…, and Putin said nothing" is no report of the first clause."""
    _, quotes, _ = run(nlp, "Kim visited the plant on Monday, and Putin told reporters nothing.")
    assert not any("visited the plant" in q.text for q in quotes), [q.text for q in quotes]


def test_the_noun_of_a_named_body_is_that_body(nlp):
    """"The embassy said" after "The Russian Embassy in Seoul …": one speaker, not two."""
    _, quotes, spk = run(nlp, "The Russian Embassy in Seoul protested on Monday. The embassy said the crew must be freed.")
    assert {spk[q.speaker].name for q in quotes if q.speaker} == {"Russian Embassy"}, [q.text for q in quotes]


@pytest.mark.parametrize("text,words,speaker", [
    ("A professor of international relations in Shanghai, who asked not to be named, put it bluntly. "
     "“The North Koreans are very good at this game.”", "very good at this game", "A professor"),
    ("Lavrov was blunt. “We will not be lectured.”", "not be lectured", "Lavrov"),
    ("According to a report by the Korea Institute for National Unification, China's share of trade slipped.",
     "share of trade slipped", "Korea Institute for National Unification"),
])
def test_how_analysis_pieces_introduce_words(nlp, text, words, speaker):
    """A sentence that only says how somebody spoke introduces the quotation after it; a
    report cited as the source speaks for its author."""
    assert said_by(nlp, text, words) == speaker


def test_a_full_stop_before_a_quotation_introduces_nothing_else(nlp):
    """"Lavrov met Kim." is no introduction of the words after it."""
    assert said_by(nlp, "Lavrov met Kim on Monday. “We will not be lectured.”", "not be lectured") is None


@pytest.mark.parametrize("text,words,speaker", [
    ("A spokesman for President Vladimir Putin said on Tuesday that the Kremlin had no plans.", "no plans",
     "spokesman for President Vladimir Putin"),
    ("An adviser to Kim Jong Un told reporters the talks were useful.", "talks were useful", "adviser to Kim Jong Un"),
])
def test_whom_a_title_serves_is_not_the_speaker(nlp, text, words, speaker):
    """"A spokesman for Putin" is not Putin (only a name after the place a title serves in is
    the person: "Ambassador to Pyongyang Alexander Matsegora")."""
    assert said_by(nlp, text, words) == speaker


@pytest.mark.parametrize("text,words,speaker", [
    # a dateline with its agency in brackets is no speaker's label
    ("SEOUL (Yonhap): North Korea fired a ballistic missile on Thursday, South Korea's military said.",
     "fired a ballistic missile", "South Korea's military"),
    # "an assessment of X by Y": Y's, never X's
    ("According to an assessment of North Korea by the South Korean military, Pyongyang has sent 11,000 troops.",
     "11,000 troops", "the South Korean military"),
    # "the agency" after two agencies: the one named last
    ("North Korea's Korean Central News Agency said the drones were tested. Japan's Kyodo news agency said the "
     "drones could be sold to Russia. The agency cited unnamed sources.", "unnamed sources", "Japan's Kyodo news agency"),
])
def test_review_cases_of_the_eighth_session(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


def test_an_unnamed_one_of_a_role_mentioned_since_is_the_one_meant(nlp):
    """"The spokesperson was quoted as saying" after "ministry spokesperson Lee Seo-yeon" and then
    "a statement by an unnamed foreign ministry spokesperson": the unnamed one."""
    text = ("\"We will respond sternly,\" ministry spokesperson Lee Seo-yeon said.\n\n"
            "KCNA carried a statement by an unnamed foreign ministry spokesperson saying the country \"will never "
            "recognize the sanctions.\"\n\n"
            "\"No hostile force can stand in the way of our friendship,\" the spokesperson was quoted as saying.")
    assert said_by(nlp, text, "No hostile force") == "an unnamed foreign ministry spokesperson"
    assert said_by(nlp, text, "respond sternly") == "Lee Seo-yeon"


@pytest.mark.parametrize("text,words,speaker", [
    # a name inside the quotation marks is never whom the "he said" after them means
    ("Kim Jong Un visited Moscow last year.\n\nMark Delaney, a former Treasury official, makes a similar "
     "point. \"Sanctions were never going to make Kim give up his weapons,\" he said.", "give up his weapons",
     "Mark Delaney"),
    # a comma-set participle the parser hung inside a "whether" clause is the main subject's
    ("She declined to say whether Seoul had informed Moscow before the inspection, saying only that "
     "\"diplomatic communication is under way.\"", "diplomatic communication", "She"),
    # a named apposition the parser hung on the title's place names the title's holder
    ("Ukraine's ambassador to Japan, Taras Hrytsenko, thanked Tokyo and called for further measures "
     "against \"the entire network that feeds Russia's war.\"", "entire network", "Taras Hrytsenko"),
    # a record that leads relays the words of whom it records ("according to a report by X" stays X's)
    ("According to a readout from the Ministry of Foreign Affairs, Ishiba expressed serious concern over "
     "the transfer of Russian technology to North Korea.", "serious concern", "Ishiba"),
])
def test_the_parse_hides_who_said_it(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


@pytest.mark.parametrize("text,words,speaker", [
    ("Russian Ambassador to the DPRK Alexander Matsegora told TASS the treaty was working.", "treaty was working",
     "Alexander Matsegora"),
    ("Matsegora spoke in Pyongyang. Matsegora would later go on to say that the West was wrong.", "West was wrong",
     "Matsegora"),
    ("South Korea's Foreign Ministry said the talks had failed. The ministry put it bluntly. “This is unacceptable.”",
     "unacceptable", "South Korea's Foreign Ministry"),  # (the state it belongs to is part of its name)
    ("According to a statement of the DPRK Foreign Ministry, the drills were a provocation.", "provocation",
     "DPRK Foreign Ministry"),
])
def test_second_review_cases_of_the_eighth_session(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


@pytest.mark.parametrize("text, words, speaker", [
    # a dateline glued to the lead, parsed as the subject with the name its apposition after the dash
    ("Statement\n\nPyongyang, March 11 (KCNA) -- Kim Yo Jong, vice department director of the Central Committee of the "
     "Workers' Party of Korea, issued the following press statement on Wednesday in connection with the large-scale "
     "joint military exercises being staged by the U.S. imperialists and the ROK puppet military:\n"
     "The U.S. and the military gangsters of the ROK kicked off the joint military drills.\n"
     "This is by no means an annual drill but a thoroughly offensive one aimed at a preemptive attack on our state.",
     "kicked off the joint", "Kim Yo Jong"),
])
def test_a_dateline_before_the_name_is_not_the_speaker(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


def test_what_someone_had_better_understand_is_not_their_statement(nlp):
    """KCNA's "The U.S. and the ROK had better clearly understand that …" urges them to grasp it:
    the sentence is the statement's author's, not the U.S.'s (before: the U.S.'s quote)."""
    text = ("Kim Yo Jong said the drills were a rehearsal for war. The U.S. and the ROK had better clearly "
            "understand that their provocative military muscle-flexing will only bring about their self-destruction.")
    _, quotes, spk = run(nlp, text)
    assert not [(q.text, spk[q.speaker].name) for q in quotes if "muscle-flexing" in q.text and q.speaker
                and spk[q.speaker].name in ("U.S.", "The U.S.", "ROK")]


def test_a_surname_the_tagger_calls_an_organisation_is_still_the_person_named_before(nlp):
    """"Alexander Kozlov … Kozlov[ORG] said trade had grown since Putin and Kim signed …. He said
    …": the surname is the person, the subject of the sentence, so "he" is Kozlov, not Putin
    (named inside the reported clause)."""
    text = ('"Electricity is the lifeblood of any economy," said Alexander Kozlov, Russia\'s natural resources '
            "minister, at a signing ceremony shown on state television.\n"
            "Kozlov said bilateral trade had grown several times over since President Vladimir Putin and North "
            "Korean leader Kim Jong Un signed a comprehensive strategic partnership treaty in June 2024, but gave "
            "no figures. He said Russia was ready to expand cooperation in agriculture, tourism and medicine.")
    assert said_by(nlp, text, "ready to expand cooperation") == "Alexander Kozlov"


def test_a_document_a_channel_carries_speaks_for_the_channel(nlp):
    text = ('North Korea has not commented on the seizure. But a commentary carried Thursday by the official Korean '
            'Central News Agency (KCNA) said "the U.S. and its puppet forces are resorting to piratical acts on the '
            'high seas," without directly mentioning the ship.')
    assert said_by(nlp, text, "piratical acts") == "Korean Central News Agency"


def test_a_role_named_subject_is_who_he_means_next(nlp):
    """"The Secretary raised this with his Russian counterpart …. He made clear that …": he is the
    Secretary, not the last person named (before: the Russian deputy minister)."""
    text = ("Deputy Foreign Minister Nikolai Vorontsov said on Monday that the talks were useful.\n"
            "The Secretary raised this directly with his Russian counterpart when they spoke on Friday. He made "
            "clear that the deployment of North Korean forces is a serious escalation.")
    assert said_by(nlp, text, "serious escalation") == "The Secretary"


def test_she_after_an_unnamed_spokesperson_is_the_spokesperson(nlp):
    """"A Chinese foreign ministry spokesperson said …. She declined to comment …, describing it as
    “…”": she is the spokesperson, not the last person named (before: Kim Jong Un)."""
    text = ('Kim Jong Un called the launch "entirely the fruit of our own wisdom." Asked about the launch, a Chinese '
            'foreign ministry spokesperson said China hoped "all parties will exercise restraint." She declined to '
            'comment on Russia\'s role, describing it as "a matter between sovereign states."')
    assert said_by(nlp, text, "a matter between sovereign states") == "a Chinese foreign ministry spokesperson"


@pytest.mark.parametrize("text, words, speaker", [
    ("According to the intelligence service, Russia has paid in cash. “The trade is no longer shells for money,” as a "
     "senior South Korean defence official put it to reporters in Seoul last month.", "no longer shells",
     "a senior South Korean defence official"),
    ("The minister was asked about the talks. Kang put it bluntly: “We will not pay for promises.”", "We will not pay",
     "Kang"),
])
def test_putting_it_is_a_way_of_saying(nlp, text, words, speaker):
    """"as one official put it", "put it bluntly:": speech (before: the earlier source kept the words)."""
    assert said_by(nlp, text, words) == speaker


def test_putting_something_somewhere_says_nothing(nlp):
    assert_no_statement(nlp, "The minister put it on the table and left the room.")


def test_a_claim_named_in_the_topic_of_a_comment_is_the_claimants(nlp):
    """"Commenting on statements by Western officials who have claimed that …, Lavrov said …": the
    claim is the officials' (before: the comment's topic made it Lavrov's)."""
    text = ("Commenting on statements by Western officials who have claimed that Russian-North Korean military "
            "cooperation violates UN Security Council resolutions, Lavrov said such accusations did not hold water.")
    assert said_by(nlp, text, "cooperation violates") == "Western officials"
    assert said_by(nlp, text, "did not hold water") == "Lavrov"


def test_a_ministry_owned_by_another_state_is_another_speaker(nlp):
    """"Russia's Defense Ministry said …. South Korea's Defense Ministry said …": two ministries
    (before: one "Defense Ministry", so Seoul's words were Moscow's); a later bare "the Defense
    Ministry" is the one named last."""
    text = ("Russia's Defense Ministry said the drills would last five days. South Korea's Defense Ministry said it "
            "strongly urges Russia and North Korea to halt military cooperation. The Defense Ministry added that "
            "the South Korean military was closely monitoring the drills.")
    assert said_by(nlp, text, "drills would last") == "Russia's Defense Ministry"
    assert said_by(nlp, text, "strongly urges") == "South Korea's Defense Ministry"
    assert said_by(nlp, text, "closely monitoring") == "South Korea's Defense Ministry"


def test_a_name_the_tagger_ran_into_the_state_it_serves(nlp):
    """"Russian Ambassador to the DPRK Konstantin Ivashov said …" with "the DPRK Konstantin Ivashov"
    tagged one organisation: the person, whom "the ambassador" means later (before: "Russian
    Ambassador", and "The ambassador" a second speaker)."""
    text = ("Builders from the Democratic People's Republic of Korea will continue to take part in restoring housing "
            "and infrastructure in the Kursk Region throughout 2026, Russian Ambassador to the DPRK Konstantin Ivashov "
            "said in an interview with TASS. The ambassador recalled that Kim Jong Un had thanked him.")
    assert said_by(nlp, text, "restoring housing") == "Konstantin Ivashov"
    assert said_by(nlp, text, "had thanked him") == "Konstantin Ivashov"


@pytest.mark.parametrize("text, words, speaker", [
    # a role-named subject beside another person in view is no antecedent (review of the tenth session)
    ("Kim Jong Un met Russia's defense minister Andrei Belousov in Pyongyang. The minister presented Kim with a gift "
     "from Putin. He told Belousov that the DPRK would support Russia's just cause to the end, KCNA said.",
     "would support Russia", "Kim Jong Un"),
    ("Kim Jong Un toured the Russian frigate in Wonsan. The commander showed him the ship's weapons systems. He said "
     "the visit would open a new chapter in military cooperation.", "open a new chapter", "Kim Jong Un"),
    # an abbreviation of a state-owned body is that body
    ("North Korea fired a ballistic missile toward the East Sea on Thursday, South Korea's Joint Chiefs of Staff (JCS) "
     "said. \"Our military has strengthened surveillance,\" the JCS said.", "strengthened surveillance",
     "South Korea's Joint Chiefs of Staff"),
    # a dash after an organisation is no dateline
    ("The Kremlin -- and Putin himself -- said on Friday that the talks were useful.", "talks were useful", "Kremlin"),
    # a speaker named in a relative clause ("identified by the pseudonym X")
    ("A former construction worker who spent four years on sites in the Russian Far East before defecting in 2019, and "
     "who asked to be identified by the pseudonym Kim Chol-su, described a system built on confiscation. \"We worked "
     "fourteen hours a day,\" he said.", "fourteen hours", "Kim Chol-su"),
])
def test_review_of_the_tenth_session(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


def test_a_headline_phrase_ending_in_news_is_no_outlet(nlp):
    text = "Markets\n\nGood news: the sanctions are working, Blinken told reporters. Russia cannot buy the chips it needs."
    assert said_by(nlp, text, "sanctions are working") == "Blinken"


@pytest.mark.parametrize("text", [
    "Troops\n\nSEOUL, South Korea (AP) — South Korea's spy agency said Wednesday that North Korea had sent about "
    "3,000 more troops to Russia.",
    "Troops\n\nSEOUL -- South Korea's spy agency said Wednesday that North Korea had sent about 3,000 more troops "
    "to Russia.",
])
def test_an_ap_dateline_before_a_described_speaker_is_not_the_speaker(nlp, text):
    assert said_by(nlp, text, "3,000 more troops") == "South Korea's spy agency"


@pytest.mark.parametrize("text, words, speaker", [
    # a generic role stands for the person whose title makes them one
    ("Russian Deputy Foreign Minister Andrey Rudenko told RIA Novosti that the cooperation was lawful. \"We have "
     "nothing to hide from anyone,\" the diplomat added.", "nothing to hide", "Andrey Rudenko"),
    ("South Korean Foreign Minister Cho Tae-yul met Russian Ambassador Georgy Zinoviev on Monday. Cho said the transfers "
     "must stop. \"Our ties are not directed against anyone,\" the Russian diplomat said.", "not directed against",
     "Georgy Zinoviev"),
    ("North Korea's Minister of Foreign Affairs Choe Son Hui met Lavrov in Moscow. The top diplomat of the DPRK said "
     "the ties were invincible.", "ties were invincible", "Choe Son Hui"),
    # "the Russian guest" of a visit: the Russian who spoke or acted last, not one only mentioned
    ("Kim Jong Un received Sergei Shoigu, secretary of the Security Council of the Russian Federation. Present there "
     "was Alexander Matsegora, Russian ambassador to the DPRK. Shoigu conveyed the greetings of Vladimir Putin, "
     "president of the Russian Federation. Kim Jong Un welcomed the visit. The Russian guest said that Russia would "
     "expand cooperation. Noting that Russia respects the measures, he said that the ties would grow.",
     "ties would grow", "Sergei Shoigu"),
    # … but not an unnamed one mentioned since, nor an indefinite one
    ("Foreign Minister Wang Yi said China wanted calm. A Chinese diplomat in Seoul, speaking privately, put it more "
     "sharply. \"What happens on the peninsula is ours,\" the diplomat said.", "on the peninsula", "A Chinese diplomat"),
    ("EU foreign policy chief Kaja Kallas said the package was agreed. An EU diplomat, speaking on condition of "
     "anonymity, told AFP that Slovakia had lifted its objections.", "Slovakia had lifted", "An EU diplomat"),
    # a leading "according to" a channel over a named person's words relays them
    ("According to the Korean Central News Agency (KCNA), the launch was observed by the country's leader Kim Jong Un, "
     "who said that possessing a reconnaissance satellite is the legitimate right of a sovereign state.",
     "legitimate right", "Kim Jong Un"),
    ("According to KCNA, Kim Jong Un said that the DPRK would never give up its nuclear weapons.", "never give up",
     "Kim Jong Un"),
])
def test_a_generic_role_and_a_portfolio(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


def test_a_role_with_the_body_it_serves_keeps_its_whole_name(nlp):
    """"A spokesman for the Ministry of National Defence of the DPRK" (eleven words) is the
    speaker's name (before: cut to "A spokesman", which any spokesman shares)."""
    text = ("Pyongyang, May 4 (KCNA) -- A spokesman for the Ministry of National Defence of the DPRK issued the "
            "following statement on Monday:\nThe drills are a reckless provocation against the DPRK.")
    assert said_by(nlp, text, "reckless provocation") == "spokesman for the Ministry of National Defence of the DPRK"
    _, _, speakers = run(nlp, text)
    assert any("A spokesman for the Ministry of National Defence of the DPRK" in s.aliases for s in speakers.values())


@pytest.mark.parametrize("text, words, speaker", [
    # the person a sentence opens on ("For X, …") is whom the next "he" means
    ("\"Then we are no longer talking about a marriage of convenience,\" said Michael Brennan, a former U.S. official. "
     "For Kang Chol-min, a former North Korean official who defected in 2019, the question matters less than who "
     "receives it. \"The oil does not go to the people,\" he said in an interview in Seoul.", "does not go to the people",
     "Kang Chol-min"),
    # asking how to be named is no statement: the words after it stay the speaker's before
    ("Oleg Kozhemyako, the governor of Primorsky Krai, praised the builders. \"We worked until midnight,\" said a "
     "former construction worker. He asked to be identified only by his surname, Choi. \"We saw maybe 100 dollars a "
     "month.\"", "maybe 100 dollars", "a former construction worker"),
    # a name between commas that ends the subject is who speaks, wherever the parser hung it
    ("The U.N. special rapporteur on human rights in North Korea, Elizabeth Salmón, has described the overseas labour "
     "system as bearing \"hallmarks of forced labour.\"", "overseas labour system", "Elizabeth Salmón"),
    # "has been clear that …" states the clause; "raised a toast to …" is a speech act
    ("The spokesman said talks were possible. The President has been clear that he's open to diplomacy with North "
     "Korea.", "open to diplomacy", "President"),
    ("Putin met Kim Jong Un in Moscow. At a state dinner Putin raised a toast to \"the unbreakable friendship between "
     "our peoples.\"", "unbreakable friendship", "Putin"),
    # "the minister" after two ministers: the one who spoke, not the one named since
    ("MOSCOW, April 28. /TASS/. Russia will expand cooperation with the DPRK, Russian Foreign Minister Sergey Lavrov "
     "said at a news conference following talks with DPRK Foreign Minister Choe Son Hui.\n\n\"We held substantive "
     "talks,\" the minister said.", "substantive talks", "Sergey Lavrov"),
    # what remarks are said to reveal is no speech; a "dead letter" is no document the story turns to
    ("Pyongyang, March 11 (KCNA) -- Kim Yo Jong issued the following press statement on Wednesday:\n\nThe chief of the "
     "puppet Joint Chiefs of Staff blustered about an \"overwhelming response\". Such reckless remarks only reveal the "
     "true colours of the warmongers.\n\nThe sanctions racket has long become a dead letter.\n\nWe will answer "
     "strength with strength.", "strength with strength", "Kim Yo Jong"),
    # an aside between the speaker and the cue that the parser made the speaker's own clause
    ("Kremlin spokesman Dmitry Peskov, asked about the shipments on a regular call with reporters, said Russia's trade "
     "with North Korea was lawful.", "trade with North Korea", "Dmitry Peskov"),
    # a that-clause hung on the occasion's own phrase ("in an emailed response to questions that …")
    ("In Washington, a State Department spokesperson said in an emailed response to questions that the United States "
     "was \"closely monitoring\" the visit.", "closely monitoring", "a State Department spokesperson"),
    # thanking and congratulating are speech acts whose object is what was said
    ("Russian Foreign Minister Sergey Lavrov met Choe Son Hui. Lavrov once again thanked the Korean friends for their "
     "contribution to the liberation of the Kursk Region.", "their contribution", "Sergey Lavrov"),
    # a colon after "said in a statement carried by …" introduces the next paragraph
    ("North Korea responded within hours. A spokesperson for the North Korean foreign ministry said in a statement "
     "carried by the official Korean Central News Agency:\n\n\"The so-called sanctions of the EU are a wanton "
     "infringement on the sovereignty of the DPRK.\"", "wanton infringement",
     "spokesperson for the North Korean foreign ministry"),
])
def test_analysis_and_wire_forms_of_the_eleventh_session(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


def test_what_remarks_reveal_is_no_speech(nlp):
    """"Such reckless remarks only reveal the true colours of the warmongers": the remarks are
    no speaker (before: a speaker "Such reckless remarks"); "The report revealed that …" still is."""
    _, quotes, spk = run(nlp, "Such reckless remarks only reveal the true colours of the warmongers. The report revealed "
                              "that Russia sent oil.")
    assert [spk[q.speaker].name for q in quotes if q.speaker] == ["The report"]


@pytest.mark.parametrize("text, words, speaker", [
    # what the fresh review of the eleventh session found wrong in its first versions
    ("Russian Foreign Minister Sergey Lavrov arrived in Pyongyang on Friday. \"North Korea is not a bargaining chip,\" said "
     "the diplomat, who asked not to be named because he was not authorized to speak.", "bargaining chip", "the diplomat"),
    ("Russian Ambassador Vassily Nebenzia vetoed the resolution. Two Western diplomats said the vote was expected. "
     "\"Russia has made its choice,\" the diplomat said.", "made its choice", "the diplomat"),
    ("\"Moscow needs shells and Pyongyang needs cash,\" said Andrei Lankov of Kookmin University. For Putin, the deal is "
     "about survival. \"He has no other choice,\" he said.", "no other choice", "Andrei Lankov"),
    ("The Defense Ministry's statement revealed that North Korean troops had been deployed to the Kursk region.",
     "troops had been deployed", "The Defense Ministry's statement"),
    # "the former envoy" is not the ambassador now in office (the four articles written last)
    ("Konstantin Yermakov, Russia's deputy ambassador to the United Nations, accused the West of manufacturing a "
     "pretext. \"The war created the relationship,\" said Robert Kessler, who served as U.S. deputy special "
     "representative for North Korea. \"Hope is not a strategy,\" the former envoy said.", "not a strategy",
     "the former envoy"),
    # a bare surname keeps standing for whom it stood for: a second Kim named in full is not "Kim"
    ("Putin welcomed North Korean leader Kim Jong Un to the Kremlin. It was Kim's first visit to Moscow. His sister, "
     "Kim Yo Jong, and Foreign Minister Choe Son Hui were part of the delegation. Kim said North Korea would always "
     "stand on the side of the Russian people.", "side of the Russian people", "Kim Jong Un"),
    # an agency's briefing relayed by a lawmaker who heard it is the agency's
    ("South Korea's National Intelligence Service told lawmakers in a closed-door briefing last month that North Korea "
     "had shipped more than 28,000 containers of munitions to Russia, according to Lee Seong-kweun, a member of "
     "parliament's intelligence committee.", "28,000 containers", "National Intelligence Service"),
])
def test_review_of_the_eleventh_session(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


@pytest.mark.parametrize("text, words, speaker", [
    # the twelfth session's probe articles: "the spy agency" is the intelligence service named before
    ("SEOUL -- The National Intelligence Service (NIS) briefed lawmakers on Monday. The spy agency said North Korea had "
     "sent 2,000 more engineers to Russia.", "2,000 more engineers", "National Intelligence Service"),
    ("The spy agency told a parliamentary committee that 4,000 soldiers had been rotated, according to Rep. Han Mi-rae, "
     "who briefed reporters.", "4,000 soldiers", "The spy agency"),
    ("South Korea's National Intelligence Service spoke first. The spy agency told a parliamentary committee that 4,000 "
     "soldiers had been rotated, according to Rep. Han Mi-rae, who briefed reporters.", "4,000 soldiers",
     "National Intelligence Service"),
    # a leading "according to" over a named speaker who says: the speaker's words
    ("According to the two lawmakers, the NIS said losses had fallen sharply since the spring.", "losses had fallen",
     "NIS"),
    # a surname before the role that describes it (parsed as an interjection)
    ("Rep. Oh Min-jae of the ruling party chaired the session. \"The North appears to be treating the dispatch as a "
     "standing commitment,\" Oh, the committee's secretary from the ruling party, told reporters.", "standing commitment",
     "Oh Min-jae"),
    # one "he" is one person: the one who recalled is the one who noted, not the leader his clause names
    ("Pak Myong Ho said the relations had reached a new stage. Recalling that Comrade Kim Jong Un had declared that the "
     "DPRK would always stand by Russia in its just cause, he noted that the friendship sealed in blood had become a solid "
     "foundation for the relations.", "solid foundation", "Pak Myong Ho"),
    # an organisation that was the last sentence's subject is the "it" that claims next
    ("Last week, the so-called \"Sanctions Review Group\" released another report. It claimed that the DPRK had sent "
     "rockets to Russia.", "sent rockets", "Sanctions Review Group"),
])
def test_forms_of_the_twelfth_session(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


@pytest.mark.parametrize("text, words", [
    # what the reported event went on to be is reported too (", learning to …", ", clearing mines …")
    ("Losses had fallen as the troops adapted, learning to fly their own drones, the agency said.",
     "learning to fly their own drones"),
    ("Besides combat troops, about 900 deminers dispatched last year were still working in Kursk, clearing mines and "
     "rebuilding roads and railways, the agency said.", "clearing mines and rebuilding roads"),
    ("The agency said casualties had been heaviest during fighting in the border region early last year, when the units "
     "advanced in dense formations across open ground.", "when the units advanced in dense formations"),
    # (an apposition in the middle of the words is theirs; one that ends them may be the writer's aside)
    ("Pak Myong Ho said that the relations have been raised to a new stage thanks to the talks between the respected "
     "Comrade Kim Jong Un, general secretary of the Workers' Party of Korea, and Vladimir Putin, president of the "
     "Russian Federation, and to the treaty between the two countries.", "and to the treaty between the two countries"),
])
def test_reported_words_keep_their_tails(nlp, text, words):
    _, quotes, _ = run(nlp, text)
    assert any(words in q.text for q in quotes), [q.text for q in quotes]


@pytest.mark.parametrize("text, words, speaker", [
    # "“…,” said Lyudmila, who runs the café and declined to give her surname": the name after the cue
    ("“Two years ago I would sell maybe ten lunches a day, to railway workers and border guards,” said Lyudmila, who "
     "runs the only café near the station and, like most people here, declined to give her surname.", "ten lunches",
     "Lyudmila"),
    # a quoted word's noun taken for a second subject: the speaker follows the closing mark
    ("“Two years ago I sold ten lunches a day,” said Lyudmila.\nShe laughed when asked about it. “People in the city "
     "smile at the word ‘friendship,’” she said.", "smile at the word", "Lyudmila"),
    # an indefinite person who says something is whom the next "he" means (not the official named before)
    ("Alexei Rudenko, the deputy governor, spoke to reporters on Monday.\nA foreman on a residential tower project said his "
     "subcontractor had brought in about forty North Koreans. Officially, he said, most had entered Russia on student "
     "visas.", "student visas", "A foreman"),
    # a transcript's label the parser made the first subject of a participle's verb is no subject
    ("Transcript\n\nMS. HALE: Go ahead, Tom.\nQ: The Russian Embassy put out a statement last night saying the deliveries "
     "\"will only prolong the bloodshed\" and that Washington has become \"a direct participant in the conflict.\" What's "
     "your response?\nMS. HALE: The quickest way to end the bloodshed is for Russia to stop.", "prolong the bloodshed",
     "Russian Embassy"),
    # after "Recalling that X had declared …, he noted …", the next "he said" is still the one who noted
    ("Pak Myong Ho said the relations had reached a new stage.\nRecalling that Comrade Kim Jong Un had declared that the "
     "DPRK would always stand by Russia in its just cause, he noted that the friendship sealed in blood had become a solid "
     "foundation for the relations.\n\"The government will implement the agreements,\" he said.", "implement the agreements",
     "Pak Myong Ho"),
])
def test_features_and_transcripts_of_the_twelfth_session(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


def test_declining_to_give_a_name_is_no_statement(nlp):
    _, quotes, _ = run(nlp, "“The builders come every day,” said Lyudmila, who runs the café and declined to give her "
                            "surname.")
    assert [q.text for q in quotes if "surname" in q.text] == []


@pytest.mark.parametrize("text, words, speaker", [
    # the twelfth session's mid probes: "the President" who acted before any other president was
    # named stays the home president, not "President Putin" named since
    ("Press Briefing\n\nMS. HALE: Good afternoon. This morning the President signed an executive order on power plants.\n\nMR. VOSS: "
     "Thanks. The President spoke with President Putin for an hour this morning. The President told President Putin "
     "that the killing has to stop.", "the killing has to stop", "the President"),
    # what one person says another told someone is the other's, relayed
    ("Yuri Ushakov told Russian reporters the call was \"frank and businesslike,\" and he said President Putin told the "
     "President that Russia's cooperation with Pyongyang \"is not directed against any third country.\"",
     "not directed against any third country", "Putin"),
    ("Pak Myong Ho spoke first.\nRecalling that Comrade Kim Jong Un had declared that the DPRK would always stand by "
     "Russia in its just cause, he noted that the friendship had become a solid foundation.", "always stand by Russia",
     "Comrade Kim Jong Un"),
    # … but not one's own state, nor what somebody "described as" or "called for"
    ("Kremlin spokesman Dmitry Peskov said Moscow urged restraint from all sides.", "urged restraint", "Dmitry Peskov"),
    ("White House spokesman Josh Earnest said President Barack Obama has long called for tax fairness.",
     "tax fairness", "Josh Earnest"),
    # "Another Western diplomat … cautioned …. “…,” she said"
    ("Sergei Shoigu has visited twice since March.\nAnother Western diplomat, who served in Pyongyang before the "
     "pandemic, cautioned against assuming the alignment would last. \"They have long memories,\" she said.",
     "long memories", "Another Western diplomat"),
    # "For Lindqvist, …" after she was quoted: the next "she"
    ("“Combat use is the harshest test,” said Hanna Lindqvist, who tracks missiles at an institute in London.\nSouth "
     "Korea’s Joint Chiefs of Staff, which has condemned each of this year’s launches as a provocation, has said little "
     "in public about accuracy. Seoul’s military, Choi said, prefers not to advertise what it can measure.\nFor "
     "Lindqvist, the uncertainty cuts both ways. She said the direction of travel was hard to dispute.",
     "direction of travel", "Hanna Lindqvist"),
])
def test_mid_probe_forms_of_the_twelfth_session(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


def test_a_question_label_with_one_blank_asks(nlp):
    """The White House's "Q    Thanks, Paul." often arrives as "Q Thanks, Paul.": the reporter asks."""
    text = ("MS. HALE: Good afternoon.\n\nQ Thanks, Dana. Will the President sign the sanctions bill?\n\n"
            "MS. HALE: The President has said he would support it.")
    assert said_by(nlp, text, "sign the sanctions bill") == "Q"


def test_as_you_know_is_no_statement(nlp):
    """An aside to the audience inside a briefing turn gives no one else the turn's words."""
    _, quotes, spk = run(nlp, "Press Briefing\n\nMS. HALE: Good afternoon. A couple of things at the top.\n\nThis morning "
                              "the President signed an executive order.\n\nSecond, as many of you know, the President spoke "
                              "this morning with President Putin. And given the news, I have asked Paul to come out.")
    assert {spk[q.speaker].name for q in quotes} == {"MS. HALE"}


@pytest.mark.parametrize("text, words, speaker", [
    # a body's name the tagger cut at "of" goes on with the place it names
    ("Last week, the Ministry of Foreign Affairs of the Republic of Korea summoned the Russian Ambassador and said that "
     "military cooperation between Moscow and Pyongyang \"poses a direct threat to the security of the Republic of "
     "Korea.\"", "direct threat", "Ministry of Foreign Affairs of the Republic of Korea"),
    # the body a title names is no part of the holder's name
    ("In April 2025, Chief of the Russian General Staff Valery Gerasimov announced the participation of DPRK military "
     "personnel in the liberation of the Kursk Region.", "participation of DPRK", "Valery Gerasimov"),
])
def test_names_cut_or_widened_by_the_tagger(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


@pytest.mark.parametrize("text, words, speaker", [
    # the fresh review of the twelfth session: where its rules must not reach
    ("U.S. officials said Pyongyang had rejected the offer, saying it would not negotiate under pressure.",
     "would not negotiate", "Pyongyang"),
    ("Russian President Vladimir Putin said in April that Russia would \"never forget the heroic feat\" of the Korean "
     "soldiers, thanking Kim and the North Korean people.", "Kim and the North Korean people", "Vladimir Putin"),
    ("The Foreign Ministry condemned the sanctions. The European Union had adopted them on Friday. It said Moscow would "
     "respond in kind.", "respond in kind", "Foreign Ministry"),
    ("Q Cells, as the unit is known, said the plant would open in 2026.", "plant would open", "Q Cells"),
    ("The intelligence service told the committee nothing new, according to Rep. Kim Byung-kee, who called the session "
     "a waste of time.", "nothing new", "Kim Byung-kee"),
    ("Kim visited the Kangdong plant, which U.S. officials believe produces shells for Russia, KCNA said.",
     "produces shells", "U.S. officials"),
    ("The Security Service of Ukraine announced the arrest of two men in Odesa on Thursday. Ukraine's military "
     "intelligence agency, known as HUR, separately said North Korean troops were training near Kursk. The spy agency "
     "said the suspects had photographed air-defence positions.", "photographed", "The spy agency"),
    ("The National Intelligence Service said the North had sent troops. The U.S. Central Intelligence Agency declined "
     "to comment. The agency said it does not discuss intelligence matters.", "does not discuss",
     "U.S. Central Intelligence Agency"),
])
def test_review_of_the_twelfth_session(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


@pytest.mark.parametrize("text, words, speaker", [
    # the twelfth session's held-back articles, read after they were measured
    ("Transcript\n\nTASS: Thank you.\n\nPESKOV: Good afternoon.\n\nRIA NOVOSTI: Dmitry Sergeyevich, the Korean Central "
     "News Agency reported this morning that Kim Jong Un has accepted an invitation to visit Russia \"in the near "
     "future.\" Can you confirm the visit?\n\nPESKOV: Yes, we have seen these reports.", "accepted an invitation",
     "Korean Central News Agency"),
    ("\"North Korea is trying to apply lessons from the war in Ukraine,\" JCS spokesman Colonel Kang Min-su told a "
     "regular briefing on Monday.", "apply lessons", "Kang Min-su"),
])
def test_held_back_forms_of_the_twelfth_session(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


@pytest.mark.parametrize("text, words, speaker", [
    # the thirteenth session's probe articles: a dateline the parser made the subject, before a
    # long name ("South Korea's Joint Chiefs of Staff")
    ("North Korea fires missiles\n\nSEOUL (Reuters) - South Korea's Joint Chiefs of Staff said North Korea fired two "
     "ballistic missiles on Tuesday.", "fired two ballistic missiles", "South Korea's Joint Chiefs of Staff"),
    # "As X told reporters, …": the main clause is X's, not whom X told
    ("Story\n\nAs a senior defense official told reporters last week, the Pentagon has not seen DPRK units operating "
     "in significant numbers inside Ukraine.", "has not seen DPRK units", "a senior defense official"),
    # "Kim was quoted by KCNA … saying …" (no "as")
    ("Story\n\nKim Jong Un was quoted by KCNA over the weekend saying the partnership with Moscow is \"invincible\".",
     "partnership with Moscow", "Kim Jong Un"),
    # "what X said …, which is that …"
    ("Briefing\n\nI would point you back to what General Caine said from this podium last month, which is that this is "
     "increasingly a two-way relationship.", "two-way relationship", "Caine"),
    # "X has been very clear: …"
    ("Briefing\n\nGeneral Caine spoke last month.\n\nThe President has been very clear: he wants this war to end, and "
     "he has said both sides need to come to the table.", "wants this war to end", "President"),
    # "as the President has made clear, …"
    ("Briefing\n\nQ: Your response?\n\nSPOKESPERSON CHAE: I'd add that, as the President has repeatedly made clear, "
     "the government remains open to dialogue with the North.\n\nQ: Thank you.", "open to dialogue", "President"),
    # "has made it clear he wants …": a clause with its own subject, no "that"
    ("Story\n\nThe President has made it clear he wants to meet Kim Jong Un again.", "wants to meet", "President"),
    # a relative clause that judges the noun it hangs on
    ("Story\n\nThe Secretary also raised the military cooperation between the DPRK and Russia, which he described as a "
     "direct threat to security on the Korean Peninsula.", "direct threat", "The Secretary"),
    ("Story\n\nRussia's cooperation with the DPRK, which Hegseth called a direct threat to security, is growing.",
     "direct threat", "Hegseth"),
    # "highly appreciated X" is a judgement with its object
    ("Story\n\nThe Russian minister highly appreciated the DPRK's principled stand of firmly supporting Russia's "
     "special military operation.", "principled stand", "The Russian minister"),
    # a reporter's label with the outlet in parentheses is no subject of the report inside the question
    ("Call\n\nQUESTION (TASS): Will Kim come?\n\nDMITRY PESKOV: No.\n\nREPORTER (KBS): Kim Yo Jong said yesterday "
     "that the South \"should not dream\" of taking the soldiers. Your response?\n\nDMITRY PESKOV: No.",
     "should not dream", "Kim Yo Jong"),
    # an indefinite official is somebody new, not a person described as an official before
    ("Story\n\nNorth Korean leader Kim Jong Un and visiting Russian Prime Minister Mikhail Mishustin signed "
     "agreements on energy supplies, state media said on Thursday.\n\nMishustin, the most senior Russian official to "
     "visit Pyongyang since President Vladimir Putin's trip in June 2024, arrived on Tuesday for a three-day visit.\n\n"
     "A senior official at the presidential office, who spoke on condition of anonymity, said Seoul was concerned.",
     "Seoul was concerned", "A senior official"),
    # (and a named person described by an indefinite apposition is still that person)
    ("Story\n\nThe missiles have changed. Oleh Dovhan, a senior expert at the Kyiv Scientific Research Institute of Forensic Expertise who says he "
     "has examined fragments from more than 20 of the missiles, has watched that change.", "examined fragments",
     "Oleh Dovhan"),
    # an organisation a copula introduces is what "It found" next means
    ("Story\n\nThe Panel of Experts said in 2024 that it was investigating reports of missiles.\n\nWhat replaced it is "
     "the Multilateral Sanctions Monitoring Team, set up in October 2024 by eleven countries. It found that North "
     "Korea had sent millions of shells to Russia.", "had sent millions", "Multilateral Sanctions Monitoring Team"),
    # a state's present-tense judgement inside a turn is the official's who speaks for it
    ("Briefing\n\nQ: Russia praised the talks. Your comment?\n\nMAO NING: China welcomes the positive remarks.\n\n"
     "Q: Thanks.", "positive remarks", "MAO NING"),
])
def test_forms_of_the_thirteenth_session(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


def test_a_warning_after_a_report_is_a_statement_of_its_own(nlp):
    """"He said X, and warned that Y" with "warned" hung on "said": two statements, not one."""
    _, quotes, spk = run(nlp, "Story\n\nRussian envoy Mikhail Ostapenko spoke.\n\nHe said the real causes of tension "
                              "were the trilateral exercises the U.S., South Korea and Japan have staged in recent "
                              "months, and warned that "
                              "Moscow would not support \"any further sanctions pressure\" on the North.")
    hit = next(q for q in quotes if "any further sanctions pressure" in q.text)
    assert "real causes" not in hit.text and spk[hit.speaker].name == "Mikhail Ostapenko"


def test_a_statement_body_goes_on_past_a_declaration_of_confrontation(nlp):
    """"This is an undisguised declaration of confrontation" is the statement's own words, not a
    paragraph about a statement: the body goes on."""
    text = ("Spokesperson for DPRK FM\n\nPyongyang, March 18 (KCNA) -- A spokesperson for the Ministry of Foreign "
            "Affairs of the DPRK issued the following press statement on Wednesday:\n\n"
            "The U.S., Japan and the ROK staged a trilateral drill for four days from March 14.\n\n"
            "This is an undisguised declaration of confrontation against the DPRK.\n\n"
            "The DPRK will take all necessary countermeasures to defend its sovereignty.")
    _, quotes, spk = run(nlp, text)
    hit = next(q for q in quotes if "necessary countermeasures" in q.text)
    assert "spokesperson" in spk[hit.speaker].name.lower()


def test_a_supposition_is_no_statement(nlp):
    """"… are seriously mistaken if they think that …": what nobody said (but "Even if Moscow
    says …" concedes what was said)."""
    _, quotes, _ = run(nlp, "Story\n\nThe U.S. and its allies are seriously mistaken if they think that they can "
                            "browbeat the DPRK by staging ever larger drills.")
    assert not any("browbeat" in q.text and q.text.startswith("they can") for q in quotes)


@pytest.mark.parametrize("text, words, absent", [
    # one modal's two verbs are one report
    ("Story\n\nHe stressed that the government and people of the DPRK will as ever fully support and encourage the "
     "just cause of the Russian army.", "support and encourage the just cause", None),
    # "said last week" is when, not what
    ("Story\n\nThe West, as Lavrov said last week, is waging a hybrid war against Russia.", "waging a hybrid war",
     None),
    ("Story\n\nAs Lavrov said last week, the West is waging a hybrid war against Russia.", "the West is waging",
     "last week"),
    # the "and" of the cue's next verb is no part of the report
    ("Story\n\nKim Yo Jong said yesterday that the South \"should not dream\" of taking the soldiers and called them "
     "\"our heroes who were abducted.\"", "of taking the soldiers", " and"),
])
def test_what_the_words_are_in_the_thirteenth_session(nlp, text, words, absent):
    _, quotes, _ = run(nlp, text)
    hit = next(q for q in quotes if words in q.text)
    if absent is not None:
        assert absent not in hit.text.removesuffix(".")[-len(absent) - 1:] if absent == " and" else absent not in hit.text


@pytest.mark.parametrize("text, words, speaker", [
    # the thirteenth session's mid probes: "said" with a long noun phrase for object is a clause
    ("Story\n\nRussian Foreign Minister Sergei Lavrov said Tokyo's sanctions against Pyongyang only fuel tensions on "
     "the peninsula.\n\nHe said a prayer for the victims of the war.", "only fuel tensions", "Sergei Lavrov"),
    # "The message reads:" is the body of the message its author sent last before it (after a
    # dateline; a reply sent after it is not the one read)
    ("Kim Sends Message\n\nPyongyang, June 19 (KCNA) -- Kim Jong Un sent a message to Vladimir Putin on the "
     "anniversary.\n\nThe message reads:\n\nDear Comrade Putin,\n\nI extend warm comradely greetings to you.\n\n"
     "The treaty is a living bond of friendship.\n\nVladimir Putin also sent a message to Kim Jong Un on the same day.",
     "living bond of friendship", "Kim Jong Un"),
    # "wished X to Y" is a diplomatic speech act with its object
    ("Story\n\nVladimir Putin also sent a message to Kim Jong Un on the same day.\n\nHe sincerely wished good health "
     "and great success to Kim Jong Un in his responsible work.", "good health and great success", "Vladimir Putin"),
    # an agency reporting that a named person told someone something relays the person's words
    ("Story\n\nMeanwhile, TASS reported that Dmitry Peskov, press secretary of the Russian president, told "
     "journalists in Moscow that the Kremlin attached great importance to the message.", "great importance",
     "Dmitry Peskov"),
    # an indefinite person described and speaking is whom the next "he" means (an outlet or a
    # place in the sentence is no other person in view)
    ("Story\n\nIn June, Sergei Shoigu said North Korea would send workers.\n\nA former North Korean construction worker "
     "who left a site near Vladivostok in 2019 told the outlet Daily NK that the work began before dawn. \"We worked "
     "from six in the morning,\" he told the outlet.", "six in the morning", "A former North Korean construction worker"),
    ("Story\n\nIn June, Sergei Shoigu said North Korea would send workers.\n\nA manager at a Vladivostok travel agency "
     "that sells the tours, who asked not to be named, said his company had sent a few hundred people to North Korea "
     "last year, most of them retirees. \"It's not a mass market. People go once, to say they have been,\" he said.",
     "not a mass market", "A manager"),
    # a "that" clause the parser hung on an occasion between the cue and it
    ("Story\n\nRussia's UN ambassador, Vasily Nebenzia, argued when he cast the veto in March 2024 that the sanctions "
     "regime had \"lost touch with reality\" and that the panel had become a tool of Western governments.",
     "lost touch with reality", "Vasily Nebenzia"),
    # a state's present-perfect judgement inside a turn is the official's who speaks for it
    ("Press\n\nQ: Your comment?\n\nKIHARA: Japan has lodged a serious protest and strongly condemned North Korea "
     "through the embassy channel in Beijing.\n\nQ: Thanks.", "embassy channel", "KIHARA"),
])
def test_mid_probe_forms_of_the_thirteenth_session(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


@pytest.mark.parametrize("text, words, speaker", [
    # the thirteenth session's held-back articles, read after they were measured: a questioner's
    # label with the outlet in parentheses parsed as the subject, the name its apposition
    ("Briefing\n\nSPOKESPERSON NAM: Good afternoon.\n\nQ (Newsis): Russian Deputy Foreign Minister Andrei Rudenko "
     "told RIA Novosti on Monday that Moscow was ready to restore dialogue with Seoul. Is the government considering "
     "any adjustment?\n\nSPOKESPERSON NAM: No.", "ready to restore dialogue", "Andrei Rudenko"),
    # "said, citing the National Intelligence Service, that …": the agency's words, relayed
    ("Story\n\nMembers of the National Assembly intelligence committee said yesterday, citing the National "
     "Intelligence Service, that more than 15,000 North Korean workers were sent to Russia last year.",
     "15,000 North Korean workers", "National Intelligence Service"),
    # a list of states parsed as the subject of a participle that opens the sentence
    ("Story\n\nNevertheless, the U.S., Japan and the ROK, hurriedly cooking up a \"joint statement\" of their foreign "
     "ministers on March 10, claimed that the launch was \"a clear violation of multiple UN Security Council "
     "resolutions\".", "clear violation", "U.S."),
])
def test_held_back_forms_of_the_thirteenth_session(nlp, text, words, speaker):
    assert said_by(nlp, text, words) == speaker


def test_a_reason_cited_is_no_part_of_the_words(nlp):
    """"said, citing security concerns, that he would not comment": the words said are the clause
    (the reason cited is a statement of its own, as PolNeAR's annotators read it)."""
    _, quotes, _ = run(nlp, "Story\n\nThe minister said, citing security concerns, that he would not comment.")
    assert sorted(q.text for q in quotes) == ["he would not comment", "security concerns"]


def test_said_with_a_thing_for_object_is_no_statement(nlp):
    """"said a prayer", "said nothing about …": no words of theirs."""
    _, quotes, _ = run(nlp, "Story\n\nHe said a prayer for the victims of the war.\n\nShe said nothing about the "
                            "shipments to Russia.")
    assert not quotes, [q.text for q in quotes]
