"""Stance targets (Russia, DPRK, …) and their mentions in a text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Mention


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    aliases: tuple[str, ...] = field(default_factory=tuple)


DEFAULT_TARGETS = (
    Target("Russia", ("Russia", "Russian", "Moscow", "Kremlin", "Putin")),
    Target("DPRK", ("North Korea", "North Korean", "DPRK", "Pyongyang", "Kim Jong Un")),
)


def load_targets(path=None) -> tuple[Target, ...]:
    return DEFAULT_TARGETS


def find_mentions(doc, targets=DEFAULT_TARGETS) -> list[Mention]:
    text = doc.text
    found = []
    for target in targets:
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, target.aliases)) + r")\b")
        found += [Mention(target.name, m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
    return sorted(found, key=lambda m: (m.start, m.end))
