"""The input schema: what a valid claim becomes, and that every problem names its key."""
from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest

from claims.domain.valuation import ValuationInputError, parse_claim
from claims.domain.valuation.inputs import REQUIRED_KEYS, UNITEMISED, LossItem

from .conftest import AS_OF, claim


def parse(**changes):
    return parse_claim(claim(**changes), as_of=AS_OF)


def error_for(data) -> ValuationInputError:
    with pytest.raises(ValuationInputError) as caught:
        parse_claim(data, as_of=AS_OF)
    return caught.value


def test_a_valid_claim_is_normalised():
    facts = parse(financial_loss_gbp=12.5, reference=42)
    assert facts.breach_type == "misdirected_communication"
    assert facts.data_categories == ("social_care", "children")
    assert facts.tier == 4
    assert facts.financial_loss_pence == 1250
    assert facts.losses == (LossItem(UNITEMISED, 1250, False),)
    assert facts.breach_on == date(2025, 3, 1)
    assert facts.reference == "42"
    assert facts.recipient_relationship is None and facts.limitation is None


@pytest.mark.parametrize("key", REQUIRED_KEYS)
def test_each_missing_key_is_named(key):
    data = claim()
    del data[key]
    error = error_for(data)
    assert error.key == key
    assert str(error) == f"{key}: missing (required)"


@pytest.mark.parametrize("key, value", [
    ("breach_type", "lost"),
    ("recipients_scope", "everyone"),
    ("distress_level", "high"),
    ("medical_evidence", "counsellor"),
    ("recipient_relationship", "landlord"),
    ("organisation_reply", "sorry"),
    ("data_categories", ["social_care", "diaries"]),
    ("effects", ["anxiety", "boredom"]),
])
def test_each_unknown_value_is_named(key, value):
    error = error_for(claim(**{key: value}))
    assert error.key == key
    assert str(error).startswith(f"{key}: unknown value")


@pytest.mark.parametrize("key, value, message", [
    ("special_category", "yes", "expected true or false"),
    ("children_involved", 1, "expected true or false"),
    ("recipient_known_to_claimant", None, "missing (required)"),
    ("data_categories", "social_care", "expected a list of codes"),
    ("financial_loss_gbp", -1, "expected an amount of 0 or more"),
    ("financial_loss_gbp", 12.345, "expected at most 2 decimal places"),
    ("financial_loss_gbp", math.nan, "expected a finite amount"),
    ("financial_loss_gbp", True, "expected an amount in pounds"),
    ("financial_loss_gbp", "twelve", "expected an amount in pounds"),
    ("financial_loss_gbp", 10_000_001, "expected £10,000,000 or less"),
    ("breach_date", "01/03/2025", "expected a date written YYYY-MM-DD"),
    ("breach_date", "2025-02-30", "is not a real date"),
    ("breach_date", "2026-11-23", "is after the valuation date"),
    ("limitation", "uk_gdpr", "expected a list of {cause, expires_on}"),
    ("days_to_limitation", 40, "no longer accepted: give the limitation dates instead"),
    ("effects_ongoing", "no", "expected true or false"),
])
def test_each_bad_value_is_named(key, value, message):
    error = error_for(claim(**{key: value}))
    assert error.key == key and message in str(error)


def test_an_unknown_key_is_refused_so_typos_do_not_pass():
    error = error_for(claim(fear_for_saftey=True))
    assert str(error) == "fear_for_saftey: unknown key"


def test_the_claim_must_be_a_mapping():
    assert error_for(["not", "a", "dict"]).key == "claim"


@pytest.mark.parametrize("amount, pence", [(0, 0), (12, 1200), (12.5, 1250), ("19.99", 1999), (Decimal("3.49"), 349),
                                           (0.29, 29), (12.500, 1250)])
def test_amounts_become_pence(amount, pence):
    assert parse(financial_loss_gbp=amount).financial_loss_pence == pence


def test_lost_or_stolen_is_accepted_for_the_intake_form():
    assert parse(breach_type="lost_or_stolen").breach_type == "lost_or_stolen"


def test_effects_fear_and_moving_set_their_flags():
    facts = parse(effects=["anxiety", "fear_for_safety", "had_to_move"])
    assert facts.fear_for_safety and facts.had_to_move


def test_a_known_relationship_means_the_recipient_knows_the_claimant():
    assert parse(recipient_known_to_claimant=False, recipient_relationship="ex_partner").recipient_known_to_claimant
    assert not parse(recipient_known_to_claimant=False, recipient_relationship="stranger").recipient_known_to_claimant


def test_itemised_losses_and_an_unitemised_remainder():
    facts = parse(financial_loss_gbp=500, financial_losses=[
        {"head": "therapy", "amount_gbp": 300, "evidenced": True},
        {"head": "travel", "amount_gbp": 50.5},
    ])
    assert facts.losses == (LossItem("therapy", 30000, True), LossItem("travel", 5050, False),
                            LossItem(UNITEMISED, 14950, False))


@pytest.mark.parametrize("items, key", [
    ([{"head": "therapy", "amount_gbp": 600}], "financial_losses"),
    ([{"head": "holiday", "amount_gbp": 10}], "financial_losses[0].head"),
    ([{"head": "therapy"}], "financial_losses[0].amount_gbp"),
    ([{"head": "therapy", "amount_gbp": 10, "evidenced": "yes"}], "financial_losses[0].evidenced"),
    ([{"head": "therapy", "amount_gbp": 10, "note": "x"}], "financial_losses[0].note"),
    (["therapy"], "financial_losses[0]"),
    ("therapy", "financial_losses"),
])
def test_itemised_loss_problems_are_named(items, key):
    assert error_for(claim(financial_loss_gbp=500, financial_losses=items)).key == key


def test_a_date_object_is_accepted():
    assert parse(breach_date=date(2024, 1, 31)).breach_on == date(2024, 1, 31)


def test_limitation_dates_are_read_as_cause_and_last_day():
    facts = parse(limitation=[{"cause": "human_rights_act", "expires_on": "2026-02-28"},
                              {"cause": "uk_gdpr", "expires_on": None}])
    assert facts.limitation == (("human_rights_act", date(2026, 2, 28)), ("uk_gdpr", None))


@pytest.mark.parametrize("item, key, message", [
    ({"cause": "tort", "expires_on": "2026-01-01"}, "limitation[0].cause", "unknown value 'tort'"),
    ({"cause": "uk_gdpr", "expires_on": "01/01/2026"}, "limitation[0].expires_on", "expected a date written YYYY-MM-DD"),
    ({"cause": "uk_gdpr", "expires_on": "2027-02-29"}, "limitation[0].expires_on", "is not a real date"),
    ({"cause": "uk_gdpr"}, "limitation[0].expires_on", "missing (required)"),
    ({"cause": "uk_gdpr", "expires_on": None, "days": 3}, "limitation[0].days", "unknown key"),
    ("uk_gdpr", "limitation[0]", "expected {cause, expires_on}"),
])
def test_bad_limitation_dates_are_named(item, key, message):
    error = error_for(claim(limitation=[item]))
    assert error.key == key and message in str(error)
