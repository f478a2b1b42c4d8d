"""Reply elements' examples as tests (`assist playbook test`): every `flag` reply must have
the element, no `pass` reply may have it. Results use the rules' report types."""

from __future__ import annotations

from collections.abc import Iterable

from assist.authoring.examples import ExampleFailure, RuleExamples
from assist.errors import Location
from assist.model import ReplyElement
from assist.playbook.merge import Provenance
from assist.score import Scorer


def run_element_examples(
    scorer: Scorer,
    *,
    element_ids: Iterable[str] | None = None,
    provenance: Provenance | None = None,
) -> tuple[list[RuleExamples], list[str]]:
    """(results of the elements with examples, labels of those without), in playbook order."""
    wanted = None if element_ids is None else set(element_ids)
    results, untested = [], []
    for element in scorer.playbook.elements:
        if wanted is not None and element.id not in wanted:
            continue
        label = f"{element.id} ({element.language})"
        examples = element.examples
        if examples is None or not (examples.flag or examples.passes):
            untested.append(label)
            continue
        failures = tuple(_failures(scorer, element, label, provenance))
        total = len(examples.flag) + len(examples.passes)
        results.append(RuleExamples(label, element.origin, total, failures, kind="element"))
    return results, untested


def has_element(scorer: Scorer, element_id: str, text: str) -> bool:
    """True when the reply has the element (in any language)."""
    card = scorer.score(text)
    return any(e.present for e in card.elements if e.id == element_id)


def _failures(
    scorer: Scorer, element: ReplyElement, label: str, provenance: Provenance | None
) -> Iterable[ExampleFailure]:
    assert element.examples is not None
    for expected, texts in (("flag", element.examples.flag), ("pass", element.examples.passes)):
        for i, text in enumerate(texts):
            if has_element(scorer, element.id, text) != (expected == "flag"):
                where = _where(element, provenance, expected, i)
                hint = "none of its cues is found" if expected == "flag" else "a cue is found"
                yield ExampleFailure(label, expected, text, where, hint=hint)


def _where(element: ReplyElement, provenance: Provenance | None, expected: str, i: int) -> Location:
    if provenance is None:
        return element.origin
    key = f"{element.language}:{element.id}"
    return provenance.locate_entry(key, element.origin, "examples", expected, i)
