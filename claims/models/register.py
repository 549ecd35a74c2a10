"""The register's own tables: a defendant's name variants, the firm's conflict list, and the flags a new
claim gets (a possible duplicate, a conflict of interest) with the decision a solicitor records."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claims.extensions import db
from claims.models._types import UTCDateTime, utcnow
from claims.models.parties import Defendant
from claims.models.staff import User


class DefendantName(db.Model):
    """Another name a defendant goes by ("Birmingham Childrens Trust CIC"); ``name_key`` is unique across the
    register (no two defendants, or a defendant and a variant, share a key: claims.register.defendants)."""

    __tablename__ = "defendant_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    defendant_id: Mapped[int] = mapped_column(ForeignKey("defendants.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    defendant: Mapped[Defendant] = relationship()


class ConflictEntry(db.Model):
    """Someone the firm acts or acted for (``kind`` "client"), or someone on the other side of a matter the firm
    runs ("opponent"): a claim against a client, or by an opponent, is a conflict to clear at triage."""

    __tablename__ = "conflict_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # CONFLICT_KINDS in claims.register.conflicts
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)  # name_key (client) or person_key (opponent)
    note: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClaimFlag(db.Model):
    """A possible duplicate (``other_claim_id``: the earlier claim) or a conflict (``conflict_entry_id``) raised on
    a new claim, and the decision recorded at triage (None until then)."""

    __tablename__ = "claim_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "duplicate" or "conflict"
    other_claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"))
    conflict_entry_id: Mapped[int | None] = mapped_column(ForeignKey("conflict_entries.id", ondelete="SET NULL"))
    reasons: Mapped[list] = mapped_column(JSON, default=list)  # fixed phrases (claims.domain.register)
    decision: Mapped[str | None] = mapped_column(String(20))  # DECISIONS in claims.register.flags
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decided_by: Mapped[User | None] = relationship()
    conflict_entry: Mapped[ConflictEntry | None] = relationship()
