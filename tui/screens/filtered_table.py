"""What the list screens share (the library, the speakers across articles): a search box above
a table of rows, ``/`` to type in the box, Enter back to the table, and the row under the cursor.
"""

from __future__ import annotations

from textual.widgets import DataTable, Input


class FilteredTable:
    """Mixin for a ``Screen`` with one ``Input`` (the search box) and one ``DataTable`` whose
    rows are ``self.ids``, in order. The screen implements ``refilter(text)`` and binds ``/``
    to ``search`` with ``priority=True``, so that ``/`` runs as the key arrives, before the keys
    typed right after it are passed on to the table (they must reach the box)."""

    ids: list[int]

    def refilter(self, text: str) -> None:
        """List the rows matching what is in the search box."""
        raise NotImplementedError

    @property
    def current_id(self) -> int | None:
        """The id of the row under the cursor (None in an empty table)."""
        table = self.query_one(DataTable)
        if not self.ids or table.cursor_row is None or table.cursor_row >= len(self.ids):
            return None
        return self.ids[table.cursor_row]

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refilter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search" and self.is_mounted and self.query_one(Input).has_focus:
            return False  # type a / into the search box
        return True

    def action_search(self) -> None:
        # At once, not through ``focus()`` (which waits for the message queue): keys typed
        # right after ``/`` are already queued behind it and must reach the search box.
        self.set_focus(self.query_one(Input))
