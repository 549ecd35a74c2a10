"""Operational records: the audit trail, the mail outbox and claim-form drafts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from claims.extensions import db
from claims.models._types import UTCDateTime, utcnow


class AuditEvent(db.Model):
    """Who saw or changed what, and when. Details hold ids and field names, never personal data.

    Append-only and hash-chained (``claims.audit``): ``seq`` is the row's place in the chain, ``prev_hash``
    the hash of the row before it, ``row_hash`` the SHA-256 of its canonical content
    (``claims.domain.audit_chain``). All three are set once, in the commit that adds the row.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_claim_occurred", "claim_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor: Mapped[str] = mapped_column(String(20))  # staff, claimant, system
    action: Mapped[str] = mapped_column(String(60))  # claim.viewed, evidence.downloaded …
    entity_type: Mapped[str | None] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"))
    ip_address: Mapped[str | None] = mapped_column(String(45))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    seq: Mapped[int | None] = mapped_column(unique=True)  # unique: two rows can never take one place
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))


class OutboxMessage(db.Model):
    """An email, kept in the database; delivered by SMTP when configured (claims.mail).

    The subject and body are encrypted (they can hold a signing or resume link and a name);
    only the address is readable. A sender claims a row before sending it, so two senders
    never send the same message.
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(Text)  # encrypted
    body: Mapped[str] = mapped_column(Text)  # encrypted; claims.mail.SENT_BODY once delivered
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # by a sender; re-claimable after a timeout
    claim_token: Mapped[str | None] = mapped_column(String(32), index=True)  # which sender claimed it
    # An attached generated document, by reference: its bytes are read from DOCUMENTS_DIR when the message is
    # sent and must still match this SHA-256 (claims.mail); the outbox keeps no copy of them.
    attachment_document_id: Mapped[int | None] = mapped_column(ForeignKey("claim_documents.id", ondelete="SET NULL"))
    attachment_sha256: Mapped[str | None] = mapped_column(String(64))
    attachment_name: Mapped[str | None] = mapped_column(String(255))


class IntakeDraft(db.Model):
    """A claim form in progress. Only a hash of the resume token is stored."""

    __tablename__ = "intake_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)  # step name → that step's answers
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    # A draft made by importing a list of claimants for an incident (claims.register.importing).
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
