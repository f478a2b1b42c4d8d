"""Every marked console example in README.md and docs/*.md runs, and prints what the page
says it prints.

A page opts in block by block: put `<!-- test: console -->` on the line before a ```console
fence. In the block, lines starting with `$ ` are commands (a here-document runs on to its
end marker); the lines after a command, up to the next command, are its expected output
(standard output and standard error together). The blocks of one page share one temporary
folder, run in order, with `ASSIST_DB` pointing into it and no assist.toml above it.
Compared after normalising: dates (YYYY-MM-DD) and the temporary folder's path; a line
holding only `...` stands for any number of lines. So examples stay true whatever today is.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from builtin_check import builtin_checked  # noqa: F401 (a fixture)

DOCS = Path(__file__).parent.parent / "docs"
MARKER = "<!-- test: console -->"
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
HEREDOC = re.compile(r"<<-?\s*'?\"?(\w+)'?\"?")
TIMEOUT = 300  # a hang guard, not a speed test: `playbook check` takes ~60 s wall at load 14


@dataclass(frozen=True)
class Example:
    """One command of a docs page and the output the page shows for it."""

    page: str
    line: int
    command: str
    expected: tuple[str, ...]


def examples(page: Path) -> list[Example]:
    """The commands of the page's marked console blocks, in order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Example] = []
    for start, line in enumerate(lines):
        if line.strip() == MARKER and lines[start + 1].strip() == "```console":
            end = next(i for i in range(start + 2, len(lines)) if lines[i].strip() == "```")
            found += _commands(page.name, start + 3, lines[start + 2 : end])
    return found


def _commands(page: str, first: int, block: list[str]) -> list[Example]:
    found: list[Example] = []
    i = 0
    while i < len(block):
        if not block[i].startswith("$ "):
            raise ValueError(f"{page}:{first + i}: output before any command")
        command, line = [block[i][2:]], first + i
        i += 1
        heredoc = HEREDOC.search(command[0])
        if heredoc:
            while i < len(block) and block[i] != heredoc.group(1):
                command.append(block[i])
                i += 1
            command.append(block[i] if i < len(block) else "")
            i += 1
        expected = []
        while i < len(block) and not block[i].startswith("$ "):
            expected.append(block[i])
            i += 1
        found.append(Example(page, line, "\n".join(command), tuple(expected)))
    return found


def normalise(text: str, folder: Path) -> list[str]:
    """Lines with dates and the temporary folder made comparable; trailing spaces dropped."""
    text = DATE.sub("YYYY-MM-DD", text.replace(str(folder), "."))
    return [line.rstrip() for line in text.rstrip("\n").splitlines()] if text.strip() else []


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line; a lone `...` matches any number of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and matches(expected[1:], actual[1:])


README = DOCS.parent / "README.md"
PAGES = [
    p
    for p in (README, *sorted(DOCS.glob("*.md")))
    if p.is_file() and MARKER in p.read_text(encoding="utf-8")
]


CHECKED = {"patterns.md"}  # a team check over the full built-ins (tests/builtin_check.py)


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(
            p, marks=[pytest.mark.xdist_group("builtin-check")] if p.name in CHECKED else []
        )
        for p in PAGES
    ],
    ids=[p.name for p in PAGES],
)
def test_console_examples_print_what_the_docs_say(
    page: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if page.name in CHECKED:  # the built-in texts' findings kept for the page's team check
        request.getfixturevalue("builtin_checked")
    found = examples(page)
    assert found, f"{page.name} has the marker but no commands"
    env = {
        **os.environ,
        "ASSIST_DB": str(tmp_path / "cases.db"),
        "COLUMNS": "80",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    for example in found:
        done = subprocess.run(
            ["bash", "-c", example.command], cwd=tmp_path, env=env, capture_output=True,
            text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        actual = normalise(done.stdout + done.stderr, tmp_path)
        expected = normalise("\n".join(example.expected), tmp_path)
        where = f"{example.page}:{example.line}: $ {example.command.splitlines()[0]}"
        assert matches(expected, actual), (
            f"{where}\n--- docs\n" + "\n".join(expected) + "\n--- actual\n" + "\n".join(actual)
        )


def test_the_harness_reads_commands_heredocs_and_outputs(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        f"text\n{MARKER}\n```console\n$ cat > a.txt <<'EOF'\nhello\nEOF\n$ cat a.txt\nhello\n```\n"
        "```console\n$ not run\n```\n",
        encoding="utf-8",
    )
    found = examples(page)
    assert [(e.line, e.command, e.expected) for e in found] == [
        (4, "cat > a.txt <<'EOF'\nhello\nEOF", ()),
        (7, "cat a.txt", ("hello",)),
    ]
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"]) and not matches(["a"], ["a", "b"])
    assert normalise(f"{tmp_path}/x on 2026-12-01 \n", tmp_path) == ["./x on YYYY-MM-DD"]
