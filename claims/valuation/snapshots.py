"""Storing valuations: the columns of a snapshot, and superseding a claim's earlier snapshots.

Shared by the single valuation (``service.value_claim``) and the bulk job (``revalue``).
Flushes, never commits.
"""
from __future__ import annotations


from sqlalchemy import select, update

from claims.extensions import db
from claims.models import ValuationSnapshot
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
