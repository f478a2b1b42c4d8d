"""Commands to browse the playbook (`types`, `channels`, `phrases`, `steps`) and the
`assist playbook` group (`check`, `schema`; other modules add commands to `playbook_app`).

Only argument parsing and printing live here; loading is playbook.py, rendering browse.py.
Heavy modules are imported inside the commands so `assist lint` starts fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from .model import Playbook
    from .yamlsource import PlaybookError

playbook_app = typer.Typer(
    name="playbook",
    help="Tools for playbook authors: check, test, show, init, schema.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

PlaybooksOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--playbooks",
        "-p",
        metavar="DIR",
        help="Team playbook folder layered over the built-ins (repeatable).",
    ),
]


def register(app: typer.Typer) -> None:
    """Add the browse commands and the `playbook` group to the main app."""
    app.command("types")(types)
    app.command("channels")(channels)
    app.command("phrases")(phrases)
    app.command("steps")(steps)
    app.add_typer(playbook_app, name="playbook")


def _team_dirs(given: Sequence[Path] | None) -> list[Path]:
    """Team folders from the config file (assist.toml, [tool.assist]), then from options."""
    from .config import ConfigError, load_config
    from .console import fail

    try:
        config = load_config()
    except ConfigError as exc:
        fail([exc])
    return [*config.playbooks, *(given or ())]


def _load(given: Sequence[Path] | None) -> Playbook:
    """The merged playbook, or exit 2 with one `file:line:col: message` line per problem."""
    from .console import fail
    from .playbook import load_layers

    result = load_layers(_team_dirs(given))
    if result.errors or result.playbook is None:
        fail(_in_file_order(result.errors, result.files))
    return result.playbook


def _show(team_dirs: Sequence[Path] | None, item_id: str | None, pick: str) -> None:
    """Render the table (no id) or one entry of the kind named by `pick`."""
    from . import browse
    from .console import fail, make_console

    table, detail = {
        "types": (browse.render_customer_types, browse.render_customer_type),
        "channels": (browse.render_channels, browse.render_channel),
        "phrases": (browse.render_rules, browse.render_rule),
    }[pick]
    playbook = _load(team_dirs)
    console = make_console()
    if item_id is None:
        table(playbook, console)
        return
    try:
        detail(playbook, console, item_id)
    except browse.UnknownIdError as exc:
        fail([f"assist {pick}: {exc}"])


def types(
    type_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Show this customer type in detail.")
    ] = None,
    playbooks: PlaybooksOption = None,
) -> None:
    """List the customer types, or show one: who they are, cues, approach, what to avoid."""
    _show(playbooks, type_id, "types")


def channels(
    channel_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Show this channel in detail.")
    ] = None,
    playbooks: PlaybooksOption = None,
) -> None:
    """List the complaint channels, or show one: response time, tips, what to avoid."""
    _show(playbooks, channel_id, "channels")


def phrases(
    rule_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Show this rule in detail.")
    ] = None,
    playbooks: PlaybooksOption = None,
) -> None:
    """List the say / don't-say rules, or show one: why, what to say, source, examples."""
    _show(playbooks, rule_id, "phrases")


def steps(playbooks: PlaybooksOption = None) -> None:
    """Show the steps of handling a complaint, in order, with tips and wording."""
    from .browse import render_steps
    from .console import make_console

    render_steps(_load(playbooks), make_console())


@playbook_app.command("check")
def check(
    folders: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[DIR]...", help="Team playbook folders to check with the built-ins."
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the check too.")] = False,
) -> None:
    """Validate the built-in playbook and team folders (default: those in assist.toml).

    Also finds conflicts: alternatives that are flagged, phrases two rules match, phrases too
    short to match safely (a warning; with team folders, only those in the team's files).
    Prints `file:line:col: [warning: ]message` for each problem and exits 2 on errors (and
    with --strict on warnings), or a one-line summary.
    """
    from .authoring import fails_check, problem_line, quality_problems
    from .console import fail, print_errors
    from .playbook import load_layers

    folders = list(folders or _team_dirs(None))
    unusable = _unusable_folders(folders)
    result = load_layers([folder for folder in folders if not folder.is_file()])
    if result.errors or unusable:
        fail([*_in_file_order(result.errors, result.files), *unusable])
    assert result.playbook is not None
    problems = quality_problems(result.playbook, team_dirs=folders)
    if fails_check(problems, strict=strict):
        fail([problem_line(p) for p in problems])
    print_errors([problem_line(p) for p in problems])
    print(f"ok: {_summary(result.playbook)} in {_count(len(result.files), 'file')}")


def _unusable_folders(folders: Sequence[Path]) -> list[str]:
    """Arguments that are files, or folders without any playbook file: likely typos."""
    from .playbook import playbook_files

    problems = []
    for folder in folders:
        if folder.is_file():
            problems.append(f"{folder}: is a file; give the folder that holds it")
        elif folder.is_dir() and not playbook_files(folder):
            problems.append(f"{folder}: no playbook files (*.yaml, *.yml) in this folder")
    return problems


def _in_file_order(errors: Sequence[PlaybookError], files: Sequence[str]) -> list[PlaybookError]:
    """Errors sorted by file (in load order), then line and column."""
    rank = {name: i for i, name in enumerate(files)}

    def key(error: PlaybookError) -> tuple[int, int, int]:
        where = error.location
        return rank.get(where.file, len(rank)), where.line, where.column

    return sorted(errors, key=key)


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _summary(playbook: Playbook) -> str:
    parts = [
        _count(len(playbook.rules), "rule"),
        _count(len(playbook.customer_types), "customer type"),
        _count(len(playbook.channels), "channel"),
        _count(len(playbook.steps), "step"),
    ]
    return ", ".join(parts)


@playbook_app.command("schema")
def schema() -> None:
    """Print the JSON Schema of playbook files (for editors and other tools)."""
    import sys

    from .schema import schema_json

    sys.stdout.write(schema_json())
