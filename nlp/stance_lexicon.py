"""Word lists for stance: VADER's valences plus the geopolitical language VADER misses.

Valences are on VADER's scale (−4 … +4). Everything here is plain data, loaded once.
"""

from __future__ import annotations

from functools import lru_cache

# Words that VADER lacks or under-rates in news about states and conflicts.
GEO_VALENCE: dict[str, float] = {
    # hostility and its vocabulary
    "threat": -2.6, "threats": -2.6, "threaten": -2.4, "threatens": -2.4, "threatened": -2.4,
    "threatening": -2.4, "hostile": -2.2, "hostility": -2.4, "aggression": -2.8, "aggressive": -2.0, "aggressor": -3.0,
    "invasion": -3.0, "invade": -2.8, "invaded": -2.8, "invading": -2.8, "invades": -2.8,
    "occupation": -2.0, "occupy": -1.8, "occupied": -1.6, "annexation": -2.4, "annex": -2.2,
    "annexed": -2.2, "violation": -2.6, "violations": -2.6, "violate": -2.4, "violates": -2.4,
    "violated": -2.4, "violating": -2.4, "breach": -2.0, "provocation": -2.6, "provocations": -2.6,
    "provocative": -2.4, "provoke": -2.0, "provoked": -2.0, "condemn": -2.4, "condemns": -2.4,
    "condemned": -2.4, "condemnation": -2.6, "denounce": -2.2, "denounced": -2.2,
    "sanction": -1.6, "sanctions": -1.6, "sanctioned": -1.6, "pariah": -3.0, "rogue": -2.8,
    "destabilizing": -2.6, "destabilising": -2.6, "destabilize": -2.4, "destabilise": -2.4,
    "escalation": -2.2, "escalate": -2.0, "escalating": -2.0, "escalatory": -2.2,
    "illegal": -2.8, "illegally": -2.8, "unlawful": -2.6, "illegitimate": -2.6, "unprovoked": -2.8,
    "brutal": -3.0, "atrocity": -3.4, "atrocities": -3.4, "war crime": -3.4, "war crimes": -3.4,
    "aggressors": -3.0, "coercion": -2.2, "coercive": -2.0, "reckless": -2.4, "belligerent": -2.6,
    "dictator": -2.8, "dictatorship": -2.8, "regime": -1.2, "authoritarian": -2.2, "tyrant": -3.0,
    "propaganda": -2.0, "disinformation": -2.4, "interference": -2.0, "interfere": -1.8,
    "meddling": -2.2, "cyberattack": -2.4, "hack": -1.6, "hacking": -1.8, "espionage": -1.8,
    "concerned": -1.4, "concern": -1.2, "concerns": -1.2, "alarming": -2.2, "alarmed": -2.0,
    "worrying": -1.8, "dangerous": -2.4, "danger": -2.2, "menace": -2.6, "existential": -1.2,
    "nuclear": -0.6, "missile": -0.4, "missiles": -0.4, "cease": -0.6, "crossing": -0.2,
    "serious": -1.2, "grave": -1.8, "troubling": -2.0, "unacceptable": -2.6, "trouble": -1.6, "isolated": -1.4, "isolation": -1.4, "weaken": -1.2, "weakened": -1.4,
    "exaggerate": -1.2, "mercenaries": -2.0, "cannon fodder": -2.4, "genocide": -3.6,
    "deportation": -1.6, "deportations": -1.6, "shelling": -2.6, "bombardment": -2.6,
    "casualties": -2.2, "killed": -3.0, "wounded": -2.4, "war": -2.2, "warmonger": -3.0,
    # cooperation and approval
    "ally": 1.8, "allies": 1.8, "alliance": 1.6, "alliances": 1.6, "ironclad": 2.0,
    "partner": 1.4, "partners": 1.4, "partnership": 1.8, "cooperation": 1.8, "cooperate": 1.6,
    "friendship": 2.2, "commitment": 1.4, "unwavering": 1.6, "solidarity": 2.0, "stability": 1.6,
    "peace": 2.4, "peaceful": 2.2, "dialogue": 1.2, "diplomacy": 1.2, "deterrence": 0.4,
    "aid": 1.2, "assistance": 1.2, "welcome": 1.8, "welcomed": 1.8, "praised": 2.4,
    "robust": 1.4, "formidable": 1.2, "prevail": 1.8, "legitimate": 1.4, "sovereignty": 0.8,
}

# Multi-word expressions, matched on lower-cased lemmas joined by spaces; the value replaces the
# valences of the words inside. Negated forms are listed explicitly where VADER gets them wrong.
PHRASES: dict[str, float] = {
    "crossing the line": -2.8, "cross the line": -2.8, "crossed the line": -2.8,
    "cross the red line": -3.0, "crossed a red line": -3.0, "red line": -1.6,
    "will not prevail": -2.6, "won't prevail": -2.6, "cannot prevail": -2.6,
    "not as formidable": -1.8, "not achieve his objective": -1.6, "not achieved his objectives": -1.6,
    "not achieve": -1.4, "not achieved": -1.4, "existential threat": -3.2,
    "potentially destabilizing": -2.2, "pariah state": -3.2, "rogue state": -3.2,
    "axis of evil": -3.4, "war crime": -3.4, "war crimes": -3.4, "cannon fodder": -2.4,
    "trash balloons": -1.8, "trash balloon": -1.8, "how much trouble": -2.0,
    "against russia": -1.0, "security threat": -2.6, "security threats": -2.6,
    "safety threat": -2.6, "closely tracking": -0.6, "in trouble": -2.0,
    "right to defend": 0.0, "call for an immediate cessation": -1.6, "immediate cessation": -1.4,
}

NEGATORS = frozenset(
    "not no never n't nor neither without hardly barely cannot won't don't doesn't didn't isn't "
    "aren't wasn't weren't".split()
)
HEDGES = frozenset(
    "may might could possibly possible perhaps potentially likely unlikely seems seem appears "
    "allegedly reportedly suggest suggests somewhat probably".split()
)
INTENSIFIERS = frozenset("very extremely highly deeply increasingly so too really absolutely pretty".split())

# Verbs whose *agent* (subject) is blamed when the target does them (hostile acts), and whose
# *patient* (object) is the one hurt; and verbs of disapproval whose object is blamed.
HOSTILE_ACTS = frozenset(
    "attack invade threaten violate provoke launch fire bomb shell strike kill occupy annex "
    "destabilize destabilise escalate interfere meddle hack aggress coerce intimidate deploy "
    "send supply smuggle test exaggerate breach".split()
)
DISAPPROVAL = frozenset(
    "condemn denounce criticize criticise sanction blame accuse warn punish isolate oppose "
    "deter counter confront reject rebuke slam".split()
)
APPROVAL = frozenset("support aid help praise welcome thank back defend assist ally cooperate".split())
# Nouns of a tie between states, as lemmas ("relations" → "relation"): what both its members share.
TIE_NOUNS = frozenset("cooperation partnership alliance tie relation relationship collaboration friendship treaty "
                       "comradeship brotherhood".split())
# Roles whose holder speaks for no state, whatever state their title names ("a Russian political
# scientist", "a North Korean defector", "Russia's leading Korea expert"): the state is where they
# come from or what they study, not whom they speak for.
UNOFFICIAL_ROLES = frozenset(
    "analyst expert scholar researcher professor academic scientist economist historian specialist fellow "
    "defector dissident activist critic journalist correspondent reporter writer author commentator blogger "
    "lawyer attorney student soldier prisoner refugee worker businessman trader opposition".split())
# The words of a denial: a charge called false ("a fabrication", "groundless"), which defends
# whoever is charged — the holder's state and its partner alike.
DENIAL_WORDS = frozenset(
    "fabrication fabrications fabricated fabricate fake fakes lie lies slander slanderous smear baseless groundless "
    "unfounded absurd nonsense farce fantasy fantasies disinformation invent invented inventing myth myths "
    "fiction".split())
# The words with which an official speaks up for their own state without naming it: dismissing
# a charge or denouncing its accusers ("a fabrication", "the hysteria of the puppets"), calling its
# acts lawful or a victory, praising its ties ("the invincible friendship"). Only these: an
# official's grief, losses or self-criticism ("our losses are terrible") is no defence of the state.
DEFENDING_WORDS = DENIAL_WORDS | frozenset(
    "hysteria hysterical despicable hypocrisy hypocritical provocation provocations provocative hostile hostility "
    "imperialist imperialists hegemonic hegemony puppet puppets interference meddling russophobia russophobic "
    "propaganda blackmail vassal vassals warmonger warmongers illegal unlawful illegitimate unjust unfair terrorist "
    "terrorists enemy enemies "
    # and what it says of its own acts and ties: lawful, its own right, a success
    "legitimate lawful transparent sovereign sovereignty proud pride victory triumph glorious brilliant historic "
    "friendship friendly fraternal brotherly comradeship comradely invincible unshakable unshakeable heroic "
    "solidarity gratitude grateful".split())
# Roles that speak for a state (unless "former"): they outweigh an unofficial word in the same
# description ("spokeswoman Maria Zakharova, a former journalist")
OFFICIAL_ROLES = frozenset(
    "minister spokesman spokeswoman spokesperson ambassador envoy diplomat official secretary president premier "
    "chairman chairwoman deputy commander consul governor representative delegate attache attaché "
    "vice-minister".split())
AGAINST_PREPS = frozenset({"against"})
SUPPORT_PREPS = frozenset({"with", "for"})


@lru_cache(maxsize=1)
def valences() -> dict[str, float]:
    """VADER's lexicon (lower-case word → valence) overlaid with ``GEO_VALENCE``."""
    from .sentiment import analyzer

    lex = dict(analyzer().lexicon)
    lex.update(GEO_VALENCE)
    return lex


@lru_cache(maxsize=1)
def phrase_index() -> dict[str, list[tuple[tuple[str, ...], float]]]:
    """Phrases keyed by their first word, longest first."""
    index: dict[str, list[tuple[tuple[str, ...], float]]] = {}
    for phrase, val in PHRASES.items():
        words = tuple(phrase.split())
        index.setdefault(words[0], []).append((words, val))
    for v in index.values():
        v.sort(key=lambda x: -len(x[0]))
    return index
