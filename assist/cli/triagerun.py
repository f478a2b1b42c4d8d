"""Running `assist triage`: read the message, triage it with the playbook's signals (from the
cache when current), print the report. Both the typer command (triage.py) and the fast
argument path (fastargs.py, from `main()`) end here; nothing here imports typer or click,
and rich only for a text report with text only rich lays out (plainlayout.needs_rich)."""

from __future__ import annotations

from assist.cli.oneinput import read_one
from assist.cli.output import EXIT_OK, fail, print_errors

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from assist.model import Playbook
    from assist.triage.result import Triage


def run_triage(
    path: str | None, text: str | None, output_format: str, playbooks: Iterable[Path] | None
) -> int:
    """Triage the message and print the report (`output_format`: text or json); the exit
    code (0: the message was read, whatever it says; bad input exits 2 with one line)."""
    from assist.cli.loading import load
    from assist.triage.stored import stored_triager

    message, _ = read_one(
        path, text, usage="assist triage: give one message: a PATH, - for stdin, or --text",
        noun="message",
    )  # fmt: skip
    loaded = load(playbooks or ())
    note = lambda line: print_errors([line])  # noqa: E731
    result = stored_triager(loaded.linter, loaded.team_dirs, note=note).triage(message)
    if output_format == "json":
        import json
        import sys

        from assist.triage import triage_json

        json.dump(triage_json(result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    _print_text(result, loaded.playbook)
    return EXIT_OK


def _print_text(result: Triage, playbook: Playbook) -> None:
    """The text report as plain strings (triagetext), or through rich when the text holds
    what only rich lays out."""
    import sys

    from assist.cli.plainlayout import Screen
    from assist.cli.triagetext import triage_report

    screen = Screen.of(sys.stdout)
    report = triage_report(result, playbook, screen) if screen is not None else None
    try:
        if report is not None:
            sys.stdout.write(report)
            return
        from assist.cli.output import make_console
        from assist.cli.triageview import render_triage

        render_triage(result, playbook, make_console())
    except BrokenPipeError:  # `assist triage msg.txt | head`
        fail([])
