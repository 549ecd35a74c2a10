"""Re-valuing many claims at once: the same numbers as ``estimate``, column-wise.

This module owns the bulk path. ``estimate_many(claims, precedents, cpi, as_of=...)``
takes a frame with one claim per row (the input schema's keys as columns; list-valued
keys as lists or ";"-separated codes) and returns a frame with the same index and the
columns ``score, low, mid, high`` (general damages, whole pounds), ``special_damages``,
``total_low, total_mid, total_high`` (GBP), ``confidence`` and ``model_version``.

Nothing loops over claims or precedents in Python. Claims are checked and scored
column-wise (``bulk_inputs``, ``scoring.score_frame``). Claims sit on a lattice of 2,400
feature cells, so the similarity work is a block-wise matrix of cells × precedents per
breach type (``band.lattice_sums``), plus one row per distinct cell present; each claim
then reads its row of those tables through ``band.bands``, the function the single
estimate uses, which is why the two agree to the penny.
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from claims.domain.scoring import score_frame

from .band import bands, round_pounds
from .bulk_inputs import parse_claims_frame
from .estimate import MODEL_VERSION, ready_pool
from .explain import confidence_level
from .features import DIMS, LATTICE_SHAPE
from .pool import DEFAULT_SETTINGS, Settings


def estimate_many(claims: pd.DataFrame, precedents, cpi=None, *, as_of: date,
                  settings: Settings = DEFAULT_SETTINGS) -> pd.DataFrame:
    """Value every claim in the frame (raises ValuationInputError naming the key and row)."""
    pool = ready_pool(precedents, cpi, as_of=as_of, settings=settings)
    facts = parse_claims_frame(claims, as_of=as_of)
    scores = score_frame(facts).to_numpy()
    cells = np.ravel_multi_index(tuple(facts[dim.name].to_numpy() for dim in DIMS), LATTICE_SHAPE)
    columns = {name: np.zeros(len(claims)) for name in ("log_low", "log_mid", "log_high", "total",
                                                        "square_total", "best")}
    breach_codes = facts["breach_code"].to_numpy()
    for breach in np.unique(breach_codes):
        rows = np.flatnonzero(breach_codes == breach)
        result = bands(pool, int(breach), cells[rows], scores[rows])
        for name, values in columns.items():
            values[rows] = result[name]
    return _money_columns(claims.index, scores, columns, facts)


def _money_columns(index: pd.Index, scores: np.ndarray, columns: dict, facts: pd.DataFrame) -> pd.DataFrame:
    """Round to the estimate's pounds and add special damages, totals and confidence."""
    out = pd.DataFrame(index=index)
    out["score"] = scores.astype(np.int64)
    for name in ("low", "mid", "high"):
        out[name] = round_pounds(columns[f"log_{name}"])
    special = facts["financial_loss_pence"].to_numpy(dtype=np.int64)
    evidenced = facts["evidenced_pence"].to_numpy(dtype=np.int64)
    out["special_damages"] = special / 100
    out["total_low"] = (out["low"].to_numpy() * 100 + evidenced) / 100
    out["total_mid"] = (out["mid"].to_numpy() * 100 + special) / 100
    out["total_high"] = (out["high"].to_numpy() * 100 + special) / 100
    total, squares = columns["total"], columns["square_total"]
    effective = np.divide(total * total, squares, out=np.zeros_like(total), where=squares > 0)
    out["confidence"] = confidence_level(effective, columns["best"])
    out["model_version"] = MODEL_VERSION
    return out
