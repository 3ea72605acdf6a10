"""``analyze --shard-size N -o DIR [--dask SCHEDULER]`` and ``import-analyses SHARD...``
(the shard files themselves: ``tui.commands.shards``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .shards import load_shards, plan_shards, shard_paths, stale_warning, write_shard


# -- CLI ------------------------------------------------------------------------------------

def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    analyze = sub.choices.get("analyze")
    if analyze is not None:
        analyze.add_argument("--shard-size", type=int, metavar="N",
                             help="with -o: write JSONL shards of N analysis documents each")
        analyze.add_argument("-o", "--output-dir", type=Path, metavar="DIR", help="directory for the shards")
        analyze.add_argument("--workers", type=int, default=1, metavar="N", help="spaCy processes (sharded mode)")
        analyze.add_argument("--dask", metavar="SCHEDULER",
                             help="with -o: run one task per shard on Dask (a scheduler address, or local[:N])")
        plain = analyze.get_default("func")

        def cmd_analyze(args: argparse.Namespace, settings) -> int:
            if args.shard_size is None and args.output_dir is None:
                return plain(args, settings)
            return cmd_analyze_sharded(args, settings)

        analyze.set_defaults(func=cmd_analyze)

    p = sub.add_parser("import-analyses", parents=[common],
                       help="load analysis documents from JSONL shards (validated) into the database")
    p.add_argument("shards", nargs="+", metavar="SHARD")
    p.add_argument("--replace", action="store_true", help="replace analyses already in the database")
    p.set_defaults(func=cmd_import_analyses)


def cmd_analyze_sharded(args: argparse.Namespace, settings) -> int:
    if args.output_dir is None:
        print("stance-reader: error: --shard-size needs -o DIR", file=sys.stderr)
        return 2
    if args.dask:
        return _analyze_on_dask(args, settings.analyzer)
    plan = plan_shards([str(f) for f in args.files], args.shard_size or 1000)
    outs = shard_paths(args.output_dir, len(plan))  # a FIFO among them: one line, nothing written
    failed = 0
    documents = 0
    analyzer = settings.analyzer.load()
    for inputs, out_path in zip(plan, outs):
        out = write_shard(inputs, out_path, analyzer, workers=args.workers, err=sys.stderr)
        failed += len(out["failed"])
        documents += out["documents"]
        print(out["path"], flush=True)
    print(f"wrote {documents} analysis document(s) in {len(plan)} shard(s) to {args.output_dir}"
          + (f"; {failed} file(s) failed" if failed else ""), file=sys.stderr)
    _warn_stale(args.output_dir, len(plan))
    return 1 if failed else 0


def _warn_stale(out_dir, count: int) -> None:
    """Said last, where it is seen: older shards beside this run's."""
    warning = stale_warning(out_dir, count)
    if warning:
        print(warning, file=sys.stderr)


def _analyze_on_dask(args: argparse.Namespace, analyzer) -> int:
    if analyzer.stance == "accurate":  # its encoder files live outside the package (tuned ships its model)
        print("stance-reader: error: --stance accurate is not available with --dask (run the shards locally)",
              file=sys.stderr)
        return 2
    try:
        from .dask_run import client_for, run_on_dask
    except ImportError:
        print("stance-reader: error: --dask needs dask[distributed]: pip install 'stance-reader[distributed]'",
              file=sys.stderr)
        return 1
    client = client_for(args.dask)
    try:
        results = run_on_dask([str(f) for f in args.files], args.output_dir, args.shard_size or 1000, analyzer.model, client,
                              targets=analyzer.targets, stance=analyzer.stance)
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None:
            cluster.close()
    failed = [f for r in results for f in r["failed"]]
    for name, message in failed:
        print(f"stance-reader: {name}: {message}", file=sys.stderr)
    for r in results:
        print(r["path"], flush=True)
    documents = sum(r["documents"] for r in results)
    print(f"wrote {documents} analysis document(s) in {len(results)} shard(s) to {args.output_dir} on Dask"
          + (f"; {len(failed)} file(s) failed" if failed else ""), file=sys.stderr)
    _warn_stale(args.output_dir, len(results))
    return 1 if failed else 0


def cmd_import_analyses(args: argparse.Namespace, settings) -> int:
    store = settings.open_store()
    try:
        result = load_shards(store, [str(s) for s in args.shards], replace=args.replace)
    finally:
        store.close()
    print(result.summary(), file=sys.stderr)
    return 1 if result.bad else 0
