"""Fixtures for the valuation core: the repository's curated precedents and CPI, a prepared pool, claim builders.

The suite depends only on what the repository holds (never on ../shared beside it)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claims.domain.valuation import load_cpi_frame, load_precedent_frame, prepare_pool

AS_OF = date(2026, 11, 22)
DATA = Path(__file__).resolve().parents[3] / "claims" / "valuation" / "data"
CURATED_CSV = PRECEDENTS_CSV = DATA / "precedents.csv"
CPI_CSV = DATA / "cpi.csv"


def claim(**changes) -> dict:
    """A valid claim: a social care letter misdirected to a neighbour."""
    base = {
        "breach_type": "misdirected_communication", "data_categories": ["social_care", "children"],
        "special_category": False, "children_involved": True, "recipients_scope": "single_recipient",
        "recipient_known_to_claimant": True, "distress_level": "significant", "medical_evidence": "gp",
        "financial_loss_gbp": 0, "breach_date": "2025-03-01",
    }
    return {**base, **changes}


def trivial_claim(**changes) -> dict:
    """The Rolfe pattern: one letter to one stranger, nothing sensitive, minimal distress."""
    trivial = {"data_categories": ["contact_details"], "children_involved": False,
               "recipient_known_to_claimant": False, "distress_level": "minimal", "medical_evidence": "none"}
    return claim(**{**trivial, **changes})


@pytest.fixture(scope="session")
def cpi():
    return load_cpi_frame(CPI_CSV)


@pytest.fixture(scope="session")
def precedents():
    return load_precedent_frame(PRECEDENTS_CSV, as_of=AS_OF, strict=True).frame


@pytest.fixture(scope="session")
def pool(precedents, cpi):
    return prepare_pool(precedents, cpi, as_of=AS_OF)
