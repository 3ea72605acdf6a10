"""Gold-article evaluator: score whole analyses against hand-written gold files.

``stance-reader eval articles DIR [--predictions OUT_DIR]`` reads every ``NN_slug.txt`` of DIR
with its ``NN_slug.gold.json`` (the format of ``../shared/data/conflict_news/README.md``),
analyses the text and prints, per article and in total: quotes found, right speaker,
non-speakers given quotes, speaker stance right, quote stance right.

The rule is the one of ``conflict_news/score_gold.py`` (a test checks both agree):

* a gold quote is *found* when a non-scare predicted quote's normalised text contains it, or
  lies inside it and is at least half its length (the closest length wins);
* its speaker is *right* when the predicted speaker's name or one of its aliases equals one of
  the gold speaker's forms (normalised);
* *speaker stance*: the label of the speaker's stance per target; a gold 0 is also right when
  the speaker entity exists and has no stance entry;
* *quote stance*: -1/0/+1 per gold target of a found quote, an absent target counting as 0;
* a *non-speaker given a quote*: a speaker entity named like one of ``not_speakers`` that
  owns a non-scare quote.

``score_article`` is pure (analysis dict + gold dict → ``ArticleScore``); ``evaluate_dir``
does the reading, analysing and writing.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

GOLD_SUFFIX = ".gold.json"
_LABEL_OF = {-1: "negative", 0: "neutral", 1: "positive"}
_VALUE_OF = {"negative": -1, "neutral": 0, "positive": 1}


class ArticlesError(RuntimeError):
    """A directory or gold file that cannot be evaluated (reported in one line)."""


def norm(s: str) -> str:
    """Text as the scorer compares it: NFKC, straight quotes, trimmed, lower case, one space.

    >>> norm(' “Peace,” he said. ')
    'peace," he said'
    """
    s = unicodedata.normalize("NFKC", s).replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(s.strip(" ,.\"'").lower().split())


@dataclass
class ArticleScore:
    """The figures of one article (or of a total, ``label`` = "total")."""

    label: str
    gold: int = 0
    found: int = 0
    right: int = 0
    non_speakers: list[str] = field(default_factory=list)
    stance_ok: int = 0
    stance_n: int = 0
    quote_stance_ok: int = 0
    quote_stance_n: int = 0
    lines: list[tuple[str, ...]] = field(default_factory=list)

    def summary(self) -> str:
        """The summary line, worded as ``score_gold.py`` prints it."""
        share = self.right / self.gold if self.gold else 0.0
        return (f"{self.label}: quotes found {self.found}/{self.gold}, right speaker {self.right}/{self.gold}"
                f" ({share:.2f}); non-speakers given quotes: {self.non_speakers}; speaker stance right"
                f" {self.stance_ok}/{self.stance_n}; quote stance right {self.quote_stance_ok}/{self.quote_stance_n}")

    def add(self, other: ArticleScore) -> None:
        """Add ``other``'s counts to this total (its detail lines are not copied)."""
        self.gold += other.gold
        self.found += other.found
        self.right += other.right
        self.non_speakers += other.non_speakers
        self.stance_ok += other.stance_ok
        self.stance_n += other.stance_n
        self.quote_stance_ok += other.quote_stance_ok
        self.quote_stance_n += other.quote_stance_n


def quote_stance(quote: dict) -> dict[str, int]:
    """A predicted quote's stance as {target: -1/0/+1}.

    >>> quote_stance({"stance": {"DPRK": {"label": "negative", "score": -0.4}}})
    {'DPRK': -1}
    """
    out = {}
    for target, value in (quote.get("stance") or {}).items():
        label = (value or {}).get("label")
        if label in _VALUE_OF:
            out[target] = _VALUE_OF[label]
    return out


def _matches(gold_text: str, predicted: str) -> bool:
    return bool(predicted) and (gold_text in predicted or (predicted in gold_text and len(predicted) >= 0.5 * len(gold_text)))


def score_article(analysis: dict, gold: dict, label: str = "") -> ArticleScore:
    """Score one analysis document (``Analysis.to_dict()``) against one gold file's dict.

    >>> a = {"speakers": [{"id": "s1", "name": "Ann Lee", "aliases": []}],
    ...      "quotes": [{"text": "We will talk.", "speaker": "s1", "kind": "direct"}]}
    >>> g = {"speakers": {"Ann Lee": ["Lee"]}, "not_speakers": [], "speaker_stance": {},
    ...      "direct_quotes": [{"text": "we will talk", "speaker": "Ann Lee", "stance": {}}]}
    >>> score_article(a, g, "x").summary()
    'x: quotes found 1/1, right speaker 1/1 (1.00); non-speakers given quotes: []; speaker stance right 0/0; quote stance right 0/0'
    """
    speakers = {s["id"]: s for s in analysis.get("speakers", [])}
    alias = {}
    for canon, names in gold["speakers"].items():
        for n in list(names) + [canon]:
            alias[norm(n)] = canon

    def canon_of(sid):
        if sid is None or sid not in speakers:
            return None
        s = speakers[sid]
        for n in [s.get("name", "")] + list(s.get("aliases", []) or []):
            c = alias.get(norm(n))
            if c:
                return c
        return "?" + s.get("name", "")

    res = ArticleScore(label, gold=len(gold["direct_quotes"]))
    all_quotes = analysis.get("quotes", [])
    quotes = [q for q in all_quotes if q.get("kind") != "scare"]
    for gq in gold["direct_quotes"]:
        gt = norm(gq["text"])
        cands = [q for q in quotes if _matches(gt, norm(q.get("text", "")))]
        match = min(cands, key=lambda q: abs(len(norm(q["text"])) - len(gt)), default=None)
        if match is None:
            scare = [q for q in all_quotes if q.get("kind") == "scare" and norm(q.get("text", ""))
                     and (gt in norm(q["text"]) or norm(q["text"]) in gt)]
            why = " (only found as a scare quote)" if scare else ""
            res.lines.append(("MISSED", repr(gq["text"][:90]), "gold=" + gq["speaker"],
                              "gold_stance=" + json.dumps(gq["stance"]) + why))
            continue
        res.found += 1
        got_q = quote_stance(match)
        for target, want in (gq.get("stance") or {}).items():
            res.quote_stance_n += 1
            res.quote_stance_ok += got_q.get(target, 0) == want
        c = canon_of(match.get("speaker"))
        if c == gq["speaker"]:
            res.right += 1
        else:
            res.lines.append(("WRONG", repr(gq["text"][:90]), "got=" + str(c), "gold=" + gq["speaker"],
                              "kind=" + str(match.get("kind")), "cue=" + repr(match.get("cue")),
                              "got_stance=" + json.dumps(got_q), "gold_stance=" + json.dumps(gq["stance"])))
    res.non_speakers = [s["name"] for s in speakers.values()
                        if any(norm(s["name"]) == norm(n) for n in gold["not_speakers"])
                        and any(q.get("speaker") == s["id"] for q in quotes)]
    for canon, targets in gold["speaker_stance"].items():
        sids = [sid for sid in speakers if canon_of(sid) == canon]
        for target, want in targets.items():
            res.stance_n += 1
            got = [x for x in (speakers[s].get("stance", {}).get(target) for s in sids) if x]
            if (got and got[0].get("label") == _LABEL_OF[want]) or (sids and not got and want == 0):
                res.stance_ok += 1
            else:
                shown = ("no speaker entity" if not sids else "no stance" if not got
                         else "%s (%.2f)" % (got[0].get("label"), got[0].get("score", 0)))
                res.lines.append(("STANCE", canon, target, "got=" + shown, "gold=" + _LABEL_OF[want]))
    return res


def article_pairs(directory: Path) -> list[tuple[str, Path, dict]]:
    """(label, text path, gold dict) of every ``NN_slug.txt`` in ``directory`` with a gold file;
    raises ``ArticlesError`` (one line) for a missing directory, no article, or a bad gold file."""
    if not directory.is_dir():
        raise ArticlesError(f"{directory}: not a directory")
    pairs = []
    for txt in sorted(directory.glob("*.txt")):
        gold_path = txt.with_name(txt.stem + GOLD_SUFFIX)
        if not gold_path.is_file():
            continue
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            for key in ("speakers", "not_speakers", "direct_quotes", "speaker_stance"):
                if key not in gold:
                    raise ValueError(f"no {key!r}")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ArticlesError(f"{gold_path}: not a gold file ({exc})") from None
        pairs.append((txt.stem, txt, gold))
    if not pairs:
        raise ArticlesError(f"{directory}: no NN_slug.txt with an NN_slug{GOLD_SUFFIX} beside it")
    return pairs


def read_text(path: Path) -> str:
    """An article's text, decoded as the reader decodes it."""
    from nlp.decode import DecodeError, decode_article

    try:
        return decode_article(path.read_bytes())
    except (OSError, DecodeError) as exc:
        raise ArticlesError(f"{path}: cannot read ({exc})") from None


def evaluate_dir(directory, analyzer, predictions=None, out=None) -> ArticleScore:
    """Analyse (with ``analyzer``, an ``nlp.analyzer.Analyzer``) and score every article of
    ``directory``; print each article's detail lines and summary to ``out`` (when given); write
    each analysis to ``predictions/NN_slug.json``."""
    directory = Path(directory)
    pairs = article_pairs(directory)
    texts = [(label, read_text(path), gold) for label, path, gold in pairs]  # fail before any work
    if predictions is not None:
        predictions = Path(predictions)
        try:
            predictions.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ArticlesError(f"{predictions}: cannot create ({exc.strerror or exc})") from None
    total = ArticleScore("total")
    for label, text, gold in texts:
        analysis = analyzer.analyze(text, source=str(directory / (label + ".txt"))).to_dict()
        if predictions is not None:
            (predictions / (label + ".json")).write_text(json.dumps(analysis, ensure_ascii=False, indent=2),
                                                        encoding="utf-8")
        score = score_article(analysis, gold, label)
        total.add(score)
        if out is not None:
            for line in score.lines:
                print(" ", *line, file=out)
            print(score.summary(), file=out)
            out.flush()
    if out is not None:
        print(total.summary(), file=out)
    return total


def run(args, analyzer) -> int:
    """Entry point of ``stance-reader eval articles DIR``: exit 0 whatever the scores;
    ``analyzer`` (an ``nlp.analyzer.Analyzer``) makes the analyses."""
    try:
        article_pairs(Path(args.dir))  # a bad directory fails before the model loads
        evaluate_dir(args.dir, analyzer, getattr(args, "predictions", None), out=sys.stdout)
    except ArticlesError as exc:
        print(f"stance-reader: error: {exc}", file=sys.stderr)
        return 1
    return 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``articles`` under an existing ``eval`` subparsers object."""
    p = subparsers.add_parser("articles", help="score whole analyses against NN_slug.gold.json files")
    p.add_argument("dir", type=Path, help="directory of NN_slug.txt articles with NN_slug.gold.json beside them")
    p.add_argument("--predictions", type=Path, default=None, metavar="DIR",
                   help="write each analysis as DIR/NN_slug.json")
    p.set_defaults(func=run)
    return p


def main(argv=None) -> int:
    """``python -m evals.articles …``: the same, without the app's settings."""
    from evals import standalone

    return standalone(add_parser, argv)


if __name__ == "__main__":
    sys.exit(main())
