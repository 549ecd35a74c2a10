"""Staff accounts managed in the app: invite, set the role and team, deactivate, reset the password.

A set-password link carries a signed, expiring token (itsdangerous, keyed by SECRET_KEY) naming the user
and a fingerprint of their password hash: setting a password changes the hash, so a link works once, and a
fresh link (a reset) gives the account a new unusable password, so any earlier link and the old password
stop working together. Nothing about the token is stored: it travels only in the sealed outbox mail
(``claims.mail``), as claimants' links do, and the log filter (``claims.web.RedactSecrets``) hides
``token=`` in logged URLs. Every change is audited without free text. Callers commit.
"""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import func, select

from claims import audit
from claims.auth.passwords import hash_password
from claims.extensions import db
from claims.firm import firm_settings
from claims.links import public_url
from claims.mail import queue_mail
from claims.models import User

LINK_LIFETIME = timedelta(days=3)
_SALT = "breach-claims set-password v1"


class AccountRefused(ValueError):
    """The change is not allowed (an administrator demoting or deactivating themselves; an email in use)."""


def unusable_password() -> str:
    """A hash of a secret nobody is told: the account cannot be signed in to until a password is set."""
    return hash_password(secrets.token_urlsafe(32))


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def set_password_token(user: User) -> str:
    return _serializer().dumps({"u": user.id, "p": user.password_fingerprint()})


def user_for_token(token: str) -> User | None:
    """The active user the link was made for, if it has not expired and the password has not changed since."""
    try:
        payload = _serializer().loads(token, max_age=int(LINK_LIFETIME.total_seconds()))
        user = db.session.get(User, int(payload["u"]))
    except (BadData, KeyError, TypeError, ValueError):
        return None
    if user is None or not user.active or not secrets.compare_digest(
            str(payload.get("p", "")), user.password_fingerprint()):
        return None
    return user


def email_in_use(email: str, *, other_than: User | None = None) -> bool:
    query = select(User.id).where(func.lower(User.email) == email.strip().lower())
    if other_than is not None:
        query = query.where(User.id != other_than.id)
    return db.session.scalar(query.limit(1)) is not None


def invite(*, full_name: str, email: str, role: str, team_id: int | None) -> User:
    """Create the account with an unusable password and email a link to set one."""
    email = email.strip().lower()
    if email_in_use(email):
        raise AccountRefused("There is already an account with this email address")
    user = User(email=email, full_name=full_name.strip(), role=role, team_id=team_id, password_hash=unusable_password())
    db.session.add(user)
    db.session.flush()
    audit.record("user.invited", entity_type="user", entity_id=user.id, details={"role": role, "team_id": team_id})
    _send_link(user, invited=True)
    return user


def update(user: User, *, by: User, role: str, team_id: int | None) -> bool:
    """Set the role and team; an administrator cannot take away their own role. False if nothing changed."""
    if user.id == by.id and role != user.role:
        raise AccountRefused("You cannot change your own role: ask another administrator")
    before = {"role": user.role, "team_id": user.team_id}
    user.role, user.team_id = role, team_id
    after = {"role": user.role, "team_id": user.team_id}
    if before == after:
        return False
    audit.record("user.changed", entity_type="user", entity_id=user.id,
                 details={key: {"from": before[key], "to": after[key]} for key in after if before[key] != after[key]})
    return True


def set_active(user: User, *, by: User, active: bool) -> bool:
    """Deactivate (their session ends on their next request) or reactivate. False if it already was."""
    if user.id == by.id and not active:
        raise AccountRefused("You cannot deactivate your own account")
    if user.active == active:
        return False
    user.active = active
    audit.record("user.reactivated" if active else "user.deactivated", entity_type="user", entity_id=user.id)
    return True


def reset_password(user: User) -> None:
    """The old password (and any earlier link, and any session) stops working; a fresh link is emailed."""
    user.password_hash = unusable_password()
    audit.record("user.password_reset", entity_type="user", entity_id=user.id)
    _send_link(user, invited=False)


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    audit.record("user.password_set", entity_type="user", entity_id=user.id, actor="staff")


def _send_link(user: User, *, invited: bool) -> None:
    link = public_url("auth.set_password", token=set_password_token(user))
    firm = firm_settings().name
    days = LINK_LIFETIME.days
    if invited:
        subject = f"Your account at {firm}"
        opening = f"An account has been made for you on {firm}'s claims system."
    else:
        subject = f"Set a new password – {firm}"
        opening = f"Your password for {firm}'s claims system has been reset by an administrator."
    body = (f"Dear {user.full_name},\n\n{opening}\n\nChoose your password here (the link works once, "
            f"for {days} days):\n{link}\n\nYou sign in with this email address. If you did not expect this "
            f"email, tell the firm's administrator.\n")
    queue_mail(user.email, subject, body)
