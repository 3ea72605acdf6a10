"""User configuration: ``config.toml`` in the user config directory.

    [keys]
    next_quote = "n,down"     # binding id = key or comma-separated keys
    undo = "ctrl+z"

Binding ids are listed by the help screen (``?``). ``$STANCE_READER_CONFIG`` points elsewhere;
the top-level settings (``annotator = ...``) are described in ``tui.settings``.
"""

from __future__ import annotations

from pathlib import Path


class ConfigError(ValueError):
    """A config file that cannot be used (one line, naming the file)."""


MAX_CONFIG_BYTES = 1024 * 1024


def read_config(path: Path) -> dict:
    """The config file's contents (empty when there is none); ConfigError when it does not parse.
    Its top-level values are read by ``tui.settings.Settings.resolve``, ``[keys]`` by ``load_keymap``."""
    if not path.exists():
        return {}
    import tomllib  # only when there is a config file to read

    from store.files import NotAFile, read_regular

    try:
        data = read_regular(path, MAX_CONFIG_BYTES)  # a FIFO or /dev/zero is refused unread
        if len(data) > MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: too large for a config file (over {MAX_CONFIG_BYTES // 1024} KB)")
        return tomllib.loads(data.decode("utf-8"))
    except NotAFile as exc:
        raise ConfigError(str(exc)) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None


def load_keymap(path: Path, known: set[str] | None = None) -> tuple[dict[str, str], list[str]]:
    """The ``[keys]`` table of the config file at ``path`` as a Textual keymap, and warnings for
    entries that were skipped."""
    data = read_config(path)
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
    from .keys import key_clashes, quit_problem

    screens: dict[tuple[str, str, str], list[str]] = {}
    for binding_id, key, other, screen in key_clashes(keymap):  # one key on two actions of a screen
        screens.setdefault((binding_id, key, other), []).append(screen)
    for (binding_id, key, other), where in screens.items():
        warnings.append(f"{path}: keys.{binding_id}: {key} is also {other} on the {' and the '.join(where)}; "
                        "only one of them runs: give one of them another key")
    problem = quit_problem(keymap)
    if problem:  # the whole [keys] table is refused: a reader that cannot be left is no reader
        raise ConfigError(f"{path}: {problem}; [keys] not applied")
    return keymap, warnings
