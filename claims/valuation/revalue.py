"""Re-valuing many claims at once: column queries in, ``estimate_many`` over each batch, snapshots out.

This module owns the bulk job behind ``service.revalue_claims`` and ``flask valuation
revalue``. Four column queries per batch of ids build the input dicts
(``claim_facts.many_claim_inputs``, the same mapping as a single valuation). The claims
are then sorted by their feature cell and valued a batch at a time with the vectorised
``estimate_many`` against the cached pool; each batch's earlier snapshots are marked
superseded and the new ones inserted with one ``insert()``. Sorting matters: the core's
similarity work grows with the distinct cells in a call times the precedents, and with
tens of thousands of firm outcomes, batches in id order (every cell in every batch) cost
over ten times as much. Claims whose breach date is after the valuation date are skipped.

A bulk snapshot has the same columns as a single one (created_by None), the same
``inputs`` and the same low/mid/high totals, score and confidence. Its ``output`` is the
summary ``estimate_many`` gives, in the single output's shape so the same code can read
both: model_version, as_of, reference, general_damages {low, mid, high},
special_damages {total}, total {low, mid, high}, score, confidence {level},
method {data}, and ``"bulk": true``. It has no factors, flags, comparables or context
cases: the report page re-runs ``estimate`` on the stored inputs when it needs them.
Flushes, never commits.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_, insert, select

from claims import audit
from claims.domain.scoring import sensitivity_tier
from claims.domain.valuation import estimate_many
from claims.extensions import db
from claims.models import Claim, ValuationSnapshot
from claims.models._types import utcnow
from claims.valuation.claim_facts import inputs_frame, many_claim_inputs
from claims.valuation.pools import ValuationData, current_data
from claims.valuation.snapshots import show_values, snapshot_fields, supersede


def revalue(claim_ids: list[int] | None, *, as_of: date, batch_size: int = 5000) -> int:
    """Value the claims (all when ``claim_ids`` is None) in batches; returns how many snapshots were made."""
    data = current_data(as_of)
    claims = []
    for condition in _batches(claim_ids, as_of, batch_size):
        claims += zip(*many_claim_inputs(condition, as_of=as_of))
    claims.sort(key=lambda claim: cell_key(claim[1]))
    for start in range(0, len(claims), batch_size):
        ids, inputs = (list(column) for column in zip(*claims[start:start + batch_size]))
        result = estimate_many(inputs_frame(inputs, ids), data.pool, as_of=as_of)
        supersede(ids)
        rows = _snapshot_rows(ids, inputs, result, data, as_of)
        db.session.execute(insert(ValuationSnapshot.__table__), rows)
        show_values([(row["claim_id"], row["mid_pence"]) for row in rows])
    valued = len(claims)
    audit.record("valuation.bulk_revalued", entity_type="valuation_snapshot", actor="system",
                 details={"claims": valued, "as_of": as_of.isoformat(),
                          "precedent_set_version": data.precedent_set_version,
                          "inflation_set_version": data.inflation_set_version})
    db.session.flush()
    db.session.expire_all()  # snapshots the session already holds may have been superseded
    return valued


def cell_key(facts: dict) -> tuple:
    """The features that place a claim on the core's lattice: claims sharing them share a cell."""
    return (facts["breach_type"], sensitivity_tier(facts["data_categories"], facts["special_category"]),
            facts["children_involved"], facts["recipients_scope"], facts["recipient_known_to_claimant"],
            facts["distress_level"], facts["medical_evidence"], facts["had_to_move"])


def _batches(claim_ids: list[int] | None, as_of: date, size: int):
    """SQL conditions selecting each batch of claims, in id order."""
    valuable = Claim.breach_on <= as_of
    query = select(Claim.id).where(valuable).order_by(Claim.id)
    if claim_ids is not None:
        query = query.where(Claim.id.in_(list(claim_ids)))
    ids = list(db.session.scalars(query))
    for start in range(0, len(ids), size):
        chunk = ids[start:start + size]
        if claim_ids is None:  # a range of ids is cheaper than a long IN list
            yield and_(valuable, Claim.id.between(chunk[0], chunk[-1]))
        else:
            yield Claim.id.in_(chunk)


def _snapshot_rows(ids: list[int], inputs: list[dict], result, data: ValuationData, as_of: date) -> list[dict]:
    """The snapshot rows for one batch (columns read once, then zipped)."""
    columns = {name: result[name].tolist() for name in (
        "score", "low", "mid", "high", "special_damages", "total_low", "total_mid", "total_high", "confidence",
        "model_version")}
    created_at, described = utcnow(), data.describe()
    rows = []
    for position, (claim_id, facts) in enumerate(zip(ids, inputs)):
        row = {name: values[position] for name, values in columns.items()}
        totals = {key: _gbp(row[f"total_{key}"]) for key in ("low", "mid", "high")}
        output = {
            "bulk": True, "model_version": row["model_version"], "as_of": as_of.isoformat(),
            "reference": facts["reference"],
            "general_damages": {key: int(row[key]) for key in ("low", "mid", "high")},
            "special_damages": {"total": _gbp(row["special_damages"])}, "total": totals,
            "score": int(row["score"]), "confidence": {"level": row["confidence"]}, "method": {"data": described},
        }
        rows.append({"claim_id": claim_id, "created_at": created_at, "created_by_id": None, **snapshot_fields(
            facts, output, data, score=row["score"], totals=totals, confidence=row["confidence"])})
    return rows


def _gbp(pounds: float) -> int | float:
    """A float amount from ``estimate_many`` (pence / 100) as the single output writes it: whole pounds as an int."""
    amount = round(pounds * 100)  # exact: the float came from integer pence
    return amount // 100 if amount % 100 == 0 else amount / 100
