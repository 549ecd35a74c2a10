"""Every field of every page of the claim form: a clear message in plain British English,
an error summary linking to the field, and everything the claimant typed kept.

Each case posts one page with one mistake, the rest of the page filled in correctly.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from claims.extensions import db
from claims.models import IntakeDraft
from tests.claimant import Claimant
from tests.journey import form_data
from tests.pages import Page, parse

TODAY = date.today()
TOMORROW = TODAY + timedelta(days=1)


def parts(name: str, day: date | None = None, *, d="", m="", y="") -> dict:
    """The three date boxes as a claimant would fill them in: from a date, or typed box by box."""
    if day is not None:
        d, m, y = str(day.day), str(day.month), str(day.year)
    return {f"{name}-day": d, f"{name}-month": m, f"{name}-year": y}


def years_ago(years: int, days: int = 0) -> date:
    return TODAY - relativedelta(years=years) + timedelta(days=days)


DATE_FIELDS = {"date_of_birth", "child_date_of_birth", "breach_date", "discovered_date"}
CHOICE_FIELDS = {  # radios and checkbox groups: the summary links to the first option
    "claiming_for", "relationship", "sector", "public_body", "breach_type", "discovery_method", "data_categories",
    "recipients_scope", "recipient_relationship", "distress_level", "effects", "medical_help", "diagnosed",
    "condition_worsened", "effects_ongoing", "organisation_reply", "complained_to_ico", "already_represented",
    "in_group_action",
}
SELECT_WHO = "Select who the claim is for"
REAL_DATE = "must be a real date, like 27 3 2024"
POSTCODE = "Enter a real UK postcode, like SW1A 1AA"
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
PHONE = "Enter a phone number, like 07700 900 982 or +44 7700 900 982"
BAD_CHARACTERS = "contains characters we cannot accept"

# page: [(case id, overrides, field with the error, the message)]
CASES = {
    "about-you": [
        ("claiming_for missing", {"claiming_for": ""}, "claiming_for", SELECT_WHO),
        ("claiming_for not an option", {"claiming_for": "my-dog"}, "claiming_for", "Not a valid choice."),
        ("first_name blank", {"first_name": "   "}, "first_name", "Enter your first name"),
        ("first_name too long", {"first_name": "A" * 81}, "first_name", "First name must be 80 characters or fewer"),
        ("first_name control character", {"first_name": "Al\x07ex"}, "first_name", f"First name {BAD_CHARACTERS}"),
        ("last_name blank", {"last_name": ""}, "last_name", "Enter your last name"),
        ("last_name too long", {"last_name": "M" * 81}, "last_name", "Last name must be 80 characters or fewer"),
        ("dob blank", parts("date_of_birth"), "date_of_birth", "Enter your date of birth"),
        ("dob no year", parts("date_of_birth", d="14", m="6"), "date_of_birth",
         "Date of birth must include a year"),
        ("dob no day or month", parts("date_of_birth", y="1986"), "date_of_birth",
         "Date of birth must include a day and month"),
        ("dob 30 February", parts("date_of_birth", d="30", m="2", y="1990"), "date_of_birth",
         f"Date of birth {REAL_DATE}"),
        ("dob letters", parts("date_of_birth", d="1st", m="June", y="1990"), "date_of_birth",
         f"Date of birth {REAL_DATE}"),
        ("dob two-digit year", parts("date_of_birth", d="1", m="6", y="86"), "date_of_birth",
         f"Date of birth {REAL_DATE}"),
        ("dob tomorrow", parts("date_of_birth", TOMORROW), "date_of_birth", "Date of birth must be in the past"),
        ("dob 121 years ago", parts("date_of_birth", years_ago(121)), "date_of_birth",
         "Date of birth must be a real date of birth; check the year"),
        ("under 18 claiming for self", parts("date_of_birth", years_ago(18, days=1)), "date_of_birth",
         "You must be 18 or over to claim. A parent or guardian can claim for you"),
        ("under 18 claiming for a child", {"claiming_for": "child", **parts("date_of_birth", years_ago(17))},
         "date_of_birth", "You must be 18 or over to claim for a child"),
        ("email blank", {"email": ""}, "email", "Enter your email address"),
        ("email no domain", {"email": "alex@"}, "email", EMAIL_FORMAT),
        ("email no at sign", {"email": "alex.example.com"}, "email", EMAIL_FORMAT),
        ("email too long", {"email": "a" * 64 + "@" + "b" * 186 + ".com"}, "email",
         "Email address must be 254 characters or fewer"),
        ("phone too short", {"phone": "0770"}, "phone", PHONE),
        ("phone letters", {"phone": "07700 CALL ME"}, "phone", PHONE),
        ("phone too long", {"phone": "0" * 21}, "phone", "Phone number must be 20 characters or fewer"),
        ("address blank", {"address_line_1": ""}, "address_line_1", "Enter the first line of your address"),
        ("address too long", {"address_line_1": "x" * 121}, "address_line_1",
         "Address line 1 must be 120 characters or fewer"),
        ("address 2 too long", {"address_line_2": "x" * 121}, "address_line_2",
         "Address line 2 must be 120 characters or fewer"),
        ("town blank", {"town": ""}, "town", "Enter your town or city"),
        ("town too long", {"town": "T" * 81}, "town", "Town or city must be 80 characters or fewer"),
        ("postcode blank", {"postcode": ""}, "postcode", "Enter your postcode"),
        ("postcode digits", {"postcode": "12345"}, "postcode", POSTCODE),
        ("postcode half", {"postcode": "SW1A 1A"}, "postcode", POSTCODE),
        ("postcode words", {"postcode": "not known"}, "postcode", POSTCODE),
    ],
    "about-the-child": [
        ("first name blank", {"child_first_name": ""}, "child_first_name", "Enter the child's first name"),
        ("first name too long", {"child_first_name": "S" * 81}, "child_first_name",
         "Child's first name must be 80 characters or fewer"),
        ("last name blank", {"child_last_name": ""}, "child_last_name", "Enter the child's last name"),
        ("dob blank", parts("child_date_of_birth"), "child_date_of_birth", "Enter the child's date of birth"),
        ("dob not real", parts("child_date_of_birth", d="31", m="4", y="2015"), "child_date_of_birth",
         f"Child's date of birth {REAL_DATE}"),
        ("dob tomorrow", parts("child_date_of_birth", TOMORROW), "child_date_of_birth",
         "Child's date of birth must be in the past"),
        ("child turned 18 today", parts("child_date_of_birth", years_ago(18)), "child_date_of_birth",
         "The child must be under 18 today. Someone aged 18 or over can claim for themselves"),
        ("relationship missing", {"relationship": ""}, "relationship", "Select your relationship to the child"),
    ],
    "organisation": [
        ("name blank", {"organisation_name": ""}, "organisation_name", "Enter the name of the organisation"),
        ("name too long", {"organisation_name": "C" * 201}, "organisation_name",
         "Name of the organisation must be 200 characters or fewer"),
        ("sector missing", {"sector": ""}, "sector", "Select what kind of organisation it is"),
        ("public body missing", {"public_body": ""}, "public_body", "Select whether it is a public body"),
    ],
    "what-happened": [
        ("type missing", {"breach_type": ""}, "breach_type", "Select what happened to your information"),
        ("breach date blank", parts("breach_date"), "breach_date", "Enter the date it happened"),
        ("breach date no month", parts("breach_date", d="10", y="2025"), "breach_date",
         "The date it happened must include a month"),
        ("breach date not real", parts("breach_date", d="32", m="1", y="2025"), "breach_date",
         f"The date it happened {REAL_DATE}"),
        ("breach date tomorrow", {**parts("breach_date", TOMORROW), **parts("discovered_date", TOMORROW)},
         "breach_date", "The date it happened must be today or in the past"),
        ("found out blank", parts("discovered_date"), "discovered_date", "Enter the date you found out"),
        ("found out tomorrow", parts("discovered_date", TOMORROW), "discovered_date",
         "The date you found out must be today or in the past"),
        ("found out before it happened", parts("discovered_date", date(2025, 11, 9)), "discovered_date",
         "The date you found out must be the same as or after the date it happened"),
        ("method missing", {"discovery_method": ""}, "discovery_method", "Select how you found out"),
        ("account blank", {"account": "  \n "}, "account", "Tell us what happened"),
        ("account too long", {"account": "w" * 10_001}, "account",
         "Your account of what happened must be 10,000 characters or fewer"),
        ("account control character", {"account": "It was\x1bsent"}, "account",
         f"Your account of what happened {BAD_CHARACTERS}"),
    ],
    "what-data": [
        ("nothing ticked", {"data_categories": []}, "data_categories", "Select at least one kind of information"),
        ("not an option", {"data_categories": ["children", "shoe_size"]}, "data_categories",
         "Choose from the options given"),
        ("other not described", {"data_categories": ["other"], "data_other": ""}, "data_other",
         "Describe the other information"),
        ("other too long", {"data_categories": ["other"], "data_other": "o" * 501}, "data_other",
         "Your description of the other information must be 500 characters or fewer"),
    ],
    "who-saw-it": [
        ("scope missing", {"recipients_scope": ""}, "recipients_scope", "Select how many people saw it"),
        ("who missing", {"recipient_relationship": ""}, "recipient_relationship", "Select who saw it"),
        ("details too long", {"recipient_details": "d" * 2001}, "recipient_details",
         "Details about who saw it must be 2,000 characters or fewer"),
    ],
    "effects": [
        ("distress missing", {"distress_level": ""}, "distress_level", "Select how much distress it has caused"),
        ("effect not an option", {"effects": ["anxiety", "boredom"]}, "effects", "Choose from the options given"),
        ("details too long", {"effects_details": "e" * 10_001}, "effects_details",
         "Details of how it has affected you must be 10,000 characters or fewer"),
        ("medical help missing", {"medical_help": ""}, "medical_help", "Select whether you have seen anyone"),
        ("diagnosed missing", {"diagnosed": ""}, "diagnosed",
         "Select yes if you have been diagnosed with a condition"),
        ("diagnosis not given", {"diagnosed": "yes", "diagnosis_details": ""}, "diagnosis_details",
         "Enter what you were diagnosed with"),
        ("diagnosis too long", {"diagnosis_details": "a" * 501}, "diagnosis_details",
         "The diagnosis must be 500 characters or fewer"),
        ("worsened missing", {"condition_worsened": ""}, "condition_worsened",
         "Select yes if it made a condition worse"),
        ("ongoing missing", {"effects_ongoing": ""}, "effects_ongoing", "Select yes if you are still affected"),
    ],
    "money": [
        ("three decimals", {"therapy_amount": "12.345"}, "therapy_amount",
         "Enter an amount with no more than 2 decimal places, like 12.50"),
        ("negative", {"travel_amount": "-5"}, "travel_amount", "Enter an amount of £0 or more"),
        ("negative after pound sign", {"travel_amount": "£-5.00"}, "travel_amount", "Enter an amount of £0 or more"),
        ("words", {"fraud_amount": "about a hundred"}, "fraud_amount",
         "Enter an amount in pounds and pence, like 12.50"),
        ("two points", {"fraud_amount": "1.2.3"}, "fraud_amount", "Enter an amount in pounds and pence, like 12.50"),
        ("too large", {"moving_costs_amount": "10000000.01"}, "moving_costs_amount",
         "Enter an amount of £10,000,000 or less"),
        ("other costs not described", {"other_amount": "10", "other_details": ""}, "other_details",
         "Describe the other costs"),
        ("details too long", {"therapy_details": "t" * 501}, "therapy_details",
         "Details of therapy or counselling must be 500 characters or fewer"),
    ],
    "what-done": [
        ("reply missing", {"organisation_reply": ""}, "organisation_reply",
         "Select whether you have complained to the organisation"),
        ("ico missing", {"complained_to_ico": ""}, "complained_to_ico", "Select yes if you have complained to the ICO"),
        ("represented missing", {"already_represented": ""}, "already_represented",
         "Select yes if another law firm is acting for you"),
        ("group missing", {"in_group_action": ""}, "in_group_action", "Select yes if you have joined a group claim"),
        ("details too long", {"other_action_details": "x" * 2001}, "other_action_details",
         "Anything else we should know must be 2,000 characters or fewer"),
    ],
}

# page: [(case id, overrides)] that must be accepted: the edges of every rule.
ACCEPTED = {
    "about-you": [
        ("18 today", parts("date_of_birth", years_ago(18))),
        ("18 today claiming for a child", {"claiming_for": "child", **parts("date_of_birth", years_ago(18))}),
        ("120 years old", parts("date_of_birth", years_ago(120))),
        ("names at the limit", {"first_name": "A" * 80, "last_name": "B" * 80, "town": "C" * 80}),
        ("address at the limit", {"address_line_1": "x" * 120, "address_line_2": "y" * 120}),
        ("no phone", {"phone": ""}),
        ("international phone", {"phone": "+44 (0)20 7946 0958"}),
        ("postcode without space", {"postcode": "sw1a1aa"}),
        ("GIR postcode", {"postcode": "GIR 0AA"}),
        ("date boxes with leading zeros", parts("date_of_birth", d="01", m="02", y="1990")),
    ],
    "about-the-child": [
        ("born today", parts("child_date_of_birth", TODAY)),
        ("18 tomorrow", parts("child_date_of_birth", years_ago(18, days=1))),
    ],
    "what-happened": [
        ("both today", {**parts("breach_date", TODAY), **parts("discovered_date", TODAY)}),
        ("found out the same day", parts("discovered_date", date(2025, 11, 10))),
        ("account at the limit", {"account": "w" * 10_000}),
    ],
    "what-data": [("other described", {"data_categories": ["other"], "data_other": "o" * 500})],
    "effects": [("not diagnosed, no details", {"diagnosed": "no", "diagnosis_details": "", "effects": []})],
    "money": [
        ("nothing lost", {"therapy_amount": "", "therapy_details": "", "travel_amount": ""}),
        ("zero", {"therapy_amount": "0"}),
        ("pound sign and thousands", {"therapy_amount": "£1,234.56"}),
        ("pence only", {"travel_amount": ".5"}),
        ("the most", {"fraud_amount": "10000000"}),
    ],
    "what-done": [("details at the limit", {"other_action_details": "x" * 2000})],
}


def _params(table):
    return [pytest.param(page, *case[1:], id=f"{page}: {case[0]}") for page, cases in table.items() for case in cases]


@pytest.fixture
def claimant(client):
    claimant = Claimant(client)
    claimant.start()
    return claimant


def _reach(claimant: Claimant, page: str) -> None:
    if page == "about-the-child":
        claimant.answer_ok("about-you", claiming_for="child")


def _draft() -> IntakeDraft:
    db.session.expire_all()
    return db.session.scalars(select(IntakeDraft)).one()


def _anchor(field: str) -> str:
    if field in DATE_FIELDS:
        return f"{field}-day"
    return f"{field}-0" if field in CHOICE_FIELDS else field


@pytest.mark.parametrize("page, overrides, field, message", _params(CASES))
def test_a_mistake_is_explained_linked_and_nothing_typed_is_lost(claimant, page, overrides, field, message):
    _reach(claimant, page)
    response = claimant.answer(page, **overrides)

    assert response.status_code == 200
    html = parse(response)
    assert html.by_id("error-summary-title").text.strip() == "There is a problem"
    assert (f"#{_anchor(field)}", message) in html.error_summary()
    assert _anchor(field) in html.ids, "the error summary links to an element that is not on the page"
    assert html.error_message(field) == message
    assert html.find_all("title")[0].text.startswith("Error: ")
    assert_typed_values_kept(html, form_data(page, **overrides))
    assert page not in _draft().answers


def test_every_summary_link_points_at_its_field_when_a_whole_page_is_blank(claimant):
    """Submitting a page with nothing filled in lists every required question, each linked."""
    required = {"about-you": 8, "organisation": 3, "what-happened": 5, "what-data": 1, "who-saw-it": 2,
                "effects": 5, "what-done": 4}
    for page, questions in required.items():
        response = claimant.client.post(f"/claim/{page}", data={})
        html = parse(response)
        summary = html.error_summary()
        assert len(summary) == questions, (page, summary)
        for href, message in summary:
            assert href[1:] in html.ids, (page, href)
            assert message, (page, href)


@pytest.mark.parametrize("page, overrides", _params(ACCEPTED))
def test_answers_at_the_edge_of_each_rule_are_accepted(claimant, page, overrides):
    _reach(claimant, page)
    claimant.answer_ok(page, **overrides)
    assert page in _draft().answers


def test_money_is_saved_as_whole_pence(claimant):
    claimant.answer_ok("money", therapy_amount="£1,234.56", travel_amount=".5", fraud_amount="0")
    money = _draft().answers["money"]
    assert (money["therapy_amount"], money["travel_amount"], money["fraud_amount"]) == (123456, 50, 0)


def test_a_postcode_is_saved_in_capitals_with_one_space(claimant):
    claimant.answer_ok("about-you", postcode="  sw1a1aa ")
    assert _draft().answers["about-you"]["postcode"] == "SW1A 1AA"


def test_several_mistakes_at_once_are_all_listed_in_page_order(claimant):
    response = claimant.answer("about-you", first_name="", email="nope", postcode="??", **parts("date_of_birth"))
    summary = parse(response).error_summary()
    assert summary == [
        ("#first_name", "Enter your first name"),
        ("#date_of_birth-day", "Enter your date of birth"),
        ("#email", EMAIL_FORMAT),
        ("#postcode", POSTCODE),
    ]


def test_a_changed_page_with_a_mistake_keeps_the_saved_answer_until_corrected(claimant):
    claimant.answer_ok("organisation")
    response = claimant.answer("organisation", "?change=1", organisation_name="", sector="police")
    assert response.status_code == 200
    html = parse(response)
    assert html.checked("sector") == ["police"]  # what was just typed is shown, not the saved answer
    assert _draft().answers["organisation"]["sector"] == "local_authority"  # and nothing half-saved


def assert_typed_values_kept(html: Page, posted: dict) -> None:
    """Every value the claimant posted is back in its input, ticked, or in its box as typed."""
    choice_names = {e.attrs["name"] for e in html.find_all("input") if e.attrs.get("type") in ("radio", "checkbox")}
    for name, typed in posted.items():
        if name in choice_names:
            expected = typed if isinstance(typed, list) else ([typed] if typed else [])
            offered = {e.attrs["value"] for e in html.find_all("input") if e.attrs.get("name") == name}
            assert sorted(html.checked(name)) == sorted(v for v in expected if v in offered), name
            continue
        shown = html.value(name)
        assert shown is not None, f"no input for {name}"
        if name == "postcode" and typed.strip() and shown != typed.strip():
            # a valid postcode may come back tidied (capitals, one space) but never changed otherwise
            assert shown.replace(" ", "") == typed.replace(" ", "").upper(), (name, typed, shown)
            continue
        assert shown == typed.strip(), (name, typed[:40], shown[:40])
