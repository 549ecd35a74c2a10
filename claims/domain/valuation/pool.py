"""The precedent pool made ready for valuing: values in today's money, features encoded.

This module owns how a clean precedent frame becomes the numbers the model compares:

- Each row that may inform a value gets one **point** of general damages: ``award_gbp``
  if given; else a range's **geometric midpoint** √(low × high) (a multi-claimant row
  such as TLT £2,500–£12,500 → £5,590: the middle on the ratio scale that damages ranges
  are read on; the range is kept for display); else the one bound given (a lower bound
  such as "more than £200,000" stays a lower bound, so the pool errs low). A settlement is
  a global sum, so its known financial loss is taken off to leave general damages
  (Hackney £106,000 − £39,000 = £67,000).
- The point is brought to today's money (``inflation``) and its log is the model's value.
- Rows of one case (``case_group``; published rows with the same breach type, year and
  award figures, such as a trial and its appeal, otherwise) share one row's weight.
- Rows that cannot inform a value are kept apart as context.

Firm rows (``origin="firm"``) are treated exactly like published ones and labelled.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from .features import category_lists, code_tensor, codes_given, encode_precedents, infer_categories
from .inflation import adjust_awards, cpi_year, load_cpi_frame
from .precedents import load_precedent_frame
from .prior import ANCHORS, Anchor, PriorCurve, calibrate


@dataclass(frozen=True)
class Settings:
    """The model's tunable constants (the defaults are model version ``MODEL_VERSION``)."""

    prior_strength: float = 2.0  # the prior counts as this many exact matches
    prior_band_ratio: float = 3.0  # the prior band's high ÷ low
    quantiles: tuple[float, float] = (0.1, 0.9)  # the comparables' band
    anchors: tuple[Anchor, ...] = ANCHORS


DEFAULT_SETTINGS = Settings()


@dataclass(frozen=True)
class PreparedPool:
    """Everything an estimate needs from the precedents, CPI and settings, computed once."""

    as_of: date
    settings: Settings
    rows: pd.DataFrame  # rows that inform a value, sorted by value (ascending)
    codes: dict[str, np.ndarray]
    log_value: np.ndarray  # log of the point value today, in pounds
    share: np.ndarray  # each row's share of its case's weight
    weight_tensor: np.ndarray  # shares summed by combination of feature codes
    value_tensor: np.ndarray  # shares × log values, likewise
    context: pd.DataFrame  # rows that cannot inform a value
    context_codes: dict[str, np.ndarray]
    prior: PriorCurve
    cpi_year: int
    cpi_source: str
    tables: dict = field(default_factory=dict, compare=False, repr=False)  # lattice sums per breach type


def prepare_pool(precedents, cpi, *, as_of: date, settings: Settings = DEFAULT_SETTINGS,
                 leave_out: frozenset[str] = frozenset()) -> PreparedPool:
    """Check (if raw), value and encode the precedents; ``leave_out`` drops case groups (backtest)."""
    frame = precedents if "award_pence" in precedents else load_precedent_frame(precedents, strict=True).frame
    cpi_frame = cpi if "index_thousandths" in cpi else load_cpi_frame(cpi)
    grouped = _with_groups(frame)
    left_out = grouped["group"].isin(leave_out)
    left_out_names = set(grouped.loc[left_out, "case_name"])
    frame = _described(grouped.loc[~left_out].reset_index(drop=True))
    valued = _valued(frame.loc[frame["include"]], cpi_frame, as_of)
    context = frame.loc[~frame["include"]].reset_index(drop=True)
    codes, log_value = _codes(valued), np.log(valued["value_pence"].to_numpy(dtype=float) / 100)
    share = 1.0 / valued.groupby("group")["group"].transform("size").to_numpy(dtype=float)
    to_year = cpi_year(cpi_frame, as_of)
    return PreparedPool(
        as_of=as_of, settings=settings, rows=valued, codes=codes, log_value=log_value, share=share,
        weight_tensor=code_tensor(codes, share), value_tensor=code_tensor(codes, share * log_value),
        context=context, context_codes=_codes(context),
        prior=calibrate(tuple(a for a in settings.anchors if a.case_name not in left_out_names),
                        cpi=cpi_frame, as_of=as_of),
        cpi_year=to_year, cpi_source=str(cpi_frame.loc[cpi_frame["year"] == to_year, "source"].iloc[0]),
    )


def _described(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows with their data categories and feature codes (``code_*`` columns)."""
    categories = infer_categories(frame["data_categories"])
    codes = encode_precedents(frame, categories)
    return frame.assign(category_codes=category_lists(categories).to_numpy(),
                        categories_inferred=~codes_given(frame["data_categories"]).to_numpy(dtype=bool),
                        **{f"code_{name}": values for name, values in codes.items()})


def _codes(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    return {name[len("code_"):]: frame[name].to_numpy(dtype=np.int64) for name in frame if name.startswith("code_")}


def _with_groups(frame: pd.DataFrame) -> pd.DataFrame:
    """A ``group`` per row: its case_group, else (published) breach type + year + figures, else itself."""
    implicit = pd.Series("auto:", index=frame.index, dtype=object)
    for column in ("breach_type", "year", "award_pence", "award_low_pence", "award_high_pence"):
        implicit = implicit + "|" + frame[column].astype("string").fillna("").astype(object)
    own = "row:" + frame["row_number"].astype(str)
    given = frame["case_group"] if "case_group" in frame else pd.Series(None, index=frame.index, dtype=object)
    group = given.where(given.notna() & (given != ""), implicit.where(frame["origin"] == "published", own))
    return frame.assign(group=group.astype(str))


def _valued(frame: pd.DataFrame, cpi: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Point value, its basis, and the value in today's money, sorted by value."""
    point, basis = _points(frame)
    adjusted = adjust_awards(point, frame["year"], frame["decided_on"], cpi=cpi, as_of=as_of)
    valued = frame.assign(
        point_pence=point, point_basis=basis, value_pence=adjusted.pence,
        uplifted=adjusted.uplifted, cpi_factor=adjusted.cpi_factor, adjustment=adjusted.notes,
    )
    return valued.sort_values(["value_pence", "row_number"], kind="stable").reset_index(drop=True)


def _points(frame: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """Each row's point of general damages (pence) and how it was read."""
    award, low, high, loss = (frame[c].to_numpy(dtype=float, na_value=np.nan) for c in (
        "award_pence", "award_low_pence", "award_high_pence", "financial_loss_pence"))
    ranged = (low > 0) & (high > 0)
    point = np.select([award > 0, ranged, low > 0], [award, np.round(np.sqrt(low * high)), low], high)
    basis = np.select([award > 0, ranged, low > 0],
                      ["award", "geometric midpoint of the range", "lower bound"], "upper bound").astype(object)
    net = (frame["outcome"].to_numpy() == "settled") & (loss > 0) & (point > loss)
    point = np.where(net, point - np.nan_to_num(loss), point)
    basis = np.where(net, basis + " less the financial loss (a settlement)", basis)
    return point.astype(np.int64), list(basis)
