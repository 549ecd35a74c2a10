"""Storing valuations: the columns of a snapshot, superseding a claim's earlier snapshots, and the
value the caseload shows on the claim's row (``Claim.value_pence``).

Shared by the single valuation (``service.value_claim``) and the bulk job (``revalue``).
Flushes, never commits.
"""
from __future__ import annotations

from sqlalchemy import bindparam, select, update

from claims.extensions import db
from claims.models import Claim, ValuationSnapshot
from claims.valuation.pools import ValuationData
from claims.domain.money import pence_from_pounds


def snapshot_fields(inputs: dict, output: dict, data: ValuationData, *, score: int, totals: dict,
                    confidence: str) -> dict:
    """The columns of a new snapshot, shared by the single and the bulk path."""
    low, mid, high = (pence_from_pounds(totals[key]) for key in ("low", "mid", "high"))
    return {"model_version": output["model_version"], "precedent_set_version": data.precedent_set_version,
            "inflation_set_version": data.inflation_set_version, "inputs": inputs, "output": output,
            "score": int(score), "low_pence": low, "mid_pence": mid, "high_pence": high,
            "confidence": str(confidence), "review_status": "awaiting_review"}



def supersede(claim_ids: list[int], *, keep: int | None = None) -> list[int]:
    """Mark the claims' snapshots superseded (all but ``keep``); returns the ids marked."""
    query = select(ValuationSnapshot.id).where(ValuationSnapshot.claim_id.in_(claim_ids),
                                               ValuationSnapshot.review_status != "superseded")
    if keep is not None:
        query = query.where(ValuationSnapshot.id != keep)
    ids = list(db.session.scalars(query.order_by(ValuationSnapshot.id)))
    if ids:
        db.session.execute(update(ValuationSnapshot).where(ValuationSnapshot.id.in_(ids))
                           .values(review_status="superseded").execution_options(synchronize_session="fetch"))
    return ids


def show_values(values: list[tuple[int, int]], *, approved: bool = False) -> None:
    """Put each ``(claim_id, mid_pence)`` on the claim's row for the caseload, no longer stale.

    ``updated_at`` is kept as it was: a valuation is not a change to the claim.
    """
    if not values:
        return
    claims = Claim.__table__
    db.session.execute(
        update(claims).where(claims.c.id == bindparam("claim")).values(
            value_pence=bindparam("mid"), value_approved=approved, valuation_stale=False,
            updated_at=claims.c.updated_at),
        [{"claim": claim_id, "mid": mid} for claim_id, mid in values])
