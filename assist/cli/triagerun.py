"""Running `assist triage`: read the message, triage it with the playbook's signals (from the
cache when current), print the report. Both the typer command (triage.py) and the fast
argument path (fastargs.py, from `main()`) end here; nothing here imports typer or click,
and rich only for the text report."""

from __future__ import annotations

from assist.cli.oneinput import read_one
from assist.cli.output import EXIT_OK, fail, print_errors

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path


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
    from assist.cli.output import make_console
    from assist.cli.triageview import render_triage

    try:
        render_triage(result, loaded.playbook, make_console())
    except BrokenPipeError:  # `assist triage msg.txt | head`
        fail([])
    return EXIT_OK
