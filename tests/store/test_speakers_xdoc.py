"""Speakers across articles: one entity per person, merge/split kept across re-analysis."""

from __future__ import annotations

import csv
import io
import json

from nlp.model import Analysis, Pipeline, Quote, QuoteStance, Speaker
from store.articles import Store
from store.library import Library
from store.speakers_xdoc import Speakers, normalise


def doc(text: str, speakers: list[tuple[str, str, list[str]]], quotes: list[tuple[str, str, float]]) -> Analysis:
    """An analysis with the given speakers (id, name, aliases) and quotes (text, speaker, stance toward Russia)."""
    qs = []
    for i, (qtext, speaker, score) in enumerate(quotes):
        start = text.index(qtext)
        label = "negative" if score < -0.1 else "positive" if score > 0.1 else "neutral"
        qs.append(Quote(f"q{i}", start, start + len(qtext), qtext, speaker=speaker, confidence=0.9,
                        stance={"Russia": QuoteStance(score, label, [])}))
    return Analysis("t", text, Pipeline("m", "1"), speakers=[Speaker(i, n, "person", a) for i, n, a in speakers], quotes=qs)


def add(store, library, text, date, speakers, quotes):
    article_id = store.add_article(text, f"{date}.txt")
    library.set_meta(article_id, title=f"Story {date}", date=date)
    store.save_analysis(article_id, doc(text, speakers, quotes))
    return article_id


def test_normalise_drops_titles_initials_and_possessives():
    assert normalise("Defense Secretary Lloyd J. Austin III") == "lloyd austin"
    assert normalise("Austin’s") == "austin"
    assert normalise("Mr. Kim Yong-hyun") == "kim yong-hyun"


def test_same_person_across_articles_is_one_entity_with_history_and_export(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    library = Library(store)
    a1 = add(store, library, "Austin said “Russia is wrong.” Zakharova said “No.”", "2024-10-01",
             [("s1", "Lloyd Austin", ["Austin"]), ("s2", "Maria Zakharova", [])],
             [("Russia is wrong.", "s1", -0.6), ("No.", "s2", 0.0)])
    a2 = add(store, library, "“Russia must talk,” Secretary Lloyd J. Austin said.", "2024-11-05",
             [("s1", "Lloyd J. Austin", [])], [("Russia must talk,", "s1", 0.2)])
    a3 = add(store, library, "“Russia helps,” Austin said.", "2024-12-01",
             [("s1", "Austin", [])], [("Russia helps,", "s1", 0.5)])
    speakers = Speakers(store)
    austin = speakers.entity_of(a1, "s1")
    assert speakers.entity_of(a2, "s1") == austin
    assert speakers.entity_of(a3, "s1") == austin, "a bare surname joins the one entity with that surname"
    assert speakers.entity_of(a1, "s2") != austin
    entity = speakers.entity(austin)
    assert entity.articles == 3 and entity.quotes == 3
    assert {"Lloyd Austin", "Lloyd J. Austin", "Austin"} <= set(entity.aliases)

    quotes = speakers.quotes(austin)
    assert [q.date for q in quotes] == ["2024-10-01", "2024-11-05", "2024-12-01"]
    timeline = speakers.timeline(austin)
    assert [round(s, 2) for _, s, _ in timeline["Russia"]] == [-0.6, 0.2, 0.5]

    rows = list(csv.reader(io.StringIO(speakers.export(austin, "csv"))))
    assert rows[0][-1] == "stance:Russia" and len(rows) == 4 and rows[1][-1] == "-0.600"
    exported = json.loads(speakers.export(austin, "json"))
    assert exported["entity"]["id"] == austin and len(exported["timeline"]["Russia"]) == 3
    store.close()


def test_merge_and_split_survive_reanalysis(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    library = Library(store)
    a1 = add(store, library, "“Russia lies,” Zakharova said.", "2024-10-01",
             [("s1", "Maria Zakharova", [])], [("Russia lies,", "s1", -0.5)])
    a2 = add(store, library, "“Russia is fine,” Maria Vladimirovna Zakharova said.", "2024-10-02",
             [("s1", "Maria Vladimirovna Zakharova", [])], [("Russia is fine,", "s1", 0.4)])
    speakers = Speakers(store)
    e1, e2 = speakers.entity_of(a1, "s1"), speakers.entity_of(a2, "s1")
    assert e1 != e2
    speakers.merge(e1, e2)
    assert speakers.entity_of(a2, "s1") == e1 and speakers.entity(e2) is None
    assert speakers.entity(e1).articles == 2

    # a new analysis of article 2 keeps the user's merge
    store.save_analysis(a2, doc("“Russia is fine,” Maria Vladimirovna Zakharova said.",
                                [("s1", "Maria Vladimirovna Zakharova", [])], [("Russia is fine,", "s1", 0.3)]))
    store.db.conn.execute("update analyses set created = 'later' where article_id = ?", [a2])
    speakers = Speakers(store)
    assert speakers.entity_of(a2, "s1") == e1

    new = speakers.split(e1, [a2])
    assert speakers.entity_of(a2, "s1") == new and speakers.entity_of(a1, "s1") == e1
    assert speakers.entity(new).name == "Maria Vladimirovna Zakharova"
    assert "Maria Vladimirovna Zakharova" not in speakers.aliases(e1)
    store.close()


def test_generic_groups_and_roles_stay_in_their_article(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    library = Library(store)
    ids = []
    for i, date in enumerate(["2024-10-01", "2024-10-02"]):
        text = f"“Russia waits {i},” officials said. “No {i},” the defense minister said."
        article_id = store.add_article(text, f"{i}.txt")
        speakers = [Speaker("s1", "officials", "group", []), Speaker("s2", "the defense minister", "unknown", [])]
        q1, q2 = f"“Russia waits {i},”", f"“No {i},”"
        store.save_analysis(article_id, Analysis("t", text, Pipeline("m", "1"), speakers=speakers, quotes=[
            Quote("q1", text.index(q1), text.index(q1) + len(q1), q1, speaker="s1", confidence=0.9),
            Quote("q2", text.index(q2), text.index(q2) + len(q2), q2, speaker="s2", confidence=0.9)]))
        ids.append(article_id)
    speakers = Speakers(store)
    assert speakers.entity_of(ids[0], "s1") != speakers.entity_of(ids[1], "s1")
    assert speakers.entity_of(ids[0], "s2") != speakers.entity_of(ids[1], "s2")
    assert all(e.articles == 1 for e in speakers.entities())
    store.close()


def test_history_shows_the_corrected_annotation(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    library = Library(store)
    text = "“Russia must go,” Kaja Kallas said. “Russia is right,” Lavrov said. “Talks now,” Kallas added.\n"
    aid = add(store, library, text, "2024-10-01",
              [("s1", "Kaja Kallas", []), ("s2", "Sergei Lavrov", [])],
              [("“Russia must go,”", "s1", -0.7), ("“Russia is right,”", "s2", 0.6), ("“Talks now,”", "s1", 0.0)])
    speakers = Speakers(store)
    kallas = speakers.entity_of(aid, "s1")
    lavrov = speakers.entity_of(aid, "s2")
    assert [q.quote_id for q in speakers.quotes(kallas)] == ["q0", "q2"]
    store.set_stance(aid, "q0", "Russia", "positive", 0.4)  # set stance
    store.reject_quote(aid, "q2")  # rejected quote
    store.reassign_speaker(aid, "q1", speaker_id="s1")  # reassigned speaker
    quotes = speakers.quotes(kallas)
    assert [q.quote_id for q in quotes] == ["q0", "q1"]
    assert quotes[0].stance == {"Russia": 0.4} and quotes[0].labels == {"Russia": "positive"}
    assert speakers.quotes(lavrov) == []
    assert speakers.timeline(kallas)["Russia"] == [("2024-10-01", (0.4 + 0.6) / 2, 2)]
    store.undo(aid)  # the reassignment
    assert [q.quote_id for q in speakers.quotes(lavrov)] == ["q1"]
    store.close()
