"""One estimate: the output schema, the flags, the comparables and context cases, and their sources."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pandas as pd
import pytest

from claims.domain.deadlines import add_months
from claims.domain.valuation import DISCLAIMER, MODEL_VERSION, estimate, prepare_pool
from claims.domain.valuation.band import round_pounds

from .conftest import AS_OF, claim, trivial_claim


def value(pool, **changes) -> dict:
    return estimate(claim(**changes), pool, as_of=AS_OF)


def codes(result) -> list[str]:
    return [flag["code"] for flag in result["flags"]]


def test_the_output_has_every_agreed_key(pool):
    result = value(pool)
    assert set(result) >= {"general_damages", "special_damages", "total", "score", "factors", "flags",
                           "comparables", "model_version", "confidence", "context_cases", "disclaimer"}
    assert result["model_version"] == MODEL_VERSION and result["disclaimer"] == DISCLAIMER
    assert result["disclaimer"].startswith("An estimate for a solicitor's review, not legal advice")
    json.dumps(result)  # primitives only


def test_the_band_is_ordered_and_in_whole_rounded_pounds(pool):
    general = value(pool)["general_damages"]
    assert general["low"] <= general["mid"] <= general["high"]
    assert all(isinstance(amount, int) for amount in general.values())
    assert all(amount % 10 == 0 for amount in general.values())


def test_totals_add_special_damages_low_only_the_evidenced(pool):
    result = value(pool, financial_loss_gbp=1000.5, financial_losses=[
        {"head": "moving_costs", "amount_gbp": 600, "evidenced": True},
        {"head": "therapy", "amount_gbp": 400.5, "evidenced": False}])
    general, special, total = result["general_damages"], result["special_damages"], result["total"]
    assert special == {"total": 1000.5, "evidenced": 600, "claimed_only": 400.5, "heads": [
        {"head": "moving_costs", "label": "Moving home", "amount": 600, "evidenced": True},
        {"head": "therapy", "label": "Therapy or counselling", "amount": 400.5, "evidenced": False}]}
    assert total == {"low": general["low"] + 600, "mid": general["mid"] + 1000.5, "high": general["high"] + 1000.5}
    assert "losses_not_evidenced" in codes(result)


def test_factors_add_up_to_the_score(pool):
    result = value(pool)
    assert sum(factor["contribution"] for factor in result["factors"]) == result["score"]


@pytest.mark.parametrize("amount, rounded", [(123.4, 120), (995, 1000), (1_234, 1_250), (9_974, 9_950),
                                              (12_345, 12_300), (123_456, 123_000)])
def test_rounding_steps(amount, rounded):
    import math
    assert round_pounds([math.log(amount)])[0] == rounded


def test_comparables_say_why_they_match(pool):
    result = value(pool)
    top = result["comparables"][0]
    assert top["case_name"].startswith("Mr and Mrs X v London Borough of Hackney")
    assert "same breach type: misdirected communication" in top["matches"]
    assert "children involved" in top["matches"]
    assert top["why"] == "; ".join(top["matches"])
    assert 0 < top["similarity"] <= 1 and top["source"].startswith("https://")
    assert top["award"] == 67_000 and top["point_basis"] == "award less the financial loss (a settlement)"
    assert top["origin"] == "published"


def test_older_comparables_show_their_adjustment(pool):
    result = value(pool, breach_type="employee_misuse", data_categories=["mental_health"],
                   recipient_relationship="ex_partner", distress_level="severe",
                   medical_evidence="psychiatric_diagnosis")
    grinyer = next(c for c in result["comparables"] if c["case_name"].startswith("Grinyer"))
    assert grinyer["award"] == 20_374 and grinyer["award_as_recorded"]["award"] == 12_500
    assert grinyer["adjustment"].startswith("Simmons v Castle +10%")


def test_every_adjustment_keeps_its_source(pool):
    method = value(pool)["method"]
    assert "ONS" in method["cpi"]["source"] and method["cpi"]["to_year"] == 2025
    assert "Simmons v Castle" in method["simmons_v_castle"]
    assert all(anchor["source"] for anchor in method["prior"]["anchors"])
    assert {a["case_name"][:8] for a in method["prior"]["anchors"]} >= {"Halliday", "Bekoe v ", "Grinyer "}


def test_a_trivial_misdirected_letter_is_flagged_with_its_struck_out_cases(pool):
    result = estimate(trivial_claim(), pool, as_of=AS_OF)
    flag = next(flag for flag in result["flags"] if flag["code"] == "low_value")
    assert flag["severity"] == "warning"
    assert "Farley v Paymaster [2025] EWCA Civ 1117" in flag["message"] and "Rolfe" in flag["message"]
    shown = {case["case_name"].split(" ")[0]: case for case in result["context_cases"]}
    assert {"Rolfe", "Johnson", "Farley"} <= set(shown)
    assert shown["Rolfe"]["why_not_valued"] == "dismissed as trivial"
    assert shown["Rolfe"]["shown_because"] == "shown with the low-value flag"
    assert result["total"]["mid"] <= 10_000


def test_a_serious_claim_is_not_flagged_low_value(pool):
    result = value(pool, distress_level="severe", medical_evidence="psychiatric_diagnosis", had_to_move=True)
    assert "low_value" not in codes(result) and "small_claims_track" not in codes(result)


def test_a_low_score_is_low_value_even_with_sensitive_data(pool):
    result = value(pool, distress_level="none", medical_evidence="none", recipient_known_to_claimant=False,
                   children_involved=False, data_categories=["health"], recipients_scope="few_recipients")
    assert result["score"] < 25 and "low_value" in codes(result)


def test_a_cyber_attack_is_flagged_with_warren_and_talktalk(pool):
    result = value(pool, breach_type="cyber_attack", data_categories=["financial"], children_involved=False,
                   recipients_scope="many_recipients", recipient_known_to_claimant=False)
    assert "cyber_attack_dp_only" in codes(result)
    names = [case["case_name"] for case in result["context_cases"]]
    assert any(name.startswith("Warren v DSG") for name in names)
    assert any(name.startswith("Smith & Ors v TalkTalk") for name in names)


def test_no_harm_described(pool):
    result = estimate(trivial_claim(distress_level="none"), pool, as_of=AS_OF)
    assert "no_evidence_of_harm" in codes(result)
    assert any(case["case_name"].startswith("Lloyd v Google") for case in result["context_cases"])


def lasts(*days_from_as_of):
    """Limitation input: UK GDPR, misuse and (if given) the HRA ending this many days after AS_OF."""
    causes = ("uk_gdpr", "misuse_private_information", "human_rights_act")
    return [{"cause": cause, "expires_on": None if days is None else (AS_OF + timedelta(days=days)).isoformat()}
            for cause, days in zip(causes, days_from_as_of)]


@pytest.mark.parametrize("limitation, expected, severity", [
    (None, set(), None),
    ([], set(), None),
    (lasts(200, 200), set(), None),
    (lasts(60, 60), {"limitation_soon"}, "danger"),
    (lasts(0, 0), {"limitation_soon"}, "danger"),
    (lasts(-1, -1), {"out_of_time"}, "danger"),
    # the council claim: only the Human Rights Act year has passed; UK GDPR and misuse run four more years
    (lasts(1500, 1500, -400), {"partly_out_of_time"}, "warning"),
    # a period not yet running (s.28) is never out of time
    (lasts(None, None, -400), {"partly_out_of_time"}, "warning"),
])
def test_limitation_flags_are_screenings_own(pool, limitation, expected, severity):
    flags = {flag["code"]: flag for flag in value(pool, limitation=limitation)["flags"]}
    assert {c for c in flags if c in ("limitation_soon", "out_of_time", "partly_out_of_time")} == expected
    for code in expected:
        assert flags[code]["severity"] == severity
    if severity == "danger":
        assert value(pool, limitation=limitation)["flags"][0]["code"] in expected  # most serious first


def test_limitation_soon_is_three_calendar_months_not_91_days(pool):
    # AS_OF + 3 calendar months is more than 91 days away, and still "soon"
    horizon = add_months(AS_OF, 3)
    assert (horizon - AS_OF).days > 91
    at_horizon = [{"cause": "uk_gdpr", "expires_on": horizon.isoformat()}]
    after = [{"cause": "uk_gdpr", "expires_on": (horizon + timedelta(days=1)).isoformat()}]
    assert "limitation_soon" in codes(value(pool, limitation=at_horizon))
    assert "limitation_soon" not in codes(value(pool, limitation=after))


def test_already_represented(pool):
    assert "already_represented" in codes(value(pool, already_represented=True))


def test_confidence_shows_its_numbers(pool):
    confidence = value(pool)["confidence"]
    assert confidence["level"] in ("low", "medium", "high")
    assert confidence["effective_comparables"] > 0 and 0 < confidence["best_similarity"] <= 1
    assert 0 < confidence["comparables_share"] < 1
    assert str(confidence["effective_comparables"]) in confidence["explanation"]


def test_firm_rows_count_and_are_labelled(pool, precedents, cpi):
    firm = pd.DataFrame([{**precedents.iloc[0].to_dict(), "case_name": f"Firm claim {n}", "origin": "firm",
                          "source": "Firm file", "citation": None, "breach_type": "misdirected_communication",
                          "data_categories": "social_care;children", "children_involved": True,
                          "recipients_scope": "single_recipient", "recipient_known_to_claimant": True,
                          "distress_level": "significant", "medical_evidence": "gp", "award_pence": 900_000,
                          "award_low_pence": None, "award_high_pence": None, "row_number": 100 + n,
                          "year": 2025, "outcome": "settled", "had_to_move": False} for n in range(20)])
    with_firm = prepare_pool(pd.concat([precedents, firm], ignore_index=True), cpi, as_of=AS_OF)
    result = estimate(claim(), with_firm, as_of=AS_OF)
    assert result["comparables"][0]["origin"] == "firm"
    assert result["comparables"][0]["origin_label"] == "The firm's own outcome"
    assert result["comparables"][0]["similarity"] == 1.0
    assert result["confidence"]["level"] == "high"
    assert result["method"]["precedents"]["firm"] == 20
    # twenty exact £9,000 matches pull the estimate to them
    assert abs(result["general_damages"]["mid"] - 9_000) < abs(value(pool)["general_damages"]["mid"] - 9_000)


def test_a_prepared_pool_must_match_the_valuation_date(pool):
    with pytest.raises(ValueError, match="prepared for 2026-11-22"):
        estimate(claim(), pool, as_of=date(2026, 12, 1))


def test_frames_need_the_cpi_table(precedents):
    with pytest.raises(ValueError, match="CPI"):
        estimate(claim(), precedents, as_of=AS_OF)


def test_raw_frames_give_the_same_answer_as_a_prepared_pool(pool, precedents, cpi):
    assert estimate(claim(), precedents, cpi, as_of=AS_OF) == value(pool)


def test_reference_is_echoed(pool):
    assert value(pool, reference="CL-0042")["reference"] == "CL-0042"
