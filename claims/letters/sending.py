"""Sending a generated letter: emailed with the exact .docx attached, or recorded as posted or delivered.

A letter to the defendant (``claims.domain.letters.SENT_TO_DEFENDANT``) goes to the address a solicitor
confirms on the send form (the DPO email or postal address from the register, or another they type); any
other letter goes to the client, by email only to the address on the claim. Email goes through the outbox
(``claims.mail``) with the document attached by reference, delivered by the job queue when SMTP is set.

Each sending is a ``LetterSending`` row on the claim's timeline with the document's SHA-256, the channel,
the address, who and when, and is audited (without the address). For a letter to the defendant it also
sets the day the letter is taken as received (``claims.domain.deadlines.deemed_receipt``, CPR 6.26 by
analogy) from the day it really went, moves the reply key date (``response_due`` or ``sar_due``) to run
from that day, and sends ``letter_sent`` again so the chasers follow. An email counts as sent when it is
put in the outbox (the worker delivers within the minute when SMTP is configured): before 4.30pm UK time
on a business day it is taken as received that day. Callers commit.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from claims import audit
from claims.claim.events import letter_sent
from claims.clock import UK
from claims.domain import sending as rules
from claims.domain.deadlines import DeemedReceipt, deemed_receipt
from claims.domain.status import CLOSED_STATUSES
from claims.extensions import db
from claims.firm import firm_settings
from claims.letters import documents, service
from claims.mail import queue_mail
from claims.models import Claim, ClaimDocument, LetterSending, User


class SendingRefused(ValueError):
    """This document cannot be sent this way now; the message says why, for the solicitor."""


def client_of(claim: Claim):
    """Who client letters go to: the litigation friend of a child, else the claimant."""
    return claim.litigation_friend or claim.claimant


def postal_address(person) -> str:
    """A person's postal address, one line per line."""
    parts = (person.address_line_1, person.address_line_2, person.town, person.postcode)
    return "\n".join(part for part in parts if part)


def suggested_address(claim: Claim, document: ClaimDocument, channel: str) -> str:
    """The address the send form starts with: the register's DPO email or address, or the client's."""
    if rules.to_defendant(document.kind):
        defendant = claim.defendant
        if defendant is None:
            return ""
        return (defendant.dpo_email or "") if channel == "email" else (defendant.address or "")
    client = client_of(claim)
    return (client.email or "") if channel == "email" else postal_address(client)


def send_by_email(claim: Claim, document: ClaimDocument, *, to_address: str, by: User,
                  now: datetime) -> LetterSending:
    """Queue the document, attached as it is stored, to ``to_address``; record and audit the sending."""
    _check(claim, document)
    to_defendant = rules.to_defendant(document.kind)
    if not to_defendant:
        client = client_of(claim)
        if not client.email:
            raise SendingRefused("The client has no email address on the claim; post the letter instead")
        if to_address.strip().lower() != client.email.strip().lower():
            raise SendingRefused("A letter to the client goes only to the client's email address on the claim")
        to_address = client.email
    documents.read(document)  # refuses a file that no longer matches its SHA-256
    local = now.astimezone(UK)
    firm = firm_settings().name
    if to_defendant:
        body = (f"Dear Data Protection Officer,\n\nPlease find attached our {document.title.lower()} on behalf of our "
                f"client (our reference {claim.reference}). Please quote that reference in your reply.\n\n{firm}")
    else:
        body = (f"Dear {client_of(claim).full_name},\n\nPlease find attached your {document.title.lower()} "
                f"(our reference {claim.reference}).\n\n{firm}")
    message = queue_mail(to_address, f"{document.title} – our reference {claim.reference}", body, claim_id=claim.id,
                         attachment=document, attachment_name=documents.download_name(claim, document))
    delivery = deemed_receipt("email", local.date(), before_cutoff=rules.before_cutoff(local))
    return _record(claim, document, "email", to_address, delivery, by=by, outbox_message_id=message.id)


def record_posted(claim: Claim, document: ClaimDocument, *, channel: str, address: str, posted_on: date,
                  before_cutoff: bool, by: User, today: date) -> LetterSending:
    """Record that the document was posted (first class or recorded) or delivered by hand on ``posted_on``."""
    if channel not in rules.POSTED_CHANNELS:
        raise SendingRefused("Choose how it was posted or delivered")
    _check(claim, document)
    problem = rules.posting_date_problem(posted_on, made_on=document.created_at.astimezone(UK).date(), today=today)
    if problem:
        raise SendingRefused(problem)
    delivery = deemed_receipt(channel, posted_on, before_cutoff=before_cutoff)
    return _record(claim, document, channel, address, delivery, by=by)


def _check(claim: Claim, document: ClaimDocument) -> None:
    if document.claim_id != claim.id:
        raise SendingRefused("That document is not on this claim")
    if rules.to_defendant(document.kind) and claim.status in CLOSED_STATUSES:
        raise SendingRefused("The claim is closed, so nothing more goes to the defendant")


def _record(claim: Claim, document: ClaimDocument, channel: str, to_address: str, delivery: DeemedReceipt, *,
            by: User, outbox_message_id: int | None = None) -> LetterSending:
    to_defendant = rules.to_defendant(document.kind)
    row = LetterSending(claim_id=claim.id, document_id=document.id, document_sha256=document.sha256, channel=channel,
                        recipient="defendant" if to_defendant else "client", to_address=to_address,
                        sent_on=delivery.sent_on, deemed_received_on=delivery.received_on if to_defendant else None,
                        explanation=delivery.explanation if to_defendant else None,
                        outbox_message_id=outbox_message_id, sent_by_id=by.id)
    db.session.add(row)
    db.session.flush()
    audit.record("document.sent", entity_type="claim_document", entity_id=document.id, claim_id=claim.id,
                 details={"sending_id": row.id, "channel": channel, "recipient": row.recipient,
                          "sha256": document.sha256})
    if to_defendant:
        due_on = service.set_reply_date(claim, document.kind, delivery)
        letter_sent.send(None, claim=claim, kind=document.kind, sent_on=delivery.sent_on,
                         received_on=delivery.received_on, due_on=due_on)
    return row


def claim_sendings(claim_id: int) -> list[LetterSending]:
    """Every sending on the claim, newest first, with the document and who sent it."""
    return list(db.session.scalars(
        select(LetterSending).where(LetterSending.claim_id == claim_id)
        .options(joinedload(LetterSending.document), joinedload(LetterSending.sent_by))
        .order_by(LetterSending.created_at.desc(), LetterSending.id.desc())))
