"""Reading an uploaded table (CSV or XLSX) into rows of text cells, checked by its content (platform: the
valuation's precedent upload and the register's claimant import both read tables this way).

The name's extension says which kind the person meant; the bytes must then be that kind: an XLSX is a zip
holding ``xl/workbook.xml`` (no macros) that passes ``claims.zipguard`` before openpyxl unpacks any of it, read
only; a CSV is UTF-8 text, not a program, a PDF or a web page. Every cell comes back as text; with
``formulas_as_text`` a formula such as ``=HYPERLINK(…)`` is read as its text and never evaluated.
"""
from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from claims import zipguard

_NOT_TEXT = (b"PK\x03\x04", b"MZ", b"%PDF", b"\x7fELF", b"\xd0\xcf\x11\xe0")  # zip, exe, pdf, elf, old Office


class RejectedFile(ValueError):
    """The upload cannot be read as a table; the message is safe to show."""


def read_rows(filename: str, data: bytes, *, max_bytes: int, max_rows: int, max_columns: int,
              max_unzipped_bytes: int, formulas_as_text: bool = True) -> list[list[str]]:
    """The rows of a .csv or .xlsx upload as text (at most ``max_rows`` + 2 read), or RejectedFile saying why not."""
    if not data:
        raise RejectedFile("The file is empty.")
    if len(data) > max_bytes:
        size = (f"{max_bytes // (1024 * 1024):,} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes // 1024:,} KB")
        raise RejectedFile(f"The file must be smaller than {size}.")
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "xlsx":
        return _xlsx_rows(data, max_rows=max_rows, max_columns=max_columns, max_unzipped_bytes=max_unzipped_bytes,
                          formulas_as_text=formulas_as_text)
    if extension == "csv":
        return _csv_rows(data)
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


def _xlsx_rows(data: bytes, *, max_rows: int, max_columns: int, max_unzipped_bytes: int,
               formulas_as_text: bool) -> list[list[str]]:
    _check_workbook_zip(data, max_unzipped_bytes)
    from openpyxl import load_workbook  # imported here: only uploads need it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=not formulas_as_text, keep_links=False)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise RejectedFile("The file is named .xlsx but could not be opened as an Excel workbook.") from None
    try:
        rows = []
        for cells in workbook.worksheets[0].iter_rows(values_only=True, max_col=max_columns + 1):
            rows.append([cell_text(value) for value in cells])
            if len(rows) > max_rows + 1:
                break
        return rows
    finally:
        workbook.close()


def _check_workbook_zip(data: bytes, max_unzipped_bytes: int) -> None:
    """A real .xlsx: a zip that is safe to unpack (``zipguard``), with a workbook part and no macros."""
    not_xlsx = RejectedFile("The file is named .xlsx but is not an Excel workbook.")
    if not data.startswith(b"PK\x03\x04"):
        raise not_xlsx
    try:
        names = {member.name for member in zipguard.check(data, "The file", max_unpacked_bytes=max_unzipped_bytes)}
    except zipguard.Unreadable:
        raise not_xlsx from None
    except zipguard.Refused as exc:
        raise RejectedFile(f"{exc}.") from None
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise not_xlsx
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise RejectedFile("The workbook contains macros. Save it as a plain .xlsx workbook.")


def cell_text(value) -> str:
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
