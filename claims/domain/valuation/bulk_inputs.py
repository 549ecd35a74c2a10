"""Checking and normalising a frame of claims column-wise, with the rules of ``inputs``.

This module owns the bulk reading of the input schema: the same keys, codes and limits as
``inputs.parse_claim``, applied to whole columns. A problem raises ``ValuationInputError``
naming the key and the row label, e.g. ``distress_level (row 17): unknown value 'high'``.
List-valued keys (data_categories, effects) may hold lists or ";"-separated codes;
``financial_losses`` holds lists of {head, amount_gbp, evidenced} or nothing.
"""
from __future__ import annotations

import math
from datetime import date, datetime

import numpy as np
import pandas as pd

from claims.domain.money import MAX_PENCE
from claims.domain.scoring import SEPARATELY_SCORED_EFFECTS, SPECIAL_CATEGORY_TIER, TIER_BY_CATEGORY
from claims.domain.vocab import (
    BREACH_TYPES, DATA_CATEGORIES, DISTRESS_LEVELS, EFFECTS, KNOWN_RECIPIENTS, LOSS_HEADS,
    ORGANISATION_REPLIES, RECIPIENT_RELATIONSHIPS, RECIPIENT_SCOPES,
)

from .features import BREACH_CODES
from .inputs import (
    MEDICAL_EVIDENCE, OPTIONAL_DEFAULTS, REQUIRED_KEYS, RETIRED_KEYS, ValuationInputError, parse_limitation, parse_pounds,
)

_BOOLEANS = ("special_category", "children_involved", "recipient_known_to_claimant", "effects_ongoing",
             "fear_for_safety", "had_to_move", "repeated", "defendant_public_authority", "defendant_delayed",
             "already_represented")


def _fail(frame_or_series, mask, key: str, problem) -> None:
    """Raise for the first row in ``mask`` (``problem`` may be a function of its value)."""
    mask = np.asarray(mask, dtype=bool)
    if mask.any():
        first = int(np.flatnonzero(mask)[0])
        label, value = frame_or_series.index[first], frame_or_series.iloc[first]
        raise ValuationInputError(f"{key} (row {label})", problem(value) if callable(problem) else problem)


def parse_claims_frame(claims: pd.DataFrame, *, as_of: date) -> pd.DataFrame:
    """Every claim checked; the normalised columns that scoring and the lattice need."""
    _check_columns(claims)
    column = {key: _column(claims, key) for key in (*REQUIRED_KEYS, *OPTIONAL_DEFAULTS)}
    out = pd.DataFrame(index=claims.index)
    for key, vocabulary in (("breach_type", BREACH_TYPES), ("recipients_scope", RECIPIENT_SCOPES),
                            ("distress_level", DISTRESS_LEVELS), ("medical_evidence", MEDICAL_EVIDENCE)):
        out[key] = _enum(column[key], key, vocabulary)
    for key, vocabulary in (("recipient_relationship", RECIPIENT_RELATIONSHIPS),
                            ("organisation_reply", ORGANISATION_REPLIES)):
        out[key] = _enum(column[key], key, vocabulary, optional=True)
    for key in _BOOLEANS:
        out[key] = _boolean(column[key], key)
    _dates(column["breach_date"], as_of)
    _limitation(column["limitation"])
    categories = _codes(column["data_categories"], "data_categories", DATA_CATEGORIES)
    effects = _codes(column["effects"], "effects", EFFECTS)
    out["tier"] = _tier(categories, out["special_category"])
    out["effects_count"] = effects[~effects.isin(SEPARATELY_SCORED_EFFECTS)].groupby(level=0).nunique() \
        .reindex(range(len(claims)), fill_value=0).to_numpy()
    for effect in SEPARATELY_SCORED_EFFECTS:
        said = effects[effects == effect].groupby(level=0).size().reindex(range(len(claims)), fill_value=0) > 0
        out[effect] = out[effect].to_numpy() | said.to_numpy()
    out["recipient_known_to_claimant"] = out["recipient_known_to_claimant"].to_numpy() | \
        out["recipient_relationship"].isin(KNOWN_RECIPIENTS).to_numpy()
    out["financial_loss_pence"] = _pence(column["financial_loss_gbp"], "financial_loss_gbp")
    out["evidenced_pence"] = _evidenced(column["financial_losses"], out["financial_loss_pence"])
    return _lattice_codes(out)


def _check_columns(claims: pd.DataFrame) -> None:
    for key in REQUIRED_KEYS:
        if key not in claims.columns:
            raise ValuationInputError(key, "missing (required column)")
    for key in claims.columns:
        if key in RETIRED_KEYS:
            raise ValuationInputError(key, RETIRED_KEYS[key])
        if key not in REQUIRED_KEYS and key not in OPTIONAL_DEFAULTS:
            raise ValuationInputError(str(key), "unknown key")


def _column(claims: pd.DataFrame, key: str) -> pd.Series:
    """The column, or the key's default for every row (missing cells in a required column fail later)."""
    if key in claims.columns:
        return claims[key]
    default = OPTIONAL_DEFAULTS.get(key)
    return pd.Series([default] * len(claims), index=claims.index, dtype=object)


def _enum(values: pd.Series, key: str, vocabulary, *, optional: bool = False) -> pd.Series:
    missing = values.isna().to_numpy()
    if not optional:
        _fail(values, missing, key, "missing (required)")
    _fail(values, ~values.isin(list(vocabulary)).to_numpy() & ~missing, key,
          lambda value: f"unknown value {value!r}; expected one of {', '.join(vocabulary)}")
    return values.astype(object).where(~missing, None)


def _boolean(values: pd.Series, key: str) -> np.ndarray:
    if values.dtype == bool or pd.api.types.infer_dtype(values, skipna=False) == "boolean":
        return values.to_numpy(dtype=bool)
    good = values.map(lambda value: isinstance(value, (bool, np.bool_))).to_numpy(dtype=bool)
    _fail(values, ~good, key, lambda value: f"expected true or false, not {value!r}")
    return values.to_numpy(dtype=bool)


def _dates(values: pd.Series, as_of: date) -> None:
    text = values.map(lambda value: value.date().isoformat() if isinstance(value, datetime)
                      else value.isoformat() if isinstance(value, date) else value)
    parsed = pd.to_datetime(text.where(text.map(lambda v: isinstance(v, str))), format="%Y-%m-%d", errors="coerce")
    _fail(values, values.isna().to_numpy(), "breach_date", "missing (required)")
    _fail(values, parsed.isna().to_numpy(), "breach_date",
          lambda value: f"expected a date written YYYY-MM-DD, not {value!r}")
    _fail(values, (parsed > pd.Timestamp(as_of)).to_numpy(), "breach_date",
          lambda value: f"{value} is after the valuation date {as_of.isoformat()}")


def _limitation(values: pd.Series) -> None:
    """Each row's limitation dates checked as ``inputs.parse_limitation`` checks them (the bulk output has no flags)."""
    for label, value in values.items():
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        try:
            parse_limitation(value)
        except ValuationInputError as exc:
            raise ValuationInputError(f"{exc.key} (row {label})", str(exc).split(": ", 1)[1]) from None


def _codes(values: pd.Series, key: str, vocabulary) -> pd.Series:
    """One row per (claim position, code): lists or ";"-separated text, each code checked."""
    if pd.api.types.infer_dtype(values, skipna=False) == "string":
        as_lists = values.str.split(";")
    else:
        as_lists = values.map(lambda value: value.split(";") if isinstance(value, str) else value)
        good = as_lists.map(lambda value: isinstance(value, (list, tuple, np.ndarray))).to_numpy(dtype=bool)
        _fail(values, ~good, key, "expected a list of codes")
    codes = pd.Series(as_lists.to_numpy(), index=range(len(values))).explode().dropna()
    codes = codes[codes.astype(str).str.strip() != ""].astype(str).str.strip()
    bad = ~codes.isin(list(vocabulary))
    if bad.any():
        position = int(codes.index[bad.to_numpy()][0])
        raise ValuationInputError(f"{key} (row {values.index[position]})",
                                  f"unknown value {codes[bad].iloc[0]!r}; expected one of {', '.join(vocabulary)}")
    return codes


def _tier(categories: pd.Series, special: np.ndarray) -> np.ndarray:
    tiers = categories.map(TIER_BY_CATEGORY).groupby(level=0).max().reindex(range(len(special)), fill_value=0)
    return np.maximum(tiers.to_numpy(dtype=np.int64), np.where(special, SPECIAL_CATEGORY_TIER, 0))


def _pence(values: pd.Series, key: str) -> np.ndarray:
    """Pounds to pence column-wise; anything not a plain number goes through ``parse_pounds``."""
    if pd.api.types.is_numeric_dtype(values) and values.dtype != bool:
        amounts = values.to_numpy(dtype=float)
        _fail(values, ~np.isfinite(amounts), key, "expected a finite amount")
        _fail(values, amounts < 0, key, "expected an amount of 0 or more")
        pence = np.round(amounts * 100)
        _fail(values, np.abs(amounts * 100 - pence) > 1e-6, key, "expected at most 2 decimal places")
        _fail(values, pence > MAX_PENCE, key, "expected £10,000,000 or less")
        return pence.astype(np.int64)
    _fail(values, values.isna().to_numpy(), key, "missing (required)")
    return np.asarray([parse_pounds(value, f"{key} (row {label})") for label, value in values.items()],
                      dtype=np.int64)


def _evidenced(items: pd.Series, totals: pd.Series) -> np.ndarray:
    """The evidenced part of each claim's itemised losses (items may not exceed the total)."""
    rows = pd.Series(items.to_numpy(), index=range(len(items))).explode().dropna()
    if rows.empty:
        return np.zeros(len(items), dtype=np.int64)
    _fail(items, ~rows.map(lambda v: isinstance(v, dict)).groupby(level=0).all().reindex(
        range(len(items)), fill_value=True).to_numpy(), "financial_losses", "expected {head, amount_gbp, evidenced}")
    table = pd.DataFrame(list(rows), index=rows.index)
    heads = table.get("head", pd.Series(None, index=table.index))
    if not heads.isin(list(LOSS_HEADS)).all():
        position = int(heads.index[~heads.isin(list(LOSS_HEADS)).to_numpy()][0])
        raise ValuationInputError(f"financial_losses.head (row {items.index[position]})", "unknown or missing head")
    amounts = pd.Series([parse_pounds(value, f"financial_losses.amount_gbp (row {items.index[position]})")
                         for position, value in zip(table.index, table.get("amount_gbp", [None] * len(table)))],
                        index=table.index, dtype=np.int64)
    evidenced = table.get("evidenced", pd.Series(False, index=table.index)).fillna(False).astype(bool)
    by_claim = amounts.groupby(level=0).sum().reindex(range(len(items)), fill_value=0).to_numpy()
    _fail(items, by_claim > totals.to_numpy(), "financial_losses", "the items add up to more than financial_loss_gbp")
    return amounts[evidenced].groupby(level=0).sum().reindex(range(len(items)), fill_value=0).to_numpy(dtype=np.int64)


def _lattice_codes(out: pd.DataFrame) -> pd.DataFrame:
    """The breach type's code and the claim's lattice cell, as in ``features.encode_claim``."""
    return out.assign(
        breach_code=out["breach_type"].map(BREACH_CODES.index).to_numpy(dtype=np.int64),
        children=out["children_involved"].astype(np.int64),
        scope=out["recipients_scope"].map(list(RECIPIENT_SCOPES).index).to_numpy(dtype=np.int64),
        known=out["recipient_known_to_claimant"].astype(np.int64),
        distress=out["distress_level"].map(list(DISTRESS_LEVELS).index).to_numpy(dtype=np.int64),
        medical=out["medical_evidence"].map(list(MEDICAL_EVIDENCE).index).to_numpy(dtype=np.int64),
        moved=out["had_to_move"].astype(np.int64),
    )
