"""Team annotation on the command line: ``project`` (the review mode), ``agreement``, and the
check of ``export --layer`` (``store.team``, ``docs/agreement.md``).

    stance-reader project show
    stance-reader project set review independent
    stance-reader agreement [--article ID ... | --all] [--annotators A,B] [--format table|json|csv]
    stance-reader export --layer gold|effective|ANNOTATOR | --all-layers ...
"""

from __future__ import annotations

import argparse
import csv
import json
import sys

FORMATS = ("table", "json", "csv")


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("project", parents=[common], help="this database's team settings: show, set review shared|independent")
    actions = p.add_subparsers(dest="project_action", metavar="ACTION")
    actions.add_parser("show", parents=[common], help="the review mode, the annotators and their layers")
    a = actions.add_parser("set", parents=[common], help="set a project setting: review shared|independent")
    a.add_argument("key", choices=("review",))
    a.add_argument("value", choices=("shared", "independent"))
    p.set_defaults(func=cmd_project)

    p = sub.add_parser("agreement", parents=[common],
                       help="inter-annotator agreement per field: observed, Cohen's kappa, Krippendorff's alpha")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--article", type=int, nargs="+", action="extend", metavar="ID", help="article id(s)")
    which.add_argument("--all", action="store_true", help="every analysed article (the default)")
    p.add_argument("--annotators", metavar="A,B,...", help="whose layers to compare (default: everyone with corrections)")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(func=cmd_agreement)


def cmd_project(args: argparse.Namespace, settings) -> int:
    from store import team

    from ..safe_text import visible as v

    store = settings.open_store()
    try:
        if args.project_action == "set":
            store.set_review(args.value)
            print(f"stance-reader: review = {args.value}", file=sys.stderr)
            return 0
        names = team.annotators(store)
        print(f"review      {store.review}")
        print(f"annotators  {v(', '.join(names)) or '(none yet)'}")
        print(f"you         {v(store.annotator)}")
        return 0
    finally:
        store.close()


def check_layer(store, layer: str | None) -> None:
    """A one-line error for a layer that is neither gold, effective nor an annotator's."""
    from store import team
    from store.articles import SHARED
    from store.corrections import GOLD
    from store.errors import ExportError

    if layer is None or layer in (GOLD, SHARED):
        return
    names = team.annotators(store)
    if layer not in names:
        raise ExportError(f"no layer {layer!r}: choose gold, effective or an annotator ({', '.join(names) or 'none yet'})")


def _fmt(x) -> str:
    return "—" if x is None else f"{x:.3f}"


def agreement_rows(figures: dict) -> list[dict]:
    """Flat rows: one per (article or 'all', field)."""
    out = []
    scopes = [(str(a), f["fields"]) for a, f in figures["articles"].items()] + [("all", figures["overall"])]
    for scope, fields in scopes:
        for name, fig in fields.items():
            out.append({"article": scope, "field": name, **fig.to_dict()})
    return out


def cmd_agreement(args: argparse.Namespace, settings) -> int:
    from store import team
    from store.errors import StoreError
    from store.export import selected_articles

    from ..safe_text import visible as v

    store = settings.open_store()
    try:
        ids = selected_articles(store, None if args.all or not args.article else args.article)
        names = [n.strip() for n in args.annotators.split(",") if n.strip()] if args.annotators else None
        if names is not None:
            known = team.annotators(store)
            unknown = [n for n in names if n not in known]
            if unknown:
                raise StoreError(f"no corrections by {', '.join(unknown)} (annotators: {', '.join(known) or 'none yet'})")
        every = names or team.annotators(store, ids)
        if len(every) < 2:
            raise StoreError(f"agreement needs two annotators' layers; found {', '.join(every) or 'none'}"
                             " (stance-reader project set review independent, then each reviews with --annotator)")
        figures = team.article_figures(store, ids, every)
    finally:
        store.close()
    rows = agreement_rows(figures)
    if args.format == "json":
        json.dump({"annotators": figures["annotators"], "rows": rows}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["article", "field", "units", "pairable", "observed", "kappa", "alpha"])
        for r in rows:
            writer.writerow([r["article"], r["field"], r["units"], r["pairable"], r["observed"], r["kappa"], r["alpha"]])
    else:
        print(f"annotators: {v(', '.join(figures['annotators']))}  (units: all annotated; pairable: two or more)")
        print(f"{'article':>7}  {'field':<22} {'units':>5} {'pairable':>8} {'observed':>8} {'kappa':>7} {'alpha':>7}")
        for r in rows:
            print(f"{r['article']:>7}  {v(r['field'])[:22]:<22} {r['units']:>5} {r['pairable']:>8} {_fmt(r['observed']):>8}"
                  f" {_fmt(r['kappa']):>7} {_fmt(r['alpha']):>7}")
    return 0
