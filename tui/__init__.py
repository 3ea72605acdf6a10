"""The Textual reader and the ``stance-reader`` command line."""

__version__ = "0.1.0"
