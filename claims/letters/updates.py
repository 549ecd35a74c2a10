"""Keeping the client informed: a short email when their claim reaches a step that matters to them, their
progress in plain words on the portal, and the messages they send the firm from it.

The email (``claims.domain.client_updates``) names only the step and the reference: no link, no token, nothing
from the claim form, so no special category details; like all mail it is sealed in the outbox and its text is
dropped once delivered. It is queued when ``claims.claim.events.claim_moved`` is sent, in the same unit of work
as the move, so it goes only if the move is saved. A message from the client is stored as they typed it (shown
escaped everywhere), audited, and sends ``client_message_received`` so the handler's "my day" lists it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timezone

from sqlalchemy import select

from claims import audit
from claims.claim.events import claim_moved, client_message_received
from claims.domain import client_updates as rules
from claims.extensions import db
from claims.firm import firm_settings
from claims.mail import queue_mail
from claims.models import Claim, ClientMessage, Payment


@claim_moved.connect
def _tell_the_client(_sender, claim: Claim, to_status: str, **_extra) -> None:
    tell_client(claim, to_status)


def tell_client(claim: Claim, step: str) -> None:
    """Queue the client's short update for ``step`` (a status, or "money_sent"), if it is one they are emailed."""
    update = rules.update_for(step)
    client = claim.litigation_friend or claim.claimant
    if update is None or claim.id is None or client is None or not client.email:
        return
    queue_mail(client.email, f"{update.subject} – {claim.reference}",
               rules.email_body(name=client.full_name, reference=claim.reference, update=update,
                                firm_name=firm_settings().name), claim_id=claim.id)


def add_message(claim: Claim, body: str) -> ClientMessage:
    """Store a message from the client (audited as theirs) and tell the work feature (flushed, not committed)."""
    problem = rules.message_problem(body)
    if problem:
        raise ValueError(problem)
    message = ClientMessage(claim_id=claim.id, body=body)
    db.session.add(message)
    db.session.flush()
    audit.record("client_message.received", entity_type="client_message", entity_id=message.id, claim_id=claim.id,
                 actor="claimant")
    client_message_received.send(None, claim=claim, message=message)
    return message


def claim_messages(claim_id: int) -> list[ClientMessage]:
    """The client's messages on a claim, oldest first."""
    return list(db.session.scalars(select(ClientMessage).where(ClientMessage.claim_id == claim_id)
                                   .order_by(ClientMessage.received_at, ClientMessage.id)))


@dataclass(frozen=True)
class Step:
    """One line of the client's progress timeline."""

    at: datetime
    words: str
    from_client: bool = False


def progress(claim: Claim, messages: list[ClientMessage]) -> list[Step]:
    """The claim's steps that matter to the client in plain words, and their own messages, oldest first."""
    steps = [Step(claim.submitted_at or claim.created_at, "We received your claim.")]
    steps += [Step(change.changed_at, words) for change in claim.status_changes
              if (words := rules.step_words(change.to_status))]
    steps += [Step(message.received_at, message.body, from_client=True) for message in messages]
    # Money sent to the client is recorded as a payment (claims.outcomes), not a move.
    steps += [Step(datetime.combine(paid_on, time(12), tzinfo=timezone.utc), rules.step_words("money_sent"))
              for paid_on in db.session.scalars(select(Payment.paid_on).where(
                  Payment.claim_id == claim.id, Payment.direction == "sent_to_client"))]
    return sorted(steps, key=lambda step: step.at)
