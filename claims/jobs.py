"""The background job queue (Huey): embedded in a SQLite file by default, on Redis with REDIS_URL.

The queue is made when this module is imported, from the environment, because Huey's
consumer imports it by name. Start the worker with one command (README):

    .venv/bin/huey_consumer claims.jobs.huey

Each task runs inside an app context: the app the caller already has (tests, and
HUEY_IMMEDIATE=1 which runs tasks at once in the web process), else one the worker makes
with ``create_app()`` from the same environment as the web app. Tasks take ids only, never
personal data, because the queue's storage is not the database.

The worker also runs the periodic work, so no cron is needed: the outbox every minute,
expired drafts daily, orphan files hourly. Each takes a lock, so two workers never run the
same job at once (the other run is skipped; a lock left by a killed worker is cleared when a
consumer starts with ``--flush-locks``). ``flask outbox send``, ``flask purge-drafts`` and
``flask sweep-files`` do the same by hand.
"""
from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from huey import RedisHuey, SqliteHuey, crontab

from claims.config import PROJECT_ROOT

log = logging.getLogger(__name__)


def _make_queue():
    redis_url = os.environ.get("REDIS_URL", "").strip()
    immediate = os.environ.get("HUEY_IMMEDIATE", "0") == "1"
    if redis_url:
        return RedisHuey("breach-claims", url=redis_url, immediate=immediate)
    path = Path(os.environ.get("HUEY_SQLITE_PATH", str(PROJECT_ROOT / "instance" / "jobs.db")))
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("breach-claims", filename=str(path), immediate=immediate)


huey = _make_queue()


@lru_cache(maxsize=1)
def _worker_app():
    from claims import create_app

    return create_app()


@contextmanager
def app_context():
    """The caller's app context if there is one, else the worker's own app."""
    from flask import has_app_context

    if has_app_context():
        yield
        return
    with _worker_app().app_context():
        yield


@huey.task()
def make_bulk_letters(job_id: int) -> None:
    """Letters of claim for every claim in a bulk job (claims.letters.bulk)."""
    from claims.letters import bulk

    with app_context():
        bulk.run(job_id)


@huey.task(retries=2, retry_delay=30)
def make_acknowledgement(claim_id: int) -> None:
    """The acknowledgement letter for a newly submitted claim (kept on the claim for staff)."""
    from claims.clock import uk_today
    from claims.extensions import db
    from claims.letters import documents
    from claims.models import Claim

    with app_context(), _rolled_back_on_error():
        claim = db.session.get(Claim, claim_id)
        if claim is not None and not any(d.kind == "acknowledgement" for d in documents.claim_documents(claim_id)):
            documents.make(claim, "acknowledgement", by=None, today=uk_today(), actor="system")
            db.session.commit()


@huey.periodic_task(crontab(minute="*"))
@huey.lock_task("deliver-outbox")
def deliver_outbox() -> None:
    """Send the mail waiting in the outbox (claims.mail)."""
    from claims.mail import deliver_pending

    with app_context(), _rolled_back_on_error():
        sent, failed = deliver_pending()
        if sent or failed:
            log.info("outbox: sent %d, failed %d", sent, failed)


@huey.periodic_task(crontab(minute="17", hour="3"))
@huey.lock_task("purge-expired-drafts")
def purge_expired_drafts() -> None:
    """Delete claim-form drafts past their expiry, with their files (claims.intake.drafts)."""
    from claims.extensions import db
    from claims.intake import drafts

    with app_context(), _rolled_back_on_error():
        count = drafts.purge_expired_drafts()
        db.session.commit()
        log.info("purged %d expired draft(s)", count)


@huey.periodic_task(crontab(minute="37"))
@huey.lock_task("sweep-orphan-files")
def sweep_orphan_files() -> None:
    """Delete stored files that no row names, once past the grace period (claims.private_files)."""
    from claims import private_files
    from claims.models._types import utcnow

    with app_context(), _rolled_back_on_error():
        private_files.sweep_orphans(now=utcnow())


@contextmanager
def _rolled_back_on_error():
    from claims.extensions import db

    try:
        yield
    except Exception:
        db.session.rollback()
        raise
