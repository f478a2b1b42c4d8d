"""When `assist lint` runs without `--reply-to`, whether its text report says that the context
rules stayed silent: only when some context rule would have judged a draft had the
customer's message been given (docs/replies.md).

Decided without reading the context rules where it can (a cold lint of one draft must not pay
for them, nor for importing assist.review): the built-in layer always has rules, and only a
team layer's `disable` or a selection naming context rules (`--rule`, `--ignore`, the
config's `ignore`) can leave none to run."""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from assist.lint.engine import FileResult
    from assist.model import Playbook

CONTEXT_LANGUAGE = "en"
"""assist.review.engine.CONTEXT_LANGUAGE (a test keeps them equal): the context rules judge
only replies in this language."""
TEAM_FOLDER = "context"
"""assist.review.rules.TEAM_FOLDER: a team folder's context layers are `context/*.yaml`."""


def context_rules_would_run(
    playbook: Playbook,
    rules: Iterable[str] | None,
    ignore: Iterable[str],
    team_dirs: Iterable[Path],
) -> bool:
    """Whether any context rule is in force (built-in layer, then each team folder's
    `context/`) and selected by `rules` (None: all) and `ignore`. The ids were checked
    already: one the playbook lacks is a context rule's."""
    rules = tuple(rules) if rules is not None else None
    ignore = tuple(ignore)
    named = {i for i in (*(rules or ()), *ignore) if playbook.rule(i) is None}
    if rules is not None and not named.intersection(rules):
        return False  # only phrase rules chosen
    if not named and not _may_disable(team_dirs):
        return True
    from assist.errors import PlaybookErrors
    from assist.lint.engine import selector
    from assist.review.rules import layered_rules

    try:
        context = layered_rules(team_dirs)
    except (PlaybookErrors, OSError):
        return True  # a bad layer is reported where the rules run (`--reply-to`)
    keep = selector(rules, ignore, None)
    return any(keep is None or keep(rule.id, CONTEXT_LANGUAGE) for rule in context.rules)


def judged_with_context(result: FileResult) -> bool:
    """Whether the context rules would judge this input with a customer message: read,
    checked, and in their language or in none told (short, mixed), as `--reply-to` runs them."""
    if result.error is not None or result.skipped is not None:
        return False
    language = result.language
    if language is None:
        return True
    return language.checked and language.code in (None, CONTEXT_LANGUAGE)


def _may_disable(team_dirs: Iterable[Path]) -> bool:
    """Whether a team context layer mentions `disable` (the only way a layer takes rules
    away); a layer that cannot be read counts as one that may (os.path, not pathlib: a cold
    lint imports no pathlib)."""
    for folder in team_dirs:
        sub = os.path.join(folder, TEAM_FOLDER)
        try:
            if not os.path.isdir(sub):
                continue
            for name in os.listdir(sub):
                if name.endswith((".yaml", ".yml")) and _mentions_disable(os.path.join(sub, name)):
                    return True
        except OSError:
            return True
    return False


def _mentions_disable(path: str) -> bool:
    with open(path, "rb") as file:
        return b"disable" in file.read()
