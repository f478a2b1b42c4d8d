"""`assist lint --explain` and `--explain-near`: why a draft was, or was not, flagged.

A team lead reads these to tune phrases, so the tests check what they act on: the rule and
phrase, where it matched, which typo, contraction, filler or look-alike letter was tolerated,
and for a near miss the word it was rejected at.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from typer.testing import CliRunner

from assist.lint import Linter
from assist.lint.explain import explain_text


@pytest.fixture(scope="module")
def explain() -> Callable[..., dict[str, list[str]]]:
    """Run `assist lint --explain[-near] --text DRAFT`; the explanations by title."""
    from assist.cli import create_app

    runner = CliRunner()

    def run(draft: str, *options: str) -> dict[str, list[str]]:
        args = ["lint", "--no-config", "--text", draft, *(options or ("--explain",))]
        done = runner.invoke(create_app(), args, env={"NO_COLOR": "1"})  # the run's own cache
        assert done.exit_code in (0, 1), done.output
        return _explanations(done.stdout)

    return run


def _explanations(out: str) -> dict[str, list[str]]:
    """Title line -> its detail lines, from the `explain <path>` block of the output."""
    block = out.split("explain <text>\n", 1)[1] if "explain <text>\n" in out else ""
    found: dict[str, list[str]] = {}
    title = ""
    for line in block.splitlines():
        if line.startswith("      "):
            found[title].append(line.strip())
        elif line.startswith("  "):
            title = line.strip()
            found[title] = []
    return found


def one(explanations: dict[str, list[str]], fragment: str) -> tuple[str, str]:
    """(title, details joined) of the only explanation whose title contains `fragment`."""
    (title,) = [t for t in explanations if fragment in t]
    return title, "\n".join(explanations[title])


def test_match_names_rule_phrase_and_position(explain) -> None:
    title, _ = one(explain("Hello.\nSorry, I don't know."), "matched")
    assert title.startswith("2:8 [dont-know]")
    assert 'phrase "I don\'t know"' in title and "score 100" in title


def test_typo_and_contraction_are_named(explain) -> None:
    title, details = one(explain("Honestly, I dont knwo."), "[dont-know] matched")
    assert "1 edit" in title and "score 100" not in title
    assert "know <- knwo (typo)" in details
    assert "do not <- dont (contraction)" in details
    assert "typo 'knwo' for 'know'" in details


def test_curly_apostrophe_contraction_is_named(explain) -> None:
    _, details = one(explain("I don’t care."), "[dont-care] matched")
    assert "do not <- don" in details and "(contraction)" in details


def test_filler_word_is_named(explain) -> None:
    _, details = one(explain("I really don't care."), "[dont-care] matched")
    assert "(filler) <- really" in details and "filler 'really'" in details


def test_look_alike_letters_are_named(explain) -> None:
    _, details = one(explain("Accоrding to company policy, no."), "[company-policy] matched")
    assert "look-alike letters" in details and "CYRILLIC SMALL LETTER O" in details


def test_plain_explain_shows_no_near_misses(explain) -> None:
    assert not any("near miss" in title for title in explain("I don't like keeping you on hold."))


def test_near_miss_gives_the_word_it_was_rejected_at(explain) -> None:
    found = explain("I don't like keeping you on hold.", "--explain-near")
    assert not any("matched" in title for title in found)
    title, details = one(found, 'near miss "I don\'t like you"')
    assert "[dont-like-you]" in title
    assert details.startswith("rejected:") and "'keeping'" in details and "'you'" in details


def test_near_miss_at_a_sentence_end(explain) -> None:
    found = explain("I have no. Idea what happened.", "--explain-near")
    _, details = one(found, 'near miss "I have no idea"')
    assert "sentence ends" in details


def rule_of(title: str) -> str:
    return title.split("[", 1)[1].split("]", 1)[0]


def test_a_rule_that_matched_is_not_also_a_near_miss(explain) -> None:
    found = explain("I don't know, I don't care.", "--explain-near")
    matched = {rule_of(t) for t in found if "matched" in t}
    near = {rule_of(t) for t in found if "near miss" in t}
    assert matched == {"dont-know", "dont-care"}
    assert near and not matched & near


def test_explain_goes_with_the_text_format_only() -> None:
    from assist.cli import create_app

    args = ["lint", "--no-config", "--format", "json", "--explain", "--text", "I don't know"]
    done = CliRunner().invoke(create_app(), args)
    assert done.exit_code == 2 and "--explain" in done.stderr


def test_explain_text_library_call(builtin_linter: Linter) -> None:
    explanations = explain_text(builtin_linter, "Hurry up!", near=True)
    assert explanations[0].title.startswith("1:1 [hurry-up] matched")


def test_explain_does_not_claim_a_match_for_an_ignored_rule(explain) -> None:
    found = explain("I don't care.", "--explain", "--ignore", "dont-care")
    assert not any("matched" in title for title in found)


def test_letters_of_the_drafts_own_script_are_not_look_alikes(explain) -> None:
    _, details = one(explain("אני לא יודע מתי זה יגיע."), "[he-dont-know] matched")
    assert "look-alike" not in details
