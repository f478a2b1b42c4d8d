"""Options several commands share, declared once so they read the same in every --help."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

PlaybooksOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--playbooks",
        "-p",
        metavar="DIR",
        help="Team playbook folder layered over the built-ins (repeatable).",
    ),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Use this assist.toml or pyproject.toml.")
]
NoConfigOption = Annotated[bool, typer.Option("--no-config", help="Ignore config files.")]
