"""The people and organisations in a claim: claimants, litigation friends, defendants, incidents."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from claims.domain.register import name_key as _name_key
from claims.extensions import db
from claims.models._types import UTCDateTime, utcnow


class _Person:
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    date_of_birth: Mapped[date | None]
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(30))
    address_line_1: Mapped[str | None] = mapped_column(String(120))
    address_line_2: Mapped[str | None] = mapped_column(String(120))
    town: Mapped[str | None] = mapped_column(String(80))
    postcode: Mapped[str | None] = mapped_column(String(10))

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Claimant(_Person, db.Model):
    """The person whose data was misused; may be a child claiming through a litigation friend."""

    __tablename__ = "claimants"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LitigationFriend(_Person, db.Model):
    """The adult who brings a claim on a child's behalf (CPR Part 21)."""

    __tablename__ = "litigation_friends"

    id: Mapped[int] = mapped_column(primary_key=True)
    relationship_to_claimant: Mapped[str] = mapped_column(String(20))  # vocab.CHILD_RELATIONSHIPS
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Defendant(db.Model):
    """An organisation that lost or disclosed data."""

    __tablename__ = "defendants"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # The name as compared (claims.domain.register.name_key); variants are in defendant_names.
    name_key: Mapped[str] = mapped_column(String(200), index=True, default="", server_default="")
    sector: Mapped[str] = mapped_column(String(30))  # vocab.SECTORS
    public_authority: Mapped[bool] = mapped_column(default=False)
    dpo_email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(Text)  # for service
    ico_registration: Mapped[str | None] = mapped_column(String(8))  # claims.domain.register.ico_registration
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    incidents: Mapped[list[Incident]] = relationship(back_populates="defendant")

    @validates("name")
    def _keep_key(self, _field, name: str) -> str:
        self.name_key = _name_key(name)
        return name


class Incident(db.Model):
    """One breach event that can give rise to many individual claims (e.g. an ICO action)."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    defendant_id: Mapped[int] = mapped_column(ForeignKey("defendants.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    breach_type: Mapped[str] = mapped_column(String(40))  # vocab.BREACH_TYPES
    occurred_on: Mapped[date | None]
    summary: Mapped[str | None] = mapped_column(Text)
    regulator_action: Mapped[str | None] = mapped_column(String(40))  # monetary_penalty, reprimand…
    regulator_action_on: Mapped[date | None]
    regulator_penalty_pence: Mapped[int | None] = mapped_column(BigInteger)
    individuals_affected: Mapped[int | None]
    source: Mapped[str | None] = mapped_column(Text)  # where the facts were read
    link: Mapped[str | None] = mapped_column(String(500))  # an http(s) address about it, shown as text
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    defendant: Mapped[Defendant] = relationship(back_populates="incidents")


# Case-insensitive look-ups (staff search by surname, first name, postcode and email; defendant
# suggestions at intake).
Index("ix_claimants_last_name_lower", func.lower(Claimant.last_name))
Index("ix_claimants_first_name_lower", func.lower(Claimant.first_name))
Index("ix_claimants_postcode_lower", func.lower(Claimant.postcode))
Index("ix_claimants_email_lower", func.lower(Claimant.email))
Index("ix_defendants_name_lower", func.lower(Defendant.name))
