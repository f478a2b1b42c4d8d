"""The built-in files' own `playbook check`, made once per test process for the xdist group
"builtin-check" (the tests that check a team folder over the full built-ins, and the check
of the built-ins themselves).

It keeps what every built-in rule finds in every built-in text in the run's cache
(`checkbase-*.json`, as `assist playbook check` without folders keeps it), before any team
check of the group runs: each team check then searches the built-in texts for the rules its
folder adds or changes only. Without it, the group's first team check kept the findings of
the built-in rules that team leaves unchanged only (the starter folder changes one), and the
next team that leaves that rule as built in ran the built-in files' whole check again.
"""

from __future__ import annotations

from functools import cache

import pytest

from assist.errors import PlaybookError


@cache  # a test module's fixture is its own: this is what makes it once per process
def builtin_check_problems() -> tuple[PlaybookError, ...]:
    """The built-ins' own check problems without the too-broad warnings (assist's own to
    tune, warnings only), the built-in texts' findings of every built-in rule (breadth's
    reference sentences and pass examples too) kept in the cache for team checks."""
    from assist.authoring.breadth import BreadthCheck
    from assist.authoring.check_cache import check_hits, keep_hits
    from assist.authoring.checks import quality_problems
    from assist.lint.engine import default_linter
    from assist.playbook.load import load_layers

    # the process's whole Linter: the same hits as the command's in parts (compared on every
    # text, 2026-12-03), in 6.5 s of CPU instead of 11 s (one index searched, not every part)
    linter = default_linter()
    hits = check_hits(linter, team=False)  # records every text it lints
    problems = quality_problems(
        linter, provenance=load_layers().provenance, breadth=False, hits=hits
    )
    BreadthCheck(linter, hits).lint_texts()  # what the check with breadth lints as well
    keep_hits(hits)
    return tuple(problems)


@pytest.fixture
def builtin_checked() -> tuple[PlaybookError, ...]:
    """`builtin_check_problems()`: the built-in texts' findings kept before the test runs."""
    return builtin_check_problems()
