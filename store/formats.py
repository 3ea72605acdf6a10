"""Export format names (a tiny module so the command line can list them without importing the store)."""

FORMATS = ("jsonl", "csv", "prodigy", "spacy")
TEXT_FORMATS = ("jsonl", "csv", "prodigy")
SUFFIXES = {"jsonl": ".jsonl", "csv": ".csv", "prodigy": ".jsonl", "spacy": ".spacy"}
