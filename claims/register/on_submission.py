"""What the register does when a claim is submitted (``claim_submitted``, inside the submission's unit of work):
match it to a defendant and incident (``matching.suggest``) and flag possible duplicates and conflicts
(``flags.raise_flags``)."""
from __future__ import annotations

from claims.claim.events import claim_submitted
from claims.models import Claim
from claims.register import flags, matching


@claim_submitted.connect
def _submitted(_sender, claim: Claim, today, **_extra) -> None:
    matching.suggest(claim, today=today)
    flags.raise_flags(claim)
