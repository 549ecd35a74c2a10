"""Correspondence on a claim: each sending of a generated letter, and the messages the client sends the firm.

A ``LetterSending`` keeps the SHA-256 of the exact bytes sent (or posted), the channel, the address, who
sent it and when, and for a letter to the defendant the day it is taken as received. A
``ClientMessage`` is what the client typed on their portal page, kept as text (shown escaped).
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claims.extensions import db
from claims.models._types import UTCDateTime, utcnow
from claims.models.letters import ClaimDocument
from claims.models.staff import User


class LetterSending(db.Model):
    """One sending of one generated document: emailed through the outbox, or recorded as posted or delivered."""

    __tablename__ = "letter_sendings"
    __table_args__ = (Index("ix_letter_sendings_claim", "claim_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(ForeignKey("claim_documents.id", ondelete="CASCADE"))
    document_sha256: Mapped[str] = mapped_column(String(64))  # of the exact bytes attached or posted
    channel: Mapped[str] = mapped_column(String(30))  # claims.domain.sending.CHANNELS
    recipient: Mapped[str] = mapped_column(String(20))  # "defendant" or "client"
    to_address: Mapped[str] = mapped_column(Text)  # the email address, or the postal address
    sent_on: Mapped[date]  # the day it was emailed, posted or delivered
    deemed_received_on: Mapped[date | None]  # a letter to the defendant: when it counts as received
    explanation: Mapped[str | None] = mapped_column(Text)  # how that day was worked out
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    document: Mapped[ClaimDocument] = relationship()
    sent_by: Mapped[User] = relationship()


class ClientMessage(db.Model):
    """A message the client sent the firm from their portal page."""

    __tablename__ = "client_messages"
    __table_args__ = (Index("ix_client_messages_claim", "claim_id", "received_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
