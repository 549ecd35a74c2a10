"""Moving a claim: the one way a claim changes status, and the row lock a change is made under.

``move`` checks the move against the status machine (``claims.domain.status``), records it on the
claim's timeline with who and why, and audits it. Callers commit (one commit per request).

A change to a claim happens once: ``lock_claim`` takes the claim's row lock before a
state-changing action reads what it decides on, held until the request commits or rolls back.
Two solicitors pressing "Accept" at once, or one pressing it twice, must not make two
agreements: the second request waits for the first, then sees the claim as the first left it
and is told who already did it (``already_done``). The lock itself is
``claims.row_locks.lock_row`` (FOR UPDATE on PostgreSQL, the write lock on SQLite, a 409
"try again" page past SQLite's busy timeout).
"""
from __future__ import annotations

from claims import audit
from claims.claim.events import claim_moved
from claims.domain.status import CLOSED_STATUSES, STATUSES, check_move, check_reopen
from claims.models import Claim, StatusChange, User
from claims.models._types import utcnow
from claims.row_locks import lock_row
from claims.web import uk_datetime


def move(claim: Claim, to_status: str, *, by: User | None, reason: str, actor: str | None = None) -> None:
    """Move the claim (raises TransitionError if the status machine does not allow it).

    ``by`` is the member of staff, or None for the claimant or a job (``actor`` says which).
    """
    check_move(claim.status, to_status)
    claim.status_changes.append(StatusChange(from_status=claim.status, to_status=to_status, reason=reason,
                                             changed_by_id=by.id if by else None))
    audit.record("claim.status_changed", entity_type="claim", entity_id=claim.id, claim_id=claim.id,
                 actor=actor or (None if by else "claimant"), details={"from": claim.status, "to": to_status})
    from_status, claim.status = claim.status, to_status
    claim.closed_at = utcnow() if to_status in CLOSED_STATUSES else None
    claim_moved.send(None, claim=claim, from_status=from_status, to_status=to_status, by=by)


def reopen(claim: Claim, to_status: str, *, by: User, reason: str) -> None:
    """A partner reopens a claim closed as won, lost or withdrawn, back to ``to_status`` (audited as a reopening)."""
    check_reopen(claim.status, to_status)
    claim.status_changes.append(StatusChange(from_status=claim.status, to_status=to_status, reason=reason,
                                             changed_by_id=by.id))
    audit.record("claim.reopened", entity_type="claim", entity_id=claim.id, claim_id=claim.id,
                 details={"from": claim.status, "to": to_status})
    from_status, claim.status, claim.closed_at = claim.status, to_status, None
    claim_moved.send(None, claim=claim, from_status=from_status, to_status=to_status, by=by)


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
