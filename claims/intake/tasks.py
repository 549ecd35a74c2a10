"""The claim form's background work: expired drafts are purged daily by the worker."""
from __future__ import annotations

import logging

from huey import crontab

from claims.intake import drafts
from claims.jobs import huey, unit_of_work

log = logging.getLogger(__name__)


@huey.periodic_task(crontab(minute="17", hour="3"))
@huey.lock_task("purge-expired-drafts")
def purge_expired_drafts() -> None:
    """Delete claim-form drafts past their expiry, with their files (claims.intake.drafts)."""
    with unit_of_work():
        count = drafts.purge_expired_drafts()
        log.info("purged %d expired draft(s)", count)
