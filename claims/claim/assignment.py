"""Who handles a claim: its handling solicitor, its team and its supervising partner.

``assign`` is the one way these change, from the claim page, a bulk action or triage; every change is
audited with what it was and what it became. Callers hold the claim's row lock where two people could
assign at once, and commit (one commit per request).
"""
from __future__ import annotations

from sqlalchemy import select

from claims import audit
from claims.extensions import db
from claims.models import Claim, Team, User

_UNSET = object()
HANDLER_ROLES = ("solicitor", "partner")  # who may handle a claim
SUPERVISOR_ROLES = ("partner",)  # who may supervise one


def handlers() -> list[User]:
    """Who may be given a claim to handle: active solicitors and partners, by name."""
    return _staff(HANDLER_ROLES)


def supervisors() -> list[User]:
    """Who may supervise a claim: active partners, by name."""
    return _staff(SUPERVISOR_ROLES)


def teams() -> list[Team]:
    """Every team, by name."""
    return list(db.session.scalars(select(Team).order_by(Team.name, Team.id)))


def _staff(roles: tuple[str, ...]) -> list[User]:
    return list(db.session.scalars(select(User).where(User.active.is_(True), User.role.in_(roles))
                                   .order_by(User.full_name, User.id)))


def assign(claim: Claim, *, by: User | None, handler: User | None | object = _UNSET,
           team_id: int | None | object = _UNSET, supervisor: User | None | object = _UNSET,
           actor: str | None = None) -> bool:
    """Set what is given (a handler brings the claim into the handler's team unless ``team_id`` is given);
    audit the change as ``claim.assigned``. Returns False when nothing changed."""
    before = {"handler_id": claim.assigned_to_id, "team_id": claim.team_id, "supervisor_id": claim.supervisor_id}
    if handler is not _UNSET:
        claim.assigned_to_id = handler.id if handler else None
        if team_id is _UNSET and handler is not None and handler.team_id is not None:
            team_id = handler.team_id
    if team_id is not _UNSET:
        claim.team_id = team_id
    if supervisor is not _UNSET:
        claim.supervisor_id = supervisor.id if supervisor else None
    after = {"handler_id": claim.assigned_to_id, "team_id": claim.team_id, "supervisor_id": claim.supervisor_id}
    if after == before:
        return False
    changed = {key: {"from": before[key], "to": after[key]} for key in after if after[key] != before[key]}
    audit.record("claim.assigned", entity_type="claim", entity_id=claim.id, claim_id=claim.id,
                 actor=actor or ("staff" if by else "system"), details=changed)
    return True
