"""A change to a claim happens once: the claim's row lock, taken before a state-changing action
reads what it decides on, and held until the request commits or rolls back.

Two solicitors pressing "Accept" at once, or one pressing it twice, must not make two agreements:
the second request waits for the first, then sees the claim as the first left it and is told
who already did it (``already_done``).

The lock itself is ``claims.row_locks.lock_row`` (FOR UPDATE on PostgreSQL, the write lock on
SQLite, a 409 "try again" page past SQLite's busy timeout).

The claim is then read again, so the action decides on what the previous holder committed.
"""
from __future__ import annotations

from claims.domain.status import STATUSES
from claims.models import Claim
from claims.row_locks import lock_row
from claims.web import uk_datetime


def lock_claim(claim_id: int) -> bool:
    """Take the claim's row lock for the rest of this transaction; False if there is no such claim."""
    return lock_row(Claim, claim_id, unchanged=(Claim.updated_at,))


def already_done(claim: Claim) -> str:
    """Who last moved the claim and when, for the message to the person who came second."""
    if not claim.status_changes:
        return f"It is “{STATUSES.label(claim.status)}”."
    last = max(claim.status_changes, key=lambda change: (change.changed_at, change.id))
    who = last.changed_by.full_name if last.changed_by else "the client"
    return f"It was moved to “{STATUSES.label(last.to_status)}” by {who} at {uk_datetime(last.changed_at)}."
