"""Synthetic first-person statements of one state toward another, labelled by the CAMEO class
of their verb, as extra training examples for ``train/stance_finetune.py --synthetic N``.

NewsMTSC teaches how a sentence treats a person; it has few sentences in which a speaker acts
on a state ("We condemn …", "We will stand with …"), and UNSCon has no positive class. These
templates supply both signs of a holder's own act toward a target state: the speaker is the
holder ("we", "our government"), the target is the verb's object. Verb classes follow the CAMEO
event codes of petrarch2's verb dictionary (``CAMEO.2.0.txt``, MIT; codes 11x–19x conflict →
negative, 03x–08x cooperation with a positive Goldstein score → positive, 01x/04x statements
and consultations → neutral); the verbs below are a hand-picked transitive subset of its
entries. Nothing here is copied from a news text.

    >>> items = generate(6, seed=0)
    >>> [(s[a:b], label) for s, a, b, label in items][:2]  # doctest: +SKIP
    [('North Korea', 0), ('Iran', 2)]
"""

from __future__ import annotations

import numpy as np

# (present form after "we" / "will", CAMEO code family): the object is the target
NEGATIVE = [
    ("condemn", "111"), ("denounce", "111"), ("criticize", "111"), ("deplore the conduct of", "111"),
    ("rebuke", "111"), ("accuse", "112"), ("blame", "112"), ("hold responsible", "112"),
    ("warn", "130"), ("threaten", "130"), ("will not tolerate the provocations of", "130"),
    ("reject the claims of", "12"), ("protest against", "14"), ("reduce relations with", "16"),
    ("sever ties with", "16"), ("expel the diplomats of", "16"), ("impose sanctions on", "163"),
    ("tighten sanctions against", "163"), ("boycott", "16"), ("blockade", "17"),
    ("isolate", "17"), ("retaliate against", "19"), ("strike back at", "19"),
    ("will defeat", "19"), ("will punish", "17"), ("cannot trust", "11"),
]
POSITIVE = [
    ("praise", "051"), ("thank", "051"), ("commend", "051"), ("applaud", "051"), ("congratulate", "051"),
    ("welcome the steps taken by", "051"), ("support", "05"), ("stand with", "05"),
    ("stand in solidarity with", "05"), ("cooperate closely with", "06"), ("will defend", "07"),
    ("will protect", "07"), ("will help", "07"), ("send aid to", "07"), ("pledge assistance to", "03"),
    ("value our friendship with", "05"), ("trust", "05"), ("will deepen our partnership with", "06"),
    ("back", "05"), ("reaffirm our support for", "05"),
]
NEUTRAL = [
    ("will meet with", "04"), ("will hold talks with", "04"), ("have invited the envoy of", "04"),
    ("informed", "01"), ("will consult", "04"), ("spoke by phone with", "04"), ("will visit", "04"),
    ("received a letter from", "01"), ("exchanged views with", "04"), ("are studying the proposal of", "01"),
    ("notified", "01"), ("will discuss trade quotas with", "04"),
]
TARGETS = [
    "Russia", "Moscow", "the Kremlin", "North Korea", "Pyongyang", "China", "Beijing", "Iran", "Tehran",
    "the United States", "Washington", "Ukraine", "Kyiv", "Japan", "Tokyo", "South Korea", "Seoul", "India",
    "Pakistan", "Israel", "Syria", "Turkey", "Ankara", "Venezuela", "Cuba", "Belarus", "Poland", "France",
    "Germany", "Britain", "Saudi Arabia", "Egypt", "the DPRK", "the Russian Federation", "the regime in Pyongyang",
    "the Chinese government", "the Iranian leadership", "Vietnam", "Brazil", "Canada",
]
SPEAKERS = [
    "the foreign minister said", "a government spokesman told reporters", "the ambassador said",
    "the president said in a statement", "the defence ministry said", "the prime minister told parliament",
    "a senior official said", "the deputy foreign minister said on Tuesday",
]
REASONS = [
    "", " after the missile launch", " over the border incident", " for its role in the crisis",
    " this week", " in the strongest terms", " once again", " at the Security Council",
]
POSITIVE_REASONS = [
    "", " for its help after the floods", " in these difficult times", " this week", " at the summit",
    " for its principled position", " as a reliable partner", " once again",
]
TEMPLATES = [
    "“We {verb} {target}{reason},” {speaker}.",
    "{Speaker_cap}: “We {verb} {target}{reason}.”",
    "“Our government will always {verb_bare} {target}{reason},” {speaker}.",
    "“We {verb} {target}{reason}, and we will keep doing so,” {speaker}.",
]
LABEL = {"negative": 0, "neutral": 1, "positive": 2}


def _bare(verb: str) -> str:
    """The verb without a leading modal, for 'will always …'."""
    for lead in ("will not ", "will ", "cannot ", "have ", "are "):
        if verb.startswith(lead):
            return verb if lead in ("will not ", "cannot ") else verb[len(lead):]
    return verb


def generate(n: int, seed: int = 0) -> list[tuple[str, int, int, int]]:
    """``n`` (sentence, target start, target end, label) examples: 45 % negative, 35 % positive,
    20 % neutral, the verb, target, speaker and template drawn at random (deterministic)."""
    rng = np.random.default_rng(seed)
    out = []
    for k in range(n):
        u = rng.random()
        kind, verbs, reasons = (("negative", NEGATIVE, REASONS) if u < 0.45 else
                                ("positive", POSITIVE, POSITIVE_REASONS) if u < 0.8 else ("neutral", NEUTRAL, [""]))
        verb = verbs[rng.integers(len(verbs))][0]
        target = TARGETS[rng.integers(len(TARGETS))]
        speaker = SPEAKERS[rng.integers(len(SPEAKERS))]
        template = TEMPLATES[rng.integers(len(TEMPLATES))]
        if template.startswith("“Our") and (kind == "neutral" or verb.startswith(("will not", "cannot", "spoke", "received", "informed",
                                                            "notified", "exchanged", "have", "are"))):
            template = TEMPLATES[0]
        head, _, _ = template.partition("{target}")
        head = head.format(verb=verb, verb_bare=_bare(verb), speaker=speaker,
                           Speaker_cap=speaker[0].upper() + speaker[1:].replace(" said", "").replace(" told reporters", "")
                           .replace(" told parliament", "").replace(" on Tuesday", "").replace(" in a statement", ""))
        rest = template.partition("{target}")[2].format(reason=reasons[rng.integers(len(reasons))], speaker=speaker)
        out.append((head + target + rest, len(head), len(head) + len(target), LABEL[kind]))
    return out


if __name__ == "__main__":
    for s, a, b, y in generate(12):
        print(y, s, "|", s[a:b])
