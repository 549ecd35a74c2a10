"""A claim's tasks and notes for the claim page (``cases`` composes it): two queries, whatever the counts."""
from __future__ import annotations

from claims.clock import uk_today
from claims.models import Claim
from claims.work.forms import DoneForm
from claims.work.queries import claim_notes, claim_tasks


def claim_work(claim: Claim) -> dict:
    """What ``templates/work/_claim_tasks.html`` and ``_claim_notes.html`` show: tasks (open first), notes (latest
    first), the done button."""
    return {"tasks": claim_tasks(claim.id), "notes": claim_notes(claim.id), "done_form": DoneForm(),
            "today": uk_today()}
