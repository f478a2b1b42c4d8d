"""The typer commands' declared options, for tests that compare them with the fast paths'
option tables (assist.cli.fastargs, assist.cli.lintargs)."""

from __future__ import annotations

from typing import Any

import typer

from assist.cli import create_app
from assist.cli.fastargs import FLAG, MANY, VALUE


def declared_options(
    command: str,
) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, ...]]]:
    """A typer command's options as a fast-path table (option -> (parameter, kind)), and the
    choices of each parameter that has them (typer vendors its own click)."""
    group: Any = typer.main.get_command(create_app())
    declared: dict[str, tuple[str, str]] = {}
    choices: dict[str, tuple[str, ...]] = {}
    for param in group.commands[command].params:
        if param.param_type_name != "option" or param.name == "help":
            continue
        kind = FLAG if param.is_flag else MANY if param.multiple else VALUE
        for opt in param.opts:
            declared[opt] = (param.name, kind)
        if hasattr(param.type, "choices"):
            choices[param.name or ""] = tuple(param.type.choices)
    return declared, choices
