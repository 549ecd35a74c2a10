"""The columns of the precedent and inflation files, and the checks only an upload needs.

Pure: no Flask, no database. A check takes a frame of the file's cells as text (the
index is the spreadsheet row number, header = row 1) and returns problems by row and
column. The caller imports nothing unless the error list is empty.

A precedent file's rows are checked by the valuation core (``load_precedent_frame``, called
from ``precedent_store``); here are only the checks it does not make: the header names
exactly the columns the store keeps, there are data rows, and no case is given twice. The
inflation file is checked here row by row.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pandas as pd

from claims.domain.valuation.precedents import EARLIEST_YEAR  # the CPI table needs no year before any precedent
from claims.domain.valuation.tables import RowError, header_errors  # one shape of row error for the core and the upload

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


def _year(this_year: int, required: bool = False) -> Callable[[str], int | None]:
    def parse(value: str) -> int | None:
        if not value and not required:
            return None
        if not re.fullmatch(r"\d{4}", value) or not EARLIEST_YEAR <= int(value) <= this_year:
            raise ValueError(f"“{_clip(value)}” is not a year from {EARLIEST_YEAR} to {this_year}")
        return int(value)
    return parse


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

def precedent_file_errors(frame: pd.DataFrame) -> list[RowError]:
    """The header names every column the store keeps, once, and no other; then there are data rows."""
    return _file_errors(frame, PRECEDENT_COLUMNS, PRECEDENT_OPTIONAL_COLUMNS)


def repeated_cases(rows: list[dict]) -> list[RowError]:
    """Rows giving the same case (name and citation, ignoring case) as an earlier row."""
    errors, seen = [], {}
    for row in rows:
        key = (row["case_name"].casefold(), (row["citation"] or "").casefold())
        if key in seen:
            errors.append(RowError(row["row_number"], "case_name", f"repeats row {seen[key]}"))
        seen.setdefault(key, row["row_number"])
    return errors


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

def _file_errors(frame: pd.DataFrame, columns: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[RowError]:
    """Missing, unknown and repeated column names in the header row; then, a file with no data rows."""
    errors = header_errors([_clip(name) or "(blank)" for name in frame.columns], columns, optional)
    if not errors and frame.empty:
        errors.append(RowError(None, None, "The file has a header row but no data rows."))
    return errors


def _check_cells(frame: pd.DataFrame, columns: tuple[str, ...], parsers: dict) -> Checked:
    """Check the header, then parse every cell; a row with any bad cell is left out of ``rows``."""
    checked = Checked(errors=_file_errors(frame, columns))
    if checked.errors:
        return checked
    for number, cells in zip(frame.index, frame.to_dict("records")):
        values, bad = {"row_number": int(number)}, False
        for column, (attribute, parse) in parsers.items():
            try:
                values[attribute] = parse(str(cells[column]).strip())
            except ValueError as exc:
                checked.errors.append(RowError(int(number), column, str(exc)))
                bad = True
        if not bad:
            checked.rows.append(values)
    return checked


def _finish(checked: Checked) -> Checked:
    checked.errors.sort(key=lambda e: e.row or 0)  # stable: a row's errors stay in column order
    return checked
