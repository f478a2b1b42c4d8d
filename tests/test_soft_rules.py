"""Soft ways agents fail an upset customer (issue 17): the team-addition rules fire on the
soft wordings and stay quiet on harmless look-alikes; the seed's conflicting advice is known."""

from __future__ import annotations

import pytest

from assist import lint_text
from assist.playbook.load import load_layers


@pytest.mark.parametrize(
    ("draft", "rule"),
    [
        ("We're only obligated to provide bags for unpackaged meat.", "policy-hiding"),
        ("Please understand that we are unable to refund it.", "policy-hiding"),
        ("These delays are out of our control.", "deflecting"),
        ("The courier is the right contact for this.", "deflecting"),
        ("This is the best we can offer.", "door-closing"),
        ("We won't be able to take any further action.", "door-closing"),
        ("We're sorry for your frustration.", "non-apology"),
        ("I regret that you aren't happy with the answer.", "non-apology"),
        ("Sir, please calm down.", "soothing-order"),
        ("Just relax.", "soothing-order"),
        ("It's not my problem.", "not-my-job"),
        ("Let me transfer you to my manager.", "transfer-to-manager"),
        ("There's nothing I can do.", "not-my-job"),
        ("Due to our privacy policy we're not able to discuss this here.", "policy-hiding"),
        ("Hi there! This would be a question for your local store.", "deflecting"),
        ("The contract is between you and the seller!", "deflecting"),
        ("However, we would not offer a gesture for complaints of this nature.", "door-closing"),
        ("We're disappointed to hear this. Anything else we can help with?", "non-apology"),
    ],
)
def test_soft_wording_is_flagged_under_its_idea(draft: str, rule: str) -> None:
    found = lint_text(draft)
    assert [f.rule for f in found] == [rule]
    assert found[0].offset >= 0 and found[0].length > 0


@pytest.mark.parametrize(
    "draft",
    [
        "However, I have good news: your refund went through.",
        "Unfortunately the courier is late, so I've sent a new one today.",
        "The seller ships it tomorrow and I'll track it for you.",
        "The courier is responsible for the damage, so I've filed the claim for you.",
        "Sit back and relax, your refund is on its way.",
        "I'm sorry for the frustration this delay caused, I've refunded the fee.",
        "That's a question for the store, and I'll ask them for you today.",
        "The contract is between you and the seller, so I've opened the case with them for you.",
        "Call the accessibility team on 0800 123 456; they'll be happy to help.",
        "We can't offer compensation for the weather, so I've rebooked you for free.",
        "We're disappointed to hear this, and we're sorry: I've refunded the delivery fee.",
    ],
)
def test_harmless_look_alikes_stay_quiet(draft: str) -> None:
    assert lint_text(draft) == []


def test_seed_advice_conflict_is_documented_not_reported() -> None:
    seed = (
        "I'm sorry if you feel that way about our service. But please calm down so I can help you."
    )
    loaded = load_layers()
    dont_come_back = loaded.playbook.rule("dont-come-back")
    assert dont_come_back is not None and seed in dont_come_back.say  # seed text kept faithful
    assert lint_text(seed) == []  # listed as an exception of the rules it breaks
    assert lint_text("I'm sorry if you feel that way. Please calm down.") != []
    # ... so `playbook check` of the built-ins has no error for it: asserted once, for every
    # rule, by test_authoring.py::test_builtin_playbook_has_no_quality_errors
