"""The command line: the only place that parses arguments, prints for commands, or exits."""

from __future__ import annotations

from assist.cli.app import create_app, main, run

__all__ = ["create_app", "main", "run"]
