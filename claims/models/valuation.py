"""Reference data for valuation: the firm's precedent table and inflation index, versioned.

Every upload is a new numbered set of rows. Exactly one set of each kind is active (a
partial unique index enforces it); rolling back makes an earlier set active again. Sets
and their rows are never changed or deleted once written, so a valuation can always say
which version of the data it used.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claims.extensions import db
from claims.models._types import UTCDateTime, utcnow
from claims.models.staff import User


class _DataSet:
    """One uploaded version of a reference table."""

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # of the file's bytes
    row_count: Mapped[int]
    note: Mapped[str | None] = mapped_column(String(500))
    loaded_via: Mapped[str] = mapped_column(String(20))  # "upload" (a partner) or "command" (flask valuation …)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    active: Mapped[bool] = mapped_column(default=False)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # last made active (upload or rollback)


def _one_active(table: str) -> Index:
    """At most one row with active = true (SQLite and PostgreSQL partial indexes)."""
    return Index(f"uq_{table}_one_active", "active", unique=True,
                 sqlite_where=text("active"), postgresql_where=text("active"))


class PrecedentSet(_DataSet, db.Model):
    """A version of the precedent table (decisions and settlements with their sources)."""

    __tablename__ = "precedent_sets"
    __table_args__ = (_one_active("precedent_sets"),)

    uploaded_by: Mapped[User | None] = relationship()
    rows: Mapped[list[Precedent]] = relationship(back_populates="set", order_by="Precedent.row_number")


class Precedent(db.Model):
    """One decision or settlement, as researched: facts as codes, awards in pence, and its source."""

    __tablename__ = "precedents"
    __table_args__ = (UniqueConstraint("set_id", "row_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("precedent_sets.id"), index=True)
    row_number: Mapped[int]  # the row in the uploaded file, header = row 1
    case_name: Mapped[str] = mapped_column(String(300))
    citation: Mapped[str | None] = mapped_column(String(500))
    year: Mapped[int | None]
    decided_on: Mapped[date | None]
    court: Mapped[str | None] = mapped_column(String(300))
    jurisdiction: Mapped[str | None] = mapped_column(String(100))
    cause_of_action: Mapped[str | None] = mapped_column(Text)
    breach_type: Mapped[str] = mapped_column(String(40))  # vocab.BREACH_TYPES
    data_categories: Mapped[str | None] = mapped_column(Text)
    special_category: Mapped[bool | None]  # None: unknown
    children_involved: Mapped[bool | None]
    recipients_scope: Mapped[str | None] = mapped_column(String(30))  # vocab.RECIPIENT_SCOPES
    recipient_known_to_claimant: Mapped[bool | None]
    distress_level: Mapped[str | None] = mapped_column(String(20))  # vocab.DISTRESS_LEVELS
    medical_evidence: Mapped[str | None] = mapped_column(String(30))
    financial_loss_pence: Mapped[int | None] = mapped_column(BigInteger)
    award_pence: Mapped[int | None] = mapped_column(BigInteger)
    award_low_pence: Mapped[int | None] = mapped_column(BigInteger)
    award_high_pence: Mapped[int | None] = mapped_column(BigInteger)
    outcome: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    verified: Mapped[bool]  # figures and citation confirmed in the row's own sources
    include: Mapped[bool]  # informs a value; False rows are context only
    origin: Mapped[str] = mapped_column(String(20))  # published, firm
    notes: Mapped[str | None] = mapped_column(Text)
    case_group: Mapped[str | None] = mapped_column(String(300))  # one case at several instances shares it

    set: Mapped[PrecedentSet] = relationship(back_populates="rows")


class InflationSet(_DataSet, db.Model):
    """A version of the inflation index (ONS CPI, annual averages)."""

    __tablename__ = "inflation_sets"
    __table_args__ = (_one_active("inflation_sets"),)

    uploaded_by: Mapped[User | None] = relationship()
    rows: Mapped[list[InflationIndex]] = relationship(back_populates="set", order_by="InflationIndex.year")


class InflationIndex(db.Model):
    """One year's index value. Held in thousandths so it is exact on SQLite too."""

    __tablename__ = "inflation_indexes"
    __table_args__ = (UniqueConstraint("set_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("inflation_sets.id"), index=True)
    row_number: Mapped[int]
    year: Mapped[int]
    index_thousandths: Mapped[int]  # 78.1 → 78100
    source: Mapped[str] = mapped_column(Text)

    set: Mapped[InflationSet] = relationship(back_populates="rows")

    @property
    def index_value(self) -> Decimal:
        """The index as a Decimal, e.g. Decimal("78.1") (100.0 reads back as Decimal("100"))."""
        return Decimal(self.index_thousandths) / 1000
