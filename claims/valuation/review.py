"""A partner's review of a valuation: the queue of snapshots awaiting review, and the decision.

A decision is written with one conditional UPDATE (``… WHERE review_status =
'awaiting_review'``), so two partners deciding at once, or a revaluation superseding the
snapshot at the same moment, cannot both win: the loser gets ``NotReviewable``. The
partner's reason is stored on the snapshot; the audit event names the snapshot and the
amounts only (the audit trail never holds free text). These functions flush; the view commits.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, tuple_, update
from sqlalchemy.orm import joinedload

from claims import audit
from claims.claim.access import visible_claims
from claims.extensions import db
from claims.keyset import Cursor
from claims.models import Claim, User
from claims.models._types import utcnow
from claims.models.valuation_review import ValuationSnapshot
from claims.valuation.snapshots import show_values

PAGE_SIZE = 50
REVIEW_LABELS = {
    "awaiting_review": "Awaiting a partner's review",
    "approved": "Approved by a partner",
    "adjusted": "Adjusted by a partner",
    "superseded": "Superseded by a later valuation",
}


class NotReviewable(Exception):
    """The snapshot is no longer awaiting review (already decided, or superseded)."""


@dataclass(frozen=True)
class QueuePage:
    rows: list
    total: int
    next: Cursor | None  # where the next page starts, if there is one


def review_queue(user, after: Cursor | None = None) -> QueuePage:
    """One page of the snapshots awaiting review on claims ``user`` may see, oldest first (each claim's
    latest: older ones are superseded)."""
    query = (select(ValuationSnapshot.id, ValuationSnapshot.created_at, ValuationSnapshot.claim_id,
                    ValuationSnapshot.score, ValuationSnapshot.low_pence, ValuationSnapshot.mid_pence,
                    ValuationSnapshot.high_pence, ValuationSnapshot.confidence,
                    ValuationSnapshot.output["flags"].label("flags"), Claim.reference, Claim.defendant_name)
             .join(Claim, ValuationSnapshot.claim_id == Claim.id)
             .where(ValuationSnapshot.review_status == "awaiting_review", visible_claims(user)))
    if after is not None:
        query = query.where(tuple_(ValuationSnapshot.created_at, ValuationSnapshot.id)
                            > tuple_(after.at, after.row_id))
    rows = db.session.execute(
        query.order_by(ValuationSnapshot.created_at, ValuationSnapshot.id).limit(PAGE_SIZE + 1)).all()
    more, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
    total = db.session.scalar(select(func.count()).select_from(ValuationSnapshot)
                              .join(Claim, ValuationSnapshot.claim_id == Claim.id)
                              .where(ValuationSnapshot.review_status == "awaiting_review", visible_claims(user)))
    return QueuePage(rows=rows, total=total,
                     next=Cursor(rows[-1].created_at, rows[-1].id) if more else None)


def latest_snapshot(claim_id: int) -> ValuationSnapshot | None:
    """The claim's most recent valuation, with who made and reviewed it, or None."""
    return db.session.scalar(
        select(ValuationSnapshot).where(ValuationSnapshot.claim_id == claim_id)
        .options(joinedload(ValuationSnapshot.created_by), joinedload(ValuationSnapshot.reviewed_by))
        .order_by(ValuationSnapshot.created_at.desc(), ValuationSnapshot.id.desc()).limit(1))


def claim_snapshots(claim_id: int) -> list[ValuationSnapshot]:
    """Every valuation of the claim, newest first."""
    return list(db.session.scalars(
        select(ValuationSnapshot).where(ValuationSnapshot.claim_id == claim_id)
        .options(joinedload(ValuationSnapshot.created_by), joinedload(ValuationSnapshot.reviewed_by))
        .order_by(ValuationSnapshot.created_at.desc(), ValuationSnapshot.id.desc())))


def approve(snapshot: ValuationSnapshot, user: User) -> None:
    """Approve the estimate as it stands."""
    _decide(snapshot, user, review_status="approved")
    audit.record("valuation.approved", entity_type="valuation_snapshot", entity_id=snapshot.id,
                 claim_id=snapshot.claim_id, details={"snapshot_id": snapshot.id, **_amounts(snapshot.low_pence,
                                                      snapshot.mid_pence, snapshot.high_pence)})


def adjust(snapshot: ValuationSnapshot, user: User, *, low_pence: int, mid_pence: int, high_pence: int,
           reason: str) -> None:
    """Replace the range with the partner's own, keeping the estimate beside it; the reason is stored on the snapshot."""
    if not low_pence <= mid_pence <= high_pence:
        raise ValueError("An adjusted range needs low ≤ mid ≤ high")
    if not reason.strip():
        raise ValueError("An adjustment needs a reason")
    _decide(snapshot, user, review_status="adjusted", adjusted_low_pence=low_pence, adjusted_mid_pence=mid_pence,
            adjusted_high_pence=high_pence, review_reason=reason)
    audit.record("valuation.adjusted", entity_type="valuation_snapshot", entity_id=snapshot.id,
                 claim_id=snapshot.claim_id, details={
                     "snapshot_id": snapshot.id,
                     "estimate": _amounts(snapshot.low_pence, snapshot.mid_pence, snapshot.high_pence),
                     "adjusted": _amounts(low_pence, mid_pence, high_pence)})


def _decide(snapshot: ValuationSnapshot, user: User, **values) -> None:
    """Record the decision if, and only if, the snapshot is still awaiting review."""
    result = db.session.execute(
        update(ValuationSnapshot)
        .where(ValuationSnapshot.id == snapshot.id, ValuationSnapshot.review_status == "awaiting_review")
        .values(reviewed_by_id=user.id, reviewed_at=utcnow(), **values)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise NotReviewable(f"Valuation {snapshot.id} is not awaiting review")
    db.session.refresh(snapshot)
    show_values([(snapshot.claim_id, snapshot.agreed_pence[1])], approved=True)


def _amounts(low: int, mid: int, high: int) -> dict:
    return {"low_pence": low, "mid_pence": mid, "high_pence": high}
