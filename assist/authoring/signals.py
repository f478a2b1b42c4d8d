"""Authoring tools for triage signals: their examples as tests (`assist playbook test`) and
quality checks (`assist playbook check`): a phrase that does not match its own text, a
phrase that a signal pointing elsewhere also matches. Nothing here prints."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assist.authoring.places import Places, count
from assist.errors import Location, PlaybookError
from assist.model import Signal
from assist.playbook.merge import Provenance
from assist.triage.engine import Triager


@dataclass(frozen=True)
class SignalFailure:
    """A `flag` message the signal did not find, or a `pass` message some signal fired on."""

    signal: str
    expected: str
    """`flag` or `pass`."""
    text: str
    where: Location
    fired: tuple[str, ...] = ()
    """For a `pass` message: each cue found, as `signal-id: "words"`; for a `flag` message,
    the signal's cues cancelled by a negation, if any."""


@dataclass(frozen=True)
class SignalReport:
    """The outcome of every signal's examples."""

    tested: int
    examples: int
    failures: tuple[SignalFailure, ...]
    untested: tuple[str, ...]


def run_signal_examples(
    triager: Triager,
    *,
    signal_ids: Iterable[str] | None = None,
    provenance: Provenance | None = None,
) -> SignalReport:
    """Triage every example: a `flag` message must raise a cue of its own signal (not
    negated); a `pass` message must raise no cue of any signal."""
    wanted = None if signal_ids is None else set(signal_ids)
    places = Places(provenance)
    failures: list[SignalFailure] = []
    tested = examples = 0
    untested = []
    for signal in triager.playbook.signals:
        if wanted is not None and signal.id not in wanted:
            continue
        if signal.examples is None or not (signal.examples.flag or signal.examples.passes):
            untested.append(signal.id)
            continue
        tested += 1
        examples += len(signal.examples.flag) + len(signal.examples.passes)
        failures += _failures(triager, signal, places)
    return SignalReport(tested, examples, tuple(failures), tuple(untested))


def _failures(triager: Triager, signal: Signal, places: Places) -> Iterable[SignalFailure]:
    assert signal.examples is not None
    for i, text in enumerate(signal.examples.flag):
        found, negated = triager.index.find(text)
        if not any(cue.signal.id == signal.id for cue in found):
            cancelled = tuple(
                f'cancelled by a negation: "{text[c.start : c.end]}"'
                for c in negated
                if c.signal.id == signal.id
            )
            where = places.locate(signal, "examples", "flag", i)
            yield SignalFailure(signal.id, "flag", text, where, cancelled)
    for i, text in enumerate(signal.examples.passes):
        found, _ = triager.index.find(text)
        if found:
            fired = tuple(f'{c.signal.id}: "{text[c.start : c.end]}"' for c in found)
            where = places.locate(signal, "examples", "pass", i)
            yield SignalFailure(signal.id, "pass", text, where, fired)


def render_signal_examples(report: SignalReport) -> list[str]:
    """The report as lines, summary last."""
    lines: list[str] = []
    for failure in report.failures:
        if failure.expected == "flag":
            title = f"signal '{failure.signal}': should find a cue in this message, did not:"
        else:
            title = f"signal '{failure.signal}': this message should raise no cue, but does:"
        lines += [f"{failure.where}: {title}", f'      "{failure.text}"']
        lines += [f"        {detail}" for detail in failure.fired]
    total = count(report.examples, "example")
    if report.failures:
        summary = f"signals failed: {len(report.failures)} of {total}"
    else:
        summary = f"signals ok: {count(report.tested, 'signal')}, {total}"
    if report.untested:
        summary += f" ({count(len(report.untested), 'signal')} without examples: "
        summary += ", ".join(report.untested) + ")"
    return [*lines, summary]


def signal_problems(triager: Triager, places: Places) -> Iterable[PlaybookError]:
    """Each signal phrase must find itself, and no signal pointing elsewhere may match it."""
    seen: set[frozenset[str]] = set()
    for signal in triager.playbook.signals:
        for i, phrase in enumerate(signal.phrases):
            found, _ = triager.index.find(phrase)
            where = places.locate(signal, "phrases", i)
            if not any(cue.signal.id == signal.id for cue in found):
                message = f"signal '{signal.id}': phrase \"{phrase}\" does not match its own text"
                yield PlaybookError(where, message + ", so it never fires")
            for cue in found:
                other = cue.signal
                pair = frozenset({f"{signal.id}:{phrase}", f"{other.id}:{cue.cue}"})
                if other.target == signal.target or pair in seen:
                    continue
                seen.add(pair)
                yield _conflict(places, (signal, phrase, where), (other, cue.cue))


def _conflict(
    places: Places, this: tuple[Signal, str, Location], that: tuple[Signal, str]
) -> PlaybookError:
    """Signal B's phrase matches the text of signal A's: report it at whichever phrase was
    written later (the one a team lead can change), naming the other."""
    here = this[2]
    other, other_phrase = that
    there = places.locate(other, "phrases", other.phrases.index(other_phrase))
    first, second = (this, (other, other_phrase, there))
    if places.rank(there) > places.rank(here):
        first, second = second, first
    (a, a_phrase, at), (b, b_phrase, _) = first, second
    message = (
        f'signal \'{a.id}\' (for {a.target}): phrase "{a_phrase}" and phrase "{b_phrase}" '
        f"of signal '{b.id}' (for {b.target}) match the same words; one message would "
        "count for both: keep the wording in one signal"
    )
    return PlaybookError(at, message)
