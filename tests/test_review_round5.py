"""Context rules, fifth round (issue 17, read on fresh_b/fresh_e): the false alarms' kinds.
An urgent question is not anger, a question after a greeting is a question, joy and jest are
not a threat or a chase, a reply with no words has nothing to judge; the angry customer with
the same reply is still flagged."""

from __future__ import annotations

import pytest

import assist

HERE = "Send us a note via https://example.com/help so our team can get in touch."


def rules(customer: str, reply: str) -> list[str]:
    return [f.rule for f in assist.lint_text(reply, reply_to=customer)]


def test_an_urgent_question_is_not_anger_but_a_statement_with_it_is() -> None:
    answer = "We sure do! More information here: https://example.com/shipping"
    assert rules("Do you ship to Canada ?!", answer) == []
    assert rules("When can we change our online id ???!!!", answer) == []
    angry = "How did I get charged twice!? There is only one order on my account."
    assert "no-apology-to-upset" in rules(angry, HERE)


def test_capitals_and_bangs_still_make_an_upset_customer() -> None:
    assert "no-apology-to-upset" in rules("CHARGED TWICE AGAIN!!!", HERE)


@pytest.mark.parametrize("greeting", ["Hi, ", "Hello there, ", "@sam Hey, ", ""])
def test_a_question_about_the_problem_after_a_greeting_engages(greeting: str) -> None:
    reply = (
        greeting + "is it possible you're seeing a pending authorisation: https://example.com/a?"
    )
    assert rules("Charged twice for one order, ridiculous 😒", reply) == []


def test_joy_emoji_make_a_teasing_eye_roll_calm() -> None:
    reply = "We're as excited as you! Let us know when it arrives: https://example.com/track"
    assert rules("Finally on its way 😍😍 (you took long enough 🙄)", reply) == []
    assert "no-apology-to-upset" in rules("Still not here, you took long enough 🙄", HERE)


def test_praise_about_a_public_complaint_is_no_threat() -> None:
    reply = "We're glad our team was able to help. Have a fantastic evening!"
    praise = "You emailed me 20k miles for the delay I complained about on Twitter. Nice job!"
    assert "public-threat-unanswered" not in rules(praise, reply)
    threat = "Still no refund. I'm going to complain about this on Twitter."
    assert "public-threat-unanswered" in rules(threat, "Thanks for your message.")


def test_a_chase_in_jest_is_not_pointed_back_at_the_earlier_answer() -> None:
    reply = "As mentioned earlier, if you're one of the winners, we'll reach out to you."
    assert "as-informed-earlier" not in rules("So when are you going to contact me 😛😬", reply)
    assert "as-informed-earlier" in rules("So when are you going to contact me?", reply)


@pytest.mark.parametrize("reply", ["@shopco https://example.com/gif", "@sam 👍🤗 ^AW", "❤️"])
def test_a_reply_with_no_words_has_nothing_to_judge(reply: str) -> None:
    assert rules("Worst service ever!!! Results are in", reply) == []


def test_happy_to_help_and_check_takes_it_on() -> None:
    reply = "Hello! I'd be happy to help and check on this. Would you DM us? https://example.com/dm"
    assert rules("Shows buffering every 10 seconds. Can't deal!!!", reply) == []
    bare = "Hello! I'd be happy to help. Please DM us: https://example.com/dm"
    assert "no-apology-to-upset" in rules("Shows buffering every 10 seconds. Can't deal!!!", bare)


def test_a_later_part_that_starts_mid_sentence_is_judged_only_on_its_words() -> None:
    customer = "Loyal customer for years and you keep failing me. DO SOMETHING"
    tail = "@sam have reported the issue to our support team here: https://example.com/a? 2/2 ^SH"
    assert rules(customer, tail) == []
    whole = "@sam Please report the issue to our support team here: https://example.com/a ^SH"
    assert "public-threat-unanswered" in rules(customer, whole)
    again = "@sam please share your details in the link provided earlier. 2/2"
    assert "same-road-again" in rules("Filled the form twice, no response. Pathetic.", again)


def test_a_feeling_about_this_is_a_non_apology_but_one_naming_the_problem_is_not() -> None:
    assert "non-apology" in rules("Delayed again.", "We're disappointed to hear this, Amy.")
    named = "We're disappointed to hear your flight was delayed, Amy. We're sorry about it."
    assert "non-apology" not in rules("Delayed again.", named)


@pytest.mark.parametrize(
    "customer",
    [
        "The support rep was NO help and the app still shows nothing.",
        "I've talked to a supervisor with no assistance.",
        "By mail, text and phone, no one is able to help me.",
        "Check the DMs I sent before. They won't help.",
    ],
)
def test_a_customer_the_last_helper_failed_is_not_sent_back_bare(customer: str) -> None:
    reply = "Please send us a DM here: https://example.com/dm"
    assert "redirect-after-tried" in rules(customer, reply)
    sorry = "I'm sorry nobody helped. I've found your case and I'll call you today."
    assert rules(customer, sorry) == []


@pytest.mark.parametrize(
    "customer",
    [
        "I have lost all faith in your company.",
        "Another poor customer service experience, ticket lost again.",
        "I want my refund, can't you understand this?",
        "Almost crying over this console.",
    ],
)
def test_upset_in_words_of_their_own(customer: str) -> None:
    assert "no-apology-to-upset" in rules(customer, "Please DM us your account number.")


def test_the_mail_named_again_to_a_customer_nothing_reached() -> None:
    customer = "I still neither have received any reply nor my cashback."
    reply = "Our team has sent you an email correspondence. Kindly check it and revert."
    assert "same-road-again" in rules(customer, reply)
    assert "same-road-again" not in rules("Where will the label come from?", reply)


def test_thanks_for_understanding_without_a_subject_to_an_upset_customer() -> None:
    reply = "It's never our intention to make false updates. Appreciate your understanding."
    assert "patience-to-upset" in rules("You keep lying about deliveries 😡", reply)
    assert "patience-to-upset" not in rules("No rush, when does the sale start?", reply)


def test_a_third_partys_scam_reported_is_a_warning_not_an_accusation() -> None:
    reply = "We've answered your query here: https://example.com/answer"
    assert rules("Someone is trying to scam people using your name.", reply) == []
    assert "no-apology-to-upset" in rules("You scammed me, total scam.", reply)
