"""`flask valuation estimate`, `backtest` and `revalue`: JSON in and out, exit codes, printed figures."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from claims.extensions import db
from claims.models import ValuationSnapshot
from claims.valuation import service

CLAIM = {
    "breach_type": "misdirected_communication", "data_categories": ["social_care", "children"],
    "special_category": False, "children_involved": True, "recipients_scope": "single_recipient",
    "recipient_known_to_claimant": True, "distress_level": "significant", "medical_evidence": "gp",
    "financial_loss_gbp": 120.5, "breach_date": "2025-03-01",
}
AS_OF = ["--as-of", "2026-11-22"]


@pytest.fixture(autouse=True)
def _fresh_pools():
    service.forget_pools()
    yield
    service.forget_pools()


@pytest.fixture
def run(app):
    """Invoke `flask valuation …`; stdout and stderr are kept apart."""
    def invoke(*args, input=None):
        return app.test_cli_runner().invoke(args=["valuation", *args], input=input)
    return invoke


def test_estimate_reads_a_file_and_prints_json(run, curated, tmp_path):
    path = tmp_path / "claim.json"
    path.write_text(json.dumps({**CLAIM, "reference": "Ünïcode-1"}), encoding="utf-8")
    result = run("estimate", str(path), *AS_OF)
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    assert output["reference"] == "Ünïcode-1" and "Ünïcode-1" in result.stdout  # UTF-8, not \\u escapes
    assert result.stdout.startswith('{\n  "model_version"')  # indented by 2
    for key in ("general_damages", "special_damages", "total", "score", "factors", "flags", "comparables"):
        assert key in output, key
    assert output["total"]["mid"] == output["general_damages"]["mid"] + 120.5
    assert {"case_name", "citation", "award", "similarity"} <= set(output["comparables"][0])
    assert output["method"]["data"]["precedents"] == {"source": "database", "version": curated[0].version}


def test_estimate_reads_stdin(run, curated):
    result = run("estimate", "-", *AS_OF, input=json.dumps(CLAIM))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["as_of"] == "2026-11-22"


def test_estimate_uses_the_shipped_file_when_nothing_is_loaded(run):
    result = run("estimate", "-", *AS_OF, input=json.dumps(CLAIM))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["method"]["data"]["precedents"] == {
        "source": "curated file", "file": "claims/valuation/data/precedents.csv"}


def test_the_cli_and_the_service_give_the_same_estimate(run, curated, make_claim):
    claim = make_claim()
    inputs = service.claim_inputs(claim, as_of=date(2026, 11, 22))
    snapshot = service.value_claim(claim, user=None, as_of=date(2026, 11, 22))
    db.session.commit()
    result = run("estimate", "-", *AS_OF, input=json.dumps(inputs))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == snapshot.output


@pytest.mark.parametrize("claim, key", [
    ({k: v for k, v in CLAIM.items() if k != "distress_level"}, "distress_level"),
    ({k: v for k, v in CLAIM.items() if k != "breach_date"}, "breach_date"),
    ({**CLAIM, "breach_type": "hacked"}, "breach_type"),
    ({**CLAIM, "recipients_scope": "everyone"}, "recipients_scope"),
    ({**CLAIM, "medical_evidence": "doctor"}, "medical_evidence"),
    ({**CLAIM, "data_categories": ["health", "shoe_size"]}, "data_categories"),
    ({**CLAIM, "special_category": "yes"}, "special_category"),
    ({**CLAIM, "fear_for_saftey": True}, "fear_for_saftey"),
])
def test_estimate_names_the_key_at_fault_and_exits_2(run, claim, key):
    result = run("estimate", "-", *AS_OF, input=json.dumps(claim))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {key}:"), result.stderr


def test_an_unknown_enum_value_lists_the_allowed_ones(run):
    result = run("estimate", "-", *AS_OF, input=json.dumps({**CLAIM, "distress_level": "high"}))
    assert result.exit_code == 2
    assert "distress_level: unknown value 'high'; expected one of none, minimal, moderate" in result.stderr


@pytest.mark.parametrize("text", ['{"breach_type": ', "not json", ""])
def test_malformed_json_exits_2_with_a_clear_message(run, text):
    result = run("estimate", "-", *AS_OF, input=text)
    assert result.exit_code == 2
    assert "Error: the input is not valid JSON (line 1" in result.stderr


def test_json_that_is_not_an_object_exits_2(run):
    result = run("estimate", "-", *AS_OF, input="[1, 2]")
    assert result.exit_code == 2 and "claim: expected an object" in result.stderr


def test_a_missing_file_is_a_usage_error(run, tmp_path):
    result = run("estimate", str(tmp_path / "nope.json"))
    assert result.exit_code == 2 and "nope.json" in result.stderr


def test_backtest_prints_the_figures_against_the_target(run, curated):
    result = run("backtest", *AS_OF)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "precedents: version 1" in out
    assert "cases valued:                     7" in out
    assert "coverage (low ≤ actual ≤ high):   28.6% (2 of 7)   target ≥ 80%" in out
    assert "median absolute error of the mid: £7,496.19" in out
    assert "median high ÷ low:                3.47   target ≤ 3" in out
    assert "target met:                       no" in out
    assert "Grinyer v Plymouth Hospitals NHS Trust" in out and out.count("\n  yes ") == 2


def test_backtest_as_json(run, curated):
    result = run("backtest", *AS_OF, "--json")
    figures = json.loads(result.stdout)
    assert (figures["rows"], figures["coverage"], figures["meets_target"]) == (7, 0.286, False)


def test_revalue_needs_all_or_a_claim(run):
    assert run("revalue").exit_code == 2


def test_revalue_one_claim_by_reference(run, curated, make_claim):
    claim = make_claim()
    make_claim()
    result = run("revalue", "--claim", claim.reference, *AS_OF)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Re-valued 1 claim(s) as of 2026-11-22 in ")
    assert db.session.scalar(select(ValuationSnapshot.claim_id)) == claim.id
    assert run("revalue", "--claim", "BC-1999-000000").exit_code == 2
    assert run("revalue", "--all", *AS_OF).stdout.startswith("Re-valued 2 claim(s)")
    assert db.session.scalar(select(func.count(ValuationSnapshot.id)).where(
        ValuationSnapshot.review_status == "awaiting_review")) == 2
