"""The valuation service: a claim's facts as the core's input, stored snapshots, and the cached pool."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from claims.claim.limitation import screen_claim
from claims.domain.screening import limitation_flags
from claims.domain.valuation import parse_claim
from claims.extensions import db
from claims.models import AuditEvent, ValuationSnapshot
from claims.valuation import precedent_store as store
from claims.valuation import service
from tests.clock import TODAY
from tests.valuation.conftest import csv_bytes, curated_rows

AS_OF = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _fresh_pools():
    service.forget_pools()
    yield
    service.forget_pools()


def adult(**effects):
    return {"about-you": {"claiming_for": "myself"}, **effects}


# -- claim_inputs: the mapping from what intake stores to the input schema -------------------------

@pytest.mark.parametrize("overrides, expected", [
    # children: the claimant's age on the breach date, or children's / social care records
    ({"what-data": {"data_categories": ["contact_details"]}}, {"children_involved": False}),
    ({"what-data": {"data_categories": ["contact_details", "children"]}}, {"children_involved": True}),
    ({"what-data": {"data_categories": ["social_care"]}}, {"children_involved": True}),
    ({"about-you": {"claiming_for": "child"}, "what-data": {"data_categories": ["contact_details"]}},
     {"children_involved": True}),
    # special category: Art. 9 data only (criminal allegations are Art. 10, not special category)
    ({"what-data": {"data_categories": ["health"]}}, {"special_category": True}),
    ({"what-data": {"data_categories": ["contact_details", "mental_health"]}}, {"special_category": True}),
    ({"what-data": {"data_categories": ["sexual_life"]}}, {"special_category": True}),
    ({"what-data": {"data_categories": ["criminal_allegations", "financial"]}}, {"special_category": False}),
    # medical evidence: a psychiatrist or mental health team and a diagnosis → psychiatric_diagnosis;
    # anyone else seen (a GP or counsellor, diagnosed or not) → gp; no one → none
    ({"effects": {"medical_help": "none", "diagnosed": "no"}}, {"medical_evidence": "none"}),
    ({"effects": {"medical_help": "gp", "diagnosed": "no"}}, {"medical_evidence": "gp"}),
    ({"effects": {"medical_help": "counsellor", "diagnosed": "no"}}, {"medical_evidence": "gp"}),
    ({"effects": {"medical_help": "specialist", "diagnosed": "no"}}, {"medical_evidence": "gp"}),
    ({"effects": {"medical_help": "specialist", "diagnosed": "yes"}}, {"medical_evidence": "psychiatric_diagnosis"}),
    ({"effects": {"medical_help": "gp", "diagnosed": "yes"}}, {"medical_evidence": "gp"}),
    ({"effects": {"medical_help": "counsellor", "diagnosed": "yes"}}, {"medical_evidence": "gp"}),
    # who saw it: known to the claimant or not
    ({"who-saw-it": {"recipient_relationship": "stranger"}}, {"recipient_known_to_claimant": False}),
    ({"who-saw-it": {"recipient_relationship": "professional"}}, {"recipient_known_to_claimant": False}),
    ({"who-saw-it": {"recipient_relationship": "unknown"}}, {"recipient_known_to_claimant": False}),
    ({"who-saw-it": {"recipient_relationship": "ex_partner"}}, {"recipient_known_to_claimant": True}),
    ({"who-saw-it": {"recipient_relationship": "family"}}, {"recipient_known_to_claimant": True}),
    ({"who-saw-it": {"recipient_relationship": "colleague"}}, {"recipient_known_to_claimant": True}),
    # effects the form records as ticks
    ({"effects": {"effects": ["had_to_move"]}}, {"had_to_move": True, "fear_for_safety": False}),
    ({"effects": {"effects": ["fear_for_safety", "sleep"]}}, {"fear_for_safety": True, "had_to_move": False}),
    # the defendant: the register, the claimant's answer or the sector
    ({"organisation": {"organisation_name": "Acme Shop", "sector": "retail", "public_body": "no"}},
     {"defendant_public_authority": False}),
    ({"organisation": {"organisation_name": "Acme Shop", "sector": "retail", "public_body": "yes"}},
     {"defendant_public_authority": True}),
    ({"organisation": {"organisation_name": "Some Trust", "sector": "nhs", "public_body": "not_sure"}},
     {"defendant_public_authority": True}),
])
def test_claim_inputs_maps_the_claim_to_the_input_schema(app, make_claim, overrides, expected):
    claim = make_claim(**overrides)
    inputs = service.claim_inputs(claim, as_of=AS_OF)
    assert {key: inputs[key] for key in expected} == expected
    parse_claim(inputs, as_of=AS_OF)  # always valid input


def test_claim_inputs_for_the_standard_claim_in_full(app, make_claim):
    claim = make_claim(today=date(2025, 11, 25))
    inputs = service.claim_inputs(claim, as_of=AS_OF)
    assert inputs == {
        "reference": claim.reference, "breach_type": "misdirected_communication",
        "data_categories": ["children", "contact_details", "social_care"], "special_category": False,
        "children_involved": True, "recipients_scope": "single_recipient", "recipient_known_to_claimant": True,
        "recipient_relationship": "neighbour", "distress_level": "significant",
        "medical_evidence": "gp", "financial_loss_gbp": 252.5,  # GP-diagnosed anxiety
        "financial_losses": [{"head": "therapy", "amount_gbp": 240, "evidenced": False},
                             {"head": "travel", "amount_gbp": 12.5, "evidenced": False}],
        "breach_date": "2025-11-10", "effects": ["anxiety", "fear_for_safety", "sleep"], "effects_ongoing": True,
        "fear_for_safety": True, "had_to_move": False, "organisation_reply": "apologised",
        "defendant_public_authority": True, "already_represented": False,
        # the claim's limitation dates from its facts (a council, so the Human Rights Act year too)
        "limitation": [{"cause": "human_rights_act", "expires_on": "2026-11-09"},
                       {"cause": "uk_gdpr", "expires_on": "2031-11-10"},
                       {"cause": "misuse_private_information", "expires_on": "2031-11-10"},
                       {"cause": "breach_of_confidence", "expires_on": "2031-11-10"}],
    }
    assert json.loads(json.dumps(inputs)) == inputs  # plain primitives only


LIMITATION_CODES = {"out_of_time", "partly_out_of_time", "limitation_soon"}


def limitation_codes(flags) -> set[str]:
    return {flag["code"] if isinstance(flag, dict) else flag.code for flag in flags} & LIMITATION_CODES


def test_a_council_claim_past_only_its_human_rights_year_is_not_out_of_time(app, curated, make_claim):
    # submitted 25/11/2025, when the HRA year (to 09/11/2026) was still running; valued on 22/11/2026
    claim = make_claim(today=date(2025, 11, 25))
    snapshot = service.value_claim(claim, user=None, as_of=AS_OF)
    assert limitation_codes(snapshot.output["flags"]) == {"partly_out_of_time"}
    [flag] = [f for f in snapshot.output["flags"] if f["code"] == "partly_out_of_time"]
    assert "Human Rights Act" in flag["message"] and "09/11/2026" in flag["message"]
    # the claim page's screening as at the same day says the same
    assert limitation_codes(screen_claim(claim, today=AS_OF).flags) == {"partly_out_of_time"}


@pytest.mark.parametrize("as_of, codes", [
    (date(2026, 8, 9), {"limitation_soon"}),                     # exactly 3 calendar months before 09/11/2026
    (date(2026, 8, 8), set()),
    (date(2026, 11, 9), {"limitation_soon"}),                    # the HRA's last day
    (date(2026, 11, 10), {"partly_out_of_time"}),
    (date(2031, 8, 10), {"partly_out_of_time", "limitation_soon"}),
    (date(2031, 11, 11), {"out_of_time"}),
])
def test_valuation_and_screening_flags_agree_on_any_day(app, make_claim, as_of, codes):
    claim = make_claim(today=date(2025, 11, 25))
    valuation = service.value_claim(claim, user=None, as_of=as_of).output["flags"]
    assert limitation_codes(valuation) == limitation_codes(screen_claim(claim, today=as_of).flags) == codes
    # the valuation's messages are screening's own, word for word
    assert [f for f in valuation if f["code"] in LIMITATION_CODES] == [
        {"code": f.code, "severity": f.severity, "message": f.message}
        for f in limitation_flags(parse_claim(service.claim_inputs(claim, as_of=as_of), as_of=as_of).limitation,
                                  today=as_of)]


def test_a_bulk_snapshot_stored_with_days_to_limitation_is_still_explained(app, curated, make_claim):
    claim = make_claim()
    snapshot = service.value_claim(claim, user=None, as_of=AS_OF)
    legacy = {key: value for key, value in snapshot.inputs.items() if key != "limitation"}
    snapshot.inputs = {**legacy, "days_to_limitation": -13}
    snapshot.output = {**snapshot.output, "bulk": True}
    db.session.commit()
    output = service.explained_output(db.session.get(ValuationSnapshot, snapshot.id))
    assert output["factors"] and not limitation_codes(output["flags"])


def test_an_evidenced_loss_and_representation_are_carried_over(app, make_claim):
    claim = make_claim(**{"what-done": {"already_represented": "yes"}})
    claim.losses[0].evidenced = True
    db.session.commit()
    inputs = service.claim_inputs(claim, as_of=AS_OF)
    assert inputs["already_represented"] is True
    assert [item["evidenced"] for item in inputs["financial_losses"]] == [True, False]


# -- value_claim: the stored snapshot ----------------------------------------------------------------

def test_value_claim_stores_the_inputs_output_versions_and_totals(app, curated, make_claim, make_user):
    precedents, inflation = curated
    claim, partner = make_claim(), make_user("partner")
    snapshot = service.value_claim(claim, user=partner, as_of=AS_OF)
    db.session.commit()
    stored = db.session.get(ValuationSnapshot, snapshot.id)
    output = stored.output
    assert stored.claim_id == claim.id and stored.created_by_id == partner.id
    assert stored.inputs == service.claim_inputs(claim, as_of=AS_OF)
    assert stored.model_version == output["model_version"] == "2026.11-1"
    assert (stored.precedent_set_version, stored.inflation_set_version) == (precedents.version, inflation.version)
    assert stored.score == output["score"] and stored.confidence == output["confidence"]["level"]
    assert (stored.low_pence, stored.mid_pence, stored.high_pence) == tuple(
        round(output["total"][key] * 100) for key in ("low", "mid", "high"))
    assert stored.mid_pence == output["general_damages"]["mid"] * 100 + 25250  # £252.50 of losses added
    assert stored.review_status == "awaiting_review"
    assert output["comparables"] and output["factors"] and output["reference"] == claim.reference
    assert output["method"]["data"] == {"precedents": {"source": "database", "version": precedents.version},
                                        "inflation": {"source": "database", "version": inflation.version},
                                        "firm_outcomes": 0}


def test_a_new_valuation_supersedes_the_earlier_ones(app, curated, make_claim):
    claim, other = make_claim(), make_claim()
    first = service.value_claim(claim, user=None, as_of=AS_OF)
    untouched = service.value_claim(other, user=None, as_of=AS_OF)
    first.review_status = "approved"
    db.session.commit()
    second = service.value_claim(claim, user=None, as_of=AS_OF)
    db.session.commit()
    statuses = dict(db.session.execute(select(ValuationSnapshot.id, ValuationSnapshot.review_status)).all())
    assert statuses == {first.id: "superseded", untouched.id: "awaiting_review", second.id: "awaiting_review"}


def test_value_claim_is_audited_with_ids_only(app, curated, make_claim, make_user):
    claim, solicitor = make_claim(), make_user("solicitor")
    first = service.value_claim(claim, user=solicitor, as_of=AS_OF)
    second = service.value_claim(claim, user=None, as_of=AS_OF)
    db.session.commit()
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "valuation.created")
                                .order_by(AuditEvent.id)).all()
    assert [(e.entity_id, e.claim_id, e.user_id, e.actor) for e in events] == [
        (first.id, claim.id, solicitor.id, "staff"), (second.id, claim.id, None, "system")]
    assert events[1].details["superseded_ids"] == [first.id]
    assert set(events[1].details) == {"snapshot_id", "superseded_ids", "model_version", "precedent_set_version",
                                      "inflation_set_version"}


def test_value_claim_flushes_but_does_not_commit(app, curated, make_claim):
    claim = make_claim()
    service.value_claim(claim, user=None, as_of=AS_OF)
    db.session.rollback()
    assert db.session.scalar(select(ValuationSnapshot.id)) is None


def test_without_loaded_data_the_shipped_files_are_used_and_said(app, make_claim):
    snapshot = service.value_claim(make_claim(), user=None, as_of=AS_OF)
    assert snapshot.precedent_set_version is None and snapshot.inflation_set_version is None
    assert snapshot.output["method"]["data"]["precedents"] == {
        "source": "curated file", "file": "claims/valuation/data/precedents.csv"}


# -- current_pool: prepared once, rebuilt when the data changes -------------------------------------------

def test_the_pool_is_prepared_once_per_data_and_date(app, curated):
    pool = service.current_pool(AS_OF)
    assert service.current_pool(AS_OF) is pool
    assert service.current_pool(AS_OF - timedelta(days=1)) is not pool
    assert len(pool.rows) == 7 and set(pool.rows["origin"]) == {"published"}


def test_an_upload_and_a_rollback_change_the_pool(app, curated):
    before = service.current_pool(AS_OF)
    rows = [row for row in curated_rows() if row["case_name"] != "Halliday v Creation Consumer Finance Ltd"]
    store.import_file(store.PRECEDENTS, "fewer.csv", csv_bytes(rows), user_id=None)
    db.session.commit()
    after_upload = service.current_pool(AS_OF)
    assert after_upload is not before and len(after_upload.rows) == len(before.rows) - 1
    store.activate_version(store.PRECEDENTS, 1)
    db.session.commit()
    after_rollback = service.current_pool(AS_OF)
    assert after_rollback is not after_upload and len(after_rollback.rows) == len(before.rows)


def test_an_inflation_upload_changes_the_pool(app, curated):
    before = service.current_pool(AS_OF)
    text = store.INFLATION.data_file.read_text(encoding="utf-8").replace("\n2025,", "\n2025,1", 1)
    store.import_file(store.INFLATION, "cpi.csv", text.encode(), user_id=None)
    db.session.commit()
    assert service.current_pool(AS_OF) is not before


def test_a_claim_settling_changes_the_pool(app, curated, make_claim):
    claim = make_claim()
    before = service.current_pool(TODAY)
    claim.status, claim.settled_pence = "settled", 500_000  # settled today: counts from today on
    db.session.commit()
    after = service.current_pool(TODAY)
    assert after is not before and list(after.rows.loc[after.rows["origin"] == "firm", "case_name"]) == [
        claim.reference]
    claim.settled_pence = 600_000  # a corrected settlement is a change too
    db.session.commit()
    assert service.current_pool(TODAY) is not after
