"""Context rules and soft wording, seventh round (issue 17, read on fresh_i/fresh_j): the false
alarms' kinds (a way asked for in other words, the customer's verdict agreed with, options or a
new order pointed to, one agent taking a closer look, an activity that is not a message sent)
and the `why` texts reviewers found only partly true. Each quiet case keeps its loud twin
flagged."""

from __future__ import annotations

import pytest

import assist

HELP = "Hi Sam, please reach out here: https://example.com/help and we will be happy to help."
FORM = "Please share your details here: https://example.com/form"


def rules(customer: str, reply: str) -> list[str]:
    return [f.rule for f in assist.lint_text(reply, reply_to=customer)]


def why(customer: str, reply: str, rule: str) -> str:
    return next(f.why for f in assist.lint_text(reply, reply_to=customer) if f.rule == rule)


@pytest.mark.parametrize(
    "asks",
    [
        "Ugh, bought the wrong size by accident and I can't find a way to cancel it!",
        "Your web forms are awful. How do I do that by phone instead?",
        "Awful site. Any way my mum can sort this by phone?! She hates online forms!",
    ],
)
def test_a_way_asked_for_in_other_words_is_answered_by_the_page(asks: str) -> None:
    assert rules(asks, HELP) == []


def test_the_same_customer_without_a_question_still_gets_the_finding() -> None:
    upset = "Ugh, bought the wrong size and it's already shipped! Awful."
    assert "no-apology-to-upset" in rules(upset, HELP)
    # "is there any way you can ...?" is a plea to the company, not a way asked for
    plea = "Awful service. Is there any way you can just refund me?!"
    assert "no-apology-to-upset" in rules(plea, HELP)


def test_the_customers_verdict_agreed_with_is_an_acknowledgement() -> None:
    customer = "Very disappointed with how rude your phone team was to me today."
    agreed = "That's simply unacceptable. Please fill in this form: https://example.com/form"
    assert rules(customer, agreed) == []
    assert "no-apology-to-upset" in rules(
        customer, "Please fill in this form: https://example.com/form"
    )


def test_the_link_they_could_not_see_given_is_what_they_asked_for() -> None:
    cannot_see = (
        "I've phoned your helpline many times, no luck. And I can't see the link you mentioned."
    )
    assert rules(cannot_see, FORM) == []
    assert "redirect-after-tried" in rules("I've phoned your helpline many times, no luck.", FORM)


def test_options_pointed_to_are_a_new_road_not_the_same_one() -> None:
    customer = "Wrote to the seller on Monday, no response yet."
    options = "If they haven't replied within two days, please see here for more options: https://example.com/c"
    assert rules(customer, options) == []
    assert "redirect-after-tried" in rules(customer, "Please see here: https://example.com/c")


def test_one_agent_taking_a_closer_look_takes_it_on() -> None:
    customer = "Already contacted your call centre but nobody there knew anything."
    closer = "I'd like to take a closer look at this myself. Please fill in this form: https://example.com/f"
    assert rules(customer, closer) == []
    stock = "We'd like to help. Please fill in this form: https://example.com/f"
    assert "redirect-after-tried" in rules(customer, stock)


def test_an_activity_of_theirs_is_not_a_message_already_sent() -> None:
    reply = "Please get in touch with our team here: https://example.com/help"
    activity = "It said next day, but I did all the ordering after midnight, hence the question."
    assert rules(activity, reply) == []
    assert "redirect-after-tried" in rules("I did. Still nothing.", reply)


def test_a_new_order_pointed_to_is_an_option_in_place_of_the_refusal() -> None:
    customer = "I cancelled my laptop order by mistake while checking the tracking."
    bare = "Sorry about the mix-up. We'll not be able to reinstate a cancelled order."
    assert rules(customer, bare + " Please place a new order.") == []
    assert "refusal-to-complaint" in rules(customer, bare)


def test_nothing_more_we_can_do_is_a_closed_door_not_another_department() -> None:
    found = {f.rule for f in assist.lint_text("I'm afraid there's nothing more we can do.")}
    assert found == {"door-closing"}
    # the agent's own helplessness stays not-my-job
    assert {f.rule for f in assist.lint_text("There's nothing I can do.")} == {"not-my-job"}
    pause = "There's nothing more we can do today, but I'll call the depot first thing tomorrow."
    assert list(assist.lint_text(pause)) == []


def test_the_refusal_whys_hold_when_the_reply_also_points_somewhere() -> None:
    customer = "The refund went to the wallet and I can't use it. Not satisfied."
    points = (
        "As informed earlier, the balance cannot be transferred back to your bank account. "
        "Kindly check the email we sent for details."
    )
    text = why(customer, points, "refusal-to-complaint")
    assert "nothing offered" not in text and "no other way" in text
    thanked = "Kindly proceed as per the details in the email. Appreciate your understanding."
    text = why("I want a new one, not a repair.", thanked, "refusal-thanked")
    assert "only repeats the refusal" in text


@pytest.mark.parametrize(
    "customer",
    [
        "Day light robbery! Charged twice for a speaker that never came.",
        "Where has your investigation got to? I won't buy anything from you again.",
        "Is this the way you treat your customers? Paid next-day and now it says 4 weeks.",
        "You are wasting my time instead of solving the issue.",
        "STOP misleading customers about installation in 72 hours.",
    ],
)
def test_contempt_and_a_promise_to_leave_make_a_bare_redirect_a_finding(customer: str) -> None:
    bare = "Please contact us here: https://example.com/help to look into this further."
    assert "no-apology-to-upset" in rules(customer, bare)
    sorry = "I'm sorry about this. Please contact us here and I'll check it today: https://example.com/h"
    assert rules(customer, sorry) == []


def test_a_plan_of_theirs_is_no_promise_to_leave() -> None:
    reply = "You should have received an email about the refund; please check your inbox."
    assert rules("Not ordering again till January, so no rush on the refund.", reply) == []


@pytest.mark.parametrize(
    "customer",
    [
        "I keep filling out your forms and nothing is done about the driver.",
        "Tried contacting you about 20 times and got only mechanical responses.",
        "Indeed, the form was filled yesterday.",
        "I have shared all the details and still nothing.",
        "Yeah I got the correspondence but only sorry and apologies.",
    ],
)
def test_their_part_done_in_other_words_makes_the_same_road_again_a_finding(customer: str) -> None:
    again = "Please share your details in the link provided earlier and we'll check."
    assert "same-road-again" in rules(customer, again)
    owned = "I'm sorry you've had to chase this. I've found your details and I'm on it now."
    assert rules(customer, owned) == []


def test_a_delivery_definition_to_an_upset_customer_needs_an_apology_first() -> None:
    customer = "I pay for Prime to be lied to? Two-day shipping and it's been two weeks."
    definition = "Two-Day Shipping refers to the delivery time once the order has been dispatched."
    assert "definition-to-upset" in rules(customer, definition)
    assert rules(customer, "I'm so sorry for the wait. " + definition) == []
    # asked calmly, the definition is the answer
    assert rules("Does two-day shipping count weekends?", definition) == []


def test_what_is_not_offered_is_a_refusal_and_a_demand_is_a_complaint() -> None:
    demand = "Then give me the lamp at the same price as my cancelled order."
    refusal = "I'm afraid we do not have any price match policies."
    assert "refusal-to-complaint" in rules(demand, refusal)
    assert rules(demand, refusal + " However, I can refund the difference as a one-off.") == []
    assert rules("Do you price match other shops?", refusal) == []


def test_the_fault_handed_to_their_provider_is_sent_elsewhere() -> None:
    customer = "Not an issue with my ISP, the app works on the laptop on the same wifi."
    handed = (
        "I understand. For further assistance, you'll have to reach out to your service provider."
    )
    assert "sent-elsewhere" in rules(customer, handed)
    owned = "I've passed this to our app team and I'll update you tomorrow. " + handed
    assert rules(customer, owned) == []


def test_the_check_that_found_nothing_contradicts_what_they_saw() -> None:
    checked = (
        "I've just checked and the application appears to be working fine. Try clearing the cache."
    )
    assert "contradicts-customer" in rules("The app never opens, even after reinstalling.", checked)
    assert rules("Is the app down for everyone?", checked) == []


def test_the_best_possible_one_we_could_offer_closes_the_door() -> None:
    text = "I'm sorry, the resolution provided is the best possible one we could offer."
    assert {f.rule for f in assist.lint_text(text)} == {"door-closing"}


def test_a_customer_left_to_report_back_is_a_bare_redirect_only_when_upset() -> None:
    report_back = "Please keep us informed about the outcome of your call."
    assert "no-apology-to-upset" in rules(
        "Your support keeps putting me on hold!!!! Unbelievable.", report_back
    )
    assert rules("Thanks, I'll call the courier now.", "Great, let us know how it goes!") == []


@pytest.mark.parametrize(
    ("customer", "reply"),
    [
        (
            "Your social team is useless and has never helped.",
            "We will be replying to you in the DM. Kindly wait.",
        ),
        (
            "I've been reaching out to your seller support for two years. Still unsolved.",
            "Please submit this secure form so we can look into it: https://example.com/form",
        ),
    ],
)
def test_contacts_without_end_make_the_redirect_one_they_already_tried(
    customer: str, reply: str
) -> None:
    assert "redirect-after-tried" in rules(customer, reply)
    assert rules(customer, "I'm sorry it has taken this long. " + reply) == []


@pytest.mark.parametrize(
    "reply",
    [
        "They reach out by email; have you checked your spam and junk email folders?",
        "Kindly revert the email from our specialist team for updates.",
        "Kindly share your details using the link previously provided.",
        "Please look for the email from our specialist. You may check here: https://example.com/m",
    ],
)
def test_the_same_roads_in_other_words_are_the_same_road_again(reply: str) -> None:
    assert "same-road-again" in rules("It's a useless email without any resolution.", reply)
    assert "same-road-again" not in rules("Where do I find the return label?", reply)


def test_the_customers_mood_regretted_is_a_non_apology() -> None:
    for text in (
        "I'm sorry to see you upset with our delivery service.",
        "Hi, I'm sorry to hear you are displeased with the service. Can you tell me more?",
    ):
        assert "non-apology" in {f.rule for f in assist.lint_text(text)}
    owned = "Sorry to hear you were left without power; the engineer is on his way."
    assert list(assist.lint_text(owned)) == []
