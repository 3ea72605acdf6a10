"""Analysis documents as JSONL shards, for analysing a corpus beyond one machine.

* ``stance-reader analyze PATH... --shard-size N -o DIR`` writes ``DIR/shard-00000.jsonl``,
  ``DIR/shard-00001.jsonl``, … with at most N analysis documents (one JSON object per line,
  ``stance-reader/analysis@1``, see ``nlp.contract``). A document may carry an extra
  ``"article"`` object (title, date, byline, format) taken from the file; the contract
  ignores unknown keys. A shard is written as every user-named file is
  (``store.files.atomic_write``): to a hidden temporary file beside it, renamed when complete
  (a killed run never leaves a truncated shard under its final name; a failed one leaves no
  temporary file, a killed one's is removed by the next run), never over a FIFO or a device;
  a shard written before is replaced (a retried task, a rerun of the command).
* ``stance-reader import-analyses SHARD...`` validates every line with
  ``nlp.contract.problems`` (bad lines are reported as ``FILE:LINE: problem`` and skipped),
  adds the article if the database lacks it (matched by its text) and saves the analysis.

``write_shard`` is the unit of work a distributed engine runs (see ``tui.commands.dask_run``);
the commands are in ``tui.commands.shards_cmd``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

SHARD_PATTERN = "shard-{:05d}.jsonl"


def write_shard(inputs: list[str], out_path: str | Path, analyzer, workers: int = 1, err=None) -> dict:
    """Analyse the article files ``inputs`` with ``analyzer`` (an ``nlp.analyzer.Analyzer``)
    into the JSONL shard ``out_path``.

    Returns ``{"path", "documents", "failed": [(name, message)]}``. Unreadable inputs are
    skipped and listed; they never stop the shard. ``out_path`` is replaced if it is a regular
    file; if it is a FIFO, a device or a broken symbolic link, or cannot be written (disk full),
    ``store.errors.ExportError`` (one line) and no file is left.
    """
    from nlp.decode import DecodeError
    from store.files import atomic_write

    from ..extract import extract
    from .inputs import InputError, read_bytes

    analyzer.nlp  # noqa: B018 - loaded before any file is read
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    failed: list[tuple[str, str]] = []
    articles = []
    for name in inputs:
        try:
            articles.append((name, extract(read_bytes(name, Path(name)), name)))
        except (InputError, DecodeError) as exc:
            failed.append((name, str(exc)))
            if err is not None:
                print(f"stance-reader: {name}: {exc}", file=err)

    def fill(fh) -> int:
        count = 0
        items = [(article.text, (name, article)) for name, article in articles]
        for analysis, (name, article) in analyzer.pipe(items, source=lambda key: key[0], n_process=workers):
            document = analysis.to_dict()
            meta = {k: v for k, v in (("title", article.title), ("date", article.date),
                                      ("byline", article.byline), ("format", article.format)) if v}
            if meta:
                document["article"] = meta
            fh.write(json.dumps(document, ensure_ascii=False) + "\n")
            count += 1
        return count

    # force: the plan names a shard the same every time, and a retried task (Dask after a lost
    # worker) or a rerun of the command writes it again
    count = atomic_write(out_path, fill, force=True)
    return {"path": str(out_path), "documents": count, "failed": failed}


def shard_paths(out_dir: str | Path, count: int) -> list[Path]:
    """The paths of ``count`` shards in ``out_dir``, checked before any work: one that is a FIFO,
    a device or a broken symbolic link is refused (``store.errors.ExportError``, one line); a
    regular file there is a shard written before and will be replaced."""
    from store.files import check_output

    paths = [Path(out_dir) / SHARD_PATTERN.format(i) for i in range(count)]
    if Path(out_dir).is_dir():  # else write_shard creates it: nothing there yet
        for path in paths:
            check_output(path, force=True)
    return paths


def stale_shards(out_dir: str | Path, count: int) -> list[Path]:
    """Shards in ``out_dir`` beyond the ``count`` this run writes: left by an earlier run with
    more shards, which ``import-analyses DIR/*.jsonl`` would load beside this run's.

    >>> stale_shards("/nonexistent", 3)
    []
    """
    directory = Path(out_dir)
    if not directory.is_dir():
        return []
    prefix, suffix = SHARD_PATTERN.split("{:05d}")
    found = []
    for path in directory.glob(f"{prefix}*{suffix}"):
        number = path.name[len(prefix):-len(suffix)]
        # SHARD_PATTERN's numbers: five ASCII digits or more (not "0000²", which int() refuses)
        if len(number) >= 5 and number.isascii() and number.isdigit() and int(number) >= count:
            found.append(path)
    return sorted(found)


def stale_warning(out_dir: str | Path, count: int) -> str | None:
    """One line about ``stale_shards`` (None when there are none)."""
    from ..safe_text import shown_path

    stale = stale_shards(out_dir, count)
    if not stale:
        return None
    return (f"stance-reader: warning: {shown_path(out_dir)} also holds {len(stale)} shard(s) from an earlier run "
            f"({stale[0].name}{' …' if len(stale) > 1 else ''}) that this run does not write; "
            f"import only the shards listed on stdout, or remove them")


def plan_shards(paths: list[str], shard_size: int) -> list[list[str]]:
    """The input files (directories expanded), cut into lists of ``shard_size``."""
    from .inputs import iter_inputs

    files = [name for name, path in iter_inputs(paths) if path is not None]
    size = max(1, shard_size)
    return [files[i:i + size] for i in range(0, len(files), size)]


@dataclass
class LoadResult:
    loaded: int = 0
    skipped: int = 0
    new_articles: int = 0
    bad: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        text = (f"loaded {self.loaded} analysis document(s) ({self.new_articles} new article(s)),"
                f" {self.skipped} skipped (already analysed)")
        if self.bad:
            text += f", {len(self.bad)} bad line(s)"
        return text


def load_shards(store, shard_paths: list[str], replace: bool = False, err=None) -> LoadResult:
    """Load analysis documents from JSONL shards into ``store``."""
    from nlp.contract import problems
    from nlp.model import Analysis
    from store.files import NotAFile, json_lines
    from store.library import Library

    from ..safe_text import shown_path

    err = err or sys.stderr
    library = Library(store, sync=False)
    result = LoadResult()
    touched: list[int] = []

    def bad(where: str, message: str) -> None:
        result.bad.append((where, message))
        print(f"stance-reader: {where}: {message}", file=err)

    for shard in shard_paths:
        try:
            lines = json_lines(shard)  # a line that is not UTF-8 or not JSON is one bad line
        except OSError as exc:
            bad(shown_path(shard), f"cannot read ({exc.strerror or exc})")
            continue
        except NotAFile as exc:
            bad(shown_path(shard), str(exc).rpartition(": ")[2])
            continue
        for lineno, doc, why in lines:
            where = f"{shown_path(shard)}:{lineno}"
            if why:
                bad(where, why)
                continue
            found = problems(doc)
            if found:
                more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
                bad(where, found[0] + more)
                continue
            try:
                analysis = Analysis.from_dict(doc)
            except (TypeError, ValueError, KeyError, AttributeError) as exc:  # the reader could not show it
                bad(where, f"cannot be read back ({type(exc).__name__}: {exc})")
                continue
            meta = doc.get("article") if isinstance(doc.get("article"), dict) else {}
            meta = {k: v for k, v in meta.items() if isinstance(v, str)}
            article_id = store.article_id_for(analysis.text)
            if article_id is None:
                article_id = store.add_article(analysis.text, analysis.source, title=meta.get("title"))
                result.new_articles += 1
                library.set_meta(article_id, title=meta.get("title"), date=meta.get("date"),
                                 byline=meta.get("byline"), path=analysis.source, format=meta.get("format"))
            elif not replace and store.analysis(article_id) is not None:
                result.skipped += 1
                continue
            store.save_analysis(article_id, analysis)
            touched.append(article_id)
            result.loaded += 1
            if len(touched) >= 200:
                library.index(touched)
                touched.clear()
    library.index(touched)
    return result
