"""The outbox as tests read it: subjects and bodies are stored sealed, so they are opened here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from claims.extensions import db
from claims.mail import body_of, subject_of
from claims.models import OutboxMessage


@dataclass(frozen=True)
class Mail:
    """One outbox message in clear."""

    id: int
    to_address: str
    subject: str
    body: str
    claim_id: int | None
    sent_at: datetime | None


def outbox(claim_id: int | None = None) -> list[Mail]:
    """Every message in the outbox (only the claim's, if given), oldest first, opened."""
    db.session.expire_all()
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if claim_id is not None:
        query = query.where(OutboxMessage.claim_id == claim_id)
    return [Mail(m.id, m.to_address, subject_of(m), body_of(m), m.claim_id, m.sent_at)
            for m in db.session.scalars(query)]
