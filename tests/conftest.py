"""Shared fixtures: a small built-in layer to test against, and an in-process CLI runner."""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import settings

# Hypothesis keeps no example database: the test run writes nothing into the checkout; no
# deadline: on a loaded machine a slow example is not a failure (speed: benchmarks/).
settings.register_profile("assist", database=None, deadline=None)
settings.load_profile("assist")

# Subprocesses (`python -m assist`) import the same assist as this process: without this,
# Python puts the current folder first on sys.path and a checkout could shadow the install.
os.environ["PYTHONSAFEPATH"] = "1"


def pytest_collection_finish(session: pytest.Session) -> None:
    """Leave what the test modules built on import (compiled playbooks) out of the garbage
    collector's full passes: it never frees them, and scanning them again and again took up
    to a quarter of a heavy test file's CPU."""
    gc.collect()
    gc.freeze()


def _kept(value: Any) -> Any:
    """A session fixture's value, left out of the collector's full passes (as above)."""
    gc.freeze()
    return value


if TYPE_CHECKING:
    from assist.lint.engine import Linter

DATA = Path(__file__).parent / "data"
BASE = DATA / "overlay" / "base"
"""A small valid playbook laid out like the built-ins: phrases.yaml and playbooks/*.yaml."""


_CACHE_BEFORE: list[str | None] = []
"""ASSIST_CACHE_DIR as it was before the run set it (restored at the end)."""


def pytest_sessionstart(session: pytest.Session) -> None:
    """Before the test modules are imported (several compile the built-ins on import):
    point the playbook cache at the run's folder, shared by its xdist workers, and make its
    two built-in entries there, each once per run (_shared_cache)."""
    if session.config.pluginmanager.hasplugin("dsession"):
        return  # xdist's controller: it runs no test
    factory = session.config._tmp_path_factory  # type: ignore[attr-defined]
    _CACHE_BEFORE.append(os.environ.get("ASSIST_CACHE_DIR"))
    with _rare_collections():
        os.environ["ASSIST_CACHE_DIR"] = str(_shared_cache(_run_folder(factory)))


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Give ASSIST_CACHE_DIR back as it was before the run."""
    if not _CACHE_BEFORE:
        return
    before = _CACHE_BEFORE.pop()
    if before is None:
        os.environ.pop("ASSIST_CACHE_DIR", None)
    else:
        os.environ["ASSIST_CACHE_DIR"] = before


@pytest.fixture(autouse=True, scope="session")
def _no_config_from_above(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The run's temporary folders are marked as a repository root (an empty `.git`), where
    the config search stops: an `assist.toml` a developer left in /tmp or above (the search
    promises to skip /tmp too, tested in test_hostile_lint) never changes a test's run."""
    (_run_folder(tmp_path_factory) / ".git").mkdir(exist_ok=True)


_BUILTIN_ENTRIES: list[Path] = []
_BUILT_HERE: list[Linter] = []
"""The Linter in parts that wrote the built-in entry, when this process wrote it."""


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    """An in-process `assist lint` of one small draft leaves garbage collection off, as a
    process about to exit may: each test gets it back as it found it."""
    enabled = gc.isenabled()
    yield
    if enabled and not gc.isenabled():
        gc.enable()


@contextlib.contextmanager
def _rare_collections() -> Iterator[None]:
    """The collector's passes a hundred times rarer inside (its thresholds as they were
    after): compiling, storing or reading back whole playbooks and linting many drafts with
    them spent a quarter of the CPU in collector passes over those playbooks (33 s of the 136 s
    of test_layered_cache, test_incremental, test_stored_parts and test_context_layers, `-n 0`).
    Objects in cycles are freed later."""
    before = gc.get_threshold()
    gc.set_threshold(70_000, 10, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@pytest.fixture
def fewer_collections() -> Iterator[None]:
    """The test runs with the collector's passes rarer (`_rare_collections`)."""
    with _rare_collections():
        yield


@pytest.fixture(autouse=True)
def _builtin_entry_kept() -> None:
    """The cache keeps its 20 newest entries: the built-in entries, made first, are marked as
    just used before each test, so the team entries tests write never prune them."""
    for entry in _BUILTIN_ENTRIES:
        with contextlib.suppress(OSError):
            os.utime(entry)


def _run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's folder, one for all xdist workers (popen-gwN's parent)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _shared_cache(run: Path) -> Path:
    """The run's cache folder (one for all xdist workers) holding the built-in layer's two
    entries, each made once per run under its own file lock: `whole` (default_linter, which
    test modules call on import) and the CLI's entry in parts. A worker makes whichever is
    not being made, so two workers make them at the same time (~6 s of CPU each), then read
    the other one back; every CLI run (in-process or a subprocess) reads them instead of
    compiling the built-ins again. Entries are keyed by content, so sharing hides nothing;
    tests about the cache itself (cold, damaged, unwritable) set a folder of their own."""
    from assist.lint.engine import default_linter

    folder = run / "assist-cache"
    folder.mkdir(exist_ok=True)
    os.environ["ASSIST_CACHE_DIR"] = str(folder)
    makers: dict[str, Callable[[], object]] = {
        "whole": default_linter,
        "parts": lambda: _builtin_entry_made(folder),
    }
    while makers:  # one no other worker is making, else wait for the first left
        name = next((n for n in makers if _made_under_lock(run, n, makers[n], wait=False)), None)
        if name is None:
            name = next(iter(makers))
            _made_under_lock(run, name, makers[name], wait=True)
        del makers[name]
    _BUILTIN_ENTRIES.extend(folder.glob("whole-*.json"))
    return folder


def _made_under_lock(run: Path, name: str, make: Callable[[], object], *, wait: bool) -> bool:
    """Call `make` holding the run's lock `name` (made, or read back when another worker
    made it); False, without calling it, when another worker holds the lock and not `wait`."""
    import fcntl

    with open(run / f"assist-cache-{name}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        make()
    return True


def _builtin_entry_in(folder: Path) -> Path:
    """Where the built-in layer's entry in parts of the cache `folder` is (made or not)."""
    from assist.playbook.cache import _entry, _shared_key_lines

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASSIST_CACHE_DIR", str(folder))
        return Path(_entry("\n".join(_shared_key_lines() or [])))


def _builtin_entry_made(folder: Path) -> None:
    """Make the built-in entry in parts of the cache `folder` when it is missing (the CLI's
    own path; kept as the Linter that wrote it): the caller holds the run's lock for it."""
    from assist.lint.engine import Linter
    from assist.lint.layered import LinterLayering
    from assist.playbook.cache import load_cached

    entry = _builtin_entry_in(folder)
    if entry not in _BUILTIN_ENTRIES:
        _BUILTIN_ENTRIES.append(entry)
    if entry.exists():  # written by another worker, never changed after
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASSIST_CACHE_DIR", str(folder))
        _BUILT_HERE.append(load_cached([], Linter, layering=LinterLayering()))


# xdist group "builtin-check": the tests that check a team folder over the full built-ins (the
# starter folder, patterns.md's console example, triage's two targets). The first of them runs
# the built-in files' own check (~40 s of CPU) and keeps what it finds in the run's cache
# (`checkbase-*.json`); the others reuse it. On one worker it is made once, never on both.


@pytest.fixture(scope="session")
def builtin_linter() -> Linter:
    """The built-in playbook compiled once per test process, the one `lint_text` uses (a
    Linter is never changed by linting): for tests not about loading or compiling."""
    from assist.lint.engine import default_linter

    return _kept(default_linter())


@pytest.fixture(scope="session")
def builtin_entry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding only the built-in entry: a copy of the run's, made once per
    run (made at the session's start), for tests that start
    from a cached built-in layer (they copy the folder as their cache)."""
    import fcntl

    run = _run_folder(tmp_path_factory)
    shared = run / "assist-cache"
    with open(run / "assist-cache-parts.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # made at the session's start: made again if pruned
        _builtin_entry_made(shared)
        folder = tmp_path_factory.mktemp("builtin-entry")
        entry = _builtin_entry_in(shared)
        shutil.copy2(entry, folder / entry.name)
    return folder


@pytest.fixture(scope="session")
def builtin_in_parts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Linter]:
    """A cache folder holding only the built-in entry, and the Linter in parts that wrote it
    (built fresh, not read back; ~6 s of CPU): for the tests comparing a stored part with
    the part compiled (xdist group "in-parts": made once per run). The process that wrote
    the run's built-in entry (_shared_cache) has made it already."""
    from assist.lint.engine import Linter
    from assist.lint.layered import LinterLayering
    from assist.playbook.cache import load_cached

    folder = tmp_path_factory.mktemp("builtin-in-parts")
    if _BUILT_HERE:  # this process wrote the run's built-in entry: the same build, kept
        entry = _builtin_entry_in(_run_folder(tmp_path_factory) / "assist-cache")
        shutil.copy2(entry, folder / entry.name)
        return _kept((folder, _BUILT_HERE[0]))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASSIST_CACHE_DIR", str(folder))
        fresh = load_cached([], Linter, layering=LinterLayering())
    return _kept((folder, fresh))


@pytest.fixture(scope="session")
def builtin_reference(builtin_linter: Linter) -> Linter:
    """The built-in playbook with every phrase tried on every draft (no index prefilter): what
    the index and the sieve must find the same as. Compiled once per process (~5 s of CPU);
    the tests using it share the xdist group "every-phrase", so once per run."""
    from assist.lint.engine import Linter
    from assist.lint.matcher import PhraseIndex

    playbook = builtin_linter.playbook
    return _kept(Linter(playbook, PhraseIndex(playbook, prefilter=False)))


@pytest.fixture(scope="session")
def team_linters() -> tuple[Linter, Linter]:
    """The built-ins plus 300 synthetic team phrases (benchmarks/corpus.py), compiled with the
    index and with every phrase tried: (indexed, reference), compiled once (xdist group
    "every-phrase"); tests that change an index change a copy read back from its cache data."""
    import sys

    from assist.lint.engine import Linter
    from assist.lint.matcher import PhraseIndex

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from corpus import team_playbook

    playbook = team_playbook(300)
    return _kept((Linter(playbook), Linter(playbook, PhraseIndex(playbook, prefilter=False))))


@pytest.fixture(scope="session")
def team_cache_text(team_linters: tuple[Linter, Linter]) -> str:
    """The indexed team Linter's cache data as the cache writes it (JSON text), made once
    (~2 s of CPU; xdist group "every-phrase"): tests read a Linter back from it
    (`json.loads`: a fresh one each time, for tests that change it)."""
    import json

    return json.dumps(team_linters[0].cache_data())


@pytest.fixture
def base_builtins(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Use tests/data/overlay/base as the built-in layer, so tests do not follow content edits."""
    from assist.playbook import load

    monkeypatch.setattr(load, "builtin_root", lambda: str(BASE))
    return BASE


SMALL_HEBREW = """\
language: he
rules:
  - id: he-dont-know
    severity: warning
    phrases: ["אני לא יודע", "אין לי {מושג|תשובה}"]
    why: It slams the door on the customer.
    say: ["אבדוק ואחזור אליך."]
    source: 000_54fae1396884313a.txt § What to say (and what not to say)
"""


@pytest.fixture
def small_warm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Linter]:
    """A small built-in layer in two parts (tests/data/overlay/base and one Hebrew rule), its
    entry written to the test's cache, and the layer compiled whole: damage and rebuilds work
    the same for any built-in layer, and its English part compiles again in ~0.1 s, not ~3 s."""
    from assist.lint.engine import Linter
    from assist.lint.layered import LayeredIndex, LinterLayering
    from assist.playbook import load
    from assist.playbook.cache import _entry, _shared_key_lines, load_cached

    folder = tmp_path / "builtin"
    shutil.copytree(BASE, folder)
    (folder / "playbooks" / "phrases.he.yaml").write_text(SMALL_HEBREW, encoding="utf-8")
    monkeypatch.setattr(load, "builtin_root", lambda: str(folder))
    monkeypatch.setenv("ASSIST_CACHE_DIR", str(tmp_path / "small-cache"))
    index = load_cached([], Linter, layering=LinterLayering()).index
    assert isinstance(index, LayeredIndex) and len(index.parts) == 2
    entry = Path(_entry("\n".join(_shared_key_lines() or [])))
    return entry, Linter(load.load_playbook())


@pytest.fixture
def invoke() -> Callable[..., Any]:
    """Run any `assist` command in-process on a fresh app from the app factory:
    `invoke("lint", "--text", "...", env={...})` returns click's Result."""
    from typer.testing import CliRunner

    from assist.cli import create_app

    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Any:
        return runner.invoke(create_app(), list(args), env=env)

    return run


@pytest.fixture
def run_cli(invoke: Callable[..., Any]) -> Callable[..., Any]:
    """Browse / playbook commands at 80 columns: `run_cli("types", "x", env={...})`."""

    def run(*args: str, env: dict[str, str] | None = None) -> Any:
        return invoke(*args, env={"COLUMNS": "80", **(env or {})})

    return run
