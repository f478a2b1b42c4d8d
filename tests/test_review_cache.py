"""The reply checks' compiled parts (context rules, their reply and customer wording,
triage's signals) kept in the playbook cache folder: what is read back finds exactly what
the compiled parts find, a team `context/` edit is picked up at once, a damaged entry is
compiled again without a word, and the Python API builds a playbook's Reviewer once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_lint_cli import run

from assist.lint.engine import Linter
from assist.review import lint_text, reviewer_for
from assist.review.engine import Reviewer
from assist.review.rules import context_rules
from assist.review.stored import decode_rules, encode_rules, stored_reviewer
from assist.score.engine import known_scorer
from assist.triage.stored import stored_triager

UPSET = "This is ridiculous!!! Third time I write. I will post this on Twitter."
CUSTOMERS = [
    UPSET,
    "Thanks, the parcel came today!",
    "My card was charged twice, I checked my statement.",
    "How do I close my account?",
]
REPLIES = [
    "Please reach us here: https://example.com/help",
    "I hear you. However, our records show that the parcel was delivered.",
    "I'm so sorry. I've refunded the second charge and I'll email you by 5pm today.",
    "Sorry if you feel that way. This is the best we can offer.",
    "There's nothing more we can do, the courier is the right contact.",
]


def _found(reviewer: Reviewer, reply: str, customer: str) -> list[tuple[str, int, int]]:
    return [
        (f.rule, f.offset, f.length)
        for f in reviewer.context_findings(reply, customer)  # every context rule, in order
    ]


def _examples() -> list[tuple[str, str]]:
    """Every built-in context rule's flag and pass example, and the replies above."""
    pairs = [(c, r) for c in CUSTOMERS for r in REPLIES]
    for rule in context_rules().rules:
        pairs += [(e.customer, e.reply) for e in (*rule.flag, *rule.passes)]
    return pairs


def test_the_stored_parts_find_what_the_compiled_parts_find(
    builtin_linter: Linter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSIST_CACHE_DIR", str(tmp_path))
    # The scorer entry is written too unless this worker built the Linter's scorer before.
    written = (
        ["review", "signals"] if known_scorer(builtin_linter) else ["review", "scorer", "signals"]
    )
    compiled = stored_reviewer(builtin_linter, [])  # nothing stored yet: compiled and written
    assert sorted(p.name.partition("-")[0] for p in tmp_path.iterdir()) == written
    stored = stored_reviewer(builtin_linter, [])
    assert stored.phrases is not compiled.phrases  # read back, not compiled again
    assert stored.rules == compiled.rules
    for customer, reply in _examples():
        assert _found(stored, reply, customer) == _found(compiled, reply, customer)
        triaged = stored.triager.triage(customer), compiled.triager.triage(customer)
        assert triaged[0] == triaged[1]


def test_a_damaged_entry_is_compiled_again_without_a_word(
    builtin_linter: Linter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSIST_CACHE_DIR", str(tmp_path))
    stored_triager(builtin_linter, [])
    (entry,) = tmp_path.glob("signals-*.json")
    data = bytearray(entry.read_bytes())
    first_line, _ = data.split(b"\n", 1)
    texts_start = len(first_line) + 1 + int(first_line.split()[1])
    # a flipped byte in the first stored text (the sieves' texts, last, are read only when a
    # run builds a sieve and then fall back to building it: tests/test_sieve.py)
    data[texts_start + 10] ^= 0xFF
    entry.write_bytes(bytes(data))
    notes: list[str] = []
    triager = stored_triager(builtin_linter, [], note=notes.append)
    assert triager.triage(UPSET).upset.detected
    assert notes == []
    assert entry.read_bytes() != bytes(data)  # written again


def test_an_edit_of_a_team_context_file_is_picked_up_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "team"
    (folder / "context").mkdir(parents=True)
    layer = folder / "context" / "rules.yaml"
    layer.write_text("assertion-words: [parcel]\n", encoding="utf-8")
    draft, message = tmp_path / "reply.txt", tmp_path / "customer.txt"
    draft.write_text("Please reach us here: https://example.com/help", encoding="utf-8")
    message.write_text(UPSET, encoding="utf-8")
    args = ("--format", "json", "--playbooks", str(folder), "--reply-to", str(message))

    def rules() -> list[str]:
        return [f["rule"] for f in json.loads(run(*args, str(draft)).stdout)["findings"]]

    assert "no-apology-to-upset" in rules()
    assert "no-apology-to-upset" in rules()  # the second run reads the stored parts
    layer.write_text("disable: [no-apology-to-upset]\n", encoding="utf-8")
    assert "no-apology-to-upset" not in rules()


def test_lint_text_with_a_playbook_gives_the_cli_findings_and_builds_once(tmp_path: Path) -> None:
    from assist.cli.loading import load
    from assist.config import Config

    linter = load((), config=Config()).linter
    draft, message = tmp_path / "reply.txt", tmp_path / "customer.txt"
    reply = "I don't care. Please reach us here: https://example.com/help"
    draft.write_text(reply, encoding="utf-8")
    message.write_text(UPSET, encoding="utf-8")
    done = run("--no-config", "--format", "json", "--reply-to", str(message), str(draft))
    cli = [(f["rule"], f["offset"]) for f in json.loads(done.stdout)["findings"]]
    api = [(f.rule, f.offset) for f in lint_text(reply, reply_to=UPSET, playbook=linter)]
    assert api == cli and "no-apology-to-upset" in [rule for rule, _ in api]
    assert reviewer_for(linter) is reviewer_for(linter)  # one Reviewer per playbook


def test_stored_context_rules_name_only_their_own_classes() -> None:
    rules = context_rules()
    assert decode_rules(encode_rules(rules)) == rules
    for planted in (
        {"@type": "Path", "fields": {}},  # not a class of the codec at all
        {"@type": "Playbook", "fields": {}},  # the playbook's, not the context rules'
        {"@tuple": [1], "@frozenset": []},
        {"of": "ContextRules", "fields": {}},  # format 1's tags
    ):
        with pytest.raises(ValueError):
            decode_rules(json.dumps(planted))


def test_a_cold_reply_check_imports_no_dataclasses_inspect_or_typing(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    draft, message = tmp_path / "reply.txt", tmp_path / "customer.txt"
    draft.write_text("Please reach us here: https://example.com/help", encoding="utf-8")
    message.write_text(UPSET, encoding="utf-8")
    command = [sys.executable, "-X", "importtime", "-m", "assist", "lint", "--no-config"]
    for _ in range(2):  # the first run may write the stored parts
        done = subprocess.run(
            [*command, "--reply-to", str(message), str(draft)],
            capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=300,
        )  # fmt: skip
    assert done.returncode == 1 and "no-apology-to-upset" in done.stdout
    imported = {line.rpartition("|")[2].strip() for line in done.stderr.splitlines()}
    assert not imported & {"dataclasses", "inspect", "typing"}
