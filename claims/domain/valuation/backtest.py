"""Backtesting the model: leave one case out, predict it from the rest, count the hits.

This module owns how the model is judged. For each case in the pool (a ``case_group``: a
trial and its appeal go out together), the pool is rebuilt without it and the prior is
refitted without its anchor, so the held-out award shapes nothing that predicts it. The
case's recorded facts become a claim (facts the row leaves blank take ``FILL_INS``), it
is valued, and its point value today is compared with the band.

Reported: coverage (how often low ≤ actual ≤ high), the median absolute error of the mid
(GBP), the median of mid ÷ actual on the ratio scale, and the median high ÷ low width,
against the targets (coverage ≥ 80% with a median width ≤ 3), plus every row's figures.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from claims.domain.scoring import score_claim
from claims.domain.vocab import DISTRESS_LEVELS, RECIPIENT_SCOPES

from .band import band_for_claim, round_pounds
from .estimate import MODEL_VERSION
from .features import BREACH_CODES, encode_claim, infer_categories
from .inflation import load_cpi_frame
from .inputs import MEDICAL_EVIDENCE, ClaimFacts
from .pool import DEFAULT_SETTINGS, Settings, prepare_pool
from .precedents import load_precedent_frame

TARGET_COVERAGE, TARGET_RATIO = 0.8, 3.0
FILL_INS = {"recipients_scope": "few_recipients", "distress_level": "moderate", "medical_evidence": "none"}


def backtest(precedents, cpi, *, as_of: date, settings: Settings = DEFAULT_SETTINGS) -> dict:
    """Leave-one-case-out figures for the pool, with each row's prediction."""
    frame = precedents if "award_pence" in precedents else load_precedent_frame(precedents, strict=True).frame
    cpi = cpi if "index_thousandths" in cpi else load_cpi_frame(cpi)
    whole = prepare_pool(frame, cpi, as_of=as_of, settings=settings)
    rows = []
    for group in whole.rows["group"].unique():
        pool = prepare_pool(frame, cpi, as_of=as_of, settings=settings, leave_out=frozenset({group}))
        for _, row in whole.rows.loc[whole.rows["group"] == group].iterrows():
            rows.append(_predict(pool, row, whole.codes, int(row.name)))
    return summarise(rows, as_of=as_of)


def _predict(pool, row: pd.Series, codes: dict[str, np.ndarray], position: int) -> dict:
    """Value one held-out row against a pool without its case."""
    facts = row_as_claim(row, {name: int(values[position]) for name, values in codes.items()}, pool.as_of)
    score = score_claim(facts).total
    breach, cell = encode_claim(facts)
    band = band_for_claim(pool, breach, cell, score)
    low, mid, high = (int(v) for v in round_pounds([band["log_low"], band["log_mid"], band["log_high"]]))
    actual = int(row["value_pence"]) / 100
    return {"case_name": row["case_name"], "origin": row["origin"], "group": row["group"], "score": score,
            "actual": actual, "low": low, "mid": mid, "high": high, "hit": bool(low <= actual <= high),
            "ratio": high / low, "abs_error": abs(mid - actual), "comparables_share": round(float(band["share"]), 3)}


def row_as_claim(row: pd.Series, codes: dict[str, int], as_of: date) -> ClaimFacts:
    """A precedent's recorded facts as a claim (blanks take ``FILL_INS``; unknown yes/no facts are no)."""
    categories = infer_categories(pd.Series([row["data_categories"]]))
    return ClaimFacts(
        breach_type=BREACH_CODES[codes["breach"]],
        data_categories=tuple(code for code in categories.columns if bool(categories[code].iloc[0])) or ("other",),
        special_category=bool(pd.notna(row["special_category"]) and row["special_category"]),
        children_involved=codes["children"] == 1,
        recipients_scope=_known_or(codes["scope"], list(RECIPIENT_SCOPES), "recipients_scope"),
        recipient_known_to_claimant=codes["known"] == 1,
        distress_level=_known_or(codes["distress"], list(DISTRESS_LEVELS), "distress_level"),
        medical_evidence=_known_or(codes["medical"], list(MEDICAL_EVIDENCE), "medical_evidence"),
        financial_loss_pence=0, breach_on=as_of, had_to_move=codes["moved"] == 1,
    )


def _known_or(code: int, values: list[str], key: str) -> str:
    return values[code] if code < len(values) else FILL_INS[key]


def summarise(rows: list[dict], *, as_of: date) -> dict:
    """Coverage, errors and widths over the held-out rows, against the targets."""
    if not rows:
        return {"rows": 0, "per_row": [], "meets_target": False, "model_version": MODEL_VERSION}
    table = pd.DataFrame(rows)
    coverage = float(table["hit"].mean())
    median_ratio = float(table["ratio"].median())
    return {
        "model_version": MODEL_VERSION, "as_of": as_of.isoformat(), "rows": len(table),
        "hits": int(table["hit"].sum()), "coverage": round(coverage, 3),
        "median_abs_error_gbp": round(float(table["abs_error"].median()), 2),
        "median_mid_to_actual": round(float(np.exp(np.log(table["mid"] / table["actual"]).median())), 3),
        "median_ratio": round(median_ratio, 3),
        "target": {"coverage": TARGET_COVERAGE, "median_ratio": TARGET_RATIO},
        "meets_target": coverage >= TARGET_COVERAGE and median_ratio <= TARGET_RATIO,
        "per_row": rows,
    }
