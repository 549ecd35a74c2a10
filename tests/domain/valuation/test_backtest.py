"""The backtest: figures worked out by hand on small pools, and no held-out award ever predicts itself."""
from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd

from claims.domain.valuation import DEFAULT_SETTINGS, backtest, load_cpi_frame, load_precedent_frame
from claims.domain.valuation.prior import Anchor

from .conftest import AS_OF, claim

FLAT_CPI = load_cpi_frame(pd.DataFrame({"year": ["2024", "2025"], "cpi_index_2015_100": ["100", "100"],
                                        "source": ["test", "test"]}))
ANCHOR = Anchor("Fixture anchor", claim(), 1_000_00, 2025, None, "test", "a flat prior at £1,000")


def pool_of(*awards: int) -> pd.DataFrame:
    """Firm outcomes with identical facts, decided in 2025 (already today's money)."""
    rows = [{"case_name": f"Case {n}", "citation": "", "year": "2025", "court": "", "jurisdiction": "",
             "cause_of_action": "", "breach_type": "misdirected_communication", "data_categories": "social_care",
             "special_category": "false", "children_involved": "true", "recipients_scope": "single_recipient",
             "distress_level": "severe", "medical_evidence": "gp", "financial_loss_gbp": "0",
             "award_gbp": str(award), "award_low_gbp": "", "award_high_gbp": "", "outcome": "settled",
             "summary": "", "source": "Firm file", "origin": "firm", "recipient_known_to_claimant": "true",
             "had_to_move": "false"} for n, award in enumerate(awards)]
    return load_precedent_frame(pd.DataFrame(rows), strict=True).frame


def per_row(result) -> list[tuple]:
    return [(row["actual"], row["low"], row["mid"], row["high"], row["hit"]) for row in result["per_row"]]


def test_prior_only_by_hand():
    # The prior alone (comparables weigh nothing): mid £1,000, band £1,000 ÷ √3 = £577 → £580 and
    # £1,000 × √3 = £1,732 → £1,750. £600, £1,000 and £1,700 fall inside; £500 and £2,000 do not.
    settings = dataclasses.replace(DEFAULT_SETTINGS, prior_strength=1e12, anchors=(ANCHOR,))
    result = backtest(pool_of(500, 600, 1_000, 1_700, 2_000), FLAT_CPI, as_of=AS_OF, settings=settings)
    assert per_row(result) == [(500, 580, 1000, 1750, False), (600, 580, 1000, 1750, True),
                               (1000, 580, 1000, 1750, True), (1700, 580, 1000, 1750, True),
                               (2000, 580, 1000, 1750, False)]
    assert (result["rows"], result["hits"], result["coverage"]) == (5, 3, 0.6)
    assert result["median_abs_error_gbp"] == 500       # errors 500, 400, 0, 700, 1000
    assert result["median_ratio"] == round(1750 / 580, 3)
    assert result["median_mid_to_actual"] == 1.0
    assert result["meets_target"] is False             # 60% < 80%


def test_comparables_only_by_hand():
    # Comparables alone, all equally similar: holding out £1,000 leaves £2,000 and £4,000, whose
    # 10th and 90th percentiles are £2,000 and £4,000 and geometric mean £2,828 → £2,850. Holding out
    # £2,000: £1,000–£4,000, mid £2,000 (a hit). Holding out £4,000: £1,000–£2,000, mid £1,414 → £1,400.
    settings = dataclasses.replace(DEFAULT_SETTINGS, prior_strength=0.0, anchors=(ANCHOR,))
    result = backtest(pool_of(1_000, 2_000, 4_000), FLAT_CPI, as_of=AS_OF, settings=settings)
    assert per_row(result) == [(1000, 2000, 2850, 4000, False), (2000, 1000, 2000, 4000, True),
                               (4000, 1000, 1400, 2000, False)]
    assert result["coverage"] == round(1 / 3, 3)
    assert result["median_abs_error_gbp"] == 1850      # errors 1850, 0, 2600
    assert result["median_ratio"] == 2.0               # widths 2, 4, 2


def test_a_held_out_award_never_shapes_its_own_prediction(precedents, cpi):
    before = backtest(precedents, cpi, as_of=AS_OF)
    changed = precedents.copy()
    halliday = changed["case_name"] == "Halliday v Creation Consumer Finance Ltd"
    changed.loc[halliday, ["award_pence", "award_low_pence", "award_high_pence"]] = 5_000_000
    after = backtest(changed, cpi, as_of=AS_OF)
    find = lambda result: next(r for r in result["per_row"] if r["case_name"].startswith("Halliday"))  # noqa: E731
    assert {k: find(before)[k] for k in ("low", "mid", "high")} == {k: find(after)[k] for k in ("low", "mid", "high")}
    assert find(after)["actual"] != find(before)["actual"]


def test_every_published_award_is_backtested_case_by_case(cpi):
    """All 13 rows with an award figure (the curated file marks 6 of them, the media cases, not to inform a value)."""
    from .conftest import PRECEDENTS_CSV

    text = pd.read_csv(PRECEDENTS_CSV, dtype=str, keep_default_na=False).assign(include="true")
    result = backtest(load_precedent_frame(text, as_of=AS_OF).frame, cpi, as_of=AS_OF)
    assert result["rows"] == 13
    assert set(result) >= {"coverage", "median_abs_error_gbp", "median_ratio", "meets_target", "per_row", "target"}
    gulati = [row for row in result["per_row"] if "MGN" in row["case_name"]]
    assert len(gulati) == 2 and gulati[0]["group"] == gulati[1]["group"]  # trial and appeal go out together
    assert gulati[0]["mid"] < gulati[0]["actual"] / 5  # so neither predicts the other's £190,000
    assert 0 <= result["coverage"] <= 1 and result["median_ratio"] >= 1


def test_an_empty_pool_reports_nothing(cpi):
    result = backtest(pool_of(1_000).iloc[0:0], cpi, as_of=date(2026, 1, 1))
    assert result["rows"] == 0 and result["meets_target"] is False


def test_a_backtest_covers_every_included_row(precedents, cpi):
    result = backtest(precedents, cpi, as_of=AS_OF)
    assert result["rows"] == int(precedents["include"].sum())
