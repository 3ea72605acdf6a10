from nlp.model import Analysis, label_for


def test_analysis_round_trips_through_its_json_form(seed_analysis):
    doc = seed_analysis.to_dict()
    assert Analysis.from_dict(doc).to_dict() == doc


def test_labels_follow_the_score():
    assert label_for(-0.5) == "negative"
    assert label_for(0.0) == "neutral"
    assert label_for(0.4) == "positive"
