"""User configuration: ``config.toml`` in the user config directory.

    [keys]
    next_quote = "n,down"     # binding id = key or comma-separated keys
    undo = "ctrl+z"

Binding ids are listed by the help screen (``?``). ``$STANCE_READER_CONFIG`` points elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path


class ConfigError(ValueError):
    """A config file that cannot be used (one line, naming the file)."""


def config_path() -> Path:
    env = os.environ.get("STANCE_READER_CONFIG")
    if env:
        return Path(env)
    import platformdirs

    return platformdirs.user_config_path("stance-reader") / "config.toml"


def _read(path: Path) -> dict:
    import tomllib  # only when there is a config file to read

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None


def load_settings(path: Path | None = None) -> dict:
    """Top-level settings of the config file: ``annotator = "name"``, ``targets = "path.toml"``
    (or ``targets = ["China", "Iran"]``: states by name, returned as ``target_names``),
    ``stance = "fast"|"accurate"``, ``encoder = "folder"`` (relative targets and encoder paths
    are taken from the config file's folder)."""
    path = path or config_path()
    if not path.exists():
        return {}
    data = _read(path)
    settings: dict[str, str] = {}
    names = data.get("targets")
    if isinstance(names, list):  # targets = ["China", "Iran"]: states by name (a string is a targets file)
        if not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise ConfigError(f"{path}: targets must be a file name or a list of state names")
        settings["target_names"] = [n.strip() for n in names]
        data = {k: v for k, v in data.items() if k != "targets"}
    for key in ("annotator", "targets", "stance", "encoder"):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{path}: {key} must be a non-empty string")
        settings[key] = value.strip()
    for key in ("targets", "encoder"):
        if key in settings:
            settings[key] = str(path.parent / Path(settings[key]).expanduser())
    if settings.get("stance", "fast") not in ("fast", "accurate"):
        raise ConfigError(f"{path}: stance must be \"fast\" or \"accurate\", not {settings['stance']!r}")
    return settings


def load_keymap(path: Path | None = None, known: set[str] | None = None) -> tuple[dict[str, str], list[str]]:
    """The ``[keys]`` table as a Textual keymap, and warnings for entries that were skipped."""
    path = path or config_path()
    if not path.exists():
        return {}, []
    data = _read(path)
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise ConfigError(f"{path}: [keys] must be a table of binding id = \"key\"")
    keymap: dict[str, str] = {}
    warnings: list[str] = []
    for binding_id, value in keys.items():
        if not isinstance(value, str) or not value.strip():
            warnings.append(f"{path}: keys.{binding_id} must be a key string like \"ctrl+z\"")
        elif known is not None and binding_id not in known:
            warnings.append(f"{path}: keys.{binding_id}: no such action (see ? for the ids)")
        else:
            keymap[binding_id] = ",".join(k.strip() for k in value.split(",") if k.strip())
    return keymap, warnings
