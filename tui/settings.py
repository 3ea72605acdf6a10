"""Every option, resolved once: defaults ← config file ← environment ← command line.

``Settings.resolve`` is called once by ``tui.cli.main``; the result is handed to the command
(``func(args, settings)``) and to the app (``StanceReaderApp(..., settings=...)``). Nothing
else reads the environment or the config file's top-level values.

Each option is one field below; its ``metadata`` says where else it may come from:
``config`` (a top-level key of ``config.toml``, same name), ``env`` (an environment variable).
Its type says how a string is read: ``Path`` (relative paths in the config are taken from the
config file's folder), ``float`` (seconds, >= 0), ``int`` (>= 0), ``str`` (non-empty;
``choices`` limits it).

    >>> Settings.resolve({"stance": "accurate"}, environ={}).stance
    'accurate'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import Any

from nlp.pipeline import DEFAULT_MODEL

from .config import ConfigError, read_config

CONFIG_ENV = "STANCE_READER_CONFIG"


def default_db() -> Path:
    import platformdirs

    return platformdirs.user_data_path("stance-reader") / "stance-reader.db"


def default_config() -> Path:
    import platformdirs

    return platformdirs.user_config_path("stance-reader") / "config.toml"


@dataclass(frozen=True)
class Settings:
    """The resolved options (see the module docstring for where each may come from)."""

    db: Path = field(default_factory=default_db, metadata={"env": "STANCE_READER_DB"})
    model: str = DEFAULT_MODEL
    annotator: str | None = field(default=None, metadata={"config": True, "env": "STANCE_READER_ANNOTATOR"})
    targets: Path | None = field(default=None, metadata={"config": True})
    # states by name (--target China; in the config, targets = ["China", "Iran"] instead of a file)
    target_names: tuple = field(default=(), metadata={"config": "targets"})
    stance: str = field(default="tuned", metadata={"config": True, "choices": ("fast", "accurate", "tuned")})
    encoder: Path | None = field(default=None, metadata={"config": True, "env": "STANCE_READER_ENCODER"})
    busy_timeout: float = field(default=10.0, metadata={"config": True, "env": "STANCE_READER_BUSY_TIMEOUT"})
    # team review for a database that has none stored (``project set review`` stores one, which wins)
    review: str | None = field(default=None, metadata={"config": True, "choices": ("shared", "independent")})
    # a stance key or a speaker choice marks the quote reviewed and moves to the next to review
    auto_advance: bool = field(default=True, metadata={"config": True})
    config: Path = field(default_factory=default_config, metadata={"env": CONFIG_ENV})

    @classmethod
    def option_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def resolve(cls, cli: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
        """Defaults, then the config file, then ``environ`` (default: ``os.environ``), then the
        command line's values (``cli``: option name → value; None means not given).
        A bad value is a ``ConfigError`` of one line naming where it came from."""
        environ = os.environ if environ is None else environ
        cli = {k: v for k, v in (cli or {}).items() if v is not None and v != ""}
        config = Path(cli.pop("config", None) or environ.get(CONFIG_ENV) or default_config())  # where layer 2 is
        values: dict[str, Any] = {}
        data = read_config(config)
        for f in fields(cls):
            key = f.metadata.get("config")
            key = f.name if key is True else key
            if key and data.get(key) is not None and (isinstance(data[key], list) == ("tuple" in str(f.type))):
                values[f.name] = _convert(f, data[key], f"{config}: {key}", config.parent)
        for f in fields(cls):
            env = f.metadata.get("env")
            if env and env != CONFIG_ENV and environ.get(env, "").strip():
                values[f.name] = _convert(f, environ[env], f"${env}", None)
        for name, value in cli.items():
            values[name] = _convert(fields_by_name()[name], value, f"--{name.replace('_', '-')}", None)
        return cls(config=config, **values)

    @cached_property
    def analyzer(self):
        """The ``nlp.analyzer.Analyzer`` these settings describe (nothing loaded yet)."""
        from nlp.analyzer import Analyzer

        return Analyzer(self.model, targets=self.targets, stance=self.stance, encoder=self.encoder,
                        target_names=self.target_names)

    def open_store(self, read_only_command: bool = False):
        """The database (``store.articles.Store``) at ``db``, as the annotator, with the busy timeout.

        ``read_only_command``: a command that only reads (export, speakers list…) refuses a
        database that does not exist rather than create an empty one and print nothing.
        """
        from store.articles import Store
        from store.errors import StoreError

        from .safe_text import shown_path

        if read_only_command and not Path(self.db).exists():
            raise StoreError(f"no database at {shown_path(self.db)} (give --db PATH or set $STANCE_READER_DB)")

        return Store(self.db, annotator=self.annotator, busy_timeout=self.busy_timeout, review=self.review)


def fields_by_name() -> dict[str, Any]:
    return {f.name: f for f in fields(Settings)}


def _convert(f, value: Any, where: str, base: Path | None) -> Any:
    """``value`` as field ``f``'s type; ``where`` names its origin in the error; ``base``: the
    folder relative paths are taken from."""
    kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    if kind == "bool":
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            value = value.strip().lower() == "true"
        if not isinstance(value, bool):
            raise ConfigError(f"{where} must be true or false, not {value!r}")
        return value
    if kind == "tuple":  # a list of names (state targets)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise ConfigError(f"{where} must be a file name or a list of state names")
        return tuple(v.strip() for v in value)
    if kind == "int":
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(f"{where} must be a whole number (0 or more), not {value!r}")
        return value
    if "float" in kind:
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = -1.0
        if isinstance(value, bool) or not number >= 0:
            raise ConfigError(f"{where} must be a number of seconds (0 or more), not {value!r}")
        return number
    if isinstance(value, Path):
        return value
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where} must be a non-empty string")
    value = value.strip()
    if "Path" in kind:
        path = Path(value).expanduser()
        return base / path if base is not None else path
    choices = f.metadata.get("choices")
    if choices and value not in choices:
        alternatives = " or ".join(f'"{c}"' for c in choices)
        raise ConfigError(f"{where} must be {alternatives}, not {value!r}")
    return value
