"""Letters' background work: bulk letters of claim, and the acknowledgement letter for a new claim.

The acknowledgement is queued when intake sends ``claims.claim.events.claim_submitted``, once the
request that made the claim has committed (so the worker finds the claim).
"""
from __future__ import annotations

import logging

from claims import unit_of_work as work
from claims.claim.events import claim_submitted
from claims.clock import uk_today
from claims.extensions import db
from claims.jobs import huey, unit_of_work
from claims.letters import documents
from claims.models import Claim

log = logging.getLogger(__name__)


@huey.task()
def make_bulk_letters(job_id: int) -> None:
    """Letters of claim for every claim in a bulk job (claims.letters.bulk)."""
    from claims.letters import bulk  # bulk queues this task: imported here, not at the top

    with unit_of_work():
        bulk.run(job_id)


@huey.task(retries=2, retry_delay=30)
def make_acknowledgement(claim_id: int) -> None:
    """The acknowledgement letter for a newly submitted claim (kept on the claim for staff)."""
    with unit_of_work():
        claim = db.session.get(Claim, claim_id)
        if claim is not None and not any(d.kind == "acknowledgement" for d in documents.claim_documents(claim_id)):
            documents.make(claim, "acknowledgement", by=None, today=uk_today(), actor="system")


@claim_submitted.connect
def _acknowledge(_sender, claim: Claim, **_extra) -> None:
    work.after_commit(_queue_acknowledgement, claim.id)


def _queue_acknowledgement(claim_id: int) -> None:
    try:
        make_acknowledgement(claim_id)  # made by the worker
    except Exception:  # the claim is saved; staff can make the letter from the claim page
        log.exception("could not queue the acknowledgement letter for claim %s", claim_id)
