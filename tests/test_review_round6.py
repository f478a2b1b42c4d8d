"""Context rules, sixth round (issue 17, read on fresh_f/fresh_g/fresh_h): the false alarms'
kinds (an opinion answered with the feedback page, a question for information answered, a
later part of a split reply, a suspected fraud reported, "<link>?" as a question) and the
misses' families (nothing came of it, the doubt itself, a refusal thanked, promises not kept).
Each quiet case keeps its loud twin flagged."""

from __future__ import annotations

import pytest

import assist

FEEDBACK = "We're always looking to improve! Please leave your packaging feedback here: https://example.com/f"
HERE = "Send us a note via https://example.com/help so our team can get in touch."


def rules(customer: str, reply: str) -> list[str]:
    return [f.rule for f in assist.lint_text(reply, reply_to=customer)]


def test_an_opinion_on_the_packaging_is_answered_by_the_feedback_page() -> None:
    assert rules("Stupid amount of packaging for one small flask!!!", FEEDBACK) == []
    assert rules("#packagingfail, so glad my order didn't fall out", FEEDBACK) == []
    # damage is a problem of theirs, not an opinion: the bare redirect is still flagged
    damaged = "The packaging was useless and my boxset arrived smashed 😡😡"
    assert "no-apology-to-upset" in rules(damaged, HERE)


@pytest.mark.parametrize(
    "question",
    [
        "This is ridiculous. Is there a phone number for credit card issues?",
        "Crap, what is the procedure when a driver lies about a delivery?",
        "Is this real or a scam?? #scam",
    ],
)
def test_a_question_for_information_answered_with_a_page_is_an_answer(question: str) -> None:
    assert rules(question, "You can find the steps here: https://example.com/steps") == []


def test_how_can_i_get_my_money_back_stays_a_demand() -> None:
    demand = "Then how can I get my money back? The balance is of no use to me."
    reply = "The balance can't be moved to a bank account. You can use it to buy anything."
    assert "refusal-to-complaint" in rules(demand, reply)


def test_tried_that_already_beside_a_question_is_answered_not_redirected() -> None:
    tried = "I've done that several times today. What section should I select?"
    assert rules(tried, "Here's how you can leave feedback: https://example.com/f") == []
    assert "redirect-after-tried" in rules("I've done that several times today.", HERE)


def test_a_later_part_of_a_split_reply_is_judged_only_by_its_own_words() -> None:
    customer = "Charged for Prime from another state?? This sucks"
    assert rules(customer, "(2/2) You can learn more here: https://example.com/prime") == []
    assert "no-apology-to-upset" in rules(
        customer, "You can learn more here: https://example.com/p"
    )


def test_a_question_that_ends_at_a_link_is_still_a_question() -> None:
    customer = "My card keeps declining, I already checked the details. HELP!"
    asks = (
        "I'm sorry. Have you tried adding the card again: https://example.com/card? "
        "I also recommend contacting your bank."
    )
    assert rules(customer, asks) == []
    tells = "I'm sorry. I recommend contacting your bank."
    assert "sent-elsewhere" in rules(customer, tells)


def test_a_suspected_fraud_reported_is_no_accusation() -> None:
    reply = "We have responded to you via direct message, please refer to it."
    assert rules("Someone is using your logo to fool people. Looks like a fraud.", reply) == []
    assert "no-apology-to-upset" in rules("Your refund policy is a fraud.", reply)


def test_nothing_came_of_it_makes_the_same_road_again_a_finding() -> None:
    reply = "Kindly revert to the correspondence which you have received from us."
    assert "same-road-again" in rules("No resolution and no update for 30 days now.", reply)
    assert "same-road-again" not in rules("Thanks, I'll look for the email.", reply)


def test_the_doubt_is_flagged_but_a_conditional_promise_is_not() -> None:
    doubt = "If you have filled the form, we'd have responded to you here: https://example.com/a"
    assert "same-road-again" in rules("Details already shared on the 23rd.", doubt)
    promise = "If you've shared your details in the link, we'll check and get back to you soon."
    assert rules("I have filled the details.", promise) == []


def test_a_refusal_thanked_is_a_closed_door_but_thanks_after_a_promise_is_not() -> None:
    customer = "Want my refund now for the order you cancelled."
    refused = (
        "I get the urgency. However, I'm afraid it doesn't work that way. "
        "Appreciate your understanding."
    )
    assert "refusal-thanked" in rules(customer, refused)
    promised = (
        "We've received your details and will get back to you today. Appreciate your understanding."
    )
    assert "refusal-thanked" not in rules(customer, promised)


def test_a_refusal_thanked_to_a_waiting_customer_is_one_finding_with_the_doors_why() -> None:
    customer = "Still no refund after three weeks. This is ridiculous."
    reply = (
        "Kindly proceed as per the details mentioned in the email. Appreciate your understanding."
    )
    assert rules(customer, reply) == ["refusal-thanked"]  # not patience-to-upset's "keep waiting"


def test_the_best_we_can_offer_is_no_alternative() -> None:
    customer = "Same reply again. Such a bad customer service, my coin never came."
    reply = (
        "The resolution provided is the best we can offer. "
        "We'll not be able to provide any further insight."
    )
    assert "refusal-to-complaint" in rules(customer, reply)


def test_promises_not_kept_make_the_customer_upset() -> None:
    customer = "Draining to follow up for 298 rupees, false promises of refund but no action"
    reply = "We have responded to you here: https://example.com/answer. Request you to check."
    assert "no-apology-to-upset" in rules(customer, reply)


def test_phrase_rules_of_the_sixth_round_without_a_customer_message() -> None:
    def found(text: str) -> list[str]:
        return [f.rule for f in assist.lint_text(text)]

    assert "non-apology" in found("I'm sorry if the membership renewal was unclear.")
    assert "non-apology" in found("I'm sorry you felt that way.")
    assert found("I'm sorry the renewal email was unclear; I've refunded the fee.") == []
    assert "deflecting" in found("They're the right ones to approach for this issue.")
    assert "soothing-order" in found("That's a rather dismissive remark.")
    # one letter from "annoying", but joy about what they have
    assert found("I'm glad you're enjoying the Oasis!") == []
    assert "cant-be-bothered" in found("You're annoying me now.")
