"""The holder→target semantics of stance, one rule per test, on small hand-written sentences."""

from __future__ import annotations

import pytest

from nlp.model import Quote, Span, Speaker
from nlp.stance import aggregate, mention_score, score_quotes
from nlp.stance_events import act_value, cameo_verbs, relation_reading
from nlp.stance_model import valence_details
from nlp.targets import DEFAULT_TARGETS, TargetsError, find_mentions, with_named_targets


def _span(doc, text, part, nth=0):
    i = -1
    for _ in range(nth + 1):
        i = text.index(part, i + 1)
    return doc.char_span(i, i + len(part), alignment_mode="expand")


def _shown(nlp, text, target, **kw):
    doc = nlp(text)
    score, evidence, rel = mention_score(doc[:], _span(doc, text, target), **kw)
    return score, evidence, rel


def _assert_reads(nlp, text, target, sign, holder=None):
    """The relation layer is polar toward ``target`` with ``sign``."""
    rel = _relation(nlp, text, target, holder=holder)
    assert rel.polar and rel.sign == sign, (rel.score, rel.evidence)


def _defends(rel) -> bool:
    return any(w.startswith("defends against") for _, w in rel.evidence)


def _relation(nlp, text, target, cue=None, holder=None):
    """The relation reading of ``target``; ``cue``: the word that is the quote's cue verb;
    ``holder``: the holder's mention in the sentence."""
    doc = nlp(text)
    vals, labels = valence_details(doc[:])
    cue_i = next(t.i for t in doc if t.text == cue) if cue else None
    h = _span(doc, text, holder) if holder else None
    words = frozenset(range(h.start, h.end)) if h is not None else frozenset()
    return relation_reading(doc[:], _span(doc, text, target), vals, labels, cue_i=cue_i, holder_words=words)


def test_cameo_table_gives_goldstein_signs():
    verbs = cameo_verbs()
    assert len(verbs) > 1000
    for verb in ("condemn", "accuse", "threaten", "sanction", "denounce"):
        assert act_value(verb) < 0, verb
    for verb in ("praise", "thank", "support", "welcome", "pledge"):
        assert act_value(verb) > 0, verb
    for verb in ("say", "express", "launch"):  # statements and events, not attitudes
        assert act_value(verb) == 0, verb


@pytest.mark.parametrize(
    "script,source,shipped",
    [("cameo_table.py", "CAMEO.2.0.txt", "cameo_verbs.tsv"),
     ("state_table.py", "Phoenix.Countries.actors.txt", "states.toml")],
)
def test_shipped_tables_are_what_the_scripts_make(script, source, shipped):
    """The generated tables ship as their scripts make them from petrarch2's dictionaries."""
    import subprocess
    import sys
    from pathlib import Path

    here = Path(__file__).resolve()
    src = next((p / "shared" / "data" / "petrarch2" / source for p in here.parents[2:5]
                if (p / "shared" / "data" / "petrarch2" / source).is_file()), None)
    if src is None:
        pytest.skip("petrarch2 dictionaries not beside the checkout")
    root = here.parents[2]
    made = subprocess.run([sys.executable, str(root / "tools" / script), str(src)], capture_output=True,
                          text=True, check=True).stdout
    assert made == (root / "nlp" / "data" / shipped).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text,target,sign",
    [
        ("We condemn Russia.", "Russia", -1),  # the holder's act: condemning
        ("We strongly criticize Moscow for its behaviour.", "Moscow", -1),
        ("We thank Russia for its support.", "Russia", 1),  # thanking
        ("We praise China for its help.", "China", 1),
        ("Iran is a threat to the whole region.", "Iran", -1),  # calling it a threat
        ("North Korea's reckless provocations must stop.", "North Korea", -1),  # blame it owns
        ("The DPRK might try to act provocatively.", "DPRK", -1),  # predicated of it
        ("This is a violation of the armistice agreement by North Korea.", "North Korea", -1),  # the doer
        ("The sanctions are a wanton infringement on North Korea's sovereignty.", "North Korea", 1),  # defends it
        ("He railed against the unjust sanctions against Iran.", "Iran", 1),  # condemns an act against it
        # what is the target's own stands for it: a threat to its security threatens it
        ("The U.S. drills pose a serious threat to the security of the DPRK.", "DPRK", 1),
        ("The U.S. drills pose a serious threat to Russia's security.", "Russia", 1),
        # a feared tie: the "that" clause of a concern whose subject it is
        ("Tokyo was concerned that deepening ties between Moscow and Pyongyang could affect the region.", "Moscow", -1),
        ("Seoul warned that the cooperation between Moscow and Pyongyang would destabilise the region.", "Pyongyang", -1),
        # another state's help to the target, called a violation, is against the target too
        ("Seoul said Russian assistance to Pyongyang's satellite programme was a clear violation of the resolutions.",
         "Pyongyang", -1),
        # concerns or interests of the target that the holder calls legitimate: granted to it
        ("We call on Washington to take into account the legitimate security concerns of Pyongyang.", "Pyongyang", 1),
        ("The Secretary showed understanding of Russia's legitimate security concerns.", "Russia", 1),
        # the failure of another's hostile attempt on the target, welcomed
        ("The attempts of Washington and Tokyo to isolate Pyongyang had ended in total failure.", "Pyongyang", 1),
        ("The efforts of the West to contain Russia are futile.", "Russia", 1),
        ("Western attempts to strangle North Korea with sanctions were doomed to fail.", "North Korea", 1),
        # an act on the target blamed through what it is "of" or "turned into"; a participle's act
        ("The unilateral restrictions imposed on Pyongyang by the US have long lost any connection with the goal "
         "of nonproliferation and have turned into an instrument of collective punishment.", "Pyongyang", 1),
        ("The sanctions on Russia are a form of collective punishment.", "Russia", 1),
        ("The sanctions imposed on Russia are illegal.", "Russia", 1),
        # a tie predicated as a matter of concern
        ("Military cooperation between Russia and North Korea is a matter of grave concern.", "Russia", -1),
        # the target's reasons or choices understood or respected
        ("Moscow understands the reasons why Pyongyang relies on nuclear deterrence.", "Pyongyang", 1),
        ("Moscow respects and understands the reasons behind Pyongyang's nuclear program.", "Pyongyang", 1),
        # warning against, or opposing, what is directed against the target
        ("Lavrov warned Japan against building up security alliances with the United States directed against "
         "Russia.", "Russia", 1),
        ("We oppose military alliances directed against Russia.", "Russia", 1),
        ("Shoigu said Moscow opposes the trilateral military alliance of the US, Japan and South Korea directed "
         "against the DPRK.", "DPRK", 1),
        # measures on the target named for what they are
        ("The Chinese envoy called the restrictions on Russia a form of blackmail.", "Russia", 1),
        ("Beijing described the sanctions on Russia as illegal.", "Russia", 1),
        # measures blamed for the harm they do the target's people
        ("The sanctions regime had exhausted itself and was hurting ordinary North Koreans rather than changing "
         "their government's behaviour.", "North Koreans", 1),
        # a rebuke for saying one thing while doing another
        ("Moscow cannot tell the world it wants peace while it imports shells and soldiers from Pyongyang.", "Moscow", -1),
        ("Moscow cannot claim to want peace in Ukraine while it arms North Korea.", "Moscow", -1),
        # a tie of the target's that a derided attempt would obstruct
        ("Lavrov stressed that the attempts of certain countries to obstruct the development of Russia-DPRK relations "
         "through unilateral sanctions and pressure are futile.", "DPRK", 1),
        ("Such attempts to pressure Pyongyang will inevitably fail.", "Pyongyang", 1),
        # a demand that a tie end speaks against it (a tie is otherwise no blame)
        ("We call on Russia to immediately cease all military cooperation with North Korea.", "North Korea", -1),
        ("Moscow must halt its cooperation with Pyongyang.", "Pyongyang", -1),
    ],
)
def test_relation_layer_reads_who_does_what_to_whom(nlp, text, target, sign):
    _assert_reads(nlp, text, target, sign)


@pytest.mark.parametrize("text,target", [
    ("We remain open to dialogue with the DPRK without preconditions.", "DPRK"),  # talks are no praise
    ("Moscow said Chinese assistance to Pyongyang continued.", "Pyongyang"),  # another state's help
])
def test_what_is_not_the_holders_own_support(nlp, text, target):
    rel = _relation(nlp, text, target)
    assert not rel.by_holder, rel.evidence


def test_both_sides_of_talks_affirm_their_states_ties(nlp):
    """"Both sides reaffirmed their will to implement the treaty …": the parties speak for the
    states the talks are between (before: neutral toward both, no side)."""
    from nlp.analyzer import Analyzer

    text = ("Kim Jong Un received Sergei Shoigu, secretary of the Security Council of Russia, in Pyongyang on Friday. "
            "Both sides reaffirmed their will to faithfully implement the Treaty on Comprehensive Strategic Partnership "
            "and agreed to further strengthen the bilateral cooperation in all fields.")
    result = Analyzer(nlp=nlp, stance="tuned").analyze(text)
    both = next(sp for sp in result.speakers if sp.name.lower() == "both sides")
    assert {t: st.label for t, st in both.stance.items()} == {"DPRK": "positive", "Russia": "positive"}


def test_charges_that_do_not_hold_water_are_rejected(nlp):
    """An official rejecting the charges against their state defends it ("such accusations did not
    hold water"), the charges being another's quote."""
    from nlp.analyzer import Analyzer

    text = ("Russian Foreign Minister Sergey Lavrov met his counterpart. Commenting on statements by Western officials "
            "who have claimed that Russian-North Korean military cooperation violates UN Security Council resolutions, "
            "Lavrov said such accusations did not hold water.")
    for text in (text, "Russian Foreign Minister Sergey Lavrov rejected the Western claims. Lavrov said such "
                       "accusations did not hold water."):
        result = Analyzer(nlp=nlp, stance="tuned").analyze(text)
        lavrov = next(sp for sp in result.speakers if "Lavrov" in sp.name)
        assert lavrov.stance["Russia"].label == "positive", text


@pytest.mark.parametrize("head", [
    "Briefing by Foreign Ministry Spokeswoman Maria Zakharova\n\nMoscow, December 4, 2024",
    "Briefing by Foreign Ministry Spokeswoman Maria Zakharova, Moscow, December 4, 2024",
])
def test_a_ministry_that_names_no_state_is_the_issuing_states(nlp, head):
    """A briefing "by Foreign Ministry Spokeswoman X" placed in Moscow is Russia's ministry: her
    calling the charges a fabrication defends Russia (before, with the place on its own line: no side)."""
    from nlp.analyzer import Analyzer

    text = (head + "\n\nQuestion: Washington says Moscow is buying shells from Pyongyang. Your comment?\n\n"
            "Maria Zakharova: These accusations are a fabrication, spread to justify new sanctions.\n\n"
            "Question: And the drills?\n\nMaria Zakharova: We will comment on them later.")
    zakharova = next(sp for sp in Analyzer(nlp=nlp, stance="tuned").analyze(text).speakers if sp.name == "Maria Zakharova")
    assert zakharova.stance["Russia"].label == "positive"


def test_a_ministry_named_with_its_state_keeps_it():
    from nlp.stance import _stateless_body

    assert _stateless_body("Foreign Ministry Spokeswoman Maria Zakharova")
    assert not _stateless_body("South Korean Foreign Ministry")
    assert not _stateless_body("the Ministry of Foreign Affairs of Japan")


def test_a_threat_to_the_targets_neighbours_does_not_defend_it(nlp):
    rel = _relation(nlp, "This launch poses a serious threat to the DPRK's neighbours.", "DPRK")
    assert not (rel.polar and rel.sign > 0), rel.evidence


def test_an_attempt_that_has_not_failed_defends_nothing(nlp):
    rel = _relation(nlp, "The attempts to isolate Pyongyang have not failed.", "Pyongyang")
    assert not (rel.polar and rel.sign > 0), rel.evidence


@pytest.mark.parametrize("text,target", [
    # a hawk's plain "have failed" is no defence (only derision is: "ended in total failure", "futile")
    ("Efforts by Washington to isolate Pyongyang have failed, Senator Graham said, calling for tougher sanctions.",
     "Pyongyang"),
    # a misunderstanding is no grant; a backed act aimed at the target is against it
    ("Washington does not understand the reasons why Pyongyang relies on nuclear weapons.", "Pyongyang"),
    ("We support sanctions aimed at Russia.", "Russia"),
    ("The sanctions imposed on Russia are working.", "Russia"),
    ("The sanctions were hurting Russia.", "Russia"),  # what a hawk's sanctions are for
    ("Moscow cannot say when the talks will resume.", "Moscow"),  # no rebuke without "while"
    ("Washington called the sanctions on Russia a success.", "Russia"),  # named, not blamed
    ("Our sanctions are hurting North Koreans.", "North Koreans"),  # the holder's own measures
    ("The attempts to obstruct the development of Russia-DPRK relations have failed.", "DPRK"),  # a hawk's report
    # nor a future failure under a condition the speaker wants met
    ("Efforts to pressure North Korea will fail unless China enforces the sanctions.", "North Korea"),
    # so-called concerns are not granted
    ("The Kremlin's so-called legitimate security concerns of Russia are a pretext for aggression.", "Russia"),
])
def test_review_no_defence(nlp, text, target):
    rel = _relation(nlp, text, target)
    assert not (rel.polar and rel.sign > 0), rel.evidence


@pytest.mark.parametrize("text,target", [
    # a tie that sanctions hamper, or that would crush aggression, is not a feared tie
    ("Putin said he was concerned that economic cooperation with the DPRK was being hampered by Western sanctions.", "DPRK"),
    ("Kim warned that the invincible alliance between the DPRK and Russia would crush any aggression.", "Russia"),
])
def test_review_no_feared_tie(nlp, text, target):
    rel = _relation(nlp, text, target)
    assert not any("concerned … " in w or "warned … " in w for _, w in rel.evidence), rel.evidence


def test_both_sides_do_not_own_what_they_speak_against(nlp):
    from nlp.analyzer import Analyzer

    text = ("Russian and American diplomats met in Geneva on Monday. Both sides said they opposed North Korea's "
            "reckless missile launches.")
    both = next(sp for sp in Analyzer(nlp=nlp, stance="tuned").analyze(text).speakers if sp.name.lower() == "both sides")
    assert both.stance["DPRK"].label != "positive"


def test_a_wire_storys_ministry_is_not_placed_by_its_dateline(nlp):
    from nlp.analyzer import Analyzer

    text = ("Moscow summons envoy\n\nMoscow, April 15, 2026\n\nSouth Korea's Foreign Ministry summoned the Russian "
            "ambassador on Tuesday. \"Russia's decision is deeply regrettable and we urge Moscow to reconsider,\" a "
            "Foreign Ministry spokesman said.")
    sp = next(sp for sp in Analyzer(nlp=nlp, stance="tuned").analyze(text).speakers if "spokesman" in sp.name.lower())
    assert sp.stance["Russia"].label != "positive"


def test_concerns_not_granted_are_not_praise(nlp):
    assert not _relation(nlp, "Russia's concerns are not legitimate.", "Russia").score > 0


def test_expressed_support_is_no_disapproval(nlp):
    """CAMEO files "express" under disapproval; "expressed support for X" is not."""
    assert _relation(nlp, "Putin and the North Korean government have expressed support for Trump.", "Trump").score >= 0


def test_a_tie_ended_without_a_demand_is_no_blame(nlp):
    rel = _relation(nlp, "Moscow halted its cooperation with Pyongyang last year.", "Pyongyang")
    assert not (rel.polar and rel.sign < 0), rel.evidence


@pytest.mark.parametrize(
    "text,target",
    [
        ("North Korea launched two cruise missiles on Sunday.", "North Korea"),  # a factual event
        ("Russia's nuclear weapons are stored near the border.", "Russia"),  # topic words
        ("North Korea's losses in the war have been heavy.", "North Korea"),  # a misfortune, not blame
        ("Pyongyang is facing a war.", "Pyongyang"),
        # a ship's class is no blame (VADER reads "destroyer" as destroying)
        ("The Russian detachment sailed alongside the North Korean destroyer Choe Hyon.", "North Korean"),
    ],
)
def test_topic_and_misfortune_words_are_not_blame(nlp, text, target):
    rel = _relation(nlp, text, target)
    assert not (rel.polar and rel.sign < 0), (rel.score, rel.evidence)


def test_holder_speaking_for_the_target_defends_it(nlp):
    text = "Pyongyang is facing grave threats from the hostile forces."
    score, evidence, _ = _shown(nlp, text, "Pyongyang", own_side=True)
    assert score >= 0.1 and "(holder speaks for this state)" in evidence
    score, _, _ = _shown(nlp, "North Korea launched two cruise missiles on Sunday.", "North Korea", own_side=True)
    assert -0.1 < score < 0.1 or score >= 0.1  # factual: neutral; never negative from its own side


def test_a_bystander_holder_does_not_own_the_sentence_tone(nlp):
    text = "Smith arrived in Seoul as Russia attacked the city with brutal, illegal strikes."
    doc = nlp(text)
    holder = frozenset(range(_span(doc, text, "Smith").start, _span(doc, text, "Smith").end))
    # where a quote marks the holder's words, "brutal, illegal" is blame they lay on Russia: the
    # relation layer decides; where nothing marks them, the bystander holds none of the sentence
    score, evidence, _ = mention_score(doc[:], _span(doc, text, "Russia"), holder_words=holder, scope=(0, len(doc)))
    assert score < 0 and evidence
    score, evidence, _ = mention_score(doc[:], _span(doc, text, "Russia"), holder_words=holder)
    assert -0.1 < score < 0.1 and not evidence
    text = "Smith met officials while Russia held its annual parade."
    doc = nlp(text)
    holder = _span(doc, text, "Smith")
    score, _, _ = mention_score(doc[:], _span(doc, text, "Russia"), holder_words=frozenset(range(holder.start, holder.end)))
    assert -0.1 < score < 0.1


def _quote(text, part, qid, speaker, cue=None, mention=None):
    a = text.index(part)
    q = Quote(qid, a, a + len(part), part, speaker=speaker, confidence=0.8)
    if cue:
        c = text.index(cue)
        q.cue = Span(c, c + len(cue), cue)
    if mention:
        m = text.index(mention)
        q.speaker_mention = Span(m, m + len(mention), mention)
    return q


def test_speaker_introduced_as_the_targets_official_defends_it(nlp):
    text = "Russia's ambassador, Vasily Petrov, said the sanctions are “unfair and illegal.”"
    doc = nlp(text)
    q = _quote(text, "unfair and illegal.", "q1", "s1", cue="said", mention="Vasily Petrov")
    score_quotes(doc, [q], find_mentions(doc), DEFAULT_TARGETS, speakers=[Speaker("s1", "Vasily Petrov")])
    # the holder's own phrase is not a target of the quote: Russia is only the state the
    # ambassador speaks up for by calling the sanctions unfair
    from nlp.stance import OWN_STATE

    assert q.stance["Russia"].label == "positive" and q.stance["Russia"].evidence[-1] == OWN_STATE, q.stance


def test_own_agency_quote_defends_its_state(nlp):
    text = "KCNA said the drills showed “the absolute reliability of North Korea's deterrent.”"
    doc = nlp(text)
    q = _quote(text, "the absolute reliability of North Korea's deterrent.", "q1", "s1", cue="said", mention="KCNA")
    score_quotes(doc, [q], find_mentions(doc), DEFAULT_TARGETS, speakers=[Speaker("s1", "KCNA")])
    assert q.stance["DPRK"].label == "positive", q.stance["DPRK"]


def test_implicit_reference_is_read_from_the_quote_and_marked_as_context(nlp):
    text = ("North Korea fired a missile over Japan on Monday.\n"
            "“These reckless provocations must stop,” the minister said.")
    q = _one_quote(nlp, text, "These reckless provocations must stop,")
    st = q.stance["DPRK"]
    assert st.label == "negative"
    assert any(e.startswith("(context: North Korea") for e in st.evidence)
    assert "reckless" in st.evidence or "provocations" in st.evidence


def _one_quote(nlp, text, part):
    """``part`` of ``text`` as a quote of one holder, scored toward the default targets."""
    doc = nlp(text)
    q = _quote(text, part, "q1", "s1")
    score_quotes(doc, [q], find_mentions(doc), DEFAULT_TARGETS)
    return q


def _two_quotes(nlp, text, first, second, second_speaker):
    doc = nlp(text)
    q1 = _quote(text, first, "q1", "s1")
    q2 = _quote(text, second, "q2", second_speaker)
    score_quotes(doc, [q1, q2], find_mentions(doc), DEFAULT_TARGETS)
    return q1, q2


def test_evidence_never_comes_from_another_holders_quote(nlp):
    text = "“Russia is our friend,” Li said, while Smith called it “a brutal aggressor.”"
    q1, q2 = _two_quotes(nlp, text, "Russia is our friend,", "a brutal aggressor.", "s2")
    words = " ".join(q1.stance["Russia"].evidence)
    assert "brutal" not in words and "aggressor" not in words
    assert all("friend" not in e for st in q2.stance.values() for e in st.evidence)


def test_aggregate_records_which_quotes_carried_it(nlp):
    text = "“We condemn Russia,” she said. “Russia sent a delegation to Geneva,” she added."
    q1, q2 = _two_quotes(nlp, text, "We condemn Russia,", "Russia sent a delegation to Geneva,", "s1")
    sp = Speaker("s1", "She")
    aggregate([sp], [q1, q2])
    st = sp.stance["Russia"]
    assert st.label == "negative" and st.quotes == 2 and st.carried_by[0] == "q1"


def test_any_state_by_name_and_unknown_names_suggest():
    names = [t.name for t in with_named_targets(["China", "iran", "Xi Jinping"])]
    assert names[:2] == [t.name for t in DEFAULT_TARGETS]
    assert "China" in names and "Iran" in names and names.count("China") == 1
    china = next(t for t in with_named_targets(["China"]) if t.name == "China")
    assert {"Beijing", "Chinese", "Xi Jinping"} <= set(china.aliases)
    with pytest.raises(TargetsError, match=r"unknown target 'Chnia'; did you mean: China"):
        with_named_targets(["Chnia"])
    # states whose dictionary header carries no code on its line ("UKRAINE_", then its aliases,
    # then "[UKR >911221]") are targets too
    ukraine = next(t for t in with_named_targets(["Ukraine", "Kazakhstan"]) if t.name == "Ukraine")
    assert {"Kyiv", "Ukrainian"} <= set(ukraine.aliases)
    germany = next(t for t in with_named_targets(["Germany"]) if t.name == "Germany")
    assert "Berlin" in germany.aliases  # (not replaced by the record of East German cities)


def test_named_state_is_scored(nlp):
    targets = with_named_targets(["Iran"])
    text = "“We condemn Tehran for its attacks,” the minister said."
    doc = nlp(text)
    q = _quote(text, "We condemn Tehran for its attacks,", "q1", "s1")
    score_quotes(doc, [q], find_mentions(doc, targets), targets)
    assert q.stance["Iran"].label == "negative"


def test_a_batch_scorer_plugs_in_and_the_relation_layer_still_decides(nlp):
    """A learned model of the fine-tuned encoder's shape (probs of (sentence, start, end)
    triples) replaces the sparse model where the relation layer is silent; where it finds the
    holder polar, its sign stands."""
    from nlp.stance import BatchScorer

    calls = []

    def always_positive(items):
        calls.append(list(items))
        return [[0.05, 0.15, 0.8] for _ in items]

    text = "“Russia sent a delegation to Geneva,” she said. “We condemn Russia,” she added."
    doc = nlp(text)
    q1 = _quote(text, "Russia sent a delegation to Geneva,", "q1", "s1")
    q2 = _quote(text, "We condemn Russia,", "q2", "s1")
    score_quotes(doc, [q1, q2], find_mentions(doc), DEFAULT_TARGETS, accurate=BatchScorer(always_positive))
    assert q1.stance["Russia"].label == "positive"  # the model decides: nothing polar in the relation layer
    assert q2.stance["Russia"].label == "negative"  # the holder condemns: the relation layer decides
    assert len(calls) == 1 and len(calls[0]) == 2  # both mentions scored in one call


@pytest.mark.parametrize("word,bare", [("de-escalation", "escalation"), ("de - escalation", "escalation"),
                                       ("anti-terrorist efforts", "terrorist efforts"),
                                       ("a non-aggression pact", "aggression")])
def test_a_prefix_that_undoes_a_word_takes_its_blame_away(nlp, word, bare):
    """"de-escalation" is no escalation and "anti-terrorist" no terrorism: a quote naming them
    blames nobody, so the state it refers back to gets no negative stance; the bare word does
    blame it."""
    def russia(w):
        text = f"Russia moved more troops to the border on Monday.\nThis is {w}, the envoy said."
        return _one_quote(nlp, text, f"This is {w},").stance.get("Russia")

    assert russia(word) is None or russia(word).label != "negative", russia(word)
    assert russia(bare).label == "negative"


def test_blame_of_a_named_other_is_not_blame_of_the_state_referred_to(nlp):
    text = ("Pyongyang met Moscow on Monday.\n"
            "The two sides said that the root cause of the tensions lies in the provocations of the U.S.")
    q = _one_quote(nlp, text, "the root cause of the tensions lies in the provocations of the U.S.")
    assert all(st.label != "negative" for st in q.stance.values()), q.stance


def test_this_kind_of_phrase_refers_back_by_its_noun(nlp):
    text = ("Moscow and Pyongyang signed a military pact.\n"
            "It is not in anyone's interest to have this kind of destabilizing cooperation, he said.")
    doc = nlp(text)
    part = "It is not in anyone's interest to have this kind of destabilizing cooperation,"
    q = _quote(text, part, "q1", "s1")
    score_quotes(doc, [q], find_mentions(doc), DEFAULT_TARGETS)
    for target in ("Russia", "DPRK"):
        st = q.stance[target]
        assert st.label == "negative" and "destabilizing" in st.evidence, st
        assert "(refers back: cooperation)" in st.evidence


@pytest.mark.parametrize(
    "text,target,sign",
    [
        ("We extended deep sympathy and support to Pyongyang.", "Pyongyang", 1),  # what the holder gives
        ("He would ask the truest friends in Moscow for help.", "Moscow", 1),  # the people named are the target
        ("We offer our support to Iran.", "Iran", 1),
        ("North Korea used banned missile technology.", "North Korea", -1),  # its act on a thing evaluated
    ],
)
def test_what_the_holder_gives_and_whom_it_names(nlp, text, target, sign):
    _assert_reads(nlp, text, target, sign)


def test_joint_holder_speaks_for_both_states(nlp):
    text = "Choe Son Hui and Sergei Lavrov said that “the provocations of the U.S. threaten the region.”"
    doc = nlp(text)
    part = "the provocations of the U.S. threaten the region."
    q = _quote(text, part, "q1", "s1", cue="said", mention="Choe Son Hui and Sergei Lavrov")
    from nlp.stance import _speaker_sides

    sides = _speaker_sides([Speaker("s1", "Choe Son Hui, foreign minister of the DPRK, and Sergei Lavrov")], None)
    assert sides["s1"] == {"DPRK", "Russia"}
    assert _speaker_sides([Speaker("s2", "the U.S. ambassador to Russia")], None) == {}
    score_quotes(doc, [q], find_mentions(doc), DEFAULT_TARGETS)
    assert all(st.label != "negative" for st in q.stance.values())


def test_reported_passive_is_no_act_of_the_holder(nlp):
    """"X is expected to meet …" reports what others expect: no act of the holder on X (a modal
    passive, "X must be punished", stays the holder's call)."""
    assert not _relation(nlp, "Mr. Trump is expected to meet with President Xi Jinping in Argentina.", "Mr. Trump").polar
    assert not _relation(nlp, "Iran was sanctioned by the council last year.", "Iran").polar
    assert _relation(nlp, "Russia must be punished for this aggression.", "Russia").score < 0


def test_the_targets_pleasant_acts_are_reports_not_praise(nlp):
    """The target as the doer: a hostile act is blame, a pleasant one ("laughed", "praised",
    "cared") says nothing of the holder's view of it."""
    assert not _relation(nlp, "I bet he has got some rooms, Harris laughed.", "Harris").polar
    assert not _relation(nlp, "Steve Bannon has reportedly praised a French writer.", "Steve Bannon").polar
    assert _relation(nlp, "North Korea violated the armistice again.", "North Korea").score < 0


def test_the_holders_act_over_the_targets_ties(nlp):
    """An act of the holder's — "it", the reporting subject speaking of itself — whose object or
    reason holds the target is the holder's act toward it."""
    rel = _relation(nlp, "The ministry said it was blacklisting two firms for ties to Iran's government.", "Iran", "said")
    assert rel.score < 0 and "blacklisting" in [w for _, w in rel.evidence]
    # another person's act, reported, is not the holder's
    assert not _relation(nlp, "He said she was blacklisting two firms for ties to Iran's government.", "Iran", "said").polar
    # aid sent to someone against the target is no act on the target
    assert _relation(nlp, "They said they would keep sending aid to Ukraine against Russia.", "Russia", "said").score < 0


def test_a_relation_speaks_of_its_members(nlp):
    """What a relation between states is, its members are: "the partnership between X and Y"."""
    text = "The talks opened a new stage of the strategic partnership between Moscow and Pyongyang."
    assert _relation(nlp, text, "Moscow").score > 0
    assert _relation(nlp, text, "Pyongyang").score > 0


@pytest.mark.parametrize(
    "text,holder,target,governs",
    [
        ("Kim said that Russia is a true friend.", "Kim", "Russia", True),
        ("Jones was praised by Smith for his courage.", "Smith", "Jones", True),
        # another clause with its own subject is not the holder's
        ("Kim criticised the plan, but Russia rejected every charge.", "Kim", "Russia", False),
        # unless that clause's subject is a personal pronoun standing for the holder
        ("The pope made headlines when he questioned Trump's faith.", "pope", "Trump", True),
        ("The envoys left early after they condemned Russia's plan.", "envoys", "Russia", True),
        # but not a pronoun in a clause adjoined to another subject's clause
        ("Officials met Kim, but he condemned Russia's plan.", "Officials", "Russia", False),
        # a name inside a clause that modifies the subject is not the subject
        ("McMaster, who was Trump's adviser, said Russia's guilt was clear.", "Trump", "Russia", False),
        # the patient of a passive is no holder, unless the passive reports their words
        ("Smith was sued by lawyers who call Jones a fraud.", "Smith", "Jones", False),
        ("Kim was quoted as saying that Russia is a true friend.", "Kim", "Russia", True),
        ("The envoys were alarmed by Russia's threats.", "envoys", "Russia", True),
        # a name coordinated with the holder, or set beside it, is not what the holder says
        ("Russia and Japan signed a deal on fishing rights.", "Russia", "Japan", False),
        ("Peskov, a spokesman for the Kremlin, spoke to reporters.", "Peskov", "Kremlin", False),
        ("Trump's former adviser, Michael Flynn, met the ambassador.", "Trump", "Michael Flynn", False),
        ("Senators from Ohio met the delegation on Monday.", "Senators", "Ohio", False),
        # but the holder's own phrase, or its relative clause, still holds the target
        ("Obama's criticism of Russia was sharp.", "Obama", "Russia", True),
        ("Kim's visit and his praise of Russia drew criticism.", "Kim", "Russia", True),
        ("Kim, who praised Russia at the summit, left early.", "Kim", "Russia", True),
        # a speech verb set inside or after what it reports owns all of it, adjoined clauses too
        ("At this point, Klein said, it is too late for the Democrats to show they care.", "Klein", "Democrats", True),
        ("Russia is a threat to the region, Kim said.", "Kim", "Russia", True),
        # but not a verb of another kind set there
        ("At this point, Klein left, and it is too late for the Democrats to act.", "Klein", "Democrats", False),
    ],
)
def test_holder_governs_is_the_subject_of_the_targets_clause(nlp, text, holder, target, governs):
    from nlp.stance_events import holder_governs

    doc = nlp(text)
    h = _span(doc, text, holder)
    assert holder_governs(doc[:], _span(doc, text, target), frozenset(range(h.start, h.end))) is governs


def test_an_act_against_the_target_is_opposition(nlp):
    """"Against" says the holder opposes the target, whatever the act: "vote against X" is not the
    support that "vote for X" is."""
    assert _relation(nlp, "We will vote against Russia at the council.", "Russia").score < 0
    assert _relation(nlp, "We will vote for Ukraine at the council.", "Ukraine").score > 0


def test_a_withheld_act_says_the_opposite_more_weakly(nlp):
    """"has not endorsed X" is no endorsement: a negated act turns its sign, at half strength."""
    endorsed = _relation(nlp, "We endorsed Ukraine's plan at the summit.", "Ukraine").score
    withheld = _relation(nlp, "We have not endorsed Ukraine's plan at the summit.", "Ukraine").score
    assert endorsed > 0 > withheld > -endorsed
    assert _relation(nlp, "We did not condemn Russia.", "Russia").score > 0


def test_the_layer_says_whether_the_learned_model_may_say_which_way():
    """The relation layer decides that the holder is polar; a learned model more likely than not
    on the opposite sign turns it — but not a reading of the holder's own act, and a neutral
    learned reading never silences the layer."""
    import numpy as np

    from nlp.stance import combine
    from nlp.stance_events import Relation

    pos = np.array([0.1, 0.2, 0.7])
    assert combine(Relation(-0.6), pos)[1] == "positive"
    assert combine(Relation(-0.6, by_holder=True), pos)[1] == "negative"
    assert combine(Relation(-0.6), np.array([0.1, 0.8, 0.1]))[1] == "negative"
    assert combine(Relation(-0.6), np.array([0.3, 0.25, 0.45]))[1] == "negative"  # not more likely than not


@pytest.mark.parametrize(
    "text,target,by_holder",
    [
        ("We condemn Russia for the attack.", "Russia", True),
        ("The sanctions are a wanton infringement on North Korea's sovereignty.", "North Korea", True),
        ("Russia's illegal aggression must end.", "Russia", False),
        ("North Korea is a threat to the region.", "North Korea", False),
        # calling the target's people friends describes the target: no act of the holder's
        ("If aid is necessary, he would ask for it from the truest friends in Moscow.", "Moscow", False),
    ],
)
def test_readings_of_the_holders_own_acts_are_marked(nlp, text, target, by_holder):
    rel = _relation(nlp, text, target)
    assert rel.polar and rel.by_holder is by_holder


@pytest.mark.parametrize(
    "text,holder,target,acts",
    [
        # the holder's name modifying the subject names the holder's act
        ("The House speaker endorsed Trump's bid for president.", "House", "Trump", True),
        ("Russian diplomats condemned North Korea on Monday.", "Russian", "North Korea", True),
        # a pronoun agreeing with the holder, in what the holder says, is the holder
        ("Andreessen said on Twitter that he was supporting Clinton.", "Andreessen", "Clinton", True),
        ("The officials said they were supporting Clinton.", "officials", "Clinton", True),
        # one that does not agree is someone else, whose act is only reported
        ("The officials said he was supporting Clinton.", "officials", "Clinton", False),
        ("Andreessen said on Twitter that they were supporting Clinton.", "Andreessen", "Clinton", False),
        # the holder's own support, named by a pronoun, is the holder's; another's is not
        ("Kim reaffirmed his unconditional support for Russia.", "Kim", "Russia", True),
        ("Kim noted China's support for Russia.", "Kim", "Russia", False),
    ],
)
def test_the_holders_act_through_its_phrase_or_its_pronoun(nlp, text, holder, target, acts):
    assert _relation(nlp, text, target, holder=holder).by_holder is acts


@pytest.mark.parametrize(
    "text,target,sign,by_holder",
    [
        # the holder's own hostile act on the target is against it, not a defence of it
        ("We imposed new sanctions on North Korea.", "North Korea", -1, True),
        ("We will impose sanctions on Russia on Friday.", "Russia", -1, True),
        # disapproving of what is done to the target still defends it
        ("We condemned the sanctions on North Korea.", "North Korea", 1, True),
        ("We protested the pressure on North Korea.", "North Korea", 1, True),
        # naming a hostile act is no call for it
        ("He railed against what he called open-ended sanctions on North Korea.", "North Korea", 1, True),
        # what the holder heaps on the target is theirs as much as what they send to it
        ("We lavished praise on Russia.", "Russia", 1, True),
        ("We expressed support for Russia's position.", "Russia", 1, True),
        ("We signed a treaty on strategic partnership with Russia.", "Russia", 1, True),
        # a feeling about the target is what is said of it: the target suffers nothing
        ("We expressed concern over North Korea's missile launches.", "North Korea", -1, False),
        # undoing a hostile act on the target is for it; calling for one, or backing it, against it
        ("We lifted the sanctions on Russia.", "Russia", 1, True),
        ("China called for the lifting of sanctions on North Korea.", "North Korea", 1, True),
        ("We called for tougher sanctions on North Korea.", "North Korea", -1, True),
        ("We support new sanctions on Russia.", "Russia", -1, True),
        ("We do not support new sanctions on Russia.", "Russia", 1, True),
        # a hostile policy toward the target is done to it: condemning it defends the target
        ("The hostile policy toward the DPRK is the root cause of tensions.", "DPRK", 1, True),
        ("We condemned the U.S. for its hostile policy toward the DPRK.", "DPRK", 1, True),
        # stopping a condemnation of the target is for it
        ("We vetoed the resolution condemning North Korea.", "North Korea", 1, True),
        ("We blocked a statement criticizing North Korea.", "North Korea", 1, True),
        # taking the target's side
        ("We will always stand with Russia.", "Russia", 1, True),
        ("We sided with Russia in the dispute.", "Russia", 1, True),
        ("We will always stand on the side of Russia.", "Russia", 1, True),
        # what the holder sends is what the message is made of
        ("We sent a message of sympathy to Russia.", "Russia", 1, True),
        # accusing another of a hostile act against the target defends the target
        ("We accused the West of waging a hybrid war against Russia.", "Russia", 1, True),
        # blaming an act on the target blames the target; the act is not done to it
        ("We blamed the attack on Russia.", "Russia", -1, True),
        ("We blamed the strike on Russian forces.", "Russian", -1, True),
        # a charge against the target blames it, unless the sentence rejects the charge
        ("Officials voiced harsh criticism toward Russia.", "Russia", -1, False),
        ("We reject the accusations against Russia.", "Russia", 1, True),
        ("We denied the groundless accusations against Russia.", "Russia", 1, True),
        # a condemned act on the target, in the passive, still defends it
        ("The attack on Russia was condemned by the council.", "Russia", 1, True),
    ],
)
def test_what_the_holder_does_to_the_target_or_disapproves(nlp, text, target, sign, by_holder):
    rel = _relation(nlp, text, target)
    assert rel.polar and rel.sign == sign
    assert rel.by_holder is by_holder


def test_the_targets_own_feelings_are_no_evaluation_of_it(nlp):
    """"Russia's concerns" are what Russia feels; "Russia's provocations" are what it does."""
    assert not _relation(nlp, "We share Russia's concerns about NATO expansion.", "Russia").polar
    assert _relation(nlp, "We condemn Russia's provocations.", "Russia").score < 0


@pytest.mark.parametrize(
    "text,target,sign",
    [
        # ties the sentence speaks against are held against their members (those it speaks of as
        # they are, for them: test_a_relation_speaks_of_its_members)
        ("We are deeply concerned about the military cooperation between Russia and the DPRK.", "DPRK", -1),
        ("The growing cooperation between Russia and North Korea is a threat to peace.", "Russia", -1),
        ("We condemn the military cooperation between Russia and North Korea.", "North Korea", -1),
        ("Russia's deepening partnership with North Korea is dangerous.", "North Korea", -1),
        # tie nouns are compared as lemmas: "ties", "relations", "friendship" too
        ("Russia's deepening ties with North Korea are dangerous.", "North Korea", -1),
        ("Russia's growing relations with North Korea are alarming.", "North Korea", -1),
        ("Moscow's friendship with Pyongyang is a danger to the region.", "Pyongyang", -1),
    ],
)
def test_ties_between_states_take_the_sign_the_sentence_gives_them(nlp, text, target, sign):
    assert _relation(nlp, text, target).sign == sign


def test_a_spokesperson_introduced_as_the_states_speaks_for_it(nlp):
    """The side of "the spokesperson" comes from where the article introduces them: "A
    spokesperson for the Foreign Ministry of the DPRK" speaks for the DPRK; one for the State
    Department, or the ambassador to it, does not."""
    from nlp.stance import _speaker_sides

    text = ("A spokesperson for the Foreign Ministry of the DPRK released a statement on Wednesday.\n"
            "“The recent drills are a dangerous provocation aimed at a preemptive strike on the DPRK,” "
            "the spokesperson said.")
    doc = nlp(text)
    sp = Speaker("s1", "the spokesperson", aliases=["A spokesperson"])
    assert _speaker_sides([sp], None) == {}  # the name alone says nothing
    assert _speaker_sides([sp], None, doc) == {"s1": frozenset({"DPRK"})}
    q = _quote(text, "The recent drills are a dangerous provocation aimed at a preemptive strike on the DPRK,",
               "q1", "s1", cue="said", mention="the spokesperson")
    score_quotes(doc, [q], find_mentions(doc), DEFAULT_TARGETS, speakers=[sp])
    assert q.stance["DPRK"].label == "positive", q.stance["DPRK"]
    other = nlp("A spokesperson for the State Department said the U.S. ambassador to the DPRK left.")
    assert _speaker_sides([sp, Speaker("s2", "the U.S. ambassador")], None, other) == {}


def test_a_reporters_question_takes_no_position(nlp):
    """Q's question names Russia: addressed, neutral, and marked as a question — not the
    negative stance its words would read as from a speaker who states them; so is what the
    reporter sets out before asking ("There are reports that …"): a reporter's turn is the
    question's, and the sidebar gives the press no stance."""
    from nlp.stance import ASKED, SET_OUT

    text = "Q: Is the administration worried that Russia will give North Korea missile technology?"
    doc = nlp(text)
    part = text[3:]
    q = _quote(text, part, "q1", "s1")
    score_quotes(doc, [q], find_mentions(doc), DEFAULT_TARGETS, speakers=[Speaker("s1", "Q", kind="questioner")])
    assert {t: (st.label, st.score, st.evidence) for t, st in q.stance.items()} == {
        "Russia": ("neutral", 0.0, [ASKED]), "DPRK": ("neutral", 0.0, [ASKED])}
    text = "Q: The administration is worried that Russia will give North Korea missile technology."
    doc = nlp(text)
    q = _quote(text, text[3:], "q2", "s2")
    score_quotes(doc, [q], find_mentions(doc), DEFAULT_TARGETS, speakers=[Speaker("s2", "Q", kind="questioner")])
    assert {t: (st.label, st.evidence) for t, st in q.stance.items()} == {
        "Russia": ("neutral", [SET_OUT]), "DPRK": ("neutral", [SET_OUT])}


def test_both_countries_refers_back_to_the_states_named_before(nlp):
    text = ("Russia and North Korea have deepened their military cooperation.\n\n"
            "“We will continue to hold both countries accountable,” Kirby said.")
    doc = nlp(text)
    q = _quote(text, "We will continue to hold both countries accountable,", "q1", "s1", cue="said", mention="Kirby")
    score_quotes(doc, [q], find_mentions(doc), DEFAULT_TARGETS)
    for target in ("Russia", "DPRK"):
        assert q.stance[target].label == "negative" and "(refers back: countries)" in q.stance[target].evidence


@pytest.mark.parametrize(
    "text,target,sign",
    [
        ("The U.S. forces are getting more undisguised in their hostile acts against the DPRK.", "DPRK", 1),
        ("We hold Russia fully responsible for this crime.", "Russia", -1),
        ("Russia has been desperate for munitions, and North Korea has been happy to oblige.", "North Korea", 0),
    ],
)
def test_hostile_acts_against_the_target_and_blame_held_and_feelings(nlp, text, target, sign):
    assert _relation(nlp, text, target).sign == sign


def test_a_cue_that_only_reports_is_no_act_on_what_it_reports(nlp):
    """CAMEO counts "argue" and "claim" as acts ("argued with X"); as a cue reporting a clause
    they only say that something was said, so the clause's targets get nothing from them —
    while "accused X" still acts on its object."""
    rel = _relation(nlp, "Lankov argues that Moscow has little interest in the deal.", "Moscow", cue="argues")
    assert all("argues" not in w for _, w in rel.evidence)
    rel = _relation(nlp, "We accused Russia of lying about the deal.", "Russia", cue="accused")
    assert rel.sign == -1 and any("accused" in w for _, w in rel.evidence)


@pytest.mark.parametrize(
    "text,holder,target,sign",
    [
        # a hostile act on the target that came to nothing: the holder is for the target
        ("Zakharova said that the sanctions pressure on the DPRK had completely failed.", "Zakharova", "DPRK", 1),
        # what a charge says the target did is the charge's: rejected, it defends the target
        ("Zakharova dismissed as groundless the accusations that Russia had supplied missiles.", "Zakharova", "Russia", 1),
        ("We denied the accusations that the DPRK had sent troops.", "We", "DPRK", 1),
        ("There are accusations that Russia had supplied weapons to North Korea.", None, "Russia", -1),
    ],
)
def test_failed_acts_and_charges_about_the_target(nlp, text, holder, target, sign):
    assert _relation(nlp, text, target, holder=holder).sign == sign


def test_praise_of_a_named_other_is_not_praise_of_the_state_referred_back_to(nlp):
    """"Washington and its allies bear full responsibility …" after a sentence naming Moscow: the
    allies are Washington's, so the quote says nothing for Moscow."""
    text = ("Moscow and Pyongyang will deepen their cooperation.\n"
            "According to the diplomat, Washington and its allies bear full responsibility for the tension.")
    doc = nlp(text)
    part = "Washington and its allies bear full responsibility for the tension."
    q = _quote(text, part, "q1", "s1")
    q.kind = "according"
    score_quotes(doc, [q], find_mentions(doc), DEFAULT_TARGETS)
    assert all(st.label != "positive" for st in q.stance.values()), q.stance


def test_the_state_in_a_speakers_title_is_their_side_in_every_quote_and_no_target(nlp):
    """"Russia's deputy ambassador Dmitry Polyanskiy rejected the criticism. … which he called
    “provocative.”": Russia names whose envoy he is, not a state his next quote refers back to
    (before: "provocative" read as his blame of Russia)."""
    text = ("Russia's deputy ambassador Dmitry Polyanskiy rejected the criticism. He said the drills were "
            "to blame for the tension, which he called “provocative.”")
    doc = nlp(text)
    q1 = _quote(text, "the criticism", "q1", "s1", cue="rejected", mention="Russia's deputy ambassador Dmitry Polyanskiy")
    q2 = _quote(text, "provocative.", "q2", "s1", cue="called", mention="he")
    sp = Speaker("s1", "Dmitry Polyanskiy")
    score_quotes(doc, [q1, q2], find_mentions(doc), DEFAULT_TARGETS, speakers=[sp])
    from nlp.stance import OWN_STATE

    # no blame of Russia read back: only the state the envoy speaks up for
    assert {t: (st.label, st.evidence[-1]) for t, st in q2.stance.items()} == {"Russia": ("positive", OWN_STATE)}


def test_a_state_a_title_is_about_is_not_the_speakers_side(nlp):
    """"U.S. North Korea envoy Sung Kim": the DPRK is what his role is about, not his side, so his
    later blame of it stays blame."""
    text = ("U.S. North Korea envoy Sung Kim said the talks were “useful.”\n"
            "Kim later said North Korea's missile launches were “a reckless provocation.”")
    doc = nlp(text)
    q1 = _quote(text, "useful.", "q1", "s1", cue="said", mention="U.S. North Korea envoy Sung Kim")
    q2 = _quote(text, "a reckless provocation.", "q2", "s1", cue="said", mention="Kim")
    score_quotes(doc, [q1, q2], find_mentions(doc), DEFAULT_TARGETS, speakers=[Speaker("s1", "Sung Kim")])
    assert q2.stance["DPRK"].label == "negative", q2.stance


def test_a_speakers_introduction_is_found_by_the_whole_name_only(nlp):
    from nlp.stance import _speaker_sides

    doc = nlp("Kim said the talks went well. Kimball, the ambassador of Russia, disagreed.")
    assert _speaker_sides([Speaker("s1", "Kim")], DEFAULT_TARGETS, doc) == {}


@pytest.mark.parametrize(
    "text,target",
    [
        ("We did not deny the accusations against China.", "China"),  # the charge stands
        ("The accusations against China are not groundless.", "China"),
        ("We will not stand with Russia.", "Russia"),
    ],
)
def test_a_negated_rule_verb_is_not_read_as_the_act(nlp, text, target):
    assert _relation(nlp, text, target).sign == -1


def test_negated_blame_and_accountability_are_no_blame(nlp):
    assert _relation(nlp, "We did not blame the attack on Ukraine.", "Ukraine").sign >= 0
    assert not _relation(nlp, "We do not hold Russia responsible.", "Russia").polar
    rel = _relation(nlp, "Lavrov blamed the attack on Ukraine.", "Ukraine", holder="Lavrov")
    assert sum(1 for _, w in rel.evidence if "blamed" in w) == 1  # read once, not also as an act over it


@pytest.mark.parametrize(
    "text,holder,target,sign",
    [
        # the target inside a blaming clause the holder denies, or a report the holder rejects
        ("Peskov denied that Moscow's cooperation with Pyongyang breached any resolutions.", "Peskov", "Pyongyang", 1),
        ("He denied that Russia had supplied weapons to North Korea.", "He", "North Korea", 1),
        ("The envoy rejected reports that North Korea had sent troops to Russia.", "The envoy", "North Korea", 1),
        # not denied, or nothing blaming denied: no defence
        ("Peskov did not deny that Moscow's cooperation with Pyongyang breached the resolutions.", "Peskov", "Pyongyang", 0),
        ("Lee denied that the talks with Pyongyang had stalled.", "Lee", "Pyongyang", 0),
    ],
)
def test_a_denied_charge_defends_whoever_it_is_about(nlp, text, holder, target, sign):
    if sign:
        _assert_reads(nlp, text, target, sign, holder)
    else:
        rel = _relation(nlp, text, target, holder=holder)
        assert not _defends(rel), rel.evidence


@pytest.mark.parametrize("speaker, side", [("Sergei Lavrov", True), ("Antony Blinken", False)])
def test_a_holder_of_one_side_affirming_its_ties_is_for_both_members(nlp, speaker, side):
    """"Moscow and Pyongyang would continue to develop their relations": a pledge of cooperation
    from the Russian side (positive toward both), a report from anyone else."""
    text = f"{speaker} said Moscow and Pyongyang would continue to develop their relations in all areas."
    doc = nlp(text)
    q = _quote(text, "Moscow and Pyongyang would continue", "q1", "s1", cue="said", mention=speaker)
    score_quotes(doc, [q], find_mentions(doc), DEFAULT_TARGETS, speakers=[Speaker("s1", speaker)])
    if side:
        assert q.stance["DPRK"].label == "positive" and "(ties of the holder's state)" in q.stance["DPRK"].evidence
        assert q.stance["Russia"].label == "positive"
    else:
        assert q.stance["DPRK"].label != "positive", q.stance


def test_ties_spoken_against_stay_against_for_a_holder_of_neither_side(nlp):
    text = "Blinken said the growing cooperation between Russia and North Korea was dangerous."
    doc = nlp(text)
    q = _quote(text, "the growing cooperation between Russia and North Korea was dangerous", "q1", "s1", cue="said",
               mention="Blinken")
    score_quotes(doc, [q], find_mentions(doc), DEFAULT_TARGETS, speakers=[Speaker("s1", "Blinken")])
    assert q.stance["DPRK"].label == "negative" and q.stance["Russia"].label == "negative", q.stance


def test_our_two_countries_is_the_holders_state_and_its_partner(nlp):
    text = ("Kim Jong Un met Russian soldiers in Pyongyang. “The friendship between our two countries can never "
            "be broken,” Kim Jong Un told Russia's envoy.")
    doc = nlp(text)
    q = _quote(text, "The friendship between our two countries can never be broken,", "q1", "s1", cue="told",
               mention="Kim Jong Un told")
    q.speaker_mention = Span(text.rindex("Kim Jong Un"), text.rindex("Kim Jong Un") + 11, "Kim Jong Un")
    score_quotes(doc, [q], find_mentions(doc), DEFAULT_TARGETS, speakers=[Speaker("s1", "Kim Jong Un")])
    assert q.stance["Russia"].label == "positive", q.stance
    assert q.stance["DPRK"].label == "positive" and "(our two countries)" in q.stance["DPRK"].evidence


def test_a_tie_is_no_side_a_blamed_partner_stays_blamed(nlp):
    text = "Lavrov said relations between Moscow and Pyongyang were ruined by Pyongyang's reckless provocations."
    doc = nlp(text)
    q = _quote(text, "relations between Moscow and Pyongyang were ruined by Pyongyang's reckless provocations",
               "q1", "s1", cue="said", mention="Lavrov")
    score_quotes(doc, [q], find_mentions(doc), DEFAULT_TARGETS, speakers=[Speaker("s1", "Sergei Lavrov")])
    assert q.stance["DPRK"].label == "negative", q.stance


@pytest.mark.parametrize(
    "text,holder,target,sign",
    [
        # an act the holder calls to stop: its sign turns
        ("Kariuki called on Moscow to stop buying weapons from Pyongyang.", "Kariuki", "Pyongyang", -1),
        ("We urge Russia to stop attacking Ukraine.", "We", "Ukraine", 1),
        ("We will continue buying weapons from Pyongyang.", "We", "Pyongyang", 1),
    ],
)
def test_an_act_called_off_turns_its_sign(nlp, text, holder, target, sign):
    _assert_reads(nlp, text, target, sign, holder)


def test_called_a_target_is_a_threat(nlp):
    rel = _relation(nlp, "If North Korean troops enter combat, they are legitimate military targets.", "they")
    assert rel.polar and rel.sign == -1, (rel.score, rel.evidence)
    rel = _relation(nlp, "Any North Korean soldier who joins this fight is a fair target.", "North Korean")
    assert rel.polar and rel.sign == -1, (rel.score, rel.evidence)
    assert not _relation(nlp, "North Korean troops are not a target.", "North Korean").polar


def test_another_actors_opposition_is_not_the_holders(nlp):
    """"such drills, which are openly directed against the DPRK, do not contribute to stability"
    (a Kremlin spokesman): the drills are against the DPRK, not the holder."""
    text = ("We have repeatedly said that such drills, which are openly directed against the DPRK, "
            "do not contribute to stability in the region.")
    assert _relation(nlp, text, "DPRK", holder="We").sign >= 0
    assert _relation(nlp, "We will fight against Russia.", "Russia", holder="We").sign == -1


def test_dismissed_reports_about_the_target_defend_it(nlp):
    text = "Kremlin spokesman Dmitry Peskov dismissed reports of North Korean troops in Russia as a Western fabrication."
    rel = _relation(nlp, text, "North Korean", holder="Dmitry Peskov")
    assert rel.polar and rel.sign == 1, (rel.score, rel.evidence)
    assert _relation(nlp, "Peskov confirmed reports of North Korean troops in Russia.", "North Korean", holder="Peskov").sign <= 0


@pytest.mark.parametrize(
    "text,holder,target",
    [
        # only the accused is defended: not who makes the charge, nor a place or victim in it
        ("Kyiv rejected claims by Moscow that Ukrainian troops had shelled the plant.", "Kyiv", "Moscow"),
        ("The Kremlin denied that North Korean troops were fighting in Ukraine.", "The Kremlin", "Ukraine"),
    ],
)
def test_a_denied_charge_defends_only_the_accused(nlp, text, holder, target):
    rel = _relation(nlp, text, target, holder=holder)
    assert not _defends(rel), rel.evidence


def test_what_a_speaker_calls_for_against_x_is_still_opposition(nlp):
    assert _relation(nlp, "The world must unite against North Korea.", "North Korea").sign == -1
    assert _relation(nlp, "The army will fight against the United States.", "United States").sign == -1


def test_ending_up_doing_something_is_doing_it(nlp):
    assert _relation(nlp, "We may end up supporting Russia directly.", "Russia", holder="We").sign == 1


def test_the_target_of_someone_else_is_not_threatened_by_the_holder(nlp):
    rel = _relation(nlp, "South Korea is the main target of North Korean hackers.", "South Korea")
    assert all(w != "target" for _, w in rel.evidence), rel.evidence


@pytest.mark.parametrize("text", [
    "Our two peoples defeated Japan together in 1945.",   # Japan is in the quote, no member of the tie
    "Russia and China severed diplomatic relations in 2022.",  # a tie cut, not built
])
def test_a_tie_is_only_its_members_and_only_when_kept(nlp, text):
    from nlp.targets import with_named_targets
    targets = with_named_targets(["Japan", "China"])
    doc = nlp(f"Lavrov said: “{text}”")
    q = _quote(doc.text, text, "q1", "s1", cue="said", mention="Lavrov")
    score_quotes(doc, [q], find_mentions(doc, targets), targets, speakers=[Speaker("s1", "Sergei Lavrov")])
    for name in ("Japan", "China"):
        if name in q.stance:
            assert "(ties of the holder's state)" not in q.stance[name].evidence, q.stance


@pytest.mark.parametrize(
    "text,holder,target",
    [
        ("The Kremlin denied that the apartment block was hit by Russian missiles.", "The Kremlin", "Russian"),
        ("Peskov rejected accusations that Moscow had helped Pyongyang evade sanctions.", "Peskov", "Pyongyang"),
        ("Peskov denied that Moscow had illegally supplied North Korea with fighter jets.", "Peskov", "North Korea"),
    ],
)
def test_the_accused_of_a_denied_charge_in_the_passive_or_as_a_partner(nlp, text, holder, target):
    _assert_reads(nlp, text, target, 1, holder)


def test_a_target_for_our_forces_is_a_threat(nlp):
    _assert_reads(nlp, "Japan will be a legitimate target for our missiles.", "Japan", -1)


def test_a_participle_of_a_passive_clause_is_not_the_holders_act(nlp):
    """In "Stressing that exercises being staged by the U.S. targeting the DPRK are a provocation",
    nobody named does the targeting but the exercises: it is no threat of the holder's."""
    text = ("Stressing that the large-scale joint military exercises being staged by the U.S. and the ROK "
            "targeting the DPRK are a dangerous provocation, he said that Russia supports the DPRK.")
    rel = _relation(nlp, text, "DPRK")
    assert not (rel.by_holder and rel.sign < 0), (rel.score, rel.evidence)


def test_the_partner_in_a_tie_the_holders_state_defends_is_not_blamed(nlp):
    """"The Russian Embassy …" speaks for Russia (a demonym the parser made a compound of the
    body's name); "the embassy" later is that embassy; its defence of "Russian-North Korean
    cooperation" is for both members, whatever tone the sentence has."""
    from nlp.analyzer import Analyzer

    text = ("The Russian Embassy in Seoul called the detention \"an unfriendly step against Russia.\"\n\n"
            "\"Russian-North Korean cooperation is conducted in strict accordance with international law and is "
            "not directed against any third country,\" the embassy said in a statement.")
    result = Analyzer(nlp=nlp, stance="tuned").analyze(text)
    names = {s.id: s.name for s in result.speakers}
    q = next(q for q in result.quotes if "strict accordance" in q.text)
    assert names[q.speaker] == "Russian Embassy"
    assert q.stance["Russia"].label == "positive", q.stance["Russia"]
    assert q.stance["DPRK"].label == "positive", q.stance["DPRK"]


def test_what_is_done_to_the_target_is_no_blame_of_it(nlp):
    """"If the DPRK is attacked" (no doer named): the DPRK is the one attacked, not blamed;
    "the DPRK was condemned by the council" is another's act, read as such elsewhere."""
    rel = _relation(nlp, "If the DPRK is attacked, it will not be left alone.", "DPRK")
    assert not (rel.polar and rel.sign < 0), (rel.score, rel.evidence)
    _assert_reads(nlp, "The DPRK attacked the border post.", "DPRK", -1)


def test_a_state_named_by_its_own_leader_does_not_act_for_the_leader(nlp):
    """"Kim said the DPRK would fight alongside the Russian army": no hostility toward Russia
    (reading the DPRK's acts as Kim's own turned "fight alongside" and "needs partners" into blame)."""
    text = "Kim Jong Un said the DPRK would fight alongside the Russian army against the invaders."
    doc = nlp(text)
    q = _quote(text, "the DPRK would fight alongside the Russian army against the invaders", "q1", "s1",
               cue="said", mention="Kim Jong Un")
    score_quotes(doc, [q], find_mentions(doc), DEFAULT_TARGETS, speakers=[Speaker("s1", "Kim Jong Un")])
    assert q.stance["Russia"].label != "negative", q.stance["Russia"]


def test_a_critic_of_the_tie_still_blames_the_partner(nlp):
    """The tie-partner rule is for a defence of the tie: "Russia's treaty with North Korea is a
    mistake", said by a Russian critic, stays blame of North Korea."""
    from nlp.analyzer import Analyzer

    text = ("“Russia's treaty with North Korea is a mistake that will drag us into a Korean war,” Russian "
            "political scientist Vladislav Inozemtsev said.")
    q = Analyzer(nlp=nlp, stance="tuned").analyze(text).quotes[0]
    assert q.stance["DPRK"].label == "negative", q.stance["DPRK"]


def test_a_feeling_about_an_act_is_about_its_parties(nlp):
    """"Serious concern over the transfer of Russian technology to North Korea": against both."""
    text = "Ishiba expressed serious concern over the transfer of Russian technology to North Korea."
    _assert_reads(nlp, text, "Russian", -1)
    _assert_reads(nlp, text, "North Korea", -1)


@pytest.mark.parametrize("text,speaker,target,label", [
    ("\"Russian-North Korean cooperation is not directed against third countries and poses no threat to anyone,\" "
     "the Russian embassy said.", "Russian embassy", "DPRK", "positive"),
    ("\"Russia's cooperation with the DPRK is a sovereign matter, and the claims of arms deliveries are groundless "
     "provocations,\" Peskov said.", "Peskov", "DPRK", "positive"),
    ("KCNA said the DPRK would always stand with the Russian army and people in their just struggle.", "KCNA",
     "Russia", "positive"),
    ("Putin said Russia would always stand with the DPRK against imperialist pressure.", "Putin", "DPRK", "positive"),
    # the holder's state on the target's side, however the learned model reads "struggle"
    ("\"The DPRK government and people will always stand firmly on the side of the Russian comrades in their just "
     "struggle to defend the sovereignty of their country,\" DPRK Foreign Minister Choe Son Hui said.", "Choe",
     "Russia", "positive"),
])
def test_second_review_stance_cases(nlp, text, speaker, target, label):
    """A defence of the tie with blame of others elsewhere in the sentence; the holder's state
    standing with the target."""
    from nlp.analyzer import Analyzer

    q = next(q for q in Analyzer(nlp=nlp, stance="tuned").analyze(text).quotes if target in q.stance)
    assert q.stance[target].label == label, q.stance[target]


@pytest.mark.parametrize("text,name,side", [
    ("Present there were Ryom Chol Su, vice-chairman of the Standing Committee of the Supreme People's Assembly, "
     "and officials concerned.", "Ryom Chol Su", "DPRK"),
    ("The delegation was headed by Andrei Klimov, deputy chairman of the Federation Council.",
     "Andrei Klimov", "Russia"),
])
def test_an_official_of_a_states_own_body_speaks_for_it(nlp, text, name, side):
    """The Supreme People's Assembly and the State Affairs Commission are the DPRK's; the State Duma
    and the Federation Council Russia's: an official introduced as theirs speaks for that state."""
    from nlp.stance import _speaker_sides

    assert _speaker_sides([Speaker("s1", name)], None, nlp(text)) == {"s1": frozenset({side})}


def test_a_word_only_negation_made_negative_is_no_blame_of_a_tie(nlp):
    """In "such moves can never break the invincible comradeship between the peoples of the DPRK and
    Russia" VADER's negation window turns "invincible" negative: no blame of the partner (the
    tie-partner rule may apply); "Pyongyang's tests are unacceptable" is."""
    from nlp.stance import _blames_in, _Sentence

    def blames(text, partner):
        doc = nlp(text)
        q = Quote("q1", 0, len(text), text)
        tspan = next(doc[t.i:t.i + 1] for t in doc if t.text == partner)
        return _blames_in(q, _Sentence(doc[:]), tspan)

    assert not blames("Such moves can never break the invincible comradeship between the DPRK and Russia.", "Russia")
    assert blames("Our cooperation is legitimate, but Pyongyang's nuclear tests are unacceptable.", "Pyongyang")


def test_a_title_where_the_article_first_names_a_speaker_gives_their_side(nlp):
    """"… attended by North Korean Vice Premier Ryom Kwang-il and Russian Transport Minister Yuri
    Belkin", later "Ryom said" / "Belkin said": each speaks for the state of his title."""
    from nlp.analyzer import Analyzer

    text = ("The bridge was opened at a ceremony attended by North Korean Vice Premier Ryom Kwang-il and Russian "
            "Transport Minister Yuri Belkin.\n\n"
            "\"Our cooperation with Pyongyang is developing in all areas,\" Belkin said.")
    q = Analyzer(nlp=nlp, stance="tuned").analyze(text).quotes[0]
    assert q.stance["Russia"].label == "positive", q.stance  # the holder's own state in the tie
    assert "(ties of the holder's state)" in q.stance["Russia"].evidence


@pytest.mark.parametrize("title,own", [
    ("Russian Deputy Foreign Minister", True),
    ("Russian political scientist", False),  # where he comes from, not whom he speaks for
    ("Russian defector", False),
])
def test_only_an_official_title_makes_the_state_the_holders(nlp, title, own):
    from nlp.analyzer import Analyzer

    text = f"\"Russia is in a difficult position,\" {title} Pavel Smirnov said."
    q = Analyzer(nlp=nlp, stance="tuned").analyze(text).quotes[0]
    assert ("(holder speaks for this state)" in q.stance["Russia"].evidence) == own, q.stance


def test_a_title_naming_a_state_after_the_does_not_join_the_name(nlp):
    """"Russian Ambassador to the DPRK Gennady Lozinsky told TASS": the speaker is Gennady
    Lozinsky (not "DPRK Gennady Lozinsky", nor the bare title)."""
    from nlp.analyzer import Analyzer

    text = ("Russia will ship more wheat to the DPRK, Russian Ambassador to the DPRK Gennady Lozinsky told TASS.\n\n"
            "\"Both sides are interested,\" Lozinsky said.")
    result = Analyzer(nlp=nlp, stance="tuned").analyze(text)
    names = {s.id: s.name for s in result.speakers}
    assert [names[q.speaker] for q in result.quotes] == ["Gennady Lozinsky", "Gennady Lozinsky"]


@pytest.mark.parametrize("said,judged", [
    ("the claims were a \"fabrication.\"", True),
    ("\"I will not comment on every fantasy of Kiev regime officials,\" she said.", True),
    ("\"You will find out in due course,\" she said.", False),  # judges nothing
])
def test_an_official_who_judges_speaks_up_for_their_unnamed_state(nlp, said, judged):
    """A spokeswoman of the Russian Foreign Ministry who calls a charge "a fabrication" defends
    Russia though the quote never names it; a quote that judges nothing addresses no one."""
    from nlp.analyzer import Analyzer
    from nlp.stance import OWN_STATE

    text = ("Russian Foreign Ministry spokeswoman Maria Zakharova spoke on Thursday.\n\n"
            f"{'Zakharova said ' if not said.startswith(chr(34)) else ''}{said}")
    q = Analyzer(nlp=nlp, stance="tuned").analyze(text).quotes[-1]
    if judged:
        assert q.stance["Russia"].label == "positive" and OWN_STATE in q.stance["Russia"].evidence, q.stance
    else:
        assert "Russia" not in q.stance, q.stance


@pytest.mark.parametrize("text,target,sign", [
    ("Through diplomatic channels, we have conveyed our concerns to the Russian side.", "Russian", -1),
    ("We lodged a strong protest with Pyongyang.", "Pyongyang", -1),
    ("We expressed our gratitude to Moscow.", "Moscow", 1),  # (a thing given, not a reproach)
])
def test_a_reproach_handed_to_the_target_is_against_it(nlp, text, target, sign):
    """"Conveyed our concerns to the Russian side": the concerns are handed to Russia, not a harm
    it suffers (before: read as a defence of Russia against "concerns")."""
    _assert_reads(nlp, text, target, sign)


def test_a_partner_named_with_the_holders_state_shares_its_defence(nlp):
    """The DPRK's spokesman on "the attempt of the Western countries to isolate the DPRK and
    Russia": the learned model reads the sentence's tone against Russia; named with the DPRK,
    which the spokesman defends, Russia is defended too."""
    from nlp.analyzer import Analyzer

    text = ("\"This shows once again that the attempt of the Western countries to isolate the DPRK and Russia in the "
            "international arena is nothing but a pipe dream,\" the spokesman for the Foreign Ministry of the DPRK said.")
    q = Analyzer(nlp=nlp, stance="tuned").analyze(text).quotes[0]
    assert q.stance["DPRK"].label == "positive" and q.stance["Russia"].label == "positive", q.stance
    assert "(alongside the holder's state)" in q.stance["Russia"].evidence


def test_an_own_state_named_only_as_a_channel_is_still_defended(nlp):
    """"… said in a statement carried by KCNA: “… the hysteria of the puppets in Seoul is absurd.”":
    the DPRK is named (KCNA) but read neutral; the holder, who speaks for it, judges, so she
    speaks up for it."""
    from nlp.analyzer import Analyzer
    from nlp.stance import OWN_STATE

    text = ("Kim Yo Jong, sister of the North Korean leader, said in a statement carried by KCNA: \"The launch is our "
            "sovereign right, and the hysteria of the puppets in Seoul is absurd.\"")
    q = Analyzer(nlp=nlp, stance="tuned").analyze(text).quotes[0]
    assert q.stance["DPRK"].label == "positive" and OWN_STATE in q.stance["DPRK"].evidence, q.stance


def test_its_relations_with_the_partner_are_the_subjects_tie(nlp):
    """"… declared that Moscow would continue to develop its relations with Pyongyang": "its" is
    Moscow's, so the Russian ministry affirms a tie of its own state (before: the learned model's
    tone of the whole sentence read against Pyongyang)."""
    from nlp.analyzer import Analyzer

    text = ("The Russian Foreign Ministry dismissed the statement as \"a collection of unfounded accusations\" and "
            "declared that Moscow would \"continue to develop its relations with Pyongyang in all fields.\"")
    q = next(q for q in Analyzer(nlp=nlp, stance="tuned").analyze(text).quotes if "relations" in q.text)
    assert q.stance["DPRK"].label == "positive" and "(ties of the holder's state)" in q.stance["DPRK"].evidence, q.stance


@pytest.mark.parametrize("text,target,sign", [
    ("Any exchanges between North Korea and Russia must comply with Security Council resolutions.", "North Korea", -1),
    ("Russia must withdraw its troops.", "Russia", -1),
    ("Pyongyang should refrain from further launches.", "Pyongyang", -1),
])
def test_a_demand_that_the_target_comply_is_against_it(nlp, text, target, sign):
    """"X must comply with the resolutions", "should refrain from …": a warning to X (before: a
    neutral report, no evaluative word)."""
    _assert_reads(nlp, text, target, sign)


def test_a_demand_on_someone_else_is_no_reading_of_the_target(nlp):
    rel = _relation(nlp, "We must stop the war before Russia wins it.", "Russia")
    assert not any(w.startswith("must ") for _, w in rel.evidence), rel.evidence


def test_not_going_to_is_a_negated_act(nlp):
    """"We are not going to sanction North Korea into disarmament": the negation sits on "going";
    the act is not done (before: read as the holder's sanction, −0.78)."""
    rel = _relation(nlp, "We are not going to sanction North Korea into disarmament.", "North Korea")
    assert not (rel.polar and rel.sign < 0), (rel.score, rel.evidence)
    _assert_reads(nlp, "We are going to sanction North Korea.", "North Korea", -1)


@pytest.mark.parametrize("text,target,label", [
    # a rebuttal word defends the holder's own state; it does not blame the state of the claim —
    # it defends it, the partner charged with the holder's state (eleventh session: before, neutral)
    ("South Korea's spy agency said North Korea had sent 10,000 troops to Russia. \"These are fabrications,\" "
     "Russian Ambassador Georgy Zinoviev told reporters.", "DPRK", "positive"),
    ("Seoul accused Pyongyang of sending troops to Russia. The DPRK Foreign Ministry said: \"It is a despicable "
     "smear campaign.\"", "Russia", "positive"),
    # another group's nationality is not the side of "officials" quoted next
    ("North Korean officials did not respond. \"The launch was a reckless provocation,\" officials in Seoul said.",
     "DPRK", "negative"),
    # grief, losses, self-criticism and what a defector says are no defence of the state
    ("\"We have suffered heavy losses,\" a North Korean officer told state media.", "DPRK", "not positive"),
    ("North Korean leader Kim Jong Un said: \"The failures of the economic officials are intolerable and shameful.\"",
     "DPRK", "not positive"),
    ("A North Korean diplomat who defected to Seoul, Ri Il Gyu, said: \"The regime lies about everything.\"", "DPRK",
     "not positive"),
    ("North Korean Vice Premier Ryom Kwang-il attended the ceremony. \"The weather was terrible and the flight was "
     "delayed,\" Ryom said.", "DPRK", "not positive"),
    # an official stays one whatever else describes them
    ("\"The sanctions are illegal,\" said Russian Foreign Ministry spokeswoman Maria Zakharova, a former journalist.",
     "Russia", "positive"),
    # even-handed appeals, and a rule that binds no state
    ("\"Both sides must stop playing with fire,\" the IAEA chief said of Russia and Ukraine.", "Russia", "neutral"),
    ("\"The Russian delegation must comply with the rules of the hotel,\" an organizer said.", "Russia", "neutral"),
    # reconsidering ties builds none
    ("\"Moscow will have to reconsider its relations with Pyongyang if the nuclear tests continue,\" a Russian "
     "diplomat said.", "DPRK", "not positive"),
])
def test_first_review_of_the_ninth_session(nlp, text, target, label):
    """What the fresh review of the ninth session's stance rules found (each was wrong after the
    first versions of those rules)."""
    from nlp.analyzer import Analyzer

    q = Analyzer(nlp=nlp, stance="tuned").analyze(text).quotes[-1]
    got = q.stance.get(target)
    if label == "not positive":
        assert got is None or got.label != "positive", q.stance
    else:
        assert got is not None and got.label == label, q.stance


def test_a_word_in_a_named_subjects_clause_is_not_about_the_state_referred_back_to(nlp):
    """"The G7 had better look back on its own shameful record." after a sentence on the DPRK-
    Russia relations: "shameful" is the G7's record, no blame of Russia (the subject hangs on
    "had", the parser's auxiliary)."""
    text = ("The DPRK-Russia relations are a legitimate exercise of sovereign rights.\n"
            "According to the spokesman, the G7 had better look back on its own shameful record.")
    doc = nlp(text)
    q = _quote(text, "the G7 had better look back on its own shameful record.", "q1", "s1")
    q.kind = "according"
    score_quotes(doc, [q], find_mentions(doc), DEFAULT_TARGETS)
    assert all(st.label != "negative" for st in q.stance.values()), q.stance


def test_a_spokesman_for_a_states_body_speaks_for_the_state(nlp):
    """"Spokesman for DPRK Foreign Ministry" speaks for the DPRK: "we denounce the moves of the
    U.S. against the DPRK" defends it (before: the holder's "against DPRK", blame); "envoy for
    North Korea" names what the envoy deals with, not whom he serves."""
    from nlp.stance import _speaker_sides

    sides = _speaker_sides([Speaker("s1", "Spokesman for DPRK Foreign Ministry"),
                            Speaker("s2", "US special envoy for North Korea")], None)
    assert sides == {"s1": frozenset({"DPRK"})}


@pytest.mark.parametrize("text,expect", [
    ("Russian Foreign Minister Sergei Lavrov told a news conference with his North Korean counterpart Choe Son Hui "
     "that the two countries would deepen cooperation.", {"Russia": "positive", "DPRK": "positive"}),
    ("Russian Foreign Minister Sergei Lavrov met his North Korean counterpart Choe Son Hui.\n\n"
     "\"The two countries will deepen their cooperation,\" U.S. envoy Kurt Campbell said.",
     {"Russia": "neutral", "DPRK": "neutral"}),
])
def test_the_two_countries_building_their_tie(nlp, text, expect):
    """"The two countries would deepen cooperation": affirmed by one member's minister, for both;
    reported by a third state's envoy, a tie is no side (before: "cooperation" read as praise)."""
    from nlp.analyzer import Analyzer

    q = Analyzer(nlp=nlp, stance="tuned").analyze(text).quotes[-1]
    assert {t: q.stance[t].label for t in expect if t in q.stance} == expect, q.stance


@pytest.mark.parametrize("text, name, want", [
    # a charge against the partner called false defends it, named in the sentence before …
    ("Ukraine said debris from North Korean missiles was found in Kharkiv. Kremlin spokesman Dmitry Peskov said there "
     "was \"no evidence whatsoever\" and called the finding a fabrication.", "Peskov", {"DPRK": "positive"}),
    # … or named in the sentence and not judged there
    ("Foreign Minister Sergei Lavrov said in January that relations with Pyongyang were a partnership, and he accused "
     "Western governments of \"inventing\" arms deals to justify their own sanctions.", "Lavrov",
     {"DPRK": "positive", "Russia": "positive"}),
    # an official's unowned tie is their state's: the learned model's blame of the partner is the tone
    ("Foreign Minister Sergei Lavrov said that relations with Pyongyang were \"not a transaction\" but a partnership.",
     "Lavrov", {"DPRK": "positive"}),
])
def test_an_official_defends_the_partner_of_their_state(nlp, text, name, want):
    from nlp.analyzer import Analyzer

    sp = next(sp for sp in Analyzer(nlp=nlp, stance="tuned").analyze(text).speakers if name in sp.name)
    assert {t: sp.stance[t].label for t in want if t in sp.stance} == want


def test_a_partner_is_not_defended_by_a_charge_against_a_third(nlp):
    """A denial that names the partner as the accuser does not flip a blame of it: "Pyongyang's
    claims are a fabrication" (a Russian official) stays against Pyongyang's claims."""
    from nlp.analyzer import Analyzer

    text = "Kremlin spokesman Dmitry Peskov said Pyongyang's claims about the incident were a fabrication."
    sp = next(sp for sp in Analyzer(nlp=nlp, stance="tuned").analyze(text).speakers if "Peskov" in sp.name)
    assert sp.stance["DPRK"].label != "positive"


def test_an_officials_blame_of_others_is_not_read_on_an_unnamed_partner(nlp):
    """After a charge that names the ties of the DPRK and Russia, the DPRK spokesman's "This is a
    sophism of the confrontation maniacs" blames the maniacs: Russia, named only in the sentence
    before, is not read as blamed (before: negative by the context reading)."""
    from nlp.analyzer import Analyzer

    text = ("Pyongyang, May 4 (KCNA) -- A spokesman for the Ministry of National Defence of the DPRK issued the "
            "following statement on Monday:\n"
            "The puppet defence minister claimed that the drills were a response to the military collusion between the "
            "north and Russia.\n"
            "This is a sophism of the confrontation maniacs who are hell-bent on shifting the blame onto others.")
    q = next(q for q in Analyzer(nlp=nlp, stance="tuned").analyze(text).quotes if "sophism" in q.text)
    assert "Russia" not in q.stance or q.stance["Russia"].label != "negative", q.stance


def test_an_official_saying_their_state_acts_in_accordance_with_the_law_defends_it(nlp):
    from nlp.analyzer import Analyzer

    text = ("Kremlin spokesman Dmitry Peskov said Russia's trade with North Korea was conducted \"in full accordance "
            "with our international obligations.\"")
    sp = next(sp for sp in Analyzer(nlp=nlp, stance="tuned").analyze(text).speakers if "Peskov" in sp.name)
    assert sp.stance["Russia"].label == "positive"


@pytest.mark.parametrize("text, name, target, label", [
    # the review of the eleventh session: a denial that distances the holder from the partner, a
    # claim the partner made, and the law invoked against another are no defence of the partner
    ("Lavrov said claims that Moscow approved of Pyongyang's nuclear tests were a lie, and urged North Korea to return "
     "to talks.", "Lavrov", "DPRK", "not positive"),
    ("Peskov said Pyongyang's demand for payment in dollars was absurd.", "Peskov", "DPRK", "not positive"),
    ("Peskov said there was no evidence that the drone came from Ukraine.", "Peskov", "Russia", "none"),
    ("Lavrov said the West's actions were not in accordance with the UN Charter.", "Lavrov", "Russia", "none"),
])
def test_denials_that_defend_no_partner(nlp, text, name, target, label):
    from nlp.analyzer import Analyzer

    sp = next(sp for sp in Analyzer(nlp=nlp, stance="tuned").analyze(text).speakers if name in sp.name)
    got = sp.stance.get(target)
    if label == "none":
        assert got is None or got.label == "neutral", sp.stance
    else:
        assert got is None or got.label != "positive", sp.stance


@pytest.mark.parametrize("text, name", [
    # the twelfth session: an official's formula for ties that are nobody else's concern or
    # threaten nobody speaks up for their own state
    ("Kremlin spokesman Dmitry Peskov was asked about the shipments. \"This cooperation is not directed against third "
     "countries,\" Peskov said.", "Peskov"),
    ("Russian Foreign Minister Sergei Lavrov said: \"Military-technical cooperation is developing in line with the "
     "treaty, and it is nobody's business but ours.\"", "Lavrov"),
    ("Russian Foreign Minister Sergei Lavrov told reporters: \"The treaty threatens no one.\"", "Lavrov"),
])
def test_an_official_whose_state_s_ties_are_nobody_else_s_business_defends_it(nlp, text, name):
    from nlp.analyzer import Analyzer

    sp = next(sp for sp in Analyzer(nlp=nlp, stance="tuned").analyze(text).speakers if name in sp.name)
    assert sp.stance["Russia"].label == "positive", sp.stance


@pytest.mark.parametrize("text, name", [
    # … but not one's own firm, nor a formula said to be somebody else's or negated
    ("\"My own business has collapsed since the sanctions,\" said a Russian shop owner.", "shop owner"),
    ("Lavrov said the U.S. drills with Seoul \"are not defensive at all.\"", "Lavrov"),
])
def test_formulas_that_defend_no_state(nlp, text, name):
    from nlp.analyzer import Analyzer

    sp = next(sp for sp in Analyzer(nlp=nlp, stance="tuned").analyze(text).speakers if name in sp.name)
    assert sp.stance.get("Russia") is None or sp.stance["Russia"].label != "positive", sp.stance


@pytest.mark.parametrize("text, label", [
    # the thirteenth session: a warning of an actor's act is about that actor, not about a state
    # the act would spare ("warned that Moscow would not support sanctions pressure on the North")
    ("North Korea fired a missile on Monday. Russian envoy Mikhail Ostapenko warned that Moscow would not support any "
     "further sanctions pressure on North Korea.", "not negative"),
    # … but a warning whose subject is the state, or a thing that affects it, is aimed at it
    ("Russian envoy Mikhail Ostapenko warned that North Korea would face consequences.", "negative"),
])
def test_a_warning_is_about_the_actor_it_names(nlp, text, label):
    from nlp.analyzer import Analyzer

    sp = next(sp for sp in Analyzer(nlp=nlp, stance="tuned").analyze(text).speakers if "Ostapenko" in sp.name)
    got = sp.stance["DPRK"].label
    assert got == label if label == "negative" else got != "negative", sp.stance


@pytest.mark.parametrize("text, target, sign", [
    # the thirteenth session: an act blamed for worsening things — the sanctions on a state (the
    # holder defends it), a state's ties (the holder is against them)
    ("The new sanctions on Pyongyang have only aggravated tensions.", "Pyongyang", 1),
    ("Such pressure on Russia only fuels the conflict.", "Russia", 1),
    ("The military cooperation between Russia and North Korea undermines regional stability.", "North Korea", -1),
    # the target's own act, blamed for it: not praise of its "support"
    ("North Korea's support for Russia prolongs the war.", "North Korea", -1),
])
def test_an_act_blamed_for_worsening_things(nlp, text, target, sign):
    _assert_reads(nlp, text, target, sign)


def test_the_reported_it_does_both_verbs_of_its_clause(nlp):
    """"North Korea said it would resolutely defend and support Russia's sovereignty": the holder
    supports Russia (the "it" of the report is the subject of "support" too)."""
    from nlp.analyzer import Analyzer

    text = "North Korea said it would resolutely defend and support Russia's sovereignty."
    sp = next(sp for sp in Analyzer(nlp=nlp, stance="tuned").analyze(text).speakers if sp.name == "North Korea")
    assert sp.stance["Russia"].label == "positive", sp.stance


@pytest.mark.parametrize("text, target, sign", [
    # the thirteenth session: the holder's own word for the target's people ("our Russian
    # comrades") is the holder's relation to it, whatever the tone of the words around it
    ("The Korean people will never forget the blood shed together with our Russian comrades.", "Russian", 1),
    ("We will never abandon our Korean brothers.", "Korean", 1),
])
def test_our_comrades_of_a_state_are_the_holders_tie(nlp, text, target, sign):
    rel = _relation(nlp, text, target)
    assert rel.by_holder and rel.sign == sign, (rel.score, rel.evidence)


def test_our_partners_is_courtesy_not_a_tie(nlp):
    """"We call on our Russian partners to put an immediate halt to the actions": a diplomat's
    courtesy, not the holder's tie to Russia."""
    rel = _relation(nlp, "We once again call on our Russian partners to put an immediate halt to the actions.", "Russian")
    assert not (rel.by_holder and rel.sign > 0), (rel.score, rel.evidence)
