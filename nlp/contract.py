"""Validation of an analysis document (``stance-reader/analysis@1``) read from outside."""

from __future__ import annotations

from typing import Any

from .model import PARAGRAPH_KINDS, QUOTE_KINDS, SCHEMA, SPEAKER_KINDS, STANCE_LABELS


def problems(doc: Any) -> list[str]:
    """Every way ``doc`` breaks the contract; an empty list means it is valid."""
    out: list[str] = []
    if not isinstance(doc, dict):
        return ["document is not a JSON object"]
    if doc.get("schema") != SCHEMA:
        out.append(f"schema is {doc.get('schema')!r}, expected {SCHEMA!r}")
    text = doc.get("text")
    if not isinstance(text, str):
        return out + ["text is missing or not a string"]
    if not isinstance(doc.get("source"), str):
        out.append("source is missing or not a string")
    pipeline = doc.get("pipeline")
    if not (isinstance(pipeline, dict) and isinstance(pipeline.get("model"), str) and isinstance(pipeline.get("version"), str)):
        out.append("pipeline must be {model: str, version: str}")

    def span(where: str, d: Any, nullable: bool = False, check_text: bool = True) -> None:
        if d is None:
            if not nullable:
                out.append(f"{where} is null")
            return
        if not isinstance(d, dict) or not all(isinstance(d.get(k), int) for k in ("start", "end")):
            out.append(f"{where} needs integer start and end")
            return
        if not 0 <= d["start"] <= d["end"] <= len(text):
            out.append(f"{where} [{d['start']}, {d['end']}) lies outside the text")
        elif check_text and "text" in d and d["text"] != text[d["start"]:d["end"]]:
            out.append(f"{where}.text does not match the text at its offsets")

    for i, p in enumerate(_list(doc, "paragraphs", out)):
        span(f"paragraphs[{i}]", p, check_text=False)
        if isinstance(p, dict) and p.get("kind") not in PARAGRAPH_KINDS:
            out.append(f"paragraphs[{i}].kind {p.get('kind')!r} is not one of {PARAGRAPH_KINDS}")
    speaker_ids = set()
    for i, s in enumerate(_list(doc, "speakers", out)):
        where = f"speakers[{i}]"
        if not isinstance(s, dict) or not isinstance(s.get("id"), str) or not isinstance(s.get("name"), str):
            out.append(f"{where} needs string id and name")
            continue
        speaker_ids.add(s["id"])
        if s.get("kind") not in SPEAKER_KINDS:
            out.append(f"{where}.kind {s.get('kind')!r} is not one of {SPEAKER_KINDS}")
        if not isinstance(s.get("aliases"), list):
            out.append(f"{where}.aliases is not a list")
        if "members" in s and not (isinstance(s["members"], list) and all(isinstance(m, str) for m in s["members"])):
            out.append(f"{where}.members is not a list of names")
        for target, st in (s.get("stance") or {}).items():
            _stance(f"{where}.stance.{target}", st, out, count=True)
    for i, q in enumerate(_list(doc, "quotes", out)):
        where = f"quotes[{i}]"
        if not isinstance(q, dict):
            out.append(f"{where} is not an object")
            continue
        span(where, q)
        if q.get("kind") not in QUOTE_KINDS:
            out.append(f"{where}.kind {q.get('kind')!r} is not one of {QUOTE_KINDS}")
        span(f"{where}.cue", q.get("cue"), nullable=True)
        span(f"{where}.speaker_mention", q.get("speaker_mention"), nullable=True)
        if q.get("speaker") is not None and q["speaker"] not in speaker_ids:
            out.append(f"{where}.speaker {q['speaker']!r} is not a speaker id")
        if q.get("via") is not None and q["via"] not in speaker_ids:
            out.append(f"{where}.via {q['via']!r} is not a speaker id")
        conf = q.get("confidence")
        if not isinstance(conf, (int, float)) or not 0 <= conf <= 1:
            out.append(f"{where}.confidence must be a number in [0, 1]")
        sent = q.get("sentiment")
        if not isinstance(sent, dict) or not all(isinstance(sent.get(k), (int, float)) for k in ("compound", "pos", "neu", "neg")):
            out.append(f"{where}.sentiment needs compound, pos, neu, neg")
        for target, st in (q.get("stance") or {}).items():
            _stance(f"{where}.stance.{target}", st, out, count=False)
    for i, m in enumerate(_list(doc, "mentions", out)):
        span(f"mentions[{i}]", m)
        if isinstance(m, dict) and not isinstance(m.get("target"), str):
            out.append(f"mentions[{i}].target is not a string")
    return out


def _list(doc: dict, key: str, out: list[str]) -> list:
    value = doc.get(key)
    if not isinstance(value, list):
        out.append(f"{key} is missing or not a list")
        return []
    return value


def _stance(where: str, st: Any, out: list[str], count: bool) -> None:
    if not isinstance(st, dict) or not isinstance(st.get("score"), (int, float)) or not -1 <= st["score"] <= 1:
        out.append(f"{where}.score must be a number in [-1, 1]")
        return
    if st.get("label") not in STANCE_LABELS:
        out.append(f"{where}.label {st.get('label')!r} is not one of {STANCE_LABELS}")
    if count and not (isinstance(st.get("quotes"), int) and st["quotes"] > 0):
        out.append(f"{where}.quotes must be a positive integer")
    if not count and not isinstance(st.get("evidence"), list):
        out.append(f"{where}.evidence is not a list")
