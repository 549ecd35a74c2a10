"""More harm never lowers the mid: exhaustive grids over every ordered input.

Hypothesis is not in the environment, so the property is checked on every cell of the
feature lattice (10 breach types × 2,400 cells) with ``estimate_many`` (which
``test_bulk`` proves equal to ``estimate``), on the curated precedents and on a random
pool of firm outcomes where similar-but-cheaper comparables are common, plus every other
ordered input over a sample of those claims.
"""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from claims.domain import vocab
from claims.domain.valuation import estimate, estimate_many, prepare_pool
from claims.domain.valuation.band import bands
from claims.domain.valuation.features import LATTICE_SHAPE

from .conftest import AS_OF, claim

TIER_EXAMPLES = ([], ["contact_details"], ["financial"], ["health"], ["social_care"])
LATTICE_INPUTS = {
    "data_categories": TIER_EXAMPLES, "children_involved": [False, True],
    "recipients_scope": list(vocab.RECIPIENT_SCOPES), "recipient_known_to_claimant": [False, True],
    "distress_level": list(vocab.DISTRESS_LEVELS), "medical_evidence": ["none", "gp", "psychiatric_diagnosis"],
    "had_to_move": [False, True],
}
OTHER_INPUTS = {  # least to most harmful
    "special_category": [False, True],
    "effects": [[], ["anxiety"], ["anxiety", "sleep", "work"]],
    "effects_ongoing": [False, True], "fear_for_safety": [False, True], "repeated": [False, True],
    "defendant_delayed": [False, True],
    "recipient_relationship": ["professional", "stranger", "unknown", "someone_else_known", "family", "neighbour",
                               "ex_partner"],
    "organisation_reply": [None, "apologised", "no_reply"],
}


def lattice_grid() -> pd.DataFrame:
    """Every breach type × every combination of the lattice inputs."""
    names = list(LATTICE_INPUTS)
    combos = itertools.product(list(vocab.BREACH_TYPES), *LATTICE_INPUTS.values())
    rows = [claim(breach_type=breach, **dict(zip(names, values))) for breach, *values in combos]
    return pd.DataFrame(rows)


def synthetic_pool(cpi, count=400, seed=7):
    """Firm outcomes with random facts and random awards: cheaper precedents sit next to dearer ones."""
    rng = np.random.default_rng(seed)
    codes = list(vocab.DATA_CATEGORIES)
    frame = pd.DataFrame({
        "case_name": [f"Firm {n}" for n in range(count)], "citation": "", "year": "2024", "court": "",
        "jurisdiction": "", "cause_of_action": "", "breach_type": rng.choice(list(vocab.BREACH_TYPES), count),
        "data_categories": [";".join(rng.choice(codes, 2, replace=False)) for _ in range(count)],
        "special_category": rng.choice(["true", "false", ""], count),
        "children_involved": rng.choice(["true", "false", ""], count),
        "recipients_scope": rng.choice(list(vocab.RECIPIENT_SCOPES) + [""], count),
        "distress_level": rng.choice(list(vocab.DISTRESS_LEVELS) + [""], count),
        "medical_evidence": rng.choice(["none", "gp", "psychiatric_diagnosis", ""], count),
        "financial_loss_gbp": "0", "award_gbp": np.exp(rng.uniform(6, 11, count)).round().astype(int).astype(str),
        "award_low_gbp": "", "award_high_gbp": "", "outcome": "settled", "summary": "", "source": "Firm file",
        "origin": "firm", "recipient_known_to_claimant": rng.choice(["true", "false", ""], count),
        "had_to_move": rng.choice(["true", "false", ""], count),
    })
    return prepare_pool(frame, cpi, as_of=AS_OF)


@pytest.fixture(scope="module")
def grid():
    return lattice_grid()


@pytest.fixture(scope="module")
def random_pool(cpi):
    return synthetic_pool(cpi)


@pytest.fixture(params=["curated", "random"])
def any_pool(request, pool, random_pool):
    return pool if request.param == "curated" else random_pool


def test_the_mid_never_falls_along_any_lattice_input(any_pool, grid):
    mids = estimate_many(grid, any_pool, as_of=AS_OF)["mid"].to_numpy()
    cube = mids.reshape((len(vocab.BREACH_TYPES),) + tuple(len(v) for v in LATTICE_INPUTS.values()))
    for axis, name in enumerate(LATTICE_INPUTS, start=1):
        steps = np.diff(cube, axis=axis)
        assert (steps >= 0).all(), f"{name}: the mid fell by up to £{-steps.min():,}"


@pytest.mark.parametrize("name", list(OTHER_INPUTS))
def test_the_mid_never_falls_along_the_other_inputs(any_pool, grid, name):
    sample = grid.iloc[::97].reset_index(drop=True)
    mids = [estimate_many(sample.assign(**{name: [value] * len(sample)}), any_pool, as_of=AS_OF)["mid"].to_numpy()
            for value in OTHER_INPUTS[name]]
    for lower, higher in zip(mids, mids[1:]):
        assert (higher >= lower).all(), name


def test_more_financial_loss_never_lowers_the_total(pool):
    totals = [estimate(claim(financial_loss_gbp=amount), pool, as_of=AS_OF)["total"]["mid"]
              for amount in (0, 0.01, 99.99, 5_000)]
    assert totals == sorted(totals)


def test_the_envelope_is_what_keeps_it_monotone(random_pool):
    """Without the envelope some claims would be worth less than a less serious version of themselves."""
    cells = np.arange(int(np.prod(LATTICE_SHAPE)))
    raised = [bands(random_pool, breach, cells, np.full(len(cells), 50))["raised"].sum() for breach in range(10)]
    assert sum(raised) > 0
