"""The Analyzer: one way to analyse, giving what ``nlp.analyze.analyze`` gives."""

from __future__ import annotations

import subprocess
import sys

import pytest

import nlp.parse as parse_module
from nlp.analyze import analyze
from nlp.analyzer import Analyzer
from nlp.encoder import EncoderError
from nlp.pipeline import DEFAULT_MODEL, ModelNotFound
from nlp.targets import TargetsError, load_targets
from tui.sources import seed_path

SHORT = "“We will not bow to threats from Moscow,” the foreign minister said on Tuesday.\n"


def test_analyze_gives_the_seed_articles_analysis(nlp, seed_text, seed_analysis):
    got = Analyzer(DEFAULT_MODEL).analyze(seed_text, source=str(seed_path()))
    assert got.to_dict() == seed_analysis.to_dict()
    # what the seed article is known to hold (tests/nlp/test_attribution.py has the details)
    speakers = {s.id: s.name for s in got.speakers}
    assert any("Austin" in speakers.get(q.speaker, "") for q in got.quotes)
    assert got.pipeline.model == DEFAULT_MODEL


def test_pipe_gives_the_same_analyses_long_texts_last(nlp, seed_text, monkeypatch):
    monkeypatch.setattr(parse_module, "CHUNK_CHARS", 2_000)
    analyzer = Analyzer(nlp=nlp)
    got = list(analyzer.pipe([(seed_text, "seed.txt"), (SHORT, "short.txt")]))
    assert [key for _, key in got] == ["short.txt", "seed.txt"]  # the seed is long now: parsed in chunks, after
    for analysis, key in got:
        text = seed_text if key == "seed.txt" else SHORT
        assert analysis.to_dict() == analyze(text, nlp, source=key, model_name=DEFAULT_MODEL).to_dict()


def test_pipe_reports_a_failed_text_and_goes_on(nlp):
    failed = []

    def source(key):
        if key == "bad":
            raise ValueError("no source for this one")
        return key

    got = list(Analyzer(nlp=nlp).pipe([(SHORT, "bad"), (SHORT, "good")], source=source,
                                      on_error=lambda key, exc: failed.append((key, str(exc)))))
    assert [key for _, key in got] == ["good"]
    assert failed == [("bad", "no source for this one")]
    with pytest.raises(ValueError):  # without on_error, the failure ends the run
        list(Analyzer(nlp=nlp).pipe([(SHORT, "bad")], source=source))


def test_targets_from_a_file_are_scored(nlp, tmp_path):
    extra = tmp_path / "targets.toml"
    extra.write_text('[targets.Ukraine]\nnames = ["Ukraine", "Kyiv"]\n', encoding="utf-8")
    text = "“Kyiv will never surrender to Russia’s aggression,” Zelensky said on Monday.\n"
    by_path = Analyzer(nlp=nlp, targets=extra).analyze(text)
    by_value = Analyzer(nlp=nlp, targets=load_targets(extra)).analyze(text)
    assert {m.target for m in by_path.mentions} == {"Russia", "Ukraine"}
    assert by_path.to_dict() == by_value.to_dict()


def test_problems_are_found_before_any_work(tmp_path):
    bad = tmp_path / "targets.toml"
    bad.write_text('[targets.China]\nnames = ["China"\n', encoding="utf-8")
    with pytest.raises(TargetsError):
        Analyzer(targets=bad).check()
    with pytest.raises(EncoderError, match="model.safetensors|config.json|tokenizer.json"):
        Analyzer(stance="accurate", encoder=tmp_path).check()  # a folder without the encoder's files
    with pytest.raises(ModelNotFound, match="not installed"):
        Analyzer("no_such_pipeline").analyze(SHORT)
    assert Analyzer("no_such_pipeline").check().model == "no_such_pipeline"  # check loads no pipeline


def test_accurate_mode_gives_what_the_encoder_gives_and_names_itself(nlp, encoder_dir, accurate):
    analysis = Analyzer(nlp=nlp, stance="accurate", encoder=encoder_dir).analyze(SHORT)
    assert analysis.pipeline.model == DEFAULT_MODEL + "+minilm-stance"
    assert analysis.to_dict() == analyze(SHORT, nlp, model_name=DEFAULT_MODEL, accurate=accurate).to_dict()
    assert analysis.to_dict() != Analyzer(nlp=nlp).analyze(SHORT).to_dict()


def test_evals_and_nlp_do_not_import_the_app():
    code = ("import sys, evals.newsmtsc, evals.polnear, nlp.analyzer, nlp.stance_encoder; "
            "print(sorted(m for m in sys.modules if m == 'tui' or m.startswith('tui.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_tuned_mode_reads_with_the_fine_tuned_model_and_names_itself(nlp):
    import numpy as np

    from nlp.model import Pipeline
    from nlp.stance import learned_proba
    from nlp.stance_finetuned import load_pair
    from nlp.stance_model import featurize, valence_details

    analyzer = Analyzer(nlp=nlp, stance="tuned").check()
    assert analyzer.name == DEFAULT_MODEL + "+tuned-stance"
    text = "Moscow has shown contempt for its neighbours."
    assert analyzer.accurate.probs([(text, 0, 6)]).tolist() == load_pair().probs([(text, 0, 6)]).tolist()
    # the fine-tuned pair is the whole learned part: no average with the sparse model
    doc = nlp(text)
    feats = featurize(doc[:], doc[0:1], valence_details(doc[:])[0])
    assert np.allclose(learned_proba(doc[:], doc[0:1], feats, analyzer.accurate), load_pair().probs([(text, 0, 6)])[0])
    analysis = analyzer.analyze(SHORT)
    assert analysis.pipeline.model == DEFAULT_MODEL + "+tuned-stance"
    assert Pipeline(**analysis.pipeline.to_dict()).stance_mode == "tuned"
    assert Analyzer(nlp=nlp).analyze(SHORT).pipeline.stance_mode == "fast"
