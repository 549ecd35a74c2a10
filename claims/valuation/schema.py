"""The columns of the precedent and inflation files, and the checks on every row.

Pure: no Flask, no database. A check takes a frame of the file's cells as text (the
index is the spreadsheet row number, header = row 1) and returns the rows as typed
values keyed by model attribute, plus every problem found, by row and column. The
caller imports nothing unless the error list is empty.

When the valuation core's ``load_precedent_frame`` lands, ``precedent_store._checked``
is the one place to call it instead of ``check_precedents``.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

import pandas as pd

from claims.domain.money import MAX_PENCE
from claims.domain.valuation.inputs import MEDICAL_EVIDENCE
from claims.domain.valuation.precedents import ORIGINS, OUTCOMES, VALUE_OUTCOMES
from claims.domain.valuation.tables import RowError  # one shape of row error for the core and the upload
from claims.domain.vocab import BREACH_TYPES, DISTRESS_LEVELS, RECIPIENT_SCOPES

FLAGS = {"true": True, "false": False, "unknown": None, "": None}
YES_NO = {"true": True, "false": False}
EARLIEST_YEAR = 1980  # before the Data Protection Act 1984 no comparable award exists
LONG_TEXT = 5000

PRECEDENT_COLUMNS = (
    "case_name", "citation", "year", "court", "jurisdiction", "cause_of_action", "breach_type", "data_categories",
    "special_category", "children_involved", "recipients_scope", "distress_level", "medical_evidence",
    "financial_loss_gbp", "award_gbp", "award_low_gbp", "award_high_gbp", "outcome", "summary", "source",
    "verified", "include", "decided_on", "origin", "notes",
)
# May be left out of a file: rows sharing a case_group are one case at different instances (the
# valuation core weighs them as one); recipient_known_to_claimant is true/false/unknown.
PRECEDENT_OPTIONAL_COLUMNS = ("case_group", "recipient_known_to_claimant")
INFLATION_COLUMNS = ("year", "cpi_index_2015_100", "source")


@dataclass
class Checked:
    """Rows as typed values keyed by model attribute, with their row numbers, and the problems found."""

    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


# -- cell parsers: text in, typed value out, ValueError with a message for the person -----------

def _text(max_length: int, required: bool = False) -> Callable[[str], str | None]:
    def parse(value: str) -> str | None:
        if not value:
            if required:
                raise ValueError("is empty")
            return None
        if len(value) > max_length:
            raise ValueError(f"is longer than {max_length:,} characters")
        if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in value):
            raise ValueError("contains control characters")
        return value
    return parse


def _choice(mapping: Mapping, required: bool = False) -> Callable[[str], object]:
    def parse(value: str):
        if not value and not required:
            return None
        if value not in mapping:
            allowed = ", ".join(code for code in mapping if code) + ("" if required else " or blank")
            raise ValueError(f"“{_clip(value)}” is not one of: {allowed}")
        return mapping[value]
    return parse


def _pence(value: str) -> int | None:
    """An amount in pounds, 0 or more, at most 2 decimal places, as pence."""
    if not value:
        return None
    if not re.fullmatch(r"\d+(\.\d{1,2})?", value.replace(",", "")):
        raise ValueError(f"“{_clip(value)}” is not an amount in pounds of 0 or more (like 1250 or 3.49)")
    pence = int(Decimal(value.replace(",", "")) * 100)
    if pence > MAX_PENCE:
        raise ValueError("is more than £10,000,000")
    return pence


def _year(this_year: int, required: bool = False) -> Callable[[str], int | None]:
    def parse(value: str) -> int | None:
        if not value and not required:
            return None
        if not re.fullmatch(r"\d{4}", value) or not EARLIEST_YEAR <= int(value) <= this_year:
            raise ValueError(f"“{_clip(value)}” is not a year from {EARLIEST_YEAR} to {this_year}")
        return int(value)
    return parse


def _iso_date(value: str) -> date | None:
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise ValueError(f"“{_clip(value)}” is not a date written YYYY-MM-DD")


def _index_thousandths(value: str) -> int:
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not 0 < number < 10_000 or number.as_tuple().exponent < -3:
        raise ValueError(f"“{_clip(value)}” is not an index above 0 with at most 3 decimal places")
    return int(number * 1000)


def _clip(value: str) -> str:
    return value if len(value) <= 40 else value[:40] + "…"


# -- the precedent file ---------------------------------------------------------------------------

def _precedent_parsers(this_year: int) -> dict[str, tuple[str, Callable]]:
    """File column → (model attribute, parser)."""
    return {
        "case_name": ("case_name", _text(300, required=True)), "citation": ("citation", _text(500)),
        "year": ("year", _year(this_year)), "court": ("court", _text(300)),
        "jurisdiction": ("jurisdiction", _text(100)), "cause_of_action": ("cause_of_action", _text(LONG_TEXT)),
        "breach_type": ("breach_type", _choice({c: c for c in BREACH_TYPES}, required=True)),
        "data_categories": ("data_categories", _text(LONG_TEXT)),
        "special_category": ("special_category", _choice(FLAGS)),
        "children_involved": ("children_involved", _choice(FLAGS)),
        "recipients_scope": ("recipients_scope", _choice({c: c for c in RECIPIENT_SCOPES})),
        "distress_level": ("distress_level", _choice({c: c for c in DISTRESS_LEVELS})),
        "medical_evidence": ("medical_evidence", _choice({c: c for c in MEDICAL_EVIDENCE})),
        "financial_loss_gbp": ("financial_loss_pence", _pence), "award_gbp": ("award_pence", _pence),
        "award_low_gbp": ("award_low_pence", _pence), "award_high_gbp": ("award_high_pence", _pence),
        "outcome": ("outcome", _choice({c: c for c in OUTCOMES}, required=True)),
        "summary": ("summary", _text(LONG_TEXT)), "source": ("source", _text(LONG_TEXT, required=True)),
        "verified": ("verified", _choice(YES_NO, required=True)),
        "include": ("include", _choice(YES_NO, required=True)),
        "decided_on": ("decided_on", _iso_date),
        "origin": ("origin", _choice({c: c for c in ORIGINS}, required=True)),
        "notes": ("notes", _text(LONG_TEXT)),
        "case_group": ("case_group", _text(300)),
        "recipient_known_to_claimant": ("recipient_known_to_claimant", _choice(FLAGS)),
    }


def check_precedents(frame: pd.DataFrame, *, this_year: int) -> Checked:
    """Every row of a precedent file, checked cell by cell and then as a whole."""
    checked = _check_cells(frame, PRECEDENT_COLUMNS, _precedent_parsers(this_year), PRECEDENT_OPTIONAL_COLUMNS)
    seen: dict[tuple, int] = {}
    for row in checked.rows:
        checked.errors += [RowError(row["row_number"], column, message) for column, message in _precedent_rules(row)]
        key = (row["case_name"].casefold(), (row["citation"] or "").casefold())
        if key in seen:
            checked.errors.append(RowError(row["row_number"], "case_name", f"repeats row {seen[key]}"))
        seen.setdefault(key, row["row_number"])
    return _finish(checked)


def _precedent_rules(row: dict) -> list[tuple[str, str]]:
    """Rules across a row's cells: (column, message) for each one broken."""
    problems = []
    low, award, high = row["award_low_pence"], row["award_pence"], row["award_high_pence"]
    if low is not None and high is not None and low > high:
        problems.append(("award_low_gbp", "is more than award_high_gbp"))
    if award is not None and ((low is not None and award < low) or (high is not None and award > high)):
        problems.append(("award_gbp", "is outside award_low_gbp to award_high_gbp"))
    if row["include"] and row["outcome"] not in VALUE_OUTCOMES:
        problems.append(("include", f"is true but the outcome “{row['outcome']}” gives no value to compare"))
    if row["include"] and not any((award, low, high)):
        problems.append(("include", "is true but there is no award figure "
                                    "(award_gbp, award_low_gbp or award_high_gbp)"))
    if row["decided_on"] and row["year"] and row["decided_on"].year != row["year"]:
        problems.append(("decided_on", f"is not in {row['year']}, the row's year"))
    if row["decided_on"] and row["year"] is None:
        problems.append(("year", "is empty but decided_on is given"))
    if row["origin"] == "published" and "http://" not in row["source"] and "https://" not in row["source"]:
        problems.append(("source", "must give at least one web address for a published precedent"))
    return problems


# -- the inflation file ---------------------------------------------------------------------------

def check_inflation(frame: pd.DataFrame, *, this_year: int) -> Checked:
    """Every row of an inflation index file: one index value per year, each with its source."""
    parsers = {"year": ("year", _year(this_year, required=True)),
               "cpi_index_2015_100": ("index_thousandths", _index_thousandths),
               "source": ("source", _text(LONG_TEXT, required=True))}
    checked = _check_cells(frame, INFLATION_COLUMNS, parsers)
    seen: dict[int, int] = {}
    for row in checked.rows:
        if row["year"] in seen:
            checked.errors.append(RowError(row["row_number"], "year", f"repeats row {seen[row['year']]}"))
        seen.setdefault(row["year"], row["row_number"])
    return _finish(checked)


# -- shared -----------------------------------------------------------------------------------------

def _check_cells(frame: pd.DataFrame, columns: tuple[str, ...], parsers: dict,
                 optional: tuple[str, ...] = ()) -> Checked:
    """Check the header, then parse every cell; a row with any bad cell is left out of ``rows``."""
    checked = Checked(errors=_header_errors(list(frame.columns), columns, optional))
    if checked.errors:
        return checked
    if frame.empty:
        checked.errors.append(RowError(None, None, "The file has a header row but no data rows."))
    for number, cells in zip(frame.index, frame.to_dict("records")):
        values, bad = {"row_number": int(number)}, False
        for column, (attribute, parse) in parsers.items():
            try:
                values[attribute] = parse(str(cells.get(column, "")).strip())  # optional columns may be absent
            except ValueError as exc:
                checked.errors.append(RowError(int(number), column, str(exc)))
                bad = True
        if not bad:
            checked.rows.append(values)
    return checked


def _header_errors(found: list[str], expected: tuple[str, ...], optional: tuple[str, ...]) -> list[RowError]:
    """Missing, unknown and repeated column names in the header row."""
    missing = [name for name in expected if name not in found]
    unknown = [name for name in found if name not in expected and name not in optional]
    repeated = sorted({name for name in found if found.count(name) > 1})
    return [RowError(1, None, f"{what}: {', '.join(_clip(n) or '(blank)' for n in names)}") for what, names in
            (("Missing columns", missing), ("Unknown columns", unknown), ("Columns given twice", repeated)) if names]


def _finish(checked: Checked) -> Checked:
    checked.errors.sort(key=lambda e: e.row or 0)  # stable: a row's errors stay in column order
    return checked
