"""The analysis document: dataclasses for every annotation and their JSON form.

This is the stable contract (schema ``stance-reader/analysis@1``) shared by ``nlp``
(which produces it), ``store`` (which persists it) and ``tui`` (which shows it).
All offsets are character offsets into ``Analysis.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA = "stance-reader/analysis@1"

ParagraphKind = Literal["body", "heading", "caption", "byline", "boilerplate"]
QuoteKind = Literal["direct", "mixed", "indirect", "according_to", "scare"]
SpeakerKind = Literal["person", "organization", "group", "questioner", "unknown"]
StanceLabel = Literal["negative", "neutral", "positive"]

PARAGRAPH_KINDS = ("body", "heading", "caption", "byline", "boilerplate")
QUOTE_KINDS = ("direct", "mixed", "indirect", "according_to", "scare")
# Kinds that are not statements: a scare quote or a title is nobody's statement, so it is not
# attributed, gets no stance, is not counted in review progress nor in a speaker's quotes.
NOT_STATEMENT_KINDS = ("scare",)
SPEAKER_KINDS = ("person", "organization", "group", "questioner", "unknown")
STANCE_LABELS = ("negative", "neutral", "positive")


def is_statement(kind: str | None) -> bool:
    """Whether a quote of ``kind`` is a statement someone made (every kind but those in
    ``NOT_STATEMENT_KINDS``): the one test of attribution, stance, progress and speaker counts.

    >>> is_statement("indirect"), is_statement("scare")
    (True, False)
    """
    return kind not in NOT_STATEMENT_KINDS


def label_for(score: float, threshold: float = 0.1) -> str:
    """The stance label of a score in [-1, 1]."""
    if score <= -threshold:
        return "negative"
    if score >= threshold:
        return "positive"
    return "neutral"


@dataclass(slots=True)
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Span | None:
        return None if d is None else cls(int(d["start"]), int(d["end"]), str(d["text"]))


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    kind: str = "body"

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "kind": self.kind}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Paragraph:
        return cls(int(d["start"]), int(d["end"]), str(d["kind"]))


@dataclass(slots=True)
class Sentiment:
    compound: float = 0.0
    pos: float = 0.0
    neu: float = 1.0
    neg: float = 0.0

    def to_dict(self) -> dict[str, float]:
        return {"compound": self.compound, "pos": self.pos, "neu": self.neu, "neg": self.neg}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Sentiment:
        return cls(float(d["compound"]), float(d["pos"]), float(d["neu"]), float(d["neg"]))


@dataclass(slots=True)
class QuoteStance:
    """A quote's stance toward one target, with the words that drove it."""

    score: float
    label: str
    evidence: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "label": self.label, "evidence": list(self.evidence)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> QuoteStance:
        return cls(float(d["score"]), str(d["label"]), [str(e) for e in d.get("evidence", [])])


@dataclass(slots=True)
class SpeakerStance:
    """A speaker's aggregate stance toward one target over ``quotes`` quotes; ``carried_by``:
    the ids of the quotes that carried it (polar ones, largest weighted contribution first)."""

    score: float
    label: str
    quotes: int
    carried_by: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"score": self.score, "label": self.label, "quotes": self.quotes}
        if self.carried_by:
            d["carried_by"] = list(self.carried_by)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SpeakerStance:
        return cls(float(d["score"]), str(d["label"]), int(d["quotes"]), [str(x) for x in d.get("carried_by", [])])


@dataclass(slots=True)
class Speaker:
    id: str
    name: str
    kind: str = "unknown"
    aliases: list[str] = field(default_factory=list)
    stance: dict[str, SpeakerStance] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)  # a group named by a list of people: their names

    def to_dict(self) -> dict[str, Any]:
        d = {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "stance": {t: s.to_dict() for t, s in self.stance.items()},
        }
        if self.members:
            d["members"] = list(self.members)  # optional (analysis@1, revision 1.1)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Speaker:
        return cls(
            str(d["id"]),
            str(d["name"]),
            str(d["kind"]),
            [str(a) for a in d.get("aliases", [])],
            {t: SpeakerStance.from_dict(s) for t, s in d.get("stance", {}).items()},
            [str(m) for m in d.get("members") or []],
        )


@dataclass(slots=True)
class Quote:
    id: str
    start: int
    end: int
    text: str
    kind: str = "direct"
    cue: Span | None = None
    speaker: str | None = None
    speaker_mention: Span | None = None
    confidence: float = 0.0
    sentiment: Sentiment = field(default_factory=Sentiment)
    stance: dict[str, QuoteStance] = field(default_factory=dict)
    via: str | None = None  # speaker id of the channel that reports the words (``…, KCNA said``)

    def to_dict(self) -> dict[str, Any]:
        d = {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "cue": self.cue.to_dict() if self.cue else None,
            "speaker": self.speaker,
            "speaker_mention": self.speaker_mention.to_dict() if self.speaker_mention else None,
            "confidence": self.confidence,
            "sentiment": self.sentiment.to_dict(),
            "stance": {t: s.to_dict() for t, s in self.stance.items()},
        }
        if self.via is not None:
            d["via"] = self.via  # optional (analysis@1, revision 1.1): absent when nobody relays the words
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        return cls(
            str(d["id"]),
            int(d["start"]),
            int(d["end"]),
            str(d["text"]),
            str(d["kind"]),
            Span.from_dict(d.get("cue")),
            d.get("speaker"),
            Span.from_dict(d.get("speaker_mention")),
            float(d.get("confidence", 0.0)),
            Sentiment.from_dict(d["sentiment"]) if d.get("sentiment") else Sentiment(),
            {t: QuoteStance.from_dict(s) for t, s in d.get("stance", {}).items()},
            None if d.get("via") is None else str(d["via"]),
        )


@dataclass(slots=True)
class Mention:
    target: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Mention:
        return cls(str(d["target"]), int(d["start"]), int(d["end"]), str(d["text"]))


ACCURATE_SUFFIX = "minilm-stance"  # a pipeline name ending "+minilm-stance": the accurate stance mode
TUNED_SUFFIX = "tuned-stance"  # "+tuned-stance": the tuned stance mode (the fine-tuned MiniLM, nlp/stance_finetuned.py)


@dataclass(slots=True)
class Pipeline:
    model: str
    version: str

    def to_dict(self) -> dict[str, str]:
        return {"model": self.model, "version": self.version}

    @property
    def accurate(self) -> bool:
        """Whether the analysis used the accurate stance mode (``nlp.stance_encoder``)."""
        return self.model.endswith("+" + ACCURATE_SUFFIX)

    @property
    def stance_mode(self) -> str:
        """The stance mode the analysis was made in: "fast", "accurate" or "tuned".

        >>> Pipeline("en_core_web_sm+tuned-stance", "3.8.0").stance_mode
        'tuned'
        """
        if self.model.endswith("+" + TUNED_SUFFIX):
            return "tuned"
        return "accurate" if self.accurate else "fast"


@dataclass(slots=True)
class Analysis:
    source: str
    text: str
    pipeline: Pipeline
    paragraphs: list[Paragraph] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "source": self.source,
            "text": self.text,
            "pipeline": self.pipeline.to_dict(),
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "speakers": [s.to_dict() for s in self.speakers],
            "quotes": [q.to_dict() for q in self.quotes],
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Analysis:
        if d.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} document (schema={d.get('schema')!r})")
        p = d["pipeline"]
        return cls(
            str(d["source"]),
            str(d["text"]),
            Pipeline(str(p["model"]), str(p["version"])),
            [Paragraph.from_dict(x) for x in d.get("paragraphs", [])],
            [Speaker.from_dict(x) for x in d.get("speakers", [])],
            [Quote.from_dict(x) for x in d.get("quotes", [])],
            [Mention.from_dict(x) for x in d.get("mentions", [])],
        )

    def speaker(self, speaker_id: str | None) -> Speaker | None:
        return next((s for s in self.speakers if s.id == speaker_id), None)
