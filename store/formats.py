"""The export formats: ONE registry (name -> writer, file suffix, text or binary), read by the
command line (``export --format``), the reader's export dialog and ``store.export``.

A tiny module, so the command line can list the formats without importing the store. Adding a
format is one entry in ``REGISTRY`` and one writer in ``store/export.py`` (its name in the entry);
``docs/architecture.md`` shows how.
"""

from __future__ import annotations

from dataclasses import dataclass



@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One export format.

    ``writer`` names a function of ``store.export``: ``writer(store, out, article_ids) -> count``
    writing the selected articles to the open stream ``out`` (text, or bytes when ``binary``) and
    returning how many records it wrote.
    """

    name: str
    suffix: str  # the file extension a new file of this format gets (the export dialog's default)
    writer: str  # the name of its writer in store/export.py (``store.export.writer_of`` finds it)
    binary: bool = False  # bytes: needs a path (-o), cannot go to a text stream such as stdout
    description: str = ""

    @property
    def needs_path(self) -> bool:
        """Whether it can only be written to a file (``-o PATH``), not to stdout."""
        return self.binary


REGISTRY: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("jsonl", ".jsonl", "write_jsonl", description="ours: complete, re-importable with import-annotations"),
    ExportFormat("csv", ".csv", "write_csv", description="one row per quote and per speaker, for spreadsheets"),
    ExportFormat("prodigy", ".jsonl", "write_prodigy", description="Prodigy-style JSONL tasks: spans and relations"),
    ExportFormat("spacy", ".spacy", "write_spacy", binary=True, description="a spaCy DocBin with span groups"),
)}

# Views of the registry, in its order.
FORMATS = tuple(REGISTRY)
TEXT_FORMATS = tuple(name for name, f in REGISTRY.items() if not f.needs_path)
SUFFIXES = {name: f.suffix for name, f in REGISTRY.items()}
