"""Staff accounts (solicitors, partners and administrators) and the teams they work in."""
from __future__ import annotations

import hashlib
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claims.extensions import db
from claims.models._types import UTCDateTime, utcnow


class Team(db.Model):
    """A team of staff. Solicitors see the claims of their own team (claims.claim.access).

    ``triage_rule`` (vocab.TRIAGE_RULES) says how a new claim in the team finds its handler; the team
    with ``takes_new_claims`` receives claims as they are submitted.
    """

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    triage_rule: Mapped[str] = mapped_column(String(20), default="by_hand", server_default="by_hand")
    takes_new_claims: Mapped[bool] = mapped_column(default=False, server_default="0")
    last_assigned_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", use_alter=True))  # round-robin
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))  # claims.domain.vocab.ROLES
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    team: Mapped[Team | None] = relationship(foreign_keys=[team_id])

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def password_fingerprint(self) -> str:
        """Changes whenever the password does: a set-password link and a session are bound to it."""
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:20]

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: a new password (or a reset) ends every session."""
        return f"{self.id}:{self.password_fingerprint()}"

    def has_role(self, *roles: str) -> bool:
        """True when the user holds one of the roles."""
        return self.role in roles
