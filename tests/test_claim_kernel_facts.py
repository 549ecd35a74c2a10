"""The kernel reads a claim's facts one way: the claim page (one loaded claim) and a page of claims (columns
in one query) get the same screening, limitation dates and derived facts."""
from __future__ import annotations

from datetime import date

import pytest

from claims.claim import limitation
from claims.claim.facts import facts_from_row, facts_of
from claims.extensions import db
from claims.models import Claim

TODAY = date(2026, 11, 23)
CASES = {
    "adult, private defendant": {"organisation": {"organisation_name": "Acme Shop", "sector": "retail",
                                                  "public_body": "no"}},
    "NHS, not sure": {"organisation": {"organisation_name": "Derriford Hospital NHS Trust", "sector": "nhs",
                                       "public_body": "not_sure"}},
    "psychiatric injury": {"effects": {"medical_help": "specialist", "diagnosed": "yes",
                                       "diagnosis_details": "PTSD"}},
    "child at the breach": {"about-you": {"date_of_birth-day": "1", "date_of_birth-month": "8",
                                          "date_of_birth-year": "2008"}},
}


@pytest.mark.parametrize("answers", CASES.values(), ids=CASES.keys())
def test_one_claim_and_a_page_of_claims_read_the_same_facts(app, make_claim, answers):
    claim = make_claim(**answers)
    claim.concealment_discovered_on = date(2026, 6, 1) if "psychiatric injury" in str(answers) else None
    db.session.commit()
    claim = db.session.get(Claim, claim.id)
    one, page = limitation.screen_claim(claim, today=TODAY), limitation.screen_claims([claim.id], today=TODAY)[claim.id]
    assert one.flags == page.flags and one.limitation == page.limitation
    assert limitation.screening_input(claim).personal_injury is facts_of(claim).personal_injury


def test_facts_from_a_row_equal_the_facts_of_the_loaded_claim(app, make_claim):
    claim = make_claim(**CASES["NHS, not sure"])
    row = {"breach_on": claim.breach_on, "discovered_on": claim.discovered_on, "medical_help": claim.medical_help,
           "diagnosed": claim.diagnosed, "recipient_relationship": claim.recipient_relationship,
           "defendant_public_authority": claim.defendant_public_authority, "defendant_sector": claim.defendant_sector,
           "concealment_discovered_on": None, "lacked_capacity": False, "capacity_regained_on": None,
           "born_on": claim.claimant.date_of_birth, "postcode": claim.claimant.postcode, "register_public": None}
    assert facts_from_row(row, categories=claim.category_codes, effects=claim.effect_codes) == facts_of(claim)
