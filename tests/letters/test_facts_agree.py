"""Screening, valuation and letters read a claim's derived facts the same way (claims.domain.claim_facts).

Each claim is made through the form's own service, then each feature is asked: is the defendant a
public authority, are children involved, what medical evidence is there. The letter of claim that
lists the Human Rights Act as a cause must also plead it.
"""
from __future__ import annotations

from datetime import date

import pytest

from claims.domain import vocab
from claims.domain.scoring import score_claim
from claims.domain.valuation import parse_claim
from claims.extensions import db
from claims.claim.facts import facts_of
from claims.letters.context import letter_context
from claims.firm import firm_settings
from claims.models import Claim
from claims.valuation import service
from tests.letters.test_flow import prepare_letter_of_claim
from tests.letters.test_letter_of_claim import generate, letter_of_claim_text, signed_claim

TODAY = date(2026, 11, 23)  # tests/conftest.py freezes the suite here
RECENT = {"breach_date-day": "10", "breach_date-month": "6", "breach_date-year": "2026",
          "discovered_date-day": "20", "discovered_date-month": "6", "discovered_date-year": "2026"}
NHS_NOT_SURE = {"organisation": {"organisation_name": "Derriford Hospital NHS Trust", "sector": "nhs",
                                 "public_body": "not_sure"}}
SEVENTEEN_AT_BREACH = {"about-you": {"date_of_birth-day": "1", "date_of_birth-month": "8",
                                     "date_of_birth-year": "2008"},  # 18 on 1 August 2026
                       "what-data": {"data_categories": ["contact_details"]}}
GP_DIAGNOSED_ANXIETY = {"effects": {"medical_help": "gp", "diagnosed": "yes", "diagnosis_details": "Anxiety"}}
HRA_PARAGRAPH = "Human Rights Act 1998. You are a public authority."
HRA_CAUSE = vocab.CAUSES_OF_ACTION.label("human_rights_act")


def answers(**pages) -> dict:
    return {"what-happened": RECENT, **pages}


def facts_everywhere(claim: Claim) -> dict[str, dict]:
    """What screening, the valuation and the letter of claim each take the derived facts to be."""
    causes = {kd.cause for kd in claim.key_dates if kd.kind == "limitation"}
    screening = {
        "public_authority": facts_of(claim).public_authority,
        "lists_the_hra": "human_rights_act" in causes,
        "child_at_breach": any("under 18 at the breach" in kd.basis for kd in claim.key_dates),
    }
    inputs = service.claim_inputs(claim, as_of=TODAY)
    valuation = {"public_authority": inputs["defendant_public_authority"],
                 "children_involved": inputs["children_involved"], "medical_evidence": inputs["medical_evidence"]}
    whole = letter_context(claim, "letter_of_claim", firm=firm_settings(), today=TODAY)
    context = whole["claim"]
    letter = {"public_authority": context["public_authority"],
              "defendant_public_authority": whole["defendant"]["public_authority"],
              "lists_the_hra": HRA_CAUSE in context["causes_of_action"],
              "children_involved": context["children_involved"],
              "child_at_breach": context["children_statement"].startswith("Our client was a child")}
    return {"screening": screening, "valuation": valuation, "letter": letter}


def assert_agree(seen: dict[str, dict], *, public: bool, children: bool) -> None:
    screening, valuation, letter = seen["screening"], seen["valuation"], seen["letter"]
    assert screening["public_authority"] is screening["lists_the_hra"] is public
    assert valuation["public_authority"] is public
    assert letter["public_authority"] is letter["defendant_public_authority"] is letter["lists_the_hra"] is public
    assert valuation["children_involved"] is letter["children_involved"] is children


def test_an_nhs_defendant_the_claimant_was_not_sure_about_is_a_public_authority_everywhere(
        client, login_as, make_claim):
    login_as("solicitor")
    claim = signed_claim(client, make_claim, **answers(**NHS_NOT_SURE))
    assert_agree(facts_everywhere(claim), public=True, children=True)
    prepare_letter_of_claim(client, claim)  # links the claim to a register entry made from "not sure"
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    assert claim.defendant is not None and claim.defendant.public_authority is False
    assert_agree(facts_everywhere(claim), public=True, children=True)
    assert generate(client, claim).status_code == 302
    text = letter_of_claim_text(claim)
    assert HRA_CAUSE in text and HRA_PARAGRAPH in text


def test_a_private_defendant_is_not_a_public_authority_anywhere_and_the_letter_pleads_no_hra(
        client, login_as, make_claim):
    login_as("solicitor")
    retail = {"organisation": {"organisation_name": "Acme Shop", "sector": "retail", "public_body": "no"}}
    claim = signed_claim(client, make_claim, **answers(**retail))
    prepare_letter_of_claim(client, claim)
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    assert_agree(facts_everywhere(claim), public=False, children=True)
    assert generate(client, claim).status_code == 302
    text = letter_of_claim_text(claim)
    assert HRA_CAUSE not in text and HRA_PARAGRAPH not in text


def test_a_claimant_who_was_17_at_the_breach_is_children_involved_everywhere(app, make_claim):
    claim = make_claim(**answers(**SEVENTEEN_AT_BREACH))
    seen = facts_everywhere(claim)
    assert_agree(seen, public=True, children=True)
    assert seen["screening"]["child_at_breach"] is seen["letter"]["child_at_breach"] is True


@pytest.mark.parametrize("categories, children", [(["contact_details", "children"], True),
                                                  (["contact_details"], False)])
def test_an_adult_claimant_is_children_involved_only_for_childrens_data(app, make_claim, categories, children):
    claim = make_claim(**answers(**{"what-data": {"data_categories": categories}}))
    seen = facts_everywhere(claim)
    assert_agree(seen, public=True, children=children)
    assert seen["screening"]["child_at_breach"] is seen["letter"]["child_at_breach"] is False


def test_gp_diagnosed_anxiety_is_gp_evidence_not_a_psychiatric_diagnosis(app, make_claim):
    claim = make_claim(**answers(**GP_DIAGNOSED_ANXIETY))
    seen = facts_everywhere(claim)
    assert seen["valuation"]["medical_evidence"] == "gp"
    assert_agree(seen, public=True, children=True)
    factors = {f.name: f for f in score_claim(parse_claim(service.claim_inputs(claim, as_of=TODAY),
                                                          as_of=TODAY)).factors}
    assert (factors["medical"].points, factors["medical"].reason) == (5, "seen by a GP")
    assert factors["sensitivity"].reason == "social care or child protection records"  # no sex life named
