"""Records (assist.record) behave as the frozen dataclasses they replaced: same constructor,
equality, hash, repr, and `dataclasses.fields` / `replace` / `asdict` still work; a cold
`assist lint` imports neither `dataclasses` nor `inspect` (issue 9)."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assist.errors import Location
from assist.lint.findings import Finding
from assist.lint.matcher import CompiledPhrase, PhraseIndex
from assist.model import Examples, Language, PhraseRule, Playbook, Severity
from assist.record import field, field_names, record, replace

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "data" / "overlay" / "base"


def finding(**changes: object) -> Finding:
    values: dict[str, object] = dict(
        path="a.txt", line=1, column=2, end_line=1, end_column=9, offset=1, length=7,
        rule="r", severity="error", phrase="calm down", matched="calm dwn", score=88,
        why="It dismisses.", suggestions=("I understand.",),
    )  # fmt: skip
    values.update(changes)
    return Finding(**values)  # type: ignore[arg-type]


def twin_of(cls: type) -> type:
    """The frozen dataclass the record stands for (fields without defaults only)."""
    fields = [(f.name, f.type) for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(cls.__name__, fields, frozen=True)


def test_a_finding_compares_hashes_and_prints_as_the_frozen_dataclass_did() -> None:
    twin = twin_of(Finding)
    values = {name: getattr(finding(), name) for name in field_names(Finding)}
    assert repr(finding()) == repr(twin(**values))
    assert finding() == finding() and hash(finding()) == hash(finding())
    assert finding() != finding(score=87) and finding(score=87) == finding(score=87)
    assert finding() != twin(**values)  # another class is never equal, as dataclasses say
    assert len({finding(), finding(), finding(column=3)}) == 2
    assert field_names(Finding) == tuple(f.name for f in dataclasses.fields(Finding))


def test_dataclasses_functions_still_work_on_records() -> None:
    rule = PhraseRule("r", Severity.ERROR, ("calm down",), "why", ("say",), "src")
    changed = dataclasses.replace(rule, fuzzy=False)
    assert changed.fuzzy is False and changed.threshold == 80 and changed.id == "r"
    assert replace(rule, fuzzy=False) == changed
    assert dataclasses.is_dataclass(rule) and dataclasses.is_dataclass(Location)
    assert dataclasses.asdict(finding())["suggestions"] == ("I understand.",)
    assert dataclasses.asdict(Location("f", 1, 2)) == {"file": "f", "line": 1, "column": 2}
    assert [f.name for f in dataclasses.fields(Examples)] == ["flag", "passes"]


def test_defaults_factories_and_fields_left_out_of_equality() -> None:
    @record
    class Sample:
        name: str
        extra: dict[str, int] = field(default_factory=dict)
        note: str = field(default="", compare=False, repr=False)
        count: int = 0

    first, second = Sample("a"), Sample("a")
    assert first.extra == {} and first.extra is not second.extra
    assert Sample("a", note="x") == Sample("a", note="y")
    assert repr(Sample("a", {"k": 1}, "n", 2)).endswith(
        ".<locals>.Sample(name='a', extra={'k': 1}, count=2)"
    )  # the qualified name, as dataclasses writes it
    with pytest.raises(TypeError):
        Sample()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        hash(Sample("a"))  # a dict field: unhashable, as a frozen dataclass is

    @record(frozen=False)
    class Mutable:
        items: list[int] = field(default_factory=list)

    assert Mutable() == Mutable() and Mutable.__hash__ is None


def test_a_records_first_instances_are_made_as_its_compiled_init_makes_them() -> None:
    """A record's `__init__` is compiled from its COMPILE_AFTER-th instance on (a cold lint
    makes most records once): the instances before are bound the same way, and a call that
    cannot bind raises the compiled one's TypeError."""
    from assist import record as records

    @record
    class Sample:
        name: str
        extra: dict[str, int] = field(default_factory=dict)
        count: int = 0

    calls: list[tuple[tuple[object, ...], dict[str, object]]] = [
        (("a",), {}), (("a", {"k": 1}), {}), (("a",), {"count": 3}), ((), {"name": "b"}),
        (("a", {"k": 1}, 2), {}), ((), {"count": 1, "name": "c", "extra": {}}),
    ]  # fmt: skip
    wrong: list[tuple[tuple[object, ...], dict[str, object]]] = [
        ((), {}), (("a",), {"name": "b"}), (("a",), {"colour": "red"}), (("a", {}, 1, 2), {}),
    ]  # fmt: skip
    first = [Sample(*args, **kwargs) for args, kwargs in calls]  # type: ignore[arg-type]
    errors = []
    for args, kwargs in wrong:
        with pytest.raises(TypeError) as raised:
            Sample(*args, **kwargs)  # type: ignore[arg-type]
        errors.append(str(raised.value))
    assert Sample.__init__.__code__.co_filename == "<string>"  # that call compiled it
    later = [Sample(*args, **kwargs) for args, kwargs in calls]  # type: ignore[arg-type]
    assert [vars(s) for s in first] == [vars(s) for s in later]
    assert first[0].extra is not first[1].extra  # a factory's value per instance

    @record
    class Counted:
        name: str
        count: int = 0

    made = [Counted(str(n), count=n) for n in range(records.COMPILE_AFTER + 2)]
    assert Counted.__init__.__code__.co_filename == "<string>"
    assert [(c.name, c.count) for c in made] == [(str(n), n) for n in range(len(made))]
    assert "missing 1 required positional argument: 'name'" in errors[0]
    assert "multiple values for argument 'name'" in errors[1]


def test_model_values_keep_their_defaults_and_equality() -> None:
    language = Language("en")
    assert language.contractions == {} and language.fillers == frozenset()
    assert language == Language("en") and language != Language("fi")
    playbook = Playbook()
    assert playbook.rules == () and playbook.languages == {} and playbook.steps == ()
    assert Playbook() == Playbook()


def test_a_compiled_phrase_compares_hashes_and_prints_by_its_fields() -> None:
    rule = PhraseRule("r", Severity.ERROR, ("calm down now",), "why", ("say",), "src")
    index = PhraseIndex(Playbook(rules=(rule,)))
    phrase = index.phrases[0]
    again = PhraseIndex(Playbook(rules=(rule,))).phrases[0]
    assert phrase == again and hash(phrase) == hash(again)
    assert phrase.words == ("calm", "down", "now") and phrase.size == len("calm down now")
    values = [getattr(phrase, name) for name in CompiledPhrase.FIELDS]
    other = CompiledPhrase(*values[:-1], key_anchors=(9,))
    assert other != phrase and other.key_anchors == (9,)
    shown = repr(phrase)
    assert shown.startswith("CompiledPhrase(rule=PhraseRule(") and "order=0" in shown


def test_a_cold_lint_imports_neither_dataclasses_nor_inspect(tmp_path: Path) -> None:
    probe = (  # over the small built-in layer (a full compile would fill the cache slowly)
        "import sys\n"
        "from assist.playbook import load\n"
        "from pathlib import Path\n"
        "base = Path(sys.argv[2])\n"
        "load.builtin_root = lambda: str(base)\n"
        "sys.argv = ['assist', 'lint', '--no-config', sys.argv[1]]\n"
        "from assist.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stdout.flush()\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {**os.environ, "ASSIST_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-c", probe, str(ROOT / "examples" / "draft.txt"), str(BASE)]
    runs = [
        subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        for _ in range(2)  # the first fills the cache, the second is the cold run
    ]
    loaded = set(runs[1].stderr.strip().splitlines()[-1].split())
    assert "assist.lint.engine" in loaded and runs[1].stdout == runs[0].stdout != ""
    assert {"dataclasses", "inspect", "ast", "dis"} & loaded == set()
