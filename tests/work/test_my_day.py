""""My day" at /staff/: the first screen after signing in, with limitation warnings first, the user's tasks by
when they are due, replies due, cancellation periods ending, claims awaiting triage and news from clients;
each item one click from its claim, in a fixed number of queries."""
from __future__ import annotations

from datetime import timedelta

import pytest

from claims import unit_of_work
from claims.extensions import db
from claims.models import Task, Team
from tests.clock import TODAY
from tests.conftest import PASSWORD
from tests.pages import parse
from tests.work.conftest import SOON, QueryCounter, add_key_date, add_task, on


def _day(client):
    response = client.get("/staff/")
    assert response.status_code == 200
    return parse(response)


def _section(page, section_id: str) -> str:
    return " ".join(page.by_id(section_id).text.split())


def test_signing_in_lands_on_my_day(client, make_user):
    user = make_user("solicitor")
    response = client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/staff/"
    assert "My day" in client.get("/staff/").get_data(as_text=True)


def test_limitation_warnings_come_first_whatever_the_claim_is_doing(client, my_claim):
    claim = my_claim(status="negotiation", **SOON)
    page = _day(client)
    html = page.html
    assert html.index('id="limitation"') < html.index('id="tasks-overdue"') < html.index('id="triage"')
    limitation = _section(page, "limitation")
    assert "09/01/2027" in limitation and claim.reference in limitation and "in 47 days" in limitation
    assert f"/staff/claims/{claim.id}#key-dates" in page.links()


def test_a_closed_claim_or_a_distant_date_is_not_a_limitation_warning(client, my_claim):
    my_claim(status="withdrawn", **SOON)
    my_claim()  # its six-year dates are years away; the HRA year has passed
    assert "No live limitation date before 23/02/2027" in _section(_day(client), "limitation")


def test_tasks_by_when_they_are_due(client, my_claim):
    claim = my_claim()
    overdue, today, week, later = (add_task(claim, days, title) for days, title in (
        (-2, "Send the SAR"), (0, "Call the client back"), (4, "Chase the GP records"), (10, "Review the file")))
    page = _day(client)
    assert "Send the SAR" in _section(page, "tasks-overdue") and "2 days ago" in _section(page, "tasks-overdue")
    assert "Call the client back" in _section(page, "tasks-today")
    assert "Chase the GP records" in _section(page, "tasks-week")
    assert "Review the file" not in page.text
    assert f"/staff/claims/{claim.id}#task-{today.id}" in page.links()


def test_my_tasks_are_mine_and_my_claims_tasks_with_no_owner(client, my_claim, make_user, make_claim):
    other = make_user("solicitor")
    mine = my_claim()
    theirs = my_claim(handler=other)
    unassigned_on_mine = add_task(mine, 0, "Unowned on my claim")
    add_task(mine, 0, "Given to a colleague on my claim", assigned_to_id=other.id)
    add_task(theirs, 0, "Unowned on their claim")
    me = db.session.get(type(other), mine.assigned_to_id)
    add_task(theirs, 0, "Given to me on their claim", assigned_to_id=me.id)
    today = _section(_day(client), "tasks-today")
    assert "Unowned on my claim" in today and "Given to me on their claim" in today
    assert "Given to a colleague" not in today and "Unowned on their claim" not in today
    assert unassigned_on_mine.id


def test_a_partner_sees_the_whole_team(client, login_as, make_user, make_claim):
    solicitor = make_user("solicitor")
    claim = make_claim(**SOON)
    claim.assigned_to_id = solicitor.id
    db.session.commit()
    add_task(claim, 0, "Their task")
    login_as("partner")
    page = _day(client)
    assert "Their task" in _section(page, "tasks-today") and "Test Solicitor" in _section(page, "tasks-today")
    assert claim.reference in _section(page, "limitation")


def test_a_partners_team_is_their_team_and_the_claims_they_supervise(client, login_as, make_user, make_claim):
    other = Team(name="South")
    db.session.add(other)
    db.session.commit()
    partner = login_as("partner")  # in the default team
    ours, theirs, supervised = (make_claim(**SOON), make_claim(team=other, **SOON), make_claim(team=other, **SOON))
    supervised.supervisor_id = partner.id
    db.session.commit()
    for claim, title in ((ours, "Our task"), (theirs, "Their task"), (supervised, "Supervised task")):
        add_task(claim, 0, title)
    page = _day(client)
    assert "Our task" in _section(page, "tasks-today") and "Supervised task" in _section(page, "tasks-today")
    assert "Their task" not in page.text and theirs.reference not in page.text  # another team's, not supervised
    assert ours.reference in _section(page, "limitation") and supervised.reference in _section(page, "limitation")


def test_done_from_my_day(client, my_claim, solicitor):
    claim = my_claim()
    task = add_task(claim, 0, "Call the client back")
    response = client.post(f"/staff/claims/{claim.id}/tasks/{task.id}/done?back=my_day")
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    db.session.expire_all()
    task = db.session.get(Task, task.id)
    assert task.completed_by_id == solicitor.id and task.completed_at is not None
    assert "Call the client back" not in _section(_day(client), "tasks-today")
    again = client.post(f"/staff/claims/{claim.id}/tasks/{task.id}/done", follow_redirects=True)
    assert "was already done: by Test Solicitor" in again.get_data(as_text=True)


def test_replies_due_and_cancellation_periods(client, my_claim):
    waiting = my_claim(status="letter_of_claim_sent")
    add_key_date(waiting, "response_due", -1)
    answered = my_claim(status="response_received")
    add_key_date(answered, "response_due", 2)
    signed = my_claim(status="cfa_signed")
    add_key_date(signed, "cancellation_ends", 3, "Client's cancellation period ends")
    ended = my_claim(status="cfa_signed")
    add_key_date(ended, "cancellation_ends", -1, "Client's cancellation period ends")
    page = _day(client)
    responses = _section(page, "responses")
    assert waiting.reference in responses and "yesterday" in responses and answered.reference not in responses
    cooling = _section(page, "cooling-off")
    assert signed.reference in cooling and on(TODAY + timedelta(days=3)) in cooling and ended.reference not in cooling


def test_claims_awaiting_triage_oldest_first(client, make_claim, make_user, my_claim):
    first, second = make_claim(), make_claim()
    elsewhere = my_claim(handler=make_user("solicitor"))  # assigned to a colleague: theirs to triage
    page = _day(client)
    triage = _section(page, "triage")
    assert "(2)" in triage and triage.index(first.reference) < triage.index(second.reference)
    assert elsewhere.reference not in triage


def test_a_long_triage_queue_is_cut_and_counted_up_to_a_cap(client, login_as, make_claim, monkeypatch):
    login_as("solicitor")
    claims = [make_claim() for _ in range(5)]
    monkeypatch.setattr("claims.work.queries.LIMIT", 2)
    monkeypatch.setattr("claims.work.queries.TRIAGE_COUNT_CAP", 3)
    triage = " ".join(_section(_day(client), "triage").split())
    assert "(more than 3)" in triage and "The oldest 2 of more than 3." in triage
    assert claims[0].reference in triage and claims[2].reference not in triage
    monkeypatch.setattr("claims.work.queries.TRIAGE_COUNT_CAP", 10)
    triage = " ".join(_section(_day(client), "triage").split())
    assert "(5)" in triage and "The oldest 2 of 5." in triage


def test_news_from_clients(client, my_claim):
    claim = my_claim(status="cfa_signed")
    add_task(claim, 1, "Review the evidence the client added", kind="client_evidence", rule="client_evidence")
    news = _section(_day(client), "from-clients")
    assert "Review the evidence the client added" in news and claim.reference in news


def test_typed_text_is_shown_as_text(client, my_claim):
    claim = my_claim()
    add_task(claim, 0, '<script>alert("x")</script> & call')
    html = client.get("/staff/").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


@pytest.mark.parametrize("role", ["solicitor", "partner"])
def test_the_same_number_of_queries_for_one_claim_or_many(client, login_as, make_user, make_claim, role):
    user = login_as(role)

    def load() -> int:
        with QueryCounter() as counter:
            assert client.get("/staff/").status_code == 200
        return counter.count

    def add_claims(n):
        for _ in range(n):
            claim = make_claim(**SOON)
            claim.assigned_to_id = user.id
            db.session.commit()
            add_task(claim, -1, "Overdue")
            add_task(claim, 2, "This week", assigned_to_id=user.id)
            add_key_date(claim, "cancellation_ends", 2, "Client's cancellation period ends")
        unit_of_work.commit()  # the acknowledgement letters the new claims queued are made now, not in the request
    add_claims(1)
    few = load()
    add_claims(6)
    assert load() == few <= 7  # the user, five sections, perhaps the triage count


def test_causes_ending_on_one_day_share_a_row(client, my_claim):
    claim = my_claim(**{
        "organisation": {"organisation_name": "Acme Retail Ltd", "sector": "retail", "public_body": "no"},
        "what-happened": {"breach_date-day": "10", "breach_date-month": "1", "breach_date-year": "2021",
                          "discovered_date-day": "20", "discovered_date-month": "1", "discovered_date-year": "2021"}})
    dates = {kd.due_on for kd in claim.key_dates if kd.kind == "limitation"}
    [due] = dates
    rows = _day(client).by_id("limitation").text
    assert rows.count(claim.reference) == 1
    assert "UK GDPR Art. 82 and DPA 2018 s.168–169; Misuse of private information; Breach of confidence" in " ".join(
        rows.split())
    assert on(due) in rows
