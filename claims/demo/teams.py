"""The demo firm's teams: three teams, each with solicitors and a supervising partner, so the demo caseload
is spread over teams, handlers and supervisors and need-to-know shows (a solicitor sees their own team's claims).

The demo solicitor and demo partner (who sign in, ``claims.demo``) are in the first team, which takes new
claims by round-robin. The other members cannot sign in: their password is one nobody is told.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import func, select

from claims.auth.passwords import hash_password
from claims.extensions import db
from claims.models import Team, User

# name, triage rule, takes new claims, the team's other solicitors, its partner (None: the demo partner)
TEAMS = (
    ("North team", "round_robin", True, ("Aisha Patel", "Tom Hughes"), None),
    ("South team", "by_defendant", False, ("Gareth Jones", "Mei Lin", "Sophie Clarke"), "Rachel Adeyemi"),
    ("Group actions team", "by_hand", False, ("Owen Price", "Hannah Webb"), "David Okafor"),
)
TEAM_SHARES = (0.45, 0.35, 0.20)  # of the demo claims


@dataclass(frozen=True)
class DemoTeam:
    id: int
    solicitors: tuple[int, ...]
    partner: int


def ensure_demo_teams(staff: dict[str, int]) -> list[DemoTeam]:
    """Make sure the demo teams and their members exist (the demo solicitor and partner in the first)."""
    unusable = None
    made = []
    for index, (name, rule, takes_new, solicitor_names, partner_name) in enumerate(TEAMS):
        team = db.session.scalar(select(Team).where(Team.name == name))
        if team is None:
            if takes_new:
                db.session.execute(Team.__table__.update().values(takes_new_claims=False))
            team = Team(name=name, triage_rule=rule, takes_new_claims=takes_new)
            db.session.add(team)
            db.session.flush()
        solicitors = []
        if index == 0:
            for role in ("solicitor", "partner"):
                db.session.get(User, staff[role]).team_id = team.id
            solicitors.append(staff["solicitor"])
        for person in solicitor_names:
            unusable = unusable or hash_password(secrets.token_urlsafe(32))
            solicitors.append(_member(person, "solicitor", team, unusable).id)
        if partner_name is None:
            partner = staff["partner"]
        else:
            unusable = unusable or hash_password(secrets.token_urlsafe(32))
            partner = _member(partner_name, "partner", team, unusable).id
        made.append(DemoTeam(team.id, tuple(solicitors), partner))
    db.session.flush()
    return made


def _member(full_name: str, role: str, team: Team, password_hash: str) -> User:
    email = "demo-" + full_name.lower().replace(" ", ".") + "@breach-claims.example"
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if user is None:
        user = User(email=email, full_name=full_name, role=role, password_hash=password_hash, team_id=team.id)
        db.session.add(user)
        db.session.flush()
    return user
