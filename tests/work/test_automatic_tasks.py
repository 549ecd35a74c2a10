"""Tasks made and closed by what happens on a claim, through the real routes: submission, accepting,
the CFA sent and signed, letters to the defendant, the client's evidence, declining and reopening."""
from __future__ import annotations

import io
from datetime import date, datetime, timezone

import time_machine
from sqlalchemy import select

from claims.claim.events import limitation_changed
from claims.claim.moves import move
from claims.extensions import db
from claims.models import AuditEvent, Claim, KeyDate
from tests.letters.test_flow import ACCEPT, prepare_letter_of_claim, sign, signing_link
from tests.sample_files import make_pdf
from tests.work.conftest import SOON, add_task, tasks_of


def _accept(client, claim):
    assert client.post(f"/staff/claims/{claim.id}/accept", data=ACCEPT).status_code == 302
    db.session.refresh(claim)


def _generate(client, claim, kind):
    response = client.post(f"/staff/claims/{claim.id}/letters/new", data={"kind": kind, "delivery": "first_class_post"})
    assert response.status_code == 302, response.get_data(as_text=True)


def test_a_new_claim_gets_its_triage_task_and_limitation_warnings(make_claim):
    claim = make_claim(**SOON)
    [triage] = tasks_of(claim, "triage")
    assert triage.due_on == date(2026, 11, 30) and triage.completed_at is None  # 5 working days (the firm's default)
    assert triage.assigned_to_id is None and triage.created_by_id is None  # the handler's, made by a rule
    warnings = tasks_of(claim, "limitation_warning")
    hra = [w for w in warnings if w.rule.startswith("limitation:2027-01-09:")]
    # The HRA date is 09/01/2027: the 6 and 3 month warnings had passed, the 1 month one is on 09/12/2026.
    assert [(w.rule, w.due_on, w.title) for w in hra] == [
        ("limitation:2027-01-09:1", date(2026, 12, 9), "Limitation in 1 month, on 09/01/2027: Human Rights Act")]
    six_year = {kd.due_on for kd in claim.key_dates if kd.kind == "limitation" and kd.cause != "human_rights_act"}
    assert len(six_year) == 1 and len(warnings) == 1 + 3  # the six-year causes end on one day: one warning each time
    [later] = six_year
    assert {w.rule for w in warnings if w not in hra} == {f"limitation:{later.isoformat()}:{m}" for m in (6, 3, 1)}
    assert "UK GDPR, misuse of private information" in warnings[-1].title


def test_a_limitation_date_already_passed_gets_no_warning(make_claim):
    claim = make_claim()  # breach 10/11/2025: the HRA year ended on 09/11/2026
    assert not [w for w in tasks_of(claim, "limitation_warning") if "human_rights_act" in w.rule]


def test_accepting_closes_triage_and_sending_the_cfa_makes_its_chaser(client, solicitor, make_claim):
    claim = make_claim()
    _accept(client, claim)
    [triage] = tasks_of(claim, "triage")
    assert triage.completed_by_id == solicitor.id and triage.closed_reason == "The claim moved to “Accepted”"
    [chase] = tasks_of(claim, "chase_cfa")
    assert chase.due_on == date(2026, 11, 30) and chase.completed_at is None
    with time_machine.travel(datetime(2026, 11, 25, 11, tzinfo=timezone.utc)):
        assert client.post(f"/staff/claims/{claim.id}/agreement/resend").status_code == 302
    [chase] = tasks_of(claim, "chase_cfa")  # moved, not doubled
    assert chase.due_on == date(2026, 12, 2)


def test_signing_closes_the_chaser_and_tells_the_solicitor(client, solicitor, make_claim):
    claim = make_claim()
    _accept(client, claim)
    link = signing_link(claim)
    assert sign(client, link).status_code == 302
    [chase] = tasks_of(claim, "chase_cfa")
    assert chase.completed_at is not None and chase.completed_by_id is None
    assert chase.closed_reason == "The claim moved to “CFA signed”"
    [signed] = tasks_of(claim, "cfa_signed")
    assert signed.due_on == date(2026, 11, 24) and "07/12/2026" in signed.title  # may cancel until then


def test_the_letter_of_claim_makes_three_chasers_that_a_reply_closes(client, solicitor, make_claim):
    claim = make_claim()
    _accept(client, claim)
    prepare_letter_of_claim(client, claim)
    sign(client, signing_link(claim))
    _generate(client, claim, "letter_of_claim")
    chasers = tasks_of(claim, "chase_defendant")
    assert [(t.rule, t.due_on) for t in chasers] == [
        ("chase_defendant:4", date(2026, 11, 27)), ("chase_defendant:7", date(2026, 11, 30)),
        ("chase_defendant:21", date(2026, 12, 14))]
    client.post(f"/staff/claims/{claim.id}/notes/new", data={"body": "Rang the council; no answer."})
    assert len(tasks_of(claim, "chase_defendant", open_only=True)) == 3  # a file note is not a reply
    response = client.post(f"/staff/claims/{claim.id}/received/new", content_type="multipart/form-data", data={
        "party": "defendant", "received_on-day": "23", "received_on-month": "11", "received_on-year": "2026",
        "body": "Holding reply: substantive response in 28 days.", "file": (io.BytesIO(make_pdf()), "reply.pdf")})
    assert response.status_code == 302, response.get_data(as_text=True)
    closed = tasks_of(claim, "chase_defendant")
    assert all(t.completed_at and t.completed_by_id == solicitor.id for t in closed)
    assert closed[0].closed_reason == "A reply from the defendant was recorded on 23/11/2026"


def test_a_subject_access_request_makes_the_reply_task_on_its_due_date(client, solicitor, make_claim):
    claim = make_claim()
    _accept(client, claim)
    prepare_letter_of_claim(client, claim)
    sign(client, signing_link(claim))
    _generate(client, claim, "subject_access_request")
    due = db.session.scalar(select(KeyDate.due_on).where(KeyDate.claim_id == claim.id, KeyDate.kind == "sar_due"))
    [task] = tasks_of(claim, "sar_reply")
    assert task.due_on == due == date(2026, 12, 29)  # received 25/11, a month on is 25/12: then 29/12


def test_a_refused_letter_makes_no_task(client, solicitor, make_claim):
    claim = make_claim()
    _accept(client, claim)  # not signed, not prepared: the letter of claim is refused
    response = client.post(f"/staff/claims/{claim.id}/letters/new",
                           data={"kind": "letter_of_claim", "delivery": "first_class_post"})
    assert response.status_code == 200
    assert tasks_of(claim, "chase_defendant") == []


def test_evidence_from_the_client_makes_one_review_task(client, solicitor, make_claim):
    claim = make_claim()
    _accept(client, claim)
    link = signing_link(claim)
    sign(client, link)
    for name in ("first.pdf", "second.pdf"):
        response = client.post(link.replace("/agreement?", "/agreement/evidence?"), content_type="multipart/form-data",
                               data={"file": (io.BytesIO(make_pdf()), name)})
        assert response.status_code == 302
    [task] = tasks_of(claim, "client_evidence")
    assert task.due_on == date(2026, 11, 24) and task.completed_at is None


def test_declining_closes_the_automatic_tasks_and_keeps_those_made_by_hand(client, solicitor, make_claim):
    claim = make_claim(**SOON)
    manual = add_task(claim, 3, "Ask for the GP records")
    response = client.post(f"/staff/claims/{claim.id}/decline", data={"reason": "Out of our area."})
    assert response.status_code == 302
    assert tasks_of(claim, "manual", open_only=True) == [manual]
    assert all(t.completed_at for t in tasks_of(claim) if t.kind != "manual")
    closed = db.session.scalars(select(AuditEvent.details).where(AuditEvent.action == "task.closed",
                                                                 AuditEvent.claim_id == claim.id)).all()
    assert closed and all(set(details) == {"kind"} for details in closed)


def test_a_reopened_claim_is_triaged_again(app, solicitor, make_claim):
    claim = make_claim(**SOON)
    warnings = sorted((t.rule, t.due_on) for t in tasks_of(claim, "limitation_warning"))
    with app.test_request_context(method="POST"):
        move(claim, "declined", by=solicitor, reason="Out of our area")
        db.session.flush()
        assert tasks_of(claim, open_only=True) == []
        move(claim, "submitted", by=solicitor, reason="New evidence")
        db.session.commit()
    triage = tasks_of(claim, "triage")
    assert sorted(t.completed_at is None for t in triage) == [False, True]
    assert sorted((t.rule, t.due_on) for t in tasks_of(claim, "limitation_warning", open_only=True)) == warnings


def test_warnings_follow_a_changed_limitation_date(app, make_claim):
    claim = make_claim(**SOON)
    hra = next(kd for kd in claim.key_dates if kd.cause == "human_rights_act")
    hra.due_on = date(2027, 6, 30)
    limitation_changed.send(None, claim=claim, today=date(2026, 11, 23))
    db.session.commit()
    warnings = [t for t in tasks_of(claim, "limitation_warning") if "Human Rights Act" in t.title]
    assert [(t.rule, t.due_on, t.completed_at is None) for t in warnings] == [
        ("limitation:2027-01-09:1", date(2026, 12, 9), False), ("limitation:2027-06-30:6", date(2026, 12, 30), True),
        ("limitation:2027-06-30:3", date(2027, 3, 30), True), ("limitation:2027-06-30:1", date(2027, 5, 28), True)]
    assert warnings[0].closed_reason == "The limitation date changed or has passed"
    db.session.delete(hra)
    limitation_changed.send(None, claim=db.session.get(Claim, claim.id), today=date(2026, 11, 23))
    db.session.commit()
    assert not [t for t in tasks_of(claim, "limitation_warning", open_only=True) if "Human Rights Act" in t.title]


def test_claims_from_before_tasks_get_their_warnings_from_the_command(app, make_claim):
    from claims.models import Task

    claim = make_claim(**SOON)
    db.session.execute(Task.__table__.delete())  # as if the claim had been made before tasks existed
    db.session.commit()
    for _ in range(2):  # safe to repeat
        result = app.test_cli_runner().invoke(args=["sync-limitation-warnings"])
        assert result.exit_code == 0 and "checked on 1 open claim" in result.output
    assert [t.rule for t in tasks_of(claim, "limitation_warning") if "2027-01-09" in t.rule] == [
        "limitation:2027-01-09:1"]
    assert len(tasks_of(claim, "limitation_warning")) == 4
