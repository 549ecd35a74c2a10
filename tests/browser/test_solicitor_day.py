"""In Chromium: a solicitor's day (issue 10). They sign in to "my day", work three of their claims (a file
note, a task done, a recorded status move), meet a colleague's edit to the same claim while editing it,
save again, then export "My claims" as Excel and as CSV and open both files."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlalchemy import select

from claims.auth.passwords import hash_password
from claims.extensions import db
from claims.models import Claim, ClaimEdit, Note, Task, Team, User
from tests.clock import TODAY
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

SOLICITOR, COLLEAGUE = "sam@firm.example.com", "cat@firm.example.com"
WHY = "Why is this being changed? (optional)"


@dataclass(frozen=True)
class Made:
    id: int
    reference: str
    task_id: int
    task_title: str


def _day(app) -> dict[str, Made]:
    """A team with two solicitors; Sam handles three claims, each with a task of Sam's due around today."""
    from claims.claim.assignment import assign
    from claims.domain.tasks import AUTOMATIC_KINDS
    from claims.intake.drafts import create_draft
    from claims.intake.submission import submit_draft
    from claims.work import tasks
    from tests.journey import complete_answers

    with app.app_context():
        team = Team(name="Data breach team 1", triage_rule="by_hand", takes_new_claims=False)
        db.session.add(team)
        db.session.flush()
        sam, cat = (User(email=email, full_name=name, role="solicitor", team_id=team.id,
                         password_hash=hash_password(PASSWORD))
                    for email, name in ((SOLICITOR, "Sam Solicitor"), (COLLEAGUE, "Cat Colleague")))
        db.session.add_all([sam, cat])
        db.session.flush()
        made = {}
        for key, surname, status, title, due_on in (
                ("a", "Okafor", "cfa_signed", "Call the client about the missing screenshots",
                 TODAY - timedelta(days=3)),
                ("b", "Priestley", "cfa_signed", "Chase the client's GP records", TODAY),
                ("c", "Smith", "letter_of_claim_sent", "Check for the defendant's reply", TODAY + timedelta(days=1))):
            draft, _token = create_draft()
            draft.answers = complete_answers(**{"about-you": {"last_name": surname}})
            claim = submit_draft(draft, today=TODAY)
            claim.status = status  # set straight, as if it had got there: the triage rule's task goes with it
            tasks.close_kinds(claim.id, AUTOMATIC_KINDS, reason="The claim moved on")
            assign(claim, by=None, handler=sam, actor="system")  # Sam's claim, in Sam's team
            task = tasks.add(claim, title=title, due_on=due_on, details=None, assigned_to_id=None, by=sam)
            made[key] = Made(claim.id, claim.reference, task.id, title)
        db.session.commit()
        return made


def _sign_in(browser, url: str, email: str, **options):
    context = browser.new_context(locale="en-GB", viewport={"width": 1440, "height": 900}, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(url + "/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return context, page


def test_a_solicitors_day(live_server, browser, artifacts):
    app, url = live_server.app, live_server.url
    made = _day(app)
    a, b, c = made["a"], made["b"], made["c"]
    desk, page = _sign_in(browser, url, SOLICITOR, accept_downloads=True)

    # 1. Signing in lands on "my day", which shows the work on the three claims.
    expect(page.get_by_role("heading", level=1)).to_have_text("My day")
    assert page.url == url + "/staff/"
    expect(page.locator(".lead")).to_contain_text(f"Monday {TODAY:%d/%m/%Y}")
    overdue, today, week = page.locator("#tasks-overdue"), page.locator("#tasks-today"), page.locator("#tasks-week")
    expect(overdue.locator("tbody tr")).to_have_count(1)
    expect(overdue).to_contain_text(a.task_title)
    expect(overdue).to_contain_text(a.reference)
    expect(overdue).to_contain_text("3 days ago")
    expect(today).to_contain_text(b.task_title)
    expect(today).to_contain_text(b.reference)
    expect(week).to_contain_text(c.task_title)
    expect(week).to_contain_text(c.reference)
    page.screenshot(path=artifacts / "solicitor-day-my-day.png", full_page=True)

    # 2. Claim A, reached from "my day": a file note, which goes on the claim's timeline.
    overdue.get_by_role("link", name=a.reference).click()
    expect(page).to_have_url(f"{url}/staff/claims/{a.id}#task-{a.task_id}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(a.reference)
    page.locator("#notes ~ .button-row").get_by_role("link", name="Add a file note").click()
    page.get_by_label("File note").fill("Client says the screenshots are on her old phone; she will send them "
                                        "by Friday.")
    page.get_by_role("button", name="Save the file note").click()
    expect(page).to_have_url(re.compile(rf"/staff/claims/{a.id}\b"))
    with app.app_context():
        [note] = db.session.scalars(select(Note).where(Note.claim_id == a.id)).all()
        note_id = note.id
    expect(page.locator(f"#note-{note_id}")).to_contain_text("she will send them by Friday")
    expect(page.locator(f"#note-{note_id}")).to_contain_text("Sam Solicitor")
    expect(page.locator(".timeline")).to_contain_text("File note by Sam Solicitor")

    # 3. Claim B: its task is done; the claim says who did it and when, and it leaves "my day".
    page.goto(url + "/staff/")
    page.locator("#tasks-today").get_by_role("link", name=b.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(b.reference)
    page.locator(f"#open-tasks #task-{b.task_id}").get_by_role("button", name=re.compile(r"^Done")).click()
    expect(page.locator("#open-tasks")).to_have_count(0)
    expect(page.locator("#tasks ~ p").first).to_have_text("No open tasks.")
    done = page.locator(f"#done-tasks #task-{b.task_id}")
    expect(done).to_contain_text(f"{b.task_title} (due {TODAY:%d/%m/%Y}) – done by Sam Solicitor, {TODAY:%d/%m/%Y}")
    with app.app_context():
        task = db.session.get(Task, b.task_id)
        assert task.completed_at is not None and task.completed_by.email == SOLICITOR
    page.goto(url + "/staff/")
    expect(page.locator("#tasks-today")).to_contain_text("Nothing due today.")
    expect(page.locator("body")).not_to_contain_text(b.task_title)
    expect(page.locator("#tasks-overdue")).to_contain_text(a.task_title)  # the others are still there

    # 4. Claim C: the defendant's response recorded from the claim page's next steps, with what it says.
    page.locator("#tasks-week").get_by_role("link", name=c.reference).click()
    expect(page.locator("#summary-status")).to_contain_text("Letter of claim sent")
    page.locator("#summary-moves").get_by_role("link", name=re.compile("^Response received")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the defendant's response")
    happened = "The defendant's reply admits the breach but denies distress."
    for part, value in (("day", TODAY.day), ("month", TODAY.month), ("year", TODAY.year)):
        page.locator(f"#received_on-{part}").fill(str(value))
    page.get_by_label("Partly admits liability").check()
    page.get_by_label("Summary (optional)").fill(happened)
    page.get_by_role("button", name="Record the response").click()
    expect(page.locator("#responses ~ table").first).to_contain_text(happened)
    page.goto(f"{url}/staff/claims/{c.id}")
    expect(page.locator("#summary-status")).to_contain_text("Response received")
    expect(page.locator(".timeline")).to_contain_text(
        f"Response received by Sam Solicitor – Partly admits liability: the defendant's response of {TODAY:%d/%m/%Y}")
    with app.app_context():
        assert db.session.get(Claim, c.id).status == "response_received"

    # 5. Claim A's claimant details, edited by Sam while Cat, in the same team, saves a change to them.
    page.goto(f"{url}/staff/claims/{a.id}")
    page.get_by_role("link", name="Edit claim details").click()
    page.locator("#edit-sections").get_by_role("link", name="Claimant details").click()
    expect(page.get_by_label("Phone number (optional)")).to_have_value("07700 900982")
    page.get_by_label("Phone number (optional)").fill("07700 900123")
    page.get_by_label(WHY).fill("The client gave her new mobile on the phone")

    colleague, other = _sign_in(browser, url, COLLEAGUE)
    other.goto(f"{url}/staff/claims/{a.id}/edit/claimant")
    other.get_by_label("Phone number (optional)").fill("07700 900456")
    other.get_by_label(WHY).fill("Number from the client's email of 22/11/2026")
    other.get_by_role("button", name="Save claimant details").click()
    expect(other.locator("#claim-edits")).to_contain_text("07700 900456")
    colleague.close()

    page.get_by_role("button", name="Save claimant details").click()
    conflict = page.locator("#edit-conflict")
    expect(conflict).to_contain_text("Someone else changed this claim while you were editing it")
    expect(conflict.locator("#conflict-changes tbody tr")).to_have_count(1)
    expect(conflict.locator("#conflict-changes")).to_contain_text("Cat Colleague")
    expect(conflict.locator("#conflict-changes")).to_contain_text("07700 900456 (was 07700 900982)")
    expect(page.get_by_label("Phone number (optional)")).to_have_value("07700 900123")  # what Sam typed stays
    expect(page.get_by_label(WHY)).to_have_value("The client gave her new mobile on the phone")
    page.screenshot(path=artifacts / "solicitor-day-edit-conflict.png", full_page=True)
    page.get_by_role("button", name="Save claimant details").click()
    expect(page.locator(".notice-success")).to_contain_text("Claimant details saved: 1 change")
    edits = page.locator("#claim-edits tbody tr")
    expect(edits).to_have_count(2)
    expect(edits.nth(0)).to_contain_text("Sam Solicitor")
    expect(edits.nth(0)).to_contain_text("07700 900456")  # before Sam's change: Cat's number
    expect(edits.nth(0)).to_contain_text("07700 900123")
    expect(edits.nth(1)).to_contain_text("Cat Colleague")
    expect(edits.nth(1)).to_contain_text("07700 900982")
    with app.app_context():
        claim = db.session.get(Claim, a.id)
        assert claim.claimant.phone == "07700 900123"
        history = db.session.scalars(select(ClaimEdit).where(ClaimEdit.claim_id == a.id)
                                     .order_by(ClaimEdit.id)).all()
        assert [(edit.edited_by.email, edit.field, edit.old_value, edit.new_value) for edit in history] == [
            (COLLEAGUE, "claimant.phone", "07700 900982", "07700 900456"),
            (SOLICITOR, "claimant.phone", "07700 900456", "07700 900123")]

    # 6. "My claims", exported as Excel and as CSV through the page's links, and opened.
    page.goto(url + "/staff/claims/")
    page.get_by_role("link", name="My claims").click()
    expect(page.locator("#claims tbody tr")).to_have_count(3)
    page.screenshot(path=artifacts / "solicitor-day-my-claims.png", full_page=False)
    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    rows = {row[0]: dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert sorted(rows) == sorted([a.reference, b.reference, c.reference])
    assert rows[a.reference]["Claimant"].endswith("Okafor")
    assert rows[c.reference]["Status"] == "Response received"
    with app.app_context():
        limitation = {claim.reference: claim.earliest_limitation_on
                      for claim in db.session.scalars(select(Claim).where(Claim.id.in_([a.id, b.id, c.id])))}
    for reference, row in rows.items():
        assert isinstance(row["Submitted"], datetime) and row["Submitted"].date() == TODAY  # a date, not text
        assert isinstance(row["Limitation"], datetime) and row["Limitation"].date() == limitation[reference]
        assert sheet.cell(row=2, column=header.index("Submitted") + 1).number_format == "dd/mm/yyyy"
        assert row["Handler"] == "Sam Solicitor"

    with page.expect_download() as download:
        page.locator("#export-csv").click()
    assert download.value.suggested_filename.endswith(".csv")
    text = open(download.value.path(), encoding="utf-8-sig").read()
    listed = {row["Reference"]: row for row in csv.DictReader(io.StringIO(text))}
    assert sorted(listed) == sorted(rows)
    for reference, row in listed.items():
        assert row["Submitted"] == TODAY.isoformat()
        assert date.fromisoformat(row["Limitation"]) == limitation[reference]
        assert row["Status"] == rows[reference]["Status"]
    desk.close()
