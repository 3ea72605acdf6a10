"""Text → annotations. Pure functions over strings and spaCy docs: no I/O, no UI."""
