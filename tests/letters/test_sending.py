"""Sending a generated letter: emailed to the defendant's DPO with the exact .docx attached (arriving at a real
SMTP server, delivered by the job queue), or recorded as posted with the day it counts as received driving the
reply date; client letters only to the client's own email; every sending on the timeline with the SHA-256."""
from __future__ import annotations

import hashlib
from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import select

from claims import jobs
from claims.clock import UK
from claims.extensions import db
from claims.letters import agreements, documents
from claims.mail import SENT_BODY
from claims.models import AuditEvent, ClaimDocument, KeyDate, LetterSending, OutboxMessage, Task
from tests.letters.test_flow import accepted, sign  # noqa: F401 (fixture)
from tests.outbox import outbox
from tests.pages import parse
from tests.smtp import smtp_server  # noqa: F401 (fixture)

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=UK)


@pytest.fixture
def letter_of_claim(client, accepted):  # noqa: F811
    """A signed CFA and a letter of claim made (for first class post), with the DPO email in the register."""
    claim, link = accepted
    sign(client, link)
    response = client.post(f"/staff/claims/{claim.id}/letters/new",
                           data={"kind": "letter_of_claim", "delivery": "first_class_post"})
    assert response.status_code == 302, parse(response).error_summary()
    document = db.session.scalar(select(ClaimDocument).where(ClaimDocument.claim_id == claim.id,
                                                             ClaimDocument.kind == "letter_of_claim"))
    return claim, document


def _send_url(claim, document) -> str:
    return f"/staff/claims/{claim.id}/documents/{document.id}/send"


def history(client, claim) -> str:
    """The claim page's timeline as text, white space squashed."""
    return " ".join(parse(client.get(f"/staff/claims/{claim.id}")).with_class("timeline")[0].text.split())


def _due(claim, kind="response_due") -> KeyDate:
    db.session.expire_all()
    return db.session.scalar(select(KeyDate).where(KeyDate.claim_id == claim.id, KeyDate.kind == kind,
                                                   KeyDate.completed_at.is_(None)))


def test_the_send_form_starts_with_the_dpo_email_from_the_register(client, letter_of_claim):
    claim, document = letter_of_claim
    page = parse(client.get(_send_url(claim, document)))
    assert page.by_id("to_email").attrs["value"] == "dpo@plymouth.example"
    assert "Ballard House" in page.by_id("address").text


def test_a_letter_emailed_to_the_dpo_arrives_with_the_exact_document_attached(client, make_app, smtp_server,
                                                                              letter_of_claim):
    claim, document = letter_of_claim
    with time_machine.travel(MONDAY_10AM, tick=False):
        response = client.post(_send_url(claim, document), data={
            "channel": "email", "to_email": "dpo@plymouth.example", "confirm": "y"})
    assert response.status_code == 302, parse(response).error_summary()
    [sent] = db.session.scalars(select(LetterSending).where(LetterSending.claim_id == claim.id)).all()
    assert (sent.channel, sent.recipient, sent.to_address) == ("email", "defendant", "dpo@plymouth.example")
    assert sent.document_sha256 == document.sha256 and sent.sent_on == date(2026, 11, 23)
    assert sent.deemed_received_on == date(2026, 11, 23)  # emailed before 4.30pm on a business day
    assert _due(claim).due_on == date(2026, 12, 7)  # 14 days after Mon 23/11
    message = db.session.get(OutboxMessage, sent.outbox_message_id)
    assert message.attachment_document_id == document.id and message.attachment_sha256 == document.sha256

    port, inbox = smtp_server
    with make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False,
                  MAIL_FROM="claims@firm.example").app_context():
        jobs.deliver_outbox.call_local()  # the job queue's periodic delivery
    [(_from, to, email)] = [m for m in inbox.messages if m[1] == ["dpo@plymouth.example"]]
    assert email["Subject"] == f"Letter of claim – our reference {claim.reference}"
    assert claim.reference in email.get_body(preferencelist=("plain",)).get_content()
    [attached] = list(email.iter_attachments())
    data = attached.get_content()
    assert attached.get_filename().endswith(".docx") and claim.reference in attached.get_filename()
    assert hashlib.sha256(data).hexdigest() == sent.document_sha256 == document.sha256

    db.session.expire_all()
    assert db.session.get(OutboxMessage, sent.outbox_message_id).body == SENT_BODY  # the text is not kept
    timeline = history(client, claim)
    assert "emailed to the defendant at dpo@plymouth.example on 23/11/2026" in timeline
    assert document.sha256 in timeline
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "document.sent"))
    assert event.details["sha256"] == document.sha256 and event.details["channel"] == "email"
    assert "dpo@plymouth.example" not in str(event.details)


def test_an_attachment_whose_file_changed_is_not_sent(client, make_app, smtp_server, letter_of_claim):
    claim, document = letter_of_claim
    client.post(_send_url(claim, document), data={"channel": "email", "to_email": "dpo@plymouth.example",
                                                  "confirm": "y"})
    documents.path_of(document).write_bytes(b"not the letter that was made")
    port, inbox = smtp_server
    with make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False).app_context():
        jobs.deliver_outbox.call_local()
    assert not [m for m in inbox.messages if m[1] == ["dpo@plymouth.example"]]
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.attachment_document_id == document.id))
    db.session.refresh(message)
    assert message.sent_at is None and message.last_error == "AttachmentChanged"


def test_a_posted_letter_moves_the_reply_date_to_run_from_when_it_counts_as_received(client, letter_of_claim):
    claim, document = letter_of_claim
    with time_machine.travel(datetime(2026, 12, 29, 10, 0, tzinfo=UK), tick=False):
        response = client.post(_send_url(claim, document), data={
            "channel": "first_class_post", "address": "Ballard House\nPlymouth\nPL1 3BJ",
            "posted_on-day": "23", "posted_on-month": "12", "posted_on-year": "2026", "confirm": "y"})
    assert response.status_code == 302, parse(response).error_summary()
    sent = db.session.scalar(select(LetterSending).where(LetterSending.claim_id == claim.id))
    assert (sent.channel, sent.sent_on, sent.outbox_message_id) == ("first_class_post", date(2026, 12, 23), None)
    assert sent.deemed_received_on == date(2026, 12, 29)  # Fri 25/12, the weekend, Mon 28/12: all closed
    due = _due(claim)
    assert due.due_on == date(2027, 1, 12)
    assert "posted first class on 23 December 2026" in due.basis
    chasers = db.session.scalars(select(Task.due_on).where(Task.claim_id == claim.id, Task.kind == "chase_defendant",
                                                           Task.completed_at.is_(None))).all()
    assert min(chasers) > date(2026, 12, 23)  # the chasers follow the day it went
    assert outbox(claim.id)[-1].subject != "Letter of claim – our reference " + claim.reference  # nothing emailed
    assert ("sent by first class post to the defendant at Ballard House, Plymouth, PL1 3BJ on 23/12/2026, taken as "
            "received 29/12/2026") in history(client, claim)


@pytest.mark.parametrize("data, field, message", [
    ({"channel": "email", "to_email": "dpo@plymouth.example"}, "confirm",
     "Tick the box to confirm you have checked the address"),
    ({"channel": "email", "to_email": "", "confirm": "y"}, "to_email", "Enter the email address to send it to"),
    ({"channel": "email", "to_email": "not an address", "confirm": "y"}, "to_email",
     "Enter an email address like dpo@example.org"),
    ({"channel": "hand", "address": "Ballard House", "confirm": "y"}, "posted_on",
     "Enter the date it was posted or delivered"),
    ({"channel": "recorded_delivery", "address": "", "posted_on-day": "23", "posted_on-month": "11",
      "posted_on-year": "2026", "confirm": "y"}, "address", "Enter the postal address it was sent to"),
    ({"channel": "first_class_post", "address": "Ballard House", "posted_on-day": "24", "posted_on-month": "11",
      "posted_on-year": "2026", "confirm": "y"}, "posted_on", "The date it was posted or delivered cannot be in the future"),
    ({"channel": "pigeon", "confirm": "y"}, "channel", "Not a valid choice."),
])
def test_the_send_form_says_what_is_wrong_and_sends_nothing(client, letter_of_claim, data, field, message):
    claim, document = letter_of_claim
    response = client.post(_send_url(claim, document), data=data)
    assert response.status_code == 200
    assert message in [text for _anchor, text in parse(response).error_summary()]
    assert db.session.scalar(select(LetterSending)) is None
    if data.get("to_email"):
        assert parse(response).by_id("to_email").attrs["value"] == data["to_email"]  # what was typed is kept


def test_a_client_letter_goes_only_to_the_clients_own_email(client, make_app, smtp_server, accepted):  # noqa: F811
    claim, _link = accepted
    cfa = agreements.latest_agreement(claim.id).document
    page = parse(client.get(_send_url(claim, cfa)))
    assert page.by_id("to_email").attrs["value"] == "alex@example.com"
    refused = client.post(_send_url(claim, cfa), data={"channel": "email", "to_email": "someone@else.example",
                                                       "confirm": "y"})
    assert ("#to_email", "A letter to the client goes only to the client's email address on the claim") in \
        parse(refused).error_summary()
    assert db.session.scalar(select(LetterSending)) is None
    response = client.post(_send_url(claim, cfa), data={"channel": "email", "to_email": "Alex@Example.com",
                                                        "confirm": "y"})
    assert response.status_code == 302
    sent = db.session.scalar(select(LetterSending))
    assert (sent.recipient, sent.to_address, sent.deemed_received_on) == ("client", "alex@example.com", None)
    port, inbox = smtp_server
    with make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False).app_context():
        jobs.deliver_outbox.call_local()
    [attached] = [a for _f, to, m in inbox.messages for a in m.iter_attachments() if to == ["alex@example.com"]]
    assert hashlib.sha256(attached.get_content()).hexdigest() == cfa.sha256 == sent.document_sha256


def test_a_document_of_another_claim_is_not_found(client, letter_of_claim, make_claim):
    claim, document = letter_of_claim
    other = make_claim()
    assert client.get(_send_url(other, document)).status_code == 404
    assert client.post(_send_url(other, document), data={"channel": "email", "to_email": "x@example.com",
                                                         "confirm": "y"}).status_code == 404
