"""`python -m assist`."""

from assist.cli import run

run()
