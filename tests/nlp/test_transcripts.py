"""Transcripts: a speaker label owns its paragraph and the ones after it up to the next label;
``Q`` is the questioner; reported speech inside a turn keeps its own speaker; ``I`` / ``we``
inside a turn is the turn's speaker; a title is never a label. Texts written for the tests."""

from __future__ import annotations

import pytest

from nlp.attribution import attribute
from nlp.paragraphs import segment
from nlp.transcripts import speaker_lines, turns

BRIEFING = (
    "Briefing on the Harbour Talks\n\n"
    "Grand Hotel Ballroom\n\n"
    "MODERATOR:  This call is on background. Our speaker is a senior official.\n\n"
    "SENIOR OFFICIAL:  Thanks. Let me give a short readout.\n\n"
    "The ministers met for two hours this morning. The talks covered fishing rights and the border.\n\n"
    "Both ministers said the ceasefire must hold through the winter. We believe the talks will resume soon.\n\n"
    "Q    Did the ministers discuss Admiral Grant and his fleet? Was Mayor Olsen there?\n\n"
    "SENIOR OFFICIAL:  No. I think the fleet did not come up at all.\n\n"
    "The harbour question remains open, and I would not expect a deal this week.\n\n"
    "Q:  Will there be sanctions?\n\n"
    "SENIOR OFFICIAL:  That is not something I will preview today.\n"
)


def transcript(title, *turns):
    """A transcript's text: ``title`` (None: none), then one paragraph per ``(label, words)``
    turn (label None: a paragraph that continues the turn before)."""
    paras = ([title] if title else []) + [f"{label}: {words}" if label else words for label, words in turns]
    return "\n\n".join(paras)


def analyse(nlp, text):
    """(quotes, speakers by id) of ``text``."""
    quotes, speakers = attribute(nlp(text), segment(text))
    return quotes, {s.id: s for s in speakers}


@pytest.fixture(scope="module")
def briefing(nlp):
    return analyse(nlp, BRIEFING)


def speaker_of(result, words):
    quotes, spk = result
    hits = [q for q in quotes if words in q.text]
    assert hits, [q.text for q in quotes]
    q = min(hits, key=lambda q: len(q.text))
    return spk[q.speaker] if q.speaker else None


def assert_said(result, expected: dict[str, str]) -> None:
    """Each words → the name of the speaker of the shortest quote holding them."""
    got = {words: getattr(speaker_of(result, words), "name", None) for words in expected}
    assert got == expected


def test_turn_owns_following_paragraphs(briefing):
    for words in ("The ministers met for two hours", "The talks covered fishing rights",
                  "The harbour question remains open"):
        assert speaker_of(briefing, words).name == "SENIOR OFFICIAL"


def test_turn_quotes_are_sentences_with_the_label_as_mention(briefing):
    quotes, _ = briefing
    q = next(q for q in quotes if q.text.startswith("The talks covered fishing rights"))
    assert q.text == "The talks covered fishing rights and the border."
    assert q.speaker_mention.text == "SENIOR OFFICIAL" and q.kind == "direct"


def test_questions_go_to_the_questioner_not_to_names_inside_them(briefing):
    for words in ("Did the ministers discuss Admiral Grant", "Was Mayor Olsen there?", "Will there be sanctions?"):
        s = speaker_of(briefing, words)
        assert (s.name, s.kind) == ("Q", "questioner")


def test_reported_speech_inside_a_turn_keeps_its_speaker(briefing):
    s = speaker_of(briefing, "the ceasefire must hold")
    assert s.name == "Both ministers"


def test_we_and_i_inside_a_turn_are_the_turn_speaker(briefing):
    assert speaker_of(briefing, "the talks will resume soon").name == "SENIOR OFFICIAL"
    assert speaker_of(briefing, "the fleet did not come up").name == "SENIOR OFFICIAL"


def test_title_and_headings_are_not_labels_or_quotes(briefing):
    quotes, _ = briefing
    assert not any("Harbour Talks" in q.text or "Ballroom" in q.text for q in quotes)
    assert speaker_of(briefing, "This call is on background").name == "MODERATOR"


def test_stage_direction_ends_a_turn():
    text = "Evening session\n\nANN: We agreed on the text.\n\nIt will be signed soon.\n\n(CROSSTALK)\n\nThe room emptied.\n\nBEN: Fine."
    paras = segment(text)
    got = [[text[a:b] for a, b in t.ranges] for t in turns(text, paras, speaker_lines(text, paras))]
    assert got == [["We agreed on the text.", "It will be signed soon."], ["Fine."]]


def test_a_single_label_in_a_story_owns_only_its_paragraph():
    text = ("The senator spoke on the radio on Sunday.\n\n"
            "HOST: Will you run again?\n\n"
            "The senator has not decided, aides said.")
    paras = segment(text)
    got = [[text[a:b] for a, b in t.ranges] for t in turns(text, paras, speaker_lines(text, paras))]
    assert got == [["Will you run again?"]]


def test_a_title_with_a_colon_is_a_headline_not_a_turn():
    text = "TRADE: Ports reopen after the strike\n\nDOCKER: We are back.\n\nThe cranes moved again.\n\nBOSS: Good."
    paras = segment(text)
    labels = speaker_lines(text, paras)
    assert [(text[x.start:x.end], x.turn) for x in labels] == [("TRADE", False), ("DOCKER", True), ("BOSS", True)]


def test_digest_section_head_names_the_speaker_of_the_quotes_below(nlp):
    text = ("Ministers on the airwaves\n\n"
            "The Trade Minister on Morning Radio:\n\n“Our ports are open.”\n\n“We will not raise tariffs this year.”\n\n"
            "Shadow Chancellor Mark Hale on Channel Two:\n\n“The plan is a mess.”\n\n"
            "The debate continues next week.")
    result = analyse(nlp, text)
    quotes = result[0]
    assert "Trade Minister" in speaker_of(result, "Our ports are open").name
    assert "Trade Minister" in speaker_of(result, "We will not raise tariffs").name
    assert speaker_of(result, "The plan is a mess").name == "Mark Hale"
    assert not any("continues next week" in q.text for q in quotes)


def test_we_inside_a_turn_does_not_swallow_the_speech_it_reports(nlp):
    text = ("Talks readout\n\nMODERATOR:  Go ahead.\n\n"
            "SENIOR OFFICIAL:  We believe the harbour pilots said that the channel is safe again. "
            "We will reopen the port.\n\n"
            "Q    Thank you.")
    result = analyse(nlp, text)
    assert speaker_of(result, "the channel is safe again").name == "the harbour pilots"  # not the turn's "we"
    assert speaker_of(result, "We will reopen the port").name == "SENIOR OFFICIAL"


def test_meeting_record_labels_with_country_in_brackets(nlp):
    text = ("Security Council, 9000th meeting\n\n"
            "The President: I give the floor to the representative of Norland.\n\n"
            "Mr. Varga (Norland) (spoke in French): We condemn the missile launch.\n\n"
            "It violates two resolutions of this Council.\n\n"
            "Ms. Okafor (Southland): My delegation calls for restraint.")
    result = analyse(nlp, text)
    assert speaker_of(result, "It violates two resolutions").name.endswith("Varga")
    assert speaker_of(result, "We condemn the missile launch").name.endswith("Varga")
    assert speaker_of(result, "calls for restraint").name.endswith("Okafor")
    assert not any("Norland)" in s.name or "French" in s.name for s in result[1].values())
    assert speaker_of(result, "I give the floor").name == "The President"


def test_labels_with_a_note_in_brackets_and_in_mixed_case(nlp):
    """"PRIME MINISTER (as interpreted):" and "Question (follow-up):" are labels (the note is no
    part of the name); a transcript that writes its answers "Maria Lind: …" (a name opening two
    or more paragraphs, beside "Question:" labels) gives them to that name."""
    text = transcript("Briefing by the Foreign Ministry Spokeswoman",
                      ("MODERATOR", "We begin with the Prime Minister."),
                      ("PRIME MINISTER (as interpreted)", "We condemn the missile launch."),
                      (None, "It violates two resolutions."),
                      ("Question", "Will the ministry respond to the new sanctions?"),
                      ("Maria Lind", "The sanctions are illegitimate. We will respond."),
                      ("Question (follow-up)", "When will you respond?"),
                      ("Maria Lind", "You will find out in due course."))
    result = analyse(nlp, text)
    assert_said(result, {"It violates two resolutions": "PRIME MINISTER", "We condemn the missile": "PRIME MINISTER",
                         "The sanctions are illegitimate": "Maria Lind", "You will find out": "Maria Lind"})
    questioner = speaker_of(result, "When will you respond")
    assert questioner is not None and questioner is speaker_of(result, "Will the ministry respond")


def test_a_mixed_case_name_with_a_colon_in_a_story_is_no_turn(nlp):
    """Without a questioner's label, "John Smith: …" lines are not a transcript's turns."""
    text = ("The council met on Monday.\n\nJohn Smith: a farmer from the valley, said the rain came late.\n\n"
            "The vote was close.\n\nJohn Smith: the farmer again, said he would appeal.")
    labels = speaker_lines(text, segment(text))
    assert not any(lab.turn for lab in labels)


def test_a_reporter_who_gives_their_name_asks_as_that_name(nlp):
    answers = ("Good afternoon. Go ahead.", "They will.", "We are.")
    questions = ("(Jiwon Park, Yonhap) Thank you. Will the sanctions be extended?",
                 "Kenta Sato, NHK. Will the drills continue next year?", "Mr Secretary, Thank you. Is there a deadline?")
    text = transcript(None, *[t for a, q in zip(answers, questions) for t in (("MR MILLER", a), ("QUESTION", q))])
    result = analyse(nlp, text)
    assert_said(result, {"Will the sanctions be extended": "Jiwon Park", "Will the drills continue": "Kenta Sato",
                         "Is there a deadline": "QUESTION"})
    assert not any("NHK" in q.text or "Yonhap" in q.text for q in result[0])


def test_you_said_in_a_question_is_the_answering_officials_words(nlp):
    """"Last week you said that …" in a reporter's question quotes the official who answers."""
    text = ("MR MILLER: Good afternoon. Go ahead.\n\n"
            "QUESTION: Last week you said that the partnership was \"a relationship of desperation.\" "
            "Do you still believe that?\n\n"
            "MR MILLER: I do.")
    result = analyse(nlp, text)
    assert speaker_of(result, "a relationship of desperation").name.endswith("MILLER")
    assert speaker_of(result, "Do you still believe").name == "QUESTION"


def test_a_title_naming_the_speaker_gives_them_the_text_before_the_first_label(nlp):
    """"Briefing by X": the unlabelled opening (across its section headings) is X's; words X
    quotes keep their speaker; after the first label the turns take over."""
    text = ("Briefing by Foreign Ministry Spokeswoman Maria Lind, Moscow, December 4\n\n"
            "Entry into force of the treaty\n\n"
            "Today the treaty has entered into force. This is a truly historic document.\n\n"
            "The sanctions team\n\n"
            "A State Department spokesman rushed to declare that the treaty “is a threat to the region.” "
            "We reject this.\n\n"
            "Question: Will Moscow respond?\n\n"
            "Maria Lind: You will find out in due course.\n\n"
            "Question: When?\n\n"
            "Maria Lind: Soon.")
    result = analyse(nlp, text)
    lind = speaker_of(result, "This is a truly historic document")
    assert lind.name == "Maria Lind"  # (not "Ministry Spokeswoman Maria Lind")
    assert speaker_of(result, "We reject this") is lind and speaker_of(result, "You will find out") is lind
    assert speaker_of(result, "is a threat to the region").name == "A State Department spokesman"
    assert speaker_of(result, "Will Moscow respond").name == "Question"


@pytest.mark.parametrize("title", [
    "Remarks by Lind spark outrage in Moscow",  # a headline about remarks: a verb after the name
    "Joint press statement by Maria Lind and John Smith",  # two people
    "Moscow rejects the treaty",
])
def test_a_title_that_names_no_single_author_gives_nobody_the_text(nlp, title):
    text = f"{title}\n\nThe treaty has entered into force. Officials called it historic.\n"
    quotes, _ = analyse(nlp, text)
    assert not any("entered into force" in q.text for q in quotes if q.speaker), [q.text for q in quotes]


def test_a_role_in_mixed_case_labels_the_turns_of_a_noon_briefing(nlp):
    """UN noon briefings write "Spokesperson:" and "Question:"; the spokesperson's answers are
    theirs, the questions the questioner's."""
    answers = ("Good afternoon. I'll start with Sudan.", "We've seen the report. I'm not going to comment on its findings.",
               "I'll leave that to Member States.")
    questions = ("Does the Secretary-General have a reaction to the report on the DPRK?", "Follow-up. Is the report credible?")
    turns = [("Spokesperson", answers[0])] + [t for q, a in zip(questions, answers[1:]) for t in (("Question", q), ("Spokesperson", a))]
    text = transcript("Daily press briefing", *turns)
    result = analyse(nlp, text)
    assert_said(result, {"not going to comment": "Spokesperson", "leave that to Member States": "Spokesperson",
                         "Is the report credible": "Question"})


@pytest.mark.parametrize("title,speaker", [
    ("Kremlin sees US-South Korean drills as provocative step — Peskov", "Peskov"),
    ("Russian tourist flow to the DPRK may triple in 2025 - consul general", "consul general"),
])
def test_a_headline_that_ends_with_its_source_is_theirs(nlp, title, speaker):
    """TASS and RIA end a headline with who said it after a dash."""
    text = f"{title}\n\nMOSCOW, March 3. /TASS/. The Kremlin regards the drills as a provocative step, the official said."
    quotes, spk = analyse(nlp, text)
    q = next(q for q in quotes if title.startswith(q.text))
    assert spk[q.speaker].name.endswith(speaker)


def test_a_headline_with_a_dash_and_no_source_is_no_quote(nlp):
    text = "Russia-Ukraine war - live updates\n\nThe fighting continued on Monday."
    quotes, _ = analyse(nlp, text)
    assert not any(q.speaker for q in quotes), [q.text for q in quotes]


def test_a_story_headed_remarks_by_x_is_not_xs_monologue(nlp):
    """A body that speaks of the titled person in the third person is a story about them."""
    text = ("Remarks by Kim Yo Jong\n\nKim Yo Jong, the powerful sister of North Korea's leader, issued a statement "
            "through KCNA on Sunday.\n\nSeoul's Unification Ministry declined to comment.")
    quotes, _ = analyse(nlp, text)
    assert not any("issued a statement" in q.text or "declined to comment" in q.text for q in quotes if q.speaker)


def test_mixed_case_questions_with_answers_labelled_by_one_name(nlp):
    """"Question:" / "Lankov:" explainers: the answers are Lankov's; a lone "Question:" in a
    story is no questioner's turn."""
    text = transcript("Why Moscow needs Pyongyang", ("Question", "Why does Moscow need Pyongyang?"),
                      ("Lankov", "Russia needs shells. North Korea has them."), ("Question", "Will it last?"),
                      ("Lankov", "Probably not beyond the war."))
    assert_said(analyse(nlp, text), {"Russia needs shells": "Lankov", "Probably not beyond": "Lankov"})
    quotes, _ = analyse(nlp, "The talks ended on Monday.\n\nQuestion: What comes next for the negotiations?")
    assert not any(q.speaker for q in quotes), [q.text for q in quotes]


def test_second_review_transcript_and_title_cases(nlp):
    """A questioner's note may name an agency ("Question (TASS):"); a page title ending in a
    publication is no source; a statement titled by its author may speak of its state in the
    third person."""
    text = transcript("Transcript", ("Question (retranslated)", "What about the drills?"),
                      ("Vladimir Putin", "They are a provocation."), ("Question (TASS)", "And the sanctions?"),
                      ("Vladimir Putin", "They are illegitimate, of course."))
    assert_said(analyse(nlp, text), {"They are a provocation": "Vladimir Putin", "And the sanctions": "Question"})
    quotes, spk = analyse(nlp, "North Korea sends troops to Russia, says Seoul — The Guardian\n\nThe troops arrived.")
    assert {spk[q.speaker].name for q in quotes if q.speaker} <= {"Seoul"}
    quotes, spk = analyse(nlp, "Statement by the DPRK Foreign Ministry Spokesman\n\n"
                               "The DPRK will never tolerate the hostile acts of the U.S.")
    assert [spk[q.speaker].name for q in quotes if q.speaker] == ["DPRK Foreign Ministry Spokesman"]


def test_answers_labelled_a_are_the_official_who_spoke_last(nlp):
    """Seoul's ministries print "Spokesperson Jeong Hae-won: …" once, then "Q: …" / "A: …": every
    answer is the spokesperson's (before, the question's turn ran on through the answers)."""
    text = transcript("Regular Press Briefing by Spokesperson Jeong Hae-won (September 26, 2024, 15:00)",
                      ("Spokesperson Jeong Hae-won", "Good afternoon. I will begin with two announcements."),
                      ("Q", "A Russian detachment entered the port of Wonsan. What is your assessment?"),
                      ("A", "We are aware of the reports. We have conveyed our concerns to the Russian side."),
                      ("Q", "Has the government raised the matter with Moscow?"),
                      ("A", "I have seen the remarks. Russia must act responsibly."))
    result = analyse(nlp, text)
    assert_said(result, {"two announcements": "Spokesperson Jeong Hae-won", "aware of the reports": "Spokesperson Jeong Hae-won",
                         "act responsibly": "Spokesperson Jeong Hae-won", "raised the matter": "Q"})


def test_a_q_and_a_with_no_official_named_leaves_an_answer_to_nobody_new(nlp):
    """"A:" with no official before it and no title naming one: no speaker is made up for it."""
    text = transcript("Briefing", ("Q", "Will there be sanctions?"), ("A", "That is not something I will preview today."),
                      ("Q", "And the talks?"))
    _, speakers = analyse(nlp, text)
    assert "A" not in {s.name for s in speakers.values()}


def test_reported_speech_that_opens_a_turn_keeps_its_speaker(nlp):
    """"MATSUZAKI: Kim Yo Jong said … that …": the parser makes the label a second subject of
    "said"; the reported words are still Kim Yo Jong's, the rest of the turn the label's."""
    text = transcript("Press Conference",
                      ("MATSUZAKI", "Kim Yo Jong said in a statement this morning that the balloons were a just "
                                    "countermeasure. We will respond firmly."),
                      ("REPORTER", "What about the launch?"), ("MATSUZAKI", "We are analysing it."))
    result = analyse(nlp, text)
    assert_said(result, {"a just countermeasure": "Kim Yo Jong", "respond firmly": "MATSUZAKI"})


def test_a_written_answer_is_whoever_the_lead_says_gives_it(nlp):
    """KCNA prints "The spokesman for the Foreign Ministry of the DPRK gave the following answer to a
    question raised by KCNA:" and then "Question: …" / "Answer: …": the answer, every paragraph of
    it, is the spokesman's; what it reports of others stays theirs."""
    text = ("DPRK FM Spokesman Rejects Joint Statement\n\n"
            "Pyongyang, November 14 (KCNA) -- The spokesman for the Foreign Ministry of the DPRK gave the following "
            "answer to a question raised by KCNA on Thursday:\n\n"
            "Question: The ministers took issue with the relations between the DPRK and Russia. What is your view?\n\n"
            "Answer: The statement is nothing but a patchwork of worn-out rhetoric.\n\n"
            "In the statement the ministers claimed that the cooperation poses a direct threat to security.\n\n"
            "The relations of the two countries need nobody's approval.\n")
    result = analyse(nlp, text)
    spokesman = "The spokesman for the Foreign Ministry of the"  # (a name is cut at eight words)
    assert_said(result, {"patchwork of worn-out rhetoric": spokesman, "need nobody's approval": spokesman,
                         "poses a direct threat": "the ministers", "What is your view": "Question"})


def test_an_answer_is_never_the_moderators(nlp):
    """"MODERATOR: Our next question …" / "Q: …" / "A: …": the moderator runs the briefing and
    answers nothing; with no official named, the answer gets no speaker."""
    text = transcript("Press briefing", ("MODERATOR", "Our next question comes from the back."),
                      ("Q", "Will there be sanctions?"), ("A", "That is not something I will preview today."),
                      ("MODERATOR", "Thank you all."))
    assert getattr(speaker_of(analyse(nlp, text), "preview today"), "name", None) != "MODERATOR"


def test_a_written_answer_without_labels_is_the_answerers_to_the_end(nlp):
    """KCNA's usual form: "A spokesman for the Foreign Ministry of the DPRK gave the following
    answer to a question raised by KCNA …:" and the answer's paragraphs, unlabelled and unquoted
    (before: no quote at all)."""
    text = ("Pyongyang, November 14 (KCNA) -- A spokesman for the Foreign Ministry of the DPRK gave the following "
            "answer to a question raised by KCNA on Thursday as regards the G7 statement:\n\n"
            "The statement is nothing but a patchwork of worn-out rhetoric dictated by the U.S.\n\n"
            "The relations of the two countries are a legitimate exercise of sovereign rights.\n")
    result = analyse(nlp, text)
    answerer = "spokesman for the Foreign Ministry of the DPRK"
    assert_said(result, {"worn-out rhetoric": answerer, "legitimate exercise": answerer})


@pytest.mark.parametrize("title,speaker", [
    ("Press Statement of Kim Yo Jong, Vice Department Director of C.C., WPK", "Kim Yo Jong"),
    ("Statement of Spokesman for DPRK Foreign Ministry", "Spokesman for DPRK Foreign Ministry"),
])
def test_a_state_media_statement_of_x_is_xs(nlp, title, speaker):
    """KCNA heads a statement "Press Statement of X" / "Statement of Spokesman for …" and prints
    its body unquoted, in the first person: the body is X's."""
    text = transcript(title, (None, "Pyongyang, June 10 (KCNA) -- The puppets are again scattering leaflets."),
                      (None, "We will respond with a new countermeasure."))
    assert_said(analyse(nlp, text), {"new countermeasure": speaker, "scattering leaflets": speaker})


def test_a_statement_headed_by_its_author_keeps_its_lead_as_the_publishers(nlp):
    """"Press Statement of Kim Yo Jong …" over a lead that introduces the words ("Pyongyang, March
    11 (KCNA) -- Kim Yo Jong, …, issued the following press statement …:"): the lead is KCNA's
    narration, not her statement; the paragraphs after the colon are hers (before: the lead was
    her quote and her words went to the dateline's "Pyongyang")."""
    text = transcript("Press Statement of Kim Yo Jong, Vice Department Director of C.C., WPK",
                      (None, "Pyongyang, March 11 (KCNA) -- Kim Yo Jong, vice department director of the Central "
                             "Committee of the Workers' Party of Korea, issued the following press statement on "
                             "Wednesday in connection with the joint military exercises:"),
                      (None, "The U.S. and the military gangsters of the ROK kicked off the drills on March 9."),
                      (None, "Our armed forces will keep a close watch on every movement of the enemies."))
    quotes, spk = analyse(nlp, text)
    assert not [q.text for q in quotes if "issued the following" in q.text]
    assert_said((quotes, spk), {"kicked off the drills": "Kim Yo Jong", "keep a close watch": "Kim Yo Jong"})


def test_reporters_labelled_by_their_outlet_ask_and_the_named_spokesperson_answers(nlp):
    """A Chinese foreign ministry transcript: reporters labelled "AFP:", "Yonhap News Agency:",
    "Phoenix TV:"; the spokesperson "Spokesperson Mao Ning:" once, then "Mao Ning:". The outlets
    ask; each answer is Mao Ning's (before: the answers went to the outlet that asked)."""
    text = transcript("Foreign Ministry Spokesperson Mao Ning's Regular Press Conference on February 24, 2026",
                      ("Spokesperson Mao Ning", "Foreign Minister Wang Yi will visit Kazakhstan next week."),
                      ("AFP", "North Korea test-fired a new missile this morning. What is China's response?"),
                      ("Mao Ning", "We have noted the relevant reports. We hope all parties will keep calm."),
                      ("Yonhap News Agency", "A follow-up. Will China support a new resolution?"),
                      ("Mao Ning", "Pressure and sanctions have proven unable to resolve the issue."),
                      ("Phoenix TV", "Is there any update on the talks?"),
                      ("Mao Ning", "I have no information to offer at the moment."))
    result = analyse(nlp, text)
    assert_said(result, {"noted the relevant reports": "Mao Ning", "proven unable": "Mao Ning",
                         "no information to offer": "Mao Ning"})
    quotes, spk = result
    askers = {spk[q.speaker].kind for q in quotes if q.speaker and "?" in q.text}
    assert askers == {"questioner"}


def test_our_information_in_a_turn_is_the_turn_speakers_word(nlp):
    """"… our information … indicates that …" inside an official's turn: the official says it (before:
    a speaker named "our information")."""
    text = transcript("Department Press Briefing", ("MR. CALDWELL", "Good afternoon."),
                      ("QUESTION", "Has the trade stopped?"),
                      ("MR. CALDWELL", "What I can tell you is that our information, which we've shared with Seoul "
                                       "and Tokyo, indicates that the transfers shifted to smaller tankers."),
                      ("QUESTION", "Thank you."))
    assert_said(analyse(nlp, text), {"transfers shifted": "MR. CALDWELL"})


def test_a_turn_sentence_ending_in_someone_elses_words_keeps_its_own_part(nlp):
    """"I would note that Japan is rapidly remilitarising …, yet it demands that Russia stop …": the
    demand is Japan's, the rest of the sentence the spokeswoman's (before: the whole sentence was lost)."""
    text = transcript("Briefing by Foreign Ministry Spokeswoman Maria Zakharova",
                      ("Question", "Tokyo protests the exercises near the Kuril Islands. Will Moscow respond?"),
                      ("Maria Zakharova", "We have already responded. I would note that Japan is rapidly remilitarising, "
                                         "doubling its military budget and taking part in exercises with NATO in the "
                                         "region, yet it demands that Russia stop training its own forces on its own soil."),
                      ("Question", "Will the minister visit Pyongyang?"),
                      ("Maria Zakharova", "We will inform you in due course."))
    assert_said(analyse(nlp, text), {"Japan is rapidly remilitarising": "Maria Zakharova"})


BRIEFING_BY = (
    "Briefing by Foreign Ministry Spokeswoman Maria Zakharova\n"
    "Moscow, April 15, 2026\n"
    "Restoration of the Kursk Region\n"
    "Maria Zakharova: Work continues on restoring the areas of the Kursk Region.\n"
    "Military builders from the DPRK are making a significant contribution.\n"
    "Answers to media questions\n"
    "Question: Japan's Chief Cabinet Secretary Minoru Kihara said at a press conference yesterday that the presence "
    "of North Korean workers in the Kursk Region violates UN Security Council resolutions. How would you comment?\n"
    "Maria Zakharova: Tokyo should first look at itself.\n"
    "Question: Will you attend the concert?\n"
    "Maria Zakharova: Of course, with pleasure.\n"
)


def test_a_titled_briefing_whose_speaker_labels_her_turns(nlp):
    """"Briefing by … Maria Zakharova" whose first paragraph opens "Maria Zakharova: …": the label is
    no part of her words (before: the title's speaker owned the paragraph, label and all)."""
    quotes, spk = analyse(nlp, BRIEFING_BY)
    first = next(q for q in quotes if "Work continues" in q.text)
    assert not first.text.startswith("Maria Zakharova"), first.text
    assert spk[first.speaker].name == "Maria Zakharova"


def test_a_heading_run_into_a_question_leaves_the_reported_speaker_his_words(nlp):
    """"Answers to media questions" on the line before "Question: … Kihara said … that …" (one
    newline: the parser runs the heading into the sentence, as a second subject of "said")."""
    assert_said(analyse(nlp, BRIEFING_BY), {"violates UN Security Council": "Minoru Kihara"})


def test_reporters_of_different_outlets_are_different_questioners(nlp):
    text = transcript("Foreign Ministry Spokesperson's Regular Press Conference",
                      ("Spokesperson Mao Ning", "Good afternoon."),
                      ("AFP", "What is China's response to the launch?"),
                      ("Mao Ning", "We have noted the reports."),
                      ("Bloomberg", "Will China support a resolution?"),
                      ("Mao Ning", "China will decide on the merits."))
    assert_said(analyse(nlp, text), {"response to the launch": "AFP", "support a resolution": "Bloomberg"})


def test_reporter_labels_ask_and_a_titled_official_answers(nlp):
    """A cabinet secretary's press conference: "Reporter:" asks (before: no label was read, and
    none of the turns had a speaker), "Chief Cabinet Secretary Kihara:" answers."""
    text = transcript("Press Conference by the Chief Cabinet Secretary",
                      ("Chief Cabinet Secretary Kihara", "North Korea launched one ballistic missile today."),
                      ("Reporter", "There are reports that Russia provided guidance technology. Is that so?"),
                      ("Chief Cabinet Secretary Kihara", "I would like to refrain from commenting on intelligence."),
                      ("Reporter", "Will the Government protest?"),
                      ("Chief Cabinet Secretary Kihara", "Japan has lodged a strong protest."))
    assert_said(analyse(nlp, text), {"one ballistic missile": "Kihara", "guidance technology": "Reporter",
                                     "strong protest": "Kihara"})


def test_an_unlabelled_paragraph_after_a_question_is_the_answer(nlp):
    """A Foreign Ministry briefing answers some questions without a label: the paragraphs after
    "Question: … Is this true?" are the spokeswoman's (before: the reporter's)."""
    text = transcript("Briefing by Foreign Ministry Spokeswoman Maria Zakharova, Moscow, May 20, 2026",
                      ("Question", "Will the nuclear issue be raised?"),
                      ("Maria Zakharova", "Our position has been stated more than once."),
                      ("Question", "Will the minister visit Pyongyang?"),
                      ("Maria Zakharova", "We will inform you in due course."),
                      ("Question", "Western media report that workers were sent to Russia. Is this true?"),
                      (None, "We have repeatedly commented on such leaks. They are fabricated."),
                      (None, "As for the sanctions regime, it has long been out of touch with reality."),
                      ("Question", "How does Moscow assess the election in Peru?"),
                      (None, "This is an internal matter for the people of Peru."))
    assert_said(analyse(nlp, text), {"workers were sent": "Question", "such leaks": "Maria Zakharova",
                                     "out of touch": "Maria Zakharova", "people of Peru": "Maria Zakharova"})


def test_a_follow_up_question_after_a_question_stays_the_reporters(nlp):
    """An unlabelled paragraph that asks again is the reporter's follow-up, not the answer."""
    text = transcript("Regular Press Conference",
                      ("Spokesperson Lin Jian", "Good afternoon."),
                      ("Question", "Will China condemn the launch?"),
                      (None, "And has Russia vetoed the resolution?"),
                      ("Spokesperson Lin Jian", "China's position is consistent."),
                      ("Question", "Is China concerned?"),
                      ("Spokesperson Lin Jian", "We have noted the reports."))
    assert_said(analyse(nlp, text), {"vetoed the resolution": "Question"})
