"""Coverage-guided fuzzing of bytes → decode → analysis with atheris (libFuzzer), for long local runs.

    .venv/bin/pip install atheris          # not a CI dependency
    .venv/bin/python bench/fuzz_atheris.py -max_total_time=600 [-dict=...] [CORPUS_DIR]

Every input is decoded like an article file (``nlp.decode.decode_article``); text that is
accepted is analysed and must keep the contract (``nlp.contract.problems`` is empty, every
offset indexes the text). Anything else that raises is a crash libFuzzer reports and saves.
The seed article is a starting input when no corpus directory is given. The CI counterpart
is tests/hostile/test_fuzz_analysis.py (hypothesis, a few seconds).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports(include=["nlp"]):
    from nlp.analyze import analyze
    from nlp.contract import problems
    from nlp.decode import DecodeError, decode_article

from nlp.pipeline import load_pipeline  # noqa: E402

NLP = load_pipeline()
MAX_BYTES = 4096  # keeps each execution short; the engines' costs grow with the text


def test_one_input(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        return
    try:
        text = decode_article(data)
    except DecodeError:
        return
    doc = analyze(text, NLP, source="fuzz").to_dict()
    found = problems(doc)
    if found:
        raise AssertionError(f"contract broken: {found[:3]}")
    for q in doc["quotes"]:
        if text[q["start"]:q["end"]] != q["text"]:
            raise AssertionError(f"quote {q['id']} does not index the text")


def main() -> None:
    argv = list(sys.argv)
    if not any(not a.startswith("-") for a in argv[1:]):
        corpus = Path(tempfile.mkdtemp(prefix="fuzz-corpus-"))
        seed = (ROOT / "seeds").glob("*.txt")
        for i, path in enumerate(seed):
            data = path.read_bytes()
            for j in range(0, len(data), MAX_BYTES // 2):
                (corpus / f"seed{i}-{j}").write_bytes(data[j:j + MAX_BYTES // 2])
        argv.append(str(corpus))
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
