"""Statement bodies after a colon, and names that never speak (bylines, datelines, credits,
sign-offs). Texts written for the tests."""

from __future__ import annotations

from nlp.paragraphs import segment

from .attributed import run


def speaker_of(result, words):
    quotes, spk = result
    hits = [q for q in quotes if words in q.text]
    if not hits:
        return None
    q = min(hits, key=lambda q: len(q.text))
    return spk[q.speaker].name if q.speaker else None


RELEASED = ("Harbour accord signed\n\n"
            "The foreign ministry of Norland released the following press statement:\n\n"
            "Joint Statement on the Harbour Accord\n\n"
            "The two governments agreed to reopen the harbour. We regret the long delay.\n\n"
            "The accord will be reviewed next year.\n\n"
            "\"It is a good day,\" a port worker said.")


def test_statement_body_is_the_authors_sentence_by_sentence(nlp):
    result = run(nlp, RELEASED)
    assert "ministry" in speaker_of(result, "We regret the long delay")
    assert "ministry" in speaker_of(result, "The accord will be reviewed next year")
    assert speaker_of(result, "It is a good day") == "a port worker"  # the text moved on


def test_reported_speech_inside_a_statement_keeps_its_speaker(nlp):
    assert speaker_of(run(nlp, RELEASED), "to reopen the harbour") == "The two governments"


def test_statement_title_is_not_a_quote(nlp):
    quotes, _ = run(nlp, RELEASED)
    assert not any("Joint Statement on" in q.text for q in quotes)


def test_inline_statement_after_said_in_a_statement(nlp):
    text = ("Drills end\n\n"
            "The defence ministry said in a statement: The exercises were defensive and will continue. "
            "Patrols will resume on Monday.\n\n"
            "Coastal radar stations will stay on alert through the spring.\n\n"
            "The statement did not mention the collision.")
    result = run(nlp, text)
    for words in ("The exercises were defensive", "Patrols will resume on Monday", "Coastal radar stations"):
        assert "ministry" in speaker_of(result, words)
    assert speaker_of(result, "did not mention") != speaker_of(result, "Patrols will resume")


def test_body_ends_where_the_story_talks_about_the_statement(nlp):
    text = ("Talks end\n\nThe ministry said in a statement:\n\nThe exercises were defensive.\n\n"
            "They will continue as planned.\n\nThe announcement came as troops massed on the border.")
    result = run(nlp, text)
    assert "ministry" in speaker_of(result, "They will continue as planned")
    assert speaker_of(result, "troops massed on the border") is None


def test_a_persons_colon_introduces_one_paragraph(nlp):
    text = ("Council meets\n\nThe mayor added:\n\nThe bridge will open in May.\n\n"
            "The council meets again on Friday.")
    result = run(nlp, text)
    assert speaker_of(result, "The bridge will open in May") == "The mayor"
    assert speaker_of(result, "The council meets again") is None


def test_bylines_datelines_and_credits_never_speak(nlp):
    text = ("Navy drills end early\n\nBy Lee Soo-ah\n\n"
            "SEOUL, March 3 (Agency) -- The navy said on Monday that the drills would end early.\n\n"
            "Lee told reporters that the ships had returned.\n\n"
            "Photo: Jane Roe/Harbour News\n\nRoe said the port was quiet.\n\n"
            "sooah@example.com\n(END)")
    quotes, spk = run(nlp, text)
    names = [s.name for s in spk.values()]
    aliases = [a for s in spk.values() for a in s.aliases]
    assert "Lee Soo-ah" not in names and "Jane Roe" not in " ".join(names)
    assert not any("\n" in n for n in names + aliases)
    assert not any("SEOUL" in n or "Agency" in n for n in names)
    assert not any("(END)" in q.text or "@" in q.text for q in quotes)


def test_datelines_are_split_off():
    for text, dateline in (("UNITED NATIONS — Diplomats said the vote was close.", "UNITED NATIONS —"),
                           ("UNITED NATIONS The council voted on Friday.", "UNITED NATIONS"),
                           ("Pyongyang, May 2 (KCNA) -- The premier said the dams held. -0-",
                            "Pyongyang, May 2 (KCNA) --")):
        paras = segment("Title line\n\n" + text)
        assert [(p.kind) for p in paras[1:]][:2] == ["byline", "body"]
        assert ("Title line\n\n" + text)[paras[1].start:paras[1].end] == dateline


def test_the_following_answer_is_a_statement(nlp):
    text = ("Spokesman answers question\n\n"
            "A spokesman for the Norland foreign ministry gave the following answer to a question raised by a news agency:\n\n"
            "The naval drills are a grave provocation. Norland will respond firmly to any intrusion.\n\n"
            "The drills must stop at once.")
    result = run(nlp, text)
    for words in ("The naval drills are a grave provocation", "Norland will respond firmly", "The drills must stop"):
        assert "spokesman" in speaker_of(result, words).lower()


KCNA_STATEMENT = ("Press Statement of Spokesperson for Foreign Ministry\n\n"
                  "Pyongyang, March 2 (KCNA) -- The spokesperson for the Foreign Ministry of the DPRK issued "
                  "the following press statement on Monday:\n\n"
                  "The U.S. is floating a so-called \"monitoring report\" that calls normal trade \"illegal transfers.\"\n\n"
                  "This is a wanton infringement on the sovereignty of the DPRK.\n\n"
                  "Days ago, a spokesperson for the U.S. State Department claimed that the exchanges were "
                  "\"prolonging the conflict.\"\n\n"
                  "The DPRK will take countermeasures to defend its sovereign rights.\n\n"
                  "-0-")


def test_quoted_terms_do_not_end_a_statement_body(nlp):
    # KCNA's statements quote the other side's words as terms of scorn: the body runs on
    result = run(nlp, KCNA_STATEMENT)
    for words in ("floating a so-called", "wanton infringement", "will take countermeasures"):
        assert "Foreign Ministry of the DPRK" in speaker_of(result, words), words


def test_two_spokespersons_for_different_bodies_are_two_speakers(nlp):
    result = run(nlp, KCNA_STATEMENT)
    names = {s.name for s in result[1].values()}
    assert "spokesperson for the Foreign Ministry of the DPRK" in names
    assert speaker_of(result, "the exchanges were") == "spokesperson for the U.S. State Department"


def test_a_quoted_sentence_still_ends_the_body(nlp):
    text = ("Talks end\n\nThe ministry said in a statement:\n\nThe exercises were defensive.\n\n"
            "Later, Kim said: \"We will answer any provocation.\"\n\n"
            "Troops massed on the border on Sunday.")
    result = run(nlp, text)
    assert "ministry" in speaker_of(result, "The exercises were defensive")
    assert speaker_of(result, "Troops massed on the border") is None


def test_a_statement_that_quotes_someone_goes_on_in_the_first_person(nlp):
    """The twelfth session's held-back press statement: "As Zakharova … pointed out, “…”" and then
    "We fully share this view." — the issuer quoted an ally and went on."""
    text = ("Press Statement of Kim Ok Sun\n\n"
            "Pyongyang, December 4 (KCNA) -- Kim Ok Sun, vice department director, issued the following press "
            "statement on Thursday:\n\n"
            "The NATO chief made a stop in Tokyo to kick up a fresh anti-DPRK racket.\n\n"
            "As the spokeswoman for the Russian Foreign Ministry pointed out the other day, \"NATO's attempts to drag its "
            "military infrastructure into the region undermine regional stability.\"\n\n"
            "We fully share this view.\n\n"
            "Our support and solidarity for the Russian people will remain unchanged.")
    result = run(nlp, text)
    assert speaker_of(result, "fully share this view") == "Kim Ok Sun"
    assert speaker_of(result, "support and solidarity") == "Kim Ok Sun"
    assert "spokeswoman" in speaker_of(result, "undermine regional stability")
