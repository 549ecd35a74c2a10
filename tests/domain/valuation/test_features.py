"""Features and similarity: category inference, kernels, and the lattice sums against a direct sum."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from claims.domain.valuation.band import lattice_sums
from claims.domain.valuation.features import (
    BREACH_KERNEL, DIMS, KERNELS, LATTICE_SHAPE, cells_similarity, codes_given, infer_categories,
)

from .test_monotonic import synthetic_pool


def found(text: str) -> set[str]:
    row = infer_categories(pd.Series([text])).iloc[0]
    return set(row.index[row.to_numpy(dtype=bool)])


@pytest.mark.parametrize("text, expected", [
    ("medical records (mental health) accessed by nurse ex-partner", {"health", "mental_health"}),
    ("unredacted adoption application form sent to birth parents", {"social_care"}),  # "parents" is not rent
    ("name, email, rent payments", {"contact_details", "financial"}),
    ("identity as person arrested re Manchester Arena bombing", {"criminal_allegations"}),
    ("names, ages, nationality, asylum/immigration status", {"contact_details", "date_of_birth", "immigration"}),
    ("voicemail interception", set()),
    ("social_care; children", {"social_care", "children"}),   # codes are taken as given
    ("other", {"other"}),
    ("", set()),
])
def test_categories_from_codes_or_words(text, expected):
    assert found(text) == expected


def test_codes_are_recognised_only_when_every_token_is_a_code():
    assert codes_given(pd.Series(["health;children", "health, children", "health and children"])).tolist() == [
        True, True, False]


@pytest.mark.parametrize("dim, kernel", list(zip(DIMS, KERNELS)))
def test_kernels_match_one_and_fall_with_distance(dim, kernel):
    assert kernel.shape == (dim.size, dim.size + 1)
    assert (np.diag(kernel[:, : dim.size]) == 1).all()
    assert (kernel[:, dim.size] == dim.unknown).all() and 0 < dim.unknown < 1
    for row in range(dim.size):
        below, above = kernel[row, : row + 1], kernel[row, row: dim.size]
        assert (np.diff(below) >= 0).all() and (np.diff(above) <= 0).all()


def test_breach_kernel():
    assert (np.diag(BREACH_KERNEL) == 1).all() and np.allclose(BREACH_KERNEL, BREACH_KERNEL.T)


def test_lattice_sums_equal_a_direct_sum_over_precedents(cpi):
    pool = synthetic_pool(cpi, count=150, seed=11)
    cells = np.arange(int(np.prod(LATTICE_SHAPE)))
    for breach in (0, 4, 9):
        weights = cells_similarity(pool.codes, breach, np.unravel_index(cells, LATTICE_SHAPE)) * pool.share
        total, mean = lattice_sums(pool, breach)
        assert np.allclose(total, weights.sum(axis=1), rtol=1e-12)
        assert np.allclose(mean, (weights * pool.log_value).sum(axis=1) / weights.sum(axis=1), rtol=1e-12)


def test_similarity_is_the_product_of_the_kernels(pool):
    sim = cells_similarity(pool.codes, 0, tuple(np.asarray([v]) for v in (4, 1, 0, 1, 3, 1, 0)))[0]
    i = 3
    expected = BREACH_KERNEL[0, pool.codes["breach"][i]]
    for dim, kernel, value in zip(DIMS, KERNELS, (4, 1, 0, 1, 3, 1, 0)):
        expected *= kernel[value, pool.codes[dim.name][i]]
    assert sim[i] == pytest.approx(expected)
