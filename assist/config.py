"""Team configuration: `assist.toml`, or `[tool.assist]` in `pyproject.toml`.

Precedence, lowest first (each layer replaces the keys it sets):
1. built-in defaults;
2. the nearest config file, searching from the current folder upwards and stopping at the
   repository root (a folder holding `.git`) or the home folder, as peers do, and below the
   system's temporary folders (`$TMPDIR`, `$TEMP`, `$TMP`, /tmp, /var/tmp, /usr/tmp: read only
   when the search starts there), so a file in a shared parent folder (/tmp, a shared home
   root) does not silently apply below a project (in each folder `assist.toml` wins over
   `pyproject.toml`);
3. command-line options.
Relative `playbooks` folders are resolved against the folder of the config file.
"""

from __future__ import annotations

import os

from assist.model import SEVERITIES
from assist.record import field, record, replace

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:  # the search runs on strings: a lint without a config imports no pathlib
    from pathlib import Path
    from typing import Any

FAIL_ON = (*SEVERITIES, "none")
KEYS = {
    "ignore": "rule ids never reported",
    "fail-on": "lowest severity that makes `assist lint` exit 1",
    "playbooks": "team playbook folders layered over the built-ins",
    "language": "language codes whose rules apply (default: all)",
    "signature": "how the coach signs a reply (may hold line breaks)",
}


class ConfigError(Exception):
    """A problem in a config file, phrased as one line naming the file."""


@record
class Config:
    """Effective settings for a run."""

    ignore: tuple[str, ...] = ()
    fail_on: str = "warning"
    playbooks: tuple[Path, ...] = ()
    language: tuple[str, ...] | None = None
    signature: str = ""
    path: Path | None = field(default=None, compare=False)


def find_config_file(start: Path | None = None) -> Path | None:
    """The nearest assist.toml, or pyproject.toml with a [tool.assist] table, from `start` up
    to the repository root (a folder with `.git`) or the home folder, whichever comes first;
    a temporary folder (/tmp) and its parents are searched only when `start` is that folder."""
    folder = os.path.realpath(start if start is not None else os.getcwd())
    home = _home()
    shared = _temporary_folders() - {home}
    while True:
        own = os.path.join(folder, "assist.toml")
        if _exists(own, file=True):
            return _path(own)
        pyproject = os.path.join(folder, "pyproject.toml")
        if _exists(pyproject, file=True) and "[tool.assist]" in _read(pyproject):
            return _path(pyproject)
        if folder == home or folder in shared or _exists(os.path.join(folder, ".git"), file=False):
            return None
        parent = os.path.dirname(folder)
        if parent == folder or parent in shared:  # the root, or everyone's temporary folder
            return None
        folder = parent


def _temporary_folders() -> set[str]:
    """The system's temporary folders, resolved: the environment's choice and the usual ones
    (tempfile's candidates without importing it; a lint without a config stays light)."""
    names = [os.environ.get(name) for name in ("TMPDIR", "TEMP", "TMP")]
    names += ["/tmp", "/var/tmp", "/usr/tmp"] if os.name == "posix" else []
    return {os.path.realpath(name) for name in names if name}


def _path(name: str) -> Path:
    from pathlib import Path

    return Path(name)


def describe(config: Config, team_dirs: tuple[Path, ...] = ()) -> dict[str, Any]:
    """What is in force, for reports: the config file (None when none was found), the team
    folders and the settings that differ from the defaults. `default` is True when nothing
    differs from a run without any config or team folder."""
    defaults = Config()
    settings = {
        "ignore": list(config.ignore),
        "fail_on": config.fail_on,
        "language": list(config.language) if config.language is not None else None,
    }
    changed = {
        key: value
        for key, value in settings.items()
        if value != {"ignore": [], "fail_on": defaults.fail_on, "language": None}[key]
    }
    return {
        "file": str(config.path) if config.path is not None else None,
        "playbooks": [str(d) for d in team_dirs],
        "settings": changed,
        "default": config.path is None and not team_dirs and not changed,
    }


def _home() -> str | None:
    """The home folder, resolved (None when it cannot be told, as Path.home() raises)."""
    try:
        home = os.path.expanduser("~")
        return None if home.startswith("~") else os.path.realpath(home)
    except (RuntimeError, OSError, KeyError):
        return None


def _exists(path: str, *, file: bool) -> bool:
    """Whether `path` is a file (or exists); an unreadable folder on the way counts as no."""
    return os.path.isfile(path) if file else os.path.exists(path)


def load_config(path: Path | None = None, *, search: bool = True) -> Config:
    """Read the given config file, or the nearest one when `search` is set."""
    if path is None:
        path = find_config_file() if search else None
        if path is None:
            return Config()
    table = _table(path)
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(f"{path}: unknown key '{unknown[0]}' (known: {', '.join(KEYS)})")
    return Config(
        ignore=_strings(table, "ignore", path),
        fail_on=_fail_on(table, path),
        playbooks=tuple(path.parent / p for p in _strings(table, "playbooks", path)),
        language=_strings(table, "language", path) if "language" in table else None,
        signature=_signature(table, path),
        path=path,
    )


def with_options(config: Config, **options: Any) -> Config:
    """The config with every command-line option that was given (not None) applied on top."""
    given = {k: v for k, v in options.items() if v is not None}
    return replace(config, **given)


def _read(path: Path | str) -> str:
    try:
        with open(path, encoding="utf-8") as stream:
            return stream.read()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config file is not valid UTF-8") from None


def _table(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        data = tomllib.loads(_read(path))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("assist", {}) if isinstance(tool, dict) else None
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.assist] must be a table")
        return table
    return data


def _strings(table: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: '{key}' must be a list of strings")
    return tuple(value)


def _fail_on(table: dict[str, Any], path: Path) -> str:
    value = table.get("fail-on", "warning")
    if value not in FAIL_ON:
        raise ConfigError(f"{path}: 'fail-on' must be one of {', '.join(FAIL_ON)}, not {value!r}")
    return value


def _signature(table: dict[str, Any], path: Path) -> str:
    value = table.get("signature", "")
    if not isinstance(value, str):
        raise ConfigError(f"{path}: 'signature' must be a string")
    return value.strip("\n")
