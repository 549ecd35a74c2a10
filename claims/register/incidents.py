"""Incidents: one breach event with many claimants. Create and edit (audited by field name), list them with
their defendant and how many claims each has, and list one incident's claims (need to know)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from claims import audit
from claims.claim.access import visible_claims
from claims.extensions import db
from claims.models import Claim, Incident

FIELDS = ("defendant_id", "title", "breach_type", "occurred_on", "summary", "regulator_action", "regulator_action_on",
          "regulator_penalty_pence", "link")


def listing(limit: int = 1000) -> list[Incident]:
    """Every incident with its defendant, latest first."""
    return list(db.session.scalars(
        select(Incident).options(joinedload(Incident.defendant))
        .order_by(func.coalesce(Incident.occurred_on, Incident.regulator_action_on).desc().nulls_last(),
                  Incident.id.desc()).limit(limit)))


def of_defendant(defendant_id: int) -> list[Incident]:
    return list(db.session.scalars(select(Incident).where(Incident.defendant_id == defendant_id)
                                   .order_by(Incident.occurred_on.desc().nulls_last(), Incident.id.desc())))


def create(*, by, **values) -> Incident:
    incident = Incident(**{field: values.get(field) for field in FIELDS})
    db.session.add(incident)
    db.session.flush()
    audit.record("incident.created", entity_type="incident", entity_id=incident.id)
    return incident


def update_incident(incident: Incident, *, by, **values) -> list[str]:
    changed = [field for field in FIELDS if getattr(incident, field) != values.get(field)]
    for field in changed:
        setattr(incident, field, values.get(field))
    if changed:
        audit.record("incident.edited", entity_type="incident", entity_id=incident.id, details={"fields": changed})
    return changed


def incident_claims(incident_id: int, user, limit: int = 2000) -> list[Claim]:
    """The incident's claims ``user`` may see, with their claimants, newest first."""
    return list(db.session.scalars(
        select(Claim).options(joinedload(Claim.claimant))
        .where(Claim.incident_id == incident_id, visible_claims(user))
        .order_by(Claim.submitted_at.desc(), Claim.id.desc()).limit(limit)))
