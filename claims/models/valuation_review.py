"""Valuation snapshots: every estimate made for a claim, frozen, and a partner's review of it.

A snapshot keeps the inputs, the model version, the data versions and the whole output,
so a valuation can always be explained later even after the precedents change. Reviewing
never edits the estimate: an adjustment is stored beside it, with the partner's reason.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claims.extensions import db
from claims.models._types import UTCDateTime, utcnow
from claims.models.staff import User

# awaiting_review → approved | adjusted; any of them → superseded when a newer snapshot is made.
REVIEW_STATUSES = ("awaiting_review", "approved", "adjusted", "superseded")


class ValuationSnapshot(db.Model):
    __tablename__ = "valuation_snapshots"
    __table_args__ = (
        Index("ix_valuation_snapshots_claim_created", "claim_id", "created_at"),
        Index("ix_valuation_snapshots_review_status", "review_status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: a bulk job
    model_version: Mapped[str] = mapped_column(String(30))
    precedent_set_version: Mapped[int | None]
    inflation_set_version: Mapped[int | None]
    inputs: Mapped[dict] = mapped_column(JSON)  # the estimate's input dict, exactly as given
    output: Mapped[dict] = mapped_column(JSON)  # the estimate's output dict, exactly as returned
    score: Mapped[int]
    # Total (general + special damages) in pence, copied from the output for lists and reports.
    low_pence: Mapped[int] = mapped_column(BigInteger)
    mid_pence: Mapped[int] = mapped_column(BigInteger)
    high_pence: Mapped[int] = mapped_column(BigInteger)
    confidence: Mapped[str] = mapped_column(String(10))  # low / medium / high

    review_status: Mapped[str] = mapped_column(String(20), default="awaiting_review")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    adjusted_low_pence: Mapped[int | None] = mapped_column(BigInteger)
    adjusted_mid_pence: Mapped[int | None] = mapped_column(BigInteger)
    adjusted_high_pence: Mapped[int | None] = mapped_column(BigInteger)
    review_reason: Mapped[str | None] = mapped_column(Text)

    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    @property
    def agreed_pence(self) -> tuple[int, int, int]:
        """(low, mid, high) as the partner left it: the adjustment if any, else the estimate."""
        if self.review_status == "adjusted" and self.adjusted_mid_pence is not None:
            return self.adjusted_low_pence, self.adjusted_mid_pence, self.adjusted_high_pence
        return self.low_pence, self.mid_pence, self.high_pence
