"""Replies judged with the customer's message (issue 17): `assist.lint_text(text, reply_to=)`
and `assist lint --reply-to FILE`; without a customer message the context rules stay silent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_lint_cli import run

import assist
from assist.lint.engine import lint_text as plain_lint_text

UPSET = "I STILL don't have my order, two weeks late. Worst service!!!"
REDIRECT = "Please reach us by phone or chat here: https://example.com/help"


def rules(findings: list[assist.Finding]) -> list[str]:
    return [f.rule for f in findings]


def test_bare_redirect_to_an_upset_customer_is_flagged_only_with_the_message() -> None:
    assert assist.lint_text(REDIRECT) == []
    assert rules(assist.lint_text(REDIRECT, reply_to=UPSET)) == ["no-apology-to-upset"]


@pytest.mark.parametrize(
    "reply",
    [
        "I'm sorry about this. Please reach us by chat here: https://example.com/help",
        "Which order is it? Please reach us by chat here: https://example.com/help",
        "I've issued a full refund and we will email you the receipt today.",
    ],
)
def test_an_apology_a_question_or_a_fix_answers_the_upset_customer(reply: str) -> None:
    assert "no-apology-to-upset" not in rules(assist.lint_text(reply, reply_to=UPSET))


def test_calm_customer_may_be_redirected() -> None:
    calm = "Hi, can I change the email address on my account?"
    assert assist.lint_text(REDIRECT, reply_to=calm) == []


def test_as_far_as_i_can_see_contradicts_a_customer_who_said_what_happened() -> None:
    reply = "I'm sorry to hear this. As far as I can see the service ran to schedule."
    told = "The 22:12 train left early, two minutes before time."
    asked = "Did the 22:12 train leave early?"
    assert rules(assist.lint_text(reply, reply_to=told)) == ["contradicts-customer"]
    assert assist.lint_text(reply, reply_to=asked) == []


def test_contradiction_counts_only_when_the_customer_asserted_something() -> None:
    reply = "Hm, we haven't had any reported errors lately."
    asserted = "Your account page is down, I checked it three times."
    question = "Is the account page down for everyone?"
    found = assist.lint_text(reply, reply_to=asserted)
    assert rules(found) == ["contradicts-customer"]
    assert reply[found[0].offset : found[0].offset + found[0].length].startswith("we haven't")
    assert assist.lint_text(reply, reply_to=question) == []
    assert assist.lint_text(reply) == []


def test_threat_to_go_public_needs_acknowledgement_and_a_private_way() -> None:
    threat = "If this isn't fixed today I'll write a bad review on Facebook."
    bare = "Your ticket number is 4471."
    good = (
        "I understand how frustrating this is. Please send us a direct message with your "
        "order number and I'll call you today."
    )
    assert "public-threat-unanswered" in rules(assist.lint_text(bare, reply_to=threat))
    assert "public-threat-unanswered" not in rules(assist.lint_text(good, reply_to=threat))


def test_without_reply_to_the_public_api_is_plain_lint() -> None:
    for draft in ("It's company policy.", REDIRECT, "We're sorry for your frustration."):
        assert assist.lint_text(draft) == plain_lint_text(draft)


def test_ignore_drops_a_context_rule() -> None:
    found = assist.lint_text(REDIRECT, reply_to=UPSET, ignore=["no-apology-to-upset"])
    assert found == []


def test_cli_reply_to(tmp_path: Path) -> None:
    reply, message = tmp_path / "reply.txt", tmp_path / "customer.txt"
    reply.write_text(REDIRECT, encoding="utf-8")
    message.write_text(UPSET, encoding="utf-8")
    alone = run("--format", "json", str(reply))
    assert alone.returncode == 0
    header = json.loads(alone.stdout)["config"]["context"]
    assert header["reply_to"] is None and "silent" in header["context_rules"]
    judged = run("--format", "json", "--reply-to", str(message), str(reply))
    assert judged.returncode == 1
    document = json.loads(judged.stdout)
    assert [f["rule"] for f in document["findings"]] == ["no-apology-to-upset"]
    assert document["config"]["context"]["reply_to"] == str(message)


def test_cli_missing_reply_to_file_is_one_line_exit_2(tmp_path: Path) -> None:
    reply = tmp_path / "reply.txt"
    reply.write_text(REDIRECT, encoding="utf-8")
    done = run("--reply-to", str(tmp_path / "nope.txt"), str(reply))
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    assert len(done.stderr.decode().strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("customer", "reply", "rule"),
    [
        # venting in tweet words that triage (tuned for emails) does not call upset
        ("my driver took me to the wrong terminal... rufkm", REDIRECT, "no-apology-to-upset"),
        ("Your app is useless, it ate my basket again 😡", REDIRECT, "no-apology-to-upset"),
        # a DM request is a redirect too, even phrased as a question
        ("This is a joke, third missed delivery", "Can you DM us your order number?",
         "no-apology-to-upset"),
        # the customer already tried that road
        ("I already messaged you twice, no response.", "Please send us a DM so we can help.",
         "redirect-after-tried"),
        ("Still waiting for my refund. Unacceptable.", "Thanks for your patience!",
         "patience-to-upset"),
        ("So I lose my deposit? Ridiculous.", "We're just a tweet away. Have a great day!",
         "sign-off-to-upset"),
    ],
)  # fmt: skip
def test_soft_failures_judged_with_the_customer(customer: str, reply: str, rule: str) -> None:
    assert rule in rules(assist.lint_text(reply, reply_to=customer))
    assert rule not in rules(assist.lint_text(reply))


@pytest.mark.parametrize(
    "reply",
    [
        # a personal commitment with the DM, an acknowledgement, a real question
        "I can look into that for you. Please DM me your order number.",
        "That doesn't sound right. Please DM us your order number.",
        "Which store was it? Please DM us and I'll chase it.",
        # the harmless look-alikes
        "However, I have good news: the parcel is at the depot and arrives tomorrow.",
        "Unfortunately the courier is late, so I've sent a new one today.",
        "The seller ships it tomorrow and I'll track it for you.",
    ],
)
def test_engaged_replies_to_an_upset_customer_pass(reply: str) -> None:
    upset = "Your delivery service is useless, third missed parcel this month!!!"
    assert assist.lint_text(reply, reply_to=upset) == []


def test_a_finding_from_a_reply_phrase_points_at_the_words() -> None:
    reply = "Ok. Thank you for your patience."
    found = [f for f in assist.lint_text(reply, reply_to="Still no refund. Ridiculous.")]
    assert rules(found) == ["patience-to-upset"]
    assert reply[found[0].offset :].startswith("Thank you for your patience")
    assert found[0].why


def test_every_context_rule_example_passes_and_every_rule_has_them() -> None:
    from assist.review import reviewer_for
    from assist.review.examples import run_context_examples

    results, untested = run_context_examples(reviewer_for())
    assert untested == []
    assert {r.rule for r in results} >= {"no-apology-to-upset", "redirect-after-tried"}
    assert [f for r in results for f in r.failures] == []
    for rule in reviewer_for().rules.rules:
        assert rule.source == "team addition" and rule.extends


def test_a_reply_in_a_language_without_rules_is_not_checked_even_with_its_customer_message() -> (
    None
):
    result = assist.lint_text(
        "Lo siento, por favor envíenos un mensaje directo con su número de pedido.",
        reply_to="Esto es ridículo, mi pedido no llegó otra vez!!!",
    )
    assert list(result) == [] and result.checked is False and result.language == "es"


def test_a_reply_judged_with_its_customer_message_keeps_its_language() -> None:
    result = assist.lint_text(
        "Hi! Please fill in the form at https://example.com/help and the team will get back.",
        reply_to="Third time my parcel has gone missing. Your delivery service is a joke.",
    )
    assert [f.rule for f in result] == ["no-apology-to-upset"]
    assert result.language == "en" and result.checked


ANGRY = "You are the worst. Three days without internet and nobody cares!!!"


@pytest.mark.parametrize(
    "reply",
    [
        # a reaction to what the customer showed or said is an acknowledgement
        "That looks a little melted. DM us with more details for us to help.",
        "Hello, this does not sound good. Can you DM the account name? We would like to help.",
        "I do apologize that happened. Do you mind talking to me through DM?",
        # the request asks about the problem itself, not only who they are
        "DM us which router and firmware version you have so we can help.",
        # an action already taken for them
        "We have followed up via DM.",
        # one agent taking it on
        "I would be more than happy to take a look at that claim for you. Could you DM us?",
        "Can you DM your confirmation number so I may look into this matter for you?",
    ],
)
def test_a_redirect_that_engages_passes_the_angry_customer(reply: str) -> None:
    assert assist.lint_text(reply, reply_to=ANGRY) == []


@pytest.mark.parametrize(
    "reply",
    [
        # "so we can look into this" is why they should DM, not the agent taking it on
        "We're here to help. Can you please send us a DM with your email address so we can "
        "look into this?",
        "Hey there! I'd like to work with you on this. Can you shoot us a DM?",
        "Kindly send us details regarding your concern so our team can assist.",
        "Hi there, we've replied to your DM!",
    ],
)
def test_a_bare_redirect_to_the_angry_customer_is_flagged(reply: str) -> None:
    assert rules(assist.lint_text(reply, reply_to=ANGRY)) == ["no-apology-to-upset"]


def test_an_annoyed_customer_asked_for_details_is_not_flagged_but_patience_alone_is() -> None:
    annoyed = "Still no reliable Bluetooth on my iPhone."
    dm = "Thanks for reaching out. Please DM us your account email so we can help."
    assert assist.lint_text(dm, reply_to=annoyed) == []
    assert rules(assist.lint_text("Thanks for your patience.", reply_to=annoyed)) == [
        "patience-to-upset"
    ]


@pytest.mark.parametrize(
    ("customer", "rule"),
    [
        ("I was in a car accident in your cab and I'm in the ER now.", "no-apology-to-upset"),
        ("Speed test shows 0.02 Mbps #centurylinksucks", "no-apology-to-upset"),
        ("That page is useless, it won't let me report it.", "redirect-after-tried"),
        ("3 people gave me 3 different answers and I'm on hold again.", "redirect-after-tried"),
    ],
)
def test_distress_hashtags_and_failed_channels_count(customer: str, rule: str) -> None:
    assert rule in rules(assist.lint_text(REDIRECT, reply_to=customer))


def test_trying_a_fix_is_not_having_contacted_them() -> None:
    customer = "On Skype they can't hear me. I've tried different headsets and reinstalling."
    reply = "Please DM us your account email so we can assist."
    assert assist.lint_text(reply, reply_to=customer) == []


def test_swearing_counts_as_upset_only_about_a_problem() -> None:
    reply = "Here to help. Send us a note at https://example.com/help so our team can connect."
    angry = "Your payment page still doesn't work. F*** it, I'm taking taxis."
    praise = "Holy f*ck, the new burrito is delicious."
    assert rules(assist.lint_text(reply, reply_to=angry)) == ["no-apology-to-upset"]
    assert assist.lint_text(reply, reply_to=praise) == []


def test_scorers_present_elements_are_the_scorecards() -> None:
    from assist.lint.engine import linter_for
    from assist.score.engine import Scorer

    scorer = Scorer(linter_for(None))
    replies = [
        "I'm so sorry. I've sent a new kettle today and I'll call you on Monday.",
        "Please DM us your order number: https://t.co/x",
        "Thanks for your patience! Have a great evening.",
        "אני מצטער מאוד, שלחתי לך קומקום חדש היום.",
    ]
    for text in replies:
        card = scorer.score(text)
        assert scorer.present(text) == {e.id for e in card.elements if e.present}


def test_context_rules_leave_a_reply_in_another_language_alone_everywhere(tmp_path: Path) -> None:
    """Their word lists are English: a Hebrew redirect answering an upset English message
    gets lint's findings only, from the API, `--reply-to` and `--input jsonl` alike."""
    hebrew = "אנא מלא את הטופס באתר שלנו בכתובת https://example.com/help והצוות יחזור אליך."
    assert assist.lint_text(hebrew, reply_to=UPSET).language == "he"
    assert rules(assist.lint_text(hebrew, reply_to=UPSET)) == []
    assert rules(assist.lint_text(REDIRECT, reply_to=UPSET)) == ["no-apology-to-upset"]
    reply, message = tmp_path / "reply.txt", tmp_path / "customer.txt"
    reply.write_text(hebrew, encoding="utf-8")
    message.write_text(UPSET, encoding="utf-8")
    judged = run("--format", "json", "--reply-to", str(message), str(reply))
    assert judged.returncode == 0 and json.loads(judged.stdout)["findings"] == []
    batch = [{"id": 1, "text": hebrew, "reply_to": UPSET}, {"id": 2, "text": REDIRECT,
             "reply_to": UPSET}]  # fmt: skip
    stdin = "".join(json.dumps(item) + "\n" for item in batch).encode()
    out = run("--input", "jsonl", "-", stdin=stdin)
    found = {
        item["id"]: [f["rule"] for f in item["findings"]]
        for item in map(json.loads, out.stdout.splitlines())
    }
    assert found == {1: [], 2: ["no-apology-to-upset"]}


def test_a_finding_about_the_whole_reply_reads_cleanly_in_line_and_text(tmp_path: Path) -> None:
    reply, message = tmp_path / "reply.txt", tmp_path / "customer.txt"
    reply.write_text(REDIRECT, encoding="utf-8")
    message.write_text(UPSET, encoding="utf-8")
    line = run("--format", "line", "--reply-to", str(message), str(reply)).stdout.decode()
    assert line.startswith(f"{reply}:1:1: warning [no-apology-to-upset] The customer")
    assert 'avoid ""' not in line
    text = run("--reply-to", str(message), str(reply)).stdout.decode()
    assert "no-apology-to-upset" in text and 'phrase      ""' not in text


@pytest.mark.parametrize(
    ("customer", "reply"),
    [
        # an answer beside the link
        (
            "wtf, I can't even find profiles in the app on my TV",
            "We haven't brought profiles to every TV app yet, so they differ. "
            "This lists them: https://example.com/help",
        ),
        # an acknowledgement in words the lists do not hold
        (
            "You have an epic fail regarding a delivery. It's unacceptable.",
            "I'm very saddened to hear your package has not been delivered. "
            "Please DM my team your tracking number.",
        ),
        # capitals beside praise are joy
        (
            "5 stars for Jimmy! Friendliest crew ever! COMFORTABLE!",
            "We'd love to hear more: https://example.com/feedback",
        ),
        # "I did not get it" is not "I already tried"
        (
            "I ordered food and I did not get the delivery. Please contact me.",
            "Here to help! Send us a note at https://example.com/help so our team can connect.",
        ),
    ],
)
def test_real_replies_that_engage_or_customers_not_upset_stay_quiet(
    customer: str, reply: str
) -> None:
    assert rules(assist.lint_text(reply, reply_to=customer)) == []


def test_stock_courtesy_beside_a_redirect_is_still_a_bare_redirect() -> None:
    reply = "Hi there, we're here to help! Send us a note at https://example.com/help"
    assert rules(assist.lint_text(reply, reply_to=UPSET)) == ["no-apology-to-upset"]


@pytest.mark.parametrize(
    ("customer", "rule"),
    [
        ("Extremely disappointed in your service at the airport today.", "no-apology-to-upset"),
        ("I'm in a car with the dumbest driver in the city.", "no-apology-to-upset"),
        ("You never do the right thing for customers. Never coming back.", "no-apology-to-upset"),
        ("Already spoke with you guys through the app. Wasn't helpful.", "redirect-after-tried"),
    ],
)
def test_upset_and_tried_wording_of_real_customers_counts(customer: str, rule: str) -> None:
    reply = "Here to help! Send us a note at https://example.com/help so our team can connect."
    assert rule in rules(assist.lint_text(reply, reply_to=customer))


def test_the_earlier_answer_defended_contradicts_the_customer() -> None:
    customer = "Oh, so earlier you actually said the same email can't be used. Gotcha."
    reply = "No, my earlier message was correct. Several accounts share one address."
    found = assist.lint_text(reply, reply_to=customer)
    assert rules(found) == ["contradicts-customer"]
    assert reply[found[0].offset :].startswith("my earlier message was correct")


def test_hearing_the_frustration_acknowledges_it() -> None:
    customer = "Extremely disappointed in your service. Gate agents not helpful at all."
    reply = "I hear the frustration. If you care to share details, please follow and DM us."
    assert rules(assist.lint_text(reply, reply_to=customer)) == []


def test_a_rule_answering_a_complaint_is_flagged_answering_a_question_is_not() -> None:
    reply = "Your guitar must fit underneath the seat in front of you or in an overhead bin."
    complaint = "Forced to check my guitar and charged $25. The flight wasn't even full."
    question = "What size can my guitar case be in the cabin?"
    assert assist.lint_text(reply) == []
    assert rules(assist.lint_text(reply, reply_to=complaint)) == ["rule-as-answer"]
    assert assist.lint_text(reply, reply_to=question) == []


def test_sending_a_complaining_customer_to_a_third_party_is_flagged() -> None:
    reply = "You'd need to speak to the partner airline directly to discuss compensation."
    complaint = "I have had enough, the partner airline never replies and I paid you."
    question = "Who do I talk to about compensation for the partner airline's delay?"
    assert rules(assist.lint_text(reply, reply_to=complaint)) == ["sent-elsewhere"]
    assert assist.lint_text(reply, reply_to=question) == []
