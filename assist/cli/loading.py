"""One loading path for every command: config, team folders, the playbook (from the cache
when current), and every problem as one `file:line:col: message` line in file order."""

from __future__ import annotations

from collections.abc import Iterable

from assist.cli.output import fail, print_errors
from assist.record import record

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from pathlib import Path

    from assist.config import Config
    from assist.lint.engine import Linter
    from assist.model import Playbook
    from assist.playbook.load import LoadResult


@record
class Loaded:
    """What a command works with: the settled config, the team folders and the playbook."""

    config: Config
    team_dirs: tuple[Path, ...]
    linter: Linter
    result: LoadResult | None = None
    """The full load result (files read, provenance), when the command asked for it."""

    @property
    def playbook(self) -> Playbook:
        """The merged playbook."""
        return self.linter.playbook


def settle_config(path: Path | None = None, *, search: bool = True) -> Config:
    """The config in force (assist.toml / [tool.assist]), or exit 2 naming the file."""
    from assist.config import ConfigError, load_config

    try:
        return load_config(path, search=search)
    except ConfigError as exc:
        fail([exc])


def load(
    given: Iterable[Path] = (),
    *,
    config: Config | None = None,
    builtin: bool = True,
    provenance: bool = False,
) -> Loaded:
    """The playbook for a command: the config's team folders, then `given`, over the built-ins.

    Read from the on-disk cache when current, except with `provenance` (the authoring
    commands, which report where entries come from) or without the built-in layer.
    """
    config = config if config is not None else settle_config()
    team_dirs = (*config.playbooks, *given)
    if provenance or not builtin:
        return _uncached(config, team_dirs, builtin=builtin)
    from assist.errors import PlaybookErrors
    from assist.lint.engine import Linter
    from assist.lint.layered import LinterLayering
    from assist.playbook.cache import load_cached

    try:  # in parts: the built-in layer per language (read as needed), team layers on top
        note = lambda line: print_errors([line])  # noqa: E731
        linter = load_cached(team_dirs, Linter, note=note, layering=LinterLayering())
    except PlaybookErrors as exc:
        fail(exc.errors)
    return Loaded(config, team_dirs, linter)


def _uncached(config: Config, team_dirs: tuple[Path, ...], *, builtin: bool) -> Loaded:
    from assist.lint.engine import Linter
    from assist.playbook.load import load_layers

    result = load_layers(team_dirs, builtin=builtin)
    if result.errors or result.playbook is None:
        fail(result.errors)
    return Loaded(config, team_dirs, Linter(result.playbook), result)
