"""The audit trail's viewer and export (claims.audit_log): partners only, filtered by claim, user, action and
dates, paged newest first, exported as CSV with formula-like text made inert; viewing and exporting are audited."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

from sqlalchemy import select

from claims import audit
from claims.extensions import db
from claims.models import AuditEvent
from tests.pages import parse


def _event(action: str, *, claim_id: int | None = None, user_id: int | None = None, at: datetime | None = None,
           details: dict | None = None) -> AuditEvent:
    event = audit.record(action, claim_id=claim_id, entity_type="claim" if claim_id else None, entity_id=claim_id,
                         actor="staff" if user_id else "system", details=details)
    event.user_id = user_id
    if at is not None:
        event.occurred_at = at
    return event


def _listed(response) -> list[int]:
    assert response.status_code == 200, response.status_code
    page = parse(response)
    return [int(cell.text) for cell in page.find_all("td", **{"class": "num"})]


def _recorded(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def test_solicitors_and_administrators_are_refused_as_on_other_partner_pages(client, login_as):
    login_as("solicitor")
    assert client.get("/staff/audit/").status_code == 403
    assert client.get("/staff/audit/export.csv").status_code == 403
    assert client.get("/staff/valuation/review").status_code == 403  # the same convention
    client.post("/staff/sign-out")
    login_as("admin")
    assert client.get("/staff/audit/").status_code == 403
    assert client.get("/staff/audit/export.csv").status_code == 403
    assert _recorded("audit.viewed") == [] and _recorded("audit.exported") == []


def test_partners_filter_by_claim_user_action_and_dates(client, login_as, make_claim, make_user):
    partner = login_as("partner")
    solicitor = make_user("solicitor")
    one, other = make_claim(), make_claim()
    early = datetime(2026, 11, 2, 12, tzinfo=timezone.utc)
    late = datetime(2026, 11, 20, 23, 30, tzinfo=timezone.utc)  # 20/11 in London too (GMT in November)
    a = _event("claim.viewed", claim_id=one.id, user_id=solicitor.id, at=early)
    b = _event("claim.edited", claim_id=one.id, user_id=partner.id, at=late)
    c = _event("evidence.downloaded", claim_id=other.id, user_id=solicitor.id, at=late)
    db.session.commit()

    assert set(_listed(client.get(f"/staff/audit/?reference={one.reference.lower()}"))) >= {a.id, b.id}
    assert c.id not in _listed(client.get(f"/staff/audit/?reference={one.reference}"))
    by_user = _listed(client.get(f"/staff/audit/?user={solicitor.id}"))
    assert by_user == [c.id, a.id]  # newest first
    claim_actions = _listed(client.get("/staff/audit/?action=claim."))  # a prefix: every claim action
    assert {a.id, b.id} <= set(claim_actions) and c.id not in claim_actions
    assert _listed(client.get("/staff/audit/?action=claim.edited")) == [b.id]
    assert _listed(client.get(f"/staff/audit/?user={solicitor.id}&date_from=01/11/2026&date_to=19/11/2026")) == [a.id]
    assert _listed(client.get(f"/staff/audit/?user={solicitor.id}&date_from=20/11/2026&date_to=20/11/2026")) == [c.id]

    unknown = client.get("/staff/audit/?reference=BC-NOPE")
    assert _listed(unknown) == [] and "No claim has that reference" in parse(unknown).text

    viewed = _recorded("audit.viewed")
    assert {"claim_id": one.id} in [event.details["filters"] for event in viewed]
    assert all(event.user_id == partner.id for event in viewed)
    assert all("BC-NOPE" not in str(event.details) for event in viewed)  # ids, never what was typed


def test_a_filter_it_cannot_read_is_explained_with_what_was_typed_kept(client, login_as):
    login_as("partner")
    response = client.get("/staff/audit/?date_from=31/02/2026&action=Claim Viewed&user=999999")
    page = parse(response)
    assert response.status_code == 200
    assert page.error_message("date_from").startswith("Enter a date as dd/mm/yyyy")
    assert "lower-case" in page.error_message("action")
    assert page.error_message("user") == "Choose a member of staff from the list"
    assert (page.value("date_from"), page.value("action")) == ("31/02/2026", "Claim Viewed")
    assert "audit-entries" not in page.ids
    assert client.get("/staff/audit/export.csv?date_from=2026-11-01").status_code == 400


def test_pages_run_newest_first_without_overlap(client, login_as):
    login_as("partner")
    made = [_event("test.paged", details={"n": n}) for n in range(120)]
    db.session.commit()
    first = client.get("/staff/audit/?action=test.paged")
    first_ids = _listed(first)
    assert len(first_ids) == 50 and first_ids[0] == made[-1].id
    seen = list(first_ids)
    response = first
    while "next-page" in (page := parse(response)).ids:
        response = client.get(page.by_id("next-page").attrs["href"])
        seen += _listed(response)
    assert seen == [event.id for event in reversed(made)]
    assert [event.details["page"] for event in _recorded("audit.viewed")] == ["first", "next", "next"]
    assert client.get("/staff/audit/?after=garbage~x").status_code == 200  # a bad cursor starts again


def test_the_export_is_neutralised_and_audited(client, login_as, make_claim):
    partner = login_as("partner")
    claim = make_claim()
    hostile = _event("=HYPERLINK(\"http://evil.example\")", claim_id=claim.id, details={"field": "@SUM(1+1)"})
    db.session.commit()
    response = client.get(f"/staff/audit/export.csv?reference={claim.reference}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][:3] == ["Id", "Chain position", "When (UTC)"]
    [line] = [row for row in rows[1:] if row[0] == str(hostile.id)]
    assert line[6] == "'=HYPERLINK(\"http://evil.example\")"
    assert line[9] == claim.reference and line[11] == '{"field": "@SUM(1+1)"}'
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    [exported] = _recorded("audit.exported")
    assert exported.user_id == partner.id
    assert exported.details == {"format": "csv", "rows": len(rows) - 1, "filters": {"claim_id": claim.id}}
