"""A claim and everything that hangs off it: answers, losses, evidence, notes, dates, history."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claims.extensions import db
from claims.models._types import UTCDateTime, utcnow
from claims.models.parties import Claimant, Defendant, Incident, LitigationFriend
from claims.models.staff import Team, User

if TYPE_CHECKING:
    from claims.models.work import Task


class Claim(db.Model):
    """One claimant's claim against one defendant. Codes come from claims.domain.vocab."""

    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_submitted_at_id", "submitted_at", "id"),  # keyset paging of the claim list
        Index("ix_claims_status_submitted_at", "status", "submitted_at"),
        # Covers the firm-outcomes fingerprint read on every valuation (claims.valuation.firm_outcomes).
        Index("ix_claims_status_settled_updated", "status", "settled_pence", "updated_at"),
        # The caseload: a team's or a handler's claims by status, newest first.
        Index("ix_claims_team_status_submitted", "team_id", "status", "submitted_at"),
        Index("ix_claims_handler_status_submitted", "assigned_to_id", "status", "submitted_at"),
        # A handler's claims by id: the caseload sorted by handler reads each name's claims in this order.
        Index("ix_claims_assigned_to_id", "assigned_to_id", "id"),
        # The caseload's flag, limitation and value filters, by status: each status's count (capped) is one range.
        Index("ix_claims_group_action_status", "in_group_action", "status", "submitted_at"),
        Index("ix_claims_represented_status", "already_represented", "status", "submitted_at"),
        Index("ix_claims_injury_status", "diagnosed", "medical_help", "status", "submitted_at"),
        Index("ix_claims_discovered_late_status", "flag_discovered_late", "status", "submitted_at"),
        Index("ix_claims_outside_status", "flag_outside_england_wales", "status", "submitted_at"),
        Index("ix_claims_check_jurisdiction_status", "flag_check_jurisdiction", "status", "submitted_at"),
        Index("ix_claims_status_limitation", "status", "earliest_limitation_on"),
        Index("ix_claims_status_value", "status", "value_pence"),
        Index("ix_claims_status_id", "status", "id"),  # the caseload sorted by status pages by (status, id)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    status: Mapped[str] = mapped_column(String(30), default="submitted")
    source: Mapped[str] = mapped_column(String(20), default="online_form")

    claimant_id: Mapped[int] = mapped_column(ForeignKey("claimants.id"), index=True)
    litigation_friend_id: Mapped[int | None] = mapped_column(ForeignKey("litigation_friends.id"))
    # Who handles the claim (the handling solicitor), who supervises it (a partner) and the team it
    # belongs to: need-to-know access is decided by these (claims.claim.access).
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    # Optimistic locking for edits: every change to the claim's facts adds one, and an edit made
    # against an older version is refused rather than silently overwriting the newer one.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    # The organisation as the claimant named it, and the register entry staff matched it to.
    defendant_name: Mapped[str] = mapped_column(String(200))
    defendant_sector: Mapped[str] = mapped_column(String(30))
    defendant_public_authority: Mapped[bool | None]  # None: the claimant was not sure
    defendant_id: Mapped[int | None] = mapped_column(ForeignKey("defendants.id"), index=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    # The register match (claims.register.matching): "suggested" by the system, "confirmed" or "changed" by a
    # solicitor at triage (who and when below); None when nothing was matched or reviewed.
    match_state: Mapped[str | None] = mapped_column(String(20))
    match_reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    match_reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A duplicate merged into another claim: the claim kept (this one is closed, never deleted).
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)

    # What happened
    breach_type: Mapped[str] = mapped_column(String(40))
    breach_on: Mapped[date]
    discovered_on: Mapped[date]
    discovery_method: Mapped[str] = mapped_column(String(30))
    account: Mapped[str] = mapped_column(Text)

    # Who saw it
    recipients_scope: Mapped[str] = mapped_column(String(30))
    recipient_relationship: Mapped[str] = mapped_column(String(30))
    recipient_details: Mapped[str | None] = mapped_column(Text)

    # How it affected the claimant
    distress_level: Mapped[str] = mapped_column(String(20))
    effects_details: Mapped[str | None] = mapped_column(Text)
    medical_help: Mapped[str] = mapped_column(String(20), default="none")
    diagnosed: Mapped[bool] = mapped_column(default=False)
    diagnosis_details: Mapped[str | None] = mapped_column(Text)
    condition_worsened: Mapped[bool] = mapped_column(default=False)
    effects_ongoing: Mapped[bool] = mapped_column(default=False)

    # What has been done
    organisation_reply: Mapped[str] = mapped_column(String(20), default="not_complained")
    complained_to_ico: Mapped[bool] = mapped_column(default=False)
    already_represented: Mapped[bool] = mapped_column(default=False)
    in_group_action: Mapped[bool] = mapped_column(default=False)
    other_action_details: Mapped[str | None] = mapped_column(Text)

    # What a solicitor records for limitation (claims.domain.limitation): the day the claimant
    # discovered that facts were deliberately concealed (s.32; None: no concealment recorded), and
    # whether the claimant lacked capacity when the claim arose, with the day it was regained (s.28;
    # None: not regained).
    concealment_discovered_on: Mapped[date | None]
    lacked_capacity: Mapped[bool] = mapped_column(default=False, server_default="0")
    capacity_regained_on: Mapped[date | None]

    # Screening on submit (claims.domain.screening): the flags as they stood that day (pages screen
    # again as at the day they are shown). The earliest limitation date of any cause, passed or not,
    # is kept on the row, indexed, because the caseload sorts and filters by it across 100,000
    # claims; it depends on the facts alone and is rewritten with the limitation key dates whenever
    # they change (claims.claim.limitation.refresh).
    screening_flags: Mapped[list] = mapped_column(JSON, default=list)
    # The flags that depend on the facts alone (claims.domain.screening.STORED_FLAGS), as columns the caseload's
    # filters and counts read from an index; written with screening_flags (claims.claim.limitation.store_screening).
    flag_discovered_late: Mapped[bool] = mapped_column(default=False, server_default="0")
    flag_outside_england_wales: Mapped[bool] = mapped_column(default=False, server_default="0")
    flag_check_jurisdiction: Mapped[bool] = mapped_column(default=False, server_default="0")
    earliest_limitation_on: Mapped[date | None] = mapped_column(index=True)
    screened_on: Mapped[date | None]

    # The letter of claim: the facts as a solicitor approved them (editing clears the confirmation),
    # and a solicitor's reason for bringing the claim in England & Wales when the claimant lives
    # elsewhere (claims.domain.jurisdiction).
    facts_summary: Mapped[str | None] = mapped_column(Text)
    facts_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    facts_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    forum_reason: Mapped[str | None] = mapped_column(Text)
    forum_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    forum_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    # The latest valuation's middle figure (the partner's agreed figure once reviewed), kept on the row
    # so the caseload can show, filter and sort by value; stale once an edit changes its inputs.
    value_pence: Mapped[int | None] = mapped_column(BigInteger, index=True)
    value_approved: Mapped[bool] = mapped_column(default=False, server_default="0")
    valuation_stale: Mapped[bool] = mapped_column(default=False, server_default="0")

    # Outcome
    settled_pence: Mapped[int | None] = mapped_column(BigInteger)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    claimant: Mapped[Claimant] = relationship()
    litigation_friend: Mapped[LitigationFriend | None] = relationship()
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    supervisor: Mapped[User | None] = relationship(foreign_keys=[supervisor_id])
    team: Mapped[Team | None] = relationship()
    facts_confirmed_by: Mapped[User | None] = relationship(foreign_keys=[facts_confirmed_by_id])
    forum_confirmed_by: Mapped[User | None] = relationship(foreign_keys=[forum_confirmed_by_id])
    defendant: Mapped[Defendant | None] = relationship()
    match_reviewed_by: Mapped[User | None] = relationship(foreign_keys=[match_reviewed_by_id])
    incident: Mapped[Incident | None] = relationship()
    data_categories: Mapped[list[ClaimDataCategory]] = relationship(
        cascade="all, delete-orphan", order_by="ClaimDataCategory.category")
    effects: Mapped[list[ClaimEffect]] = relationship(
        cascade="all, delete-orphan", order_by="ClaimEffect.effect")
    losses: Mapped[list[FinancialLoss]] = relationship(
        cascade="all, delete-orphan", order_by="FinancialLoss.id")
    evidence: Mapped[list[EvidenceFile]] = relationship(
        back_populates="claim", order_by="EvidenceFile.uploaded_at")
    notes: Mapped[list[Note]] = relationship(cascade="all, delete-orphan", order_by="Note.created_at")
    key_dates: Mapped[list[KeyDate]] = relationship(
        cascade="all, delete-orphan", order_by="KeyDate.due_on")
    status_changes: Mapped[list[StatusChange]] = relationship(
        cascade="all, delete-orphan", order_by="StatusChange.changed_at")
    tasks: Mapped[list[Task]] = relationship(cascade="all, delete-orphan", order_by="Task.due_on")

    @property
    def category_codes(self) -> list[str]:
        return [row.category for row in self.data_categories]

    @property
    def effect_codes(self) -> list[str]:
        return [row.effect for row in self.effects]

    @property
    def total_loss_pence(self) -> int:
        return sum(loss.amount_pence for loss in self.losses)


# The caseload searches defendants by the name the claimant gave, case-insensitively.
Index("ix_claims_defendant_name_lower", func.lower(Claim.defendant_name))


class ClaimDataCategory(db.Model):
    __tablename__ = "claim_data_categories"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    category: Mapped[str] = mapped_column(String(30), primary_key=True)  # vocab.DATA_CATEGORIES


class ClaimEffect(db.Model):
    __tablename__ = "claim_effects"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    effect: Mapped[str] = mapped_column(String(30), primary_key=True)  # vocab.EFFECTS


class FinancialLoss(db.Model):
    """One itemised head of financial loss, in pence."""

    __tablename__ = "financial_losses"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    head: Mapped[str] = mapped_column(String(30))  # vocab.LOSS_HEADS
    amount_pence: Mapped[int] = mapped_column(BigInteger)
    description: Mapped[str | None] = mapped_column(Text)
    evidenced: Mapped[bool] = mapped_column(default=False)


class EvidenceFile(db.Model):
    """An uploaded file, stored outside the web root under a random name."""

    __tablename__ = "evidence_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("intake_drafts.id", ondelete="SET NULL"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))  # sanitised for display and download
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    media_type: Mapped[str] = mapped_column(String(100))  # detected from the content
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the claimant

    claim: Mapped[Claim | None] = relationship(back_populates="evidence")


class Note(db.Model):
    """A file note, a phone call or a document received, on the claim's timeline (``vocab.NOTE_KINDS``).

    Notes are never deleted; an edit keeps what it replaced as a ``NoteRevision`` (claims.work.notes).
    """

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20), default="file_note", server_default="file_note")
    body: Mapped[str] = mapped_column(Text)  # the note, or the summary of the call or document
    party: Mapped[str | None] = mapped_column(String(20))  # vocab.CORRESPONDENTS: who the call or document is with
    contact_name: Mapped[str | None] = mapped_column(String(120))  # the person spoken to, or who wrote
    direction: Mapped[str | None] = mapped_column(String(10))  # vocab.CALL_DIRECTIONS, for a call
    duration_minutes: Mapped[int | None]
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # the call, or the day received
    evidence_file_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_files.id"))  # a document received
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    edited_by: Mapped[User | None] = relationship(foreign_keys=[edited_by_id])
    evidence_file: Mapped[EvidenceFile | None] = relationship()


class KeyDate(db.Model):
    """A date that must not be missed (limitation, response due, cancellation ends) or a task."""

    __tablename__ = "key_dates"
    __table_args__ = (
        # My day and the diary read open dates of one kind by date (limitation in the next 3 months, replies due).
        Index("ix_key_dates_kind_open_due", "kind", "due_on", "claim_id", "id",
              postgresql_where=text("completed_at IS NULL"), sqlite_where=text("completed_at IS NULL")),
        Index("ix_key_dates_claim_open", "claim_id", "completed_at"),  # one claim's open dates, as for tasks
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # limitation, response_due, task …
    cause: Mapped[str | None] = mapped_column(String(40))  # vocab.CAUSES_OF_ACTION for limitation
    label: Mapped[str] = mapped_column(String(200))
    basis: Mapped[str | None] = mapped_column(Text)  # how the date was worked out
    due_on: Mapped[date]
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClaimEdit(db.Model):
    """One field of a claim changed by staff: what it was, what it became, who and when (never deleted)."""

    __tablename__ = "claim_edits"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int]  # the claim's version the edit made
    reason: Mapped[str | None] = mapped_column(Text)
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    edited_by: Mapped[User] = relationship()


class StatusChange(db.Model):
    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the claimant or system

    changed_by: Mapped[User | None] = relationship()
