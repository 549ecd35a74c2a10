"""Triage on submission: a new claim goes to the team that takes new claims, and to a handler by that
team's rule (``claims.domain.triage``), through ``claims.claim.assignment.assign`` (audited).

The receiver runs inside the submission, before it commits. The team's row is locked while its turn is
read and moved on, so two claims submitted at once do not both go to the same solicitor by round-robin.
"""
from __future__ import annotations

from sqlalchemy import func, select

from claims.claim.assignment import HANDLER_ROLES, assign
from claims.claim.events import claim_submitted
from claims.domain.triage import choose_handler
from claims.extensions import db
from claims.models import Claim, Team, User
from claims.row_locks import lock_row


def intake_team() -> Team | None:
    """The team that takes new claims, if one does."""
    return db.session.scalar(select(Team).where(Team.takes_new_claims).order_by(Team.id).limit(1))


def triage(claim: Claim) -> User | None:
    """Put the claim in the intake team and give it a handler by the team's rule; the handler, or None."""
    team = intake_team()
    if team is None:
        return None
    lock_row(Team, team.id)
    db.session.refresh(team)  # its turn as the last claim left it
    members = dict(db.session.execute(
        select(User.id, User.role).where(User.team_id == team.id, User.active, User.role.in_(HANDLER_ROLES))).all())
    handler_id = choose_handler(
        team.triage_rule, solicitors=[user_id for user_id, role in members.items() if role == "solicitor"],
        last_assigned_id=team.last_assigned_id, members=members,
        defendant_handler=_defendant_handler(claim, team) if team.triage_rule == "by_defendant" else None)
    handler = db.session.get(User, handler_id) if handler_id is not None else None
    assign(claim, by=None, handler=handler, team_id=team.id, actor="system")
    if handler is not None and team.triage_rule == "round_robin":
        team.last_assigned_id = handler.id
    return handler


def _defendant_handler(claim: Claim, team: Team) -> int | None:
    """Who handles the team's most recent claim against the same defendant (by register entry, else by name)."""
    earlier = (select(Claim.assigned_to_id)
               .where(Claim.team_id == team.id, Claim.id != claim.id, Claim.assigned_to_id.is_not(None))
               .order_by(Claim.submitted_at.desc(), Claim.id.desc()).limit(1))
    handler = None
    if claim.defendant_id is not None:
        handler = db.session.scalar(earlier.where(Claim.defendant_id == claim.defendant_id))
    if handler is None and claim.defendant_name:
        handler = db.session.scalar(
            earlier.where(func.lower(Claim.defendant_name) == func.lower(claim.defendant_name.strip())))
    return handler


@claim_submitted.connect
def _submitted(_sender, claim: Claim, **_extra) -> None:
    triage(claim)
