"""Benchmark the valuation core: single estimates against 1,000 synthetic precedents, and a bulk run.

Usage: .venv/bin/python scripts/bench_valuation.py [--claims 100000] [--precedents 1000]

Prints p50/p95 for one estimate (with the pool prepared once, as the web app and bulk jobs
use it, and "cold", from the raw frames each time, as a one-off CLI call does), the time to
check and prepare the precedent table, and the time to re-value N claims with
``estimate_many``. Synthetic data only: seeded, so runs are comparable.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.domain import vocab  # noqa: E402
from claims.domain.valuation import (  # noqa: E402
    estimate, estimate_many, load_cpi_frame, load_precedent_frame, prepare_pool,
)

AS_OF = date(2026, 11, 22)
CPI = Path(__file__).resolve().parents[1] / "claims" / "valuation" / "data" / "cpi.csv"
MEDICAL = ("none", "gp", "psychiatric_diagnosis")


def synthetic_precedents(count: int, rng: np.random.Generator) -> pd.DataFrame:
    """Firm outcomes with random facts and awards that grow with the harm."""
    categories = list(vocab.DATA_CATEGORIES)
    distress = rng.integers(0, 5, count)
    medical = rng.integers(0, 3, count)
    award = np.round(np.exp(6.5 + 0.45 * distress + 0.5 * medical + rng.normal(0, 0.5, count)))
    return pd.DataFrame({
        "case_name": [f"Firm claim {n}" for n in range(count)], "citation": "", "year": rng.integers(2015, 2026, count),
        "court": "", "jurisdiction": "England & Wales", "cause_of_action": "UK GDPR Art. 82",
        "breach_type": rng.choice(list(vocab.BREACH_TYPES), count),
        "data_categories": [";".join(rng.choice(categories, rng.integers(1, 4), replace=False)) for _ in range(count)],
        "special_category": rng.choice(["true", "false"], count),
        "children_involved": rng.choice(["true", "false"], count),
        "recipients_scope": rng.choice(list(vocab.RECIPIENT_SCOPES), count),
        "distress_level": np.asarray(list(vocab.DISTRESS_LEVELS))[distress],
        "medical_evidence": np.asarray(MEDICAL)[medical], "financial_loss_gbp": "0",
        "award_gbp": award.astype(int).astype(str), "award_low_gbp": "", "award_high_gbp": "",
        "outcome": "settled", "summary": "Synthetic", "source": "Firm file (synthetic)", "origin": "firm",
    })


def synthetic_claims(count: int, rng: np.random.Generator) -> pd.DataFrame:
    """Claims in the input schema, one per row."""
    categories = np.asarray(list(vocab.DATA_CATEGORIES))
    return pd.DataFrame({
        "breach_type": rng.choice(list(vocab.BREACH_TYPES), count),
        "data_categories": [";".join(rng.choice(categories, rng.integers(0, 4), replace=False)) for _ in range(count)],
        "special_category": rng.random(count) < 0.3, "children_involved": rng.random(count) < 0.4,
        "recipients_scope": rng.choice(list(vocab.RECIPIENT_SCOPES), count),
        "recipient_known_to_claimant": rng.random(count) < 0.5,
        "distress_level": rng.choice(list(vocab.DISTRESS_LEVELS), count),
        "medical_evidence": rng.choice(MEDICAL, count),
        "financial_loss_gbp": np.round(rng.exponential(200, count), 2), "breach_date": "2024-05-01",
        "had_to_move": rng.random(count) < 0.05, "repeated": rng.random(count) < 0.1,
    })


def as_dict(row: pd.Series) -> dict:
    """A frame row as the JSON-like dict ``estimate`` takes."""
    claim = row.to_dict()
    claim["data_categories"] = [code for code in claim["data_categories"].split(";") if code]
    return {key: (bool(value) if isinstance(value, np.bool_) else value) for key, value in claim.items()}


def timed(function, repeats: int) -> list[float]:
    """Milliseconds for each of ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(label: str, times: list[float]) -> None:
    """Print p50 and p95."""
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(f"{label}: p50 {statistics.median(ordered):.2f} ms, p95 {p95:.2f} ms ({len(ordered)} runs)")


def main() -> None:
    """Build the synthetic data, time single and bulk estimates, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--precedents", type=int, default=1_000)
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    raw = synthetic_precedents(args.precedents, rng)
    cpi = load_cpi_frame(CPI)
    start = time.perf_counter()
    clean = load_precedent_frame(raw, strict=True).frame
    checked = time.perf_counter()
    pool = prepare_pool(clean, cpi, as_of=AS_OF)
    prepared = time.perf_counter()
    print(f"{args.precedents:,} precedents: checked in {(checked - start) * 1000:.0f} ms, "
          f"prepared in {(prepared - checked) * 1000:.0f} ms")
    singles = [as_dict(row) for _, row in synthetic_claims(200, rng).iterrows()]
    claims = iter(singles * 10)
    report("single estimate, prepared pool", timed(lambda: estimate(next(claims), pool, as_of=AS_OF), 1000))
    cold = iter(singles)
    report("single estimate, cold (checked frame + CPI each call)",
           timed(lambda: estimate(next(cold), clean, cpi, as_of=AS_OF), 100))
    frame = synthetic_claims(args.claims, rng)
    start = time.perf_counter()
    result = estimate_many(frame, pool, as_of=AS_OF)
    print(f"bulk: {args.claims:,} claims in {time.perf_counter() - start:.2f} s "
          f"(median mid £{int(result['mid'].median()):,})")


if __name__ == "__main__":
    main()
