"""Stance targets (Russia, DPRK, …) and their mentions in a text.

Targets are configured in TOML: the shipped ``targets.toml`` (package data) plus, optionally,
a user file whose tables add targets or extend the shipped ones. Matching is one compiled
regular expression per target set, so finding mentions costs microseconds per article.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .model import Mention

ALIAS_KEYS = (
    "names",
    "demonyms",
    "capitals",
    "metonyms",
    "leaders",
    "institutions",
    "abbreviations",
    "misspellings",
)
_LIST_KEYS = ALIAS_KEYS + ("contextual", "exclude")
_KNOWN_KEYS = set(_LIST_KEYS) | {"replace", "name", "code"}


# A name longer than a sentence is not a name; tens of thousands of names are a word list, not
# targets (each adds to one compiled pattern, searched in every article).
MAX_ALIAS_CHARS = 200
MAX_ALIASES = 20_000  # the shipped states table (nlp/data/states.toml) has about 11,000
MAX_TARGETS_BYTES = 4 * 1024 * 1024


class TargetsError(ValueError):
    """A targets file that cannot be used; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    aliases: tuple[str, ...] = field(default_factory=tuple)
    contextual: tuple[str, ...] = field(default_factory=tuple)
    exclude: tuple[str, ...] = field(default_factory=tuple)


# ---------------------------------------------------------------- loading


def _line_of(text: str, needle: str) -> int:
    for i, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return i
    return 1


def _parse(text: str, where: str) -> tuple[dict[str, Target], set[str]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        if m:
            reason = msg[: m.start()].strip()
            raise TargetsError(f"{where}: line {m.group(1)}, column {m.group(2)}: {reason}") from exc
        line = len(text.splitlines()) or 1
        raise TargetsError(f"{where}: line {line}: {msg}") from exc
    tables = data.get("targets", {})
    extra = set(data) - {"targets"}
    if extra:
        key = sorted(extra)[0]
        raise TargetsError(
            f"{where}: line {_line_of(text, key)}: unknown top-level key {key!r} (expected [targets.NAME] tables)"
        )
    if not isinstance(tables, dict):
        raise TargetsError(f"{where}: line {_line_of(text, 'targets')}: 'targets' must be a table of tables")
    out: dict[str, Target] = {}
    replace: set[str] = set()
    count = 0
    for name, table in tables.items():
        line = _line_of(text, f"targets.{name}")
        if not isinstance(table, dict):
            raise TargetsError(f"{where}: line {line}: [targets.{name}] must be a table")
        for key, value in table.items():
            kline = _line_of(text, key) if key in text else line
            if key not in _KNOWN_KEYS:
                raise TargetsError(
                    f"{where}: line {kline}: unknown key {key!r} in [targets.{name}] "
                    f"(expected one of {', '.join(_LIST_KEYS)}, replace)"
                )
            if key == "replace":
                if not isinstance(value, bool):
                    raise TargetsError(f"{where}: line {kline}: 'replace' must be true or false")
                continue
            if key in ("name", "code"):
                continue
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise TargetsError(f"{where}: line {kline}: {key!r} in [targets.{name}] must be a list of non-empty strings")
            for v in value:
                if len(v) > MAX_ALIAS_CHARS:
                    raise TargetsError(f"{where}: line {_line_of(text, v[:80])}: a {key!r} entry of [targets.{name}] is"
                                       f" {len(v):,} characters long (at most {MAX_ALIAS_CHARS})")
            count += len(value)
            if count > MAX_ALIASES:
                raise TargetsError(f"{where}: line {kline}: more than {MAX_ALIASES:,} names in the targets file"
                                   f" ([targets.{name}] {key!r} reaches {count:,})")
        display = str(table.get("name", name))
        aliases = tuple(dict.fromkeys(a.strip() for k in ALIAS_KEYS for a in table.get(k, [])))
        target = Target(
            display,
            aliases,
            tuple(dict.fromkeys(a.strip() for a in table.get("contextual", []))),
            tuple(dict.fromkeys(a.strip() for a in table.get("exclude", []))),
        )
        out[display] = target
        if table.get("replace"):
            replace.add(display)
    return out, replace


def _merge(base: dict[str, Target], user: dict[str, Target], replace: set[str]) -> dict[str, Target]:
    merged = dict(base)
    for name, t in user.items():
        if name in merged and name not in replace:
            old = merged[name]
            merged[name] = Target(
                name,
                tuple(dict.fromkeys(old.aliases + t.aliases)),
                tuple(dict.fromkeys(old.contextual + t.contextual)),
                tuple(dict.fromkeys(old.exclude + t.exclude)),
            )
        else:
            merged[name] = t
    for name, t in merged.items():
        if not t.aliases and not t.contextual:
            raise TargetsError(f"target {name!r} has no names to match")
    return merged


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Target]:
    text = resources.files("nlp").joinpath("targets.toml").read_text(encoding="utf-8")
    return _parse(text, "targets.toml (shipped)")[0]


def load_targets(path: str | Path | None = None) -> tuple[Target, ...]:
    """The shipped targets, extended by the user's TOML file at ``path`` if given."""
    base = _shipped()
    if path is None:
        return tuple(base.values())
    p = Path(path)
    if p.exists() and not p.is_file():  # a FIFO or device (/dev/zero) would be read forever
        raise TargetsError(f"{p}: not a regular file")
    if p.exists() and p.stat().st_size > MAX_TARGETS_BYTES:
        raise TargetsError(f"{p}: too large for a targets file (over {MAX_TARGETS_BYTES // (1024 * 1024)} MB)")
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise TargetsError(f"{p}: cannot read targets file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        line = p.read_bytes()[: exc.start].count(b"\n") + 1
        raise TargetsError(f"{p}: line {line}: not UTF-8 text") from exc
    user, replace = _parse(text, str(p))
    return tuple(_merge(base, user, replace).values())


DEFAULT_TARGETS: tuple[Target, ...] = load_targets()


# ---------------------------------------------------------------- any state by name


def _states_text() -> str:
    return resources.files("nlp").joinpath("data", "states.toml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def state_targets() -> dict[str, Target]:
    """Every state of the PETRARCH2 country dictionary as a target (``data/states.toml``,
    generated by ``tools/state_table.py``), by display name."""
    return _parse(_states_text(), "states.toml (shipped)")[0]


@lru_cache(maxsize=1)
def state_name_words() -> frozenset[str]:
    """Every word of every state's names, demonyms and capitals in the shipped states table,
    lower-cased ("korea", "russian", "pyongyang"; not its leaders' names, which ``state_targets``
    merges into the aliases)."""
    table = tomllib.loads(_states_text())
    return frozenset(w for name, t in table.get("targets", {}).items()
                     for a in [name, *t.get("names", []), *t.get("demonyms", []), *t.get("capitals", [])]
                     for w in re.split(r"[\s\-]+", a.lower()) if w)


def _name_key(name: str) -> str:
    return " ".join(name.replace("’", "'").lower().split())


def with_named_targets(names, base: tuple[Target, ...] = DEFAULT_TARGETS) -> tuple[Target, ...]:
    """``base`` plus the states asked for by name (``--target China``, ``targets = ["Iran"]``):
    a target's name, one of its forms ("Chinese", "Beijing", "Xi Jinping") or the state's code.
    An unknown name is a ``TargetsError`` suggesting the closest known ones.

    >>> [t.name for t in with_named_targets(["china"])][-1]
    'China'
    """
    out = list(base)
    index: dict[str, Target] = {}
    codes = _state_codes()
    for t in list(base) + list(state_targets().values()):
        for key in (t.name, *t.aliases, codes.get(t.name, "")):
            if key:
                index.setdefault(_name_key(key), t)
    for name in names:
        t = index.get(_name_key(name))
        if t is None:
            import difflib

            known = sorted({x.name for x in base} | set(state_targets()))
            close = difflib.get_close_matches(name, known, n=3, cutoff=0.5) or difflib.get_close_matches(
                _name_key(name), list(index), n=3, cutoff=0.6)
            hint = ", ".join(dict.fromkeys(index[k].name if k in index else k for k in close))
            raise TargetsError(f"unknown target {name!r}" + (f"; did you mean: {hint}?" if hint else ""))
        if all(t.name != x.name for x in out):
            out.append(t)
    return tuple(out)


@lru_cache(maxsize=1)
def _state_codes() -> dict[str, str]:
    text = resources.files("nlp").joinpath("data", "states.toml").read_text(encoding="utf-8")
    return {name: str(table.get("code", "")) for name, table in tomllib.loads(text)["targets"].items()}


# ---------------------------------------------------------------- matching


_SEPARATORS = re.compile(r"[\s\u00a0\-]+")


def _units(alias: str, fold: bool) -> tuple[str, ...]:
    """The regular-expression units of an alias, one per character, except that each run of
    spaces and hyphens is ONE unit: a run with a space matches any run of whitespace and
    hyphens, a lone hyphen a hyphen or one space. Adjacent quantified units (``x+x+…``) are what
    makes a pattern backtrack catastrophically; they cannot occur, and runs are possessive.

    >>> units = _units("Kim  -  Jong", True)
    >>> len(units), units[3].endswith("++"), units[4]
    (8, True, 'j')
    """
    out = []
    i = 0
    while i < len(alias):
        run = _SEPARATORS.match(alias, i)
        if run:
            out.append(r"[\-\s]" if run.group() == "-" else r"[\s\u00a0\-]++")
            i = run.end()
            continue
        ch = alias[i]
        out.append("['’]" if ch in "'’" else re.escape(ch.lower() if fold else ch))
        i += 1
    return tuple(out)


def _trie_regex(seqs: list[tuple[str, ...]]) -> str:
    """One regular expression for many alternatives, shared prefixes factored (a trie), so the
    engine does not retry every alias at every position."""
    trie: dict = {}
    for seq in seqs:
        node = trie
        for unit in seq:
            node = node.setdefault(unit, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        branches = [unit + emit(child) for unit, child in node.items() if unit]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return emit(trie)


def _union(aliases: tuple[str, ...]) -> re.Pattern[str] | None:
    """Whole-word, case-insensitive matching of the aliases (all-caps abbreviations such as
    DPRK or FSB are case-sensitive); the longest alias wins at a position."""
    if not aliases:
        return None
    folded = [_units(a, True) for a in aliases if not (len(a) >= 2 and a.isupper())]
    exact = [_units(a, False) for a in aliases if len(a) >= 2 and a.isupper()]
    alts = []
    if folded:
        alts.append(_trie_regex(folded))
    if exact:
        alts.append("(?-i:" + _trie_regex(exact) + ")")
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    # Greedy optional groups make the trie prefer the longest alias; the lookarounds keep
    # matches on word boundaries (a trailing "." as in "N." is allowed to end a match).
    return re.compile(r"(?<!\w)" + body + r"(?!(?<=\w)\w)", re.IGNORECASE)


@lru_cache(maxsize=64)
def _compiled(target: Target):
    return _union(target.aliases), _union(target.contextual), _union(target.exclude)


def find_mentions_in_text(text: str, targets=DEFAULT_TARGETS) -> list[Mention]:
    found: list[Mention] = []
    for target in targets:
        plain, ctx, excl = _compiled(target)
        blocked = [(m.start(), m.end()) for m in excl.finditer(text)] if excl else []

        def ok(s: int, e: int) -> bool:
            return not any(bs <= s and e <= be for bs, be in blocked)

        hits = [m for m in plain.finditer(text) if ok(m.start(), m.end())] if plain else []
        if hits and ctx:
            taken = [(m.start(), m.end()) for m in hits]
            hits += [
                m
                for m in ctx.finditer(text)
                if ok(m.start(), m.end()) and not any(s < m.end() and m.start() < e for s, e in taken)
            ]
        found += [Mention(target.name, m.start(), m.end(), m.group()) for m in hits]
    return sorted(found, key=lambda m: (m.start, m.end, m.target))


def find_mentions(doc, targets=DEFAULT_TARGETS) -> list[Mention]:
    """Every mention of every target in ``doc`` (a spaCy Doc or a plain string)."""
    text = doc if isinstance(doc, str) else doc.text
    return find_mentions_in_text(text, tuple(targets))
