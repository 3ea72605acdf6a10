"""Inter-annotator agreement over one field: observed agreement, Cohen's κ, Krippendorff's α.

Pure: no I/O. ``store.team`` turns each annotator's layer into units (quotes matched by span)
and values; this module only counts. ``docs/agreement.md`` explains each figure.

A field's data is one row per unit, one column per annotator, ``None`` where that annotator
gave no value::

    >>> rows = [("a", "a"), ("a", "b"), ("b", "b"), ("a", None)]
    >>> r = agreement(rows, "nominal")
    >>> r.units, r.pairable, round(r.observed, 3), round(r.kappa, 3)
    (3, 3, 0.667, 0.4)

κ is written here (a dozen lines, checked against hand-computed cases in the tests) rather
than taken from scikit-learn, which stance-reader does not otherwise need; α comes from the
maintained ``krippendorff`` package (missing values, any number of annotators, nominal and
ordinal distances).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Hashable, Sequence

LEVELS = ("nominal", "ordinal")


@dataclass(frozen=True, slots=True)
class Agreement:
    """The figures for one field (see ``docs/agreement.md``)."""

    units: int  # units every annotator gave a value for
    pairable: int  # units at least two annotators gave a value for (what α counts)
    observed: float | None  # share of ``units`` on which every annotator gave the same value
    kappa: float | None  # Cohen's κ over ``units`` (two annotators only; linear weights if ordinal)
    alpha: float | None  # Krippendorff's α over ``pairable`` (any number of annotators)

    def to_dict(self) -> dict:
        return asdict(self)


def _nan_none(x: float | None) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def cohen_kappa(pairs: Sequence[tuple[Hashable, Hashable]], level: str = "nominal") -> float | None:
    """Cohen's κ of two annotators' values on the same units (None when undefined: no units,
    or chance agreement is already 1). ``ordinal``: values are numbers; linear weights
    ``|a - b| / (max - min)`` (Cohen 1968).

    >>> round(cohen_kappa([(1, 1), (1, 0), (0, 0), (0, 0)]), 3)
    0.5
    >>> round(cohen_kappa([(-1, -1), (-1, 0), (1, 1), (0, 0)], "ordinal"), 3)
    0.714
    """
    n = len(pairs)
    if n == 0:
        return None
    cats = sorted({v for pair in pairs for v in pair}, key=repr) if level == "nominal" else sorted({v for p in pairs for v in p})
    if level == "ordinal" and len(cats) > 1:
        span = max(cats) - min(cats)
        weight = lambda a, b: abs(a - b) / span  # noqa: E731 — disagreement weight
    else:
        weight = lambda a, b: 0.0 if a == b else 1.0  # noqa: E731
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    observed = sum(weight(a, b) for a, b in pairs) / n
    expected = sum(first[a] * second[b] * weight(a, b) for a in cats for b in cats) / (n * n)
    if expected == 0:
        return None
    return 1.0 - observed / expected


def krippendorff_alpha(rows: Sequence[Sequence[Hashable | None]], level: str = "nominal") -> float | None:
    """Krippendorff's α (the ``krippendorff`` package) of units × annotators; None when undefined
    (fewer than two values to compare, or a single value throughout)."""
    import numpy as np
    import krippendorff

    if level == "nominal":
        codes: dict[Hashable, int] = {}
        coded = [[np.nan if v is None else codes.setdefault(v, len(codes)) for v in row] for row in rows]
    else:
        coded = [[np.nan if v is None else float(v) for v in row] for row in rows]
    if not coded:
        return None
    data = np.array(coded, dtype=float).T  # the package wants annotators × units
    values = data[~np.isnan(data)]
    if len(np.unique(values)) < 2 or sum(int((~np.isnan(data[:, u])).sum() >= 2) for u in range(data.shape[1])) == 0:
        return None
    try:
        return _nan_none(krippendorff.alpha(reliability_data=data, level_of_measurement=level))
    except (ValueError, ZeroDivisionError):
        return None


def agreement(rows: Sequence[Sequence[Hashable | None]], level: str = "nominal") -> Agreement:
    """Every figure for one field: ``rows`` holds each unit's values, one per annotator."""
    if level not in LEVELS:
        raise ValueError(f"level {level!r} is not one of {', '.join(LEVELS)}")
    complete = [row for row in rows if all(v is not None for v in row)]
    pairable = [row for row in rows if sum(v is not None for v in row) >= 2]
    observed = (sum(len(set(row)) == 1 for row in complete) / len(complete)) if complete else None
    kappa = None
    if complete and len(complete[0]) == 2:
        kappa = cohen_kappa([(a, b) for a, b in complete], level)
    return Agreement(len(complete), len(pairable), observed, kappa, krippendorff_alpha(pairable, level))
