"""Greedy word wrap on a plain string, giving break offsets (so styles survive via Text.divide)."""

from __future__ import annotations

import re

from rich.cells import cell_len

_WORD = re.compile(r"\S+\s*|\s+")


def line_starts(text: str, width: int) -> list[int]:
    """Character offsets at which each display line starts (the first is always 0)."""
    width = max(1, width)
    starts = [0]
    pos = 0
    for hard_line in text.split("\n"):
        line_start = pos
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
        pos += len(hard_line) + 1
        if pos <= len(text):
            starts.append(pos)
    return starts
