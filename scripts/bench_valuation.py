"""Benchmark valuation: the pure core, then the service on a real database (single estimates and bulk re-valuing).

Usage: .venv/bin/python scripts/bench_valuation.py [--claims 100000] [--precedents 1000] [--core-only]
(with DATABASE_URL=postgresql://… the service part runs on a new database on that server, dropped afterwards;
otherwise on a SQLite file in a temporary directory).

Core: p50/p95 for one estimate (with the pool prepared once, as the web app and bulk jobs
use it, and "cold", from the raw frames each time), the time to check and prepare the
precedent table, and the time to re-value N synthetic claims with ``estimate_many``.
Service: the same synthetic precedents uploaded as the active
version, one estimate through the cached ``current_pool`` (the three key queries
included), then N demo claims seeded and ``revalue_claims`` timed over all of them.
Synthetic data only: seeded, so runs are comparable.
"""
from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from claims.app import create_app  # noqa: E402
from claims.clock import uk_today  # noqa: E402
from claims.domain import vocab  # noqa: E402
from claims.domain.valuation import (  # noqa: E402
    estimate, estimate_many, load_cpi_frame, load_precedent_frame, prepare_pool,
)
from claims.extensions import db  # noqa: E402
from claims.models import Claim  # noqa: E402
from claims.valuation import precedent_store as store  # noqa: E402
from claims.valuation import service  # noqa: E402
from claims.valuation.schema import PRECEDENT_COLUMNS  # noqa: E402
from tests.scratch_db import scratch_database  # noqa: E402

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
    parser.add_argument("--core-only", action="store_true", help="skip the database part")
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
    if not args.core_only:
        bench_service(raw, [as_dict(row) for _, row in synthetic_claims(200, rng).iterrows()], args.claims)


def bench_service(raw: pd.DataFrame, singles: list[dict], claims: int) -> None:
    """The service on a fresh database: estimates through the cached pool, then bulk re-valuing seeded claims."""
    with tempfile.TemporaryDirectory(prefix="breach-valuation-") as workdir:
        with scratch_database(os.environ.get("DATABASE_URL", ""), Path(workdir), "breach_valuation") as url:
            app = create_app({"SECRET_KEY": secrets.token_hex(16), "SQLALCHEMY_DATABASE_URI": url,
                              "EVIDENCE_DIR": str(Path(workdir) / "evidence"),
                              "DEMO_CREDENTIALS_FILE": str(Path(workdir) / "demo-credentials.txt")})
            with app.app_context():
                try:
                    _service_figures(app, raw, singles, claims)
                finally:
                    db.session.remove()
                    db.engine.dispose()


def _service_figures(app, raw: pd.DataFrame, singles: list[dict], claims: int) -> None:
    from flask_migrate import upgrade

    upgrade()
    print(f"service on {db.engine.dialect.name}:")
    store.load_curated(store.INFLATION)
    store.import_file(store.PRECEDENTS, "synthetic.csv", _precedent_csv(raw), max_bytes=10**8)
    db.session.commit()
    as_of = uk_today()
    started = time.perf_counter()
    service.current_pool(as_of)
    print(f"  pool of {len(raw):,} precedents prepared (cold) in {(time.perf_counter() - started) * 1000:.0f} ms")
    claims_iter = iter(singles * 5)
    report("  single estimate via current_pool (cached, key queries included)",
           timed(lambda: estimate(next(claims_iter), service.current_pool(as_of), as_of=as_of), 1000))
    seed = app.test_cli_runner().invoke(args=["seed-demo", "--claims", str(claims), "--seed", "1"])
    assert seed.exit_code == 0, seed.output
    started = time.perf_counter()
    data = service.current_data(as_of)
    print(f"  {claims:,} claims seeded; pool with {data.firm_outcomes:,} firm outcomes prepared in "
          f"{time.perf_counter() - started:.2f} s")
    sample = list(db.session.scalars(select(Claim).where(Claim.id % max(claims // 200, 1) == 0).limit(200)))
    picks = iter(sample * 5)
    report("  value_claim (inputs, estimate, snapshot flushed)",
           timed(lambda: service.value_claim(next(picks), user=None, as_of=as_of), min(len(sample) * 5, 500)))
    db.session.rollback()
    started = time.perf_counter()
    count = service.revalue_claims(as_of=as_of)
    db.session.commit()
    print(f"  revalue_claims: {count:,} claims re-valued and stored in {time.perf_counter() - started:.1f} s")


def _precedent_csv(raw: pd.DataFrame) -> bytes:
    """The synthetic precedents as a file the partner upload accepts."""
    frame = raw.assign(verified="true", include="true", decided_on="", notes="")
    return frame[list(PRECEDENT_COLUMNS)].to_csv(index=False).encode()


if __name__ == "__main__":
    main()
