"""Moving a claim from one status to another: the one place a move is checked, recorded on the
claim's timeline with who and why, and audited. Callers commit."""
from __future__ import annotations

from claims import audit
from claims.domain.status import check_move
from claims.models import Claim, StatusChange, User


def move(claim: Claim, to_status: str, *, by: User | None, reason: str, actor: str | None = None) -> None:
    """Move the claim (raises TransitionError if the status machine does not allow it).

    ``by`` is the member of staff, or None for the claimant or a job (``actor`` says which).
    """
    check_move(claim.status, to_status)
    claim.status_changes.append(StatusChange(from_status=claim.status, to_status=to_status, reason=reason,
                                             changed_by_id=by.id if by else None))
    audit.record("claim.status_changed", entity_type="claim", entity_id=claim.id, claim_id=claim.id,
                 actor=actor or (None if by else "claimant"), details={"from": claim.status, "to": to_status})
    claim.status = to_status
