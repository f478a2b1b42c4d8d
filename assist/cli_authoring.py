"""`assist playbook test`, `show` and `init`: commands for team leads who author playbooks.

Only argument parsing and printing live here; the work is in authoring.py. Heavy modules are
imported inside the commands so `assist lint` starts fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .cli_browse import playbook_app

if TYPE_CHECKING:
    from .model import Playbook

FoldersArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="[DIR]...",
        help="Team playbook folders layered over the built-ins (default: those in assist.toml).",
    ),
]


def register(app: typer.Typer) -> None:
    """Add `test`, `show` and `init` to the `playbook` group (which cli_browse adds to `app`)."""
    known = {command.name for command in playbook_app.registered_commands}
    for name, function in (("test", examples_command), ("show", show), ("init", init)):
        if name not in known:
            playbook_app.command(name)(function)


def _load(folders: Sequence[Path] | None) -> tuple[Playbook, list[Path]]:
    """The merged playbook and its team folders, or exit 2 with `file:line:col` problems."""
    from .cli_browse import _in_file_order, _team_dirs
    from .console import fail
    from .playbook import load_layers

    team_dirs = list(folders or _team_dirs(None))
    result = load_layers(team_dirs)
    if result.errors or result.playbook is None:
        fail(_in_file_order(result.errors, result.files))
    return result.playbook, team_dirs


def examples_command(
    folders: FoldersArgument = None,
    rule: Annotated[
        list[str] | None, typer.Option("--rule", metavar="ID", help="Only this rule's examples.")
    ] = None,
) -> None:
    """Run every rule's examples: `flag` drafts must be flagged by their rule, `pass` drafts
    by no rule at all.

    Exit codes: 0 all examples pass, 1 some fail, 2 a playbook problem or an unknown rule.
    """
    from .authoring import Provenance, render_examples, run_examples
    from .console import EXIT_FINDINGS, EXIT_OK, fail

    playbook, team_dirs = _load(folders)
    unknown = [rule_id for rule_id in rule or () if playbook.rule(rule_id) is None]
    if unknown:
        fail([f"assist playbook test: unknown rule '{unknown[0]}' (see `assist phrases`)"])
    report = run_examples(playbook, rule_ids=rule, provenance=Provenance.read(team_dirs))
    print("\n".join(render_examples(report)))
    raise typer.Exit(EXIT_FINDINGS if report.failed else EXIT_OK)


def show(
    folders: FoldersArgument = None,
    resolved: Annotated[
        bool,
        typer.Option(
            "--resolved", help="List every rule, customer type, channel and step after layering."
        ),
    ] = False,
) -> None:
    """Show the layers of the playbook and where each entry comes from.

    Without --resolved: each layer's files and what they add, override and disable. With it:
    every entry with the `file:line:col` that defined it, the overrides and disabled rules.
    """
    from .authoring import Provenance, render_layers, render_resolved

    playbook, team_dirs = _load(folders)
    provenance = Provenance.read(team_dirs)
    lines = render_resolved(playbook, provenance) if resolved else render_layers(provenance)
    print("\n".join(lines))


def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="The team folder to create.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    no_config: Annotated[
        bool, typer.Option("--no-config", help="Do not write assist.toml.")
    ] = False,
) -> None:
    """Write a commented starter team folder (team.yaml and the JSON Schema for editors) and
    an assist.toml in the current folder that layers it over the built-ins."""
    from .authoring import starter_files, write_files
    from .console import fail

    if folder.exists() and not folder.is_dir():
        fail([f"assist playbook init: {folder} is a file; give a folder to create"])
    files = starter_files(folder, config_dir=None if no_config else Path("."))
    try:
        written = write_files(files, force=force)
    except FileExistsError as exc:
        fail([f"assist playbook init: {exc} already exists (use --force to overwrite it)"])
    except OSError as exc:
        fail([f"assist playbook init: cannot write {exc.filename}: {exc.strerror}"])
    for path in written:
        print(f"wrote {path}")
    print(f"next: edit {folder / 'team.yaml'}, then run `assist playbook check` and `test`")
