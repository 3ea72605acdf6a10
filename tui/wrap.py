"""Greedy word wrap on a plain string, giving break offsets (so styles survive via Text.divide)."""

from __future__ import annotations

import re

from rich.cells import cell_len

_WORD = re.compile(r"\S+\s*|\s+")
_NOT_SPACE = re.compile(r"[^ ]")
_NARROW: set[str] = set(" ")  # characters known to be one cell wide and not whitespace (but the space)


def line_starts(text: str, width: int) -> list[int]:
    """Character offsets at which each display line starts (the first is always 0)."""
    width = max(1, width)
    starts = [0]
    pos = 0
    for hard_line in text.split("\n"):
        if not _all_narrow(hard_line):
            _wrap_words(hard_line, pos, width, starts)
        elif len(hard_line) > width and not _wrap_narrow(hard_line, pos, width, starts):
            _wrap_words(hard_line, pos, width, starts)  # a word to fold
        pos += len(hard_line) + 1
        if pos <= len(text):
            starts.append(pos)
    return starts


def _all_narrow(line: str) -> bool:
    """Every character one cell wide, and the space the only whitespace (then offsets are cells)."""
    if _NARROW.issuperset(line):
        return True
    for ch in set(line).difference(_NARROW):
        if ch.isspace() or cell_len(ch) != 1:
            return False
        _NARROW.add(ch)
    return True


def _wrap_narrow(line: str, base: int, width: int, starts: list[int]) -> bool:
    """``_wrap_words`` for a line of one-cell characters, a display line at a time (no per-word
    work). False, with nothing added, when a word is wider than the view (it must be folded)."""
    found = []
    n, start = len(line), 0
    while n - start > width:
        edge = start + width  # the first cell past this display line
        if line[edge] != " ":  # a word runs over the edge: the line breaks before it
            brk = line.rfind(" ", start, edge) + 1
            if brk <= start:
                return False
        else:  # words up to the edge fit: the next line starts at the next word
            m = _NOT_SPACE.search(line, edge)
            if m is None:
                break
            brk = m.start()
        found.append(base + brk)
        start = brk
    starts.extend(found)
    return True


def _wrap_words(hard_line: str, line_start: int, width: int, starts: list[int]) -> None:
    used = 0
    for m in _WORD.finditer(hard_line):
        word = m.group()
        w_start = line_start + m.start()
        stripped = word.rstrip()
        w = cell_len(stripped)
        if used and used + w > width:
            starts.append(w_start)
            used = 0
        while w > width:  # a word wider than the view: fold it
            cut, acc = 0, 0
            for i, ch in enumerate(stripped):
                acc += cell_len(ch)
                if acc > width:
                    cut = max(1, i)
                    break
            w_start += cut
            stripped = stripped[cut:]
            starts.append(w_start)
            w = cell_len(stripped)
        used += cell_len(word) if used + cell_len(word) <= width else width
