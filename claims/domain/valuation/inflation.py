"""Bringing older awards to today's money: the CPI table and the Simmons v Castle uplift.

This module owns two adjustments applied to a precedent's general damages before it is
compared with a claim today:

1. Simmons v Castle: general damages rose by 10% in judgments given on or after
   1 April 2013, so an award decided before then is raised by 10%. When ``decided_on`` is
   known it decides; otherwise a year before 2013 gets the uplift and a 2013 decision on an
   unrecorded date is treated as on or after 1 April (nine months of the year are; record
   ``decided_on`` to be exact). A row with no year gets no uplift.
2. CPI: award × index(latest CPI year not after the valuation date) / index(decision year).
   A row with no year, or a year outside the table, is left in its own money and says so.

The CPI table is passed in (the firm can update it): columns year, cpi_index_2015_100,
source. Arithmetic is exact on integer pence (the index is held in thousandths) and rounds
half up to the penny.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd

from .tables import CellChecker, RowError, TableError, header_errors, read_cells

SIMMONS_FROM = date(2013, 4, 1)
SIMMONS_UPLIFT_PERCENT = 10
SIMMONS_SOURCE = (
    "Simmons v Castle [2012] EWCA Civ 1039 and [2012] EWCA Civ 1288: general damages rise by 10% in "
    "judgments given on or after 1 April 2013; https://www.bailii.org/ew/cases/EWCA/Civ/2012/1288.html"
)
CPI_COLUMNS = ("year", "cpi_index_2015_100", "source")


class CpiFrameError(TableError):
    """A CPI table that cannot be used; ``errors`` names each row and column."""

    def __init__(self, errors: list[RowError]):
        super().__init__("The CPI table has problems", errors)


@dataclass(frozen=True)
class AdjustedAwards:
    """Awards in today's money, with what was done to each and why."""

    pence: np.ndarray  # int64, adjusted
    uplifted: np.ndarray  # bool: Simmons v Castle applied
    cpi_factor: np.ndarray  # float, for display only (1.0 when not adjusted)
    notes: list[str]
    cpi_year: int
    cpi_source: str


def load_cpi_frame(source, *, as_of: date | None = None) -> pd.DataFrame:
    """Check a CPI table (path, DataFrame or rows) and return it typed, oldest year first."""
    cells = read_cells(_file_shaped(source))
    problems = header_errors(list(cells.columns), CPI_COLUMNS, ())
    if problems:
        raise CpiFrameError(problems)
    checker = CellChecker(cells)
    frame = pd.DataFrame({
        "year": checker.year("year", 1900, as_of.year if as_of else 2100),
        "index_thousandths": _thousandths(checker),
        "source": checker.text("source", required=True),
    })
    checker.flag(checker.column("year") == "", "year", "is empty")
    checker.flag(frame["year"].duplicated(keep="first") & frame["year"].notna(), "year", "repeats an earlier row")
    if checker.errors:
        raise CpiFrameError(sorted(checker.errors, key=lambda error: error.row or 0))
    return frame.astype({"year": np.int64, "index_thousandths": np.int64}).sort_values("year").reset_index()


def _file_shaped(source):
    """Rows from the database ({year, index, source}) renamed to the file's columns."""
    if isinstance(source, list):
        return [{("cpi_index_2015_100" if key == "index" else key): value for key, value in row.items()}
                for row in source]
    return source


def _thousandths(checker: CellChecker) -> pd.Series:
    """The index, above 0 with at most 3 decimal places, in thousandths."""
    values = checker.column("cpi_index_2015_100")
    well_formed = values.str.fullmatch(r"\d{1,5}(?:\.\d{1,3})?")
    checker.flag(~well_formed, "cpi_index_2015_100",
                 lambda text: f"“{text}” is not an index above 0 with at most 3 decimal places")
    thousandths = values.where(well_formed, "0").map(lambda text: int(Decimal(text) * 1000))
    checker.flag(well_formed & (thousandths == 0), "cpi_index_2015_100", "must be above 0")
    return thousandths


def cpi_year(cpi: pd.DataFrame, as_of: date) -> int:
    """The latest CPI year not after the valuation date: "today's money"."""
    years = cpi.loc[cpi["year"] <= as_of.year, "year"]
    if years.empty:
        raise CpiFrameError([RowError(None, "year", f"no CPI figure for {as_of.year} or earlier")])
    return int(years.max())


def simmons_applies(years: pd.Series, decided_on: pd.Series) -> np.ndarray:
    """Whether each decision predates 1 April 2013 (see the module docstring for unknown dates)."""
    by_date = decided_on < pd.Timestamp(SIMMONS_FROM)
    by_year = years.lt(2013).fillna(False).astype(bool)
    return np.where(decided_on.notna(), by_date, by_year).astype(bool)


def adjust_awards(pence: np.ndarray, years: pd.Series, decided_on: pd.Series, *,
                  cpi: pd.DataFrame, as_of: date) -> AdjustedAwards:
    """Each award in today's money: Simmons v Castle uplift, then CPI to the latest year."""
    to_year = cpi_year(cpi, as_of)
    index = dict(zip(cpi["year"], cpi["index_thousandths"]))
    to_index = index[to_year]
    from_index = years.map(index).astype("Int64")
    known = from_index.notna().to_numpy() & years.le(to_year).fillna(False).to_numpy()
    uplifted = simmons_applies(years, decided_on)
    numerator = np.asarray(pence, dtype=np.int64) * np.where(uplifted, 100 + SIMMONS_UPLIFT_PERCENT, 100)
    numerator = numerator * np.where(known, to_index, 1)
    denominator = 100 * np.where(known, from_index.fillna(1).to_numpy(dtype=np.int64), 1)
    adjusted = (numerator + denominator // 2) // denominator
    factor = np.where(known, to_index / from_index.fillna(1).to_numpy(dtype=float), 1.0)
    notes = [_note(year, up, ok, f, to_year, day) for year, up, ok, f, day
             in zip(years, uplifted, known, factor, decided_on)]
    source = str(cpi.loc[cpi["year"] == to_year, "source"].iloc[0])
    return AdjustedAwards(adjusted, uplifted, factor, notes, to_year, source)


def _note(year, uplifted: bool, known: bool, factor: float, to_year: int, decided_on) -> str:
    """What was done to one award, in words."""
    parts = [f"Simmons v Castle +{SIMMONS_UPLIFT_PERCENT}% (decided before 1 April 2013)"] if uplifted else []
    year = None if pd.isna(year) else int(year)
    if year is None:
        parts.append("year not known: not adjusted for inflation")
    elif known:
        parts.append(f"CPI {year} to {to_year}: ×{factor:.3f}")
    else:
        parts.append(f"no CPI figure for {year}: not adjusted for inflation")
    if year == 2013 and pd.isna(decided_on):
        parts.append("2013 date not recorded: taken as on or after 1 April 2013 (no uplift)")
    return "; ".join(parts)
