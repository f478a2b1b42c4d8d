"""Fold playbook layers into one Playbook, recording where every entry, override and
`disable` came from (the provenance that `assist playbook show/check/test` report).

Precedence: the built-in files form the first layer; each team folder is a later layer, in
the order given. Within a layer, all entries are added first, then `overrides`, then
`disable`. A later layer may add entries of every kind, change a rule's fields with
`overrides` (a triage signal's with `signal-overrides`) and switch rules or signals off with
`disable`; it may not redefine an id that an earlier layer already has.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from assist.errors import Location, PlaybookError
from assist.model import (
    DEFERRABLE,
    LEAVING,
    UPSET,
    Language,
    PhraseRule,
    Playbook,
    SectionOf,
    Signal,
    deferred_playbook,
)
from assist.playbook.fields import SECTIONS
from assist.playbook.validate import FileContent
from assist.playbook.yamlsource import Document, Path_
from assist.record import field, record, replace

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from typing import Any

OVERRIDES = {"overrides": "rules", "signal-overrides": "signals"}
"""Override section -> the section whose entries it changes."""
ATTRS = {key: key.replace("-", "_") for key in SECTIONS if key not in OVERRIDES}
BUILTIN = "built-in"


@record
class Layer:
    """One layer of the merged playbook: the built-in files, or one team folder."""

    name: str
    """`built-in`, or the team folder (relative to the current folder when inside it)."""
    files: tuple[Path, ...]
    """Its playbook files, in the order the loader reads them."""


@record
class Placed:
    """Where an entry, an override or a `disable` item is written, and in which layer."""

    where: Location
    layer: str
    keys: tuple[str, ...] = ()
    """For an override: the fields it changes."""


@record(frozen=False)
class Provenance:
    """Where every entry of the merged playbook, and every field of a rule, was last set."""

    layers: list[Layer] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """Display names of every file read, in load order."""
    entries: dict[tuple[str, str], Placed] = field(default_factory=dict)
    """(section, id) -> where the entry in the merged playbook is defined."""
    defined: list[tuple[str, Placed]] = field(default_factory=list)
    """(section, place) of every definition read, disabled ones included."""
    overrides: dict[str, list[Placed]] = field(default_factory=dict)
    disabled: dict[str, tuple[Placed, Placed]] = field(default_factory=dict)
    """Rule id -> (its definition, the `disable` item that switched it off)."""
    nodes: dict[str, list[tuple[Document, Path_]]] = field(default_factory=dict)
    """Rule id (or `language:id` of a reply element) -> the YAML mappings that set its fields
    (definition, then overrides)."""
    signal_overrides: dict[str, list[Placed]] = field(default_factory=dict)
    signal_nodes: dict[str, list[tuple[Document, Path_]]] = field(default_factory=dict)
    """Signal id -> the YAML mappings that set its fields (definition, then overrides)."""

    def locate(self, rule: PhraseRule | Signal, key: str, *rest: object) -> Location:
        """Position of a rule's (or signal's) field, or of an item in it, in the layer that
        set it last."""
        nodes = self.signal_nodes if isinstance(rule, Signal) else self.nodes
        return _located(nodes.get(rule.id, []), rule.origin, key, *rest)

    def locate_entry(self, entry: str, origin: Location, key: str, *rest: object) -> Location:
        """Position of a field of the rule or reply element (`language:id`) with this key
        (`origin` when not recorded)."""
        return _located(self.nodes.get(entry, []), origin, key, *rest)

    def rank(self, location: Location) -> tuple[int, int, int]:
        """Sort key: file in load order, then line and column."""
        order = {name: i for i, name in enumerate(self.files)}
        return order.get(location.file, len(order)), location.line, location.column


def _located(
    mappings: list[tuple[Document, Path_]], origin: Location, key: str, *rest: object
) -> Location:
    """Where `key` is set in the last of the mappings that sets it, else `origin`."""
    for doc, path in reversed(mappings):
        node = doc.data[path[0]][path[1]]
        if key in node:
            return doc.where((*path, key, *rest))
    return origin


class Merger:
    """Folds layers into one set of entries, enforcing the precedence rules."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, Any]] = {key: {} for key in ATTRS}
        self.languages: dict[str, Language] = {}
        self.errors: list[PlaybookError] = []
        self.provenance = Provenance()
        self._seed: tuple[Playbook, tuple[str, ...]] | None = None

    @classmethod
    def seeded(cls, playbook: Playbook, step_order: Sequence[str], layer: Layer) -> Merger:
        """A Merger holding an already merged playbook that had no problems as its first layer,
        as `add_layer` left it (`step_order`: the steps' ids in file order, before `after:`
        moved them); for the cache, which then reads only the team folders' files.

        A section's entries are made when a layer or a check first needs them: the sections
        no layer touches stay as the playbook has them (deferred ones are not decoded)."""
        merger = cls()
        merger.provenance.layers.append(layer)
        merger.entries = _SeededEntries(playbook, tuple(step_order))
        merger.languages = dict(playbook.languages)
        merger._seed = playbook, tuple(step_order)
        return merger

    def step_order(self) -> tuple[str, ...]:
        """The steps' ids in file order (what `seeded` needs to rebuild this state)."""
        if self._seed is not None and "steps" not in self.entries:
            return self._seed[1]
        return tuple(self.entries["steps"])

    def add_layer(self, layer: Layer, contents: list[FileContent]) -> None:
        """Merge one layer's files: entries, then overrides, then `disable` items."""
        self.provenance.layers.append(layer)
        overrides: list[tuple[str, FileContent, int, dict[str, Any]]] = []
        disabled: list[tuple[str, Location]] = []
        for content in contents:
            self._add_language(content)
            for key, items in content.entries.items():
                for i, item in zip(content.indices[key], items, strict=True):
                    if key in OVERRIDES:
                        overrides.append((OVERRIDES[key], content, i, item))
                    else:
                        self._add_entry(key, item, content.doc, i, layer.name)
            disabled.extend(content.disable)
        for section, content, i, override in overrides:
            self._override(section, override, content.doc, i, layer.name)
        for rule_id, where in disabled:
            self._disable(rule_id, where, layer.name)

    def _add_language(self, content: FileContent) -> None:
        old = self.languages.get(content.language, Language(content.language))
        time_words = dict(old.time_words)
        for kind, words in content.time_words.items():
            time_words[kind] = tuple(dict.fromkeys((*time_words.get(kind, ()), *words)))
        self.languages[content.language] = Language(
            content.language,
            old.fillers | frozenset(content.fillers),
            {**old.contractions, **content.contractions},
            time_words=time_words,
            guards=tuple(dict.fromkeys((*old.guards, *content.guards))),
            classes={**old.classes, **content.classes},
            negations=old.negations | frozenset(content.negations),
            conditionals=old.conditionals | frozenset(content.conditionals),
            intensifiers=old.intensifiers | frozenset(content.intensifiers),
        )

    def _add_entry(self, key: str, item: Any, doc: Document | None, i: int, layer: str) -> None:
        entry_key = entry_key_of(key, item)
        existing = self.entries[key].get(entry_key)
        if existing is not None:
            hints = {"rules": "overrides", "signals": "signal-overrides"}
            hint = f"; use '{hints[key]}' to change it" if key in hints else ""
            label = SECTIONS[key][0]
            language = f" (language {item.language})" if key == "elements" else ""
            message = (
                f"{label} '{item.id}'{language}: duplicate id "
                f"(first defined at {existing.origin}){hint}"
            )
            self.errors.append(PlaybookError(item.origin, message))
            return
        self.entries[key][entry_key] = item
        placed = Placed(item.origin, layer)
        self.provenance.entries[key, entry_key] = placed
        self.provenance.defined.append((key, placed))
        if key == "elements" and doc is not None:
            self.provenance.nodes[entry_key] = [(doc, (key, i))]
        if key in ("rules", "signals"):
            overrides, nodes = self._tracked(key)
            self.provenance.disabled.pop(item.id, None)
            overrides.pop(item.id, None)
            nodes[item.id] = [(doc, (key, i))] if doc is not None else []

    def _tracked(
        self, section: str
    ) -> tuple[dict[str, list[Placed]], dict[str, list[tuple[Document, Path_]]]]:
        """The provenance maps (overrides, YAML nodes) of rules or of signals."""
        if section == "signals":
            return self.provenance.signal_overrides, self.provenance.signal_nodes
        return self.provenance.overrides, self.provenance.nodes

    def _override(
        self, section: str, override: dict[str, Any], doc: Document | None, i: int, layer: str
    ) -> None:
        entry = self.entries[section].get(override["id"])
        if entry is None:
            label = SECTIONS[section][0]
            kind = "override" if section == "rules" else f"{label} override"
            message = f"{kind} '{override['id']}': no {label} with this id to override"
            self.errors.append(PlaybookError(override["origin"], message))
            return
        changes = {k: v for k, v in override.items() if k not in ("id", "origin", "keys")}
        self.entries[section][entry.id] = replace(entry, **changes)
        placed = Placed(override["origin"], layer, override["keys"])
        overrides, nodes = self._tracked(section)
        overrides.setdefault(entry.id, []).append(placed)
        if doc is not None:
            key = "overrides" if section == "rules" else "signal-overrides"
            nodes.setdefault(entry.id, []).append((doc, (key, i)))

    def _disable(self, rule_id: str, where: Location, layer: str) -> None:
        section = "rules" if rule_id in self.entries["rules"] else "signals"
        if self.entries[section].pop(rule_id, None) is None:
            message = f"disable: no rule '{rule_id}' (nor triage signal) to disable"
            self.errors.append(PlaybookError(where, message))
            return
        defined = self.provenance.entries.pop((section, rule_id), None)
        if defined is not None:
            self.provenance.disabled[rule_id] = (defined, Placed(where, layer))

    def result(self) -> Playbook:
        """The merged playbook (steps ordered, references checked: problems go to errors)."""
        if self._seed is not None and not any(k in self.entries for k in _DEFERRABLE_KEYS):
            # Only rules and languages changed over a seed that had no problems: the other
            # sections, and the references between them, are the seed's.
            seed = self._seed[0]
            values: dict[str, Any] = {a: tuple(self.entries[k].values()) for k, a in _EAGER}
            values["languages"] = dict(self.languages)
            return deferred_playbook(values, {a: SectionOf(seed, a) for a in DEFERRABLE})
        steps = _ordered_steps(list(self.entries["steps"].values()), self.errors)
        self._check_references(steps)
        self._check_signal_targets()
        values = {attr: tuple(self.entries[key].values()) for key, attr in ATTRS.items()}
        values["steps"] = tuple(steps)
        return Playbook(**values, languages=dict(self.languages))

    def _check_references(self, steps: list[Any]) -> None:
        """Every id an entry names must be a known customer type, channel, trigger, step or
        reply element."""
        self._check_scorecards()
        types = self.entries["customer-types"]
        channels = self.entries["channels"]
        for step in steps:
            label = f"step '{step.id}'"
            self._known(step, label, "for-types", step.for_types, "customer type", types)
            self._known(step, label, "for-channels", step.for_channels, "channel", channels)
            if step.safety is not None:
                triggers = self.entries["escalation"]
                self._known(step, label, "safety", [step.safety], "escalation trigger", triggers)
        draft_steps = {step.id: step for step in steps if step.draft}
        for channel in channels.values():
            for switch in channel.switch_to:
                self._known(
                    channel, f"channel '{channel.id}'", "switch-to", switch.to, "channel", channels
                )
            if channel.reply is not None:  # a point filled by a draft names a step that asks one
                refs = [part.draft for part in channel.reply.parts if part.draft is not None]
                label = f"channel '{channel.id}'"
                self._known(channel, label, "reply", refs, "step with a draft", draft_steps)
        for option in self.entries["compensation"].values():
            label = f"compensation entry '{option.id}'"
            self._known(option, label, "suits", option.suits, "customer type", types)
            not_for = [ref for ref in option.not_for if ref != LEAVING]
            self._known(option, label, "not-for", not_for, "customer type", types)
            self._known(option, label, "channels", option.channels, "channel", channels)

    def _known(
        self, entry: Any, label: str, key: str, refs: Any, kind: str, ids: dict[str, Any]
    ) -> None:
        """An error for each of `refs` not in `ids` (skipped when no layer defines any)."""
        for ref in refs:
            if ids and ref not in ids:
                message = f"{label}: unknown {kind} '{ref}' in '{key}'"
                self.errors.append(PlaybookError(entry.origin, message))

    def _check_scorecards(self) -> None:
        """A scorecard's step, channel, customer type and element ids must exist."""
        elements = {element.id for element in self.entries["elements"].values()}
        selectors = (
            ("step", "step", self.entries["steps"]),
            ("channel", "channel", self.entries["channels"]),
            ("customer-type", "customer type", self.entries["customer-types"]),
        )
        for card in self.entries["scorecards"].values():
            for key, kind, ids in selectors:
                ref = getattr(card, key.replace("-", "_"))
                if ref is not None and ids and ref not in ids:
                    message = f"scorecard '{card.id}': unknown {kind} '{ref}' in '{key}'"
                    self.errors.append(PlaybookError(card.origin, message))
            for key in ("requires", "waives"):
                for ref in getattr(card, key):
                    if ref not in elements:
                        message = f"scorecard '{card.id}': unknown reply element '{ref}' in '{key}'"
                        self.errors.append(PlaybookError(card.origin, message))

    def _check_signal_targets(self) -> None:
        """Every signal's `for` names exactly one customer type, trigger or channel, or upset."""
        sections = ("customer-types", "escalation", "channels")
        for signal in self.entries["signals"].values():
            kinds = [SECTIONS[key][0] for key in sections if signal.target in self.entries[key]]
            if signal.target == UPSET or len(kinds) == 1:
                continue
            if kinds:
                problem = f"'for' names a {' and a '.join(kinds)}: rename one of them"
            else:
                problem = (
                    f"unknown target '{signal.target}' in 'for' (expected a customer type, "
                    "escalation trigger or channel id, or 'upset')"
                )
            self.errors.append(PlaybookError(signal.origin, f"signal '{signal.id}': {problem}"))


_DEFERRABLE_KEYS = tuple(key for key, attr in ATTRS.items() if attr in DEFERRABLE)
_EAGER = tuple((key, attr) for key, attr in ATTRS.items() if attr not in DEFERRABLE)


class _SeededEntries(dict[str, dict[str, "Any"]]):
    """A seeded Merger's entries by section, each made from the seed playbook on first use."""

    def __init__(self, seed: Playbook, step_order: tuple[str, ...]) -> None:
        super().__init__()
        self.seed = seed
        self.step_order = step_order

    def __missing__(self, key: str) -> dict[str, Any]:
        if key not in ATTRS:
            raise KeyError(key)
        items = getattr(self.seed, ATTRS[key])
        if key == "steps":
            by_id = {step.id: step for step in items}
            items = [by_id[step_id] for step_id in self.step_order]
        entries = self[key] = {entry_key_of(key, item): item for item in items}
        return entries


def entry_key_of(section: str, item: Any) -> str:
    """The key an entry is unique by: its id, or for a reply element its language and id."""
    return f"{item.language}:{item.id}" if section == "elements" else item.id


def _ordered_steps(steps: list[Any], errors: list[PlaybookError]) -> list[Any]:
    """Steps in file order, except those with `after:`, which go behind the named step."""
    ordered = [s for s in steps if s.after is None]
    for step in (s for s in steps if s.after is not None):
        ids = [s.id for s in ordered]
        if step.after not in ids:
            errors.append(
                PlaybookError(
                    step.origin, f"step '{step.id}': 'after' names unknown step '{step.after}'"
                )
            )
            ordered.append(step)
            continue
        ordered.insert(ids.index(step.after) + 1, step)
    return ordered
