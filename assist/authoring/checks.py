"""Quality checks the loader cannot see (`assist playbook check`): alternatives a rule flags,
phrases two rules match, phrases that never fire, phrases too short to be safe."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from assist.authoring.batch import Hit
from assist.authoring.places import Places
from assist.authoring.shapes import ChunkWords, pattern_forms
from assist.authoring.signals import signal_problems
from assist.authoring.text_hits import TextHits
from assist.errors import PlaybookError
from assist.lint.engine import Linter, linter_for
from assist.lint.matcher import form_words
from assist.model import PhraseRule, Playbook
from assist.playbook.load import builtin_files, display_name
from assist.playbook.merge import Provenance
from assist.playbook.patterns import (
    GAP,
    MAX_FORMS,
    PatternError,
    forms,
    is_pattern,
    reordering_limit,
)
from assist.triage.engine import Triager

SHORT_PHRASE = 4  # a one-word phrase of this many letters or fewer gets a warning


def quality_problems(
    playbook: Playbook | Linter,
    *,
    provenance: Provenance | None = None,
    team: bool = False,
    breadth: bool = True,
    hits: TextHits | None = None,
) -> list[PlaybookError]:
    """Problems the loader cannot see, each an error or a warning (`.level`):

    - a `say` alternative that a rule flags (error);
    - a phrase that another rule also matches, so one draft is flagged twice (error);
    - a phrase that does not even match its own text, so it never fires (error);
    - a single-word phrase of 4 letters or fewer, which matches too easily (warning);
    - a pattern of a `word-order: free` rule whose reorderings pass the limit, so only some
      of its forms are matched in every order (warning, saying what was kept);
    - with `breadth`, a pattern too broad to be safe (a warning for each way it is, see
      assist.authoring.breadth: common words only, short forms, a gap beside common words,
      harmless reference sentences or its rule's own `pass` examples flagged);
    - a triage signal phrase that does not match its own text, or that a signal pointing
      at another target also matches (error).

    With `provenance` (recorded when the playbook was loaded) each problem points at the
    exact phrase or alternative, in the file that set it last; else at the rule. With `team`
    (team folders are layered in), warnings in the built-in files are left out: they are
    assist's to fix, and a team's check shows what the team can change. `hits` gives the
    findings of the texts checked (default: each linted with every rule of the playbook).
    """
    playbook = linter_for(playbook)
    hits = hits if hits is not None else TextHits(playbook)
    places = Places(provenance)
    builtin = {display_name(path) for path in builtin_files()} if team else set()
    words = ChunkWords(playbook.index.contractions)
    problems = [
        *_alternative_problems(playbook, places, hits),
        *_phrase_problems(playbook, places, hits),
        *_short_phrases(playbook, places, words, builtin),
        *_free_order_limits(playbook, places),
        *(_too_broad(playbook, places, hits, builtin, words) if breadth else ()),
        *signal_problems(Triager(playbook.playbook), places),
    ]
    if team:
        problems = [p for p in problems if p.level == "error" or p.location.file not in builtin]
    return sorted(problems, key=lambda p: places.rank(p.location))


def lint_check_texts(playbook: Linter, hits: TextHits) -> None:
    """Lint every text `quality_problems` lints with `hits` (`say` alternatives, phrases and
    their forms, breadth's reference sentences and pass examples), without working out the
    problems: what a recording TextHits keeps for later checks (check_cache.check_hits)."""
    from assist.authoring.breadth import BreadthCheck

    places = Places(None)
    for _ in _alternative_problems(playbook, places, hits):
        pass
    for _ in _own_findings(playbook, hits):
        pass
    BreadthCheck(playbook, hits).lint_texts()


def problem_line(problem: PlaybookError) -> str:
    """`file:line:col: message`, or `file:line:col: warning: message` for a warning."""
    if problem.level == "warning":
        return f"{problem.location}: warning: {problem.message}"
    return str(problem)


def fails_check(problems: Iterable[PlaybookError], *, strict: bool = False) -> bool:
    """Errors fail `assist playbook check`; with `strict`, warnings do too."""
    return any(p.level == "error" or strict for p in problems)


def _alternative_problems(
    playbook: Linter, places: Places, hits: TextHits
) -> Iterable[PlaybookError]:
    items = [(rule, i, alt) for rule in playbook.playbook.rules for i, alt in enumerate(rule.say)]
    for (rule, i, _), findings in zip(items, hits.each([alt for _, _, alt in items]), strict=True):
        for finding in findings:
            message = (
                f"rule '{rule.id}': 'say' alternative {i + 1} is flagged by rule "
                f"'{finding.rule}' (\"{finding.matched}\"); reword the alternative"
            )
            yield PlaybookError(places.locate(rule, "say", i), message)


def _own_findings(
    playbook: Linter, hits: TextHits
) -> Iterator[tuple[PhraseRule, int, str, list[Hit]]]:
    """(rule, phrase index, phrase, findings in the phrase's own text) for every phrase: every
    other rule's findings, and its own rule's as far as it fires (TextHits.forms_each); a
    phrase whose own rule did not fire in the joined text is checked alone to be sure."""
    items = [(r, i, ph) for r in playbook.playbook.rules for i, ph in enumerate(r.phrases)]
    owned = [(rule.id, _form_texts(phrase)) for rule, _, phrase in items]  # a pattern's forms
    for (rule, i, phrase), (_, group), findings in zip(
        items, owned, hits.forms_each(owned), strict=True
    ):
        if not any(f.rule == rule.id for f in findings):
            findings = [f for text in group for f in hits.alone(text)]
        yield rule, i, phrase, findings


def _form_texts(phrase: str) -> list[str]:
    """The texts a phrase's own check lints: the phrase, or each form of a pattern."""
    if not is_pattern(phrase):
        return [phrase]
    return [form.text.replace(GAP, " ") for form in pattern_forms(phrase)]


def _phrase_problems(playbook: Linter, places: Places, hits: TextHits) -> Iterable[PlaybookError]:
    seen: set[frozenset[tuple[str, str]]] = set()
    for rule, i, phrase, findings in _own_findings(playbook, hits):
        if not any(f.rule == rule.id for f in findings):
            message = f"rule '{rule.id}': phrase \"{phrase}\" does not match its own text"
            where = places.locate(rule, "phrases", i)
            yield PlaybookError(where, message + ", so it never fires")
        for finding in findings:
            pair = frozenset({(rule.id, phrase), (finding.rule, finding.phrase)})
            if finding.rule == rule.id or pair in seen:
                continue
            seen.add(pair)
            yield _conflict(playbook, places, rule, i, finding)


def _conflict(
    playbook: Linter, places: Places, rule: PhraseRule, i: int, finding: Hit
) -> PlaybookError:
    """Rule B's phrase matches the text of rule A's phrase: report it at whichever of the two
    phrases was written later (the one a team lead can change), naming the other."""
    other = playbook.playbook.rule(finding.rule)
    assert other is not None
    here = places.locate(rule, "phrases", i)
    there = places.locate(other, "phrases", other.phrases.index(finding.phrase))
    fix = "a draft would be flagged twice: keep the wording in one rule"
    if places.rank(there) > places.rank(here):
        message = (
            f"rule '{other.id}': phrase \"{finding.phrase}\" also matches phrase "
            f"\"{rule.phrases[i]}\" of rule '{rule.id}' (at {here}); {fix}"
        )
        return PlaybookError(there, message)
    message = (
        f"rule '{rule.id}': phrase \"{rule.phrases[i]}\" is also matched by rule "
        f"'{other.id}' (phrase \"{finding.phrase}\" at {there}); {fix}"
    )
    return PlaybookError(here, message)


def _short_phrases(
    playbook: Linter, places: Places, chunk_words: ChunkWords, left_out: set[str]
) -> Iterable[PlaybookError]:
    """A warning at each phrase form of one short word; not for rules whose phrases are all
    in the files `left_out` (their warnings would be left out)."""
    rules = _rules_outside(playbook, places, left_out)
    for rule, i, phrase, words in _single_words(playbook, rules, chunk_words):
        if len(words[0]) <= SHORT_PHRASE:
            message = (
                f"rule '{rule.id}': phrase \"{phrase}\" is a single word of "
                f"{len(words[0])} letters; it will flag harmless drafts (use a longer phrase)"
            )
            yield PlaybookError(places.locate(rule, "phrases", i), message, level="warning")


def _single_words(
    playbook: Linter, rules: Iterable[PhraseRule], chunk_words: ChunkWords
) -> Iterator[tuple[PhraseRule, int, str, tuple[str, ...]]]:
    """(rule, index of the phrase's first place, phrase, its words) for each of its forms
    of one word, in the index's order: each form's words as the matcher compiles them
    (assist.lint.matcher.form_words), without building the compiled phrases."""
    canonical = playbook.index.canonical
    for rule in rules:
        first: dict[str, int] = {}
        seen: set[tuple[tuple[str, ...], frozenset[int]]] = set()
        for i, phrase in enumerate(rule.phrases):
            first.setdefault(phrase, i)
            try:
                free = rule.word_order == "free"
                shapes = forms(phrase, free_order=True) if free else pattern_forms(phrase)
            except PatternError:
                continue  # the loader reports it
            for shape in shapes:
                words, gaps = form_words(shape.chunks, chunk_words)
                key = (tuple(canonical.get(w, w) for w in words), gaps)
                if key[0] and key not in seen:
                    seen.add(key)
                    if len(key[0]) == 1:
                        yield rule, first[phrase], phrase, key[0]


def _free_order_limits(playbook: Linter, places: Places) -> Iterable[PlaybookError]:
    """A warning at each free-order pattern whose reorderings were cut at the limit."""
    for rule in playbook.playbook.rules:
        if rule.word_order != "free":
            continue
        for i, phrase in enumerate(rule.phrases):
            try:
                cut = reordering_limit(phrase)
            except PatternError:
                continue  # the loader reports it
            if cut is None or phrase in rule.phrases[:i]:
                continue
            message = (
                f"rule '{rule.id}': pattern \"{phrase}\" would stand for {cut.wanted} word "
                f"sequences in free word order (more than {MAX_FORMS}): {cut.reordered} of its "
                f"{cut.written} forms are matched in every order, the other "
                f"{cut.written - cut.reordered} only as written; split it into smaller patterns"
            )
            yield PlaybookError(places.locate(rule, "phrases", i), message, level="warning")


def _rules_outside(playbook: Linter, places: Places, left_out: set[str]) -> list[PhraseRule]:
    """The rules with a phrase set outside the files `left_out` (all rules without any)."""
    return [
        rule
        for rule in playbook.playbook.rules
        if not left_out
        or any(
            places.locate(rule, "phrases", i).file not in left_out for i in range(len(rule.phrases))
        )
    ]


def _too_broad(
    playbook: Linter, places: Places, hits: TextHits, left_out: set[str], words: ChunkWords
) -> Iterable[PlaybookError]:
    """A warning at the pattern for each way it is too broad; not for rules whose phrases
    are all in the files `left_out` (their warnings would be left out)."""
    from assist.authoring.breadth import BreadthCheck, breadth_by_pattern

    rules = _rules_outside(playbook, places, left_out)
    only = rules if left_out else None  # a team's check: breadth of its rules only
    found = breadth_by_pattern(BreadthCheck(playbook, hits, words, only), rules)
    for (rule_id, i), ways in found.items():
        rule = playbook.playbook.rule(rule_id)
        assert rule is not None
        where = places.locate(rule, "phrases", i)
        for way in ways:
            message = f"rule '{rule.id}': pattern \"{rule.phrases[i]}\" is too broad: {way.message}"
            yield PlaybookError(where, message, level="warning")
