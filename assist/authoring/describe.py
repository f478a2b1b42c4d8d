"""`assist playbook explain`: what a pattern stands for, as data.

For one pattern (of a rule, or on its own in a language): the word sequences it stands for,
its choices, optional words and gaps, what the guards of its rule and language cancel (shown
with wordings the real matcher flags without the guards and passes with them), and the ways
it is too broad (assist.authoring.breadth).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from assist.authoring.batch import every_language
from assist.authoring.breadth import Breadth, BreadthCheck, merged_contractions
from assist.errors import Location
from assist.lint.engine import Linter
from assist.lint.normalize import phrase_words
from assist.model import Language, PhraseRule, Playbook, Severity
from assist.playbook.patterns import (
    GAP,
    MAX_FREE_WORDS,
    MAX_GAP,
    ClassUse,
    Form,
    Group,
    class_uses,
    contract_classes,
    expand_classes,
    forms,
    outline,
)

GUARD_FORMS_TRIED = 8  # forms of each guard tried next to the pattern
PATTERN_FORMS_TRIED = 4  # forms of the pattern tried next to each guard form
GUARD_EXAMPLES = 3  # guard forms shown that contain the pattern
NEW_RULE = "(pattern)"
"""The id of the stand-in rule a pattern is explained under when no rule is given."""


@dataclass(frozen=True)
class GuardEffect:
    """One guard of the pattern's rule or language, and wordings where it cancels a match
    (each flagged by the real matcher without the guards and passed with them)."""

    guard: str
    scope: str
    """'rule' (cancels a match it overlaps or stands up to 2 words before or after) or
    'language' (cancels any match of the language it overlaps or stands up to 2 words before)."""
    forms: int
    inside: tuple[str, ...]
    """Forms of the guard that contain a form of the pattern: there the match is cancelled."""
    next_to: tuple[str, ...]
    """When none does: a wording with the guard right before (or after) the pattern."""


@dataclass(frozen=True)
class Explanation:
    """What one pattern stands for."""

    pattern: str
    rule: str | None
    language: str
    location: Location | None
    free_order: bool
    written: int
    """Forms as written, before those that read the same are merged."""
    forms: tuple[Form, ...]
    """The word sequences, in the order written; forms that read the same once contractions
    are expanded ("don't" / "do not") count once."""
    groups: tuple[Group, ...]
    """Choices, optional words and gaps of the pattern as written (a class is one word)."""
    guards: tuple[GuardEffect, ...]
    breadth: tuple[Breadth, ...]
    classes: tuple[ClassUse, ...] = ()
    """The word classes (`@name`) the pattern as written names."""

    @property
    def optional(self) -> tuple[Group, ...]:
        """The optional groups `[...]`."""
        return tuple(g for g in self.groups if g.kind == "optional")

    @property
    def choices(self) -> tuple[Group, ...]:
        """The choices `{a|b}`."""
        return tuple(g for g in self.groups if g.kind == "choice")

    @property
    def gaps(self) -> tuple[Group, ...]:
        """The `...` gaps."""
        return tuple(g for g in self.groups if g.kind == "gap")


class NoWords(ValueError):
    """A pattern whose forms have no words once folded the way drafts are."""


def explain_pattern(
    playbook: Playbook,
    pattern: str,
    *,
    rule: PhraseRule | None = None,
    language: str = "en",
    location: Location | None = None,
) -> Explanation:
    """The explanation of `pattern` as a phrase of `rule` (its guards, language and word
    order), or alone in `language`; its word classes (`@name`) are the language's, and a
    phrase loaded with its classes expanded is shown with them written back. PatternError if
    malformed (or naming an unknown class), NoWords if it has no words."""
    if rule is None:
        rule = PhraseRule(NEW_RULE, Severity.WARNING, (pattern,), "", (), "", language=language)
    spec = playbook.languages.get(rule.language)
    classes = spec.classes if spec is not None else {}
    pattern = contract_classes(pattern, classes)
    expanded = expand_classes(pattern, classes)
    free = rule.word_order == "free"
    written = forms(expanded, free_order=free)
    shapes = _distinct(written, merged_contractions(playbook))
    groups = outline(pattern)
    alone = replace(rule, phrases=(expanded,))
    guarded = Linter(_only(playbook, alone, keep_guards=True))
    bare = Linter(_only(playbook, alone, keep_guards=False))
    return Explanation(
        pattern=pattern,
        rule=None if rule.id == NEW_RULE else rule.id,
        language=rule.language,
        location=location,
        free_order=free,
        written=len(written),
        forms=shapes,
        groups=groups,
        guards=tuple(_guard_effects(playbook, alone, shapes, guarded, bare)),
        breadth=tuple(BreadthCheck(guarded).of(alone, expanded)),
        classes=class_uses(pattern, classes),
    )


def _distinct(shapes: Iterable[Form], contractions: dict[str, str]) -> tuple[Form, ...]:
    """Forms that differ once folded the way drafts are; NoWords when none has words."""
    seen: dict[tuple[tuple[str, ...], ...], Form] = {}
    for shape in shapes:
        key = tuple(phrase_words(chunk, contractions) for chunk in shape.chunks)
        if any(key):
            seen.setdefault(key, shape)
    if not seen:
        raise NoWords("the pattern has no words once folded the way drafts are")
    return tuple(seen.values())


def _only(playbook: Playbook, rule: PhraseRule, *, keep_guards: bool) -> Playbook:
    """A playbook of this one rule and every language's data (guards kept or dropped)."""
    languages = dict(playbook.languages)
    if rule.language not in languages:
        languages[rule.language] = Language(rule.language)
    if not keep_guards:
        rule = replace(rule, guards=())
        languages = {code: replace(spec, guards=()) for code, spec in languages.items()}
    return Playbook(rules=(rule,), languages=languages)


def _guard_effects(
    playbook: Playbook, rule: PhraseRule, shapes: Sequence[Form], guarded: Linter, bare: Linter
) -> Iterable[GuardEffect]:
    language = playbook.languages.get(rule.language)
    scoped = [(g, "rule") for g in rule.guards]
    scoped += [(g, "language") for g in (language.guards if language else ())]
    texts = [" ".join(shape.chunks) for shape in shapes[:PATTERN_FORMS_TRIED]]
    for guard, scope in scoped:
        guard_forms = [" ".join(f.chunks) for f in forms(guard)]
        inside = [g for g in guard_forms if _cancelled(g, rule.id, guarded, bare)]
        next_to: list[str] = []
        if not inside:
            tried = guard_forms[:GUARD_FORMS_TRIED]
            nearby = [f"{g} {t}" for g in tried for t in texts]
            nearby += [f"{t} {g}" for g in tried for t in texts] if scope == "rule" else []
            next_to = [t for t in nearby if _cancelled(t, rule.id, guarded, bare)][:1]
        yield GuardEffect(
            guard, scope, len(guard_forms), tuple(inside[:GUARD_EXAMPLES]), tuple(next_to)
        )


def _cancelled(text: str, rule_id: str, guarded: Linter, bare: Linter) -> bool:
    """The rule fires on `text` without the guards and not with them."""
    codes = every_language(bare)  # no language detection on a short demonstration
    return any(f.rule == rule_id for f in bare.lint(text, languages=codes)) and not any(
        f.rule == rule_id for f in guarded.lint(text, languages=codes)
    )


def explanation_json(explanation: Explanation, *, sample: int) -> dict[str, Any]:
    """The explanation as JSON data (`sample` forms listed, 0 for all)."""
    shown = explanation.forms if sample <= 0 else explanation.forms[:sample]
    location = explanation.location
    return {
        "pattern": explanation.pattern,
        "rule": explanation.rule,
        "language": explanation.language,
        "location": None
        if location is None
        else {"file": location.file, "line": location.line, "column": location.column},
        "word_order": "free" if explanation.free_order else "fixed",
        "count": len(explanation.forms),
        "written": explanation.written,
        "forms": [form.text for form in shown],
        "more": len(explanation.forms) - len(shown),
        "choices": [
            {"text": g.text, "column": g.column, "options": list(g.options)}
            for g in explanation.choices
        ],
        "classes": [
            {"name": c.name, "column": c.column, "alternatives": c.alternatives}
            for c in explanation.classes
        ],
        "optional": [
            {"text": g.text, "column": g.column, "words": g.options[0]}
            for g in explanation.optional
        ],
        "gaps": [
            {"column": g.column, "before": g.before, "after": g.after, "max_words": MAX_GAP}
            for g in explanation.gaps
        ],
        "guards": [
            {
                "guard": e.guard,
                "scope": e.scope,
                "forms": e.forms,
                "inside": list(e.inside),
                "next_to": list(e.next_to),
            }
            for e in explanation.guards
        ],
        "warnings": [
            {"kind": b.kind, "reason": b.reason, "suggestion": b.suggestion}
            for b in explanation.breadth
        ],
    }


def render_explanation(explanation: Explanation, *, sample: int) -> list[str]:
    """The explanation as text lines (`sample` forms listed, 0 for all)."""
    e = explanation
    where = ", ".join(
        part
        for part in (
            f"rule '{e.rule}'" if e.rule else "",
            str(e.location) if e.location else "",
            f"language '{e.language}'",
        )
        if part
    )
    count = len(e.forms)
    lines = [f'pattern "{_one_line(e.pattern)}" ({where})']
    merged = f" ({e.written} as written; some read the same)" if e.written != count else ""
    lines.append(f"  stands for {count} word sequence{'s' if count != 1 else ''}{merged}:")
    shown = e.forms if sample <= 0 else e.forms[:sample]
    lines += [f"    {form.text}" for form in shown]
    if len(shown) < count:
        lines.append(f"    …and {count - len(shown)} more")
    if e.free_order:
        lines.append(f"  free word order: every order of each form of up to {MAX_FREE_WORDS} words")
    lines += _group_lines(e)
    lines += _guard_lines(e)
    if e.breadth:
        lines.append("  too broad:")
        lines += [f"    {b.kind}: {b.message}" for b in e.breadth]
    else:
        lines.append("  too broad: no")
    return lines


def _group_lines(e: Explanation) -> list[str]:
    lines = []
    if e.classes:
        lines.append("  word classes (one of the class's alternatives):")
        lines += [
            f"    col {c.column}: @{c.name} ({c.alternatives} alternatives)" for c in e.classes
        ]
    if e.choices:
        lines.append("  choices (one of):")
        lines += [
            f"    col {g.column}: {g.text} ({len(g.options)} alternatives)" for g in e.choices
        ]
    optional = ", ".join(f"{g.text} (col {g.column})" for g in e.optional)
    lines.append(f"  optional words: {optional or 'none'}")
    if e.gaps:
        lines.append(f"  gaps ({GAP}: up to {MAX_GAP} words of the same sentence):")
        lines += [f'    col {g.column}: between "{g.before}" and "{g.after}"' for g in e.gaps]
    else:
        lines.append("  gaps: none")
    return lines


def _guard_lines(e: Explanation) -> list[str]:
    """The rule's guards one by one; the language's in one line, except those that contain
    a form of this pattern (the same few guards stand next to every phrase)."""
    lines = []
    own = [g for g in e.guards if g.scope == "rule"]
    if own:
        lines.append(
            f"  guards of rule '{e.rule or NEW_RULE}' (cancel a match they overlap or stand up "
            "to 2 words before or after):"
        )
        lines += [f"    {_effect_line(effect)}" for effect in own]
    else:
        lines.append(f"  guards of rule '{e.rule or NEW_RULE}': none")
    shared = [g for g in e.guards if g.scope == "language"]
    example = next((g.next_to[0] for g in shared if g.next_to), "")
    shown = f': "{example}" passes' if example else ""
    lines.append(
        f"  guards of language '{e.language}': {len(shared)} (cancel any match they overlap "
        f"or stand up to 2 words before{shown})"
    )
    lines += [f"    {_effect_line(effect)}" for effect in shared if effect.inside]
    return lines


def _effect_line(effect: GuardEffect) -> str:
    """`"guard" (n forms): what it cancels`."""
    if effect.inside:
        what = "cancels it inside " + ", ".join(f'"{x}"' for x in effect.inside)
    elif effect.next_to:
        what = f'cancels it next to it: "{effect.next_to[0]}" passes'
    else:
        what = "cancels none of the wordings tried with this pattern"
    forms_count = f"{effect.forms} form{'s' if effect.forms != 1 else ''}"
    return f'"{_one_line(effect.guard)}" ({forms_count}): {what}'


def _one_line(text: str) -> str:
    """A playbook string on one line (a line break shown as ␤)."""
    return text.replace("\n", "\u2424")
