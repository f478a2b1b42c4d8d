"""Load the built-in playbook and team folders into one Playbook, with precise errors.

Precedence (documented in the README): the built-in files form the first layer; each team
folder is a later layer, in the order given. A later layer may add entries of every kind,
change a rule's fields with `overrides` and switch rules off with `disable`; it may not
redefine an id that an earlier layer already has.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .model import SECTIONS, Language, Playbook
from .validate import FileContent, validate_document
from .yamlsource import Location, PlaybookError, read_document

ATTRS = {key: key.replace("-", "_") for key in SECTIONS if key != "overrides"}


class PlaybookErrors(Exception):
    """Raised when a playbook cannot be used; carries every problem found."""

    def __init__(self, errors: Sequence[PlaybookError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = list(errors)


@dataclass
class LoadResult:
    """The merged playbook (None when nothing usable), the errors, and the files read."""

    playbook: Playbook | None
    errors: list[PlaybookError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


@cache
def builtin_dir() -> Path:
    """Folder holding the built-in `phrases.yaml` and `playbooks/` (installed or in a checkout)."""
    packaged = Path(__file__).parent / "_data"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent


def builtin_files() -> list[Path]:
    """The built-in playbook files, phrases.yaml first."""
    root = builtin_dir()
    return [root / "phrases.yaml", *playbook_files(root / "playbooks")]


def playbook_files(folder: Path) -> list[Path]:
    """The YAML files of a playbook folder, in name order (not recursive)."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def display_name(path: Path) -> str:
    """A short name for messages: relative to the current folder, or to the built-in root."""
    for base in (Path.cwd(), builtin_dir()):
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)


def load_layers(team_dirs: Iterable[Path] = (), *, builtin: bool = True) -> LoadResult:
    """Read and merge every layer, collecting all problems instead of stopping at the first."""
    layers: list[list[Path]] = [builtin_files()] if builtin else []
    errors: list[PlaybookError] = []
    for folder in team_dirs:
        folder = Path(folder)
        if not folder.is_dir():
            errors.append(PlaybookError(Location(str(folder), 1, 1), "playbook folder not found"))
            continue
        layers.append(playbook_files(folder))
    merger = _Merger()
    files: list[str] = []
    for layer in layers:
        contents = []
        for path in layer:
            files.append(display_name(path))
            try:
                content = validate_document(read_document(path, display_name(path)))
            except PlaybookError as exc:
                errors.append(exc)
                continue
            errors.extend(content.errors)
            contents.append(content)
        merger.add_layer(contents)
    playbook = merger.result()
    errors.extend(merger.errors)
    return LoadResult(playbook, errors, files)


def load_playbook(team_dirs: Iterable[Path] = (), *, builtin: bool = True) -> Playbook:
    """The merged playbook; raises PlaybookErrors if any file has a problem."""
    result = load_layers(team_dirs, builtin=builtin)
    if result.errors or result.playbook is None:
        raise PlaybookErrors(result.errors)
    return result.playbook


class _Merger:
    """Folds layers into one set of entries, enforcing the precedence rules."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, Any]] = {key: {} for key in ATTRS}
        self.languages: dict[str, Language] = {}
        self.errors: list[PlaybookError] = []

    def add_layer(self, contents: list[FileContent]) -> None:
        overrides, disabled = [], []
        for content in contents:
            self._add_language(content)
            for key, items in content.entries.items():
                if key == "overrides":
                    overrides.extend(items)
                    continue
                for item in items:
                    self._add_entry(key, item)
            disabled.extend(content.disable)
        for override in overrides:
            self._override(override)
        for rule_id, where in disabled:
            if self.entries["rules"].pop(rule_id, None) is None:
                self.errors.append(PlaybookError(where, f"disable: no rule '{rule_id}' to disable"))

    def _add_language(self, content: FileContent) -> None:
        old = self.languages.get(content.language, Language(content.language))
        self.languages[content.language] = Language(
            content.language,
            old.fillers | frozenset(content.fillers),
            {**old.contractions, **content.contractions},
        )

    def _add_entry(self, key: str, item: Any) -> None:
        existing = self.entries[key].get(item.id)
        if existing is not None:
            hint = "; use 'overrides' to change it" if key == "rules" else ""
            label = SECTIONS[key][0]
            message = (
                f"{label} '{item.id}': duplicate id (first defined at {existing.origin}){hint}"
            )
            self.errors.append(PlaybookError(item.origin, message))
            return
        self.entries[key][item.id] = item

    def _override(self, override: dict[str, Any]) -> None:
        rule = self.entries["rules"].get(override["id"])
        if rule is None:
            message = f"override '{override['id']}': no rule with this id to override"
            self.errors.append(PlaybookError(override["origin"], message))
            return
        changes = {k: v for k, v in override.items() if k not in ("id", "origin")}
        self.entries["rules"][rule.id] = dataclasses.replace(rule, **changes)

    def result(self) -> Playbook:
        steps = _ordered_steps(list(self.entries["steps"].values()), self.errors)
        self._check_references(steps)
        values = {attr: tuple(self.entries[key].values()) for key, attr in ATTRS.items()}
        values["steps"] = tuple(steps)
        return Playbook(**values, languages=dict(self.languages))

    def _check_references(self, steps: list[Any]) -> None:
        """Every id a step's tailoring names must be a known customer type or channel."""
        known = {
            "for-types": ("customer type", self.entries["customer-types"]),
            "for-channels": ("channel", self.entries["channels"]),
        }
        for step in steps:
            for key, (kind, ids) in known.items():
                for ref in getattr(step, key.replace("-", "_")):
                    if ids and ref not in ids:
                        message = f"step '{step.id}': unknown {kind} '{ref}' in '{key}'"
                        self.errors.append(PlaybookError(step.origin, message))


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
