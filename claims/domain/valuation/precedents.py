"""The precedent table: its columns, the checks on every row, and which rows may inform a value.

This module owns the precedent frame's schema, shared with the upload feature (which calls
``load_precedent_frame`` to validate a CSV or XLSX before storing it). A row records one
decision or settlement with its facts as codes, its award and, always, its ``source``.

Columns (as in shared/data/precedents.csv): case_name, citation, year, court, jurisdiction,
cause_of_action, breach_type, data_categories, special_category, children_involved,
recipients_scope, distress_level, medical_evidence, financial_loss_gbp, award_gbp,
award_low_gbp, award_high_gbp, outcome, summary, source. Optional: verified (true/false),
include (true/false: whether the row may inform a value; blank = decide from the outcome
and figures), decided_on (YYYY-MM-DD: used for the Simmons v Castle date), origin
(published/firm; blank = published), notes, case_group (rows sharing it are one case at
different instances: they share one row's weight and are held out together in the
backtest), recipient_known_to_claimant and had_to_move (true/false/unknown).

``data_categories`` is either vocab.DATA_CATEGORIES codes separated by ";" (the firm's own
rows) or a description, from which the codes are inferred by keyword (``features``).
Amounts are pounds in the file and integer pence in the clean frame (``*_pence``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from claims.domain.vocab import BREACH_TYPES, DISTRESS_LEVELS, RECIPIENT_SCOPES, Vocabulary

from .inputs import MEDICAL_EVIDENCE
from .tables import CellChecker, RowError, TableError, has_text, header_errors, read_cells

OUTCOMES = Vocabulary({
    "award": "Damages awarded",
    "settled": "Settled",
    "struck_out": "Struck out",
    "dismissed": "Dismissed",
    "dismissed_trivial": "Dismissed as trivial",
    "representative_action_refused": "Representative action refused",
})
VALUE_OUTCOMES = frozenset({"award", "settled"})  # the only outcomes that can inform a value
ORIGINS = Vocabulary({"published": "Published decision or report", "firm": "The firm's own outcome"})
REQUIRED_COLUMNS = (
    "case_name", "citation", "year", "court", "jurisdiction", "cause_of_action", "breach_type",
    "data_categories", "special_category", "children_involved", "recipients_scope", "distress_level",
    "medical_evidence", "financial_loss_gbp", "award_gbp", "award_low_gbp", "award_high_gbp", "outcome",
    "summary", "source",
)
OPTIONAL_COLUMNS = ("verified", "include", "decided_on", "origin", "notes", "case_group",
                    "recipient_known_to_claimant", "had_to_move")
EARLIEST_YEAR = 1980  # before the Data Protection Act 1984 no comparable award exists
LATEST_YEAR = 2100
TRI_STATE = {"true": True, "false": False, "unknown": None, "": None}
YES_NO_BLANK = {"true": True, "false": False, "": None}
AMOUNTS = ("financial_loss", "award", "award_low", "award_high")


class PrecedentFrameError(TableError):
    """A precedent table that cannot be used as it is; ``errors`` names each row and column."""

    def __init__(self, errors: list[RowError]):
        super().__init__("The precedent table has problems", errors)


@dataclass
class PrecedentLoad:
    """The clean, typed rows (rows with any problem left out) and every problem found."""

    frame: pd.DataFrame
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        """True when nothing was wrong."""
        return not self.errors


def load_precedent_frame(source, *, as_of: date | None = None, strict: bool = False) -> PrecedentLoad:
    """Check a precedent table (path, DataFrame or rows) and return its clean typed frame and errors."""
    cells = read_cells(source)
    problems = header_errors(list(cells.columns), REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
    if problems:
        raise PrecedentFrameError(problems)
    checker = CellChecker(cells)
    frame = _typed_columns(checker, latest_year=as_of.year if as_of else LATEST_YEAR)
    _row_rules(checker, frame, as_of)
    frame["include"], frame["exclusion_reason"] = _inclusion(frame)
    frame = frame.drop(columns="include_given")
    errors = sorted(checker.errors, key=lambda error: error.row or 0)
    if strict and errors:
        raise PrecedentFrameError(errors)
    clean = frame.loc[~checker.bad].reset_index()
    return PrecedentLoad(frame=clean, errors=errors)


def _typed_columns(checker: CellChecker, *, latest_year: int) -> pd.DataFrame:
    """Every column parsed to its type; problems recorded on the checker."""
    check = checker
    columns = {
        "case_name": check.text("case_name", required=True, max_length=300),
        "citation": check.text("citation", max_length=500),
        "year": check.year("year", EARLIEST_YEAR, latest_year),
        "decided_on": check.iso_date("decided_on"),
        "court": check.text("court", max_length=300),
        "jurisdiction": check.text("jurisdiction", max_length=100),
        "cause_of_action": check.text("cause_of_action"),
        "breach_type": check.choice("breach_type", BREACH_TYPES, required=True),
        "data_categories": check.text("data_categories"),
        "special_category": check.flag_value("special_category", TRI_STATE),
        "children_involved": check.flag_value("children_involved", TRI_STATE),
        "recipients_scope": check.choice("recipients_scope", RECIPIENT_SCOPES),
        "recipient_known_to_claimant": check.flag_value("recipient_known_to_claimant", TRI_STATE),
        "had_to_move": check.flag_value("had_to_move", TRI_STATE),
        "distress_level": check.choice("distress_level", DISTRESS_LEVELS),
        "medical_evidence": check.choice("medical_evidence", MEDICAL_EVIDENCE),
        **{f"{name}_pence": check.pence(f"{name}_gbp") for name in AMOUNTS},
        "outcome": check.choice("outcome", OUTCOMES, required=True),
        "summary": check.text("summary"),
        "source": check.text("source", required=True),
        "verified": check.flag_value("verified", YES_NO_BLANK),
        "include_given": check.flag_value("include", YES_NO_BLANK),
        "origin": check.choice("origin", ORIGINS).fillna("published"),
        "notes": check.text("notes"),
        "case_group": check.text("case_group", max_length=300),
    }
    return pd.DataFrame(columns, index=checker.cells.index)


def _row_rules(checker: CellChecker, frame: pd.DataFrame, as_of: date | None) -> None:
    """Rules across a row's cells: award ranges, include, dates, sources."""
    low, award, high = frame["award_low_pence"], frame["award_pence"], frame["award_high_pence"]
    checker.flag((low > high).fillna(False), "award_low_gbp", "is more than award_high_gbp")
    checker.flag(((award < low) | (award > high)).fillna(False), "award_gbp",
                 "is outside award_low_gbp to award_high_gbp")
    value_outcome = frame["outcome"].isin(list(VALUE_OUTCOMES))
    asked = frame["include_given"].fillna(False).astype(bool)
    checker.flag(asked & ~value_outcome, "include", "is true but the outcome gives no value to compare")
    checker.flag(asked & value_outcome & ~_has_figure(frame), "include",
                 "is true but there is no award figure above £0 (award_gbp, award_low_gbp or award_high_gbp)")
    decided = frame["decided_on"]
    checker.flag((decided.dt.year != frame["year"]).fillna(False) & decided.notna(), "decided_on",
                 "is not in the row's year")
    checker.flag(decided.notna() & frame["year"].isna(), "year", "is empty but decided_on is given")
    if as_of is not None:
        checker.flag((decided > pd.Timestamp(as_of)).fillna(False), "decided_on", "is after the valuation date")
    published = frame["origin"] == "published"
    checker.flag(published & frame["source"].notna() & ~has_text(frame["source"], r"https?://"), "source",
                 "must give at least one web address for a published precedent")


def _has_figure(frame: pd.DataFrame) -> pd.Series:
    """True where any award figure is above £0."""
    figures = frame[["award_pence", "award_low_pence", "award_high_pence"]]
    return figures.gt(0).fillna(False).any(axis=1)


def _inclusion(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Whether each row informs a value, and if not, why not (shown with context cases)."""
    outcome_reason = frame["outcome"].map({
        "struck_out": "struck out", "dismissed": "dismissed", "dismissed_trivial": "dismissed as trivial",
        "representative_action_refused": "representative action refused",
    })
    reason = outcome_reason.where(outcome_reason.notna(), None)
    reason = reason.where(reason.notna() | _has_figure(frame), "no award figure")
    reason = reason.where(reason.notna() | frame["include_given"].ne(False).fillna(True),
                          "marked not to inform a value (include=false)")
    include = reason.isna()
    return include, reason.fillna("")
