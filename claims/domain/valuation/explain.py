"""The reasons shown with an estimate: comparables and why they match, context cases, confidence.

This module owns the words a reviewer reads beside the numbers. It only describes: the
numbers come from ``band``. Reasons are built for the few rows shown, so the Python here
never runs over the whole pool.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from claims.domain.scoring import TIER_LABELS
from claims.domain.vocab import DISTRESS_LEVELS, RECIPIENT_SCOPES

from .features import (
    BREACH_CODES, BREACH_FAMILIES, BREACH_KERNEL, DIMS, SAME_FAMILY, cell_similarity,
)
from .inputs import MEDICAL_EVIDENCE
from .pool import PreparedPool
from .precedents import OUTCOMES, ORIGINS
from .risks import CONTEXT_RULES

SHOWN_COMPARABLES = 5
SHOWN_SIMILARITY = 0.05  # below this a precedent still counts (by its weight) but is not listed
SHOWN_CONTEXT = 8
SIMILAR_CONTEXT = 0.25  # an excluded row this similar is shown as context even with no flag
HIGH, MEDIUM = (5.0, 0.6), (2.0, 0.35)  # (effective comparables, best similarity) for each level


def _words(code: str) -> str:
    return code.replace("_", " ")


def describe_match(breach: int, cell: tuple[int, ...], row: dict, inferred: bool) -> dict:
    """What a precedent shares with the claim, where it differs, and what it does not record."""
    matches, differences, unknown = [], [], []
    claim_type, row_type = BREACH_CODES[breach], BREACH_CODES[row["breach"]]
    if claim_type == row_type:
        matches.append(f"same breach type: {_words(claim_type)}")
    elif BREACH_FAMILIES[claim_type] == BREACH_FAMILIES[row_type]:
        matches.append(f"related breach type: {_words(row_type)} (claim: {_words(claim_type)})")
    else:
        differences.append(f"breach type: {_words(row_type)} (claim: {_words(claim_type)})")
    for dim, value in zip(DIMS, cell):
        theirs = row[dim.name]
        if theirs == dim.size:
            unknown.append(_DIM_NAMES[dim.name])
        elif theirs == value:
            matches += _same(dim.name, value, inferred)
        else:
            differences.append(f"{_DIM_NAMES[dim.name]}: {_value(dim.name, theirs)} (claim: {_value(dim.name, value)})")
    return {"matches": matches, "differences": differences, "not_recorded": unknown, "why": "; ".join(matches)}


_DIM_NAMES = {"tier": "data sensitivity", "children": "children", "scope": "reach", "known": "recipient",
              "distress": "distress", "medical": "medical evidence", "moved": "relocation"}


_VALUE_WORDS = {
    "tier": TIER_LABELS,
    "children": ("not involved", "involved"),
    "scope": tuple(label.lower() for label in RECIPIENT_SCOPES.values()),
    "known": ("not known", "known"),
    "distress": tuple(DISTRESS_LEVELS),
    "medical": tuple(label.lower() for label in MEDICAL_EVIDENCE.values()),
    "moved": ("did not move", "had to move home"),
}


def _value(name: str, value: int) -> str:
    return _VALUE_WORDS[name][value]


def _same(name: str, value: int, inferred: bool) -> list[str]:
    """The words for a matching feature (nothing for a shared absence, such as no children)."""
    if name == "tier":
        inferred_note = " (inferred from the description)" if inferred else ""
        return [f"same data sensitivity: {TIER_LABELS[value]}{inferred_note}"]
    if name in ("children", "known", "moved"):
        shared = {"children": "children involved", "known": "recipient known", "moved": "had to move home"}
        return [shared[name]] if value else []
    if name == "medical" and value == 0:
        return []
    return [f"same {_DIM_NAMES[name]}: {_value(name, value)}"]


def comparables(pool: PreparedPool, breach: int, cell: tuple[int, ...], sim: np.ndarray) -> list[dict]:
    """The most similar precedents that inform the value, with their value today and why they match."""
    weights = sim * pool.share
    total = weights.sum()
    order = np.argsort(-sim, kind="stable")[:SHOWN_COMPARABLES]
    order = order[(sim[order] >= SHOWN_SIMILARITY) | (np.arange(len(order)) == 0)]  # the closest is always shown
    records = _records(pool.rows, order, _COMPARABLE_COLUMNS)
    return [_comparable(pool, row, int(i), breach, cell, float(sim[i]), float(weights[i] / total))
            for row, i in zip(records, order)]


def _comparable(pool: PreparedPool, row: dict, i: int, breach: int, cell: tuple[int, ...], sim: float,
                share: float) -> dict:
    codes = {name: int(values[i]) for name, values in pool.codes.items()}
    recorded = {key: _gbp(row[f"{key}_pence"]) for key in ("award", "award_low", "award_high")}
    return {
        "case_name": row["case_name"], "citation": row["citation"], "year": _int(row["year"]),
        "origin": row["origin"], "origin_label": ORIGINS[row["origin"]], "outcome": row["outcome"],
        "award": int(row["value_pence"] // 100), "award_as_recorded": recorded,
        "point_basis": row["point_basis"], "adjustment": row["adjustment"],
        "data_categories": [code for code in row["category_codes"].split(";") if code],
        "categories_inferred": bool(row["categories_inferred"]), "similarity": round(sim, 3),
        "weight_share": round(share, 3), **describe_match(breach, cell, codes, bool(row["categories_inferred"])),
        "verified": None if pd.isna(row["verified"]) else bool(row["verified"]), "source": row["source"],
    }


_COMPARABLE_COLUMNS = ("case_name", "citation", "year", "origin", "outcome", "award_pence", "award_low_pence",
                       "award_high_pence", "value_pence", "point_basis", "adjustment", "category_codes",
                       "categories_inferred", "verified", "source")
_CONTEXT_COLUMNS = ("case_name", "citation", "year", "outcome", "exclusion_reason", "summary", "notes", "source")


def _records(frame: pd.DataFrame, positions, columns: tuple[str, ...]) -> list[dict]:
    """The given rows as dicts of the given columns (quicker than ``to_dict`` for a few rows)."""
    positions = np.asarray(positions, dtype=np.int64)
    values = [frame[column].to_numpy(dtype=object)[positions] for column in columns]
    return [dict(zip(columns, row)) for row in zip(*values)]


def _gbp(pence) -> float | None:
    return None if pd.isna(pence) else (int(pence) // 100 if int(pence) % 100 == 0 else int(pence) / 100)


def _int(value) -> int | None:
    return None if pd.isna(value) else int(value)


def context_cases(pool: PreparedPool, breach: int, cell: tuple[int, ...], flag_codes: list[str]) -> list[dict]:
    """Precedents that cannot inform a value but matter here: linked to a flag, or similar facts."""
    if pool.context.empty:
        return []
    sim = cell_similarity(pool.context_codes, breach, cell)
    shown: dict[int, str] = {}
    for code in flag_codes:
        for i in np.flatnonzero(_linked(pool, breach, code)):
            shown.setdefault(int(i), f"shown with the {code.replace('_', '-')} flag")
    for i in np.argsort(-sim, kind="stable"):
        if sim[i] >= SIMILAR_CONTEXT:
            shown.setdefault(int(i), f"similar facts (similarity {sim[i]:.2f})")
    chosen = list(shown.items())[:SHOWN_CONTEXT]
    records = _records(pool.context, [i for i, _ in chosen], _CONTEXT_COLUMNS)
    return [_context(row, why, float(sim[i])) for row, (i, why) in zip(records, chosen)]


def _linked(pool: PreparedPool, breach: int, code: str) -> np.ndarray:
    if code not in CONTEXT_RULES:
        return np.zeros(len(pool.context), dtype=bool)
    outcomes, same_family, types = CONTEXT_RULES[code]
    linked = np.ones(len(pool.context), dtype=bool)
    if outcomes:
        linked &= pool.context["outcome"].isin(outcomes).to_numpy()
    if same_family:
        linked &= BREACH_KERNEL[breach][pool.context_codes["breach"]] >= SAME_FAMILY
    if types:
        linked &= pool.context["breach_type"].isin(types).to_numpy()
    return linked


def _context(row: dict, why: str, sim: float) -> dict:
    return {
        "case_name": row["case_name"], "citation": row["citation"], "year": _int(row["year"]),
        "outcome": row["outcome"], "outcome_label": OUTCOMES[row["outcome"]],
        "why_not_valued": row["exclusion_reason"], "shown_because": why, "similarity": round(sim, 3),
        "summary": row["summary"], "notes": row.get("notes"), "source": row["source"],
    }


def confidence(total: float, square_total: float, best: float, share: float) -> dict:
    """How far to trust the comparables: their effective number and the closest one's similarity."""
    effective = total * total / square_total if square_total > 0 else 0.0
    level = confidence_level(effective, best)
    return {
        "level": level, "effective_comparables": round(effective, 1), "best_similarity": round(best, 3),
        "comparables_share": round(share, 3),
        "explanation": (f"{level.capitalize()}: {effective:.1f} effective comparables, the closest "
                        f"{best:.0%} similar; the comparables carry {share:.0%} of the estimate and the "
                        f"distress score's prior band the rest"),
    }


def confidence_level(effective, best):
    """'high', 'medium' or 'low' (works on numbers or numpy arrays)."""
    effective, best = np.asarray(effective), np.asarray(best)
    level = np.where((effective >= HIGH[0]) & (best >= HIGH[1]), "high",
                     np.where((effective >= MEDIUM[0]) & (best >= MEDIUM[1]), "medium", "low"))
    return str(level) if level.ndim == 0 else level
