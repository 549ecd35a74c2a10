"""How a claim ends: the defendant's response, offers with the client's instructions, the settlement and
the money it moves, and court proceedings. Codes come from ``claims.domain.outcomes``; money is pence."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claims.extensions import db
from claims.models._types import UTCDateTime, utcnow
from claims.models.claim import EvidenceFile
from claims.models.letters import ClaimDocument
from claims.models.staff import User


class DefendantResponse(db.Model):
    """The defendant's reply to the letter of claim, with the letter itself as a checked upload."""

    __tablename__ = "defendant_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    received_on: Mapped[date]
    position: Mapped[str] = mapped_column(String(20))  # RESPONSE_POSITIONS
    their_reference: Mapped[str | None] = mapped_column(String(100))
    summary: Mapped[str | None] = mapped_column(Text)
    evidence_file_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_files.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    evidence_file: Mapped[EvidenceFile | None] = relationship()
    recorded_by: Mapped[User] = relationship()


class Offer(db.Model):
    """An offer to settle, made by either side; its outcome, and the client's instruction on it.

    ``outcome`` None: open (lapsed once past ``expires_on``, ``claims.domain.outcomes.offer_state``).
    ``instructed_by_id`` None with ``instructed_at`` set: the client gave the instruction through the portal.
    """

    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    made_by: Mapped[str] = mapped_column(String(20))  # OFFER_FROM
    made_on: Mapped[date]
    general_pence: Mapped[int] = mapped_column(BigInteger)
    special_pence: Mapped[int] = mapped_column(BigInteger, default=0)
    costs_terms: Mapped[str] = mapped_column(String(20))  # COSTS_TERMS
    part_36: Mapped[bool] = mapped_column(default=False)
    expires_on: Mapped[date | None]
    counters_offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id"))
    notes: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    outcome: Mapped[str | None] = mapped_column(String(20))  # OFFER_OUTCOMES
    outcome_on: Mapped[date | None]
    outcome_note: Mapped[str | None] = mapped_column(Text)
    outcome_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    instruction: Mapped[str | None] = mapped_column(String(20))  # INSTRUCTIONS
    instruction_counter_pence: Mapped[int | None] = mapped_column(BigInteger)
    instruction_note: Mapped[str | None] = mapped_column(Text)
    instructed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    instructed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id])
    outcome_by: Mapped[User | None] = relationship(foreign_keys=[outcome_by_id])
    instructed_by: Mapped[User | None] = relationship(foreign_keys=[instructed_by_id])
    counters: Mapped[Offer | None] = relationship(remote_side=[id])

    @property
    def damages_pence(self) -> int:
        return self.general_pence + self.special_pence


class Settlement(db.Model):
    """The settlement agreed: damages (general and special) and costs, when agreed and paid, and its statement."""

    __tablename__ = "settlements"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), unique=True)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id"))
    agreed_on: Mapped[date]
    general_pence: Mapped[int] = mapped_column(BigInteger)
    special_pence: Mapped[int] = mapped_column(BigInteger, default=0)
    costs_pence: Mapped[int] = mapped_column(BigInteger, default=0)
    paid_on: Mapped[date | None]
    statement_id: Mapped[int | None] = mapped_column(ForeignKey("claim_documents.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    statement: Mapped[ClaimDocument | None] = relationship()
    recorded_by: Mapped[User] = relationship()

    @property
    def damages_pence(self) -> int:
        return self.general_pence + self.special_pence


class Payment(db.Model):
    """Money received from the defendant or sent to the client (``MONEY_SENT``)."""

    __tablename__ = "claim_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(20))
    amount_pence: Mapped[int] = mapped_column(BigInteger)
    paid_on: Mapped[date]
    note: Mapped[str | None] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    recorded_by: Mapped[User] = relationship()


class Proceedings(db.Model):
    """A court claim issued: the court, its claim number and the day it was issued."""

    __tablename__ = "proceedings"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    court: Mapped[str] = mapped_column(String(200))
    claim_number: Mapped[str] = mapped_column(String(40))
    issued_on: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    recorded_by: Mapped[User] = relationship()
