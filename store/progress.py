"""Review progress: THE definition, used by the reader's header and the library listing.

An article's progress is ``(reviewed, total)`` over its *effective* quotes (the machine
analysis with the corrections in effect: rejected quotes drop out, added quotes count,
undo and redo are honoured), leaving out quotes that are not statements (``nlp.model.is_statement``: scare quotes),
which are not attributions: ``total`` is how many such quotes there are, ``reviewed`` how many of them are
marked reviewed (``a`` in the reader) in the effective annotation.

``Store.review_progress(ids)`` returns it for many articles at once without building every
effective annotation: the value is cached per article in ``review_progress`` (schema 3),
written in the same transaction as each correction and each (re-)analysis, keyed by the
analysis revision and the last event seen; an article without any event is counted straight
from its stored analysis in SQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nlp.model import NOT_STATEMENT_KINDS, is_statement

if TYPE_CHECKING:
    from .effective import Effective

Progress = tuple[int, int]

# ``counted`` in SQL, over a quote of a stored analysis (``q.value`` of ``json_each``).
COUNTED_SQL = "coalesce(json_extract(q.value, '$.kind'), '') NOT IN ({})".format(
    ", ".join("'" + kind.replace("'", "''") + "'" for kind in NOT_STATEMENT_KINDS))


def counted(quote) -> bool:
    """Whether a quote counts toward review progress."""
    return is_statement(quote.kind)


def progress_of(eff: Effective) -> Progress:
    quotes = [q for q in eff.analysis.quotes if counted(q)]
    return sum(1 for q in quotes if q.id in eff.reviewed), len(quotes)
