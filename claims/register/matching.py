"""Matching a new claim to the register: its defendant (by the name the claimant typed, compared as a key with
every name and variant in the register) and its incident (the defendant's incident within 30 days of the breach,
or the incident a list of claimants was imported for). Runs when a claim is submitted (``claim_submitted``),
before the submission commits, and marks the claim's match "suggested" for a solicitor to confirm or change at
triage (``review``: recorded on the claim and audited).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from claims import audit
from claims.claim import limitation
from claims.domain import register as rules
from claims.extensions import db
from claims.models import Claim, Incident, IntakeDraft
from claims.models._types import utcnow
from claims.register.defendants import known_keys


def incident_dates(defendant_id: int) -> list[tuple[int, date | None]]:
    """The defendant's incidents and the date each is matched by (the incident's, else the ICO action's)."""
    return [(ident, occurred or acted) for ident, occurred, acted in db.session.execute(
        select(Incident.id, Incident.occurred_on, Incident.regulator_action_on)
        .where(Incident.defendant_id == defendant_id).order_by(Incident.id)).all()]


def suggest(claim: Claim, *, today: date, known: dict[str, int] | None = None) -> bool:
    """Link the claim to the register entry and incident that fit, where it has none, and mark the match
    "suggested"; True when the claim is linked to the register at all."""
    imported = db.session.scalar(select(IntakeDraft.incident_id).where(IntakeDraft.claim_id == claim.id))
    incident = db.session.get(Incident, imported) if imported is not None else None
    if incident is not None:
        defendant_id, incident_id = incident.defendant_id, incident.id
    else:
        defendant_id = claim.defendant_id or rules.match_defendant(
            claim.defendant_name, known if known is not None else known_keys())
        incident_id = claim.incident_id
        if incident_id is None and defendant_id is not None:
            incident_id = rules.match_incident(claim.breach_on, incident_dates(defendant_id))
    if defendant_id is None:
        return False
    linked = defendant_id != claim.defendant_id
    if linked or incident_id != claim.incident_id:
        claim.defendant_id, claim.incident_id = defendant_id, incident_id
        db.session.flush()
        db.session.expire(claim, ["defendant", "incident"])
        if linked:
            limitation.refresh(claim, today=today)  # the register's public-authority flag may change the dates
        audit.record("claim.register_matched", entity_type="claim", entity_id=claim.id, claim_id=claim.id,
                     actor="system", details={"defendant_id": defendant_id, "incident_id": incident_id,
                                              "imported": incident is not None})
    claim.match_state = "suggested"
    return True


def review(claim: Claim, *, by, defendant_id: int | None, incident_id: int | None, today: date) -> list[str]:
    """A solicitor confirms the match or changes it: the fields that changed ("defendant_id", "incident_id");
    audited either way. A changed defendant refreshes the limitation dates."""
    changed = [field for field, value in (("defendant_id", defendant_id), ("incident_id", incident_id))
               if getattr(claim, field) != value]
    linked = "defendant_id" in changed
    claim.defendant_id, claim.incident_id = defendant_id, incident_id
    claim.match_state = "changed" if changed else "confirmed"
    claim.match_reviewed_by_id, claim.match_reviewed_at = by.id, utcnow()
    db.session.flush()
    db.session.expire(claim, ["defendant", "incident"])
    if linked:
        limitation.refresh(claim, today=today)
    audit.record("claim.register_match_reviewed", entity_type="claim", entity_id=claim.id, claim_id=claim.id,
                 details={"decision": claim.match_state, "fields": changed, "defendant_id": defendant_id,
                          "incident_id": incident_id})
    return changed
