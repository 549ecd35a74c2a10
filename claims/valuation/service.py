"""Valuing claims in the app: the one place the web app, the CLI and bulk jobs call the valuation core.

- ``claim_inputs(claim, as_of=None)`` → the core's input dict for a claim (``claim_facts``).
- ``current_pool(as_of)`` → the ``PreparedPool`` of the active precedent table, the active
  inflation index and the firm's own settlements (``firm_outcomes``), prepared once and
  cached per process until an upload, a rollback or a settlement changes the data
  (``pools``). ``current_data(as_of)`` gives the pool with the versions it was made from.
  With nothing loaded in the database the shipped files in ``claims/valuation/data`` are
  used, and the output's ``method.data`` says so.
- ``value_claim(claim, user=, as_of=)`` → a stored ``ValuationSnapshot`` (the full output
  plus ``method.data``), earlier snapshots of the claim superseded, audited as
  "valuation.created" with ids and versions only.
- ``explained_output(snapshot)`` → the snapshot's full output; for a bulk snapshot (figures
  only) the reasons are worked out again from its stored inputs, and say so.
- ``revalue_claims(claim_ids=None, as_of=, batch_size=)`` → how many claims were re-valued
  with the vectorised ``estimate_many`` (see ``revalue`` for what a bulk snapshot holds).

These functions flush, never commit: the caller's request or command commits once.
"""
from __future__ import annotations

from datetime import date

from claims import audit
from claims.clock import uk_today
from claims.domain.valuation import PreparedPool, estimate
from claims.domain.valuation.inputs import RETIRED_KEYS
from claims.extensions import db
from claims.models import Claim, User, ValuationSnapshot
from claims.valuation import claim_facts
from claims.valuation.pools import ValuationData, current_data, forget_pools
from claims.valuation.revalue import revalue
from claims.valuation.snapshots import show_values, snapshot_fields, supersede

__all__ = ["ValuationData", "claim_inputs", "current_data", "current_pool", "explained_output", "forget_pools",
           "revalue_claims", "value_claim"]


def claim_inputs(claim: Claim, *, as_of: date | None = None) -> dict:
    """The estimate input dict for a claim; ``as_of`` is the valuation date (default today in the UK)."""
    return claim_facts.claim_inputs(claim, as_of=as_of or uk_today())


def current_pool(as_of: date) -> PreparedPool:
    """The active precedents, CPI and firm outcomes, prepared for ``as_of`` (cached per process)."""
    return current_data(as_of).pool


def value_claim(claim: Claim, *, user: User | None, as_of: date) -> ValuationSnapshot:
    """Value one claim, store the snapshot (earlier ones superseded) and audit it; flushes, never commits."""
    inputs = claim_inputs(claim, as_of=as_of)
    data = current_data(as_of)
    output = estimate(inputs, data.pool, as_of=as_of)
    output["method"]["data"] = data.describe()
    snapshot = ValuationSnapshot(claim_id=claim.id, created_by_id=user.id if user else None, **snapshot_fields(
        inputs, output, data, score=output["score"], totals=output["total"],
        confidence=output["confidence"]["level"]))
    db.session.add(snapshot)
    db.session.flush()
    superseded = supersede([claim.id], keep=snapshot.id)
    show_values([(claim.id, snapshot.mid_pence)])
    db.session.expire(claim, ["value_pence", "value_approved", "valuation_stale"])
    event = audit.record("valuation.created", entity_type="valuation_snapshot", entity_id=snapshot.id,
                         claim_id=claim.id, actor="staff" if user else "system",
                         details={"snapshot_id": snapshot.id, "superseded_ids": superseded,
                                  "model_version": snapshot.model_version,
                                  "precedent_set_version": snapshot.precedent_set_version,
                                  "inflation_set_version": snapshot.inflation_set_version})
    event.user_id = user.id if user else event.user_id
    db.session.flush()
    return snapshot


def revalue_claims(claim_ids: list[int] | None = None, *, as_of: date, batch_size: int = 5000) -> int:
    """Re-value the given claims (default: all) in batches with ``estimate_many``; returns how many."""
    return revalue(claim_ids, as_of=as_of, batch_size=batch_size)


def current_inputs(inputs: dict) -> dict:
    """Stored inputs in today's schema: snapshots made before the limitation dates replaced
    ``days_to_limitation`` keep it, and it is dropped (the report shows limitation as at the day it is read)."""
    return {key: value for key, value in inputs.items() if key not in RETIRED_KEYS}


def explained_output(snapshot: ValuationSnapshot) -> dict:
    """The full output with reasons. A bulk snapshot stores figures only, so its factors, flags and
    comparables are recomputed from its stored inputs and as-of date (the same numbers while the data
    versions are unchanged; the method notes whether they are)."""
    if not snapshot.output.get("bulk"):
        return snapshot.output
    as_of = date.fromisoformat(snapshot.output["as_of"])
    data = current_data(as_of)
    output = estimate(current_inputs(snapshot.inputs), data.pool, as_of=as_of)
    output["method"]["data"] = data.describe()
    same = (data.precedent_set_version, data.inflation_set_version) == (
        snapshot.precedent_set_version, snapshot.inflation_set_version)
    output["method"]["recomputed"] = (
        "Reasons worked out again from this bulk valuation's stored inputs, with the same data versions."
        if same else "Reasons worked out again from this bulk valuation's stored inputs with the current data, "
                     "which has changed since: the figures above are the stored ones; re-value the claim to align them.")
    return output
