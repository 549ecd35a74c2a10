"""The claim page for a busy fee-earner: the first screen, its sections, and one load per request.

The first screen (``#summary``) shows the status, the moves allowed from it as buttons, the next key dates,
the handler, supervising partner and team, the value and the open tasks; every other section has an id and a
link in the contents list. However many notes, tasks, documents, status changes and files a claim has, the
page makes the same number of SQL queries (no query per row).
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import event, select

from claims import unit_of_work
from claims.extensions import db
from claims.models import Agreement, ClaimDocument, EvidenceFile, KeyDate, Note, StatusChange, Task
from tests.clock import FROZEN_AT as NOW, TODAY
from tests.pages import parse

SECTIONS = ("summary", "status", "key-dates", "tasks", "answers", "screening", "limitation", "letters",
            "valuation", "evidence", "notes", "history")


class QueryCounter:
    """The SQL statements sent while it is active."""

    def __init__(self):
        self.statements: list[str] = []

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self._record)

    def _record(self, conn, cursor, statement, *args):
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def staff(make_user):
    """Distinct people, so that a name loaded row by row would show as one query per person."""
    made: list = []

    def take(n: int) -> list:
        while len(made) < n:
            user = make_user("solicitor")
            user.full_name = f"Person {len(made) + 1}"
            made.append(user)
        db.session.commit()
        return made[:n]
    return take


def fill(claim, n: int, people: list) -> None:
    """Give ``claim`` n of each: notes (edited, and documents received with a file), open and done tasks, documents
    made, status changes, evidence and key dates. Each kind of row names different people (``people`` holds 6n),
    so a name loaded row by row cannot be found already loaded for another kind."""
    base = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
    by_kind = [people[k * n:(k + 1) * n] for k in range(6)]
    for i in range(n):
        author, editor, owner, maker, mover, closer = (group[i] for group in by_kind)
        evidence = EvidenceFile(claim_id=claim.id, original_name=f"file-{i}.pdf", stored_name=secrets.token_hex(16),
                                media_type="application/pdf", size_bytes=2048, sha256="0" * 64,
                                uploaded_at=base + timedelta(hours=i))
        db.session.add(evidence)
        db.session.flush()
        db.session.add_all([
            Note(claim_id=claim.id, author_id=author.id, body=f"Note {i}", occurred_at=base + timedelta(hours=i),
                 edited_at=base + timedelta(hours=i, minutes=5), edited_by_id=editor.id),
            Note(claim_id=claim.id, author_id=author.id, kind="document", party="defendant", body=f"Letter {i}",
                 occurred_at=base + timedelta(hours=i), evidence_file_id=evidence.id),
            Task(claim_id=claim.id, kind="manual", title=f"Open task {i}", due_on=TODAY + timedelta(days=i + 1),
                 assigned_to_id=owner.id, created_by_id=owner.id),
            Task(claim_id=claim.id, kind="manual", title=f"Done task {i}", due_on=TODAY - timedelta(days=i + 1),
                 assigned_to_id=owner.id, created_by_id=owner.id, completed_by_id=closer.id,
                 completed_at=base + timedelta(hours=i)),
            ClaimDocument(claim_id=claim.id, kind="general_letter", version=i + 1, title=f"Letter {i}",
                          stored_name=secrets.token_hex(16), sha256="0" * 64, size_bytes=1000,
                          template_sha256="0" * 64, created_by_id=maker.id, created_at=base + timedelta(hours=i)),
            StatusChange(claim_id=claim.id, from_status="submitted", to_status="accepted", reason=f"Move {i}",
                         changed_at=base + timedelta(hours=i), changed_by_id=mover.id),
            KeyDate(claim_id=claim.id, kind="response_due", label=f"Response {i} due",
                    due_on=TODAY + timedelta(days=10 + i)),
        ])
    db.session.commit()


@pytest.fixture
def busy_claim(make_claim, staff, app, default_team):
    """A claim with a handler, supervising partner and team (the test's default team, so the solicitor signed in
    may see it), and n of everything: busy_claim(n)."""
    def make(n: int):
        claim = make_claim()
        people = staff(6 * n + 5)
        team = default_team
        claim.assigned_to_id, claim.supervisor_id, claim.team_id = people[-1].id, people[-2].id, team.id
        claim.value_pence, claim.value_approved = 123_456, False
        claim.facts_summary, claim.facts_confirmed_at, claim.facts_confirmed_by_id = "The facts.", NOW, people[-3].id
        claim.forum_reason, claim.forum_confirmed_at, claim.forum_confirmed_by_id = "Lives in England.", NOW, people[-4].id
        unit_of_work.commit()
        fill(claim, n, people[:6 * n])
        document = db.session.scalar(select(ClaimDocument).where(ClaimDocument.claim_id == claim.id,
                                                                 ClaimDocument.kind == "general_letter").limit(1))
        db.session.add(Agreement(claim_id=claim.id, document_id=document.id, token_hash=secrets.token_hex(32),
                                 expires_at=NOW + timedelta(days=14), prospects_percent=60, success_fee_percent=50,
                                 cap_percent=25, vat_percent=20, base_costs_pence=150_000, created_by_id=people[-5].id))
        db.session.commit()
        return claim
    return make


def _count(app, client, claim_id: int) -> QueryCounter:
    """The statements one request for the claim page sends, in an app context (so a session) of its own as in
    production: the tests' app context would otherwise keep every object loaded so far in the identity map."""
    with app.app_context(), QueryCounter() as counter:
        response = client.get(f"/staff/claims/{claim_id}")
    assert response.status_code == 200
    return counter


def test_the_page_makes_the_same_number_of_queries_however_much_the_claim_holds(app, client, login_as, busy_claim):
    small, large = busy_claim(3), busy_claim(12)
    login_as("solicitor")
    client.get(f"/staff/claims/{small.id}")  # anything loaded once per process is loaded now
    few, many = _count(app, client, small.id), _count(app, client, large.id)
    assert few.count == many.count, "\n".join(many.statements)


def test_the_first_screen_shows_status_moves_dates_people_value_and_open_tasks(client, login_as, busy_claim):
    claim = busy_claim(3)
    handler, supervisor, team = claim.assigned_to.full_name, claim.supervisor.full_name, claim.team.name
    login_as("solicitor")
    page = parse(client.get(f"/staff/claims/{claim.id}"))
    summary = page.by_id("summary").text
    assert "Awaiting triage" in page.by_id("summary-status").text
    moves = page.by_id("summary-moves")
    assert "Accept" in moves.text and "Decline" in moves.text and "Closed – withdrawn" in moves.text
    dates = page.by_id("summary-dates").text
    assert (TODAY + timedelta(days=1)).strftime("%d/%m/%Y") in dates  # the first open task
    assert (TODAY + timedelta(days=10)).strftime("%d/%m/%Y") in dates  # the first response due
    assert "Limitation" in dates
    people = page.by_id("summary-people").text
    assert handler in people and supervisor in people and team in people
    value = page.by_id("summary-value").text
    assert "£1,234.56" in value and "not yet approved" in value.lower() and "not legal advice" in value.lower()
    tasks = page.by_id("summary-tasks").text
    assert "Open task 0" in tasks and "Done task 0" not in tasks
    assert summary


def test_every_contents_link_leads_to_a_section_on_the_page(client, login_as, busy_claim):
    claim = busy_claim(1)
    login_as("solicitor")
    page = parse(client.get(f"/staff/claims/{claim.id}"))
    contents = [a.attrs["href"] for a in page.elements if a.tag == "a" and a.attrs.get("data-contents") is not None]
    assert contents, "the page has a contents list"
    targets = [href.removeprefix("#") for href in contents]
    assert all(href.startswith("#") for href in contents)
    assert set(targets) <= page.ids
    assert set(SECTIONS) - {"summary"} <= set(targets)
    in_page = [href for href in page.links() if href.startswith("#")]
    assert {href.removeprefix("#") for href in in_page} <= page.ids


def test_an_unassigned_claim_says_so_on_the_first_screen(client, login_as, make_claim):
    claim = make_claim()
    login_as("solicitor")
    page = parse(client.get(f"/staff/claims/{claim.id}"))
    people = page.by_id("summary-people").text
    assert "No handler yet" in people
    assert "Not valued yet" in page.by_id("summary-value").text
    assert "Triage the new claim" in page.by_id("summary-tasks").text  # made by a rule on submission
    assert "the handler" in page.by_id("summary-tasks").text


def test_an_approved_value_says_so_and_is_never_presented_as_advice(client, login_as, busy_claim):
    claim = busy_claim(1)
    claim.value_pence, claim.value_approved, claim.valuation_stale = 1_250_000, True, True
    db.session.commit()
    login_as("partner")
    value = parse(client.get(f"/staff/claims/{claim.id}")).by_id("summary-value").text
    assert "£12,500.00" in value and "Approved by a partner" in value and "not yet approved" not in value.lower()
    assert "Out of date" in value and "not legal advice" in value


def test_limitation_causes_ending_the_same_day_are_one_next_date(client, login_as, make_claim):
    claim = make_claim()  # UK GDPR, misuse of private information and breach of confidence: six years, one day
    login_as("solicitor")
    dates = parse(client.get(f"/staff/claims/{claim.id}")).by_id("summary-dates").text
    assert dates.count("Limitation:") == 1 and "Breach of confidence" in dates and "UK GDPR" in dates

