"""The distress score: the tables, each factor's contribution, and that more harm never scores less."""
from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest

from claims.domain import scoring, vocab
from claims.domain.scoring import FACTOR_MAXIMA, score_claim, score_frame, sensitivity_reason, sensitivity_tier
from claims.domain.valuation.inputs import ClaimFacts

BASE = ClaimFacts(
    breach_type="misdirected_communication", data_categories=(), special_category=False,
    children_involved=False, recipients_scope="single_recipient", recipient_known_to_claimant=False,
    distress_level="none", medical_evidence="none", financial_loss_pence=0, breach_on=date(2025, 1, 1),
)


def facts(**changes) -> ClaimFacts:
    return dataclasses.replace(BASE, **changes)


def points(result, name: str) -> int:
    return next(factor.points for factor in result.factors if factor.name == name)


def test_factor_maxima_add_up_to_100():
    assert sum(FACTOR_MAXIMA.values()) == 100


def test_every_data_category_and_relationship_has_a_weight():
    assert set(scoring.TIER_BY_CATEGORY) == set(vocab.DATA_CATEGORIES)
    assert set(scoring.RELATIONSHIP_POINTS) == set(vocab.RECIPIENT_RELATIONSHIPS)
    assert set(scoring.SCOPE_POINTS) == set(vocab.RECIPIENT_SCOPES)
    assert set(scoring.DISTRESS_POINTS) == set(vocab.DISTRESS_LEVELS)
    assert set(scoring.REPLY_POINTS) == set(vocab.ORGANISATION_REPLIES)


@pytest.mark.parametrize("categories, special, tier", [
    ((), False, 0),
    (("contact_details",), False, 1),
    (("contact_details", "financial"), False, 2),
    (("id_documents",), False, 2),
    (("health",), False, 3),
    (("children",), False, 3),
    (("immigration",), False, 3),
    (("social_care",), False, 4),
    (("criminal_allegations", "contact_details"), False, 4),
    (("mental_health",), False, 4),
    (("sexual_life",), False, 4),
    ((), True, 3),                      # special category with no category named
    (("contact_details",), True, 3),
    (("social_care",), True, 4),        # special never lowers a higher tier
])
def test_sensitivity_tier(categories, special, tier):
    assert sensitivity_tier(categories, special) == tier


@pytest.mark.parametrize("categories, special, reason", [
    ((), False, "no data described"),
    (("mental_health",), True, "mental health"),  # no sex life named when there was none
    (("sexual_life",), True, "sex life or sexual orientation"),
    (("mental_health", "sexual_life", "contact_details"), True, "mental health and sex life or sexual orientation"),
    (("contact_details", "children", "social_care"), False, "social care or child protection records"),
    (("criminal_allegations", "social_care"), False,
     "social care or child protection records and criminal allegations"),
    (("health", "immigration", "contact_details"), True, "physical health and immigration status"),
    (("contact_details",), True, "special category data"),  # only the flag lifted the tier
    (("financial", "contact_details"), False, "financial details"),
    (("date_of_birth", "contact_details"), False, "contact details and date of birth"),
])
def test_the_sensitivity_reason_names_only_the_categories_present(categories, special, reason):
    assert sensitivity_reason(categories, special) == reason
    result = score_claim(facts(data_categories=categories, special_category=special))
    assert next(f.reason for f in result.factors if f.name == "sensitivity") == reason


def test_every_data_category_has_a_name_for_the_reason():
    assert set(scoring.CATEGORY_NAMES) == set(vocab.DATA_CATEGORIES)


@pytest.mark.parametrize("changes, factor, expected", [
    ({}, "sensitivity", 0),
    ({"data_categories": ("contact_details",)}, "sensitivity", 5),
    ({"data_categories": ("financial",)}, "sensitivity", 10),
    ({"special_category": True}, "sensitivity", 16),
    ({"data_categories": ("social_care",)}, "sensitivity", 22),
    ({}, "recipient", 3),
    ({"recipient_known_to_claimant": True}, "recipient", 7),
    ({"recipient_relationship": "professional"}, "recipient", 1),
    ({"recipient_relationship": "stranger"}, "recipient", 3),
    ({"recipient_relationship": "neighbour"}, "recipient", 10),
    ({"recipient_relationship": "ex_partner"}, "recipient", 11),
    ({"recipients_scope": "few_recipients"}, "spread", 4),
    ({"recipients_scope": "many_recipients"}, "spread", 7),
    ({"recipients_scope": "public"}, "spread", 9),
    ({"repeated": True}, "repeated", 4),
    ({"distress_level": "minimal"}, "distress", 3),
    ({"distress_level": "moderate"}, "distress", 6),
    ({"distress_level": "significant"}, "distress", 9),
    ({"distress_level": "severe"}, "distress", 12),
    ({"effects": ("anxiety",)}, "effects", 1),
    ({"effects": ("anxiety", "sleep", "confidence", "work", "relationships")}, "effects", 4),
    ({"effects": ("fear_for_safety", "had_to_move")}, "effects", 0),  # scored under their own factors
    ({"medical_evidence": "gp"}, "medical", 5),
    ({"medical_evidence": "psychiatric_diagnosis"}, "medical", 10),
    ({"effects_ongoing": True}, "duration", 4),
    ({"children_involved": True}, "vulnerability", 3),
    ({"fear_for_safety": True}, "vulnerability", 5),
    ({"children_involved": True, "fear_for_safety": True}, "vulnerability", 8),
    ({"had_to_move": True}, "relocation", 12),
    ({"organisation_reply": "apologised"}, "handling", 0),
    ({"organisation_reply": "no_reply"}, "handling", 3),
    ({"organisation_reply": "denied", "defendant_delayed": True}, "handling", 4),
    ({"defendant_delayed": True}, "handling", 1),
])
def test_factor_table(changes, factor, expected):
    assert points(score_claim(facts(**changes)), factor) == expected


def test_nothing_at_all_scores_the_floor_of_the_table():
    result = score_claim(BASE)
    assert result.total == 2 + 3  # one recipient who does not know the claimant
    assert [factor.name for factor in result.factors] == list(FACTOR_MAXIMA)
    assert sum(factor.points for factor in result.factors) == result.total


def test_everything_scores_100():
    worst = facts(data_categories=("social_care",), recipient_relationship="ex_partner", recipients_scope="public",
                  repeated=True, distress_level="severe", effects=("anxiety", "sleep", "work", "confidence"),
                  medical_evidence="psychiatric_diagnosis", effects_ongoing=True, children_involved=True,
                  fear_for_safety=True, had_to_move=True, organisation_reply="denied", defendant_delayed=True)
    assert score_claim(worst).total == 100


def test_factors_carry_label_maximum_and_reason():
    factor = score_claim(facts(recipient_relationship="neighbour")).factors[1]
    assert factor.as_dict() == {"name": "recipient", "label": "Who saw it", "contribution": 10, "maximum": 11,
                                "reason": "recipient: neighbour"}


ORDERED = {  # each input's values from least to most harmful
    "data_categories": [(), ("contact_details",), ("financial",), ("health",), ("social_care",)],
    "special_category": [False, True],
    "children_involved": [False, True],
    "recipients_scope": list(vocab.RECIPIENT_SCOPES),
    "recipient_known_to_claimant": [False, True],
    "distress_level": list(vocab.DISTRESS_LEVELS),
    "medical_evidence": ["none", "gp", "psychiatric_diagnosis"],
    "effects": [(), ("anxiety",), ("anxiety", "sleep"), ("anxiety", "sleep", "work", "confidence")],
    "effects_ongoing": [False, True],
    "fear_for_safety": [False, True],
    "had_to_move": [False, True],
    "repeated": [False, True],
    "defendant_delayed": [False, True],
    "recipient_relationship": ["professional", "stranger", "unknown", "someone_else_known", "family",
                               "neighbour", "ex_partner"],
    "organisation_reply": [None, "apologised", "no_reply"],
}


@pytest.mark.parametrize("name", list(ORDERED))
def test_more_harm_never_scores_less(name):
    values = ORDERED[name]
    for base in (BASE, facts(recipient_known_to_claimant=True, distress_level="severe", special_category=True)):
        totals = [score_claim(dataclasses.replace(base, **{name: value})).total for value in values]
        assert totals == sorted(totals), (name, totals)


def test_score_frame_matches_score_claim():
    cases = [facts(**{name: value}) for name, values in ORDERED.items() for value in values]
    frame = pd.DataFrame([{**dataclasses.asdict(case), "tier": case.tier,
                           "effects_count": len(set(case.effects) - scoring.SEPARATELY_SCORED_EFFECTS)}
                          for case in cases])
    assert score_frame(frame).tolist() == [score_claim(case).total for case in cases]
