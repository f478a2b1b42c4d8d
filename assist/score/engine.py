"""Score a reply: which elements it has (with the words that carry each), which its context
requires, a score, and lint's findings for the same text. Nothing here prints.

A `Scorer` wraps a compiled Linter with the element cues and the time recogniser; build it
once (`scorer_for`) and score many replies. The reply is normalized and split once: lint,
the cues and the time recogniser all read the same words.
"""

from __future__ import annotations

import re

from assist.lint.engine import BuiltOnce, LineIndex, Linter, finding_at, linter_for
from assist.lint.findings import Finding
from assist.lint.normalize import Words
from assist.model import Playbook, ReplyElement, Severity
from assist.record import record
from assist.score.context import Context, applying, check_context, required_elements
from assist.score.elements import Cue, ElementIndex
from assist.score.timeframe import TimeRecogniser

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from typing import Any

SCHEMA_VERSION = 1
LATIN = re.compile("[A-Za-zÀ-ÿ]+")
DEFAULT_LANGUAGE = "en"
SCRIPTS = {"he": re.compile("[\u0590-\u05ff]+"), "ar": re.compile("[\u0600-\u06ff]+")}


@record
class Evidence:
    """Words of the reply that carry an element: `text[offset:offset + length]`."""

    offset: int
    length: int
    text: str


@record
class ElementResult:
    """One element of the checklist: there or not, needed here or not, and why it matters."""

    id: str
    name: str
    present: bool
    required: bool
    evidence: tuple[Evidence, ...]
    why: str
    example: str
    """Good wording to add, in the reply's language where the playbook has it."""
    source: str


@record
class Scorecard:
    """The outcome of scoring one reply."""

    elements: tuple[ElementResult, ...]
    """Every element the playbook knows, required ones first, in playbook order."""
    score: int
    """Percent of the required elements present (100 when nothing is required)."""
    findings: tuple[Finding, ...]
    """lint's findings for the same text."""
    language: str
    """The reply's language as far as the cues tell (en when they do not)."""
    context: Context
    scorecards: tuple[str, ...]
    """Ids of the scorecards that applied."""

    @property
    def missing(self) -> tuple[ElementResult, ...]:
        """Required elements the reply does not have."""
        return tuple(e for e in self.elements if e.required and not e.present)


class Scorer:
    """A playbook compiled for scoring: build once, score many replies."""

    def __init__(
        self,
        linter: Linter,
        cues: ElementIndex | None = None,
        time: TimeRecogniser | None = None,
    ) -> None:
        """Compile the element cues and time words of `linter`'s playbook; `cues` and `time`
        when given are those compiled already (assist.score.stored reads them back from the
        cache)."""
        self.linter = linter
        self.playbook = linter.playbook
        self.cues = cues if cues is not None else ElementIndex(self.playbook)
        self.time = time if time is not None else TimeRecogniser(self.playbook.languages)
        self.by_id: dict[str, dict[str, ReplyElement]] = {}
        for element in self.playbook.elements:
            self.by_id.setdefault(element.id, {})[element.language] = element
        self.timed = {e.id for e in self.playbook.elements if e.recognise == "time"}
        self._contexts: dict[Context, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._absent: dict[tuple[str, str, bool], ElementResult] = {}
        self._shown: dict[tuple[str, str], ReplyElement] = {}  # the version a language reads

    def score(self, text: str, context: Context | None = None) -> Scorecard:
        """Score `text` in `context` (none: the default scorecards).

        Raises UsageError for an unknown step, channel or customer type id.
        """
        context = context or Context()
        ids, required = self._requirements(context)
        checked = self.linter.check(text)
        found = self._evidence(checked.words)
        language = _language(text, found)
        results = [self._result(text, i, found, language, i in required) for i in self.by_id]
        results.sort(key=lambda r: not r.required)  # stable: playbook order within each
        needed = [r for r in results if r.required]
        score = round(100 * sum(r.present for r in needed) / len(needed)) if needed else 100
        return Scorecard(tuple(results), score, checked.findings, language, context, ids)

    def present(self, text: str) -> frozenset[str]:
        """Ids of the reply elements `text` has: what `score(text).elements` marks present,
        without linting the text (context rules need only this)."""
        return frozenset(self.spans(text))

    def spans(self, text: str) -> dict[str, tuple[tuple[int, int], ...]]:
        """Where each present element's cues are in `text` ((start, end) character spans),
        without linting the text: the context rules ask where a promise sits."""
        found = self._evidence(self.linter.index.words_of(text))
        return {e: tuple((c.start, c.end) for c in cues) for e, cues in found.items() if cues}

    def _requirements(self, context: Context) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(ids of the applying scorecards, required element ids), found once per context."""
        known = self._contexts.get(context)
        if known is None:
            check_context(self.playbook, context)
            cards = applying(self.playbook, context)
            known = self._contexts[context] = (
                tuple(card.id for card in cards),
                required_elements(cards),
            )
        return known

    def _evidence(self, words: Words) -> dict[str, list[Cue]]:
        """Cues by element id, the time recogniser's spans included."""
        found: dict[str, list[Cue]] = {}
        for cue in self.cues.find(words):  # token positions are found once, in `words`
            found.setdefault(cue.element, []).append(cue)
        if self.timed:
            for start, end in self.time.find(words):
                for element in self.timed:
                    found.setdefault(element, []).append(Cue(element, "", start, end))
        for cues in found.values():
            cues.sort(key=lambda c: c.start)
        return found

    def _result(
        self, text: str, element_id: str, found: dict[str, list[Cue]], language: str, required: bool
    ) -> ElementResult:
        cues = found.get(element_id)
        if not cues:  # results are immutable: one per element, language and requirement
            key = (element_id, language, required)
            absent = self._absent.get(key)
            if absent is None:
                absent = self._absent[key] = self._make(element_id, language, required, ())
            return absent
        evidence = tuple(
            Evidence(c.start, c.end - c.start, text[c.start : c.end]) for c in _distinct(cues)
        )
        return self._make(element_id, language, required, evidence)

    def _make(
        self, element_id: str, language: str, required: bool, evidence: tuple[Evidence, ...]
    ) -> ElementResult:
        shown = self._shown.get((element_id, language))
        if shown is None:
            versions = self.by_id[element_id]
            shown = versions.get(language) or versions.get(DEFAULT_LANGUAGE)
            shown = self._shown[element_id, language] = shown or next(iter(versions.values()))
        return ElementResult(
            id=element_id,
            name=shown.name,
            present=bool(evidence),
            required=required,
            evidence=evidence,
            why=shown.why,
            example=shown.example,
            source=shown.source,
        )


def _distinct(cues: list[Cue]) -> list[Cue]:
    """Cues with overlapping ones joined ("I'll follow up" + "follow up with you")."""
    if len(cues) == 1:
        return cues
    joined: list[Cue] = []
    for cue in sorted(cues, key=lambda c: c.start):
        if joined and cue.start < joined[-1].end:
            last = joined[-1]
            joined[-1] = Cue(last.element, last.language, last.start, max(last.end, cue.end))
        else:
            joined.append(cue)
    return joined


def _language(text: str, found: dict[str, list[Cue]]) -> str:
    """he or ar by script; else the language most cues came from (en on a tie or none)."""
    if not text.isascii():
        latin = sum(map(len, LATIN.findall(text)))
        for code, script in SCRIPTS.items():
            if script.search(text) and sum(map(len, script.findall(text))) > latin:
                return code
    counts: dict[str, int] = {}
    for cues in found.values():
        for cue in cues:
            if cue.language:
                counts[cue.language] = counts.get(cue.language, 0) + 1
    if not counts:
        return DEFAULT_LANGUAGE
    best = max(counts.values())
    leaders = sorted(code for code, n in counts.items() if n == best)
    return DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in leaders else leaders[0]


_scorers: BuiltOnce[Linter, Scorer] = BuiltOnce(Scorer, lambda scorer: scorer.linter)


def scorer_for(playbook: Playbook | Linter | Scorer | None = None) -> Scorer:
    """A Scorer for what a caller passed (built once per compiled playbook per process)."""
    if isinstance(playbook, Scorer):
        return playbook
    return _scorers(linter_for(playbook))


def known_scorer(linter: Linter) -> Scorer | None:
    """The Scorer `scorer_for` has for this very Linter in this process, if any."""
    scorer = _scorers.built.get(id(linter))
    return scorer if scorer is not None and scorer.linter is linter else None


def keep_scorer(scorer: Scorer) -> Scorer:
    """`scorer` is what `scorer_for` gives for its Linter from now on (one read back from the
    cache: assist.score.stored)."""
    if len(_scorers.built) >= _scorers.MAX_BUILT:
        _scorers.built.clear()
    _scorers.built[id(scorer.linter)] = scorer
    return scorer


def score_text(
    text: str,
    *,
    step: str | None = None,
    channel: str | None = None,
    customer_type: str | None = None,
    playbook: Playbook | Linter | Scorer | None = None,
) -> Scorecard:
    """Score a reply: each element present or not (with evidence), required or not, a score
    and lint's findings. `playbook` is a Playbook, Linter, Scorer or None for the built-in.

    Raises UsageError for an unknown step, channel or customer type id.
    """
    context = Context(step, channel, customer_type)
    return scorer_for(playbook).score(text, context)


def missing_findings(
    card: Scorecard, text: str, *, path: str = "<text>", severity: Severity = Severity.WARNING
) -> list[Finding]:
    """Each missing required element as a lint finding (rule `missing-<id>`) at the start of
    the text, for `assist lint --score`."""
    lines = LineIndex(text)
    return [
        finding_at(
            text,
            lines,
            path,
            0,
            0,
            rule=f"missing-{element.id}",
            severity=severity,
            phrase="",
            score=0,
            why=f"{element.name} missing: {element.why}",
            suggestions=(element.example,),
        )
        for element in card.missing
    ]


def scorecard_dict(card: Scorecard) -> dict[str, Any]:
    """The scorecard as the versioned JSON document of `assist score --format json`."""
    from dataclasses import asdict

    return {
        "schema_version": SCHEMA_VERSION,
        "language": card.language,
        "context": {
            "step": card.context.step,
            "channel": card.context.channel,
            "customer_type": card.context.customer_type,
        },
        "scorecards": list(card.scorecards),
        "score": card.score,
        "elements": [
            {
                "id": e.id,
                "name": e.name,
                "present": e.present,
                "required": e.required,
                "evidence": [asdict(v) for v in e.evidence],
                "why": e.why,
                "example": e.example,
                "source": e.source,
            }
            for e in card.elements
        ],
        "findings": [{**asdict(f), "suggestions": list(f.suggestions)} for f in card.findings],
    }
