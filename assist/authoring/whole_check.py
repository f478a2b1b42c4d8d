"""`assist playbook check`'s problems of loaded playbook files: the quality problems of
their compiled phrases (reusing the built-in rules' findings an earlier check kept) and of
their reply elements, answered from the check cache when the same files were checked."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from assist.errors import PlaybookError, PlaybookErrors
from assist.lint.engine import Linter, linter_for
from assist.model import Playbook
from assist.playbook.load import LoadResult


def check_problems(
    folders: list[Path], result: LoadResult, note: Callable[[str], None]
) -> list[PlaybookError]:
    """The problems of the built-ins with the team `folders` (`result`: them loaded without
    errors), or the ones the very same files gave last time; `note` receives the lines about
    the caches (an entry not written)."""
    from assist.authoring.check_cache import cached_problems, check_hits, keep_hits
    from assist.authoring.checks import quality_problems
    from assist.authoring.element_checks import element_problems
    from assist.score import Scorer

    assert result.playbook is not None
    playbook, provenance, team = result.playbook, result.provenance, bool(folders)

    def compute() -> list[PlaybookError]:
        linter = _check_linter(folders, playbook, note)
        hits = check_hits(linter, team=team, note=note)
        found = quality_problems(linter, provenance=provenance, team=team, hits=hits)
        keep_hits(hits, note=note)  # what it recorded: what later team checks reuse
        return found + element_problems(Scorer(linter), provenance=provenance)

    # the problems the same files gave last time, when nothing changed (check, then --strict)
    return cached_problems(folders, compute, note=note)


def _check_linter(folders: list[Path], playbook: Playbook, note: Callable[[str], None]) -> Linter:
    """The loaded playbook compiled, from the playbook cache as `assist lint` reads it (after
    an edit of a team file only the team files are compiled), or whole when the cache holds
    another playbook (a file changed since it was loaded)."""
    from assist.lint.layered import LinterLayering
    from assist.playbook.cache import load_cached

    if os.environ.get("ASSIST_NO_CACHE"):
        return linter_for(playbook)  # the cache would load the files again to compile them
    try:
        linter = load_cached(folders, Linter, layering=LinterLayering(), note=note)
    except PlaybookErrors:
        return linter_for(playbook)
    return linter if linter.playbook == playbook else linter_for(playbook)
