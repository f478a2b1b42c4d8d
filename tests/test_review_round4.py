"""Context rules, fourth round (issue 17, read on fresh_c/fresh_d): the same road again to a
customer who is chasing, a refusal with nothing in its place, "as informed earlier", the
channel named as the reason nothing can be done; and the replies that engage stay quiet."""

from __future__ import annotations

import pytest

import assist
from assist.review.rules import context_rules

FORM = "Please share your details in the link provided earlier and we'll get back to you."


def rules(findings: list[assist.Finding]) -> list[str]:
    return [f.rule for f in findings]


@pytest.mark.parametrize(
    "customer",
    [
        "Have filled details twice, but no response yet.",
        "I have checked and reverted.. whats the point of social media accounts",
        "Everytime i got this reply but no action at least 5 time",
        "Shared and still zero outcome",
    ],
)
def test_the_same_road_again_to_a_chasing_customer_is_flagged(customer: str) -> None:
    found = assist.lint_text(FORM, reply_to=customer)
    assert "same-road-again" in rules(found)
    hit = next(f for f in found if f.rule == "same-road-again")
    assert FORM[hit.offset :].startswith("in the link provided earlier")


def test_the_same_road_with_an_apology_or_to_a_calm_first_question_passes() -> None:
    chasing = "Have filled details twice, but no response yet."
    sorry = "I'm sorry you've had to do that twice. " + FORM
    assert "same-road-again" not in rules(assist.lint_text(sorry, reply_to=chasing))
    calm = "Where do I find the return label?"
    reply = "You should have received it by email; please check your inbox."
    assert assist.lint_text(reply, reply_to=calm) == []
    assert assist.lint_text(FORM) == []  # no customer message: context rules are silent


def test_a_promise_inside_the_redirect_waits_on_the_customer() -> None:
    angry = "Feedback? Are you kidding me? Where is my money, bloody idiots."
    waits = (
        "We understand your concern. Please fill this form: https://example.com/f "
        "and we'll contact you soon."
    )
    acts = "Please fill this form: https://example.com/f. I've asked the team to call you today."
    assert rules(assist.lint_text(waits, reply_to=angry)) == ["no-apology-to-upset"]
    assert assist.lint_text(acts, reply_to=angry) == []


def test_a_refusal_to_a_complaint_needs_something_in_its_place() -> None:
    complaint = "No resolution provided.. again a regret msg nothing more.. I need my products"
    refusal = "I'm sorry but we'll not be able to offer further insight on this."
    offer = "We're unable to offer a free upgrade, however we can quote one if you like."
    assert rules(assist.lint_text(refusal, reply_to=complaint)) == ["refusal-to-complaint"]
    assert assist.lint_text(offer, reply_to=complaint) == []
    question = "Is same-day delivery possible to a commercial address?"
    answer = "We are unable to offer same-day delivery to commercial addresses yet."
    assert assist.lint_text(answer, reply_to=question) == []


def test_as_informed_earlier_without_an_option_is_flagged() -> None:
    customer = "Then how can I get my money back? What use is the balance?"
    reply = "As mentioned earlier, the balance cannot be transferred back to your bank account."
    with_option = reply + " But I can refund this order to your card instead."
    assert "as-informed-earlier" in rules(assist.lint_text(reply, reply_to=customer))
    assert assist.lint_text(with_option, reply_to=customer) == []


def test_cant_do_it_here_to_an_upset_customer_needs_an_apology() -> None:
    upset = "Total fraud, I'm taking you to consumer court."
    bare = "We're unable to verify any detail over Twitter. Please respond to our email."
    sorry = (
        "I'm sorry. We're unable to verify details over Twitter, so please respond to our email."
    )
    assert "cant-here-to-upset" in rules(assist.lint_text(bare, reply_to=upset))
    assert "cant-here-to-upset" not in rules(assist.lint_text(sorry, reply_to=upset))


@pytest.mark.parametrize(
    ("customer", "reply"),
    [
        # a how-to question answered with the page
        (
            "How do I redeem my promotional rewards !? I can't find them anywhere !",
            "You can check your promotional balance here: https://example.com/rewards",
        ),
        # a real question around a link
        (
            "My order said delivered today and it did not come. Very disappointed.",
            "We want to help. Is there an updated delivery date showing here: https://example.com/o",
        ),
        # laughter beside the weary emoji
        (
            "The box is big enough to fit me in it 😂😩",
            "Please send us your packaging feedback here: https://example.com/feedback",
        ),
        # the first part of a split reply: the answer goes on in the next part
        (
            "Is making a second account to play worse players cheating??",
            "Hi there! If an account breaks the Code of Conduct here: https://example.com/c 1/2",
        ),
        # a split reply's tail that is only a link says nothing to judge
        ("I did this ages ago and haven't heard from you...", "2/2 https://example.com/x"),
    ],
)
def test_replies_that_answer_stay_quiet(customer: str, reply: str) -> None:
    assert rules(assist.lint_text(reply, reply_to=customer)) == []


def test_every_fourth_round_rule_is_a_team_addition_with_examples() -> None:
    loaded = context_rules()
    for rule_id in ("same-road-again", "refusal-to-complaint", "as-informed-earlier"):
        rule = loaded.rule(rule_id)
        assert rule is not None
        assert rule.source == "team addition" and rule.extends
        assert rule.flag and rule.passes


def test_an_excuse_as_the_whole_answer_is_flagged_with_a_question_it_is_not() -> None:
    late = "Same day delivery, they said. Still nothing on my day off. #fail"
    excuse = "Sorry to hear that, sometimes delays happen for unforeseen reasons."
    asks = excuse + " Were you emailed with a reason for the delay?"
    assert rules(assist.lint_text(excuse, reply_to=late)) == ["excuse-as-answer"]
    assert assist.lint_text(asks, reply_to=late) == []


def test_an_apology_and_a_form_answer_a_customer_going_public() -> None:
    public = (
        "Yes I contacted you but 10 days gone and I have not received my product. "
        "And this is not enough to contact you on twitter."
    )
    answered = (
        "Apologies for the inconvenience with the delivery. Please fill in your details "
        "here: https://example.com/f and we'll look into it."
    )
    brushed = "Thanks for your message. Our team is working on it."
    assert assist.lint_text(answered, reply_to=public) == []
    assert rules(assist.lint_text(brushed, reply_to=public)) == ["public-threat-unanswered"]
