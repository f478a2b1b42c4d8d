"""Load the built-in playbook and team folders into one Playbook, with precise errors.

Every problem is collected (not just the first) and reported in file order; the merge and
its precedence rules live in merge.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import cache

from assist.errors import Location, PlaybookError, PlaybookErrors
from assist.record import field, record

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:  # reading and merging are imported on use: `assist lint` reads the cache
    from pathlib import Path

    from assist.model import Playbook
    from assist.playbook.merge import Layer, Merger, Provenance


def _provenance() -> Provenance:
    from assist.playbook.merge import Provenance

    return Provenance()


@record(frozen=False)
class LoadResult:
    """The merged playbook (None when nothing usable), the errors, and the files read."""

    playbook: Playbook | None
    errors: list[PlaybookError] = field(default_factory=list)
    """Every problem found, in file order (load order, then line and column)."""
    files: list[str] = field(default_factory=list)
    provenance: Provenance = field(default_factory=_provenance)
    """Where each entry, override and `disable` item of the result came from."""
    step_order: tuple[str, ...] = ()
    """The steps' ids in file order (the cache seeds a merge of team folders with it)."""


@cache
def builtin_root() -> str:
    """Folder holding the built-in `phrases.yaml` and `playbooks/` (installed or in a
    checkout), as a string: a cold `assist lint` keys its cache on the built-in files without
    importing pathlib (17 M instructions). Tests point the built-in layer elsewhere here."""
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    packaged = os.path.join(package, "_data")
    return packaged if os.path.isdir(packaged) else os.path.dirname(package)


def builtin_dir() -> Path:
    """Folder holding the built-in `phrases.yaml` and `playbooks/` (`builtin_root`)."""
    from pathlib import Path

    return Path(builtin_root())


def builtin_files() -> list[Path]:
    """The built-in playbook files, phrases.yaml first."""
    from pathlib import Path

    return [Path(name) for name in builtin_file_names()]


def builtin_file_names() -> list[str]:
    """`builtin_files()` as strings (made without pathlib)."""
    root = builtin_root()
    folder = os.path.join(root, "playbooks")
    with os.scandir(folder) as entries:  # as playbook_files: YAML files in name order
        names = sorted(e.name for e in entries if _is_yaml(e.name) and e.is_file())
    return [os.path.join(root, "phrases.yaml"), *(os.path.join(folder, n) for n in names)]


def playbook_files(folder: Path) -> list[Path]:
    """The YAML files of a playbook folder, in name order (not recursive)."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def _is_yaml(name: str) -> bool:
    """Whether a file name has the suffix of a YAML file (as `Path.suffix` reads it)."""
    dot = name.rfind(".")
    return 0 < dot < len(name) - 1 and name[dot:] in (".yaml", ".yml")


def display_name(path: Path) -> str:
    """A short name for messages: relative to the current folder, or to the built-in root."""
    from pathlib import Path

    for base in (Path.cwd(), builtin_dir()):
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)


def load_layers(team_dirs: Iterable[Path] = (), *, builtin: bool = True) -> LoadResult:
    """Read and merge every layer, collecting all problems instead of stopping at the first."""
    from assist.playbook.merge import BUILTIN, Layer, Merger

    layers: list[Layer] = [Layer(BUILTIN, tuple(builtin_files()))] if builtin else []
    return _merged(Merger(), layers, team_dirs)


def load_onto(base: Playbook, step_order: Sequence[str], team_dirs: Iterable[Path]) -> LoadResult:
    """The team folders merged onto the built-in playbook already loaded (from the cache; it
    had no problems): only the team folders' files are read. The result equals
    `load_layers(team_dirs)`'s except for the provenance of the built-in entries."""
    from assist.playbook.merge import BUILTIN, Layer, Merger

    files = tuple(builtin_files())
    merger = Merger.seeded(base, step_order, Layer(BUILTIN, files))
    merger.provenance.files.extend(display_name(path) for path in files)
    return _merged(merger, [], team_dirs)


def _merged(merger: Merger, layers: list[Layer], team_dirs: Iterable[Path]) -> LoadResult:
    """`layers` then the team folders read and added to `merger`, with every problem."""
    from pathlib import Path

    from assist.playbook.merge import Layer
    from assist.playbook.validate import validate_document
    from assist.playbook.yamlsource import read_document

    errors: list[PlaybookError] = []
    for folder in map(Path, team_dirs):
        try:
            if not folder.is_dir():
                message = "playbook folder not found"
                errors.append(PlaybookError(Location(str(folder), 1, 1), message))
                continue
            layers.append(Layer(display_name(folder), tuple(playbook_files(folder))))
        except OSError as exc:  # unreadable, a name too long, a link loop: one line, not a crash
            message = f"cannot read playbook folder: {exc.strerror or exc}"
            errors.append(PlaybookError(Location(str(folder), 1, 1), message))
    files = merger.provenance.files
    for layer in layers:
        contents = []
        for path in layer.files:
            name = display_name(path)
            files.append(name)
            try:
                content = validate_document(read_document(path, name))
            except PlaybookError as exc:
                errors.append(exc)
                continue
            errors.extend(content.errors)
            contents.append(content)
        merger.add_layer(layer, contents)
    playbook = merger.result()
    errors.extend(merger.errors)
    return LoadResult(
        playbook, in_file_order(errors, files), list(files), merger.provenance,
        merger.step_order(),
    )  # fmt: skip


def in_file_order(errors: Sequence[PlaybookError], files: Sequence[str]) -> list[PlaybookError]:
    """Errors sorted by file (in load order), then line and column."""
    rank = {name: i for i, name in enumerate(files)}

    def key(error: PlaybookError) -> tuple[int, int, int]:
        where = error.location
        return rank.get(where.file, len(rank)), where.line, where.column

    return sorted(errors, key=key)


def load_playbook(team_dirs: Iterable[Path] = (), *, builtin: bool = True) -> Playbook:
    """The merged playbook; raises PlaybookErrors if any file has a problem."""
    result = load_layers(team_dirs, builtin=builtin)
    if result.errors or result.playbook is None:
        raise PlaybookErrors(result.errors)
    return result.playbook
