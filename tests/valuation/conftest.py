"""Fixtures for the valuation reference data: the curated files loaded, and files to upload."""
from __future__ import annotations

import csv
import io

import pytest

from claims.extensions import db
from claims.valuation import precedent_store as store
from claims.valuation.schema import PRECEDENT_COLUMNS, PRECEDENT_OPTIONAL_COLUMNS

ALL_PRECEDENT_COLUMNS = PRECEDENT_COLUMNS + PRECEDENT_OPTIONAL_COLUMNS


@pytest.fixture
def curated(app):
    """The shipped precedent table and inflation index, loaded as version 1 of each."""
    for dataset in (store.PRECEDENTS, store.INFLATION):
        store.load_curated(dataset)
    db.session.commit()
    return store.active_set(store.PRECEDENTS), store.active_set(store.INFLATION)


def curated_rows(dataset=store.PRECEDENTS) -> list[dict]:
    """The rows of a shipped file as text, keyed by column."""
    with dataset.data_file.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def csv_bytes(rows: list[dict], columns=ALL_PRECEDENT_COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[dict], columns=ALL_PRECEDENT_COLUMNS, formulas: dict | None = None) -> bytes:
    """A real workbook made with openpyxl; ``formulas`` maps (row index, column) → a formula to put there."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_as_excel_would(column, row.get(column, "")) for column in columns])
    for (index, column), formula in (formulas or {}).items():
        sheet.cell(row=index + 2, column=columns.index(column) + 1, value=formula)  # openpyxl stores "=…" as a formula
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


NUMERIC = {"year", "financial_loss_gbp", "award_gbp", "award_low_gbp", "award_high_gbp", "cpi_index_2015_100"}


def _as_excel_would(column: str, value: str):
    """Numbers typed into Excel are stored as numbers: 750 as an int, 3.49 and 78.1 as floats."""
    if column in NUMERIC and value.replace(".", "", 1).isdigit():
        return float(value) if "." in value else int(value)
    return value
