"""Playbook authoring for team leads: where entries come from, examples as tests, quality checks
and the starter team folder of `assist playbook init`.

Nothing here prints: each public function returns data or the lines to print, and the
`assist playbook` commands (cli_browse.py, cli_authoring.py) write them out.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import Finding
from .lint import lint_text, phrase_index
from .model import SECTIONS, PhraseRule, Playbook
from .playbook import builtin_files, display_name, playbook_files
from .yamlsource import Document, Location, PlaybookError, read_document

WIDTH = 80
BUILTIN = "built-in"
SHORT_PHRASE = 4  # a one-word phrase of this many letters or fewer gets a warning
RESOLVED = ("rules", "customer-types", "channels", "steps")  # what `show --resolved` lists
ENTRY_SECTIONS = tuple(key for key in SECTIONS if key != "overrides")

# Where entries come from ---------------------------------------------------------------------


@dataclass(frozen=True)
class Layer:
    """One layer of the merged playbook: the built-in files, or one team folder."""

    name: str
    """`built-in`, or the team folder (relative to the current folder when inside it)."""
    files: tuple[Path, ...]
    """Its playbook files, in the order the loader reads them."""


@dataclass(frozen=True)
class Placed:
    """Where an entry, an override or a `disable` item is written, and in which layer."""

    where: Location
    layer: str
    keys: tuple[str, ...] = ()
    """For an override: the fields it changes."""


def playbook_layers(team_dirs: Iterable[Path] = ()) -> list[Layer]:
    """The layers the loader merges, lowest first; folders that do not exist are left out."""
    layers = [Layer(BUILTIN, tuple(builtin_files()))]
    for folder in map(Path, team_dirs):
        if folder.is_dir():
            layers.append(Layer(display_name(folder), tuple(playbook_files(folder))))
    return layers


@dataclass
class Provenance:
    """Where every entry of a merged playbook, and every field of a rule, was last set.

    Built by re-reading the files the loader merged and replaying its precedence: in each
    layer all entries first, then `overrides`, then `disable`.
    """

    layers: list[Layer]
    files: list[str] = field(default_factory=list)
    entries: dict[tuple[str, str], Placed] = field(default_factory=dict)
    """(section, id) -> where the entry in the merged playbook is defined."""
    defined: list[tuple[str, Placed]] = field(default_factory=list)
    """(section, place) of every definition read, disabled ones included."""
    overrides: dict[str, list[Placed]] = field(default_factory=dict)
    disabled: dict[str, tuple[Placed, Placed]] = field(default_factory=dict)
    """Rule id -> (its definition, the `disable` item that switched it off)."""
    nodes: dict[str, list[tuple[Document, tuple[object, ...]]]] = field(default_factory=dict)
    """Rule id -> the YAML mappings that set its fields (definition, then overrides)."""

    @classmethod
    def read(cls, team_dirs: Iterable[Path] = ()) -> Provenance:
        """Provenance of the built-ins with these team folders layered over them."""
        provenance = cls(playbook_layers(team_dirs))
        for layer in provenance.layers:
            provenance._add_layer(layer)
        return provenance

    def _add_layer(self, layer: Layer) -> None:
        docs = [doc for doc in map(self._read, layer.files) if doc is not None]
        for doc in docs:
            for key, i, item in _items(doc, ENTRY_SECTIONS):
                self._define(doc, key, i, item, layer.name)
        for doc in docs:
            for _, i, item in _items(doc, ("overrides",)):
                self._override(doc, i, item, layer.name)
        for doc in docs:
            ids = doc.data.get("disable")
            for i, rule_id in enumerate(ids if isinstance(ids, list) else []):
                defined = self.entries.pop(("rules", str(rule_id)), None)
                if defined is not None:
                    disable = Placed(doc.where(("disable", i)), layer.name)
                    self.disabled[str(rule_id)] = (defined, disable)

    def _read(self, path: Path) -> Document | None:
        name = display_name(path)
        self.files.append(name)
        try:
            doc = read_document(path, name)
        except PlaybookError:
            return None  # the loader reports it
        return doc if isinstance(doc.data, dict) else None

    def _define(self, doc: Document, key: str, i: int, item: dict, layer: str) -> None:
        if (key, item["id"]) in self.entries:
            return  # a duplicate id: the loader reports it and keeps the first
        self.entries[key, item["id"]] = Placed(doc.where((key, i)), layer)
        self.defined.append((key, self.entries[key, item["id"]]))
        if key == "rules":
            self.disabled.pop(item["id"], None)
            self.overrides.pop(item["id"], None)
            self.nodes[item["id"]] = [(doc, (key, i))]

    def _override(self, doc: Document, i: int, item: dict, layer: str) -> None:
        rule_id = item["id"]
        if ("rules", rule_id) not in self.entries:
            return
        keys = tuple(k for k in item if k != "id")
        self.overrides.setdefault(rule_id, []).append(
            Placed(doc.where(("overrides", i)), layer, keys)
        )
        self.nodes[rule_id].append((doc, ("overrides", i)))

    def locate(self, rule: PhraseRule, key: str, *rest: object) -> Location:
        """Position of a rule's field (or of an item in it) in the layer that set it last."""
        for doc, path in reversed(self.nodes.get(rule.id, [])):
            node = doc.data[path[0]][path[1]]
            if key in node:
                return doc.where((*path, key, *rest))
        return rule.origin

    def rank(self, location: Location) -> tuple[int, int, int]:
        """Sort key: file in load order, then line and column."""
        order = {name: i for i, name in enumerate(self.files)}
        return order.get(location.file, len(order)), location.line, location.column


def _items(doc: Document, keys: Iterable[str]) -> Iterable[tuple[str, int, dict]]:
    """(section, index, mapping) of every entry with a text id in the named sections."""
    for key in keys:
        items = doc.data.get(key)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                yield key, i, item


class _Places:
    """Positions of rule fields: exact with a Provenance, else the rule's own position."""

    def __init__(self, provenance: Provenance | None) -> None:
        self.provenance = provenance

    def locate(self, rule: PhraseRule, key: str, *rest: object) -> Location:
        if self.provenance is None:
            return rule.origin
        return self.provenance.locate(rule, key, *rest)

    def rank(self, location: Location) -> tuple[int, int, int]:
        if self.provenance is None:
            return 0, location.line, location.column
        return self.provenance.rank(location)


# Examples as tests ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ExampleFailure:
    """An example that did not do what its rule says: a `flag` draft that was not flagged by
    the rule, or a `pass` draft that some rule flagged."""

    rule: str
    expected: str
    """`flag` or `pass`."""
    text: str
    where: Location
    """Position of the example in its playbook file."""
    flagged_by: tuple[Finding, ...] = ()
    """For a `pass` example: every finding in it."""
    hint: str = ""
    """For a `flag` example: why the rule's phrases did not match."""


@dataclass(frozen=True)
class RuleExamples:
    """The outcome of one rule's examples."""

    rule: str
    where: Location
    examples: int
    failures: tuple[ExampleFailure, ...]
    overridden_at: tuple[Location, ...] = ()


@dataclass(frozen=True)
class ExampleReport:
    """The outcome of `assist playbook test`: rules with examples, and rules without."""

    results: tuple[RuleExamples, ...]
    untested: tuple[str, ...]

    @property
    def failed(self) -> list[RuleExamples]:
        """The rules with at least one failing example."""
        return [r for r in self.results if r.failures]

    @property
    def examples(self) -> int:
        """How many examples ran."""
        return sum(r.examples for r in self.results)


def run_examples(
    playbook: Playbook,
    *,
    rule_ids: Iterable[str] | None = None,
    provenance: Provenance | None = None,
) -> ExampleReport:
    """Lint every example with the merged playbook (only the rules in `rule_ids`, if given).

    A `flag` example passes when its own rule flags it; a `pass` example passes when no rule
    at all flags it. Config settings (ignore, language) do not apply: the playbook is tested.
    """
    wanted = None if rule_ids is None else set(rule_ids)
    places = _Places(provenance)
    results, untested = [], []
    for rule in playbook.rules:
        if wanted is not None and rule.id not in wanted:
            continue
        if rule.examples is None or not (rule.examples.flag or rule.examples.passes):
            untested.append(rule.id)
            continue
        overrides = provenance.overrides.get(rule.id, []) if provenance else []
        failures = tuple(_rule_failures(playbook, rule, places))
        count = len(rule.examples.flag) + len(rule.examples.passes)
        where = tuple(o.where for o in overrides)
        results.append(RuleExamples(rule.id, rule.origin, count, failures, where))
    return ExampleReport(tuple(results), tuple(untested))


def _rule_failures(
    playbook: Playbook, rule: PhraseRule, places: _Places
) -> Iterable[ExampleFailure]:
    assert rule.examples is not None
    for i, text in enumerate(rule.examples.flag):
        if not lint_text(text, playbook=playbook, rules=[rule.id]):
            where = places.locate(rule, "examples", "flag", i)
            yield ExampleFailure(rule.id, "flag", text, where, hint=why_not(playbook, rule, text))
    for i, text in enumerate(rule.examples.passes):
        findings = lint_text(text, playbook=playbook)
        if findings:
            where = places.locate(rule, "examples", "pass", i)
            yield ExampleFailure(rule.id, "pass", text, where, flagged_by=tuple(findings))


def why_not(playbook: Playbook, rule: PhraseRule, text: str) -> str:
    """Why none of the rule's phrases flags `text`: the closest near miss, or another reason."""
    index = phrase_index(playbook)
    words = index.words_of(text)
    if any(m.phrase.rule.id == rule.id for m in index.search(words)):
        return "it matches, but inside one of the rule's own 'say' alternatives"
    misses = [m for m in index.near_misses(words) if m.phrase.rule.id == rule.id]
    if not misses:
        return "no word of it lines up with any of the rule's phrases"
    return f'closest phrase "{misses[0].phrase.phrase}": {misses[0].reason}'


def render_examples(report: ExampleReport, *, width: int = WIDTH) -> list[str]:
    """The report as lines of at most `width` characters (long words aside), summary last."""
    lines: list[str] = []
    for result in report.failed:
        lines += _wrap(_rule_heading(result), width, "", "    ")
        for failure in result.failures:
            lines += _failure_lines(failure, width)
        lines.append("")
    return [*lines, *_wrap(_examples_summary(report), width, "", "  ")]


def _rule_heading(result: RuleExamples) -> str:
    total = f"{len(result.failures)} of {_count(result.examples, 'example')} failed"
    heading = f"{result.where}: rule '{result.rule}': {total}"
    if result.overridden_at:
        heading += f" (overridden at {', '.join(map(str, result.overridden_at))})"
    return heading


def _failure_lines(failure: ExampleFailure, width: int) -> list[str]:
    if failure.expected == "flag":
        title = f"should be flagged by '{failure.rule}', was not:"
        details = [failure.hint]
    else:
        title = "should pass, but is flagged:"
        details = [
            f'by \'{f.rule}\': "{f.matched}" (phrase "{f.phrase}")' for f in failure.flagged_by
        ]
    lines = _wrap(f"{failure.where}: {title}", width, "  ", "      ")
    lines += _wrap(f'"{failure.text}"', width, "      ", "       ")
    for detail in details:
        lines += _wrap(detail, width, "      ", "        ")
    return lines


def _examples_summary(report: ExampleReport) -> str:
    rules = len(report.results)
    if report.failed:
        bad = sum(len(r.failures) for r in report.failed)
        summary = (
            f"failed: {bad} of {_count(report.examples, 'example')} "
            f"in {len(report.failed)} of {_count(rules, 'rule')}"
        )
    else:
        summary = f"ok: {_count(rules, 'rule')}, {_count(report.examples, 'example')}"
    if report.untested:
        summary += f" ({_count(len(report.untested), 'rule')} without examples: "
        summary += ", ".join(report.untested) + ")"
    return summary


def _count(number: int, noun: str) -> str:
    if number == 1:
        return f"{number} {noun}"
    return f"{number} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    """Wrap without breaking words, paths or positions (a long one gets a line of its own)."""
    return textwrap.wrap(
        text,
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


# Quality checks ------------------------------------------------------------------------------


def quality_problems(
    playbook: Playbook, *, team_dirs: Sequence[Path] | None = None
) -> list[PlaybookError]:
    """Problems the loader cannot see, each an error or a warning (`.level`):

    - a `say` alternative that a rule flags (error);
    - a phrase that another rule also matches, so one draft is flagged twice (error);
    - a phrase that does not even match its own text, so it never fires (error);
    - a single-word phrase of 4 letters or fewer, which matches too easily (warning).

    With `team_dirs` (the folders the playbook was loaded with) each problem points at the
    exact phrase or alternative, in the file that set it last; else at the rule. When team
    folders are given, warnings in the built-in files are left out: they are assist's to fix,
    and a team's check shows what the team can change.
    """
    places = _Places(Provenance.read(team_dirs) if team_dirs is not None else None)
    problems = [
        *_alternative_problems(playbook, places),
        *_phrase_problems(playbook, places),
        *_short_phrases(playbook, places),
    ]
    if team_dirs:
        builtin = {display_name(path) for path in builtin_files()}
        problems = [p for p in problems if p.level == "error" or p.location.file not in builtin]
    return sorted(problems, key=lambda p: places.rank(p.location))


def problem_line(problem: PlaybookError) -> str:
    """`file:line:col: message`, or `file:line:col: warning: message` for a warning."""
    if problem.level == "warning":
        return f"{problem.location}: warning: {problem.message}"
    return str(problem)


def fails_check(problems: Iterable[PlaybookError], *, strict: bool = False) -> bool:
    """Errors fail `assist playbook check`; with `strict`, warnings do too."""
    return any(p.level == "error" or strict for p in problems)


def _alternative_problems(playbook: Playbook, places: _Places) -> Iterable[PlaybookError]:
    for rule in playbook.rules:
        for i, alternative in enumerate(rule.say):
            for finding in lint_text(alternative, playbook=playbook):
                message = (
                    f"rule '{rule.id}': 'say' alternative {i + 1} is flagged by rule "
                    f"'{finding.rule}' (\"{finding.matched}\"); reword the alternative"
                )
                yield PlaybookError(places.locate(rule, "say", i), message)


def _phrase_problems(playbook: Playbook, places: _Places) -> Iterable[PlaybookError]:
    seen: set[frozenset[tuple[str, str]]] = set()
    for rule in playbook.rules:
        for i, phrase in enumerate(rule.phrases):
            findings = lint_text(phrase, playbook=playbook)
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
    playbook: Playbook, places: _Places, rule: PhraseRule, i: int, finding: Finding
) -> PlaybookError:
    """Rule B's phrase matches the text of rule A's phrase: report it at whichever of the two
    phrases was written later (the one a team lead can change), naming the other."""
    other = playbook.rule(finding.rule)
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


def _short_phrases(playbook: Playbook, places: _Places) -> Iterable[PlaybookError]:
    for compiled in phrase_index(playbook).phrases:
        words, rule = compiled.words, compiled.rule
        if len(words) == 1 and len(words[0]) <= SHORT_PHRASE:
            message = (
                f"rule '{rule.id}': phrase \"{compiled.phrase}\" is a single word of "
                f"{len(words[0])} letters; it will flag harmless drafts (use a longer phrase)"
            )
            where = places.locate(rule, "phrases", rule.phrases.index(compiled.phrase))
            yield PlaybookError(where, message, level="warning")


# Resolved view -------------------------------------------------------------------------------


def render_layers(provenance: Provenance) -> list[str]:
    """Each layer and its files, with what each file adds, overrides and disables."""
    lines = ["layers, lowest first: a later layer adds entries, overrides and disables rules"]
    for number, layer in enumerate(provenance.layers, 1):
        lines.append(f"{number}. {layer.name}")
        for path in layer.files:
            name = display_name(path)
            lines.append(f"   {name}: {_file_contents(provenance, name)}")
    return lines


def _file_contents(provenance: Provenance, name: str) -> str:
    counts: dict[str, int] = {}
    for key, placed in provenance.defined:
        if placed.where.file == name:
            counts[key] = counts.get(key, 0) + 1
    overrides = [p for ps in provenance.overrides.values() for p in ps if p.where.file == name]
    disabled = [d for _, d in provenance.disabled.values() if d.where.file == name]
    parts = [_count(n, SECTIONS[key][0]) for key, n in counts.items()]
    parts += [_count(len(overrides), "override")] if overrides else []
    parts += [f"{len(disabled)} disabled"] if disabled else []
    return ", ".join(parts) or "no entries"


def render_resolved(playbook: Playbook, provenance: Provenance) -> list[str]:
    """Every rule, customer type, channel and step after layering, with where it came from."""
    lines = render_layers(provenance)
    for key in RESOLVED:
        entries = getattr(playbook, key.replace("-", "_"))
        off = len(provenance.disabled) if key == "rules" else 0
        lines += ["", f"{key} ({len(entries)}{f', {off} disabled' if off else ''})"]
        for entry in entries:
            lines += _entry_lines(provenance, key, entry)
        lines += _disabled_lines(provenance) if key == "rules" else []
    return lines


def _entry_lines(provenance: Provenance, key: str, entry: Any) -> list[str]:
    placed = provenance.entries.get((key, entry.id))
    layer = placed.layer if placed else BUILTIN
    line = f"  {entry.id:<26} {entry.origin} ({layer})"
    if getattr(entry, "after", None):
        line += f", after {entry.after}"
    return [line, *(_override_lines(provenance, entry.id) if key == "rules" else [])]


def _disabled_lines(provenance: Provenance) -> list[str]:
    lines = []
    for rule_id, (defined, disable) in provenance.disabled.items():
        lines.append(f"  {rule_id:<26} {defined.where} ({defined.layer})")
        lines += _override_lines(provenance, rule_id)
        lines.append(f"    {'disabled':<24} {disable.where} ({disable.layer})")
    return lines


def _override_lines(provenance: Provenance, rule_id: str) -> list[str]:
    return [
        f"    {'override ' + ', '.join(o.keys):<24} {o.where} ({o.layer})"
        for o in provenance.overrides.get(rule_id, [])
    ]


# Starter team folder -------------------------------------------------------------------------


def starter_files(folder: Path, *, config_dir: Path | None = None) -> dict[Path, str]:
    """The files `assist playbook init` writes: a commented team.yaml, a copy of the JSON
    Schema for editors and, unless `config_dir` is None, an assist.toml there that names
    the folder."""
    from .schema import SCHEMA_FILE, schema_json

    files = {
        folder / "team.yaml": TEAM_YAML.replace("{schema}", SCHEMA_FILE),
        folder / SCHEMA_FILE: schema_json(),
    }
    if config_dir is not None:
        files[config_dir / "assist.toml"] = ASSIST_TOML.format(folder=_relative(folder, config_dir))
    return files


def _relative(folder: Path, base: Path) -> str:
    """The folder as assist.toml names it: relative to the config file's folder if possible."""
    import os

    try:
        return Path(os.path.relpath(folder.resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return folder.resolve().as_posix()


def write_files(files: dict[Path, str], *, force: bool = False) -> list[Path]:
    """Write the files (creating folders); without `force`, raise FileExistsError naming the
    first file that already exists, before anything is written."""
    if not force:
        existing = [path for path in files if path.exists()]
        if existing:
            raise FileExistsError(str(existing[0]))
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)


TEAM_YAML = """\
# yaml-language-server: $schema={schema}
#
# A team playbook, layered over assist's built-in playbook. Precedence:
#   1. the built-in files come first;
#   2. each team folder (assist.toml `playbooks`, then --playbooks) is a later layer that may
#      add entries of every kind, change built-in rules with `overrides` and switch them off
#      with `disable`; it may not reuse an id that an earlier layer already has.
# Check it:    assist playbook check     (loads every file, finds conflicts)
# Test it:     assist playbook test      (runs every rule's examples)
# See it:      assist playbook show --resolved
# Every key is described in {schema}; editors with the YAML language server
# complete keys and flag mistakes from it.

language: en  # language of this file's phrases (en, he, ar, fi...)

rules:
  # A say / don't-say rule. Start team ids with a prefix of your own ("team-"), so they
  # never clash with a built-in rule added later.
  - id: team-as-i-said
    severity: warning  # error, warning or suggestion
    phrases:  # forbidden wordings; typos, contractions and filler words are tolerated
      - "as I already said"
      - "as I said before"
      - "like I told you"
    why: >-
      It tells the customer they did not listen, which puts them on the defensive.
    say:  # what to say instead; a rule never fires inside its own alternatives
      - "Let me put that another way."
    source: "team playbook"
    examples:  # `assist playbook test` checks them
      flag:  # drafts this rule must flag
        - "As I already said, the refund takes five days."
        - "Like I told you, the parcel left on Monday."
        - "As I said before, we cannot change the address."
      pass:  # drafts no rule may flag
        - "Let me put that another way: the refund takes five days."
        - "As you said, the parcel was late, and I am sorry."
        - "I told the courier you would be home after five."

customer-types:
  - id: team-first-time-buyer
    name: First-time buyer
    who: Customers on their first order, unsure how delivery and returns work.
    cues:
      - Asks basic questions about delivery or returns.
    approach:
      - Explain each step plainly and say what happens next.
    avoid:
      - Order-system codes and jargon.
    source: "team playbook"

channels:
  - id: team-whatsapp
    name: WhatsApp
    response-time: Within one hour during opening times.
    tips:
      - Keep messages short, one question per message.
    avoid:
      - Voice notes the customer has to play in public.
    source: "team playbook"

steps:
  # `after` puts the step behind a built-in step (see `assist steps`).
  - id: team-check-order
    title: Look up the order
    goal: Find the order and its history before promising anything.
    after: listen
    tips:
      - Check the delivery status and earlier contacts.
    for-types:
      team-first-time-buyer:
        - Say what you are looking up and why.
    for-channels:
      team-whatsapp:
        - Tell them you are checking, so they do not wait in silence.
    source: "team playbook"

overrides:
  # Change fields of a built-in rule without copying it: only the keys given change.
  - id: company-policy
    severity: error

# Switch built-in rules off (see `assist phrases` for the ids):
# disable:
#   - hurry-up
"""

ASSIST_TOML = """\
# assist settings for this project (the nearest assist.toml above the current folder wins).
playbooks = ["{folder}"]  # team folders layered over the built-ins, lowest first
# ignore = ["hurry-up"]  # rule ids never reported
# fail-on = "warning"  # lowest severity that makes `assist lint` exit 1
# language = ["en"]  # only rules of these languages
"""
