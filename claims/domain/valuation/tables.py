"""Reading a reference table (precedents, CPI) into text cells, and checking cells column-wise.

This module owns how any table source becomes a frame of text cells with spreadsheet row
numbers (header = row 1), and the vectorised cell checks both tables share. A table can
come from a CSV or XLSX path, a pandas DataFrame (read from CSV or XLSX, or the web app's
upload reader whose index is already the spreadsheet row), or a list of row dicts (the
database's typed rows: ``*_pence`` integers, booleans, dates). Problems are ``RowError``s
naming the row and the column, in the same shape as ``claims.valuation.schema``.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from claims.domain.money import MAX_PENCE
from claims.domain.text import CONTROL, hidden_formatting

BOOKKEEPING_KEYS = frozenset({"id", "set_id", "version", "row_number"})
_MONEY = r"\d{1,10}(?:\.\d{1,2})?"


@dataclass(frozen=True)
class RowError:
    """A problem in a table: ``row`` is the spreadsheet row (header = 1; None for the whole table)."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = ", ".join(filter(None, [self.row and f"Row {self.row}", self.column]))
        return f"{where}: {self.message}" if where else self.message


class TableError(ValueError):
    """A table that cannot be used; ``errors`` lists every problem by row and column."""

    def __init__(self, what: str, errors: list[RowError]):
        shown = "; ".join(str(error) for error in errors[:10])
        more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
        super().__init__(f"{what}: {shown}{more}")
        self.errors = errors


def read_cells(source) -> pd.DataFrame:
    """Any supported table source as text cells, indexed by spreadsheet row number."""
    if isinstance(source, (str, Path)):
        frame = _read_path(Path(source))
    elif isinstance(source, pd.DataFrame):
        frame = source.copy()
    elif isinstance(source, Iterable):
        frame = pd.DataFrame([_file_shaped(row) for row in source])
    else:
        raise TypeError(f"Cannot read a table from {type(source).__name__}")
    index = _row_numbers(frame)
    frame = frame.drop(columns=[c for c in frame.columns if c in BOOKKEEPING_KEYS])
    cells = {str(column).strip(): frame[column].map(cell_text).to_numpy(dtype=object) for column in frame.columns}
    return pd.DataFrame(cells, index=pd.Index(index, name="row_number"), dtype=object)


def _read_path(path: Path) -> pd.DataFrame:
    if path.suffix.lower() == ".xlsx":
        return pd.read_excel(path, dtype=object)  # needs openpyxl, which the upload feature installs
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _row_numbers(frame: pd.DataFrame) -> np.ndarray:
    """A ``row_number`` column, else a non-default index, else position + 2 (header = row 1)."""
    if "row_number" in frame.columns:
        return frame["row_number"].astype(np.int64).to_numpy()
    if isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0:
        return np.arange(2, len(frame) + 2)
    return frame.index.to_numpy(dtype=np.int64)


def _file_shaped(row: Mapping) -> dict:
    """A typed row (``award_pence`` etc.) with its amounts back in pounds, as in the file."""
    shaped = {}
    for key, value in row.items():
        if key.endswith("_pence"):
            key, value = key[: -len("_pence")] + "_gbp", None if value is None else Decimal(value) / 100
        shaped[key] = value
    return shaped


def cell_text(value) -> str:
    """One cell as the text a person would have typed (blank for missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (datetime, pd.Timestamp)):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value).strip()


def header_errors(found: list[str], required: tuple[str, ...], optional: tuple[str, ...]) -> list[RowError]:
    """Missing, unknown and repeated column names."""
    missing = [name for name in required if name not in found]
    unknown = [name for name in found if name not in required and name not in optional]
    repeated = sorted({name for name in found if found.count(name) > 1})
    return [RowError(1, None, f"{what}: {', '.join(names)}") for what, names in (
        ("Missing columns", missing), ("Unknown columns", unknown), ("Columns given twice", repeated)) if names]


class CellChecker:
    """Collects cell problems column by column; ``bad`` marks rows with any problem."""

    def __init__(self, cells: pd.DataFrame):
        self.cells = cells
        self.errors: list[RowError] = []
        self.bad = pd.Series(False, index=cells.index)

    def column(self, name: str) -> pd.Series:
        """A column's text, blank if the table does not have it (an optional column)."""
        return self.cells[name] if name in self.cells else pd.Series("", index=self.cells.index, dtype=object)

    def flag(self, mask: pd.Series, column: str, message) -> None:
        """Record a problem for every row in ``mask``; ``message`` may be a function of the cell."""
        for row in mask.index[mask.to_numpy(dtype=bool)]:
            text = self.column(column).get(row, "")
            self.errors.append(RowError(int(row), column, message(text) if callable(message) else message))
        self.bad |= mask

    def text(self, name: str, *, required: bool = False, max_length: int = 5000) -> pd.Series:
        """Free text: no control characters, not too long, present if required."""
        values = self.column(name)
        self.flag(values.str.contains(CONTROL.pattern, regex=True), name, "contains control characters")
        self.flag(values.map(lambda value: bool(hidden_formatting(value))), name,
                  "contains hidden formatting characters such as right-to-left marks")
        self.flag(values.str.len() > max_length, name, f"is longer than {max_length:,} characters")
        if required:
            self.flag(values == "", name, "is empty")
        return values.where(values != "", None)

    def choice(self, name: str, codes: Iterable[str], *, required: bool = False) -> pd.Series:
        """A code from ``codes`` (blank allowed unless required)."""
        values, allowed = self.column(name), list(codes)
        wrong = ~values.isin(allowed) & ((values != "") | required)
        listed = ", ".join(allowed) + ("" if required else " or blank")
        self.flag(wrong, name, lambda text: f"“{_clip(text)}” is not one of: {listed}")
        return values.where(values.isin(allowed), None)

    def flag_value(self, name: str, mapping: Mapping[str, bool | None]) -> pd.Series:
        """true/false (or unknown/blank when the mapping allows) as a nullable boolean."""
        values = self.column(name).str.lower()
        listed = ", ".join(key for key in mapping if key) + (" or blank" if "" in mapping else "")
        self.flag(~values.isin(list(mapping)), name, lambda text: f"“{_clip(text)}” is not one of: {listed}")
        return values.map(lambda text: mapping.get(text)).astype("boolean")

    def pence(self, name: str) -> pd.Series:
        """Pounds (0 or more, at most 2 decimal places; "£" and "," allowed) as nullable integer pence."""
        values = self.column(name).str.replace(",", "", regex=False).str.lstrip("£").str.strip()
        well_formed = values.str.fullmatch(_MONEY)
        self.flag((values != "") & ~well_formed, name,
                  lambda text: f"“{_clip(text)}” is not an amount in pounds of 0 or more (like 1250 or 3.49)")
        parts = values.where(well_formed, "").str.extract(r"^(\d*)(?:\.(\d*))?$")
        whole = pd.to_numeric(parts[0], errors="coerce")
        fraction = pd.to_numeric(parts[1].fillna("").str.ljust(2, "0"), errors="coerce").fillna(0)
        pence = (whole * 100 + fraction).where(well_formed).astype("Int64")
        self.flag(pence.gt(MAX_PENCE).fillna(False), name, "is more than £10,000,000")
        return pence

    def year(self, name: str, earliest: int, latest: int) -> pd.Series:
        """A four-digit year in range, or blank."""
        values = self.column(name)
        number = pd.to_numeric(values.where(values.str.fullmatch(r"\d{4}"), None), errors="coerce")
        wrong = (values != "") & ~number.between(earliest, latest).fillna(False)
        self.flag(wrong, name, lambda text: f"“{_clip(text)}” is not a year from {earliest} to {latest}")
        return number.where(~wrong).astype("Int64")

    def iso_date(self, name: str) -> pd.Series:
        """A date written YYYY-MM-DD, or blank (as datetime64, NaT when blank)."""
        values = self.column(name)
        parsed = pd.to_datetime(values.where(values.str.fullmatch(r"\d{4}-\d{2}-\d{2}"), None),
                                format="%Y-%m-%d", errors="coerce")
        self.flag((values != "") & parsed.isna(), name,
                  lambda text: f"“{_clip(text)}” is not a date written YYYY-MM-DD")
        return parsed


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"


def has_text(values: pd.Series, pattern: str) -> pd.Series:
    """True where the text matches ``pattern`` (case-insensitive), False for blanks."""
    return values.fillna("").str.contains(re.compile(pattern, re.IGNORECASE), regex=True)
