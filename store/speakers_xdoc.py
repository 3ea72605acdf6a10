"""Speakers across articles: the same person in several articles is one entity.

Each analysis has its own speakers (``s1``, ``s2``… with a name and aliases). This module
links them to library-wide *entities* in three tables of its own (migration 5 of ``store.database``):

* ``speaker_entities``: id, canonical name, kind;
* ``speaker_aliases``: the normalised forms (``lloyd austin``, ``austin``…) that identify an
  entity; a new article's speaker joins the entity one of its full names (name or a
  multi-word alias) is known as, or, when it has only a surname, the single entity of that
  kind with that surname; otherwise it becomes a new entity;
* ``speaker_links``: (article, speaker id) → entity, with the speaker's quote count, and
  ``manual`` set when the user merged or split, so that re-linking an article after a new
  analysis keeps the user's decisions.

``merge(a, b)`` folds entity b into a; ``split(entity, article_ids)`` moves the given
articles' speakers to a new entity (with the aliases only they use).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from dataclasses import dataclass, field

from nlp.model import is_statement

from .articles import Store
from .database import SPEAKER_ALIASES, SPEAKER_ENTITIES, SPEAKER_LINKS
from .errors import StoreError
from .library import META, sortable_date

ENTITIES = SPEAKER_ENTITIES  # the tables are made by the migrations (store.database)
ALIASES = SPEAKER_ALIASES
LINKS = SPEAKER_LINKS

_HONORIFICS = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "prof", "rev", "lt", "col", "sgt", "capt",
    "president", "vice", "secretary", "minister", "senator", "governor", "representative",
    "spokesman", "spokeswoman", "spokesperson", "ambassador", "general", "chancellor", "premier",
    "prime", "foreign", "defense", "defence", "state", "deputy", "former", "us", "u.s", "sir", "king",
    "queen", "prince", "mayor", "judge", "chief", "chairman", "chairwoman", "director", "leader",
}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def normalise(name: str) -> str:
    """A comparison key for a speaker name: case-folded, titles and punctuation dropped."""
    s = name.replace("’", "'").casefold()
    s = re.sub(r"'s\b", "", s)
    words = re.findall(r"[\w-]+(?:\.[\w-]+)*", s)
    while len(words) > 1 and words[0].rstrip(".") in _HONORIFICS:
        words.pop(0)
    while len(words) > 1 and words[-1].rstrip(".") in _SUFFIXES:
        words.pop()
    # middle initials: "lloyd j austin" == "lloyd austin"
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if len(w.rstrip(".")) > 1] + [words[-1]]
    return " ".join(w.rstrip(".") for w in words)


def linkable(name: str, kind: str) -> bool:
    """Whether a speaker can be the same entity as a speaker of another article: a named
    person or organisation. Generic groups ("officials", "analysts") and role descriptions
    ("South Korea's defense minister") stay local to their article (they are kept with a
    per-article alias scope, so no other article's speaker can join them by name)."""
    if kind not in ("person", "organization"):
        return False
    words = [w for w in re.findall(r"[\w’'-]+", name) if w.casefold() not in _HONORIFICS]
    return bool(words) and all(w[:1].isupper() or not w[:1].isalpha() for w in words[-1:]) and name[:1].isupper()


@dataclass(slots=True)
class Entity:
    id: int
    name: str
    kind: str
    articles: int = 0
    quotes: int = 0
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SpeakerQuote:
    """One quote of an entity, where and when it was said, and its stance per target."""

    article_id: int
    title: str
    date: str
    quote_id: str
    text: str
    kind: str
    stance: dict[str, float]
    labels: dict[str, str]

    def to_dict(self) -> dict:
        return {"article_id": self.article_id, "title": self.title, "date": self.date, "quote_id": self.quote_id,
                "text": self.text, "kind": self.kind,
                "stance": {t: {"score": s, "label": self.labels.get(t, "")} for t, s in self.stance.items()}}


class Speakers:
    """Library-wide speaker entities over a ``Store``."""

    def __init__(self, store: Store, sync: bool = True) -> None:
        self.store = store
        self.db = store.db
        self.read_only = store.read_only  # reads only: nothing linked, no user decisions
        if sync and not self.read_only:
            self.sync()

    # -- linking ----------------------------------------------------------------------------
    def stale(self) -> list[int]:
        """Analysed articles whose speakers are not linked for their current analysis."""
        return [r[0] for r in self.db.conn.execute(
            f"select an.article_id from analyses an left join"
            f" (select article_id, max(analysed) as analysed from [{LINKS}] group by article_id) l"
            f" on l.article_id = an.article_id"
            f" where l.article_id is null or l.analysed != an.created order by an.article_id")]

    def sync(self) -> int:
        ids = self.stale()
        if ids:
            conn = self.db.conn
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                for article_id in ids:
                    self._link_article(conn, article_id)
        return len(ids)

    def _link_article(self, conn: sqlite3.Connection, article_id: int) -> None:
        row = conn.execute("select document, created from analyses where article_id = ?", [article_id]).fetchone()
        if row is None:
            return
        doc = json.loads(row[0])
        created = row[1]
        counts: dict[str, int] = {}
        for q in doc.get("quotes", []):
            if q.get("speaker") and is_statement(q.get("kind")):
                counts[q["speaker"]] = counts.get(q["speaker"], 0) + 1
        manual = {r[0]: r[1] for r in conn.execute(
            f"select speaker_id, entity_id from [{LINKS}] where article_id = ? and manual = 1", [article_id])}
        conn.execute(f"delete from [{LINKS}] where article_id = ?", [article_id])
        for sp in doc.get("speakers", []):
            name = (sp.get("name") or "").strip()
            if not name:
                continue
            kind = sp.get("kind", "unknown")
            scope = "" if linkable(name, kind) else f"@{article_id}:"
            if sp["id"] in manual and conn.execute(f"select 1 from [{ENTITIES}] where id = ?", [manual[sp["id"]]]).fetchone():
                entity_id, is_manual = manual[sp["id"]], 1
            elif scope:
                entity_id, is_manual = int(conn.execute(f"insert into [{ENTITIES}] (name, kind) values (?, ?)",
                                                        [name, kind]).lastrowid), 0
            else:
                entity_id, is_manual = self._resolve(conn, name, sp.get("aliases", []), kind), 0
            self._add_aliases(conn, entity_id, [name, *sp.get("aliases", [])], scope)
            conn.execute(
                f"insert into [{LINKS}] (article_id, speaker_id, entity_id, name, quotes, manual, analysed)"
                " values (?, ?, ?, ?, ?, ?, ?)",
                [article_id, sp["id"], entity_id, name, counts.get(sp["id"], 0), is_manual, created])

    @staticmethod
    def _full_keys(name: str, aliases: list[str]) -> list[str]:
        keys = []
        for form in [name, *aliases]:
            key = normalise(form)
            if key and " " in key and key not in keys:
                keys.append(key)
        return keys

    def _resolve(self, conn, name: str, aliases: list[str], kind: str) -> int:
        for key in self._full_keys(name, aliases):
            found = conn.execute(
                f"select distinct a.entity_id from [{ALIASES}] a join [{ENTITIES}] e on e.id = a.entity_id"
                f" where a.key = ? order by a.entity_id limit 2", [key]).fetchall()
            if len(found) == 1:
                return found[0][0]
        key = normalise(name)
        if key and " " not in key:
            # a bare surname (or an organisation's one-word name): the one entity it names
            found = conn.execute(
                f"select distinct a.entity_id from [{ALIASES}] a join [{ENTITIES}] e on e.id = a.entity_id"
                f" where (a.key = ? or a.key like ?) and (e.kind = ? or ? = 'unknown' or e.kind = 'unknown')"
                f" limit 2", [key, "% " + key, kind, kind]).fetchall()
            if len(found) == 1:
                return found[0][0]
        cur = conn.execute(f"insert into [{ENTITIES}] (name, kind) values (?, ?)", [name, kind])
        return int(cur.lastrowid)

    @staticmethod
    def _add_aliases(conn, entity_id: int, forms: list[str], scope: str = "") -> None:
        for form in forms:
            key = normalise(form)
            if key:
                conn.execute(f"insert or ignore into [{ALIASES}] (entity_id, key, alias) values (?, ?, ?)",
                             [entity_id, scope + key, form])

    # -- user decisions ---------------------------------------------------------------------
    def merge(self, into: int, other: int) -> None:
        """Fold entity ``other`` into ``into`` (all its articles, quotes and aliases)."""
        self.store._check_writable()  # a clear StoreError on a read-only file
        if into == other:
            return
        conn = self.db.conn
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            for entity_id in (into, other):
                if not conn.execute(f"select 1 from [{ENTITIES}] where id = ?", [entity_id]).fetchone():
                    raise KeyError(f"no speaker entity {entity_id}")
            conn.execute(f"update [{LINKS}] set entity_id = ?, manual = 1 where entity_id = ?", [into, other])
            conn.execute(f"update [{LINKS}] set manual = 1 where entity_id = ?", [into])
            conn.execute(f"insert or ignore into [{ALIASES}] (entity_id, key, alias)"
                         f" select ?, key, alias from [{ALIASES}] where entity_id = ?", [into, other])
            conn.execute(f"delete from [{ALIASES}] where entity_id = ?", [other])
            conn.execute(f"delete from [{ENTITIES}] where id = ?", [other])

    def split(self, entity_id: int, article_ids: list[int], name: str | None = None) -> int:
        """Move ``entity_id``'s speakers in ``article_ids`` to a new entity; returns its id."""
        self.store._check_writable()  # a clear StoreError on a read-only file
        conn = self.db.conn
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            marks = ",".join("?" * len(article_ids))
            moving = conn.execute(
                f"select article_id, speaker_id, name from [{LINKS}] where entity_id = ? and article_id in ({marks})",
                [entity_id, *article_ids]).fetchall()
            if not moving:
                raise KeyError(f"speaker entity {entity_id} has no quotes in articles {article_ids}")
            kind = conn.execute(f"select kind from [{ENTITIES}] where id = ?", [entity_id]).fetchone()[0]
            new_id = int(conn.execute(f"insert into [{ENTITIES}] (name, kind) values (?, ?)",
                                      [name or moving[0][2], kind]).lastrowid)
            conn.execute(f"update [{LINKS}] set entity_id = ?, manual = 1 where entity_id = ? and article_id in ({marks})",
                         [new_id, entity_id, *article_ids])
            conn.execute(f"update [{LINKS}] set manual = 1 where entity_id = ?", [entity_id])
            staying = {normalise(r[0]) for r in conn.execute(f"select name from [{LINKS}] where entity_id = ?", [entity_id])}
            for _, _, moved_name in moving:
                key = normalise(moved_name)
                conn.execute(f"insert or ignore into [{ALIASES}] (entity_id, key, alias) values (?, ?, ?)",
                             [new_id, key, moved_name])
                if key not in staying:
                    conn.execute(f"delete from [{ALIASES}] where entity_id = ? and key = ?", [entity_id, key])
        return new_id

    def rename(self, entity_id: int, name: str) -> None:
        self.store._check_writable()  # a clear StoreError on a read-only file
        with self.db.conn:
            self.db.conn.execute("BEGIN IMMEDIATE")
            self.db.conn.execute(f"update [{ENTITIES}] set name = ? where id = ?", [name, entity_id])

    # -- queries ------------------------------------------------------------------------
    def entities(self, query: str | None = None, min_articles: int = 1) -> list[Entity]:
        sql = (f"select e.id, e.name, e.kind, count(distinct l.article_id), coalesce(sum(l.quotes), 0)"
               f" from [{ENTITIES}] e join [{LINKS}] l on l.entity_id = e.id")
        params: list = []
        if query:
            sql += f" where e.id in (select entity_id from [{ALIASES}] where key like ?)"
            params.append(f"%{normalise(query)}%")
        sql += " group by e.id having count(distinct l.article_id) >= ? order by 4 desc, 5 desc, e.name"
        params.append(min_articles)
        out = [Entity(*r) for r in self.db.conn.execute(sql, params)]
        for entity in out:
            entity.aliases = self.aliases(entity.id)
        return out

    def entity(self, entity_id: int) -> Entity | None:
        row = self.db.conn.execute(
            f"select e.id, e.name, e.kind, count(distinct l.article_id), coalesce(sum(l.quotes), 0)"
            f" from [{ENTITIES}] e left join [{LINKS}] l on l.entity_id = e.id where e.id = ? group by e.id",
            [entity_id]).fetchone()
        if row is None:
            return None
        entity = Entity(*row)
        entity.aliases = self.aliases(entity_id)
        return entity

    def aliases(self, entity_id: int) -> list[str]:
        rows = self.db.conn.execute(f"select alias from [{ALIASES}] where entity_id = ? order by length(alias) desc, alias",
                                    [entity_id]).fetchall()
        return [r[0] for r in rows]

    def entity_of(self, article_id: int, speaker_id: str) -> int | None:
        row = self.db.conn.execute(f"select entity_id from [{LINKS}] where article_id = ? and speaker_id = ?",
                                   [article_id, speaker_id]).fetchone()
        return row[0] if row else None

    def quotes(self, entity_id: int) -> list[SpeakerQuote]:
        """The entity's quotes across the library, oldest article first, as the analyst has
        corrected them: the store's effective annotation of each article (reassigned speakers,
        merged speakers, set stances, rejected, added and re-kinded quotes all count)."""
        rows = self.db.conn.execute(
            f"select l.article_id, l.speaker_id, coalesce(m.title, a.title), m.date, a.added"
            f" from [{LINKS}] l join articles a on a.id = l.article_id join analyses an on an.article_id = l.article_id"
            f" left join [{META}] m on m.article_id = l.article_id where l.entity_id = ?", [entity_id]).fetchall()
        out: list[SpeakerQuote] = []
        for article_id, speaker_id, title, date, added in rows:
            when = sortable_date(date) or (added or "")[:10]
            try:
                eff = self.store.effective(article_id)
            except StoreError:
                continue  # an unreadable analysis: nothing of it can be listed
            # a speaker merged into another in this article: its quotes are the other's now
            if eff.analysis.speaker(speaker_id) is None:
                continue
            for q in eff.analysis.quotes:
                if q.speaker != speaker_id or not is_statement(q.kind):
                    continue
                stance = {t: float(s.score) for t, s in q.stance.items()}
                labels = {t: str(s.label) for t, s in q.stance.items()}
                out.append(SpeakerQuote(article_id, title or "", when, q.id, q.text, q.kind, stance, labels))
        out.sort(key=lambda q: (q.date, q.article_id, q.quote_id))
        return out

    def timeline(self, entity_id: int, quotes: list[SpeakerQuote] | None = None) -> dict[str, list[tuple[str, float, int]]]:
        """Per target: (date, mean stance score, number of quotes) in date order."""
        quotes = self.quotes(entity_id) if quotes is None else quotes
        acc: dict[str, dict[str, list[float]]] = {}
        for q in quotes:
            for target, score in q.stance.items():
                acc.setdefault(target, {}).setdefault(q.date, []).append(score)
        return {t: [(d, sum(v) / len(v), len(v)) for d, v in sorted(by_date.items())] for t, by_date in sorted(acc.items())}

    def export(self, entity_id: int, fmt: str = "csv") -> str:
        """The entity's quotes with their stance, as CSV (one row per quote) or JSON."""
        entity = self.entity(entity_id)
        if entity is None:
            raise KeyError(f"no speaker entity {entity_id}")
        quotes = self.quotes(entity_id)
        if fmt == "json":
            return json.dumps({"entity": {"id": entity.id, "name": entity.name, "kind": entity.kind, "aliases": entity.aliases},
                               "quotes": [q.to_dict() for q in quotes],
                               "timeline": {t: [{"date": d, "score": s, "quotes": n} for d, s, n in pts]
                                            for t, pts in self.timeline(entity_id, quotes).items()}},
                              ensure_ascii=False, indent=2) + "\n"
        targets = sorted({t for q in quotes for t in q.stance})
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["speaker", "date", "article_id", "title", "quote_id", "kind", "text",
                         *[f"stance:{t}" for t in targets]])
        for q in quotes:
            writer.writerow([entity.name, q.date, q.article_id, q.title, q.quote_id, q.kind, q.text,
                             *[("" if t not in q.stance else f"{q.stance[t]:.3f}") for t in targets]])
        return buf.getvalue()
