"""Anchors: how a correction finds its quote or speaker again after re-analysis.

A correction names a quote by id *and* by an anchor (its offsets and its text), and a
speaker by id and by name. After a newer pipeline re-analyses the article the ids may
change; :class:`Resolver` finds the entity each anchor now belongs to, or ``None`` — the
correction is then an orphan: kept in the log and listed, never silently dropped.

A quote anchor resolves, in order, to: the quote with the same offsets and text; if the
text at those offsets is unchanged, the quote whose span nearly coincides (boundaries
moved by a few characters); if the article text changed, the quote with the same words
nearest the old place, else the quote nearly coinciding with where the words now are.
An identical passage elsewhere in an unchanged text is *not* a match (duplicated
paragraphs are common in scraped news).
"""

from __future__ import annotations

from typing import Any

from typing import NamedTuple

from nlp.model import Quote, Speaker

USER_QUOTE_PREFIX = "uq-"
USER_SPEAKER_PREFIX = "us-"

# A re-analysed quote still "is" the corrected one when the two spans overlap on at least
# this share of the shorter span and this share of the longer one.
MIN_OVERLAP_SHORT = 0.8
MIN_OVERLAP_LONG = 0.5


def quote_anchor(quote: Quote) -> dict[str, Any]:
    return {"start": quote.start, "end": quote.end, "text": quote.text}


def speaker_anchor(speaker: Speaker, machine_name: str | None = None) -> dict[str, Any]:
    return {"name": machine_name or speaker.name}


def is_user_quote(quote_id: str | None) -> bool:
    return bool(quote_id) and quote_id.startswith(USER_QUOTE_PREFIX)


def is_user_speaker(speaker_id: str | None) -> bool:
    return bool(speaker_id) and speaker_id.startswith(USER_SPEAKER_PREFIX)


class _QuoteRef(NamedTuple):
    id: str
    start: int
    end: int
    text: str


def _norm(name: str) -> str:
    return " ".join(name.casefold().split())


def _nearest_occurrence(haystack: str, needle: str, near: int) -> int | None:
    best = None
    i = haystack.find(needle)
    while i != -1:
        if best is None or abs(i - near) < abs(best - near):
            best = i
        i = haystack.find(needle, i + 1)
    return best


class Resolver:
    """Resolves anchors against one machine analysis (cached per analysis revision)."""

    def __init__(self, machine: dict[str, Any]):
        """``machine``: the machine analysis document (``Analysis.to_dict()`` form).

        The indexes are built on first use: an article without corrections never needs them.
        """
        self._machine = machine
        self._ready = False

    def _index(self) -> None:
        machine = self._machine
        self.text = machine["text"]
        self.quotes = [_QuoteRef(str(q["id"]), int(q["start"]), int(q["end"]), str(q["text"]))
                       for q in machine.get("quotes", [])]
        self.by_span = {(q.start, q.end, q.text): q.id for q in self.quotes}
        self.by_text: dict[str, list[_QuoteRef]] = {}
        for q in self.quotes:
            self.by_text.setdefault(q.text, []).append(q)
        speakers = machine.get("speakers", [])
        self.speakers = {str(s["id"]): str(s["name"]) for s in speakers}
        self.by_name: dict[str, str] = {}
        for s in speakers:
            self.by_name.setdefault(_norm(s["name"]), str(s["id"]))
        self.by_alias: dict[str, str] = {}
        for s in speakers:
            for alias in s.get("aliases", []):
                self.by_alias.setdefault(_norm(alias), str(s["id"]))
        self._ready = True
        self._quote_cache: dict[tuple, str | None] = {}

    def quote(self, quote_id: str | None, anchor: dict[str, Any] | None) -> str | None:
        """The id of the machine quote this anchor now names (user-added quotes keep theirs)."""
        if is_user_quote(quote_id):
            return quote_id
        if not anchor:
            return None
        if not self._ready:
            self._index()
        key = (int(anchor["start"]), int(anchor["end"]), str(anchor["text"]))
        if key not in self._quote_cache:
            self._quote_cache[key] = self._find_quote(*key)
        return self._quote_cache[key]

    def _find_quote(self, start: int, end: int, text: str) -> str | None:
        exact = self.by_span.get((start, end, text))
        if exact is not None:
            return exact
        if self.text[start:end] != text:
            # The article text itself changed (e.g. a new decoder): the words moved. Look for
            # the same words, nearest the old place, first among quotes then in the text.
            same_text = self.by_text.get(text)
            if same_text:
                return min(same_text, key=lambda q: abs(q.start - start)).id
            found = _nearest_occurrence(self.text, text, start)
            if found is None:
                return None
            start, end = found, found + len(text)
        return self._overlapping(start, end)

    def _overlapping(self, start: int, end: int) -> str | None:
        """The quote whose span is nearly the same as [start, end) (boundaries moved a little)."""
        best, best_score = None, 0.0
        for q in self.quotes:
            overlap = min(end, q.end) - max(start, q.start)
            if overlap <= 0:
                continue
            short = overlap / max(1, min(end - start, q.end - q.start))
            long = overlap / max(1, max(end - start, q.end - q.start))
            if short >= MIN_OVERLAP_SHORT and long >= MIN_OVERLAP_LONG and long > best_score:
                best, best_score = q.id, long
        return best

    def speaker(self, speaker_id: str | None, anchor: dict[str, Any] | None) -> str | None:
        """The id of the machine speaker this anchor now names (user-made speakers keep theirs)."""
        if speaker_id is None:
            return None
        if is_user_speaker(speaker_id):
            return speaker_id
        if not self._ready:
            self._index()
        name = _norm(str((anchor or {}).get("name", "")))
        same = self.speakers.get(speaker_id)
        if same is not None and (not name or _norm(same) == name):
            return speaker_id
        if not name:
            return None
        return self.by_name.get(name) or self.by_alias.get(name)
