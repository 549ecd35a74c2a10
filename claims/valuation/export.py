"""A version of a reference table as an .xlsx workbook a partner can edit and upload again.

Every text cell is written as a string, never as a formula, so a cell reading
``=HYPERLINK(…)`` stays inert text when the workbook is opened in Excel.
"""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from claims.models import InflationIndex, Precedent

_FLAG = {True: "true", False: "false", None: "unknown"}


def precedent_cells(row: Precedent) -> dict[str, object]:
    """One precedent in the file's columns, as its upload would have given it."""
    def pounds(pence: int | None) -> str:
        return "" if pence is None else format((Decimal(pence) / 100).normalize(), "f")

    return {
        "case_name": row.case_name, "citation": row.citation, "year": row.year, "court": row.court,
        "jurisdiction": row.jurisdiction, "cause_of_action": row.cause_of_action, "breach_type": row.breach_type,
        "data_categories": row.data_categories, "special_category": _FLAG[row.special_category],
        "children_involved": _FLAG[row.children_involved], "recipients_scope": row.recipients_scope,
        "distress_level": row.distress_level, "medical_evidence": row.medical_evidence,
        "financial_loss_gbp": pounds(row.financial_loss_pence), "award_gbp": pounds(row.award_pence),
        "award_low_gbp": pounds(row.award_low_pence), "award_high_gbp": pounds(row.award_high_pence),
        "outcome": row.outcome, "summary": row.summary, "source": row.source, "verified": _FLAG[row.verified],
        "include": _FLAG[row.include], "decided_on": row.decided_on, "origin": row.origin, "notes": row.notes,
        "case_group": row.case_group, "recipient_known_to_claimant": _FLAG[row.recipient_known_to_claimant],
    }


def inflation_cells(row: InflationIndex) -> dict[str, object]:
    return {"year": row.year, "cpi_index_2015_100": format(row.index_value, "f"), "source": row.source}


def workbook_bytes(columns: tuple[str, ...], rows: list[dict[str, object]]) -> bytes:
    """A one-sheet workbook: the header row, then the rows, every non-number cell as plain text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(list(columns))
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column)
            cell = WriteOnlyCell(sheet, value=value if isinstance(value, int) else _text(value))
            if not isinstance(value, int):
                cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)
