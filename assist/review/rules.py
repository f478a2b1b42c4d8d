"""Context rules: conditions on the customer's message and on the reply, read as data.

The built-in rules are `context.yaml` beside this module. A team playbook folder may hold a
`context/` sub-folder whose `*.yaml` files are later layers, read in name order, exactly as
phrase rules layer (assist/playbook/merge.py): a layer adds `rules`, changes a rule's fields
with `overrides`, switches rules off with `disable`, and extends the word lists. A later layer
may not redefine a rule id an earlier layer has. Problems are PlaybookErrors at file:line:col.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import cache

from assist.errors import Location, PlaybookError, PlaybookErrors
from assist.model import PhraseRule, Playbook, Severity
from assist.playbook.patterns import PatternError, forms
from assist.playbook.yamlsource import Document, read_document
from assist.record import field, record, replace

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:  # pathlib: a cold `lint --reply-to` reads the cache without it
    from pathlib import Path
    from typing import Any

RULES_NAME = os.path.join(os.path.dirname(__file__), "context.yaml")
"""The built-in context rules' file (RULES_FILE as a string)."""


def __getattr__(name: str) -> Path:
    """RULES_FILE, the built-in context rules' file as a Path, made when first asked for."""
    if name == "RULES_FILE":
        from pathlib import Path

        return Path(RULES_NAME)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


TEAM_FOLDER = "context"
"""Sub-folder of a team playbook folder holding its context-rule layers."""

REDIRECT = "redirect"
"""Id of the internal phrase rule that finds wording sending the customer elsewhere."""
COMMITMENT = "commitment"
"""Id of the internal phrase rule that finds the agent taking the problem on personally."""
ACKNOWLEDGE = "acknowledge-extra"
"""Id of the internal phrase rule with acknowledgements score's cue list does not have."""
ALTERNATIVE = "alternative"
"""Id of the internal phrase rule (and the reply element it marks) for an option offered in
place of what was refused ("however we can quote an upgrade", "instead")."""
REFUSAL = "refusal"
"""Id of the internal phrase rule (and the reply element it marks) for a refusal, or standing
by the answer already given ("we'll not be able to", "it doesn't work that way", "the best we
can offer", "kindly proceed as per the email")."""
UPSET = "customer-upset"
ANNOYED = "customer-annoyed"
"""Id of the internal phrase rule with milder customer cues ("still not working")."""
TRIED = "customer-tried"
CHASING = "customer-chasing"
"""Id of the internal phrase rule with the customer chasing what they were sent to."""
HOW = "customer-how"
"""Id of the internal phrase rule with the customer asking how to do something."""
OPINION = "customer-opinion"
"""Id of the internal phrase rule with the customer commenting on how things are done ("a
stupid amount of packaging"): an opinion, not a problem of theirs left unsolved."""
CALM = "customer-calm"
"""Id of the internal phrase rule with praise and laughter ("friendliest ever", "lol"): with
them, capitals, "!!!" and an emoji alone do not make the customer upset."""

WHEN_KEYS: dict[str, type] = {
    "customer-upset": bool,
    "customer-annoyed": bool,
    "customer-pressing": bool,
    "customer-asks-how": bool,
    "customer-calm": bool,
    "customer-opines": bool,
    "customer-asserts": bool,
    "customer-tried": bool,
    "customer-signals": list,
    "reply-lacks": list,
    "reply-lacks-any": list,
    "reply-has": list,
    "reply-only-redirects": bool,
    "reply-asks-nothing": bool,
    "reply-phrases": list,
    "model-says-fails": bool,
}
"""Every condition a rule's `when` may hold, with its YAML type."""
RULE_KEYS = {"id", "severity", "when", "why", "say", "source", "extends", "examples"}
OVERRIDE_KEYS = RULE_KEYS - {"source"}
LIST_KEYS = {
    "assertion-words": "assertion_words",
    "redirect-phrases": "redirect_phrases",
    "commitment-phrases": "commitment_phrases",
    "commitment-guards": "commitment_guards",
    "acknowledge-phrases": "acknowledge_phrases",
    "acknowledge-guards": "acknowledge_guards",
    "alternative-phrases": "alternative_phrases",
    "alternative-guards": "alternative_guards",
    "refusal-phrases": "refusal_phrases",
    "customer-upset-phrases": "upset_phrases",
    "customer-annoyed-phrases": "annoyed_phrases",
    "customer-upset-marks": "upset_marks",
    "customer-upset-hashtags": "upset_hashtags",
    "customer-upset-signals": "upset_signals",
    "customer-upset-signals-when-annoyed": "upset_signals_when_annoyed",
    "customer-tried-phrases": "tried_phrases",
    "customer-tried-guards": "tried_guards",
    "customer-upset-guards": "upset_guards",
    "customer-how-phrases": "how_phrases",
    "customer-opinion-phrases": "opinion_phrases",
    "customer-chasing-phrases": "chasing_phrases",
    "customer-calm-phrases": "calm_phrases",
    "customer-calm-marks": "calm_marks",
    "question-words": "question_words",
    "courtesy-words": "courtesy_words",
}
"""Word lists a layer extends (YAML key -> ContextRules field)."""
TOP_KEYS = {"rules", "overrides", "disable", *LIST_KEYS}
WORD_KEYS = {
    "assertion-words",
    "question-words",
    "courtesy-words",
    "customer-upset-marks",
    "customer-calm-marks",
    "customer-upset-hashtags",
    "customer-upset-signals",
    "customer-upset-signals-when-annoyed",
}
"""List keys of plain words, marks or signal ids; every other list holds phrase patterns."""


@record
class ContextExample:
    """A customer message and a reply that the rule must flag (or must leave alone)."""

    customer: str
    reply: str
    where: Location


@record
class ContextRule:
    """One rule judged with the customer's message; every condition in `when` must hold."""

    id: str
    severity: Severity
    why: str
    say: tuple[str, ...]
    source: str
    extends: str
    where: Location
    customer_upset: bool = False
    customer_annoyed: bool = False
    customer_pressing: bool = False
    """Upset, or chasing what they were sent to (already tried that road, nothing came)."""
    customer_asks_how: bool | None = None
    """When set, whether the customer must (True) or must not (False) be asking how to do
    something ("how do I close my account?"): a link there is the answer."""
    customer_calm: bool | None = None
    """When set, whether the customer must (True) or must not (False) be praising, laughing
    or joking ("Nice job, my friends", "😛"): a threat or a chase said in jest is none."""
    customer_opines: bool | None = None
    """When set, whether the customer must (True) or must not (False) be commenting on how
    things are done ("needless packaging"): the feedback page answers an opinion."""
    customer_asserts: bool = False
    customer_tried: bool = False
    """The customer says they already tried, wrote or called, or got no answer."""
    customer_signals: tuple[str, ...] = ()
    reply_lacks: tuple[str, ...] = ()
    """Reply elements of which none may be present."""
    reply_lacks_any: tuple[str, ...] = ()
    """Reply elements of which at least one must be missing."""
    reply_has: tuple[str, ...] = ()
    """Reply elements that must all be present (`refusal`: a refusal in its own words)."""
    reply_only_redirects: bool = False
    reply_asks_nothing: bool = False
    """The reply asks no question about the problem ("which part of Canada are you in?")."""
    reply_phrases: tuple[str, ...] = ()
    model_says_fails: bool | None = None
    """When set, whether the learned gate (assist/review/learned.py) must (True) or must not
    (False) judge that the reply fails the customer; such a rule is judged only when no other
    context rule holds, and its finding stands only when lint found nothing either."""
    flag: tuple[ContextExample, ...] = ()
    passes: tuple[ContextExample, ...] = ()
    layer: str = "built-in"


@record
class ContextRules:
    """All context rules in force, with the word lists their conditions use."""

    rules: tuple[ContextRule, ...]
    assertion_words: frozenset[str] = frozenset()
    redirect_phrases: tuple[str, ...] = ()
    commitment_phrases: tuple[str, ...] = ()
    commitment_guards: tuple[str, ...] = ()
    """Wording around a commitment phrase that makes it no commitment ("so we can look into
    this" is the reason for a redirect, not the agent taking it on)."""
    acknowledge_phrases: tuple[str, ...] = ()
    acknowledge_guards: tuple[str, ...] = ()
    """Stock wording that makes an acknowledgement cue none ("I understand your concern")."""
    alternative_phrases: tuple[str, ...] = ()
    alternative_guards: tuple[str, ...] = ()
    """Wording that makes an alternative cue none ("the best we can offer" offers nothing new)."""
    refusal_phrases: tuple[str, ...] = ()
    """A refusal, or standing by the answer given: the `refusal` reply element."""
    upset_phrases: tuple[str, ...] = ()
    annoyed_phrases: tuple[str, ...] = ()
    """Milder customer wording: annoyed, not angry (`customer-annoyed`)."""
    upset_marks: tuple[str, ...] = ()
    upset_hashtags: tuple[str, ...] = ()
    """Endings that make a customer's hashtag a public complaint ("#centurylinksucks")."""
    upset_signals: tuple[str, ...] = ()
    """Triage signal ids that make the customer upset for these rules (`!!!`, CAPITALS)."""
    upset_signals_when_annoyed: tuple[str, ...] = ()
    """Triage signal ids that make an annoyed customer upset (swearing about a problem)."""
    upset_guards: tuple[str, ...] = ()
    """Wording that makes an upset cue no such thing ("someone tried to scam me" reports a
    third party's fraud; it is not an accusation)."""
    tried_phrases: tuple[str, ...] = ()
    tried_guards: tuple[str, ...] = ()
    """Wording that makes a tried cue no such thing ("I did not get it" is not "I did")."""
    chasing_phrases: tuple[str, ...] = ()
    """They chase what they were sent to (the form filled twice, no mail came): pressing."""
    how_phrases: tuple[str, ...] = ()
    """The customer asks how to do something ("how do I redeem", "how to close it")."""
    opinion_phrases: tuple[str, ...] = ()
    """The customer comments on how things are done ("so much packaging for one flask")."""
    calm_phrases: tuple[str, ...] = ()
    """Praise and laughter: with them, capitals, "!!!" and an emoji alone are not anger."""
    calm_marks: tuple[str, ...] = ()
    """Laughing emoji: like `calm_phrases`, they make capitals and an angry emoji joy."""
    question_words: frozenset[str] = frozenset()
    """Words that make a request in the reply a question about the problem ("which device")."""
    courtesy_words: frozenset[str] = frozenset()
    """Words of stock courtesy ("here to help", "happy to assist", "hi there"): a sentence
    with enough words outside them says something about the problem (an answer, a reason)."""
    disabled: tuple[str, ...] = ()
    """Ids switched off by a later layer (kept so `--rule`/`--ignore` can name them)."""

    def rule(self, rule_id: str) -> ContextRule | None:
        """The rule with this id, if it is in force."""
        return next((r for r in self.rules if r.id == rule_id), None)

    def phrase_playbook(self, base: Playbook) -> Playbook:
        """The reply-side wording (rules' reply phrases, redirect, commitment and extra
        acknowledgement cues) as a playbook for the matcher, with the base playbook's
        language data (fillers, contractions)."""
        rules = [
            PhraseRule(r.id, r.severity, r.reply_phrases, r.why, r.say, r.source, fuzzy=False)
            for r in self.rules
            if r.reply_phrases
        ]
        for rule_id, phrases, guards in (
            (REDIRECT, self.redirect_phrases, ()),
            (COMMITMENT, self.commitment_phrases, self.commitment_guards),
            (ACKNOWLEDGE, self.acknowledge_phrases, self.acknowledge_guards),
            (ALTERNATIVE, self.alternative_phrases, self.alternative_guards),
            (REFUSAL, self.refusal_phrases, ()),
        ):
            if phrases:
                rules.append(_internal(rule_id, phrases, guards))
        return Playbook(rules=tuple(rules), languages=base.languages)

    def customer_playbook(self, base: Playbook) -> Playbook:
        """The customer-side cue wording (upset, annoyed, already tried) as a playbook."""
        rules = [
            _internal(rule_id, phrases, guards)
            for rule_id, phrases, guards in (
                (UPSET, self.upset_phrases, self.upset_guards),
                (ANNOYED, self.annoyed_phrases, ()),
                (TRIED, self.tried_phrases, self.tried_guards),
                (CHASING, self.chasing_phrases, self.tried_guards),
                (HOW, self.how_phrases, ()),
                (OPINION, self.opinion_phrases, ()),
                (CALM, self.calm_phrases, ()),
            )
            if phrases
        ]
        return Playbook(rules=tuple(rules), languages=base.languages)


def _internal(rule_id: str, phrases: Sequence[str], guards: Sequence[str] = ()) -> PhraseRule:
    return PhraseRule(
        rule_id, Severity.SUGGESTION, tuple(phrases), "", (), "", False, guards=tuple(guards)
    )


@cache
def context_rules(path: Path | None = None) -> ContextRules:
    """The built-in context rules (read once per process; `path`: another file of them)."""
    return layered_rules((), builtin=path)


def team_files(team_dirs: Iterable[Path]) -> list[Path]:
    """Every team layer's context files: `<folder>/context/*.yaml`, folders in order."""
    files: list[Path] = []
    for folder in team_dirs:
        from pathlib import Path

        sub = Path(folder) / TEAM_FOLDER
        if sub.is_dir():
            files += sorted(p for p in sub.iterdir() if p.suffix in (".yaml", ".yml"))
    return files


def layered_rules(team_dirs: Iterable[Path] = (), *, builtin: Path | None = None) -> ContextRules:
    """The built-in context rules, then each team folder's `context/*.yaml` as a later layer.

    Raises PlaybookErrors listing every problem (file:line:col) found in any layer.
    `builtin`: another file of built-in rules (default RULES_FILE).
    """
    if builtin is None:
        from pathlib import Path

        builtin = Path(RULES_NAME)
    merger = _Merger()
    merger.layer(read_document(builtin, "context.yaml"), "built-in")
    for path in team_files(team_dirs):
        try:
            doc = read_document(path)
        except PlaybookError as exc:
            merger.errors.append(exc)
            continue
        merger.layer(doc, str(path.parent.parent))
    if merger.errors:
        raise PlaybookErrors(merger.errors)
    return merger.result()


@record(frozen=False)
class _Merger:
    """Folds layers in order: a layer's rules, then its overrides, then its `disable`."""

    rules: dict[str, ContextRule] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=lambda: {v: [] for v in LIST_KEYS.values()})
    disabled: list[str] = field(default_factory=list)
    errors: list[PlaybookError] = field(default_factory=list)

    def layer(self, doc: Document, name: str) -> None:
        data = doc.data if doc.data is not None else {}
        if not isinstance(data, dict):
            self._error(doc, (), "a context-rules file is a mapping (rules, overrides, disable)")
            return
        for key in data:
            if key not in TOP_KEYS:
                self._error(doc, (key,), f"unknown key '{key}' (expected one of "
                            f"{', '.join(sorted(TOP_KEYS))})")  # fmt: skip
        for i, item in enumerate(_items(doc, data, "rules", self)):
            rule = self._rule(doc, ("rules", i), item, name)
            if rule is None:
                continue
            if rule.id in self.rules:
                first = self.rules[rule.id].where
                self._error(doc, ("rules", i, "id"), f"rule '{rule.id}' is already defined "
                            f"(in {first}); change it with `overrides`")  # fmt: skip
                continue
            self.rules[rule.id] = rule
            if rule.id in self.disabled:
                self.disabled.remove(rule.id)
        for i, item in enumerate(_items(doc, data, "overrides", self)):
            self._override(doc, ("overrides", i), item, name)
        for i, rule_id in enumerate(_items(doc, data, "disable", self)):
            if rule_id not in self.rules:
                self._error(doc, ("disable", i), f"disable: no context rule '{rule_id}'")
                continue
            del self.rules[rule_id]
            self.disabled.append(str(rule_id))
        for key, attr in LIST_KEYS.items():
            for i, word in enumerate(_items(doc, data, key, self)):
                if not isinstance(word, str) or not word.strip():
                    self._error(doc, (key, i), f"'{key}' item {i + 1}: a non-empty string")
                elif key in WORD_KEYS or self._pattern(doc, (key, i), word):
                    self.lists[attr].append(word)

    def result(self) -> ContextRules:
        lists: dict[str, Any] = {k: tuple(v) for k, v in self.lists.items()}
        for name in ("assertion_words", "question_words", "courtesy_words"):
            lists[name] = frozenset(w.lower() for w in self.lists[name])
        return ContextRules(tuple(self.rules.values()), disabled=tuple(self.disabled), **lists)

    def _error(self, doc: Document, path: tuple[object, ...], message: str) -> None:
        self.errors.append(PlaybookError(doc.where(path), message))

    def _pattern(self, doc: Document, path: tuple[object, ...], phrase: str) -> bool:
        """Whether `phrase` is a pattern the matcher takes (else an error at its place: a
        malformed or too broad pattern would silently never match)."""
        try:
            forms(phrase)
        except PatternError as error:
            self._error(doc, path, f"phrase {phrase!r}: {error}")
            return False
        return True

    def _rule(
        self, doc: Document, path: tuple[object, ...], item: Any, layer: str
    ) -> ContextRule | None:
        if not isinstance(item, dict):
            self._error(doc, path, "a context rule is a mapping with id, when, why, source")
            return None
        problems = len(self.errors)
        for key in item:
            if key not in RULE_KEYS:
                self._error(doc, (*path, key), f"unknown key '{key}' in context rule")
        for key in ("id", "why", "source"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                self._error(doc, (*path, key) if key in item else path,
                            f"context rule: '{key}' is required (a string)")  # fmt: skip
        if len(self.errors) > problems:
            return None
        fields = self._fields(doc, path, item)
        if fields is None:
            return None
        fields.setdefault("severity", Severity.WARNING)
        fields.setdefault("say", ())
        fields.setdefault("extends", "")
        return ContextRule(id=item["id"], source=item["source"],
                           where=doc.where(path), layer=layer, **fields)  # fmt: skip

    def _fields(self, doc: Document, path: tuple[object, ...], item: dict[str, Any]) -> Any:
        """The rule fields a definition or an override sets (minus id and source)."""
        problems = len(self.errors)
        out: dict[str, Any] = {}
        if "severity" in item:
            try:
                out["severity"] = Severity(item["severity"])
            except ValueError:
                self._error(doc, (*path, "severity"), f"unknown severity '{item['severity']}'")
        if "why" in item:
            out["why"] = " ".join(str(item["why"]).split())
        if "say" in item:
            out["say"] = tuple(str(s) for s in _listed(item["say"]))
        if "extends" in item:
            out["extends"] = str(item["extends"])
        if "when" in item:
            out.update(self._when(doc, (*path, "when"), item["when"]))
        if "examples" in item:
            out.update(self._examples(doc, (*path, "examples"), item["examples"]))
        return None if len(self.errors) > problems else out

    def _when(self, doc: Document, path: tuple[object, ...], when: Any) -> dict[str, Any]:
        if not isinstance(when, dict) or not when:
            self._error(doc, path, "'when' is a mapping of conditions (see docs/replies.md)")
            return {}
        out: dict[str, Any] = {}
        for key, value in when.items():
            kind = WHEN_KEYS.get(key)
            if kind is None:
                self._error(doc, (*path, key), f"unknown condition '{key}' (expected one of "
                            f"{', '.join(sorted(WHEN_KEYS))})")  # fmt: skip
            elif not isinstance(value, kind):
                self._error(doc, (*path, key), f"'{key}' is a {kind.__name__}")
            else:
                attr = key.replace("-", "_")
                out[attr] = tuple(str(v) for v in value) if isinstance(value, list) else value
                if key == "reply-phrases":
                    for i, phrase in enumerate(out[attr]):
                        self._pattern(doc, (*path, key, i), phrase)
        import dataclasses  # not at start-up: only reading YAML layers needs it

        # a `when` replaces the whole condition set, so unset conditions go back to defaults
        defaults = {f.name: f.default for f in dataclasses.fields(ContextRule)
                    if f.name.startswith(("customer_", "reply_", "model_"))}  # fmt: skip
        return {**defaults, **out}

    def _examples(self, doc: Document, path: tuple[object, ...], examples: Any) -> Any:
        if not isinstance(examples, dict):
            self._error(doc, path, "'examples' has `flag` and `pass` lists")
            return {}
        out: dict[str, tuple[ContextExample, ...]] = {"flag": (), "passes": ()}
        for key, attr in (("flag", "flag"), ("pass", "passes")):
            found = []
            for i, example in enumerate(_listed(examples.get(key, []))):
                place = (*path, key, i)
                if not (isinstance(example, dict) and isinstance(example.get("customer"), str)
                        and isinstance(example.get("reply"), str)):  # fmt: skip
                    self._error(doc, place, f"'{key}' example {i + 1}: customer and reply")
                    continue
                found.append(ContextExample(example["customer"], example["reply"],
                                            doc.where(place)))  # fmt: skip
            out[attr] = tuple(found)
        return out

    def _override(self, doc: Document, path: tuple[object, ...], item: Any, layer: str) -> None:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            self._error(doc, path, "an override is a mapping with the rule's id")
            return
        rule = self.rules.get(item["id"])
        if rule is None:
            self._error(doc, (*path, "id"), f"overrides: no context rule '{item['id']}'")
            return
        for key in item:
            if key not in OVERRIDE_KEYS:
                self._error(doc, (*path, key), f"an override cannot change '{key}'")
        fields = self._fields(doc, path, {k: v for k, v in item.items() if k != "id"})
        if fields is not None:
            self.rules[rule.id] = replace(rule, layer=layer, **fields)


def _items(doc: Document, data: dict[str, Any], key: str, merger: _Merger) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        merger._error(doc, (key,), f"'{key}' is a list")
        return []
    return value


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
