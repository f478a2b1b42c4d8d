"""Quality checks of reply elements (`assist playbook check`): the good wording an element
shows when it is missing must carry the element and break no rule, and every cue phrase
must be found in its own text."""

from __future__ import annotations

from collections.abc import Iterable

from assist.errors import Location, PlaybookError
from assist.lint.engine import lint_text
from assist.model import ReplyElement
from assist.playbook.merge import Provenance
from assist.score import Scorer


def element_problems(
    scorer: Scorer, *, provenance: Provenance | None = None
) -> list[PlaybookError]:
    """Errors in the reply elements, each at the field to fix:

    - an `example` that does not have its own element, or that a lint rule flags;
    - a cue phrase that is not found in its own text (so it never counts).
    """
    problems: list[PlaybookError] = []
    for element in scorer.playbook.elements:
        problems += _example_problems(scorer, element, provenance)
        problems += _cue_problems(scorer, element, provenance)
    if provenance is not None:
        problems.sort(key=lambda p: provenance.rank(p.location))
    return problems


def _where(element: ReplyElement, provenance: Provenance | None, *path: object) -> Location:
    if provenance is None:
        return element.origin
    key = f"{element.language}:{element.id}"
    return provenance.locate_entry(key, element.origin, str(path[0]), *path[1:])


def _has(scorer: Scorer, element_id: str, text: str) -> bool:
    return any(e.present for e in scorer.score(text).elements if e.id == element_id)


def _example_problems(
    scorer: Scorer, element: ReplyElement, provenance: Provenance | None
) -> Iterable[PlaybookError]:
    label = f"reply element '{element.id}' ({element.language})"
    where = _where(element, provenance, "example")
    if not _has(scorer, element.id, element.example):
        message = f"{label}: 'example' does not have the element itself; add a cue or reword it"
        yield PlaybookError(where, message)
    for finding in lint_text(element.example, playbook=scorer.linter):
        message = (
            f"{label}: 'example' is flagged by rule '{finding.rule}' (\"{finding.matched}\"); "
            "reword the example"
        )
        yield PlaybookError(where, message)


def _cue_problems(
    scorer: Scorer, element: ReplyElement, provenance: Provenance | None
) -> Iterable[PlaybookError]:
    if element.recognise is not None:
        return  # found by its recogniser too: a cue's own text is not the test
    for i, phrase in enumerate(element.phrases):
        if not _has(scorer, element.id, phrase):
            message = (
                f"reply element '{element.id}' ({element.language}): phrase \"{phrase}\" "
                "is not found in its own text (an exception or its position hides it)"
            )
            yield PlaybookError(_where(element, provenance, "phrases", i), message)
