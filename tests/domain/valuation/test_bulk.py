"""Bulk valuation gives the same numbers as one estimate at a time, and names bad rows."""
from __future__ import annotations

import random

import pandas as pd
import pytest

from claims.domain import vocab
from claims.domain.valuation import MODEL_VERSION, ValuationInputError, estimate, estimate_many

from .conftest import AS_OF, claim
from .test_monotonic import synthetic_pool


def random_claim(rng: random.Random) -> dict:
    loss = rng.choice([0, 3.49, 250, 1999.99])
    items = None
    if loss and rng.random() < 0.5:
        items = [{"head": rng.choice(list(vocab.LOSS_HEADS)), "amount_gbp": round(loss / 2, 2),
                  "evidenced": rng.random() < 0.5}]
    data = claim(
        breach_type=rng.choice(list(vocab.BREACH_TYPES)),
        data_categories=rng.sample(list(vocab.DATA_CATEGORIES), rng.randint(0, 3)),
        special_category=rng.random() < 0.3, children_involved=rng.random() < 0.4,
        recipients_scope=rng.choice(list(vocab.RECIPIENT_SCOPES)), recipient_known_to_claimant=rng.random() < 0.5,
        distress_level=rng.choice(list(vocab.DISTRESS_LEVELS)),
        medical_evidence=rng.choice(["none", "gp", "psychiatric_diagnosis"]), financial_loss_gbp=loss,
        effects=rng.sample(list(vocab.EFFECTS), rng.randint(0, 3)), had_to_move=rng.random() < 0.1,
        repeated=rng.random() < 0.2, effects_ongoing=rng.random() < 0.3, fear_for_safety=rng.random() < 0.2,
        organisation_reply=rng.choice([None, *vocab.ORGANISATION_REPLIES]),
        recipient_relationship=rng.choice([None, *vocab.RECIPIENT_RELATIONSHIPS]),
        defendant_delayed=rng.random() < 0.3,
    )
    if items:
        data["financial_losses"] = items
    return data


CLAIMS = [random_claim(random.Random(seed)) for seed in range(250)]


def single_figures(result: dict) -> tuple:
    general, total = result["general_damages"], result["total"]
    return (result["score"], general["low"], general["mid"], general["high"], result["special_damages"]["total"],
            total["low"], total["mid"], total["high"], result["confidence"]["level"])


def bulk_figures(row) -> tuple:
    return (row.score, row.low, row.mid, row.high, row.special_damages, row.total_low, row.total_mid, row.total_high,
            row.confidence)


@pytest.fixture(params=["curated", "random"])
def any_pool(request, pool, cpi):
    return pool if request.param == "curated" else synthetic_pool(cpi, count=300, seed=3)


def test_bulk_equals_single(any_pool):
    frame = pd.DataFrame(CLAIMS)
    frame["financial_losses"] = [c.get("financial_losses") for c in CLAIMS]
    bulk = estimate_many(frame, any_pool, as_of=AS_OF)
    for data, row in zip(CLAIMS, bulk.itertuples()):
        assert bulk_figures(row) == single_figures(estimate(data, any_pool, as_of=AS_OF)), data


def test_the_result_frame(pool):
    frame = pd.DataFrame([claim(), claim(distress_level="severe")], index=["CL-1", "CL-2"])
    bulk = estimate_many(frame, pool, as_of=AS_OF)
    assert list(bulk.index) == ["CL-1", "CL-2"]
    assert list(bulk.columns) == ["score", "low", "mid", "high", "special_damages", "total_low", "total_mid",
                                  "total_high", "confidence", "model_version"]
    assert (bulk["model_version"] == MODEL_VERSION).all()


def test_codes_may_be_given_as_text(pool):
    as_lists = pd.DataFrame([claim(data_categories=["health", "children"], effects=["anxiety", "sleep"])])
    as_text = pd.DataFrame([claim(data_categories="health; children", effects="anxiety;sleep")])
    assert estimate_many(as_lists, pool, as_of=AS_OF).equals(estimate_many(as_text, pool, as_of=AS_OF))


@pytest.mark.parametrize("changes, key", [
    ({"distress_level": "high"}, "distress_level (row b)"),
    ({"breach_type": None}, "breach_type (row b)"),
    ({"special_category": "yes"}, "special_category (row b)"),
    ({"data_categories": ["health", "diaries"]}, "data_categories (row b)"),
    ({"financial_loss_gbp": -5}, "financial_loss_gbp (row b)"),
    ({"financial_loss_gbp": 1.234}, "financial_loss_gbp (row b)"),
    ({"breach_date": "2030-01-01"}, "breach_date (row b)"),
    ({"organisation_reply": "sorry"}, "organisation_reply (row b)"),
    ({"limitation": [{"cause": "tort", "expires_on": None}]}, "limitation[0].cause (row b)"),
    ({"limitation": [{"cause": "uk_gdpr", "expires_on": "2030-02-30"}]}, "limitation[0].expires_on (row b)"),
])
def test_bad_rows_are_named(pool, changes, key):
    frame = pd.DataFrame([claim(), claim(**changes)], index=["a", "b"])
    with pytest.raises(ValuationInputError) as caught:
        estimate_many(frame, pool, as_of=AS_OF)
    assert caught.value.key == key


def test_missing_and_unknown_columns(pool):
    frame = pd.DataFrame([claim()])
    with pytest.raises(ValuationInputError, match="^distress_level: missing"):
        estimate_many(frame.drop(columns="distress_level"), pool, as_of=AS_OF)
    with pytest.raises(ValuationInputError, match="^colour: unknown key"):
        estimate_many(frame.assign(colour="red"), pool, as_of=AS_OF)
    with pytest.raises(ValuationInputError, match="^days_to_limitation: no longer accepted"):
        estimate_many(frame.assign(days_to_limitation=40), pool, as_of=AS_OF)


def test_limitation_dates_do_not_change_the_figures(pool):
    dated = claim(limitation=[{"cause": "uk_gdpr", "expires_on": "2027-01-01"},
                              {"cause": "human_rights_act", "expires_on": None}])
    bulk = estimate_many(pd.DataFrame([claim(), dated]), pool, as_of=AS_OF)
    assert bulk_figures(next(bulk.iloc[[0]].itertuples())) == bulk_figures(next(bulk.iloc[[1]].itertuples()))


def test_itemised_losses_more_than_the_total_are_refused(pool):
    frame = pd.DataFrame([claim(financial_loss_gbp=10)])
    frame["financial_losses"] = [[{"head": "therapy", "amount_gbp": 20}]]
    with pytest.raises(ValuationInputError, match="financial_losses"):
        estimate_many(frame, pool, as_of=AS_OF)
