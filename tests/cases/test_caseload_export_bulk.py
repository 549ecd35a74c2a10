"""Exporting the caseload (CSV and XLSX, every row of the view, the chosen columns, inert text, audited) and
bulk actions on a selection (assign, move with refusals, add a task, export)."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from claims.extensions import db
from claims.models import AuditEvent, Claim, StatusChange, Task
from tests.clock import TODAY

EXPORT = "/staff/claims/export"
BULK = "/staff/claims/bulk"
HOSTILE = ["=HYPERLINK(\"http://x\")", "+SUM(1,2)", "-2+3", "@cmd", "\tTabbed", "\rReturn"]


def read_csv(response) -> list[list[str]]:
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte order mark
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(response) -> list[tuple]:
    book = load_workbook(io.BytesIO(response.get_data()))
    return list(book.active.iter_rows(values_only=True)), book.active


def test_export_csv_has_every_row_of_the_view_with_the_chosen_columns(client, login_as, many_claims):
    login_as("solicitor")
    made = many_claims(60, value_pence=lambda i: 123_456 if i == 0 else None,
                       earliest_limitation_on=lambda i: date(2027, 3, 4) if i == 0 else None)
    response = client.get(f"{EXPORT}?format=csv&col=claimant&col=submitted&col=limitation&col=value&sort=reference&dir=asc")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["Reference", "Claimant", "Submitted", "Limitation", "Value"]
    assert len(rows) == 62  # the header, 60 copies and the claim they were copied from (not just one page)
    first = next(row for row in rows if row[0] == made[0].reference)
    assert first == [made[0].reference, "first000 last000", "2026-01-05", "2027-03-04", "1234.56"]
    assert [row[0] for row in rows[1:]] == sorted(row[0] for row in rows[1:])


def test_export_xlsx_has_real_dates_and_numbers(client, login_as, many_claims):
    login_as("solicitor")
    made = many_claims(3, value_pence=lambda i: [123_456, None, 5][i],
                       earliest_limitation_on=lambda i: date(2027, 3, 4) if i == 0 else None)
    response = client.get(f"{EXPORT}?format=xlsx&status=submitted&col=submitted&col=limitation&col=value&col=handler")
    assert response.status_code == 200
    rows, sheet = read_xlsx(response)
    assert rows[0] == ("Reference", "Submitted", "Limitation", "Value", "Handler")
    by_ref = {row[0]: row for row in rows[1:]}
    first = by_ref[made[0].reference]
    assert isinstance(first[1], datetime) and first[1].date() == date(2026, 1, 5)
    assert first[2].date() == date(2027, 3, 4)
    assert first[3] == 1234.56 and isinstance(first[3], float)
    assert by_ref[made[1].reference][3] is None and by_ref[made[2].reference][3] == 0.05
    value_cells = [row[3] for row in sheet.iter_rows(min_row=2)]
    assert all("£" in cell.number_format for cell in value_cells if cell.value is not None)
    assert sheet.cell(row=2, column=2).number_format == "dd/mm/yyyy"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_neutralises_formulas_in_every_text_cell(client, login_as, many_claims, kind):
    login_as("solicitor")
    many_claims(len(HOSTILE), claimant__last_name=lambda i: HOSTILE[i], defendant_name=lambda i: HOSTILE[i],
                claimant__email=lambda i: HOSTILE[i].strip("\t\r") + "@example.com")
    response = client.get(f"{EXPORT}?format={kind}&col=claimant&col=defendant&col=email&sort=reference&dir=asc")
    rows = read_csv(response) if kind == "csv" else [list(row) for row in read_xlsx(response)[0]]
    cells = [cell for row in rows[1:] for cell in row[1:] if cell]
    defendants = [row[2] for row in rows[1:]]
    for text in HOSTILE:
        assert "'" + text in defendants
    for cell in cells:
        assert not str(cell).startswith(("=", "+", "-", "@", "\t", "\r")), cell
    if kind == "xlsx":
        book = load_workbook(io.BytesIO(response.get_data()))
        assert all(cell.data_type == "s" for row in book.active.iter_rows(min_row=2) for cell in row[1:] if cell.value)


def test_export_is_audited_without_personal_data(client, login_as, many_claims):
    login_as("solicitor")
    many_claims(4)
    assert client.get(f"{EXPORT}?format=csv&q=first00&status=submitted").status_code == 200
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "claims.exported")).one()
    assert event.details["rows"] == 4 and event.details["format"] == "csv"
    assert event.details["filters"]["status"] == ["submitted"]
    assert event.details["filters"]["search"] == "name"
    assert "first00" not in str(event.details)


def test_export_in_an_unknown_format_goes_back_to_the_list_with_a_message(client, login_as):
    login_as("solicitor")
    response = client.get(f"{EXPORT}?format=pdf&status=submitted", follow_redirects=True)
    assert response.status_code == 200 and "Export as CSV or as Excel" in response.get_data(as_text=True)


def _bulk(client, claims, **data):
    return client.post(f"/staff/claims/bulk?status=submitted",
                       data={"claim": [str(claim.id) for claim in claims], **data}, follow_redirects=True)


def test_bulk_assign_brings_each_claim_into_the_handlers_team(client, login_as, make_user, many_claims, make_team,
                                                             default_team):
    login_as("partner")
    handler = make_user("solicitor")
    team = make_team("Manchester")
    handler.team_id = team.id
    db.session.commit()
    made = many_claims(3)
    response = _bulk(client, made[:2], action="assign", handler=str(handler.id))
    assert "2 claims assigned to" in response.get_data(as_text=True)
    db.session.expire_all()
    assert [(c.assigned_to_id, c.team_id) for c in (db.session.get(Claim, m.id) for m in made)] == [
        (handler.id, team.id), (handler.id, team.id), (None, default_team.id)]  # the third as it was
    assert len(db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "claim.assigned", AuditEvent.actor == "staff")).all()) == 2  # triage's are "system"


def test_bulk_move_moves_those_it_can_and_lists_the_rest_by_reference(client, login_as, many_claims):
    login_as("partner")
    made = many_claims(3, status=lambda i: ["letter_of_claim_sent", "submitted", "response_received"][i])
    response = _bulk(client, made, action="move", to_status="negotiation", reason="Offer received by phone")
    text = response.get_data(as_text=True)
    assert "2 claims moved to “Negotiation”" in text
    assert made[1].reference in text and "left unchanged" in text
    db.session.expire_all()
    assert [db.session.get(Claim, m.id).status for m in made] == ["negotiation", "submitted", "negotiation"]
    reasons = db.session.scalars(select(StatusChange.reason).where(StatusChange.to_status == "negotiation")).all()
    assert reasons == ["Offer received by phone"] * 2


def test_bulk_move_refuses_a_move_with_its_own_step_or_a_figure(client, login_as, many_claims):
    login_as("partner")
    made = many_claims(1, status="response_received")
    for to_status in ("settled", "accepted"):
        text = _bulk(client, made, action="move", to_status=to_status, reason="x").get_data(as_text=True)
        assert "made on each claim&#39;s page" in text or "made on each claim's page" in text
    db.session.expire_all()
    assert db.session.get(Claim, made[0].id).status == "response_received"


def test_bulk_task_is_added_to_each_claim(client, login_as, many_claims):
    me = login_as("solicitor")
    made = many_claims(2)
    text = _bulk(client, made, action="task", title="Chase the defendant", due_on="30/11/2026").get_data(as_text=True)
    assert "added to 2 claims" in text
    found = db.session.scalars(select(Task).where(Task.title == "Chase the defendant")).all()
    assert sorted(t.claim_id for t in found) == sorted(m.id for m in made)
    assert all(t.due_on == date(2026, 11, 30) and t.created_by_id == me.id for t in found)
    text = _bulk(client, made, action="task", title="", due_on="31/02/2026").get_data(as_text=True)
    assert "Enter the task" in text and "Enter the day the task is due" in text


def test_bulk_export_of_the_selection(client, login_as, many_claims):
    login_as("solicitor")
    made = many_claims(3)
    response = client.post(BULK, data={"claim": [str(made[0].id), str(made[2].id)], "action": "export_csv"})
    assert response.status_code == 200
    rows = read_csv(response)
    assert sorted(row[0] for row in rows[1:]) == sorted([made[0].reference, made[2].reference])


def test_bulk_with_nothing_ticked_says_so(client, login_as):
    login_as("solicitor")
    text = client.post(BULK, data={"action": "assign"}, follow_redirects=True).get_data(as_text=True)
    assert "Tick the claims to act on" in text


def test_bulk_needs_work_claims_and_a_csrf_token(make_app, make_user, many_claims, client, login_as):
    from tests.conftest import PASSWORD
    from tests.pages import parse

    login_as("admin")
    made = many_claims(1)
    assert client.post(BULK, data={"claim": [str(made[0].id)], "action": "export_csv"}).status_code == 403
    strict = make_app(WTF_CSRF_ENABLED=True).test_client()
    user = make_user("solicitor")
    token = parse(strict.get("/staff/sign-in")).csrf_token()
    strict.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    refused = strict.post(BULK, data={"claim": [str(made[0].id)], "action": "assign", "handler": "none"})
    assert refused.status_code == 400
    token = parse(strict.get("/staff/claims/")).csrf_token()
    ok = strict.post(BULK, data={"claim": [str(made[0].id)], "action": "export_csv", "csrf_token": token})
    assert ok.status_code == 200


def test_bulk_never_touches_a_claim_the_user_may_not_see(client, login_as, many_claims, monkeypatch):
    from claims.cases import queries

    login_as("partner")
    made = many_claims(2)
    monkeypatch.setattr(queries, "visible_claims", lambda user: Claim.id != made[1].id)
    text = _bulk(client, made, action="move", to_status="withdrawn", reason="Client withdrew").get_data(as_text=True)
    assert "1 claim moved" in text and "1 claim of those ticked could not be found" in text
    assert made[1].reference not in text
    db.session.expire_all()
    assert [db.session.get(Claim, m.id).status for m in made] == ["withdrawn", "submitted"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_keeps_any_text_exactly(client, login_as, many_claims, kind):
    login_as("solicitor")
    names = ["Zoë <b>&amp;</b>", "O'Brien & Sons", "Łukasz 😀", "  leading spaces"]
    many_claims(len(names), defendant_name=lambda i: names[i])
    response = client.get(f"{EXPORT}?format={kind}&col=defendant&sort=reference&dir=asc")
    rows = read_csv(response) if kind == "csv" else [list(row) for row in read_xlsx(response)[0]]
    assert [row[1] for row in rows[2:]] == names  # after the heading and the claim they were copied from (BC-2…)


def test_bulk_task_leaves_a_closed_claim_alone(client, login_as, many_claims):
    login_as("solicitor")
    made = many_claims(1) + many_claims(1, status="closed_won")
    text = _bulk(client, made, action="task", title="Chase the defendant", due_on="30/11/2026").get_data(as_text=True)
    assert "added to 1 claim" in text and f"read-only: {made[1].reference}" in text
    assert [t.claim_id for t in db.session.scalars(select(Task).where(Task.title == "Chase the defendant"))] == [made[0].id]
