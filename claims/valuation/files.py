"""Reading an uploaded table of precedents (CSV or XLSX) into a frame of text cells.

The bytes are read and checked by ``claims.spreadsheets`` (content, not name; zipguard before openpyxl);
every cell comes back as text exactly as written: a formula such as ``=HYPERLINK(…)`` is read as its
text and never evaluated, so it can only ever be shown or stored as text.

The frame's index is the spreadsheet row number (the header is row 1), so a problem can
be reported where the partner will find it in Excel.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from claims.spreadsheets import RejectedFile, read_rows  # noqa: F401 (RejectedFile: what callers catch)
from claims.valuation.schema import RowError

MAX_ROWS = 5000
MAX_COLUMNS = 60
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # 5,000 rows of 60 columns unpack to far less


@dataclass
class Table:
    """The cells as text (index = spreadsheet row) and rows whose shape was wrong."""

    frame: pd.DataFrame
    errors: list[RowError] = field(default_factory=list)


def read_table(filename: str, data: bytes, *, max_bytes: int) -> Table:
    """Read a .csv or .xlsx upload, or raise RejectedFile saying why not."""
    return _to_table(read_rows(filename, data, max_bytes=max_bytes, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS,
                               max_unzipped_bytes=MAX_UNZIPPED_BYTES))


def _to_table(rows: list[list[str]]) -> Table:
    """Header + data rows → a frame of text; blank rows skipped, short rows padded, long rows reported."""
    numbered = [(number, row) for number, row in enumerate(rows, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise RejectedFile("The file has no rows.")
    if len(numbered) > MAX_ROWS + 1:
        raise RejectedFile(f"The file has more than {MAX_ROWS:,} rows.")
    header = [cell.strip().lstrip("\ufeff") for cell in numbered[0][1]]
    while header and not header[-1]:
        header.pop()  # spreadsheets often carry empty trailing columns
    if len(header) > MAX_COLUMNS:
        raise RejectedFile(f"The file has more than {MAX_COLUMNS} columns.")
    errors, records, index = [], [], []
    for number, row in numbered[1:]:
        if any(cell.strip() for cell in row[len(header):]):
            errors.append(RowError(number, None, f"has more cells than the header's {len(header)} columns"))
        records.append((row + [""] * len(header))[:len(header)])
        index.append(number)
    frame = pd.DataFrame(records, columns=header, index=index, dtype=object)
    return Table(frame=frame, errors=errors)
