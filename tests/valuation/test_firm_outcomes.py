"""The firm's settled claims join the precedent pool, labelled as firm data, with no personal data."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from claims.domain.valuation import load_precedent_frame
from claims.extensions import db
from claims.models import StatusChange
from claims.valuation import firm_outcomes, service

AS_OF = date(2026, 11, 22)
SETTLED_AT = datetime(2026, 3, 5, 12, tzinfo=timezone.utc)
LOSSES_PENCE = 25_250  # the standard claim's therapy £240 + travel £12.50


@pytest.fixture(autouse=True)
def _fresh_pools():
    service.forget_pools()
    yield
    service.forget_pools()


@pytest.fixture
def settle(app):
    """Record a settlement on a claim: settle(claim, pence, status="settled", at=SETTLED_AT)."""
    def record(claim, pence: int, *, status: str = "settled", at: datetime = SETTLED_AT):
        claim.status, claim.settled_pence = status, pence
        claim.status_changes.append(StatusChange(from_status="negotiation", to_status="settled", changed_at=at))
        if status == "closed_won":
            claim.closed_at = at.replace(month=at.month + 1)
        db.session.commit()
        return claim
    return record


def test_a_settled_claim_becomes_a_firm_precedent_row(app, make_claim, settle):
    claim = settle(make_claim(), 525_250)
    [row] = firm_outcomes.firm_precedent_rows(as_of=AS_OF)
    inputs = service.claim_inputs(claim, as_of=AS_OF)
    assert row["case_name"] == claim.reference and row["citation"] == "Firm settlement"
    assert row["source"] == f"Firm record {claim.reference}"
    assert (row["origin"], row["outcome"], row["verified"], row["include"]) == ("firm", "settled", True, True)
    assert (row["year"], row["decided_on"]) == (2026, date(2026, 3, 5))
    assert row["award_pence"] == 525_250 - LOSSES_PENCE and row["financial_loss_pence"] is None
    assert row["data_categories"] == ";".join(inputs["data_categories"])
    for key in ("breach_type", "special_category", "children_involved", "recipients_scope",
                "recipient_known_to_claimant", "distress_level", "medical_evidence", "had_to_move"):
        assert row[key] == inputs[key], key
    clean = load_precedent_frame([row], strict=True).frame  # the core accepts the row as it is
    assert clean.loc[0, "origin"] == "firm" and clean.loc[0, "award_pence"] == 500_000


def test_a_firm_row_holds_no_personal_data(app, make_claim, settle):
    claim = settle(make_claim(), 525_250)
    [row] = firm_outcomes.firm_precedent_rows(as_of=AS_OF)
    text = " ".join(str(value) for value in row.values()).lower()
    people = [claim.claimant, claim.litigation_friend]
    personal = [claim.account, claim.recipient_details, claim.effects_details, claim.diagnosis_details,
                claim.defendant_name, *[getattr(p, f) for p in people if p for f in (
                    "first_name", "last_name", "email", "phone", "address_line_1", "town", "postcode")]]
    for value in filter(None, personal):
        assert str(value).lower() not in text, value


@pytest.mark.parametrize("status, settled_pence, counted", [
    ("settled", 525_250, True),
    ("closed_won", 525_250, True),
    ("negotiation", 525_250, False),  # not settled yet
    ("closed_lost", 0, False),
    ("settled", LOSSES_PENCE, False),  # nothing left for general damages once the losses are paid
    ("settled", 1_000, False),
])
def test_which_claims_count_as_firm_outcomes(app, make_claim, settle, status, settled_pence, counted):
    settle(make_claim(), settled_pence, status=status)
    assert len(firm_outcomes.firm_precedent_rows(as_of=AS_OF)) == int(counted)


def test_a_claim_with_no_settlement_sum_is_not_counted(app, make_claim):
    claim = make_claim()
    claim.status = "settled"
    db.session.commit()
    assert firm_outcomes.firm_precedent_rows(as_of=AS_OF) == []


def test_a_settlement_after_the_valuation_date_is_not_counted(app, make_claim, settle):
    settle(make_claim(), 525_250)
    assert firm_outcomes.firm_precedent_rows(as_of=date(2026, 3, 4)) == []
    assert len(firm_outcomes.firm_precedent_rows(as_of=date(2026, 3, 5))) == 1


def test_the_settlement_date_falls_back_to_the_closing_date(app, make_claim):
    claim = make_claim()
    claim.status, claim.settled_pence = "closed_won", 525_250
    claim.closed_at = datetime(2025, 12, 1, 9, tzinfo=timezone.utc)
    db.session.commit()
    [row] = firm_outcomes.firm_precedent_rows(as_of=AS_OF)
    assert (row["year"], row["decided_on"]) == (2025, date(2025, 12, 1))


def test_firm_outcomes_join_the_pool_and_are_shown_as_firm_comparables(app, curated, make_claim, settle):
    settled = settle(make_claim(), 525_250)
    data = service.current_data(AS_OF)
    assert data.firm_outcomes == 1 and len(data.pool.rows) == 8
    snapshot = service.value_claim(make_claim(), user=None, as_of=AS_OF)
    firm = [c for c in snapshot.output["comparables"] if c["origin"] == "firm"]
    assert [c["case_name"] for c in firm] == [settled.reference]
    [shown] = firm
    assert shown["origin_label"] == "The firm's own outcome" and shown["citation"] == "Firm settlement"
    assert shown["source"] == f"Firm record {settled.reference}" and shown["similarity"] == 1.0
    assert shown["award_as_recorded"]["award"] == 5_000
    assert snapshot.output["method"]["precedents"]["firm"] == 1
    assert snapshot.output["method"]["data"]["firm_outcomes"] == 1


def test_more_settlements_move_the_estimate_towards_them(app, curated, make_claim, settle):
    claim = make_claim()
    before = service.value_claim(claim, user=None, as_of=AS_OF).output["general_damages"]["mid"]
    for _ in range(5):
        settle(make_claim(), 60_000_00 + LOSSES_PENCE)
    after = service.value_claim(claim, user=None, as_of=AS_OF).output["general_damages"]["mid"]
    assert after > before


def test_the_fingerprint_changes_when_a_claim_settles_or_its_settlement_changes(app, make_claim, settle):
    claim = make_claim()
    empty = firm_outcomes.fingerprint()
    settle(claim, 525_250)
    settled = firm_outcomes.fingerprint()
    claim.settled_pence = 600_000
    db.session.commit()
    assert len({empty, settled, firm_outcomes.fingerprint()}) == 3
