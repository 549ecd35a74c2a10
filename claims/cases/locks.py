"""A change to a claim happens once: the claim's row lock, taken before a state-changing action
reads what it decides on, and held until the request commits or rolls back.

Two solicitors pressing "Accept" at once, or one pressing it twice, must not make two agreements:
the second request waits for the first, then sees the claim as the first left it and is told
who already did it (``already_done``).

- PostgreSQL: ``SELECT … FOR UPDATE`` on the claim's row (other changes to the same claim wait;
  readers and other claims do not).
- SQLite: a no-op ``UPDATE`` of the row, which takes the database's write lock (SQLite has one
  for the whole file) and waits for it up to the busy timeout; past it, a 409 page asks the
  person to try again (``ClaimBusy``), and nothing was changed.

Either way the claim is then read again, so the action decides on what the previous holder committed.
"""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import Conflict

from claims.domain.status import STATUSES
from claims.extensions import db
from claims.models import Claim
from claims.web import uk_datetime


class ClaimBusy(Conflict):
    """SQLite's busy timeout passed while another change held the lock: a 409 page says try again."""


def lock_claim(claim_id: int) -> bool:
    """Take the claim's row lock for the rest of this transaction; False if there is no such claim."""
    if db.session.get_bind().dialect.name == "sqlite":
        # Setting updated_at to itself keeps its onupdate from firing: taking a lock changes nothing.
        try:
            return db.session.execute(update(Claim).where(Claim.id == claim_id)
                                      .values(id=Claim.id, updated_at=Claim.updated_at)
                                      .execution_options(synchronize_session=False)).rowcount == 1
        except OperationalError as exc:
            if "locked" not in str(exc.orig):
                raise
            db.session.rollback()
            raise ClaimBusy() from None
    return db.session.scalar(select(Claim.id).where(Claim.id == claim_id).with_for_update()) is not None


def already_done(claim: Claim) -> str:
    """Who last moved the claim and when, for the message to the person who came second."""
    if not claim.status_changes:
        return f"It is “{STATUSES.label(claim.status)}”."
    last = max(claim.status_changes, key=lambda change: (change.changed_at, change.id))
    who = last.changed_by.full_name if last.changed_by else "the client"
    return f"It was moved to “{STATUSES.label(last.to_status)}” by {who} at {uk_datetime(last.changed_at)}."
