"""``stance-reader speakers``: speakers across the library (list, show, merge, split, export)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("speakers", parents=[common], help="speakers across articles: list, show, merge, split, export")
    actions = p.add_subparsers(dest="speakers_action", metavar="ACTION")
    a = actions.add_parser("list", parents=[common], help="speaker entities with article and quote counts")
    a.add_argument("query", nargs="?", help="only names containing this")
    a.add_argument("--min-articles", type=int, default=1)
    a = actions.add_parser("show", parents=[common], help="one speaker's quotes and stance over time")
    a.add_argument("entity", type=int)
    a = actions.add_parser("merge", parents=[common], help="fold speaker OTHER into speaker INTO")
    a.add_argument("into", type=int)
    a.add_argument("other", type=int, nargs="+")
    a = actions.add_parser("split", parents=[common], help="move a speaker's quotes in ARTICLE(s) to a new speaker")
    a.add_argument("entity", type=int)
    a.add_argument("articles", type=int, nargs="+", metavar="ARTICLE")
    a.add_argument("--name", help="name of the new speaker")
    a = actions.add_parser("export", parents=[common], help="a speaker's quotes with stance, as CSV or JSON")
    a.add_argument("entity", type=int)
    a.add_argument("--format", choices=("csv", "json"), default="csv")
    a.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    p.set_defaults(func=cmd_speakers)


def cmd_speakers(args: argparse.Namespace, settings) -> int:
    from store.speakers_xdoc import Speakers

    from ..safe_text import visible as v  # names, targets and titles come from article text

    store = settings.open_store()
    try:
        speakers = Speakers(store)
        action = args.speakers_action or "list"
        if action == "list":
            for e in speakers.entities(getattr(args, "query", None), getattr(args, "min_articles", 1)):
                aliases = v(", ".join(a for a in e.aliases if a != e.name)[:60])
                print(f"{e.id:>6}  {v(e.name[:40]):<40} {v(e.kind or ''):<12} {e.articles:>4} art. {e.quotes:>5} quotes  {aliases}")
            return 0
        if action == "show":
            entity = speakers.entity(args.entity)
            if entity is None:
                print(f"stance-reader: error: no speaker {args.entity}", file=sys.stderr)
                return 1
            print(f"{v(entity.name)} ({v(entity.kind or '')}); aliases: {v(', '.join(entity.aliases))}")
            from tui.screens.speaker_history import sparkline_text

            for target, points in speakers.timeline(entity.id).items():
                print(f"  {v(target):<16} {sparkline_text([s for _, s, _ in points])}  "
                      f"{points[0][0]} … {points[-1][0]}  ({sum(n for *_, n in points)} quotes)")
            for q in speakers.quotes(entity.id):
                stance = " ".join(f"{v(t)}:{s:+.2f}" for t, s in q.stance.items())
                print(f"  {q.date}  #{q.article_id} {q.text[:90]!r} {stance}")
            return 0
        if action == "merge":
            for other in args.other:
                speakers.merge(args.into, other)
            print(f"merged {', '.join(map(str, args.other))} into {args.into}", file=sys.stderr)
            return 0
        if action == "split":
            new_id = speakers.split(args.entity, args.articles, args.name)
            print(f"new speaker {new_id}", file=sys.stderr)
            return 0
        if action == "export":
            text = speakers.export(args.entity, args.format)
            if args.output:
                args.output.write_text(text, encoding="utf-8")
                print(f"wrote {args.output}", file=sys.stderr)
            else:
                sys.stdout.write(text)
            return 0
    except KeyError as exc:
        print(f"stance-reader: error: {exc.args[0]}", file=sys.stderr)
        return 1
    finally:
        store.close()
    return 2
