"""Analysing a corpus on a Dask cluster: one task per JSONL shard, then ``import-analyses``.

Dask does the scheduling (placement, retries, lost workers); this module only cuts the
input files into shards (``shards.plan_shards``) and maps ``shards.write_shard`` over them.
Each worker loads the spaCy pipeline once (``nlp.pipeline.load_pipeline`` is cached per
process) and writes its shard straight to the output directory, which must therefore be on
storage every worker can reach (a shared filesystem, or the local disk for a LocalCluster).

    stance-reader analyze corpus/ --shard-size 200 -o shards/ --dask tcp://scheduler:8786
    stance-reader analyze corpus/ --shard-size 200 -o shards/ --dask local:4
    stance-reader import-analyses shards/*.jsonl

Needs the ``distributed`` extra: ``pip install 'stance-reader[distributed]'``.
"""

from __future__ import annotations

from pathlib import Path

from .shards import plan_shards, shard_paths, write_shard


def _task(inputs: list[str], out_path: str, model_name: str, targets=None, stance: str = "fast") -> dict:
    from nlp.analyzer import Analyzer

    return write_shard(inputs, out_path, Analyzer(model_name, targets=targets, stance=stance))


def run_on_dask(paths: list[str], out_dir: str | Path, shard_size: int, model_name: str, client, targets=None,
                stance: str = "fast") -> list[dict]:
    """Analyse every file under ``paths`` on the Dask ``client``; returns one result per shard
    (``{"path", "documents", "failed"}``) in shard order."""
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    plan = plan_shards([str(Path(p).resolve()) for p in paths], shard_size)
    outs = [str(path) for path in shard_paths(out_dir, len(plan))]  # checked before any task
    futures = client.map(_task, plan, outs, model_name=model_name, targets=targets, stance=stance, pure=False, key=[f"stance-shard-{i}" for i in range(len(plan))])
    return client.gather(futures)


def client_for(spec: str):
    """A Dask client: ``local`` or ``local:N`` starts a LocalCluster of N single-threaded worker
    processes on this machine; anything else is a scheduler address."""
    from dask.distributed import Client, LocalCluster

    if spec == "local" or spec.startswith("local:"):
        n = int(spec.partition(":")[2] or 2)
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        return Client(cluster)
    return Client(spec)
