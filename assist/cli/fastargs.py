"""The fast paths' argument scanner: `assist lint`, `assist triage` and `assist score` parsed
without building the typer app (its import and construction cost more than the command).

Each command declares its options in a table (option -> parameter of its typer function,
kind), kept in step with the typer command by a test that reads both. Anything the scanner
is unsure of (--help, an unknown or malformed option, a value that looks like an option, a
bad choice, an extra argument) gives None, and typer parses the command line as always, with
its own messages.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

VALUE, MANY, FLAG = "value", "many", "flag"
FORMATS = ("text", "json")
"""The output formats of `assist triage` and `assist score`."""
TRIAGE_OPTIONS: dict[str, tuple[str, str]] = {
    # option -> (parameter of triage.triage, kind); add a new option here and in triage.py
    "--text": ("text", VALUE),
    "-t": ("text", VALUE),
    "--format": ("output_format", VALUE),
    "-f": ("output_format", VALUE),
    "--playbooks": ("playbooks", MANY),
    "-p": ("playbooks", MANY),
}
SCORE_OPTIONS: dict[str, tuple[str, str]] = {
    # option -> (parameter of score.score, kind); add a new option here and in score.py
    **TRIAGE_OPTIONS,
    "--channel": ("channel", VALUE),
    "-c": ("channel", VALUE),
    "--type": ("customer_type", VALUE),
    "--step": ("step", VALUE),
    "--list": ("list_elements", FLAG),
}


class Scanned:
    """A command line read against an option table: positional arguments, the last value of
    each VALUE option, every value of each MANY option, the FLAG options given."""

    __slots__ = ("flags", "many", "paths", "values")

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.values: dict[str, str] = {}
        self.many: dict[str, list[str]] = {}
        self.flags: set[str] = set()


def scan(args: Sequence[str], options: Mapping[str, tuple[str, str]]) -> Scanned | None:
    """`args` read as click reads them for a command with these options, or None when typer
    should parse them."""
    found = Scanned()
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--":
            found.paths.extend(rest)
            break
        if not arg.startswith("-") or arg == "-":
            found.paths.append(arg)
            continue
        name, value = _split(arg)
        if name not in options:
            return None
        parameter, kind = options[name]
        if kind == FLAG:
            if value is not None:
                return None
            found.flags.add(parameter)
            continue
        if value is None:
            if not rest or (rest[0].startswith("-") and rest[0] != "-"):
                return None  # missing, or looks like an option: let typer say so
            value = rest.pop(0)
        if kind == MANY:
            found.many.setdefault(parameter, []).append(value)
        else:
            found.values[parameter] = value  # repeated: the last one counts, as in click
    return found


def _split(arg: str) -> tuple[str, str | None]:
    """`--name=value`, `--name`, `-xvalue` or `-x` -> (option, value or None)."""
    if arg.startswith("--"):
        name, equals, value = arg.partition("=")
        return name, value if equals else None
    return arg[:2], arg[2:] or None


def triage_arguments(args: Sequence[str]) -> dict[str, Any] | None:
    """The keyword arguments typer gives `triage.triage` for `assist triage ARGS`, or None."""
    found = scan(args, TRIAGE_OPTIONS)
    return None if found is None else _common(found)


def score_arguments(args: Sequence[str]) -> dict[str, Any] | None:
    """The keyword arguments typer gives `score.score` for `assist score ARGS`, or None."""
    found = scan(args, SCORE_OPTIONS)
    common = None if found is None else _common(found)
    if found is None or common is None:
        return None
    return {
        **common,
        "channel": found.values.get("channel"),
        "customer_type": found.values.get("customer_type"),
        "step": found.values.get("step"),
        "list_elements": "list_elements" in found.flags,
    }


def _common(found: Scanned) -> dict[str, Any] | None:
    """The one optional PATH, --text, --format and --playbooks; None for what typer rejects."""
    output_format = found.values.get("output_format", "text")
    if len(found.paths) > 1 or output_format not in FORMATS:
        return None
    return {
        "path": found.paths[0] if found.paths else None,
        "text": found.values.get("text"),
        "output_format": output_format,
        "playbooks": as_paths(found.many["playbooks"]) if "playbooks" in found.many else None,
    }


def path_text(name: str) -> str:
    """`str(Path(name))`, made without importing pathlib where paths are POSIX (pathlib and
    what it imports cost a cold `lint --reply-to` about 16 M instructions): empty and `.`
    parts dropped, a root of one slash, or two kept as they are."""
    if os.sep != "/" or os.altsep is not None:
        from pathlib import Path

        return str(Path(name))
    stripped = name.lstrip("/")
    slashes = len(name) - len(stripped)
    root = "//" if slashes == 2 else "/" if slashes else ""
    parts = [part for part in stripped.split("/") if part and part != "."]
    return root + "/".join(parts) if root or parts else "."


def as_paths(names: list[str]) -> list[Path]:
    """The names as Paths, as typer gives them (pathlib imported only when one is given)."""
    if not names:
        return []
    from pathlib import Path

    return [Path(name) for name in names]
