"""Generate ``nlp/data/states.toml``: every state of the PETRARCH2 country dictionary as a stance
target (its names, demonyms, capital and cities, and its current leaders), in the format of
``nlp/targets.toml``, so that ``--target China`` or ``targets = ["Iran"]`` works for any state.

    python tools/state_table.py ../shared/data/petrarch2/Phoenix.Countries.actors.txt > nlp/data/states.toml

Source: ``Phoenix.Countries.actors.txt`` of the PETRARCH2 event coder (openeventdata/petrarch2
@676801c, MIT licence, © 2014 Open Event Data Alliance; produced there from CountryInfo.txt of
the Computational Event Data System project). A country record (``CHINA_  [CHN]`` and its
``+ALIAS`` lines, or ``UKRAINE_``, its aliases and then its current code ``[UKR >911221]``) gives
the state's forms; a person record inside the country's section whose
code is the country's government or elite (``[CHNGOV >20121115]``, ``[CHNELI]``) with no end
date is a current leader. Forms of three letters or fewer, and vowel-less ones (DPRK, CPPCC),
stay upper case (matched case-sensitively: "US" is not "us"); others are title-cased.
Russia and North Korea are left out: ``nlp/targets.toml`` ships them, written by hand.
"""

from __future__ import annotations

import re
import sys

SHIPPED = {"RUS", "PRK"}  # written by hand in nlp/targets.toml
_COUNTRY = re.compile(r"^([A-Z][A-Z0-9_'().,-]*)\s+\[([A-Z]{3})\]")
_CODE = re.compile(r"^\s+\[([A-Z]{3})([A-Z]*)\s*([^\]]*)\]")
_SMALL = {"of", "the", "and", "de", "du", "la", "le", "al", "el"}
MAX_WORDS = 6


def form(raw: str) -> str | None:
    """A dictionary phrase as text: ``PEOPLE'S_REPUBLIC_OF_CHINA`` → ``People's Republic of China``.

    >>> form("PEOPLE'S_REPUBLIC_OF_CHINA"), form("DPRK_"), form("US"), form("IRAN_")
    ("People's Republic of China", 'DPRK', 'US', 'Iran')
    """
    raw = raw.split("#", 1)[0].strip().lstrip("+").rstrip("_").strip()
    if not raw or any(ch.isdigit() or not ch.isprintable() for ch in raw) or "(" in raw or "," in raw:
        return None
    words = [w for w in raw.split("_") if w]
    if not words or len(words) > MAX_WORDS:
        return None
    if len(words) == 1 and (len(words[0]) <= 3 or not re.search(r"[AEIOUY]", words[0])):
        return words[0]
    if re.fullmatch(r"(?:[A-Z]\.\s?)+[A-Z]?\.?", " ".join(words)):  # U.S., U. S., D.P.R.K.
        return " ".join(words)
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        out.append(low if i and low in _SMALL else "-".join(p[:1].upper() + p[1:] for p in low.split("-")))
    return " ".join(out)


def parse(lines):
    """Yield (code, display name, forms, leaders) per country of the dictionary."""
    lines = list(lines)
    # codes whose country has a header of its own ("GERMANY_  [DEU]"): a record of cities with
    # that code ("LEIPZIG_ … [DEU >19901003]") is no country
    headed = {m.group(2) for m in map(_COUNTRY.match, lines) if m}
    country = None
    record: list[str] = []
    codes: list[tuple[str, str, str]] = []

    def flush():
        if country is not None and record and codes:
            c = country
            current = [x for x in codes if x[0] == c[0] and x[1][:3] in ("GOV", "ELI") and (not x[2] or x[2].startswith(">"))]
            if current:
                c[3].extend(record)

    def promoted():
        """The record as a country of its own: a header with no code on its line ("UKRAINE_",
        "KAZAKHSTAN_") whose code lines, after the aliases, give a state's code alone and
        current ("[UKR >911221]"); a person's codes carry a sector ("[UKRGOV …]")."""
        bare = [x for x in codes if not x[1] and (not x[2] or x[2].startswith(">")) and x[0] not in headed]
        if record and bare:
            return [bare[-1][0], record[0], list(record), []]
        return None

    for raw in lines:
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _COUNTRY.match(line)
        if m or line[:1].isalpha():
            if (new := promoted()) is not None:
                if country is not None:
                    yield country
                country, record, codes = new, [], []
        if m:
            flush()
            record, codes = [], []
            if country is not None:
                yield country
            name = form(m.group(1))
            country = [m.group(2), name, [name] if name else [], []]
            continue
        if country is None:
            continue
        if line.startswith("+"):
            f = form(line)
            if f:
                (record if record else country[2]).append(f)
            continue
        cm = _CODE.match(line)
        if cm:
            codes.append((cm.group(1), cm.group(2), cm.group(3).strip()))
            continue
        if line[:1].isalpha():
            flush()
            f = form(line)
            record, codes = ([f] if f else []), []
    if (new := promoted()) is not None:
        if country is not None:
            yield country
        country, record, codes = new, [], []
    flush()
    if country is not None:
        yield country


def toml_list(items) -> str:
    return "[" + ", ".join('"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"' for s in items) + "]"


def main(path: str) -> int:
    with open(path, encoding="utf-8", errors="replace") as fh:
        lines = fh.readlines()
    print("# Every state of the PETRARCH2 country dictionary as a stance target (generated by")
    print("# tools/state_table.py from openeventdata/petrarch2 Phoenix.Countries.actors.txt, MIT).")
    print("# Format: nlp/targets.toml. Russia and the DPRK are in nlp/targets.toml.")
    seen: set[str] = set()
    for code, name, forms, leaders in parse(lines):
        if code in SHIPPED or not name or code in seen:
            continue
        seen.add(code)
        forms = list(dict.fromkeys(forms))
        # a one-word institution ("Senate", "Majlis") would match every senate: leaders need a
        # second word or a long name
        leaders = [x for x in dict.fromkeys(leaders) if x not in forms and (" " in x or len(x) > 6)]
        print(f'\n[targets."{name}"]')
        print(f'code = "{code}"')
        print(f"names = {toml_list(forms)}")
        if leaders:
            print(f"leaders = {toml_list(leaders)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/petrarch2/Phoenix.Countries.actors.txt"))
