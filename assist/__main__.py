"""`python -m assist` runs the command-line tool."""

from assist.cli import main

main()
