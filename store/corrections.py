"""The corrections log: append-only events, undo/redo as events, and the correction API.

Every user correction is ONE row appended to ``events`` in ONE transaction; nothing in
the log is ever updated or deleted (triggers enforce it). Undo and redo are events too:
they name the event they undo or redo, so the state survives restarts and is auditable.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable

from nlp.model import QUOTE_KINDS, STANCE_LABELS
from nlp.sentiment import sentiment  # VADER, loaded on first use

from .anchors import USER_QUOTE_PREFIX, USER_SPEAKER_PREFIX, quote_anchor, speaker_anchor
from .errors import CorrectionError, StoreError

if TYPE_CHECKING:
    from .effective import Effective

DEFAULT_SCORES = {"negative": -0.6, "neutral": 0.0, "positive": 0.6}
CORRECTION_ACTIONS = (
    "reassign_speaker",
    "rename_speaker",
    "merge_speakers",
    "set_stance",
    "reject_quote",
    "add_quote",
    "set_kind",
    "mark_reviewed",
    "override_speaker_stance",
)
CONTROL_ACTIONS = ("undo", "redo")
# The gold layer's decision (``store.team``): a quote's field set to the value taken from an
# annotator, the machine, all annotators ('agreed') or the adjudicator's own edit (``basis``).
GOLD_ACTIONS = ("settle",)
GOLD = "gold"  # the layer of adjudicated decisions (``events.layer``)
EVENT_COLUMNS = ("seq", "uid", "article_id", "at", "annotator", "action", "entity", "entity_id",
                 "field", "old", "new", "anchor", "target", "layer", "basis")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


@dataclass(slots=True, frozen=True)
class Event:
    seq: int
    uid: str
    article_id: int
    at: str
    annotator: str
    action: str
    entity: str
    entity_id: str | None
    field: str | None
    old: Any
    new: Any
    anchor: Any
    target: str | None
    layer: str | None = None  # None: the annotator's own layer; "gold": the adjudicated one
    basis: str | None = None  # a gold decision: whose value was taken

    @property
    def layer_name(self) -> str:
        """The layer this event belongs to: ``gold``, or the annotator who made it."""
        return self.layer or self.annotator

    @classmethod
    def from_row(cls, row: tuple) -> Event:
        d = dict(zip(EVENT_COLUMNS, row))
        for key in ("old", "new", "anchor"):
            d[key] = json.loads(d[key]) if d[key] is not None else None
        return cls(**d)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in EVENT_COLUMNS}


def load_events(conn: sqlite3.Connection, article_id: int, after: int = 0) -> list[Event]:
    rows = conn.execute(
        f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE article_id = ? AND seq > ? ORDER BY seq",
        (article_id, after),
    ).fetchall()
    return [Event.from_row(r) for r in rows]


def insert_event(conn: sqlite3.Connection, article_id: int, annotator: str, action: str, entity: str,
                 entity_id: str | None, field: str | None, old: Any = None, new: Any = None,
                 anchor: Any = None, target: str | None = None, uid: str | None = None,
                 at: str | None = None, layer: str | None = None, basis: str | None = None) -> int:
    def enc(value: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    cur = conn.execute(
        "INSERT INTO events (uid, article_id, at, annotator, action, entity, entity_id, field, old, new,"
        " anchor, target, layer, basis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (uid or uuid.uuid4().hex, article_id, at or now(), annotator, action, entity, entity_id, field,
         enc(old), enc(new), enc(anchor), target, layer, basis),
    )
    return int(cur.lastrowid)


class LogState:
    """Which corrections are in effect after the undos and redos in the log."""

    def __init__(self, per_layer: bool = False) -> None:
        """``per_layer``: several independent layers fed together (a new correction ends the redo
        chain of its own layer only), as the view of every layer of an independent project."""
        self.done: list[Event] = []  # in effect, most recent last
        self.undone: list[Event] = []  # undone and redoable, most recently undone last
        self.by_uid: dict[str, Event] = {}
        self.per_layer = per_layer

    def feed(self, event: Event) -> None:
        self.by_uid[event.uid] = event
        if event.action == "undo":
            for i in range(len(self.done) - 1, -1, -1):
                if self.done[i].uid == event.target:
                    self.undone.append(self.done.pop(i))
                    break
        elif event.action == "redo":
            for i in range(len(self.undone) - 1, -1, -1):
                if self.undone[i].uid == event.target:
                    self.done.append(self.undone.pop(i))
                    break
        else:
            self.done.append(event)
            if self.per_layer:
                self.undone = [e for e in self.undone if e.layer_name != event.layer_name]
            else:
                self.undone.clear()  # a new correction ends the redo chain

    def active(self) -> list[Event]:
        return sorted(self.done, key=lambda e: e.seq)


def _check_label(label: str, score: float | None) -> float:
    if label not in STANCE_LABELS:
        raise CorrectionError(f"stance label {label!r} is not one of {', '.join(STANCE_LABELS)}")
    if score is None:
        return DEFAULT_SCORES[label]
    score = float(score)
    if not -1.0 <= score <= 1.0:
        raise CorrectionError(f"stance score {score} is outside [-1, 1]")
    return score


class CorrectionsMixin:
    """The correction methods of :class:`store.articles.Store`."""

    annotator: str
    _writing_layer: str | None = None  # the events.layer of the write in progress (Store._write)

    # Provided by Store.
    def _write(self, article_id: int, build: Callable[[sqlite3.Connection, Any], Any],
               layer: str | None = None) -> Any: ...

    # --- helpers -------------------------------------------------------------------------

    @staticmethod
    def _quote(eff: Effective, quote_id: str):
        quote = next((q for q in eff.analysis.quotes if q.id == quote_id), None)
        if quote is None:
            quote = next((q for q in eff.rejected if q.id == quote_id), None)
        if quote is None:
            raise CorrectionError(f"no quote {quote_id!r} in this article")
        return quote

    @staticmethod
    def _speaker(eff: Effective, speaker_id: str):
        speaker = eff.analysis.speaker(speaker_id)
        if speaker is None:
            raise CorrectionError(f"no speaker {speaker_id!r} in this article")
        return speaker

    @staticmethod
    def _speaker_ref(eff: Effective, speaker_id: str | None) -> dict[str, Any] | None:
        if speaker_id is None:
            return None
        speaker = eff.analysis.speaker(speaker_id)
        if speaker is None:
            return {"id": speaker_id, "name": None}
        return {"id": speaker.id, "name": speaker.name, "anchor": speaker_anchor(speaker, eff.machine_names.get(speaker.id))}

    def _event(self, conn, article_id, action, entity, entity_id, field, old, new, anchor, target=None) -> int:
        return insert_event(conn, article_id, self.annotator, action, entity, entity_id, field, old, new, anchor, target,
                            layer=self._writing_layer)

    # --- corrections ---------------------------------------------------------------------

    def reassign_speaker(self, article_id: int, quote_id: str, speaker_id: str | None = None,
                         new_name: str | None = None) -> str:
        """Attribute a quote to an existing speaker, or to a new one named ``new_name``."""
        if (speaker_id is None) == (new_name is None):
            raise CorrectionError("give either an existing speaker or a new speaker's name")
        if new_name is not None and not new_name.strip():
            raise CorrectionError("a speaker's name cannot be empty")

        def build(conn, eff):
            quote = self._quote(eff, quote_id)
            if new_name is not None:
                sid = USER_SPEAKER_PREFIX + uuid.uuid4().hex[:8]
                new = {"id": sid, "name": new_name.strip(), "created": True}
            else:
                self._speaker(eff, speaker_id)
                sid = speaker_id
                new = self._speaker_ref(eff, speaker_id)
            self._event(conn, article_id, "reassign_speaker", "quote", quote.id, "speaker",
                        self._speaker_ref(eff, quote.speaker), new, quote_anchor(quote))
            return sid

        return self._write(article_id, build)

    def rename_speaker(self, article_id: int, speaker_id: str, name: str) -> int:
        if not name or not name.strip():
            raise CorrectionError("a speaker's name cannot be empty")

        def build(conn, eff):
            speaker = self._speaker(eff, speaker_id)
            return self._event(conn, article_id, "rename_speaker", "speaker", speaker.id, "name", speaker.name,
                               name.strip(), speaker_anchor(speaker, eff.machine_names.get(speaker.id)))

        return self._write(article_id, build)

    def merge_speakers(self, article_id: int, source_id: str, into_id: str) -> int:
        """Merge speaker ``source_id`` into ``into_id`` (e.g. ``Kim`` into ``Kim Yong-hyun``)."""
        if source_id == into_id:
            raise CorrectionError("cannot merge a speaker into itself")

        def build(conn, eff):
            source = self._speaker(eff, source_id)
            self._speaker(eff, into_id)
            return self._event(conn, article_id, "merge_speakers", "speaker", source.id, "merged",
                               self._speaker_ref(eff, source.id), self._speaker_ref(eff, into_id),
                               speaker_anchor(source, eff.machine_names.get(source.id)))

        return self._write(article_id, build)

    def set_stance(self, article_id: int, quote_id: str, target: str, label: str, score: float | None = None) -> int:
        """Set a quote's stance toward ``target`` (adding the target if the quote lacked it)."""
        score = _check_label(label, score)
        if not target or not target.strip():
            raise CorrectionError("a stance needs a target")
        target = target.strip()

        def build(conn, eff):
            quote = self._quote(eff, quote_id)
            old = quote.stance.get(target)
            return self._event(conn, article_id, "set_stance", "quote", quote.id, f"stance.{target}",
                               {"label": old.label, "score": old.score} if old else None,
                               {"label": label, "score": score}, quote_anchor(quote))

        return self._write(article_id, build)

    def reject_quote(self, article_id: int, quote_id: str) -> int:
        def build(conn, eff):
            quote = self._quote(eff, quote_id)
            if any(q.id == quote.id for q in eff.rejected):
                raise CorrectionError(f"quote {quote_id!r} is already rejected")
            return self._event(conn, article_id, "reject_quote", "quote", quote.id, "rejected", False, True,
                               quote_anchor(quote))

        return self._write(article_id, build)

    def restore_quote(self, article_id: int, quote_id: str) -> int:
        """Take back the rejection of a quote (``x`` on a rejected quote in the reader)."""

        def build(conn, eff):
            quote = self._quote(eff, quote_id)
            if not any(q.id == quote.id for q in eff.rejected):
                raise CorrectionError(f"quote {quote_id!r} is not rejected")
            return self._event(conn, article_id, "reject_quote", "quote", quote.id, "rejected", True, False,
                               quote_anchor(quote))

        return self._write(article_id, build)

    def add_quote(self, article_id: int, start: int, end: int, speaker_id: str | None = None,
                  kind: str = "direct") -> str:
        """Add a quote the machine missed, from the span [start, end) of the article text."""
        if kind not in QUOTE_KINDS:
            raise CorrectionError(f"quote kind {kind!r} is not one of {', '.join(QUOTE_KINDS)}")

        def build(conn, eff):
            text = eff.analysis.text
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                raise CorrectionError(f"span {start}..{end} is not inside the article (0..{len(text)})")
            if not text[start:end].strip():
                raise CorrectionError("a quote cannot be blank")
            if speaker_id is not None:
                self._speaker(eff, speaker_id)
            qid = USER_QUOTE_PREFIX + uuid.uuid4().hex[:8]
            new = {"start": start, "end": end, "text": text[start:end], "kind": kind,
                   "speaker": self._speaker_ref(eff, speaker_id),
                   "sentiment": sentiment(text[start:end]).to_dict()}
            self._event(conn, article_id, "add_quote", "quote", qid, "added", None, new,
                        {"start": start, "end": end, "text": text[start:end]})
            return qid

        return self._write(article_id, build)

    def set_kind(self, article_id: int, quote_id: str, kind: str) -> int:
        if kind not in QUOTE_KINDS:
            raise CorrectionError(f"quote kind {kind!r} is not one of {', '.join(QUOTE_KINDS)}")

        def build(conn, eff):
            quote = self._quote(eff, quote_id)
            return self._event(conn, article_id, "set_kind", "quote", quote.id, "kind", quote.kind, kind,
                               quote_anchor(quote))

        return self._write(article_id, build)

    def mark_reviewed(self, article_id: int, quote_id: str, reviewed: bool = True) -> int:
        def build(conn, eff):
            quote = self._quote(eff, quote_id)
            return self._event(conn, article_id, "mark_reviewed", "quote", quote.id, "reviewed",
                               quote.id in eff.reviewed, bool(reviewed), quote_anchor(quote))

        return self._write(article_id, build)

    def override_speaker_stance(self, article_id: int, speaker_id: str, target: str, label: str,
                                score: float | None = None) -> int:
        score = _check_label(label, score)
        if not target or not target.strip():
            raise CorrectionError("a stance needs a target")
        target = target.strip()

        def build(conn, eff):
            speaker = self._speaker(eff, speaker_id)
            old = speaker.stance.get(target)
            return self._event(conn, article_id, "override_speaker_stance", "speaker", speaker.id,
                               f"stance.{target}", {"label": old.label, "score": old.score} if old else None,
                               {"label": label, "score": score},
                               speaker_anchor(speaker, eff.machine_names.get(speaker.id)))

        return self._write(article_id, build)

    # --- undo / redo ---------------------------------------------------------------------

    def undo(self, article_id: int, layer: str | None = None) -> bool:
        """Undo the most recent correction in effect (in one's own layer, or ``layer="gold"``);
        False when there is none."""
        return self._control(article_id, "undo", layer)

    def redo(self, article_id: int, layer: str | None = None) -> bool:
        """Redo the most recently undone correction; False when there is none."""
        return self._control(article_id, "redo", layer)

    def _control(self, article_id: int, action: str, layer: str | None = None) -> bool:
        def build(conn, eff):
            stack = self.undo_stack(eff, action, layer)
            if not stack:
                return False
            target = stack[-1]
            self._event(conn, article_id, action, "event", target.uid, action, None, None, None, target.uid)
            return True

        return self._write(article_id, build, layer)

    def undo_stack(self, eff: Effective, which: str, layer: str | None = None) -> list[Event]:
        """The corrections ``undo`` (``which="undo"``) or ``redo`` would take back or bring back,
        most recent last: the current annotator's own only — two people on one shared database
        never undo each other's work — and every decision in the gold layer (``layer="gold"``)."""
        stack = eff.log.done if which == "undo" else eff.log.undone
        if layer == "gold":
            return list(stack)
        return [e for e in stack if e.annotator == self.annotator]

    def can_undo(self, article_id: int, layer: str | None = None) -> bool:
        return bool(self.undo_stack(self.effective(article_id, layer), "undo", layer))

    def can_redo(self, article_id: int, layer: str | None = None) -> bool:
        return bool(self.undo_stack(self.effective(article_id, layer), "redo", layer))

    def effective(self, article_id: int, layer: str | None = None) -> Effective:  # provided by Store
        raise NotImplementedError


__all__ = ["CorrectionsMixin", "Event", "LogState", "StoreError", "load_events", "insert_event"]
