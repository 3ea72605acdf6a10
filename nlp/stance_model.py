"""The learned part of stance: a multinomial logistic regression over target-aware features.

Trained on NewsMTSC (sentiment toward a marked target in news sentences; see
``train/stance_model.py`` and ``nlp/data/README.md``). Features come from the spaCy parse of
the sentence: words (with the target masked), the words beside the target, the target's
syntactic role and head, and lexicon valences bucketed by distance from the target in the
dependency tree (with negation flipping them). Pure numpy at inference time.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

import numpy as np

from .stance_lexicon import HEDGES, INTENSIFIERS, NEGATORS, phrase_index, valences

LABELS = ("negative", "neutral", "positive")
MODEL_FILE = "stance_model.npz"
VECTORS_FILE = "word_vectors.npz"
_GROUPS = ("s", "l", "r", "t")  # dense context groups: sentence, left/right window, tree neighbours
_PRONOUNS = frozenset("he she his her him they them their it its i we our us you your".split())
_WORD_KINDS = frozenset({"w", "L", "R", "L1", "R1", "mod", "hl", "nph", "vp", "vn"})
_SEP = "\x1f"  # separates feature names in the saved model (never inside a name)
_SKIP_POS = frozenset({"PUNCT", "SPACE", "DET"})


def _norm(tok) -> str:
    if tok.like_num:
        return "<num>"
    if tok.is_space:
        return "<sp>"
    return "".join(tok.lower_.split())


def _lem(tok) -> str:
    return "".join(tok.lemma_.lower().split()) or "<sp>"


def _valence(tok, lex) -> float:
    w = tok.lower_
    v = lex.get(w)
    if v is None:
        v = lex.get(tok.lemma_.lower(), 0.0)
    return v


def token_valences(sent) -> list[float]:
    """Valence of every token of ``sent`` (VADER + geopolitical lexicon, phrases override),
    with negation (a ``neg`` dependent or a negator in the three words before) flipping it."""
    return valence_details(sent)[0]


def valence_details(sent) -> tuple[list[float], list[str]]:
    """``token_valences`` plus, per token, the words to show as evidence for it (the whole
    phrase for a phrase, "not …" for a negated word)."""
    lex = valences()
    toks = list(sent)
    vals = [_valence(t, lex) for t in toks]
    labels = [t.text for t in toks]
    lowers = [t.lower_ for t in toks]
    lemmas = [t.lemma_.lower() for t in toks]
    index = phrase_index()
    i = 0
    phrase_at: set[int] = set()
    while i < len(toks):
        hit = None
        for words, val in index.get(lowers[i], []) + index.get(lemmas[i], []):
            n = len(words)
            if tuple(lowers[i : i + n]) == words or tuple(lemmas[i : i + n]) == words:
                hit = (n, val)
                break
        if hit:
            n, val = hit
            for j in range(i, i + n):
                vals[j] = 0.0
            vals[i + n - 1] = val
            labels[i + n - 1] = sent.doc[toks[i].i : toks[i + n - 1].i + 1].text
            phrase_at.update(range(i, i + n))
            i += n
        else:
            i += 1
    for i, t in enumerate(toks):
        if not vals[i] or i in phrase_at:
            continue
        if lowers[i] in INTENSIFIERS and t.dep_ == "advmod":
            vals[i] = 0.0  # "pretty serious": a degree, not praise
            continue
        neg = next((c for c in t.children if c.dep_ == "neg"), None)
        if neg is None:
            neg = next((toks[j] for j in range(max(0, i - 3), i) if lowers[j] in NEGATORS), None)
        if neg is None and t.head is not t and t.dep_ in ("amod", "advmod", "acomp", "attr", "dobj"):
            neg = next((c for c in t.head.children if c.dep_ == "neg"), None)
        if neg is not None:
            vals[i] = -0.6 * vals[i]
            lo, hi = min(neg.i, t.i), max(neg.i, t.i)
            labels[i] = sent.doc[lo : hi + 1].text if hi - lo <= 3 else f"{neg.text} … {t.text}"
    return vals, labels


def sentence_graph(sent, toks=None) -> dict[int, list[int]]:
    """The dependency tree of ``sent`` as an undirected adjacency list (token index → neighbours).
    ``toks``: ``list(sent)`` if the caller has it (spaCy builds a Token object per access)."""
    adj: dict[int, list[int]] = {}
    s0, s1 = sent.start, sent.end
    for t in sent if toks is None else toks:
        h = t.head.i
        if h != t.i and s0 <= h < s1:
            adj.setdefault(t.i, []).append(h)
            adj.setdefault(h, []).append(t.i)
    return adj


def tree_distances(adj: dict[int, list[int]], start: int) -> dict[int, int]:
    """Distance (edges) from token ``start`` to every token reachable in ``adj``."""
    dist = {start: 0}
    frontier = [start]
    while frontier:
        nxt = []
        for i in frontier:
            d = dist[i] + 1
            for j in adj.get(i, ()):
                if j not in dist:
                    dist[j] = d
                    nxt.append(j)
        frontier = nxt
    return dist


class SentenceTree:
    """The dependency graph of one sentence and the tree distances from each start token, each
    computed once and shared (every target mention of a sentence, the lexicon reading and the
    learned model's features). The distance maps are shared: read them, never change them."""

    __slots__ = ("adj", "_dist")

    def __init__(self, sent, toks=None, adj=None):
        self.adj = adj if adj is not None else sentence_graph(sent, toks)
        self._dist: dict[int, dict[int, int]] = {}

    def distances(self, start: int) -> dict[int, int]:
        """``tree_distances(self.adj, start)``, cached."""
        got = self._dist.get(start)
        if got is None:
            got = self._dist[start] = tree_distances(self.adj, start)
        return got


def featurize(
    sent, target, vals: list[float] | None = None, compound: float | None = None, adj=None, vectors=None,
    tree: SentenceTree | None = None, toks=None,
) -> dict[str, float]:
    """Features of the sentence span ``sent`` toward the target span ``target`` (both spaCy Spans
    of the same Doc; ``target`` inside ``sent``): sparse parse/lexicon features plus, when the
    word-vector table ships (or ``vectors`` is given), dense context means ``e<group>:<dim>``.
    ``tree`` (the sentence's shared ``SentenceTree``) and ``toks`` (``list(sent)``) only save
    recomputing them."""
    f: dict[str, float] = {"bias": 1.0}
    if toks is None:
        toks = list(sent)
    s0 = sent.start
    t_lo, t_hi = target.start, target.end
    if vals is None:
        vals = token_valences(sent)
    words = []
    for t in toks:
        if t_lo <= t.i < t_hi:
            if not words or words[-1] != "<T>":
                words.append("<T>")
        elif t.pos_ not in _SKIP_POS:
            words.append(_norm(t))
    for w in words:
        f["w:" + w] = 1.0
    for a, b in zip(words, words[1:]):
        f["b:" + a + "_" + b] = 1.0
    # words beside the target
    s1 = sent.end

    def between(a: int, b: int):  # sent.doc[a:b], from toks where it lies in the sentence
        return toks[a - s0 : b - s0] if s0 <= a <= b <= s1 else sent.doc[a:b]

    left = [w for w in (_norm(t) for t in between(max(s0, t_lo - 4), t_lo) if not t.is_punct)]
    right = [w for w in (_norm(t) for t in between(t_hi, min(s1, t_hi + 4)) if not t.is_punct)]
    for w in left:
        f["L:" + w] = 1.0
    for w in right:
        f["R:" + w] = 1.0
    if left:
        f["L1:" + left[-1]] = 1.0
    if right:
        f["R1:" + right[0]] = 1.0
    # the target itself
    root = target.root
    ttext = target.text.lower()
    if ttext in _PRONOUNS:
        f["tpron"] = 1.0
    f["tdep:" + root.dep_] = 1.0
    head = root.head
    f["hd:" + root.dep_ + ":" + _lem(head)] = 1.0
    f["hl:" + _lem(head)] = 1.0
    if head.head is not head:
        f["hh:" + _lem(head.head)] = 1.0
    for c in root.children:
        if not (t_lo <= c.i < t_hi) and c.pos_ not in _SKIP_POS:
            f["mod:" + _lem(c)] = 1.0
    for c in head.children:
        if c is not root and c.pos_ not in _SKIP_POS:
            f["sib:" + c.dep_ + ":" + _lem(c)] = 1.0
    hv = vals[head.i - s0] if s0 <= head.i < sent.end else 0.0
    hs = "neg" if hv < 0 else "pos" if hv > 0 else "0"
    f["rv:" + root.dep_ + ":" + hs] = 1.0
    # valences by tree distance from the target
    if tree is not None:
        dist = tree.distances(root.i)
    else:
        dist = tree_distances(adj if adj is not None else sentence_graph(sent, toks), root.i)
    pos_d = [0.0] * 5
    neg_d = [0.0] * 5
    for t, v in zip(toks, vals):
        if not v or t_lo <= t.i < t_hi:
            continue
        d = min(dist.get(t.i, 4), 4)
        if v > 0:
            pos_d[d] += v / 4
        else:
            neg_d[d] -= v / 4
        f[("vp:" if v > 0 else "vn:") + str(min(d, 3)) + ":" + _lem(t)] = 1.0
    # the noun phrase the target sits in ("Russia’s aggression" → aggression) and its role
    nph = root
    for _ in range(3):
        if nph.dep_ in ("poss", "compound", "amod", "nmod", "appos") and nph.head is not nph:
            nph = nph.head
        else:
            break
    if nph is not root:
        f["nph:" + _lem(nph)] = 1.0
        f["nprole:" + nph.dep_ + ":" + _lem(nph.head)] = 1.0
        nv = vals[nph.i - s0] if s0 <= nph.i < sent.end else 0.0
        if nv:
            f["npv:" + ("neg" if nv < 0 else "pos")] = abs(nv) / 4
    # dependency paths from the target to evaluative words (up to three edges)
    anc = {root.i: ""}
    node, path = root, ""
    for _ in range(3):
        if node.head is node:
            break
        path += "^" + node.dep_
        node = node.head
        anc[node.i] = path
    for t, v in zip(toks, vals):
        if not v or t_lo <= t.i < t_hi:
            continue
        sign = "-" if v < 0 else "+"
        p_up = anc.get(t.i)
        if p_up is not None:
            f["vpath:" + p_up + sign] = 1.0
        elif t.head.i in anc:
            f["vpath:" + anc[t.head.i] + "v" + t.dep_ + sign] = 1.0
    for d in range(1, 5):
        f[f"pos{d}"] = pos_d[d]
        f[f"neg{d}"] = neg_d[d]
    f["posall"] = sum(pos_d)
    f["negall"] = sum(neg_d)
    lin_pos = sum(v for v in vals if v > 0) / 4
    lin_neg = -sum(v for v in vals if v < 0) / 4
    f["spos"] = lin_pos
    f["sneg"] = lin_neg
    if compound is not None:
        f["vader"] = compound
        f["vader+" if compound >= 0.05 else "vader-" if compound <= -0.05 else "vader0"] = 1.0
    if any(t.lower_ in HEDGES for t in toks):
        f["hedge"] = 1.0
    if any(t.lower_ in NEGATORS or t.dep_ == "neg" for t in toks):
        f["negation"] = 1.0
    q = sum(1 for t in between(s0, t_lo) if t.text in ('"', "“", "”"))
    if q % 2 == 1:
        f["tinquote"] = 1.0
    wv = load_vectors() if vectors is None else vectors  # vectors=False: no dense features
    if wv:
        f.update(wv.features(context_words(sent, target, dist)))
    return f


def context_words(sent, target, dist: dict[int, int] | None = None, window: int = 5) -> dict[str, list[tuple[str, str]]]:
    """The words around the target (target masked), as (lower, lemma) pairs, in four groups:
    ``s`` the whole sentence, ``l``/``r`` the ``window`` nearest words left/right of the target,
    ``t`` the words one or two dependency edges from the target's root."""
    t_lo, t_hi = target.start, target.end
    if dist is None:
        dist = tree_distances(sentence_graph(sent), target.root.i)
    groups: dict[str, list[tuple[str, str]]] = {g: [] for g in _GROUPS}
    left: list[tuple[str, str]] = []
    for t in sent:
        if t_lo <= t.i < t_hi or t.is_punct or t.is_space or t.like_num:
            continue
        w = (t.lower_, t.lemma_.lower())
        groups["s"].append(w)
        if t.i < t_lo:
            left.append(w)
        elif len(groups["r"]) < window:
            groups["r"].append(w)
        if 1 <= dist.get(t.i, 99) <= 2:
            groups["t"].append(w)
    groups["l"] = left[-window:]
    return groups


@dataclass
class WordVectors:
    """Static word vectors distilled from all-MiniLM-L6-v2 (``train/distill_vectors.py``) with a
    SIF weight per word; unknown words count as absent."""

    index: dict[str, int]
    vectors: np.ndarray  # (words, dims) float32
    weights: np.ndarray  # (words,) float32

    def mean(self, words: list[tuple[str, str]]) -> np.ndarray | None:
        get = self.index.get
        idx = []
        for lower, lemma in words:
            j = get(lower)
            if j is None:
                j = get(lemma)
            if j is not None:
                idx.append(j)
        if not idx:
            return None
        w = self.weights[idx]
        return (w @ self.vectors[idx]) / w.sum()

    def features(self, groups: dict[str, list[tuple[str, str]]]) -> dict[str, float]:
        f: dict[str, float] = {}
        for g in _GROUPS:
            m = self.mean(groups.get(g, []))
            if m is not None:
                f.update(zip([f"e{g}:{j}" for j in range(len(m))], m.tolist()))
        return f

    @classmethod
    def from_bytes(cls, data: bytes) -> WordVectors:
        z = np.load(io.BytesIO(data))
        words = z["words"].tobytes().decode("utf-8").split(_SEP)
        return cls({w: i for i, w in enumerate(words)}, z["vectors"].astype(np.float32), z["weights"].astype(np.float32))


@lru_cache(maxsize=1)
def load_vectors() -> WordVectors | None:
    """The shipped word vectors (package data ``nlp/data/word_vectors.npz``), or None if absent."""
    path = resources.files("nlp").joinpath("data", VECTORS_FILE)
    if not path.is_file():
        return None
    return WordVectors.from_bytes(path.read_bytes())


@dataclass
class StanceModel:
    vocab: dict[str, int]
    weights: np.ndarray  # (features, 3) float32
    bias: np.ndarray  # (3,)

    def logits(self, feats: dict[str, float]) -> np.ndarray:
        get = self.vocab.get
        idx, vs = [], []
        for k, v in feats.items():
            j = get(k)
            if j is not None:
                idx.append(j)
                vs.append(v)
        val = np.asarray(vs, dtype=np.float32)
        return self.bias + val @ self.weights[idx] if idx else self.bias.copy()

    def top_words(self, feats: dict[str, float], cls: int, k: int = 3) -> list[str]:
        """The words whose features pushed hardest toward class ``cls`` (for evidence): a
        feature's value times its weight for ``cls`` above the mean of its three weights."""
        words, idx, vals = [], [], []
        get = self.vocab.get
        for name, v in feats.items():
            j = get(name)
            kind, _, word = name.partition(":")
            if j is None or kind not in _WORD_KINDS:
                continue
            word = word.rpartition(":")[2]
            if not word or word.startswith("<") or not any(ch.isalpha() for ch in word):
                continue
            words.append(word)
            idx.append(j)
            vals.append(v)
        if not idx:
            return []
        # one gather for all the features (a numpy call per feature cost more than the rest)
        contrib = (np.asarray(vals, dtype=np.float32) * self.centered[idx, cls]).tolist()
        scored: dict[str, float] = {}
        for word, c in zip(words, contrib):
            if c > scored.get(word, 0.0):
                scored[word] = c
        return [w for w, c in sorted(scored.items(), key=lambda x: -x[1])[:k] if c > 0.05]

    @cached_property
    def centered(self) -> np.ndarray:
        """The weights minus each feature's mean weight (computed once)."""
        return self.weights - self.weights.mean(axis=1, keepdims=True)

    def proba(self, feats: dict[str, float]) -> np.ndarray:
        z = self.logits(feats)
        z = z - z.max()
        e = np.exp(z)
        return e / e.sum()

    def save(self, path) -> None:
        names = _SEP.join(sorted(self.vocab, key=self.vocab.get)).encode("utf-8")
        np.savez_compressed(
            path,
            names=np.frombuffer(names, dtype=np.uint8),
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> StanceModel:
        z = np.load(io.BytesIO(data))
        names = z["names"].tobytes().decode("utf-8").split(_SEP)
        return cls({n: i for i, n in enumerate(names)}, z["weights"].astype(np.float32), z["bias"].astype(np.float32))


@lru_cache(maxsize=1)
def load_model() -> StanceModel:
    """The shipped model (package data ``nlp/data/stance_model.npz``)."""
    data = resources.files("nlp").joinpath("data", MODEL_FILE).read_bytes()
    return StanceModel.from_bytes(data)


def score_from_proba(p: np.ndarray) -> float:
    """A score in [−1, 1]: P(positive) − P(negative)."""
    return float(p[2] - p[0])
