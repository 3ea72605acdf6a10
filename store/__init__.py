"""SQLite persistence (through sqlite-utils): the only package that touches the database.

- ``database``: opening the file (checks, pragmas), ALL the schema, as forward migrations;
- ``articles``: ``Store`` — articles, machine analyses, the per-article cache, ``effective()``;
- ``corrections``: the append-only event log, every correction, undo/redo (as events);
- ``effective``: machine analysis + corrections in effect, applied in order;
- ``anchors``: re-attaching corrections to quotes and speakers after re-analysis;
- ``formats``: the registry of export formats; ``export`` their writers (JSONL, CSV, Prodigy
  JSONL, spaCy DocBin) over one record builder; ``EXPORT.md`` every record and column;
- ``import_annotations``: reading our JSONL back;
- ``team``: annotators' layers as units and values, agreement (``nlp.agreement`` counts), the
  gold layer (adjudication); ``export_layers``: ``export --all-layers``.
"""
