"""The effective annotation: the machine analysis with the corrections in effect applied in order."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from nlp.model import Analysis, Quote, QuoteStance, Sentiment, Speaker, SpeakerStance
from nlp.aggregate import aggregate

from .anchors import USER_SPEAKER_PREFIX, Resolver
from .corrections import Event, LogState


@dataclass(frozen=True, slots=True)
class Provenance:
    annotator: str  # who made the correction (for a gold decision: the adjudicator)
    at: str
    basis: str | None = None  # a gold decision: an annotator's name, "machine", "agreed" or "edited"


@dataclass
class Effective:
    """What the analyst sees. Treat it as read-only: the store may hand the same object out again."""

    analysis: Analysis
    rejected: list[Quote] = field(default_factory=list)
    reviewed: set[str] = field(default_factory=set)
    corrected: dict[tuple[str, str, str], Provenance] = field(default_factory=dict)
    orphans: list[dict[str, Any]] = field(default_factory=list)
    reviewed_by: dict[str, Provenance] = field(default_factory=dict)
    # Internal: the undo/redo state and the machine's name of each machine speaker.
    log: LogState = field(default_factory=LogState, repr=False)
    machine_names: dict[str, str] = field(default_factory=dict, repr=False)

    def provenance(self, entity: str, entity_id: str, field_name: str) -> Provenance | None:
        return self.corrected.get((entity, entity_id, field_name))


def orphan_record(event: Event, reason: str) -> dict[str, Any]:
    return {"id": event.seq, "uid": event.uid, "at": event.at, "annotator": event.annotator,
            "action": event.action, "entity": event.entity, "entity_id": event.entity_id,
            "field": event.field, "old": event.old, "new": event.new, "anchor": event.anchor,
            "reason": reason}


class Builder:
    """Applies corrections one by one to a private copy of the machine analysis.

    Kept per article by the store: a newly appended correction is applied on top
    (cheap); an undo or redo rebuilds from the machine analysis.
    """

    def __init__(self, machine: dict[str, Any], resolver: Resolver):
        self.resolver = resolver
        self.analysis = analysis = Analysis.from_dict(machine)
        self.machine_names = {s.id: s.name for s in analysis.speakers}
        self.quotes: dict[str, Quote] = {q.id: q for q in analysis.quotes}
        self.order: list[str] = [q.id for q in analysis.quotes]
        self.speakers: dict[str, Speaker] = {s.id: s for s in analysis.speakers}
        self.rejected: set[str] = set()
        self.redirect: dict[str, str] = {}
        self.overrides: list[tuple[str, str, SpeakerStance, Provenance]] = []
        self.reviewed: set[str] = set()
        self.reviewed_by: dict[str, Provenance] = {}
        self.corrected: dict[tuple[str, str, str], Provenance] = {}
        self.orphans: list[dict[str, Any]] = []
        self.last_seq = 0

    def canon(self, sid: str | None) -> str | None:
        seen = set()
        while sid in self.redirect and sid not in seen:
            seen.add(sid)
            sid = self.redirect[sid]
        return sid

    def speaker_of(self, ref: dict[str, Any] | None) -> str | None | bool:
        """The current speaker id a stored reference names; False when it cannot be found."""
        if ref is None:
            return None
        sid = self.canon(self.resolver.speaker(ref.get("id"), ref.get("anchor") or {"name": ref.get("name") or ""}))
        return sid if sid in self.speakers else False

    def apply(self, event: Event) -> None:
        self.last_seq = max(self.last_seq, event.seq)
        prov = Provenance(event.annotator, event.at, event.basis)
        try:
            if event.entity == "quote":
                self._apply_quote(event, prov)
            elif event.entity == "speaker":
                self._apply_speaker(event, prov)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            # e.g. a hand-edited import: keep it listed rather than make the article unreadable
            self.orphans.append(orphan_record(event, f"malformed correction ({type(exc).__name__}: {exc})"))

    def _apply_quote(self, event: Event, prov: Provenance) -> None:
        quotes, corrected = self.quotes, self.corrected
        if event.action == "add_quote":
            new = event.new
            sid = self.speaker_of(new.get("speaker"))
            q = Quote(event.entity_id, int(new["start"]), int(new["end"]), str(new["text"]),
                      str(new.get("kind", "direct")), speaker=sid or None,
                      sentiment=Sentiment.from_dict(new["sentiment"]) if new.get("sentiment") else Sentiment())
            quotes[q.id] = q
            self.order.append(q.id)
            corrected[("quote", q.id, "added")] = prov
            if sid is False:
                self.orphans.append(orphan_record(event, "the quote's speaker is gone; added without one"))
            return
        qid = self.resolver.quote(event.entity_id, event.anchor)
        quote = quotes.get(qid) if qid is not None else None
        if quote is None:
            self.orphans.append(orphan_record(event, "its quote is not in the current analysis"))
            return
        if event.action == "reassign_speaker":
            new = event.new
            if new.get("created"):
                sid = new["id"]
                if sid not in self.speakers:
                    self.speakers[sid] = Speaker(sid, new["name"], "unknown")
                    self.analysis.speakers.append(self.speakers[sid])
                    corrected[("speaker", sid, "added")] = prov
            else:
                sid = self.speaker_of(new)
                if sid is False:
                    self.orphans.append(orphan_record(event, "its new speaker is not in the current analysis"))
                    return
            quote.speaker = sid
        elif event.action == "set_stance":
            target = event.field.split(".", 1)[1]
            quote.stance[target] = QuoteStance(float(event.new["score"]), str(event.new["label"]), [])
        elif event.action == "reject_quote":
            self.rejected.add(quote.id)
        elif event.action == "set_kind":
            quote.kind = str(event.new)
        elif event.action == "settle":
            self._settle(quote, event.field, event.new, prov)
            return
        elif event.action == "mark_reviewed":
            if event.new:
                self.reviewed.add(quote.id)
                self.reviewed_by[quote.id] = prov
            else:
                self.reviewed.discard(quote.id)
                self.reviewed_by.pop(quote.id, None)
            return
        corrected[("quote", quote.id, event.field)] = prov

    def _settle(self, quote: Quote, field_name: str, value: Any, prov: Provenance) -> None:
        """A gold decision: ``field_name`` of ``quote`` set to ``value`` (as ``store.team`` writes it)."""
        if field_name == "status":
            if value == "rejected":
                self.rejected.add(quote.id)
            else:
                self.rejected.discard(quote.id)
            self.corrected[("quote", quote.id, "rejected")] = prov
            return
        if field_name == "speaker":
            quote.speaker = None if value is None else self._speaker_named(str(value["name"]), value.get("id"), prov)
        elif field_name == "kind":
            quote.kind = str(value)
        elif field_name.startswith("stance."):
            target = field_name.split(".", 1)[1]
            if value is None:
                quote.stance.pop(target, None)
            else:
                quote.stance[target] = QuoteStance(float(value["score"]), str(value["label"]), [])
        else:
            raise ValueError(f"no field {field_name!r} to settle")
        self.corrected[("quote", quote.id, field_name)] = prov

    def _speaker_named(self, name: str, speaker_id: str | None, prov: Provenance) -> str:
        """The id of the speaker called ``name`` (``speaker_id`` first), made when there is none."""
        key = " ".join(name.casefold().split())
        same = self.speakers.get(self.canon(speaker_id)) if speaker_id else None
        if same is not None and " ".join(same.name.casefold().split()) == key:
            return same.id
        for s in self.speakers.values():
            if " ".join(s.name.casefold().split()) == key:
                return s.id
        sid = USER_SPEAKER_PREFIX + "g" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
        self.speakers[sid] = Speaker(sid, name, "unknown")
        self.analysis.speakers.append(self.speakers[sid])
        self.corrected[("speaker", sid, "added")] = prov
        return sid

    def _apply_speaker(self, event: Event, prov: Provenance) -> None:
        sid = self.speaker_of({"id": event.entity_id, "anchor": event.anchor})
        speaker = self.speakers.get(sid) if sid else None
        if speaker is None:
            self.orphans.append(orphan_record(event, "its speaker is not in the current analysis"))
            return
        if event.action == "rename_speaker":
            if speaker.name not in speaker.aliases and speaker.id in self.machine_names:
                speaker.aliases.append(speaker.name)
            speaker.name = str(event.new)
            self.corrected[("speaker", speaker.id, "name")] = prov
        elif event.action == "merge_speakers":
            into_id = self.speaker_of(event.new)
            if into_id is False or into_id is None or into_id == speaker.id:
                self.orphans.append(orphan_record(event, "the speaker it merges into is not in the current analysis"))
                return
            into = self.speakers[into_id]
            for alias in [speaker.name, *speaker.aliases]:
                if alias != into.name and alias not in into.aliases:
                    into.aliases.append(alias)
            for q in self.quotes.values():
                if q.speaker == speaker.id:
                    q.speaker = into_id
                    self.corrected[("quote", q.id, "speaker")] = prov
            self.redirect[speaker.id] = into_id
            del self.speakers[speaker.id]
            self.analysis.speakers.remove(speaker)
            self.corrected[("speaker", speaker.id, "merged")] = prov
        elif event.action == "override_speaker_stance":
            target = event.field.split(".", 1)[1]
            self.overrides.append(
                (speaker.id, target, SpeakerStance(float(event.new["score"]), str(event.new["label"]), 0), prov))

    def result(self, log: LogState) -> Effective:
        """The effective annotation so far (aggregates recomputed, then overrides applied)."""
        for q in self.quotes.values():  # quotes left pointing at a merged-away speaker
            if q.speaker in self.redirect:
                q.speaker = self.canon(q.speaker)
        a = self.analysis
        analysis = Analysis(a.source, a.text, a.pipeline, a.paragraphs, list(a.speakers),
                            [self.quotes[i] for i in self.order if i not in self.rejected], a.mentions)
        aggregate(analysis.speakers, analysis.quotes)
        corrected = dict(self.corrected)
        for sid, target, stance, prov in self.overrides:
            speaker = self.speakers.get(self.canon(sid))
            if speaker is None:
                continue
            counted = speaker.stance.get(target)
            speaker.stance[target] = SpeakerStance(stance.score, stance.label, counted.quotes if counted else 0)
            corrected[("speaker", speaker.id, f"stance.{target}")] = prov
        return Effective(
            analysis=analysis,
            rejected=[self.quotes[i] for i in self.order if i in self.rejected],
            reviewed=set(self.reviewed),
            corrected=corrected,
            orphans=list(self.orphans),
            reviewed_by=dict(self.reviewed_by),
            log=log,
            machine_names=self.machine_names,
        )


def compute(machine: dict[str, Any], resolver: Resolver, log: LogState) -> Effective:
    """Apply ``log``'s corrections in effect, in order, to a fresh copy of ``machine``."""
    builder = Builder(machine, resolver)
    for event in log.active():
        builder.apply(event)
    return builder.result(log)
