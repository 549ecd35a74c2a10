"""The letter of claim's facts draft, what it says about children, and what it needs first."""
from datetime import date

import pytest

from claims.domain.letter_of_claim import (
    TO_COMPLETE, children_statement, draft_facts, missing_before_sending, paragraphs,
)
from claims.domain.jurisdiction import NO_DEFENDANT_ADDRESS
from claims.domain.vocab import DISTRESS_LEVELS, MEDICAL_HELP

ANSWERS = dict(breach_type="misdirected_communication", breach_on=date(2025, 11, 10), discovered_on=date(2025, 11, 20),
               recipients_scope="single_recipient", recipient_relationship="neighbour", distress_level="significant",
               effects=["anxiety", "sleep", "fear_for_safety"], medical_help="gp", diagnosis="Anxiety",
               effects_ongoing=True)


def test_the_draft_is_third_person_prose_not_form_answers():
    text = draft_facts(**ANSWERS)
    assert text.startswith("On 10 November 2025 you sent our client’s personal data to the wrong person or address. "
                           "Our client found out on 20 November 2025.")
    assert "The data was received by one person: our client’s neighbour." in text
    assert ("The incident has caused our client a great deal of distress. It has caused them anxiety, difficulty "
            "sleeping and fear for their own and their family’s safety. Our client has seen their GP about it and "
            "tells us they have been diagnosed with: Anxiety. The effects are continuing.") in text
    for raw in ("|", DISTRESS_LEVELS["significant"], MEDICAL_HELP["gp"], " I ", " my ", " me "):
        assert raw not in f" {text} "
    assert TO_COMPLETE in text  # the account itself must be summarised by the solicitor


@pytest.mark.parametrize("changes, says", [
    ({"recipients_scope": "public"}, "The data was made public."),
    ({"recipients_scope": "few_recipients", "recipient_relationship": "unknown"},
     "The data was received by a few people (between 2 and 10)."),
    ({"recipients_scope": "many_recipients", "recipient_relationship": "colleague"},
     "more than 10 people, including a colleague or employer of our client."),
    ({"distress_level": "none", "effects": [], "medical_help": "none", "diagnosis": None, "effects_ongoing": False},
     "our client’s neighbour."),
    ({"breach_type": "other"}, "On 10 November 2025 [To complete: what happened]."),
    ({"discovered_on": date(2025, 11, 10)}, "wrong person or address.\n\n"),
])
def test_the_draft_for_other_answers(changes, says):
    text = draft_facts(**{**ANSWERS, **changes})
    assert says in text
    if changes.get("distress_level") == "none":
        assert "distress" not in text and "GP" not in text and text.endswith("neighbour.")


def test_the_summary_becomes_paragraphs():
    assert paragraphs("One\nline.\n\n\nTwo.\r\n\r\n  ") == ["One line.", "Two."]
    assert paragraphs(None) == []


@pytest.mark.parametrize("child_now, child_at_breach, says", [
    (True, True, "Our client is a child. Children merit specific protection"),
    (False, True, "Our client was a child when this happened."),
    (False, False, ""),  # a mother claiming for herself, even if her child's records were in the data
])
def test_children_wording_follows_who_the_claimant_is(child_now, child_at_breach, says):
    text = children_statement(child_now=child_now, child_at_breach=child_at_breach)
    assert text.startswith(says) if says else text == ""


@pytest.mark.parametrize("kind, method, address, email, facts, forum, expected", [
    ("letter_of_claim", "first_class_post", True, False, True, "", []),
    ("letter_of_claim", "first_class_post", False, True, False, "",
     ["add the defendant’s postal address", "confirm the summary of the facts"]),
    ("letter_of_claim", "email", True, False, True, "the claimant lives in Scotland",
     ["add the defendant’s data protection email address", "the claimant lives in Scotland"]),
    ("subject_access_request", "hand", False, True, False, "anything", ["add the defendant’s postal address"]),
    ("subject_access_request", "email", False, True, False, "", []),
    # emailed with no postal address: the forum problem still stops a letter of claim (whatever the method) ...
    ("letter_of_claim", "email", False, True, True, NO_DEFENDANT_ADDRESS, [NO_DEFENDANT_ADDRESS]),
    # ... and by post the missing address is asked for once, not twice
    ("letter_of_claim", "first_class_post", False, False, True, NO_DEFENDANT_ADDRESS,
     ["add the defendant’s postal address"]),
])
def test_what_a_letter_to_the_defendant_needs_first(kind, method, address, email, facts, forum, expected):
    missing = missing_before_sending(kind, method=method, has_address=address, has_email=email,
                                     facts_confirmed=facts, forum_problem=forum)
    assert len(missing) == len(expected)
    for item, start in zip(missing, expected):
        assert item.startswith(start)
