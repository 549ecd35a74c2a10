"""The band of general damages: the score's prior blended with similar precedents, monotone in harm.

This module owns the arithmetic shared by the single estimate and the bulk job, so both
give the same numbers. All of it is in log pounds.

1. **Prior.** ``prior.log_mid(score)`` with a band of ``prior_band_ratio`` (high ÷ low).
2. **Comparables.** Each precedent is weighted by its similarity to the claim's cell
   (``features``) times its share of its case. Their weighted mean of log values is the
   comparables' mid; their weighted quantiles (``Settings.quantiles``) their band.
3. **Blend.** With S the sum of weights (how many exact matches the pool amounts to),
   the comparables' share is k = S / (S + prior_strength): the estimate shrinks towards
   the comparables as their effective number grows. mid = (1 − k)·prior + k·comparables,
   and likewise each edge of the band.
4. **Monotone envelope.** Similarity moves with the facts, so a more serious claim could
   match cheaper precedents. The mid is therefore the largest blended mid over every cell
   at or below the claim's on each ordered feature (with the claim's own score): more harm
   never lowers the mid. If that lifts the mid, the band moves up with it.
"""
from __future__ import annotations

import numpy as np

from .features import BREACH_KERNEL, KERNELS, LATTICE_SHAPE, cells_similarity
from .pool import PreparedPool


def lattice_sums(pool: PreparedPool, breach: int) -> tuple[np.ndarray, np.ndarray]:
    """Per lattice cell (flat, C order): the weight sum S and the weighted mean of log values.

    Every precedent's features are codes, so the sums over precedents are taken once per
    combination of codes (``pool.weight_tensor``) and then contracted with each feature's
    kernel: the cost does not grow with the number of precedents. Kept on the pool per
    breach type, so single estimates and bulk jobs read the same table.
    """
    if breach not in pool.tables:
        kernel = BREACH_KERNEL[breach]
        total = np.tensordot(kernel, pool.weight_tensor, axes=(0, 0))
        weighted = np.tensordot(kernel, pool.value_tensor, axes=(0, 0))
        for axis, matrix in enumerate(KERNELS):
            total = np.moveaxis(np.tensordot(total, matrix, axes=([axis], [1])), -1, axis)
            weighted = np.moveaxis(np.tensordot(weighted, matrix, axes=([axis], [1])), -1, axis)
        total, weighted = total.ravel(), weighted.ravel()
        mean = np.divide(weighted, total, out=np.zeros_like(total), where=total > 0)
        pool.tables[breach] = (total, mean)
    return pool.tables[breach]


def cell_details(pool: PreparedPool, breach: int, cells: np.ndarray) -> dict[str, np.ndarray]:
    """For the given flat cells: the comparables' quantiles, Σw² and best similarity."""
    coordinates = np.unravel_index(cells, LATTICE_SHAPE)
    sim = cells_similarity(pool.codes, breach, coordinates)
    weights = sim * pool.share
    return {"quantiles": weighted_quantiles(weights, pool.log_value, pool.settings.quantiles),
            "square_total": row_sums(weights ** 2), "best": sim.max(axis=1, initial=0.0)}


def envelope(pool: PreparedPool, breach: int, priors: np.ndarray) -> np.ndarray:
    """For each prior (one per distinct score): the largest blended mid at or below each cell."""
    total, mean = lattice_sums(pool, breach)
    mids = blend_mid(priors[:, None], total[None, :], mean[None, :], pool.settings.prior_strength)
    mids = mids.reshape((len(priors),) + LATTICE_SHAPE)
    for axis in range(1, mids.ndim):
        mids = np.maximum.accumulate(mids, axis=axis)
    return mids.reshape(len(priors), -1)


def bands(pool: PreparedPool, breach: int, cells: np.ndarray, scores: np.ndarray) -> dict[str, np.ndarray]:
    """Low, mid, high (log pounds) and the figures behind them for claims of one breach type."""
    total, mean = lattice_sums(pool, breach)
    distinct_scores, by_score = np.unique(scores, return_inverse=True)
    distinct_cells, by_cell = np.unique(cells, return_inverse=True)
    priors = pool.prior.log_mid(distinct_scores)
    lifted = envelope(pool, breach, priors)[by_score, cells]
    details = {key: values[by_cell] for key, values in cell_details(pool, breach, distinct_cells).items()}
    low, mid, high, share, raised = blend_band(pool, priors[by_score], total[cells], mean[cells],
                                               details["quantiles"], lifted)
    return {"log_low": low, "log_mid": mid, "log_high": high, "share": share, "raised": raised,
            "prior": priors[by_score], "total": total[cells], "mean": mean[cells], **details}


def band_for_claim(pool: PreparedPool, breach: int, cell: tuple[int, ...], score: int) -> dict:
    """``bands`` for one claim, as scalars."""
    flat = np.ravel_multi_index(cell, LATTICE_SHAPE)
    result = bands(pool, breach, np.asarray([flat]), np.asarray([score]))
    return {key: values[0] for key, values in result.items()}


def row_sums(flat: np.ndarray) -> np.ndarray:
    """Row sums added strictly in order (so a row's sum never depends on how many rows there are)."""
    if flat.shape[-1] == 0:
        return np.zeros(flat.shape[0])
    return np.cumsum(flat, axis=1)[:, -1]


def weighted_quantiles(weights: np.ndarray, values: np.ndarray, quantiles: tuple[float, ...]) -> np.ndarray:
    """Weighted quantiles per row of ``weights`` over ``values`` (sorted ascending): shape (rows, len(quantiles)).

    Each value sits at the middle of its weight on the cumulative scale; between values the
    quantile is interpolated linearly, beyond the first and last it is that value.
    """
    rows, count = weights.shape
    if count == 0:
        return np.zeros((rows, len(quantiles)))
    cumulative = np.cumsum(weights, axis=1)
    total = np.where(cumulative[:, -1:] > 0, cumulative[:, -1:], 1.0)
    position = (cumulative - weights / 2) / total
    result = np.empty((rows, len(quantiles)))
    for column, q in enumerate(quantiles):
        above = np.clip((position < q).sum(axis=1), 1, count - 1) if count > 1 else np.zeros(rows, dtype=int)
        below = np.maximum(above - 1, 0)
        p0 = np.take_along_axis(position, below[:, None], 1)[:, 0]
        p1 = np.take_along_axis(position, above[:, None], 1)[:, 0]
        fraction = np.clip(np.divide(q - p0, p1 - p0, out=np.zeros(rows), where=p1 > p0), 0.0, 1.0)
        result[:, column] = values[below] + fraction * (values[above] - values[below])
    return result


def comparables_share(total, strength: float):
    """k = S / (S + strength): the comparables' share of the estimate (all of it when strength is 0)."""
    total = np.asarray(total, dtype=float)
    return total / (total + strength) if strength > 0 else (total > 0).astype(float)


def blend_mid(prior, total: np.ndarray, mean: np.ndarray, strength: float) -> np.ndarray:
    """(1 − k)·prior + k·mean for every cell."""
    share = comparables_share(total, strength)
    return (1 - share) * prior + share * mean


def blend_band(pool: PreparedPool, prior, total, mean, quantile_pair, envelope) -> tuple:
    """Low, mid, high (log pounds), k and whether the envelope lifted the mid, for claims' own cells."""
    settings = pool.settings
    share = comparables_share(total, settings.prior_strength)
    half = np.log(settings.prior_band_ratio) / 2
    own_mid = (1 - share) * prior + share * mean
    lift = np.maximum(envelope - own_mid, 0.0)
    low = (1 - share) * (prior - half) + share * quantile_pair[..., 0] + lift
    high = (1 - share) * (prior + half) + share * quantile_pair[..., 1] + lift
    mid = np.maximum(envelope, own_mid)
    return np.minimum(low, mid), mid, np.maximum(high, mid), share, lift > 1e-12


def round_pounds(log_values) -> np.ndarray:
    """Log pounds to whole pounds, rounded to £10 under £1,000, £50 under £10,000,
    £100 under £100,000 and £1,000 above (a valuation is a judgement, not a sum)."""
    pounds = np.exp(np.asarray(log_values, dtype=float))
    step = np.select([pounds < 1_000, pounds < 10_000, pounds < 100_000], [10, 50, 100], 1_000)
    return (np.round(pounds / step) * step).astype(np.int64)
