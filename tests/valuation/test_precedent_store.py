"""The precedent table and inflation index: the curated files, the checks on every row, versions and rollback."""
from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from sqlalchemy import func, select

from claims.extensions import db
from claims.models import AuditEvent, InflationSet, Precedent, PrecedentSet
from claims.valuation import export
from claims.valuation import precedent_store as store
from claims.valuation.files import RejectedFile, read_table
from claims.valuation.schema import INFLATION_COLUMNS, PRECEDENT_COLUMNS, PRECEDENT_OPTIONAL_COLUMNS, check_inflation
from tests.valuation.conftest import csv_bytes, curated_rows, xlsx_bytes

INCLUDED = {
    "Halliday v Creation Consumer Finance Ltd", "TLT & Ors v Secretary of State for the Home Department",
    "Aven & Ors v Orbis Business Intelligence Ltd", "Bekoe v Mayor and Burgesses of the London Borough of Islington",
    "Grinyer v Plymouth Hospitals NHS Trust",
    "Mr and Mrs X v London Borough of Hackney (adoption data breach settlement)",
    "'John and Sarah' v unnamed Local Authority (adoption data breach, Enable Law)",
}
VALUE_OUTCOMES = {"award", "settled"}
AS_OF = date(2026, 11, 22)


def frame_of(rows: list[dict], columns=PRECEDENT_COLUMNS) -> pd.DataFrame:
    return read_table("t.csv", csv_bytes(rows, columns), max_bytes=10**7).frame


def problems(rows, columns=PRECEDENT_COLUMNS) -> list[str]:
    return [str(e) for e in store.check_precedents(frame_of(rows, columns), as_of=AS_OF).errors]


def versions(model=PrecedentSet) -> list[tuple[int, bool, int]]:
    db.session.expire_all()
    return [(s.version, s.active, s.row_count) for s in db.session.scalars(select(model).order_by(model.version))]


# -- the curated files -----------------------------------------------------------------------------

def test_the_curated_file_keeps_every_researched_row_with_its_source():
    rows = curated_rows()
    assert len(rows) == 24 and list(rows[0]) == [*PRECEDENT_COLUMNS, *PRECEDENT_OPTIONAL_COLUMNS]
    assert all(row["source"].startswith("http") and row["origin"] == "published" for row in rows)
    assert {row["case_name"] for row in rows if row["include"] == "true"} == INCLUDED
    assert all(row["notes"] for row in rows if row["include"] == "false"), "an excluded row must say why"


def test_the_tlt_awards_are_the_corrected_figures():
    """TLT: six claimants, £39,500 in all, £2,500 to £12,500 each (not £13,500, as an earlier source had it)."""
    tlt = next(row for row in curated_rows() if row["case_name"].startswith("TLT"))
    assert (tlt["award_low_gbp"], tlt["award_high_gbp"]) == ("2500", "12500")
    assert "12,500 x2, 6,000, 3,000 x2, 2,500" in tlt["summary"]


def test_rows_that_cannot_inform_a_value_are_excluded():
    for row in curated_rows():
        has_figure = any(row[c] for c in ("award_gbp", "award_low_gbp", "award_high_gbp"))
        if row["outcome"] not in VALUE_OUTCOMES or not has_figure:
            assert row["include"] == "false", row["case_name"]


def test_a_row_flagged_unconfirmed_by_its_own_sources_is_not_verified():
    for row in curated_rows():
        text = (row["citation"] + " " + row["summary"]).lower()
        if "not confirmed" in text or "not verified" in text or "unverified" in text:
            assert row["verified"] == "false", row["case_name"]
    tlu = next(r for r in curated_rows() if r["case_name"].endswith("v TLU and TLV"))
    assert tlu["verified"] == "false" and tlu["include"] == "false"


def test_the_curated_files_pass_every_check():
    assert store.check_precedents(frame_of(curated_rows()), as_of=AS_OF).errors == []
    cpi = curated_rows(store.INFLATION)
    checked = check_inflation(frame_of(cpi, INFLATION_COLUMNS), this_year=2026)
    assert checked.errors == [] and len(checked.rows) == 21
    assert all("series D7BT" in row["source"] and "ons.gov.uk" in row["source"] and "github" not in row["source"]
               for row in cpi)


def test_load_precedents_loads_both_tables_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["valuation", "load-precedents"])
    assert first.exit_code == 0, first.output
    assert "loaded 24 rows as version 1" in first.output and "loaded 21 rows as version 1" in first.output
    second = runner.invoke(args=["valuation", "load-precedents"])
    assert second.exit_code == 0 and second.output.count("nothing to do") == 2
    assert versions() == [(1, True, 24)] and versions(InflationSet) == [(1, True, 21)]
    loaded = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor, e.user_id) for e in loaded] == [("precedents.uploaded", "system", None),
                                                                ("inflation.uploaded", "system", None)]
    history = runner.invoke(args=["valuation", "precedents-history"])
    assert "v1 (active)" in history.output and "24 rows" in history.output


def test_loaded_rows_are_typed_with_awards_in_pence(curated):
    grinyer = db.session.scalar(select(Precedent).where(Precedent.case_name.startswith("Grinyer")))
    assert (grinyer.award_pence, grinyer.financial_loss_pence, grinyer.year) == (1_250_000, 480_000, 2011)
    assert grinyer.decided_on.isoformat() == "2011-10-28" and grinyer.special_category is True
    stadler = db.session.scalar(select(Precedent).where(Precedent.case_name.startswith("Stadler")))
    assert stadler.financial_loss_pence == 349 and stadler.award_pence is None
    prismall = db.session.scalar(select(Precedent).where(Precedent.case_name.startswith("Prismall")))
    assert prismall.children_involved is None  # "unknown"


def test_a_redeploy_never_replaces_a_partners_upload(curated, make_user, tmp_path):
    rows = curated_rows()
    rows[0]["notes"] = "Checked against the judgment."
    store.import_file(store.PRECEDENTS, "mine.csv", csv_bytes(rows), user_id=make_user("partner").id)
    changed_file = curated_rows()
    changed_file[1]["notes"] = "A later curated edit."
    path = tmp_path / "precedents.csv"
    path.write_bytes(csv_bytes(changed_file))
    outcome, kept = store.load_curated(store.PRECEDENTS, path)
    assert outcome == "kept_upload" and kept.version == 2 and versions() == [(1, False, 24), (2, True, 24)]


# -- checks on every row -----------------------------------------------------------------------------

def test_errors_on_rows_3_and_7_are_both_listed_and_nothing_changes(curated):
    rows = curated_rows()
    rows[1]["distress_level"] = "furious"  # spreadsheet row 3
    rows[5]["award_gbp"] = "-750"  # spreadsheet row 7
    with pytest.raises(store.ImportRefused) as refused:
        store.import_file(store.PRECEDENTS, "bad.csv", csv_bytes(rows))
    assert [(e.row, e.column) for e in refused.value.errors] == [(3, "distress_level"), (7, "award_gbp")]
    assert "“furious” is not one of: none, minimal, moderate, significant, severe" in str(refused.value.errors[0])
    db.session.rollback()
    assert versions() == [(1, True, 24)]
    assert db.session.scalar(select(func.count(Precedent.id))) == 24


def _good(**changes) -> dict:
    row = dict(curated_rows()[0])
    row.update(changes)
    return row


@pytest.mark.parametrize(("changes", "message"), [
    ({"case_name": ""}, "Row 2, case_name: is empty"),
    ({"source": ""}, "Row 2, source: is empty"),
    ({"source": "a newspaper"}, "Row 2, source: must give at least one web address"),
    ({"breach_type": "hacking"}, "Row 2, breach_type: “hacking” is not one of: misdirected_communication"),
    ({"breach_type": "lost_or_stolen"}, None),
    ({"recipients_scope": "everyone"}, "Row 2, recipients_scope: “everyone” is not one of"),
    ({"medical_evidence": "counsellor"}, "Row 2, medical_evidence"),
    ({"special_category": "yes"}, "Row 2, special_category: “yes” is not one of: true, false, unknown or blank"),
    ({"special_category": "unknown"}, None),
    ({"special_category": "TRUE"}, None),
    ({"verified": ""}, None),  # not verified: see test_checked_rows_are_the_models_attributes_as_plain_values
    ({"include": "unknown"}, "Row 2, include"),
    ({"include": ""}, "Row 2, include: is empty: write true or false"),
    ({"award_gbp": "750 pounds"}, "Row 2, award_gbp: “750 pounds” is not an amount"),
    ({"award_gbp": "£750"}, None),
    ({"award_gbp": "750.123"}, "Row 2, award_gbp"),
    ({"award_gbp": "1,000", "award_low_gbp": "", "award_high_gbp": ""}, None),
    ({"year": "1890"}, "Row 2, year: “1890” is not a year from 1980 to 2026"),
    ({"year": "2031"}, "Row 2, year"),
    ({"decided_on": "28/10/2013"}, "Row 2, decided_on: “28/10/2013” is not a date written YYYY-MM-DD"),
    ({"decided_on": "2013-02-30"}, "Row 2, decided_on"),
    ({"decided_on": "2012-05-01"}, "Row 2, decided_on: is not in the row's year"),
    ({"year": "2026", "decided_on": "2026-12-25"}, "Row 2, decided_on: is after the valuation date"),
    ({"award_low_gbp": "900"}, "Row 2, award_low_gbp: is more than award_high_gbp"),
    ({"award_gbp": "5000"}, "Row 2, award_gbp: is outside award_low_gbp to award_high_gbp"),
    ({"outcome": "struck_out"}, "Row 2, include: is true but the outcome gives no value"),
    ({"award_gbp": "", "award_low_gbp": "", "award_high_gbp": ""}, "Row 2, include: is true but there is no award"),
    ({"origin": "blog"}, "Row 2, origin"),
    ({"origin": ""}, None),  # published
    ({"notes": "bell\x07"}, "Row 2, notes: contains control characters"),
    ({"notes": "next line\x85here"}, "Row 2, notes: contains control characters"),
    ({"case_name": "Mar\u202eyam v Council"}, "Row 2, case_name: contains hidden formatting characters"),
    ({"summary": "blank\u3164name"}, "Row 2, summary: contains hidden formatting characters"),
    ({"case_name": "x" * 301}, "Row 2, case_name: is longer than 300 characters"),
])
def test_each_cell_is_checked(changes, message):
    found = problems([_good(**changes)])
    assert (found == []) if message is None else any(p.startswith(message) for p in found), found


def test_a_repeated_case_is_refused():
    assert problems([_good(), _good()]) == ["Row 3, case_name: repeats row 2"]


def test_the_header_must_name_every_column_once():
    columns = tuple(c for c in PRECEDENT_COLUMNS if c not in ("source", "verified")) + ("sauce",)
    found = problems([{**_good(), "sauce": "x"}], columns)
    assert found == ["Row 1: Missing columns: source, verified", "Row 1: Unknown columns: sauce"]


def test_a_column_the_store_does_not_keep_is_refused():
    columns = PRECEDENT_COLUMNS + ("had_to_move",)  # the valuation core reads it; a stored precedent has no such field
    assert problems([{**_good(), "had_to_move": "false"}], columns) == ["Row 1: Unknown columns: had_to_move"]


def test_checked_rows_are_the_models_attributes_as_plain_values():
    row = _good(verified="", citation="", decided_on="2013-03-14", award_gbp="£750")
    [checked] = store.check_precedents(frame_of([row]), as_of=AS_OF).rows
    assert set(checked) == set(store.PRECEDENT_FIELDS)
    assert checked["verified"] is False  # blank: not confirmed
    assert checked["citation"] is None and checked["recipient_known_to_claimant"] is None
    assert type(checked["decided_on"]) is date and checked["decided_on"] == date(2013, 3, 14)
    assert [type(checked[key]) for key in ("row_number", "year", "award_pence")] == [int, int, int]
    assert (checked["row_number"], checked["award_pence"], checked["include"]) == (2, 75_000, True)


def test_an_xlsx_with_a_date_cell_booleans_and_blank_verified_is_stored_typed(curated):
    from datetime import datetime

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(xlsx_bytes([_good()])))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    for column, value in (("decided_on", datetime(2013, 3, 14)), ("special_category", False),
                          ("include", True), ("verified", None)):
        sheet.cell(row=2, column=header.index(column) + 1).value = value  # cell(value=None) would keep the old value
    out = io.BytesIO()
    workbook.save(out)
    result = store.import_file(store.PRECEDENTS, "typed.xlsx", out.getvalue())
    [stored] = result.data_set.rows
    assert (stored.decided_on, stored.special_category, stored.include, stored.verified) == (
        date(2013, 3, 14), False, True, False)
    assert (stored.row_number, stored.award_pence, stored.year) == (2, 75_000, 2013)


def test_a_row_longer_than_the_header_is_refused(curated):
    data = csv_bytes([_good()]) + b"a" + b",x" * 30 + b"\n"
    with pytest.raises(store.ImportRefused) as refused:
        store.import_file(store.PRECEDENTS, "long.csv", data)
    assert "Row 3: has more cells than the header's 27 columns" in [str(e) for e in refused.value.errors]


def test_the_inflation_index_needs_one_value_per_year():
    rows = curated_rows(store.INFLATION)
    rows[3]["year"] = rows[2]["year"]
    rows[5]["cpi_index_2015_100"] = "-1"
    found = [str(e) for e in check_inflation(frame_of(rows, INFLATION_COLUMNS), this_year=2026).errors]
    assert found == ["Row 5, year: repeats row 4",
                     "Row 7, cpi_index_2015_100: “-1” is not an index above 0 with at most 3 decimal places"]


# -- files checked by content ------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "message"), [
    ("precedents.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "is not a text file"),
    ("precedents.csv", "case_name\nCaf\u00e9".encode("cp1252"), "is not UTF-8 text"),
    ("precedents.csv", b"<!doctype html><html><body>hi</body></html>", "looks like a web page"),
    ("precedents.xlsx", b"<!doctype html><html><body><table></table></body></html>", "is not an Excel workbook"),
    ("precedents.xlsx", b"case_name,citation\n", "is not an Excel workbook"),
    ("precedents.pdf", b"%PDF-1.4", "Choose a .csv or .xlsx file"),
    ("precedents.csv", b"", "The file is empty"),
])
def test_a_file_is_read_by_what_it_contains(name, data, message):
    with pytest.raises(RejectedFile, match=message):
        read_table(name, data, max_bytes=10**6)


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for entry, content in entries.items():
            archive.writestr(entry, content)
    return out.getvalue()


def test_a_zip_that_is_not_a_workbook_or_has_macros_is_refused():
    with pytest.raises(RejectedFile, match="is not an Excel workbook"):
        read_table("a.xlsx", _zip({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<T/>"}), max_bytes=10**6)
    with pytest.raises(RejectedFile, match="contains macros"):
        read_table("a.xlsx", _zip({"xl/workbook.xml": b"<w/>", "[Content_Types].xml": b"<T/>",
                                   "xl/vbaProject.bin": b"\x00"}), max_bytes=10**6)


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(RejectedFile, match="smaller than 1 KB"):
        read_table("p.csv", b"x" * 1025, max_bytes=1024)


def test_a_workbook_formula_is_read_as_its_text_never_evaluated():
    data = xlsx_bytes([_good()], formulas={(0, "notes"): '=HYPERLINK("https://evil.example","click")',
                                           (0, "summary"): "=1+1"})
    frame = read_table("p.xlsx", data, max_bytes=10**6).frame
    assert frame.loc[2, "notes"] == '=HYPERLINK("https://evil.example","click")'
    assert frame.loc[2, "summary"] == "=1+1"
    assert frame.loc[2, "year"] == "2013" and frame.loc[2, "award_gbp"] == "750"


# -- versions, rollback, reading for the valuation core -------------------------------------------------

def test_an_upload_becomes_the_new_active_version_and_rollback_restores_the_old(curated, make_user):
    partner = make_user("partner")
    rows = curated_rows()[:10]
    result = store.import_file(store.PRECEDENTS, "ten.csv", csv_bytes(rows), note="first ten", user_id=partner.id)
    db.session.commit()
    assert result.created and versions() == [(1, False, 24), (2, True, 10)]
    same = store.import_file(store.PRECEDENTS, "again.csv", csv_bytes(rows), user_id=partner.id)
    assert not same.created and same.data_set.version == 2
    store.activate_version(store.PRECEDENTS, 1)
    db.session.commit()
    assert versions() == [(1, True, 24), (2, False, 10)]
    assert db.session.scalar(select(func.count(Precedent.id))) == 34  # nothing deleted
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    actions = [(e.action, e.details.get("version")) for e in events]
    assert actions[-2:] == [("precedents.uploaded", 2), ("precedents.activated", 1)]


def test_active_rows_are_plain_dicts_of_the_included_precedents(curated):
    rows = store.active_precedent_rows()
    assert {row["case_name"] for row in rows} == INCLUDED
    halliday = next(row for row in rows if row["case_name"].startswith("Halliday"))
    assert halliday["award_pence"] == 75_000 and halliday["version"] == 1 and halliday["verified"] is True
    assert len(store.active_precedent_rows(include_excluded=True)) == 24
    cpi = store.active_cpi_rows()
    assert cpi[0] == {"year": 2005, "index": Decimal("78.1"), "source": cpi[0]["source"], "version": 1}
    assert cpi[-1]["year"] == 2025 and cpi[-1]["index"] == Decimal("138.4")


def test_active_rows_are_cached_until_the_active_version_changes(curated):
    first = store.active_precedent_rows(include_excluded=True)
    assert store.active_precedent_rows(include_excluded=True) is first
    store.import_file(store.PRECEDENTS, "three.csv", csv_bytes(curated_rows()[:3]))
    assert len(store.active_precedent_rows(include_excluded=True)) == 3


def test_nothing_loaded_means_no_rows(app):
    assert store.active_precedent_rows() == [] and store.active_cpi_rows() == []


def test_a_downloaded_workbook_uploads_again_unchanged(curated):
    precedents = db.session.scalars(select(Precedent).order_by(Precedent.row_number)).all()
    data = export.workbook_bytes(store.PRECEDENTS.all_columns, [export.precedent_cells(p) for p in precedents])
    before = store.active_precedent_rows(include_excluded=True)
    store.import_file(store.PRECEDENTS, "download.xlsx", data)
    after = store.active_precedent_rows(include_excluded=True)
    strip = lambda rows: [{k: v for k, v in r.items() if k not in ("id", "version")} for r in rows]  # noqa: E731
    assert after[0]["version"] == 2 and strip(after) == strip(before)
