"""Training data from an analysis (pure: no I/O): a Prodigy-style task and a spaCy ``Doc`` with
span groups, both over spaCy's English tokenizer alone.

The store's export hands in the *effective* analysis (corrections applied) and the ids of the
quotes whose speaker an analyst reassigned: the machine's speaker mention of such a quote no
longer names its speaker, so it is left out. See ``store/EXPORT.md`` for both formats.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from .model import Analysis


def tokenizer():
    """spaCy's English tokenizer without a pipeline (``spacy.blank("en")``): nothing to download.

    >>> [t.text for t in tokenizer().make_doc("“No,” she said.")]
    ['“', 'No', ',', '”', 'she', 'said', '.']
    """
    import spacy

    return spacy.blank("en")


def prodigy_task(analysis: Analysis, nlp, meta: dict[str, Any], reassigned: Collection[str] = ()) -> dict[str, Any]:
    """One Prodigy-style task for the article: tokens, spans (``QUOTE``, ``SPEAKER``, ``TARGET``),
    relations (``SPEAKER_OF``, ``STANCE_<LABEL>``) and the quotes with their token range.

    >>> from nlp.model import Pipeline, Quote, Span, Speaker
    >>> text = "“Go,” Kim said."
    >>> a = Analysis("a.txt", text, Pipeline("m", "1"), speakers=[Speaker("s1", "Kim")],
    ...              quotes=[Quote("q1", 0, 5, "“Go,”", speaker="s1", speaker_mention=Span(6, 9, "Kim"))])
    >>> task = prodigy_task(a, tokenizer(), {"article_id": 1})
    >>> [(s["label"], text[s["start"]:s["end"]]) for s in task["spans"]], task["relations"][0]["label"]
    ([('QUOTE', '“Go,”'), ('SPEAKER', 'Kim')], 'SPEAKER_OF')
    """
    doc = nlp.make_doc(analysis.text)
    tokens = [{"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
              for t in doc]
    spans: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []

    def span(start: int, end: int, label: str) -> dict[str, Any] | None:
        s = doc.char_span(start, end, alignment_mode="expand")
        if s is None or len(s) == 0:
            return None
        d = {"start": s.start_char, "end": s.end_char, "token_start": s.start, "token_end": s.end - 1,
             "label": label}
        if d not in spans:
            spans.append(d)
        return d

    def relate(head: dict, child: dict, label: str) -> None:
        relations.append({"head": head["token_end"], "child": child["token_end"], "head_span": head,
                          "child_span": child, "label": label})

    quotes_meta = []
    for q in analysis.quotes:
        qs = span(q.start, q.end, "QUOTE")
        if qs is None:
            continue
        speaker = analysis.speaker(q.speaker)
        if q.speaker_mention is not None and speaker is not None and q.id not in reassigned:
            ms = span(q.speaker_mention.start, q.speaker_mention.end, "SPEAKER")
            if ms is not None:
                relate(ms, qs, "SPEAKER_OF")
        for m in analysis.mentions:
            if q.start <= m.start < q.end and m.target in q.stance:
                ts = span(m.start, m.end, "TARGET")
                if ts is not None:
                    relate(qs, ts, "STANCE_" + q.stance[m.target].label.upper())
        quotes_meta.append({"quote_id": q.id, "token_start": qs["token_start"], "token_end": qs["token_end"],
                            "kind": q.kind, "speaker": speaker.name if speaker else None,
                            "stance": {t: s.label for t, s in sorted(q.stance.items())}})
    return {
        "text": analysis.text,
        "meta": meta,
        "tokens": tokens,
        "spans": sorted(spans, key=lambda s: (s["start"], s["end"])),
        "relations": relations,
        "quotes": quotes_meta,
        "answer": "accept",
    }


def span_doc(analysis: Analysis, nlp, user_data: dict[str, Any], reassigned: Collection[str] = ()):
    """A spaCy ``Doc`` of the article with span groups ``quotes`` (label = kind), ``speakers``,
    ``cues``, ``targets`` (label = target) and ``stance`` (quote spans labelled ``TARGET:label``);
    ``user_data`` plus the quotes' ids, offsets and speakers go to ``doc.user_data["stance_reader"]``.

    >>> from nlp.model import Pipeline, Quote, QuoteStance
    >>> a = Analysis("a.txt", "“Russia lies,” he said.", Pipeline("m", "1"),
    ...              quotes=[Quote("q1", 0, 14, "“Russia lies,”", stance={"Russia": QuoteStance(-0.5, "negative")})])
    >>> doc = span_doc(a, tokenizer(), {"article_id": 1})
    >>> [(s.text, s.label_) for s in doc.spans["stance"]]
    [('“Russia lies,”', 'Russia:negative')]
    """
    doc = nlp.make_doc(analysis.text)
    groups: dict[str, list] = {"quotes": [], "speakers": [], "cues": [], "targets": [], "stance": []}

    def add(group: str, start: int, end: int, label: str) -> None:
        s = doc.char_span(start, end, label=label, alignment_mode="expand")
        if s is not None and len(s):
            groups[group].append(s)

    quotes_meta = []
    for q in analysis.quotes:
        add("quotes", q.start, q.end, q.kind)
        if q.cue is not None:
            add("cues", q.cue.start, q.cue.end, "CUE")
        if q.speaker_mention is not None and q.id not in reassigned:
            add("speakers", q.speaker_mention.start, q.speaker_mention.end, "SPEAKER")
        for target, stance in sorted(q.stance.items()):
            add("stance", q.start, q.end, f"{target}:{stance.label}")
        speaker = analysis.speaker(q.speaker)
        quotes_meta.append({"quote_id": q.id, "start": q.start, "end": q.end,
                            "speaker": speaker.name if speaker else None})
    for m in analysis.mentions:
        add("targets", m.start, m.end, m.target)
    for name, spans in groups.items():
        doc.spans[name] = spans
    doc.user_data["stance_reader"] = {**user_data, "quotes": quotes_meta}
    return doc


def docbin(docs: Iterable[Any]):
    """A spaCy ``DocBin`` of ``docs``, their ``user_data`` kept (``.to_bytes()`` is the file).

    >>> len(docbin([tokenizer().make_doc("One."), tokenizer().make_doc("Two.")]))
    2
    """
    from spacy.tokens import DocBin

    out = DocBin(store_user_data=True)
    for doc in docs:
        out.add(doc)
    return out
