"""The effective annotation: the machine analysis with the corrections in effect applied in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nlp.model import Analysis, Quote, QuoteStance, Sentiment, Speaker, SpeakerStance
from nlp.stance import aggregate

from .anchors import Resolver
from .corrections import Event, LogState


@dataclass(frozen=True, slots=True)
class Provenance:
    annotator: str
    at: str


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


def compute(machine: dict[str, Any], resolver: Resolver, log: LogState) -> Effective:
    """Apply ``log``'s corrections in effect, in order, to a fresh copy of ``machine``."""
    analysis = Analysis.from_dict(machine)
    eff = Effective(analysis=analysis, log=log, machine_names={s.id: s.name for s in analysis.speakers})
    quotes: dict[str, Quote] = {q.id: q for q in analysis.quotes}
    order: list[str] = [q.id for q in analysis.quotes]
    speakers: dict[str, Speaker] = {s.id: s for s in analysis.speakers}
    rejected: set[str] = set()
    redirect: dict[str, str] = {}
    overrides: list[tuple[str, str, SpeakerStance, Provenance]] = []

    def canon(sid: str | None) -> str | None:
        seen = set()
        while sid in redirect and sid not in seen:
            seen.add(sid)
            sid = redirect[sid]
        return sid

    def speaker_of(ref: dict[str, Any] | None) -> str | None | bool:
        """The current speaker id a stored reference names; False when it cannot be found."""
        if ref is None:
            return None
        sid = canon(resolver.speaker(ref.get("id"), ref.get("anchor") or {"name": ref.get("name") or ""}))
        return sid if sid in speakers else False

    for event in log.active():
        prov = Provenance(event.annotator, event.at)
        if event.entity == "quote":
            if event.action == "add_quote":
                new = event.new
                sid = speaker_of(new.get("speaker"))
                q = Quote(event.entity_id, int(new["start"]), int(new["end"]), str(new["text"]),
                          str(new.get("kind", "direct")), speaker=sid or None,
                          sentiment=Sentiment.from_dict(new["sentiment"]) if new.get("sentiment") else Sentiment())
                quotes[q.id] = q
                order.append(q.id)
                eff.corrected[("quote", q.id, "added")] = prov
                if sid is False:
                    eff.orphans.append(orphan_record(event, "the quote's speaker is gone; added without one"))
                continue
            qid = resolver.quote(event.entity_id, event.anchor)
            quote = quotes.get(qid) if qid is not None else None
            if quote is None:
                eff.orphans.append(orphan_record(event, "its quote is not in the current analysis"))
                continue
            key = ("quote", quote.id, event.field)
            if event.action == "reassign_speaker":
                new = event.new
                if new.get("created"):
                    sid = new["id"]
                    if sid not in speakers:
                        speakers[sid] = Speaker(sid, new["name"], "unknown")
                        analysis.speakers.append(speakers[sid])
                        eff.corrected[("speaker", sid, "added")] = prov
                else:
                    sid = speaker_of(new)
                    if sid is False:
                        eff.orphans.append(orphan_record(event, "its new speaker is not in the current analysis"))
                        continue
                quote.speaker = sid
            elif event.action == "set_stance":
                target = event.field.split(".", 1)[1]
                quote.stance[target] = QuoteStance(float(event.new["score"]), str(event.new["label"]), [])
            elif event.action == "reject_quote":
                rejected.add(quote.id)
            elif event.action == "set_kind":
                quote.kind = str(event.new)
            elif event.action == "mark_reviewed":
                if event.new:
                    eff.reviewed.add(quote.id)
                    eff.reviewed_by[quote.id] = prov
                else:
                    eff.reviewed.discard(quote.id)
                    eff.reviewed_by.pop(quote.id, None)
                continue
            eff.corrected[key] = prov
        elif event.entity == "speaker":
            sid = speaker_of({"id": event.entity_id, "anchor": event.anchor})
            speaker = speakers.get(sid) if sid else None
            if speaker is None:
                eff.orphans.append(orphan_record(event, "its speaker is not in the current analysis"))
                continue
            if event.action == "rename_speaker":
                if speaker.name not in speaker.aliases and speaker.id in eff.machine_names:
                    speaker.aliases.append(speaker.name)
                speaker.name = str(event.new)
                eff.corrected[("speaker", speaker.id, "name")] = prov
            elif event.action == "merge_speakers":
                into_id = speaker_of(event.new)
                if into_id is False or into_id is None or into_id == speaker.id:
                    eff.orphans.append(orphan_record(event, "the speaker it merges into is not in the current analysis"))
                    continue
                into = speakers[into_id]
                for alias in [speaker.name, *speaker.aliases]:
                    if alias != into.name and alias not in into.aliases:
                        into.aliases.append(alias)
                for q in quotes.values():
                    if q.speaker == speaker.id:
                        q.speaker = into_id
                        eff.corrected[("quote", q.id, "speaker")] = prov
                redirect[speaker.id] = into_id
                del speakers[speaker.id]
                analysis.speakers.remove(speaker)
                eff.corrected[("speaker", speaker.id, "merged")] = prov
            elif event.action == "override_speaker_stance":
                target = event.field.split(".", 1)[1]
                overrides.append((speaker.id, target, SpeakerStance(float(event.new["score"]), str(event.new["label"]), 0), prov))

    for q in quotes.values():  # quotes left pointing at a merged-away speaker
        if q.speaker in redirect:
            q.speaker = canon(q.speaker)
    analysis.quotes = [quotes[i] for i in order if i not in rejected]
    eff.rejected = [quotes[i] for i in order if i in rejected]
    aggregate(analysis.speakers, analysis.quotes)
    for sid, target, stance, prov in overrides:
        speaker = speakers.get(canon(sid))
        if speaker is None:
            continue
        counted = speaker.stance.get(target)
        speaker.stance[target] = SpeakerStance(stance.score, stance.label, counted.quotes if counted else 0)
        eff.corrected[("speaker", speaker.id, f"stance.{target}")] = prov
    return eff
