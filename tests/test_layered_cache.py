"""A team folder on top of the cached built-in layer finds exactly what a whole compile finds,
and an edit of a team file compiles only the team's rules."""

from __future__ import annotations

import functools
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from entries import compile_counter, entry_head, entry_parts

from assist.lint.engine import Linter, selector
from assist.lint.layered import LayeredIndex, LinterLayering
from assist.lint.matcher import PhraseIndex
from assist.playbook.cache import load_cached
from assist.playbook.load import load_playbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_cli import write_team  # noqa: E402
from corpus import drafts, team_playbook  # noqa: E402

pytestmark = pytest.mark.usefixtures("fewer_collections")  # conftest: rarer collector passes

# No xdist_group: the whole compiles are session fixtures made on demand, so each worker builds
# only what its tests need and the module's ~130 s of tests spread over both workers.

ENGLISH = """overrides:
  - id: hurry-up
    severity: suggestion
  - id: dont-know
    phrases: ["no clue", "I {don't|do not} know", "haven't the faintest"]
    guards: ["no clue what"]
  - id: blame-customer
    threshold: 95
disable: [dont-care]
"""
HEBREW = """language: he
rules:
  - id: team-he-wrong
    severity: warning
    phrases: ["ואתה טועה", "אתה לא מבין", "תקשיב לי"]
    why: It tells the customer they are wrong.
    say: [בוא נבדוק את זה יחד.]
    source: team addition
overrides:
  - id: he-dont-know
    severity: error
"""  # a Hebrew phrase override drops words that feed the stems (STEMS below): compiled whole
STEMS = HEBREW + "disable: [he-dont-care]\n"  # its words fed a stem: the stems change
FINNISH = """language: fi
rules:
  - id: team-fi-wait
    severity: error
    phrases: ["odota hetki", "en tiedä mitään"]
    why: Se kuulostaa tylyltä.
    say: [Tarkistan asian heti.]
    source: team addition
"""
FILLERS = """language: en
fillers: [kinda, sorta]
"""
BASE_OVERRIDES = """overrides:
  - id: hurry-up
    severity: suggestion
  - id: dont-know
    phrases: ["no clue", "I {don't|do not} know"]
"""  # of the small built-in layer's rules (tests/data/overlay/base)
FOLDERS = {
    "english": {"rules.yaml": None, "z-overrides.yaml": ENGLISH},
    "four languages": {
        "rules.yaml": None,
        "z-en.yaml": ENGLISH,
        "z-he.yaml": HEBREW,
        "z-fi.yaml": FINNISH,
    },
    "Hebrew stems changed": {"rules.yaml": None, "z-he.yaml": STEMS},
    "a language changed": {"rules.yaml": None, "z-en.yaml": ENGLISH, "z-fillers.yaml": FILLERS},
}
WHOLE = ("Hebrew stems changed", "a language changed")  # compiled whole: not layered


def write_folder(tmp_path: Path, files: dict[str, str | None]) -> Path:
    folder = tmp_path / "team"
    folder.mkdir()
    for name, text in files.items():
        if text is None:
            write_team(folder, 200).rename(folder / name)  # 200 synthetic English phrases
        else:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


@functools.cache
def texts() -> tuple[str, ...]:
    """Benchmark drafts (half flagged, team phrases among them) and every rule's examples
    (made once per worker: about 2 s of CPU)."""
    found = drafts(300, flagged_share=0.5, team=team_playbook(200))
    for rule in load_playbook().rules:
        if rule.examples is not None:
            found.extend((*rule.examples.flag, *rule.examples.passes))
    wording = ROOT / "benchmarks" / "corpus" / "wording"
    found.extend(p.read_text(encoding="utf-8") for p in sorted(wording.glob("*.yaml")))
    found += ["ואתה טועה, תקשיב לי", "אני לא יודעת מה קרה", "Odota hetki, en tiedä mitään."]
    found += ["No clue what happened, but I don't know either.", "Hurry up, please."]
    return tuple(found)


@functools.cache
def chosen() -> tuple[str, ...]:
    """The texts a team layer is compared on: every draft (team phrases among them), every
    third rule example, the longest wording file (past the lint window) and the team's own
    wordings in four languages: the whole list costs about 3x the CPU and proves no more."""
    every = texts()
    drafts_, examples, team_texts = every[:300], every[300:-9], every[-5:]
    return (*drafts_, *examples[::3], longest_wording(), *team_texts)


@functools.cache
def compared_in_parts() -> tuple[str, ...]:
    """The texts the built-in layer in parts is compared on: every draft and rule example
    (a stored part read back wrong shows on one example of 1,578), the longest wording file
    (past the lint window) and the team's own wordings: the other three wording files cost
    two thirds of the test's CPU and found nothing the rest does not (mutation checks)."""
    every = texts()
    return (*every[:-9], longest_wording(), *every[-5:])


def longest_wording() -> str:
    """The longest of the four wording files in `texts()` (past the lint window)."""
    return max(texts()[-9:-5], key=len)


@pytest.fixture(scope="session")
def warm(builtin_entry: Path) -> Path:
    """A cache folder holding the built-in entry (conftest: the run's, copied): tests that
    start from a cached built-in layer copy it."""
    return builtin_entry


Team = Callable[[str], tuple[Path, Linter | None]]


@pytest.fixture(scope="session")
def team(tmp_path_factory: pytest.TempPathFactory) -> Team:
    """A team folder of FOLDERS, by name, with its whole compile (built-ins and team merged, no
    cache): made when a test of this worker first asks for it, then shared by the tests that
    only read it (each is a whole compile: a worker makes only those its tests need). None
    for a folder the cache compiles whole (WHOLE): its entry is `Linter(merged playbook)`
    (cache._load_layered), the very call a whole compile makes again (~4 s of CPU)."""
    made: dict[str, tuple[Path, Linter | None]] = {}

    def folder_and_whole(name: str) -> tuple[Path, Linter | None]:
        if name not in made:
            folder = write_folder(tmp_path_factory.mktemp("team"), FOLDERS[name])
            made[name] = (folder, None if name in WHOLE else Linter(load_playbook([folder])))
        return made[name]

    return folder_and_whole


def from_warm(warm: Path, cache: Path) -> None:
    """Start the test's cache folder with the built-in entry of `warm`."""
    cache.mkdir(parents=True, exist_ok=True)
    for entry in warm.glob("playbook-*.json"):
        shutil.copy2(entry, cache / entry.name)


def seen(linter: Linter, text: str) -> list[tuple[object, ...]]:
    return [
        (f.offset, f.length, f.line, f.column, f.rule, f.severity, f.score, f.phrase)
        for f in linter.lint(text)
    ]


def layered(folder: Path) -> Linter:
    return load_cached([folder], Linter, layering=LinterLayering())


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ASSIST_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


FOUR = "four-languages"  # xdist group: the tests of that folder share its whole compile


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=[pytest.mark.xdist_group(FOUR)] if n == "four languages" else [])
        for n in FOLDERS
    ],
)
def test_team_layers_on_the_cached_builtin_find_what_a_whole_compile_finds(
    name: str, team: Team, warm: Path, cache: Path
) -> None:
    folder, whole = team(name)
    from_warm(warm, cache)
    after_edit = layered(folder)  # built on the built-in entry, then stored
    cached = layered(folder)  # both entries read back
    assert cached is not after_edit
    assert isinstance(after_edit.index, LayeredIndex) == (name not in WHOLE)
    if whole is None:  # compiled whole by the cache: the playbook a whole load gives, compiled
        assert type(after_edit.index) is PhraseIndex
        assert after_edit.playbook == load_playbook([folder]) == cached.playbook
        whole = after_edit
    assert after_edit.playbook == whole.playbook == cached.playbook
    # a folder compiled whole is a whole compile stored and read back, and "english" is a
    # part of "four languages" (compared on every text): a third of the drafts and examples
    # shows them, with the longest wording and the team's own ones (the last six)
    every = chosen()
    compared = every if name == "four languages" else (*every[:-6:3], *every[-6:])
    flagged = 0
    for text in compared:
        expected = seen(whole, text)
        if whole is not after_edit:
            assert seen(after_edit, text) == expected, text
        assert seen(cached, text) == expected, text
        flagged += bool(expected)
    assert flagged > len(compared) // 3
    assert [p.phrase for p in after_edit.index.phrases] == [p.phrase for p in whole.index.phrases]


@pytest.mark.xdist_group(FOUR)
def test_near_misses_and_explanations_are_those_of_a_whole_compile(
    team: Team, warm: Path, cache: Path
) -> None:
    folder, whole = team("four languages")
    assert whole is not None
    from_warm(warm, cache)
    linter = layered(folder)
    # near misses cost 0.1-1 s a text (more for a long draft): 3 drafts (the team's synthetic
    # phrases among them), every 36th example of those compared and the team's own wordings
    every = chosen()
    picked = [t for n, t in enumerate(every) if n % 36 == 0 and (n >= 300 or n % 108 == 0)]
    for text in (*picked, *texts()[-5:]):
        words = whole.index.words_of(text)
        got = [(m.phrase.rule.id, m.phrase.phrase, m.anchor, m.reason, m.progress)
               for m in linter.index.near_misses(linter.index.words_of(text))]  # fmt: skip
        want = [(m.phrase.rule.id, m.phrase.phrase, m.anchor, m.reason, m.progress)
                for m in whole.index.near_misses(words)]  # fmt: skip
        assert got == want, text


def test_an_edit_compiles_only_the_team_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm: Path, cache: Path
) -> None:

    folder = write_folder(tmp_path, FOLDERS["english"])
    from_warm(warm, cache)
    layered(folder)
    compiled = compile_counter(monkeypatch)
    team = folder / "rules.yaml"
    team.write_text(team.read_text(encoding="utf-8").replace("synthetic", "edited"), "utf-8")
    stat = team.stat()
    os.utime(team, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    linter = layered(folder)
    # no rule's phrases changed: the team part is made from the previous entry's, not compiled
    # (20 team rules and the 3 overridden built-in ones; test_incremental for other edits)
    assert compiled == []
    assert linter.playbook.rule("team-0").why == "edited"
    flagged = [
        text for text in chosen() if any(f.rule.startswith("team-") for f in linter.lint(text))
    ]
    compiled.clear()
    cached = layered(folder)
    # the team part is read back from the entry's texts when a draft needs it, not compiled
    assert [seen(cached, text) for text in flagged] == [seen(linter, text) for text in flagged]
    assert flagged and compiled == []
    from assist.playbook.cache import _entry, _shared_key_lines

    builtin = Path(_entry("\n".join(_shared_key_lines() or []))).name
    for entry in cache.glob("playbook-*.json"):  # no earlier version of the team folder
        if entry.name != builtin:
            entry.unlink()
    os.utime(team, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000))
    assert seen(layered(folder), flagged[0]) == seen(linter, flagged[0])
    assert compiled == [23]  # 20 team rules and the 3 overridden built-in ones, not 180


@pytest.mark.usefixtures("base_builtins")  # the rebuild is the same for any built-in layer
def test_a_missing_or_damaged_builtin_entry_is_rebuilt(cache: Path, tmp_path: Path) -> None:
    from assist.playbook.cache import _entry, _shared_key_lines

    folder = write_folder(tmp_path, {"rules.yaml": BASE_OVERRIDES})
    whole = Linter(load_playbook([folder]))
    layered(folder)
    builtin = Path(_entry("\n".join(_shared_key_lines() or [])))
    assert builtin.exists() and len(list(cache.glob("playbook-*.json"))) == 2
    text = "Hurry up! I don't know, no clue. That's company policy."
    assert len(seen(whole, text)) >= 3
    for damage in (b"00000000\n{}", b"garbage", None):
        if damage is None:
            builtin.unlink()
        else:
            builtin.write_bytes(damage)
        assert seen(layered(folder), text) == seen(whole, text)
        assert builtin.exists()


def test_a_team_file_with_a_problem_is_reported_as_a_whole_load_reports_it(
    tmp_path: Path, warm: Path, cache: Path
) -> None:
    from assist.errors import PlaybookErrors

    from_warm(warm, cache)
    folder = write_folder(tmp_path, {"bad.yaml": "overrides:\n  - id: no-such-rule\n"})
    with pytest.raises(PlaybookErrors) as whole:
        load_playbook([folder])
    with pytest.raises(PlaybookErrors) as cached:
        layered(folder)
    assert [str(e) for e in cached.value.errors] == [str(e) for e in whole.value.errors]


@pytest.mark.xdist_group("in-parts")  # conftest: the Linter built in parts made once
def test_the_builtin_playbook_in_parts_finds_what_a_whole_compile_finds(
    builtin_linter: Linter, builtin_in_parts: tuple[Path, Linter], cache: Path
) -> None:
    whole = builtin_linter  # the same compile as Linter(load_playbook()), made once
    folder, fresh = builtin_in_parts  # as built in parts, then stored
    from_warm(folder, cache)
    cached = layered_builtin()  # read back: each part parsed when a draft needs it
    assert isinstance(cached.index, LayeredIndex) and len(cached.index.parts) == 4
    for text in compared_in_parts():
        expected = seen(whole, text)
        assert seen(fresh, text) == expected, text
        assert seen(cached, text) == expected, text
    assert [p.phrase for p in cached.index.phrases] == [p.phrase for p in whole.index.phrases]


def read_parts(linter: Linter) -> set[str]:
    assert isinstance(linter.index, LayeredIndex)
    return {part.rules[0].language for part in linter.index.parts if part._index is not None}


@pytest.mark.parametrize(
    ("text", "languages", "read"),
    [
        ("Sorry, I don't know.", None, {"en"}),  # detected: only English rules run
        ("Sorry, I don't know.", ["en", "fi", "he", "ar"], {"en", "fi"}),  # ASCII: no he, ar
        ("Sorry, I don't know.", ["fi"], {"fi"}),
        ("אני לא יודע מה קרה", None, {"he"}),
    ],
)
def test_a_draft_reads_only_the_parts_whose_rules_can_match_it(
    text: str,
    languages: list[str] | None,
    read: set[str],
    warm: Path,
    cache: Path,
    builtin_linter: Linter,
) -> None:
    from_warm(warm, cache)
    linter = layered_builtin()  # read back: no part parsed yet
    expected = checked_in(builtin_linter, text, languages)
    assert checked_in(linter, text, languages) == expected
    assert read_parts(linter) == read


def checked_in(linter: Linter, text: str, languages: list[str] | None) -> list[tuple[object, ...]]:
    """What `assist lint` finds (it detects the language before searching, so a cold run
    reads only that language's part; `Linter.lint` searches every part first)."""
    keep = selector(None, (), languages)
    checked = linter.check(text, keep=keep, detect=languages is None)
    return [(f.offset, f.length, f.rule, f.score) for f in checked.findings]


def seen_in(linter: Linter, text: str, languages: list[str] | None) -> list[tuple[object, ...]]:
    return [(f.offset, f.length, f.rule, f.score) for f in linter.lint(text, languages=languages)]


def test_a_part_that_does_not_fit_is_compiled_again(
    small_warm: tuple[Path, Linter], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the small two-part built-in layer (conftest): a part compiles again in ~0.1 s, not ~3 s
    entry, whole = small_warm
    document, texts = entry_parts(entry)
    assert sum(t.count(b'"count": ') for t in texts) >= 4  # each part's tables' sizes
    texts = [t.replace(b'"count": ', b'"count": 1') for t in texts]  # not their records
    entry.write_bytes(entry_head(document, texts) + b"".join(texts))  # well-formed, foreign data
    compiled = compile_counter(monkeypatch)
    text = "Hurry up! I don't know why it did not turn up, according to company policy."
    assert len(seen(whole, text)) == 3
    assert seen(layered_builtin(), text) == seen(whole, text)
    assert compiled  # the parts read were compiled again, not used as stored


def layered_builtin() -> Linter:
    return load_cached([], Linter, layering=LinterLayering())
