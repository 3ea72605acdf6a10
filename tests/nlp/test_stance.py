"""Stance toward targets: the shipped model, the lexicon/syntax reading, quotes and speakers."""

from __future__ import annotations

import pytest

from nlp.model import Quote, QuoteStance, Speaker, label_for
from nlp.stance import aggregate, mention_score, score_quotes
from nlp.stance_model import LABELS, featurize, load_model, token_valences
from nlp.targets import find_mentions


def _score(nlp, text: str, target: str) -> tuple[float, list[str]]:
    doc = nlp(text)
    i = text.index(target)
    span = doc.char_span(i, i + len(target), alignment_mode="expand")
    score, evidence, _ = mention_score(doc[:], span)
    return score, evidence


def test_shipped_model_loads_and_is_small():
    from importlib import resources

    model = load_model()
    assert model.weights.shape[1] == len(LABELS) == 3
    assert len(model.vocab) == model.weights.shape[0] > 1000
    size = len(resources.files("nlp").joinpath("data", "stance_model.npz").read_bytes())
    assert size < 2 * 1024 * 1024


def test_model_on_clear_sentences(nlp):
    model = load_model()

    def probs(text, target):
        doc = nlp(text)
        i = text.index(target)
        span = doc.char_span(i, i + len(target))
        return model.proba(featurize(doc[:], span))

    neg = probs("The senator is a corrupt liar who betrayed his voters.", "The senator")
    pos = probs("The senator was praised as a brilliant and honest leader.", "The senator")
    assert LABELS[int(neg.argmax())] == "negative"
    assert LABELS[int(pos.argmax())] == "positive"
    assert abs(sum(neg) - 1) < 1e-5


@pytest.mark.parametrize(
    "text,target",
    [
        ("Russia’s illegal aggression and invasion must end.", "Russia"),
        ("North Korea is crossing the line with its provocations.", "North Korea"),
        ("Russia and North Korea are “now an existential threat” to the region.", "Russia"),
        ("Russia and North Korea are “now an existential threat” to the region.", "North Korea"),
        ("This is a violation of the armistice agreement by North Korea.", "North Korea"),
        ("Putin will not prevail in Ukraine.", "Putin"),
        ("Russia’s conventional weapon capability is not as formidable as we expected.", "Russia"),
        ("We will keep sending aid to Ukraine against Russia.", "Russia"),
        ("He condemned Russia’s military relationship with the north.", "Russia"),
        ("Pyongyang’s destabilizing behavior must cease.", "Pyongyang"),
    ],
)
def test_geopolitical_negatives(nlp, text, target):
    score, evidence = _score(nlp, text, target)
    assert score <= -0.1, (score, evidence)
    assert evidence


def test_evidence_names_the_words(nlp):
    score, evidence = _score(nlp, "Russia’s illegal aggression must end.", "Russia")
    assert {"illegal", "aggression"} & set(evidence)


def test_positive_and_neutral(nlp):
    score, _ = _score(nlp, "We welcome Russia’s constructive support for the peace talks.", "Russia")
    assert score >= 0.1
    score, _ = _score(nlp, "The Russian delegation arrived in Geneva on Tuesday.", "Russian")
    assert label_for(score) == "neutral"


def test_negation_flips_and_hedging_damps(nlp):
    plain, _ = _score(nlp, "Russia is a threat to Europe.", "Russia")
    negated, _ = _score(nlp, "Russia is not a threat to Europe.", "Russia")
    hedged, ev = _score(nlp, "Russia might possibly be a threat to Europe.", "Russia")
    assert plain < negated
    assert plain < hedged < 0
    assert any(e.startswith("(hedged") for e in ev)


def test_token_valences_phrases(nlp):
    doc = nlp("North Korea is crossing the line.")
    vals = token_valences(doc[:])
    assert min(vals) < -0.5


def _quotes_in(text):
    """Direct quotes “…” of a text (what attribution would yield), speaker s1."""
    out, i = [], 0
    while True:
        a = text.find("“", i)
        if a < 0:
            return out
        b = text.find("”", a)
        out.append(Quote(f"q{len(out) + 1}", a + 1, b, text[a + 1 : b], speaker="s1"))
        i = b + 1


def test_quote_inherits_context_target_at_lower_weight(nlp):
    text = (
        "Officials said 10,000 North Korean troops have moved to Russia’s border with Ukraine. "
        "“This is a serious violation,” he said.\n\nIn other news, “the talks were fine,” she said."
    )
    doc = nlp(text)
    mentions = find_mentions(doc)
    quotes = _quotes_in(text)
    score_quotes(doc, quotes, mentions, None)
    q1, q2 = quotes
    assert set(q1.stance) == {"DPRK", "Russia"}
    st = q1.stance["DPRK"]
    assert st.label == "negative"
    assert any(e.startswith("(context: North Korean") for e in st.evidence)
    assert "violation" in st.evidence
    assert abs(st.score) <= 0.5 + 1e-9  # inherited targets count at half weight
    assert q2.stance == {}  # another paragraph: no target


def test_scare_quotes_get_no_stance(nlp):
    text = "Russia called the meeting “outstanding” and North Korea a “pariah state”."
    doc = nlp(text)
    quotes = _quotes_in(text)
    for q in quotes:
        q.kind = "scare"
    score_quotes(doc, quotes, find_mentions(doc), None)
    assert all(q.stance == {} for q in quotes)


def test_speaker_who_never_addresses_a_target_has_no_entry():
    a, b = Speaker("s1", "A"), Speaker("s2", "B")
    quotes = [
        Quote("q1", 0, 1, "x", speaker="s1", stance={"Russia": QuoteStance(-0.6, "negative", ["threat"])}),
        Quote("q2", 2, 3, "y", speaker="s1", stance={"Russia": QuoteStance(-0.2, "negative", ["war"])}),
        Quote("q3", 4, 5, "z", speaker="s2"),
    ]
    aggregate([a, b], quotes)
    assert set(a.stance) == {"Russia"}
    assert a.stance["Russia"].quotes == 2
    # the polar quotes' mean, weighted by confidence (0.5 when unknown) × (0.3 + |score|):
    # (−0.6·0.45 − 0.2·0.25) / 0.7
    assert a.stance["Russia"].score == pytest.approx(-0.457, abs=1e-3)
    assert a.stance["Russia"].label == "negative"
    assert a.stance["Russia"].carried_by == ["q1", "q2"]
    assert b.stance == {}


def test_speaker_stance_weighs_confidence_and_polarity():
    """A confident accusation outweighs a doubtful compliment; factual remarks do not dilute
    an accusation to neutral; a speaker who only spoke neutrally has 0, not 'never addressed'."""
    a, b = Speaker("s1", "A"), Speaker("s2", "B")

    def q(i, spk, score, conf):
        return Quote(f"q{i}", i, i + 1, "x", speaker=spk, confidence=conf,
                     stance={"DPRK": QuoteStance(score, label_for(score), [])})

    quotes = [q(1, "s1", -0.5, 0.9), q(2, "s1", 0.5, 0.3), q(3, "s1", 0.0, 0.9), q(4, "s1", 0.02, 0.9),
              q(5, "s2", 0.0, 0.8)]
    aggregate([a, b], quotes)
    assert a.stance["DPRK"].label == "negative"
    assert a.stance["DPRK"].carried_by == ["q1", "q2"]  # the polar quotes, largest weight first
    assert b.stance["DPRK"].label == "neutral" and b.stance["DPRK"].score == 0
    assert b.stance["DPRK"].carried_by == []


@pytest.fixture(scope="module")
def tuned_seed_analysis(nlp, seed_text):
    """The seed as the default (tuned) stance mode analyses it."""
    from nlp.analyzer import Analyzer

    return Analyzer(nlp=nlp, stance="tuned").analyze(seed_text)


@pytest.mark.parametrize("mode", ["fast", "tuned"])
def test_seed_speakers(mode, request):
    a = request.getfixturevalue("seed_analysis" if mode == "fast" else "tuned_seed_analysis")

    def find(part):
        return next((s for s in a.speakers if part in s.name), None)

    austin, kim = find("Austin"), find("Kim")
    assert austin is not None and kim is not None
    for spk in (austin, kim):
        for target in ("Russia", "DPRK"):
            st = spk.stance.get(target)
            assert st is not None, (spk.name, target, spk.stance)
            assert st.label == "negative", (spk.name, target, st)
        quoted = [q for q in a.quotes if q.speaker == spk.id and q.stance]
        assert len(quoted) >= 2
        assert sum(1 for q in quoted for s in q.stance.values() if s.evidence) >= 3
    dod = find("DOD") or find("Department of Defense")
    if dod is not None:
        assert "Russia" not in dod.stance and "DPRK" not in dod.stance


def test_tuned_evidence_is_the_quotes_tone_words_not_the_sparse_models_topic_words(tuned_seed_analysis):
    """In the tuned mode the fine-tuned model is the whole learned part: where it decides, the
    evidence names it, and the words beside it are the quote's own words of the shown tone —
    not the sparse model's strongest features (topic words such as "military", demonyms such as
    "russian"), which took no part in the decision."""
    from nlp.stance_events import TOPIC_WORDS

    decided = [s for q in tuned_seed_analysis.quotes for s in q.stance.values()
               if any(e.startswith("(fine-tuned model: P(") for e in s.evidence)]
    assert len(decided) >= 5
    assert not any(e.startswith("(learned model") for q in tuned_seed_analysis.quotes
                   for s in q.stance.values() for e in s.evidence)
    words = [e for s in decided for e in s.evidence if not e.startswith("(")]
    assert words, "the tone words of the quotes"
    assert not [w for w in words if w.lower() in TOPIC_WORDS | {"russian", "korean", "north"}], words


def test_tone_words_read_a_negated_noun_as_the_relation_layer_does(nlp):
    """"never accept the provocations" blames: a negator before a noun negates its verb, so the
    noun keeps its own (negative) tone as evidence, and is no word of praise."""
    from nlp.stance import tone_words
    from nlp.stance_model import SentenceTree, valence_details

    doc = nlp("We will never accept the provocations of Russia.")
    sent = doc[:]
    toks = list(sent)
    vals, labels = valence_details(sent)
    near = SentenceTree(sent, toks).distances(next(t.i for t in doc if t.text == "Russia"))
    assert "never accept the provocations" in tone_words(toks, vals, labels, -1, near)
    assert tone_words(toks, vals, labels, 1, near) == []


def test_this_is_pretty_serious_after_north_korean_troops(nlp):
    text = (
        "At least 10,000 North Korean troops have moved toward Ukraine, officials said. "
        "“This is pretty serious,” he said."
    )
    doc = nlp(text)
    quotes = _quotes_in(text)
    score_quotes(doc, quotes, find_mentions(doc), None)
    st = quotes[0].stance["DPRK"]
    assert st.label == "negative"
    assert "serious" in st.evidence
    assert "(context: North Korean troops)" in st.evidence


@pytest.mark.parametrize("chain, want", [
    # a chain of subject "it" reaches back past the two-sentence window to what it names
    ("“Secondly, it should release every hostage.” “It also has to condemn the shelling.” "
     "“Thirdly, it should stop its war-like rhetoric and act in a civilized manner.”", True),
    # a sentence without the pronoun breaks the chain: nothing three sentences back
    ("“Secondly, the hostages must be released.” “The shelling must end.” "
     "“Thirdly, it should stop its war-like rhetoric and act in a civilized manner.”", False),
])
def test_a_chain_of_it_reaches_back_to_the_state_it_names(nlp, chain, want):
    text = "“First, Russia should withdraw its army from the border.” " + chain
    doc = nlp(text)
    quotes = _quotes_in(text)
    score_quotes(doc, quotes, find_mentions(doc), None)
    last = quotes[-1].stance.get("Russia")
    assert (last is not None and "(context: Russia)" in last.evidence) == want, last
    if want:
        assert last.label == "negative"


def _tiny_vectors():
    import numpy as np

    from nlp.stance_model import WordVectors

    words = ["praised", "brilliant", "senator", "corrupt", "the", "was"]
    vecs = np.eye(len(words), 4, dtype=np.float32)
    return WordVectors({w: i for i, w in enumerate(words)}, vecs, np.ones(len(words), dtype=np.float32))


def test_word_vector_features_mask_the_target_and_skip_unknown_words(nlp):
    from nlp.stance_model import context_words

    wv = _tiny_vectors()
    text = "The senator was praised as a brilliant leader."
    doc = nlp(text)
    span = doc.char_span(0, len("The senator"))
    groups = context_words(doc[:], span)
    assert all(w[0] not in ("the", "senator") for w in groups["s"])  # the target is masked
    assert [w[0] for w in groups["l"]] == []
    f = featurize(doc[:], span, vectors=wv)
    dense = {k: v for k, v in f.items() if k.startswith("es:")}
    assert len(dense) == 4
    # mean of "was" (a zero vector in this table), "praised" (e0) and "brilliant" (e1); "as",
    # "a", "leader" are unknown: no vector and no weight
    assert abs(dense["es:0"] - 1 / 3) < 1e-5 and abs(dense["es:1"] - 1 / 3) < 1e-5
    assert dense["es:2"] == dense["es:3"] == 0.0
    assert not any(k.startswith("el:") for k in f)  # nothing to the left of the target
    assert not any(k[:3] in ("es:", "el:", "er:", "et:") for k in featurize(doc[:], span, vectors=False))


def test_dense_block_training_folds_the_standardisation(nlp):
    import numpy as np

    from train.stance_model import Sparse, fit, split_dense

    rng = np.random.default_rng(1)
    rows = [{"bias": 1.0, "es:0": float(x), "w:a": 1.0} for x in rng.normal(3.0, 2.0, 60)]
    y = np.array([2 if r["es:0"] > 3.0 else 0 for r in rows])
    sparse, M, names = split_dense(rows)
    assert names == ["es:0"] and all("es:0" not in r for r in sparse)
    vocab = {"bias": 0, "w:a": 1}
    mu, sd = M.mean(0), M.std(0)
    W, Wd, b = fit(Sparse(sparse, vocab), y, 1e-4, 200, dense=(M - mu) / sd, l2_dense=1e-4)
    Wd_raw = Wd / sd[:, None]
    z_std = Sparse(sparse, vocab).dot(W) + ((M - mu) / sd) @ Wd + b
    z_raw = Sparse(sparse, vocab).dot(W) + M @ Wd_raw + (b - mu @ Wd_raw)
    assert np.allclose(z_std, z_raw)
    assert (z_raw.argmax(1) == y).mean() > 0.9


def test_shared_sentence_work_changes_no_stance(nlp, seed_text):
    """score_quotes computes a sentence's tokens, dependency tree and tree distances once and
    shares them between every target mention (and memoises each mention's score): each shared
    result must equal a fresh computation, mention by mention, on the seed article."""
    from nlp.stance_model import SentenceTree, sentence_graph, tree_distances, valence_details
    from nlp.stance_relations import read_target, relation_valences

    doc = nlp(seed_text)
    mentions = find_mentions(doc)
    checked = 0
    for sent in doc.sents:
        toks = list(sent)
        tree = SentenceTree(sent, toks)
        vals, labels = valence_details(sent)
        rvals = relation_valences(sent, vals)
        assert relation_valences(sent, vals, toks) == rvals
        for m in mentions:
            if not (sent.start_char <= m.start and m.end <= sent.end_char):
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            root = span.root.i
            assert tree.distances(root) is tree.distances(root)  # computed once
            assert tree.distances(root) == tree_distances(sentence_graph(sent), root)
            assert featurize(sent, span, vals, 0.3, tree=tree, toks=toks) == featurize(sent, span, vals, 0.3)
            shared = read_target(sent, span, rvals, None, labels, tree=tree, toks=toks)
            fresh = read_target(sent, span, rvals, None, labels)
            assert (shared.score, shared.evidence, shared.hedged) == (fresh.score, fresh.evidence, fresh.hedged)
            assert mention_score(sent, span, tree=tree, toks=toks)[:2] == mention_score(sent, span)[:2]
            checked += 1
    assert checked >= 10


def test_score_quotes_with_mentions_out_of_order(nlp):
    """score_quotes finds a quote's mentions by bisection when they are sorted (as find_mentions
    gives them) and by a scan otherwise: either way the same mentions count."""
    text = "“Russia’s aggression is illegal,” he said. “North Korea is a threat,” she said."
    doc = nlp(text)
    mentions = find_mentions(doc)
    assert len(mentions) >= 2
    sorted_quotes, reversed_quotes = _quotes_in(text), _quotes_in(text)
    score_quotes(doc, sorted_quotes, mentions, None)
    score_quotes(doc, reversed_quotes, list(reversed(mentions)), None)
    assert [q.stance for q in sorted_quotes] == [q.stance for q in reversed_quotes]
    assert set(sorted_quotes[0].stance) == {"Russia"} and set(sorted_quotes[1].stance) == {"DPRK"}


def test_a_report_of_figures_that_evaluates_nothing_is_neutral(nlp):
    """The learned model reads the tone of a sentence that reports figures ("about 2,000 North
    Korean soldiers … killed"); a report of facts is 0 unless the speaker evaluates it (the issue's
    "factual = neutral") — but an evaluation in it still counts."""
    from nlp.analyzer import Analyzer

    text = ("“About 2,000 North Korean soldiers were believed to have been killed fighting for Russia,” the lawmaker "
            "said.\n\n“North Korea's 30 reckless missile launches are a grave threat,” the minister said.")
    doc = nlp(text)
    quotes = _quotes_in(text)
    score_quotes(doc, quotes, find_mentions(doc), None, accurate=Analyzer(nlp=nlp, stance="tuned").accurate)
    facts, judged = quotes
    assert facts.stance["DPRK"].label == "neutral" and "(a report of figures)" in facts.stance["DPRK"].evidence
    assert judged.stance["DPRK"].label == "negative"
