"""The register's pure rules (claims.domain.register): names as compared, ICO numbers, matching a claim to a
defendant and an incident, and possible duplicates."""
from __future__ import annotations

from datetime import date

import pytest

from claims.domain import register as rules
from claims.domain.register import ClaimPerson


@pytest.mark.parametrize("one, other", [
    ("Birmingham Children's Trust", "Birmingham Childrens Trust CIC"),
    ("Birmingham Children’s Trust", "birmingham childrens trust"),
    ("The Post Office Ltd", "Post Office Limited"),
    ("Acme Retail PLC", "ACME RETAIL"),
    ("Smith & Jones LLP", "Smith and Jones"),
    ("Leeds City Council.", "  Leeds   City Council "),
    ("Hôpital Général Ltd.", "Hopital General"),
    ("Birmingham Children's Trust Community Interest Company", "Birmingham Childrens Trust CIC"),
    ("Acme Public Limited Company", "Acme plc"),
    ("Smith Jones Limited Liability Partnership", "Smith Jones LLP"),
    ("Smith & Co", "Smith"),
])
def test_names_that_are_one_organisation_have_one_key(one, other):
    assert rules.name_key(one) == rules.name_key(other) != ""


@pytest.mark.parametrize("one, other", [
    ("Birmingham Children's Trust", "Birmingham City Council"),
    ("Leeds City Council", "Leeds Teaching Hospitals NHS Trust"),
    ("Theatre Royal", "Royal"),  # "the" goes only as a whole first word
    ("Co-operative Bank", "Bank"),
])
def test_different_organisations_keep_different_keys(one, other):
    assert rules.name_key(one) != rules.name_key(other)


@pytest.mark.parametrize("name, key", [
    ("Birmingham Children's Trust", "birmingham childrens trust"),
    ("The Post Office Ltd", "post office"),
    ("Ltd", "ltd"),  # a name that is only a legal form keeps it
    ("!!!", ""),
])
def test_the_key_itself(name, key):
    assert rules.name_key(name) == key


@pytest.mark.parametrize("typed, stored", [
    ("Z1234567", "Z1234567"), ("z1234567", "Z1234567"), ("ZA123456", "ZA123456"), (" zb 123 456 ", "ZB123456"),
])
def test_ico_registration_numbers_read(typed, stored):
    assert rules.ico_registration(typed) == stored


@pytest.mark.parametrize("typed", ["", "Z123456", "Z12345678", "A1234567", "ZAB12345", "ZA1234567", "Z-1234567",
                                   "Z123456٣"])
def test_anything_else_is_not_an_ico_registration_number(typed):
    with pytest.raises(ValueError, match="Z1234567"):
        rules.ico_registration(typed)


def test_a_claim_matches_a_defendant_by_any_of_its_names():
    known = {rules.name_key("Birmingham Children's Trust"): 7, rules.name_key("Leeds City Council"): 9}
    assert rules.match_defendant("birmingham childrens trust cic", known) == 7
    assert rules.match_defendant("The Leeds City Council", known) == 9
    assert rules.match_defendant("Leeds Council", known) is None
    assert rules.match_defendant("", known) is None


BREACH = date(2025, 11, 10)


@pytest.mark.parametrize("incidents, expected", [
    ([(1, date(2025, 11, 10))], 1),
    ([(1, date(2025, 12, 10))], 1),  # 30 days after: still in the window
    ([(1, date(2025, 12, 11))], None),  # 31 days
    ([(1, date(2025, 10, 11))], 1),  # 30 days before
    ([(1, date(2025, 10, 10))], None),
    ([(1, date(2025, 11, 1)), (2, date(2025, 11, 12))], 2),  # the nearer
    ([(1, date(2025, 11, 8)), (2, date(2025, 11, 12))], None),  # equally near: a solicitor chooses
    ([(1, None)], None),  # an incident with no date is never matched by date
    ([], None),
])
def test_a_claim_matches_the_incident_nearest_its_breach_within_30_days(incidents, expected):
    assert rules.match_incident(BREACH, incidents) == expected


def person(**changes) -> ClaimPerson:
    values = dict(first_name="Alex", last_name="Morgan", date_of_birth=date(1986, 6, 14), email="alex@example.com",
                  defendant_key="plymouth city council", defendant_id=3, incident_id=None, breach_on=BREACH,
                  postcode="PL1 2AB")
    values.update(changes)
    return ClaimPerson(**values)


# changes to the second claim → flagged?
DUPLICATES = [
    ({}, True),  # an identical resubmission
    ({"first_name": "ALEX", "last_name": "morgan"}, True),
    ({"first_name": "Alexx"}, True),  # a typing slip
    ({"first_name": "Alex", "last_name": "Morgan-Jones", "email": "other@example.com"}, False),  # another person
    ({"first_name": "Sam"}, False),
    ({"date_of_birth": date(1990, 1, 1)}, True),  # the same email is enough
    ({"email": "other@example.com"}, True),  # the same date of birth is enough
    ({"date_of_birth": date(1990, 1, 1), "email": "other@example.com"}, False),
    ({"email": "ALEX@example.com ", "date_of_birth": None}, True),
    ({"breach_on": date(2025, 12, 10)}, True),  # within 30 days, same defendant
    ({"breach_on": date(2026, 3, 1)}, False),  # another breach by the same defendant
    ({"defendant_id": 4, "defendant_key": "leeds city council"}, False),
    ({"defendant_id": None}, True),  # not matched to the register, but the same name as compared
    ({"breach_on": date(2026, 3, 1), "incident_id": 5}, False),
]


@pytest.mark.parametrize("changes, flagged", DUPLICATES)
def test_possible_duplicates(changes, flagged):
    assert bool(rules.duplicate_reasons(person(), person(**changes))) is flagged


def test_the_same_incident_is_the_same_matter_whatever_the_dates():
    first, second = person(incident_id=5), person(incident_id=5, breach_on=date(2026, 3, 1))
    assert rules.duplicate_reasons(first, second) == ["the same name", "the same date of birth",
                                                     "the same email address", "the same postcode",
                                                     "the same incident"]


def test_an_identical_resubmission_says_why():
    assert rules.duplicate_reasons(person(), person()) == [
        "the same name", "the same date of birth", "the same email address", "the same postcode",
        "the same defendant and breach date"]
