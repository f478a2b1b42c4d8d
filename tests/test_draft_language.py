"""Per-draft language: each draft's language is detected offline and only its rules run; a
draft in a language without rules is reported as not checked (never passed in silence); a
short or mixed draft runs every rule; `--language` forces; the audit counts not-checked."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hostile import Done, assist
from hypothesis import given
from hypothesis import strategies as st

from assist import lint_text
from assist.lint.engine import Linter, default_linter, lint_paths
from assist.lint.language import MIN_WORDS, LanguageGate, detect
from assist.model import PhraseRule, Playbook, Severity

ROOT = Path(__file__).resolve().parent.parent
LINTER = default_linter()  # the compiled built-ins: passing PLAYBOOK would compile them again
PLAYBOOK = LINTER.playbook  # the process-wide built-ins, compiled once
SPANISH = "Hola, lo siento mucho pero no sé nada de su pedido y no puedo hacer nada más hoy."
GERMAN = "Es tut uns leid, aber wir wissen nicht, wann Ihr Paket ankommt. Bitte warten Sie."
ENGLISH = "Honestly I don't know when the parcel will arrive, please check again tomorrow."
HEBREW = "אין לי מושג"  # three words: Hebrew letters decide alone
MIXED = "I don't know when it ships. אני לא יודע מתי החבילה תגיע בכלל."


@pytest.mark.parametrize(
    ("text", "code", "basis"),
    [
        (ENGLISH, "en", "detected"),
        (SPANISH, "es", "detected"),
        (GERMAN, "de", "detected"),
        ("Kiitos viestistänne. En valitettavasti tiedä, milloin paketti tulee.", "fi", "detected"),
        (HEBREW, "he", "script"),
        ("أنت مخطئ", "ar", "script"),
        (MIXED, None, "mixed"),
        ("No idea, sorry.", None, "short"),
        ("@acme 😡😡 https://t.co/x", None, "undetermined"),
        ("", None, "undetermined"),
    ],
)
def test_detection(text: str, code: str | None, basis: str) -> None:
    assert detect(text) == (code, basis)


def test_short_means_fewer_than_min_words() -> None:
    words = ["please", "send", "the", "parcel", "number", "again", "today"]
    assert detect(" ".join(words[: MIN_WORDS - 1]))[1] == "short"


@given(st.text(max_size=300))
def test_detection_never_crashes_on_any_text(text: str) -> None:
    code, basis = detect(text)
    assert basis in {"detected", "script", "short", "mixed", "undetermined"}
    assert (code is None) == (basis in {"short", "mixed", "undetermined"})


_SCRIPT_TEXT = st.text(
    st.sampled_from(
        [chr(c) for c in (*range(0x00, 0x250), *range(0x580, 0x900), *range(0xFB00, 0xFF00))]
        + [chr(c) for c in (*range(0xD7F0, 0xE010), 0x2019, 0x1F600)]
    ),
    max_size=60,
)


@given(_SCRIPT_TEXT)
def test_script_letters_and_controls_are_counted_as_the_character_classes_count_them(
    text: str,
) -> None:
    """The Hebrew/Arabic shares, the letters they are shares of, whether there are MIN_WORDS
    words and the controls CLD2 refuses are read from the draft's distinct characters beyond
    ASCII (a class of those ranges compiled by `re` cost a cold lint 8.5 M instructions), its
    ASCII letters and controls counted in C and one search: the counts the classes give."""
    import re

    from assist.lint import language

    hebrew = r"[\u0590-\u05ff\ufb1d-\ufb4f]"
    arabic = r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"
    distinct = language._beyond_ascii(text)
    letters = sum(map(len, language._LETTERS.findall(text)))
    assert language._letter_count(text, distinct) == letters
    words = len(language._LETTERS.findall(text))
    assert language._first_words(text) == min(words, MIN_WORDS)
    assert language._count_within(text, distinct, language._HEBREW) == len(re.findall(hebrew, text))
    assert language._count_within(text, distinct, language._ARABIC) == len(re.findall(arabic, text))
    assert language._has_controls(text) == (re.search(language._CONTROLS, text) is not None)


_NOISY_TEXT = st.lists(
    st.one_of(_SCRIPT_TEXT, st.sampled_from(["@", "#x", "&amp;", "://", "www.", "a@b.co", " "])),
    max_size=6,
).map("".join)


@given(_NOISY_TEXT)
def test_the_text_cld2_judges_is_the_draft_without_every_noise_match(text: str) -> None:
    """`_clean`'s substring tests and controls check (before the expression's pass) miss no
    link, address, handle, entity or control: the text is the one `re.sub` of _NOISE gives."""
    import re

    from assist.lint import language

    clean = language._clean(text, language._beyond_ascii(text))
    assert clean == re.sub(language._NOISE, " ", text)


def test_a_draft_in_a_language_without_rules_is_not_checked() -> None:
    found = lint_text(SPANISH, playbook=LINTER)
    assert found == [] and found.language == "es" and found.checked is False
    assert found.draft is not None and found.draft.reason == "no rules for Spanish"


def test_english_draft_is_checked_with_its_findings() -> None:
    found = lint_text(ENGLISH, playbook=LINTER)
    assert [f.rule for f in found] == ["dont-know"]
    assert found.language == "en" and found.checked is True


def _rule(rule_id: str, phrase: str, language: str) -> PhraseRule:
    return PhraseRule(
        id=rule_id, severity=Severity.WARNING, phrases=(phrase,), why="w", say=(), source="t",
        language=language,
    )  # fmt: skip


def _two_language_playbook() -> Playbook:
    """One idea in two languages whose phrases share words: only the draft's own must fire."""
    return Playbook(
        rules=(
            _rule("en-hopeless", "nothing more done", "en"),
            _rule("fi-hopeless", "nothing more", "fi"),
        )
    )


def test_only_the_rules_of_the_drafts_language_run() -> None:
    linter = Linter(_two_language_playbook())
    english = "I'm afraid there is nothing more done about the delivery fee today."
    assert [f.rule for f in linter.lint(english)] == ["en-hopeless"]
    # forced (languages given): no detection, the rules of those languages as before
    forced = linter.lint(english, languages=["en", "fi"])
    assert sorted(f.rule for f in forced) == ["en-hopeless", "fi-hopeless"]
    assert forced.draft is None and forced.checked is True


def test_short_and_mixed_drafts_run_every_rule() -> None:
    linter = Linter(_two_language_playbook())
    short = linter.lint("nothing more done")
    assert sorted(f.rule for f in short) == ["en-hopeless", "fi-hopeless"]
    assert short.language is None and short.checked is True
    mixed = lint_text(MIXED, playbook=LINTER)
    assert sorted(f.rule for f in mixed) == ["dont-know", "he-dont-know"]


def test_gate_knows_the_playbooks_languages() -> None:
    gate = LanguageGate(["en", "es"])
    assert gate.judge(SPANISH).checked is True and gate.judge(SPANISH).run == {"es"}
    assert gate.judge(GERMAN).checked is False and gate.judge(GERMAN).run == frozenset()


def test_lint_paths_reports_each_files_language(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SPANISH, encoding="utf-8")
    results = list(lint_paths([tmp_path], playbook=LINTER))
    assert [(r.language.code, r.language.checked) for r in results if r.language] == [
        ("en", True),
        ("es", False),
    ]


def test_real_replies_in_uncovered_languages_are_not_checked_and_english_ones_are() -> None:
    """The real-reply corpus: every ja/de/es reply of four words or more is not checked, and
    no English reply is ever taken for another language."""
    path = ROOT / "benchmarks" / "corpus" / "replies" / "twcs_sample.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    linter = LINTER  # the compiled built-ins (a Linter is never changed by linting)
    for row in rows:
        found = linter.lint(row["reply"])
        if row["lang"] == "en":
            assert found.checked and found.language in ("en", None), row["id"]
        elif found.draft is not None and found.draft.basis != "short":
            assert not found.checked and found.language == row["lang"], row["id"]
    foreign = [r for r in rows if r["lang"] != "en"]
    assert sum(not linter.lint(r["reply"]).checked for r in foreign) >= len(foreign) - 1


def run(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> Done:
    """`assist lint ARGS` through the entry point in a forked process (hostile.assist)."""
    return assist("lint", *args, stdin=stdin, cwd=cwd)


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "es.txt").write_text(SPANISH, encoding="utf-8")
    return tmp_path


def test_cli_json_says_each_files_language_and_counts_not_checked(drafts: Path) -> None:
    result = run("--format", "json", str(drafts / "en.txt"), str(drafts / "es.txt"))
    data = json.loads(result.stdout)
    files = {Path(f["path"]).name: f for f in data["files"]}
    assert files["en.txt"]["language"] == "en" and files["en.txt"]["checked"] is True
    assert files["es.txt"]["language"] == "es" and files["es.txt"]["checked"] is False
    assert data["summary"]["not_checked"] == 1 and data["summary"]["findings"] == 1
    assert result.returncode == 1  # the English finding


def test_not_checked_is_not_a_failure_unless_asked(drafts: Path) -> None:
    spanish = str(drafts / "es.txt")
    assert run(spanish).returncode == 0
    assert run("--fail-on-unchecked", spanish).returncode == 1
    assert run("--fail-on-unchecked", str(drafts / "en.txt"), "--fail-on", "none").returncode == 0


def test_text_and_line_output_name_the_not_checked_draft(drafts: Path) -> None:
    spanish = str(drafts / "es.txt")
    text = run(spanish).stdout.decode()
    assert "es.txt" in text and "not checked: no rules for Spanish" in text
    assert "1 file not checked" in text
    line = run("--format", "line", spanish).stdout.decode()
    assert line.startswith(f"{spanish}:1:1: note [not-checked]")


def test_language_option_forces_and_auto_overrides_the_config(drafts: Path) -> None:
    (drafts / "assist.toml").write_text('language = ["he"]\n', encoding="utf-8")
    english = str(drafts / "en.txt")
    configured = json.loads(run("--format", "json", english, cwd=drafts).stdout)
    assert configured["files"][0]["language_basis"] == "forced"
    assert configured["summary"]["findings"] == 0  # only Hebrew rules ran
    auto = json.loads(run("--format", "json", "-l", "auto", english, cwd=drafts).stdout)
    assert auto["files"][0]["language"] == "en" and auto["summary"]["findings"] == 1
    assert run("-l", "auto", "-l", "en", english).returncode == 2


def test_jobs_give_the_same_languages(tmp_path: Path) -> None:
    for n in range(80):
        text = SPANISH if n % 2 else ENGLISH
        (tmp_path / f"d{n:02}.txt").write_text(text, encoding="utf-8")
    one = json.loads(run("--format", "json", "-j", "1", str(tmp_path)).stdout)
    two = json.loads(run("--format", "json", "-j", "2", str(tmp_path)).stdout)
    assert one["files"] == two["files"] and one["summary"]["not_checked"] == 40


def test_audit_counts_not_checked_agent_messages(
    tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    header = (
        "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
    )
    when = "Tue Oct 31 22:10:47 +0000 2017"
    rows = [
        f"1,c1,True,{when},@acme where is my parcel,,",
        f'2,acme,False,{when},"@c1 {ENGLISH}",,1',
        f"3,c2,True,{when},@acme dónde está mi pedido,,",
        f'4,acme,False,{when},"@c2 {SPANISH}",,3',
        f'5,acme,False,{when},"@c2 {GERMAN}",,3',
    ]
    path = tmp_path / "t.csv"
    path.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")
    result = invoke("audit", "--preset", "twcs", "--format", "json", str(path))
    data = json.loads(result.stdout)
    assert data["not_checked"] == {"count": 2, "by_language": {"de": 1, "es": 1}}
    assert data["findings"] == 1 and data["messages"] == 3


def test_without_the_detector_latin_drafts_run_every_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where pycld2 cannot be imported, nothing is passed unchecked: letters still decide
    Hebrew and Arabic, and every other draft runs every rule."""
    from assist.lint import language

    monkeypatch.setattr(language, "_detector", lambda: None)
    language._detect_cached.cache_clear()
    try:
        assert detect(SPANISH) == (None, "undetermined")
        assert detect(HEBREW) == ("he", "script")
        assert lint_text(SPANISH, playbook=LINTER).checked is True
    finally:
        language._detect_cached.cache_clear()
