"""`assist score` and `assist.score_text`: reply elements found (and not found) in four
languages, time expressions, context rules, JSON shape, exit codes and `lint --score`."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import assist
from assist.errors import UsageError
from assist.score import score_text

REPLY = (
    "Hi Sam,\n\nThank you for the photos. I'm so sorry your order arrived damaged - I "
    "understand how frustrating that is. I've sent a replacement by express delivery and "
    "it will arrive by Friday. I'll call you on Monday to make sure everything works.\n\n"
    "Best regards,\nAnna"
)
REPLIES = {
    "he": (
        "שלום דנה, תודה על הפנייה. אני מבינה כמה זה מתסכל ואני מצטערת על העיכוב. "
        "שלחתי לך מוצר חלופי והוא יגיע עד יום שישי. אתקשר אליך כדי לוודא שהכול תקין. "
        "בברכה, ענבל"
    ),
    "ar": (
        "مرحبا أحمد، شكرا لتواصلك معنا. أتفهم انزعاجك ونعتذر عن التأخير. أرسلنا منتجا "
        "بديلا وسيصلك خلال يومين. سأتصل بك للتأكد من أن كل شيء يعمل. مع أطيب التحيات، ليلى"
    ),
    "fi": (
        "Hei Matti, kiitos viestistäsi. Ymmärrän harmistuksesi ja pahoittelen viivästystä. "
        "Lähetimme uuden tuotteen, ja saat sen perjantaihin mennessä. Soitan sinulle "
        "varmistaakseni, että kaikki toimii. Ystävällisin terveisin, Anna"
    ),
}


def present(text: str, element: str, **context: Any) -> list[str]:
    """The evidence texts of one element (empty when it is missing)."""
    card = score_text(text, **context)
    result = next(e for e in card.elements if e.id == element)
    assert result.present == bool(result.evidence)
    return [v.text for v in result.evidence]


@pytest.mark.parametrize(
    ("text", "element", "evidence"),
    [
        ("I'm so sorry about the delay.", "apology", ["I'm so sorry"]),
        ("Apologies for the trouble.", "apology", ["Apologies for"]),
        ("We regret the inconvenience.", "apology", ["We regret"]),
        ("Sorry, I can't help with that.", "apology", ["Sorry"]),
        ("I APOLOGISE for the mix-up.", "apology", ["I APOLOGISE"]),
        ("I’m sorry the parcel was late.", "apology", ["I’m sorry"]),  # curly apostrophe
        ("I understand how frustrating this is.", "acknowledge", ["I understand how frustrating"]),
        ("That must have been so frustrating.", "acknowledge", ["must have been so frustrating"]),
        ("Thanks for your patience.", "thanks", ["Thanks"]),
        ("I've refunded the full amount.", "solution", ["I've refunded"]),
        ("We'll send a replacement.", "solution", ["We'll send", "replacement"]),
        ("I can offer you a voucher.", "solution", ["I can offer", "a voucher"]),
        ("I'll follow up with you.", "followup", ["I'll follow up with you"]),
        ("We will keep you updated.", "followup", ["keep you updated"]),
        ("All done. Best regards, Anna", "closing", ["Best regards"]),
        ("Hello Maria, here is the update.", "greeting", ["Hello"]),
        ("Please send us a direct message.", "private-channel", ["direct message"]),
    ],
)
def test_element_paraphrases_are_found_with_exact_evidence(
    text: str, element: str, evidence: list[str]
) -> None:
    assert present(text, element) == evidence


@pytest.mark.parametrize(
    ("text", "element"),
    [
        ("Unfortunately the item is out of stock.", "apology"),
        ("I'm sorry you feel that way.", "apology"),
        ("We are sorry if you feel misled.", "apology"),
        ("Sorry, I can't help with that.", "solution"),
        ("Unfortunately this item cannot be refunded.", "solution"),
        ("We can't offer a refund for opened items.", "solution"),
        ("We will not send a replacement.", "solution"),
        ("Thanks to our team, it works.", "thanks"),
        ("Please get back to us if anything comes up.", "followup"),
        ("I don't understand what you mean.", "acknowledge"),
        ("We have refunded your order. Oh dear, what a week.", "greeting"),
        ("Hi. Your order shipped.", "closing"),  # a greeting, not a sign-off
        ("Your order shipped. With regards to the fee, it stays.", "closing"),
        ("I have to let you know that the offer ended.", "followup"),
        ("We will get back to you soon.", "timeframe"),
        ("We will sort it out as soon as possible.", "timeframe"),
    ],
)
def test_look_alikes_are_not_elements(text: str, element: str) -> None:
    assert present(text, element) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We will send it within 3 working days.", "within 3 working days"),
        ("The technician will call you by Friday.", "by Friday"),
        ("You'll have it tomorrow morning.", "tomorrow morning"),
        ("Expect the refund by 5 pm.", "by 5 pm"),
        ("It will be delivered next week.", "next week"),
        ("It arrives on 12 March.", "on 12 March"),
        ("It arrives on March 12th.", "on March 12th"),
        ("Expect it on 2026-12-03.", "on 2026-12-03"),
        ("We call at 14:30.", "at 14:30"),
        ("You will hear in the next 24 hours.", "in the next 24 hours"),
        ("נשלח מוצר חלופי תוך 3 ימי עסקים.", "תוך 3 ימי עסקים"),
        ("הטכנאי יתקשר עד יום שישי.", "עד יום שישי"),
        ("זה יגיע מחר בבוקר.", "מחר בבוקר"),
        ("ההחזר יתבצע תוך יומיים.", "תוך יומיים"),
        ("سنرسل منتجا بديلا خلال 3 أيام عمل.", "خلال 3 أيام عمل"),
        ("سيتصل بك الفني يوم الجمعة.", "يوم الجمعة"),
        ("سيصلك غداً صباحاً.", "غداً صباحاً"),
        ("Lähetämme sen kolmen arkipäivän kuluessa.", "kolmen arkipäivän kuluessa"),
        ("Saat sen perjantaihin mennessä.", "perjantaihin mennessä"),
        ("Hyvitys näkyy 24 tunnin sisällä.", "24 tunnin sisällä"),
        ("Soitan klo 17.", "klo 17"),
        ("Saat sen huomenna aamulla.", "huomenna aamulla"),
    ],
)
def test_time_expressions_in_four_languages(text: str, expected: str) -> None:
    assert present(text, "timeframe") == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Your order from last Friday was damaged.",
        "Your order of 3 March was late.",
        "I waited 3 days for your reply.",
        "ההזמנה שלך מיום שישי שעבר הגיעה פגומה.",
        "طلبك يوم الجمعة الماضي وصل تالفا.",
        "Viime perjantaina saapunut tilaus oli rikki.",
        "Palaamme asiaan pian.",
        "It costs 3.50 euros.",
    ],
)
def test_past_days_and_vague_promises_are_not_a_timeframe(text: str) -> None:
    assert present(text, "timeframe") == []


def test_a_full_reply_scores_100_and_evidence_maps_back() -> None:
    card = score_text(REPLY)
    assert card.score == 100
    assert card.scorecards == ("default",)
    assert card.missing == ()
    for element in card.elements:
        for evidence in element.evidence:
            assert REPLY[evidence.offset : evidence.offset + evidence.length] == evidence.text


@pytest.mark.parametrize("language", sorted(REPLIES))
def test_full_replies_in_hebrew_arabic_finnish(language: str) -> None:
    card = score_text(REPLIES[language])
    assert card.language == language
    assert [e.id for e in card.missing] == []
    assert card.score == 100


def test_missing_element_shows_the_example_in_the_replys_language() -> None:
    card = score_text("תודה על הפנייה.")
    apology = next(e for e in card.missing if e.id == "apology")
    assert "מצטער" in apology.example


def test_sorry_i_cant_help_is_an_apology_without_a_solution() -> None:
    card = score_text("Sorry, I can't help with that.")
    ids = {e.id for e in card.missing}
    assert "solution" in ids and "apology" not in ids
    assert card.score == round(100 * 1 / 8)


@pytest.mark.parametrize(
    ("context", "required", "not_required"),
    [
        ({}, {"solution", "timeframe", "followup"}, {"private-channel"}),
        ({"step": "apologise"}, {"apology", "acknowledge"}, {"solution", "timeframe"}),
        ({"step": "follow-up"}, {"followup"}, {"solution", "apology"}),
        ({"channel": "social-media"}, {"private-channel", "solution"}, set()),
        ({"channel": "chat"}, {"solution"}, {"greeting", "closing"}),
        ({"customer_type": "formerly-satisfied"}, {"followup"}, set()),
    ],
)
def test_context_decides_what_is_required(
    context: dict[str, str], required: set[str], not_required: set[str]
) -> None:
    card = score_text("Hello.", **context)
    needed = {e.id for e in card.elements if e.required}
    assert required <= needed
    assert not (not_required & needed)


def test_unknown_context_id_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        score_text("Hello.", channel="carrier-pigeon")


TEAM = """\
elements:
  - id: case-number
    name: Case number
    why: The customer can quote it when they call again.
    example: Your case number is 12345.
    source: team addition
    phrases: [case number, reference number]
    examples:
      flag: [Your case number is 12345.]
      pass: [Thanks for writing.]
scorecards:
  - id: team-default
    source: team addition
    requires: [case-number]
"""


def team_folder(tmp_path: Path, text: str = TEAM) -> Path:
    folder = tmp_path / "team"
    folder.mkdir(parents=True)
    (folder / "team.yaml").write_text(text, encoding="utf-8")
    return folder


SMALL_ELEMENTS = """\
elements:
  - id: thanks
    name: Thanks
    why: A customer who complains is more likely to stay than one who leaves.
    example: Thank you for letting us know about this.
    source: 003_2cbb8152d72b4520.txt § Solving the problem, step 1
    phrases: [thank you, thanks]
scorecards:
  - id: default
    source: 003_2cbb8152d72b4520.txt § Solving the problem, step 1
    requires: [thanks]
"""
"""A built-in element and default scorecard for the small built-in layer (base_builtins)."""


@pytest.fixture
def small_builtins_with_elements(
    base_builtins: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The small built-in layer plus SMALL_ELEMENTS: team scorecards over a built-in default
    one without compiling the full built-ins (~4 s of CPU)."""
    from assist.playbook import load

    root = tmp_path / "builtins"
    shutil.copytree(base_builtins, root)
    (root / "playbooks" / "reply-elements.yaml").write_text(SMALL_ELEMENTS, encoding="utf-8")
    monkeypatch.setattr(load, "builtin_root", lambda: str(root))
    return root


@pytest.mark.usefixtures("small_builtins_with_elements")
def test_a_team_can_require_an_element_of_its_own(tmp_path: Path) -> None:
    playbook = assist.load_playbook([team_folder(tmp_path)])
    without = score_text(REPLY, playbook=playbook)
    assert [e.id for e in without.missing] == ["case-number"]
    assert without.scorecards == ("default", "team-default")
    card = score_text(REPLY + "\nYour case number is 12345.", playbook=playbook)
    assert card.missing == () and card.score == 100


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (TEAM.replace("requires: [case-number]", "requires: [case-numbr]"), "case-numbr"),
        (TEAM.replace("    requires:", "    step: nope\n    requires:"), "unknown step 'nope'"),
        (
            TEAM.replace(
                "    source: team addition\n    phrases",
                "    position: middle\n    source: team addition\n    phrases",
            ),
            "position",
        ),
        (TEAM.replace("  - id: case-number", "  - id: greeting"), "duplicate id"),
    ],
)
def test_playbook_check_names_bad_elements_and_scorecards(
    invoke: Callable[..., Any], tmp_path: Path, text: str, message: str
) -> None:
    done = invoke("playbook", "check", str(team_folder(tmp_path, text)))
    assert done.exit_code == 2
    assert "team.yaml:" in done.output and message in done.output


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("example: Your case number is 12345.", "example: See you.", 5),
        (
            "example: Your case number is 12345.",
            "example: Case number 1, according to company policy.",
            5,
        ),
        ("phrases: [case number, reference number]", "phrases: [case number, reference]", 7),
    ],
)
@pytest.mark.usefixtures("base_builtins")  # the small built-in layer: checks of a team file
def test_playbook_check_finds_bad_element_wording(
    invoke: Callable[..., Any], tmp_path: Path, old: str, new: str, line: int
) -> None:
    team = TEAM.replace(old, new)
    if "reference]" in new:
        team = team.replace("    examples:", "    exceptions: [reference]\n    examples:", 1)
    done = invoke("playbook", "check", str(team_folder(tmp_path, team)))
    assert done.exit_code == 2
    assert f"team.yaml:{line}:" in done.output
    assert invoke("playbook", "check", str(team_folder(tmp_path / "ok"))).exit_code == 0


@pytest.mark.usefixtures("base_builtins")
def test_playbook_test_runs_element_examples(invoke: Callable[..., Any], tmp_path: Path) -> None:
    done = invoke("playbook", "test", str(team_folder(tmp_path)), "--element", "case-number")
    assert done.exit_code == 0, done.output
    broken = TEAM.replace("pass: [Thanks for writing.]", "pass: [Your reference number is 1.]")
    done = invoke("playbook", "test", str(team_folder(tmp_path / "b", broken)))
    assert done.exit_code == 1
    assert "team.yaml:10:14:" in done.output  # the failing `pass` example, line and column


def test_cli_text_output_and_exit_codes(invoke: Callable[..., Any], tmp_path: Path) -> None:
    reply = tmp_path / "reply.txt"
    reply.write_text(REPLY, encoding="utf-8")
    done = invoke("score", str(reply), env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert done.exit_code == 0, done.output
    assert "score 100%" in done.output and "✓" in done.output and "✗" not in done.output
    done = invoke("score", "--text", "Sorry, I can't help.", env={"NO_COLOR": "1"})
    assert done.exit_code == 1
    assert "✗" in done.output and "score 12%" in done.output


@pytest.mark.parametrize(
    "args",
    [
        ("--text", "x", "--channel", "nope"),
        ("--text", "x", "--step", "nope"),
        ("--text", "x", "--type", "nope"),
        ("missing-file.txt",),
        (),
        ("x.txt", "--text", "both"),
    ],
)
def test_cli_bad_input_exits_2(invoke: Callable[..., Any], args: tuple[str, ...]) -> None:
    done = invoke("score", *args)
    assert done.exit_code == 2
    assert "Traceback" not in done.output


def test_cli_reads_stdin(invoke: Callable[..., Any]) -> None:
    from typer.testing import CliRunner

    from assist.cli import create_app

    done = CliRunner().invoke(create_app(), ["score", "-", "-f", "json"], input=REPLY)
    assert done.exit_code == 0
    assert json.loads(done.stdout)["score"] == 100


@pytest.mark.parametrize("command", ["score", "triage"])
def test_dash_is_stdin_even_beside_a_folder_named_dash(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from assist.cli import create_app

    (tmp_path / "-").mkdir()
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(create_app(), [command, "-", "-f", "json"], input=REPLY)
    assert done.exit_code == 0, done.output
    folder = CliRunner().invoke(create_app(), [command, str(tmp_path), "-f", "json"])
    assert folder.exit_code == 2
    assert folder.stderr.strip().endswith(
        "is a folder; give one " + {"score": "reply", "triage": "message"}[command] + " file"
    )


def test_json_shape(invoke: Callable[..., Any]) -> None:
    text = "Sorry, it's company policy. We will refund you within 3 days."
    done = invoke("score", "--text", text, "--format", "json", "--channel", "chat")
    document = json.loads(done.stdout)
    assert document["schema_version"] == 1
    assert set(document) >= {"schema_version", "elements", "score", "findings", "context"}
    assert document["context"]["channel"] == "chat"
    for element in document["elements"]:
        assert set(element) >= {"id", "present", "required", "evidence"}
        for evidence in element["evidence"]:
            assert set(evidence) == {"offset", "length", "text"}
            start = evidence["offset"]
            assert text[start : start + evidence["length"]] == evidence["text"]
    finding_keys = set(
        json.loads(invoke("lint", "--text", text, "-f", "json").stdout)["findings"][0]
    )
    assert document["findings"] and set(document["findings"][0]) == finding_keys
    assert done.exit_code == 1


def test_lint_score_adds_missing_elements_as_findings(invoke: Callable[..., Any]) -> None:
    # An apology and nothing else ("Sorry, I can't help." is now door-closing itself).
    done = invoke("lint", "--score", "--text", "Sorry about the delay.", "-f", "json")
    assert done.exit_code == 1
    findings = json.loads(done.stdout)["findings"]
    rules = {f["rule"] for f in findings}
    assert {"missing-solution", "missing-timeframe"} <= rules and "missing-apology" not in rules
    assert {f["severity"] for f in findings if f["rule"].startswith("missing-")} == {"warning"}
    done = invoke(
        "lint", "--score", "--score-severity", "suggestion", "--fail-on", "warning",
        "--text", "Sorry about the delay.",
    )  # fmt: skip
    assert done.exit_code == 0
    assert invoke("lint", "--score", "--text", REPLY).exit_code == 0
    social = invoke("lint", "--score", "--channel", "social-media", "--text", REPLY, "-f", "json")
    assert [f["rule"] for f in json.loads(social.stdout)["findings"]] == ["missing-private-channel"]


@settings(deadline=None)  # the first example compiles the built-in playbook; speed: benchmarks/
@given(st.text(max_size=300))
def test_scoring_never_crashes_and_evidence_maps_back(text: str) -> None:
    card = score_text(text)
    assert 0 <= card.score <= 100
    for element in card.elements:
        for evidence in element.evidence:
            assert text[evidence.offset : evidence.offset + evidence.length] == evidence.text


@settings(deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *REPLY.split(),
                "by",
                "Friday",
                "within",
                "3",
                "days",
                "תוך",
                "יומיים",
                "خلال",
                "يومين",
                "klo",
                "17",
                "\u200b",
                "Ｓorry",
                "ＩＭ",
                "\u05b8",
                "\u064b",
                "5",
                "pm",
            ]
        ),
        max_size=40,
    )
)
def test_word_soup_in_any_language_maps_back(words: list[str]) -> None:
    test_scoring_never_crashes_and_evidence_maps_back.hypothesis.inner_test(" ".join(words))


def test_public_api_names_resolve() -> None:
    for name in assist.__all__:
        assert getattr(assist, name) is not None
