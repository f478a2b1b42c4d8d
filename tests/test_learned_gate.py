"""The learned gate (issue 17) as a user meets it: findings dropped on a reply the model
clears, the `brush-off` finding on a stock answer to an angry customer, nothing new without
the customer's message, and a damaged weights file reported in one line."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_lint_cli import run

from assist.errors import PlaybookErrors
from assist.lint.engine import lint_text as plain_lint_text
from assist.review import learned, lint_text, reviewer_for
from assist.review.weights import Weights

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"
BASE = Path(__file__).parent / "data" / "overlay" / "base"  # the small built-in layer
HAPPY = "Loved the new flavour, any chance it comes in a bigger tub?"
POLICY_REPLY = (
    "So glad you like it! Unfortunately it's company policy to sell only the small tub for "
    "now, but I've passed your idea to the product team."
)
ANGRY = "Two weeks and STILL no refund. You people are useless, I'm done with this shop."
STOCK_REPLY = (
    "We have replied to your query by email. Kindly check your inbox and respond to it for "
    "further assistance. ^TK"
)
OWNED_REPLY = (
    "I'm so sorry, that's far too long to wait. I've pushed the refund through myself just "
    "now, and it will reach your card within 3 days. ^TK"
)


@pytest.fixture
def damaged_weights(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The package's weights file replaced by a truncated copy (the cache cleared around)."""
    path = tmp_path / "learned.json"
    path.write_text('{"format": "assist-learned-gate/1", "weights": {"r:sorry": -1.', "utf-8")
    monkeypatch.setattr(learned, "WEIGHTS_FILE", path)
    learned.load_model.cache_clear()
    yield path
    learned.load_model.cache_clear()


def test_the_gate_drops_findings_on_a_reply_the_model_clears() -> None:
    assert [f.rule for f in plain_lint_text(POLICY_REPLY)] == ["company-policy"]
    assert list(lint_text(POLICY_REPLY, reply_to=HAPPY)) == []


def test_a_stock_answer_to_an_angry_customer_is_a_brush_off_with_its_why() -> None:
    found = list(lint_text(STOCK_REPLY, reply_to=ANGRY))
    assert [f.rule for f in found] == ["brush-off"]
    assert "stock answer" in found[0].why and "apologise" in found[0].why
    assert found[0].suggestions


def test_brush_off_why_claims_no_anger_the_customer_did_not_show() -> None:
    # third why round: the gate also fires for calm customers; its why must stay true there
    customer = "Kuwait Airlines, leaving Heathrow on Monday afternoon"
    reply = (
        "If Kuwait Airlines was the airline you last travelled with, you would need to "
        "contact them regarding your delayed bag."
    )
    assert not reviewer_for(None).customer(customer).upset
    found = list(lint_text(reply, reply_to=customer))
    assert [f.rule for f in found] == ["brush-off"]
    assert "upset" not in found[0].why and "another team" in found[0].why


def test_brush_off_why_holds_for_a_stock_answer_that_says_sorry() -> None:
    customer = (
        "No price matching?? So I have to refuse delivery and order again? How about an exception?"
    )
    reply = (
        "I'm sorry for any inconvenience caused by this. Learn more about our price matching "
        "policy here: https://example.com/price-matching"
    )
    found = list(lint_text(reply, reply_to=customer))
    assert [f.rule for f in found] == ["brush-off"]
    assert "without saying sorry" not in found[0].why and "even with a sorry" in found[0].why


def test_owning_the_problem_passes_the_same_customer() -> None:
    assert list(lint_text(OWNED_REPLY, reply_to=ANGRY)) == []


def test_without_reply_to_nothing_changes() -> None:
    assert list(lint_text(STOCK_REPLY)) == list(plain_lint_text(STOCK_REPLY)) == []
    assert [f.rule for f in lint_text(POLICY_REPLY)] == ["company-policy"]


def test_the_brush_off_rule_can_be_ignored_like_any_context_rule() -> None:
    assert list(lint_text(STOCK_REPLY, reply_to=ANGRY, ignore=["brush-off"])) == []


def test_brush_off_stands_alone_beside_another_context_finding() -> None:
    reviewer = reviewer_for(None)
    customer = "This is a joke. Third engineer visit cancelled and nobody tells me anything."
    reply = "Please reply to the correspondence we sent you earlier and the team will revert."
    rules = [f.rule for f in reviewer.review(reply, customer)]
    assert rules and "brush-off" not in rules


def test_the_model_module_is_not_imported_without_a_customer_message(tmp_path: Path) -> None:
    draft, customer = tmp_path / "draft.txt", tmp_path / "customer.txt"
    draft.write_text(STOCK_REPLY, encoding="utf-8")
    customer.write_text(ANGRY, encoding="utf-8")

    def imported(*args: str) -> str:
        """The modules `assist lint` imports (-X importtime), with the run's cached built-ins."""
        command = [sys.executable, "-X", "importtime", "-m", "assist", "lint", *args]
        return subprocess.run(command, capture_output=True, text=True).stderr

    assert "assist.review.learned" not in imported(str(draft))
    assert "assist.review.learned" in imported("--reply-to", str(customer), str(draft))
    # the API too, on the small built-in layer: a fresh compile of the full one costs ~6 s
    code = (
        "import sys\nfrom assist.lint import lint_text\n"
        "from assist.playbook.load import load_playbook\n"
        f"playbook = load_playbook([{str(BASE)!r}], builtin=False)\n"
        f"assert lint_text(open({str(draft)!r}).read() + ' Hurry up!', playbook=playbook)\n"
        "print('assist.review.learned' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


def test_a_damaged_weights_file_is_one_line_naming_it(damaged_weights: Path) -> None:
    with pytest.raises(PlaybookErrors) as caught:
        learned.shipped_model()
    assert str(caught.value).startswith(f"{damaged_weights}:1:")


def test_cli_reply_to_with_damaged_weights_is_one_line_exit_2(
    damaged_weights: Path, tmp_path: Path
) -> None:
    reply, message = tmp_path / "reply.txt", tmp_path / "customer.txt"
    reply.write_text(STOCK_REPLY, encoding="utf-8")
    message.write_text(ANGRY, encoding="utf-8")
    done = run("--reply-to", str(message), str(reply))
    assert done.returncode == 2
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and str(damaged_weights) in lines[0]


def test_the_shipped_weights_are_the_recipe_the_brief_froze() -> None:
    data = json.loads(learned.WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert data["seed"] == 17 and data["features"] == ["text", "signals"]
    assert len(data["trained_on"]) == 12
    assert not any(name in ("fresh_k", "fresh_l", "fresh_m") for name in data["trained_on"])
    assert round(data["t_gate"], 3) == 0.008 and round(data["t_add"], 3) == 0.876


def test_the_benchmark_reads_replies_with_the_package_features() -> None:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    import reply_gate

    assert reply_gate.learned_features is learned.features


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of the test's own, the weights file copied beside it (so the test's
    edits touch the copy), the model's read-once cache cleared around."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("ASSIST_CACHE_DIR", str(folder))
    monkeypatch.delenv("ASSIST_NO_CACHE", raising=False)
    copy = tmp_path / "learned.json"
    copy.write_bytes(learned.WEIGHTS_FILE.read_bytes())
    learned.load_model.cache_clear()
    yield copy
    learned.load_model.cache_clear()


def _json_weights(path: Path) -> dict[str, float]:
    return {k: float(v) for k, v in json.loads(path.read_text(encoding="utf-8"))["weights"].items()}


def test_the_next_run_reads_the_packed_weights_without_parsing_the_json(
    own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = learned.load_model(own_cache)
    learned.load_model.cache_clear()
    expected = _json_weights(own_cache)

    def no_json(*_: object, **__: object) -> object:
        raise AssertionError("the JSON was read again")

    monkeypatch.setattr(Path, "read_text", no_json)
    again = learned.load_model(own_cache)
    assert isinstance(again.weights, Weights)
    assert dict(again.weights.items()) == dict(first.weights.items()) == expected
    assert (again.t_gate, again.t_add, again.kinds) == (first.t_gate, first.t_add, first.kinds)


def test_packed_weights_give_the_same_probabilities_as_the_json(own_cache: Path) -> None:
    learned.load_model(own_cache)  # writes the entry
    learned.load_model.cache_clear()
    packed = learned.load_model(own_cache)
    plain = learned.Model(_json_weights(own_cache), packed.t_gate, packed.t_add, packed.kinds)
    readings = [
        learned.Reading(reply, customer, {"upset": upset}, ["anger"], ["apology"], [], False, asks)
        for reply, customer in ((STOCK_REPLY, ANGRY), (OWNED_REPLY, ANGRY), (POLICY_REPLY, HAPPY))
        for upset in (True, False)
        for asks in (True, False)
    ]
    for reading in readings:
        assert packed.probability(reading) == plain.probability(reading)
        assert packed.verdict(reading) == plain.verdict(reading)


def test_a_damaged_packed_entry_is_read_from_the_json_again(own_cache: Path) -> None:
    learned.load_model(own_cache)
    learned.load_model.cache_clear()
    (entry,) = (own_cache.parent / "cache").glob("learned-*.json")
    data = bytearray(entry.read_bytes())
    data[-5] ^= 0xFF  # a weight's bytes: the text no longer fits its checksum
    entry.write_bytes(bytes(data))
    model = learned.load_model(own_cache)
    assert dict(model.weights.items()) == _json_weights(own_cache)


def test_an_edited_weights_file_is_read_at_once(own_cache: Path) -> None:
    learned.load_model(own_cache)
    learned.load_model.cache_clear()
    data = json.loads(own_cache.read_text(encoding="utf-8"))
    data["weights"]["r:sorry"] = 12.5
    own_cache.write_text(json.dumps(data, indent=0), encoding="utf-8")
    assert learned.load_model(own_cache).weights["r:sorry"] == 12.5


def test_a_damaged_weights_file_is_an_error_even_after_a_cached_run(own_cache: Path) -> None:
    learned.load_model(own_cache)
    learned.load_model.cache_clear()
    own_cache.write_text('{"format": "assist-learned-gate/1", "weights": {', "utf-8")
    with pytest.raises(PlaybookErrors) as caught:
        learned.load_model(own_cache)
    assert str(caught.value).startswith(f"{own_cache}:1:")


@given(
    st.dictionaries(st.text(max_size=12), st.floats(allow_nan=False), max_size=40),
    st.lists(st.text(max_size=12), max_size=20),
)
def test_packed_weights_find_every_name_and_nothing_else(
    weights: dict[str, float], others: list[str]
) -> None:
    packed = Weights.of(weights)
    assert len(packed) == len(weights) and list(packed) == sorted(weights)
    for name, weight in weights.items():
        assert packed.get(name) == weight and packed[name] == weight
    for name in others:
        assert packed.get(name, "absent") == weights.get(name, "absent")
