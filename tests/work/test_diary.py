"""The key-date diary across the user's claims: a list, a month calendar, and an iCalendar file for Outlook."""
from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar
from sqlalchemy import select

from claims.extensions import db
from claims.models import AuditEvent
from tests.clock import TODAY
from tests.pages import parse
from tests.work.conftest import SOON, QueryCounter, add_key_date, add_task


def _events(response) -> list:
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return [c for c in Calendar.from_ical(response.data).walk() if c.name == "VEVENT"]


def test_the_list_shows_my_key_dates_and_tasks_in_date_order(client, my_claim, make_user):
    claim = my_claim(**SOON)
    add_task(claim, 5, "Chase the GP records")
    other = my_claim(handler=make_user("solicitor"), **SOON)
    add_task(other, 5, "Their task")
    page = parse(client.get("/staff/diary?start=2026-11-23"))
    rows = " ".join(page.by_id("diary").text.split())
    assert rows.index("Chase the GP records") < rows.index("Limitation: Human Rights Act")
    assert "Sat 28/11/2026" in rows and "Sat 09/01/2027" in rows
    assert other.reference not in rows and "Their task" not in rows
    assert f"/staff/claims/{claim.id}#tasks" in page.links() and f"/staff/claims/{claim.id}#key-dates" in page.links()


def test_the_list_window_moves_and_ignores_a_bad_start(client, my_claim):
    claim = my_claim(**SOON)
    later = parse(client.get("/staff/diary?start=2027-03-01"))
    assert "Nothing in these dates" in later.text
    for bad in ("yesterday", "1899-01-01", "2060-12-31", "<b>"):
        response = client.get(f"/staff/diary?start={bad}")
        assert response.status_code == 200 and claim.reference in response.get_data(as_text=True)


def test_the_month_calendar_puts_each_date_on_its_day(client, my_claim):
    claim = my_claim(**SOON)
    add_task(claim, 16, "Send the letter of claim")  # Wednesday 09/12/2026
    page = parse(client.get("/staff/diary/calendar?month=2026-12"))
    assert "December 2026" in page.text
    assert "Send the letter of claim" in page.by_id("day-2026-12-09").text
    assert "Limitation in 1 month, on 09/01/2027: Human Rights Act" in page.by_id("day-2026-12-09").text  # a warning
    january = parse(client.get("/staff/diary/calendar?month=2027-01"))
    assert "Limitation: Human Rights Act" in january.by_id("day-2027-01-09").text
    assert "/staff/diary/calendar?month=2026-12" in january.links()


def test_a_bad_month_shows_this_month(client, my_claim):
    for month in ("2026-13", "nonsense", "2061-01", ""):
        response = client.get(f"/staff/diary/calendar?month={month}")
        assert response.status_code == 200 and "November 2026" in response.get_data(as_text=True)


def test_the_calendar_needs_the_same_queries_however_full(client, my_claim):
    claim = my_claim(**SOON)

    def load() -> int:
        with QueryCounter() as counter:
            assert client.get("/staff/diary/calendar?month=2026-12").status_code == 200
        return counter.count
    few = load()
    for days in range(8, 20):
        add_task(claim, days, f"Task {days}")
    assert load() == few


def test_the_icalendar_file_has_one_all_day_event_per_date(client, my_claim, solicitor):
    claim = my_claim(**SOON)
    task = add_task(claim, 3, "Call the client")
    add_key_date(claim, "response_due", 10)
    events = _events(client.get("/staff/diary.ics"))
    by_uid = {str(e["UID"]): e for e in events}
    event = by_uid[f"task-{task.id}@claims.test"]
    assert event["DTSTART"].dt == TODAY + timedelta(days=3) and event["DTEND"].dt == TODAY + timedelta(days=4)
    assert isinstance(event["DTSTART"].dt, date) and event["DTSTART"].params.get("VALUE") == "DATE"
    assert str(event["SUMMARY"]) == f"{claim.reference}: Call the client"
    assert str(event["URL"]) == f"http://claims.test/staff/claims/{claim.id}#tasks"
    summaries = [str(e["SUMMARY"]) for e in events]
    assert f"{claim.reference}: Defendant's response to the letter of claim due" in summaries
    assert any("Limitation: Human Rights Act" in s for s in summaries)
    assert claim.claimant.last_name not in client.get("/staff/diary.ics").get_data(as_text=True)
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "diary.exported")).all()
    assert audit and audit[-1].user_id == solicitor.id and set(audit[-1].details) == {"events"}


def test_exporting_again_keeps_each_events_uid(client, my_claim):
    claim = my_claim(**SOON)
    add_task(claim, 3, "Call the client")
    first = {str(e["UID"]) for e in _events(client.get("/staff/diary.ics"))}
    add_task(claim, 4, "Write to the GP")
    second = {str(e["UID"]) for e in _events(client.get("/staff/diary.ics"))}
    assert first < second and len(second - first) == 1


def test_typed_text_reaches_the_calendar_as_inert_text(client, my_claim):
    claim = my_claim()
    hostile = 'Call; then, write \\ "quote"\r\nBEGIN:VEVENT'
    add_task(claim, 2, hostile)
    response = client.get("/staff/diary.ics")
    text = response.get_data(as_text=True)
    assert text.split("\r\n").count("BEGIN:VEVENT") == len(_events(response))  # no event smuggled in by the title
    [event] = [e for e in _events(response) if "Call" in str(e["SUMMARY"])]
    assert str(event["SUMMARY"]) == f"{claim.reference}: " + hostile.replace("\r\n", "\n")


def test_a_busy_calendar_day_links_to_the_rest(client, my_claim):
    claim = my_claim()
    for n in range(8):
        add_task(claim, 9, f"Task {n}")  # Wednesday 02/12/2026
    page = parse(client.get("/staff/diary/calendar?month=2026-12"))
    cell = page.by_id("day-2026-12-02").text
    assert cell.count("Task ") == 6 and "and 2 more" in cell
    assert "/staff/diary?start=2026-12-02" in page.links()
