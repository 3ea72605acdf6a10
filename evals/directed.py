"""Evaluate holder→target stance against directed sentiment in news (Park et al., ACL 2021).

    stance-reader eval directed ../shared/data/directed_sentiment/valid.txt [--predictions OUT.jsonl]

Each line is ``sentence-with-[brackets] \\t e1 \\t e2 \\t label`` (labels 0 neutral, 1 positive
e1→e2, 2 positive e2→e1, 3 negative e1→e2, 4 negative e2→e1). Read as holder → target, e1 is
the holder and e2 the target: gold is *positive* for 1, *negative* for 3 and *neutral*
otherwise (a sentiment of e2 toward e1 says nothing of e1's toward e2). The prediction is the
stance the app shows (``nlp.stance.mention_score``) toward e2's mention, with e1's mention as
the holder's words; ``--component`` picks one part for analysis as in ``eval newsmtsc``, or
``holder``: the tuned mode's holder-aware model alone (``nlp/stance_holder.py``).
Prints F1m over the three classes, accuracy and the confusion per gold label (including the
five original labels, so e2→e1 cases read as neutral can be told apart).

The data set has no licence: it measures, it never trains anything that ships.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time

from . import plain_save
from .newsmtsc import COMPONENTS, LABELS, add_stance_measure_options, print_scores

HOLDER_TARGET = {1: "positive", 3: "negative"}  # original label → holder→target class; others neutral
_BRACKET = re.compile(r"\[([^\[\]]*)\]")


class DirectedError(ValueError):
    """A line of the file that cannot be read (one line, naming the line)."""


def parse_line(line: str, lineno: int = 0) -> tuple[str, tuple[int, int], tuple[int, int], int]:
    """The sentence without brackets, e1's and e2's character spans in it, and the label.

    >>> parse_line("[Kim] praised [Putin] warmly.\\tKim\\tPutin\\t1")
    ('Kim praised Putin warmly.', (0, 3), (12, 17), 1)
    """
    parts = line.rstrip("\n").split("\t")
    if len(parts) != 4 or not parts[3].strip().isdigit():
        raise DirectedError(f"line {lineno}: expected 'sentence<TAB>e1<TAB>e2<TAB>label'")
    marked, e1, e2, label = parts[0], parts[1].strip(), parts[2].strip(), int(parts[3])
    text, spans, pos, shift = [], [], 0, 0
    for m in _BRACKET.finditer(marked):
        text.append(marked[pos : m.start()])
        a = m.start() - shift
        spans.append((m.group(1), a, a + len(m.group(1))))
        text.append(m.group(1))
        shift += 2
        pos = m.end()
    text.append(marked[pos:])
    sentence = "".join(text)

    def find(name: str, taken: tuple[int, int] | None) -> tuple[int, int]:
        for content, a, b in spans:
            if content.strip() == name and (a, b) != taken:
                return a, b
        for content, a, b in spans:  # brackets sometimes cut a word: the closest overlap
            if (name in content or content in name) and (a, b) != taken:
                return a, b
        i = sentence.find(name)
        if i < 0:
            raise DirectedError(f"line {lineno}: entity {name!r} not found in the sentence")
        return i, i + len(name)

    s1 = find(e1, None)
    s2 = find(e2, s1)
    return sentence, s1, s2, label


def predict(nlp, rows, component: str = "shown", accurate=None):
    """Yield (original label, gold class, predicted class, score) per row."""
    from nlp.model import label_for
    from nlp.stance import holder_proba, learned_proba, mention_score
    from nlp.stance_events import POLAR_MIN, relation_reading
    from nlp.stance_model import LABELS as MODEL_LABELS
    from nlp.stance_model import featurize, score_from_proba, valence_details
    from nlp.stance_relations import read_target

    docs = nlp.pipe([r[0] for r in rows], batch_size=128)
    for (sentence, s1, s2, label), doc in zip(rows, docs):
        gold = HOLDER_TARGET.get(label, "neutral")
        sent = doc[:]
        span = doc.char_span(s2[0], s2[1], alignment_mode="expand") or doc[0:1]
        hspan = doc.char_span(s1[0], s1[1], alignment_mode="expand")
        holder = frozenset(range(hspan.start, hspan.end)) if hspan is not None else frozenset()
        if component == "model":
            vals, _ = valence_details(sent)
            p = learned_proba(sent, span, featurize(sent, span, vals), accurate)
            pred, score = MODEL_LABELS[int(p.argmax())], score_from_proba(p)
        elif component == "relation":
            vals, labels = valence_details(sent)
            score = relation_reading(sent, span, vals, labels, holder_words=holder).score
            pred = label_for(score) if abs(score) >= POLAR_MIN else "neutral"
        elif component == "holder":  # the holder-aware model alone (neutral where e1 is not apart from e2)
            q = holder_proba(sent, span, holder, accurate)
            pred = MODEL_LABELS[int(q.argmax())] if q is not None else "neutral"
            score = score_from_proba(q) if q is not None else 0.0
        elif component == "lexicon":
            vals, _ = valence_details(sent)
            score = read_target(sent, span, vals).score
            pred = label_for(score)
        else:
            score, _, _ = mention_score(sent, span, holder_words=holder, accurate=accurate)
            pred = label_for(score)
        yield label, gold, pred, float(score)


def read_rows(path, opener=None) -> list:
    """The rows of a directed_sentiment file; ``opener(path)`` opens it as text (default: plain
    ``open``; the command line passes ``store.files.open_regular``, which refuses a FIFO or a
    device before reading)."""
    rows = []
    with (opener or (lambda p: open(p, encoding="utf-8")))(path) as fh:
        for i, line in enumerate(fh, 1):
            if line.strip():
                rows.append(parse_line(line, i))
    return rows


def run(args, analyzer, save=plain_save, opener=None) -> int:
    """``eval directed``: ``analyzer`` (an ``nlp.analyzer.Analyzer``) gives the pipeline and the
    stance mode; ``save(path, text)`` writes ``--predictions`` (the command line's atomic writer)."""
    try:
        rows = read_rows(args.file, opener)
    except UnicodeDecodeError:
        raise DirectedError(f"{args.file}: not UTF-8 text") from None
    except OSError as exc:
        raise DirectedError(f"{args.file}: {exc.strerror or exc}") from None
    nlp, accurate = analyzer.nlp, analyzer.accurate
    if args.component == "holder" and getattr(accurate, "holder", None) is None:
        raise DirectedError("--component holder needs the tuned stance (its holder-aware model): --stance tuned")
    t0 = time.perf_counter()
    out = list(predict(nlp, rows, args.component, accurate))
    elapsed = time.perf_counter() - t0
    print(f"{args.file}: {len(out)} pairs, component={args.component}, stance={analyzer.stance}")
    print_scores([r[1] for r in out], [r[2] for r in out], elapsed,
                 groups=[row[0] for row in rows], unit="sentences")  # a sentence's pairs are drawn together
    names = {0: "0 neutral", 1: "1 pos e1→e2", 2: "2 pos e2→e1", 3: "3 neg e1→e2", 4: "4 neg e2→e1"}
    for lab, name in names.items():
        row = " ".join(f"{sum(1 for o in out if o[0] == lab and o[2] == j):4d}" for j in LABELS)
        print(f"  label {name:12s} → pred neg/neu/pos {row}")
    if args.predictions:
        save(args.predictions, "".join(json.dumps({"line": i + 1, "label": p, "score": round(score, 4)}) + "\n"
                                       for i, (lab, _, p, score) in enumerate(out)))
        print(f"wrote {len(out)} predictions to {args.predictions}")
    return 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``directed FILE`` under an ``eval`` subparsers object."""
    p = subparsers.add_parser("directed", help="holder→target stance against directed sentiment (F1m, confusion)",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE", help="a directed_sentiment .txt file (e.g. valid.txt)")
    add_stance_measure_options(p, "per-sentence", COMPONENTS + ("holder",))
    p.set_defaults(func=run)
    return p


def main(argv=None) -> int:
    """``python -m evals.directed …``: the same, without the app's settings."""
    from evals import standalone

    return standalone(add_parser, argv, (DirectedError,))


if __name__ == "__main__":
    sys.exit(main())
