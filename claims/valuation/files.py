"""Reading an uploaded table (CSV or XLSX) into a frame of text cells, checked by its content.

The name's extension says which kind the partner meant; the bytes must then be that kind:
an XLSX is a zip holding ``xl/workbook.xml`` (no macros) that passes ``claims.zipguard`` before
openpyxl unpacks any of it, a CSV is UTF-8 text. Every cell
comes back as text exactly as written: a formula such as ``=HYPERLINK(…)`` is read as its
text and never evaluated, so it can only ever be shown or stored as text.

The frame's index is the spreadsheet row number (the header is row 1), so a problem can
be reported where the partner will find it in Excel.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import pandas as pd

from claims import zipguard
from claims.valuation.schema import RowError

MAX_ROWS = 5000
MAX_COLUMNS = 60
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # 5,000 rows of 60 columns unpack to far less
_NOT_TEXT = (b"PK\x03\x04", b"MZ", b"%PDF", b"\x7fELF", b"\xd0\xcf\x11\xe0")  # zip, exe, pdf, elf, old Office


class RejectedFile(ValueError):
    """The upload cannot be read as a table; the message is safe to show."""


@dataclass
class Table:
    """The cells as text (index = spreadsheet row) and rows whose shape was wrong."""

    frame: pd.DataFrame
    errors: list[RowError] = field(default_factory=list)


def read_table(filename: str, data: bytes, *, max_bytes: int) -> Table:
    """Read a .csv or .xlsx upload, or raise RejectedFile saying why not."""
    if not data:
        raise RejectedFile("The file is empty.")
    if len(data) > max_bytes:
        raise RejectedFile(f"The file must be smaller than {max_bytes // 1024:,} KB.")
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "xlsx":
        return _to_table(_xlsx_rows(data))
    if extension == "csv":
        return _to_table(_csv_rows(data))
    raise RejectedFile("Choose a .csv or .xlsx file.")


def _csv_rows(data: bytes) -> list[list[str]]:
    if data.startswith(_NOT_TEXT) or b"\x00" in data:
        raise RejectedFile("The file is named .csv but is not a text file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RejectedFile("The file is named .csv but is not UTF-8 text. Save it as “CSV UTF-8”.") from None
    if text.lstrip().startswith("<"):
        raise RejectedFile("The file is named .csv but looks like a web page, not a CSV file.")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise RejectedFile(f"The file could not be read as CSV ({exc}).") from None


def _xlsx_rows(data: bytes) -> list[list[str]]:
    _check_workbook_zip(data)
    from openpyxl import load_workbook  # imported here: only uploads need it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise RejectedFile("The file is named .xlsx but could not be opened as an Excel workbook.") from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for cells in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            rows.append([_cell_text(value) for value in cells])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def _check_workbook_zip(data: bytes) -> None:
    """A real .xlsx: a zip that is safe to unpack (``zipguard``), with a workbook part and no macros."""
    not_xlsx = RejectedFile("The file is named .xlsx but is not an Excel workbook.")
    if not data.startswith(b"PK\x03\x04"):
        raise not_xlsx
    try:
        names = {member.name for member in zipguard.check(data, "The file", max_unpacked_bytes=MAX_UNZIPPED_BYTES)}
    except zipguard.Unreadable:
        raise not_xlsx from None
    except zipguard.Refused as exc:
        raise RejectedFile(f"{exc}.") from None
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise not_xlsx
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise RejectedFile("The workbook contains macros. Save it as a plain .xlsx workbook.")


def _cell_text(value) -> str:
    """A cell as the text a person typed: numbers without a trailing .0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


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
