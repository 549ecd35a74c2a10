"""The background job queue (Huey): the queue object, configured by the app factory, and the
platform's own periodic work.

``huey`` exists from import, holding nothing (in-memory) until ``init_app`` points it at the
storage the settings name: a SQLite file by default (``HUEY_SQLITE_PATH``), Redis with
``REDIS_URL``, or at once in the calling process with ``HUEY_IMMEDIATE=1``. Importing this
module touches no file and no server.

Each feature owns its tasks (``claims.intake.tasks``, ``claims.letters.tasks``); the worker
(``claims.worker``, run as ``huey_consumer claims.worker.huey``) builds the app and imports them
all. Each task runs inside an app context: the caller's if there is one (tests, and
``HUEY_IMMEDIATE=1`` in the web process), else the worker's. Tasks take ids only, never personal
data, because the queue's storage is not the database.

The worker also runs the periodic work, so no cron is needed: the outbox every minute (here),
orphan files hourly (here), expired drafts daily (``claims.intake.tasks``). Each takes a lock, so
two workers never run the same job at once (the other run is skipped; a lock left by a killed
worker is cleared when a consumer starts with ``--flush-locks``). ``flask outbox send``,
``flask purge-drafts`` and ``flask sweep-files`` do the same by hand.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, has_app_context
from huey import Huey, crontab
from huey.storage import RedisStorage, SqliteStorage

from claims import private_files
from claims import unit_of_work as work
from claims.mail import deliver_pending
from claims.models._types import utcnow


log = logging.getLogger(__name__)

huey = Huey("breach-claims", immediate=True, storage_class=SqliteStorage)
_worker_app: Flask | None = None


def storage_settings(config: Mapping) -> tuple[type, dict]:
    """The storage class and its arguments the settings ask for: Redis with REDIS_URL, else a SQLite file."""
    if config.get("REDIS_URL"):
        return RedisStorage, {"url": config["REDIS_URL"]}
    path = Path(config["HUEY_SQLITE_PATH"])
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteStorage, {"filename": str(path)}


def init_app(app: Flask) -> None:
    """Point the queue at the storage the app's settings name (or run jobs at once with HUEY_IMMEDIATE)."""
    huey.storage_class, huey.storage_kwargs = storage_settings(app.config)
    huey.immediate = bool(app.config.get("HUEY_IMMEDIATE"))
    huey.storage = huey.create_storage()


def serve(app: Flask) -> None:
    """The app a worker's tasks run in when no caller's app context is there (``claims.worker``)."""
    global _worker_app
    _worker_app = app


@contextmanager
def app_context():
    """The caller's app context if there is one, else the worker's own app."""
    if has_app_context():
        yield
        return
    if _worker_app is None:
        raise RuntimeError("No app for this task: run the worker as huey_consumer claims.worker.huey")
    with _worker_app.app_context():
        yield


@contextmanager
def unit_of_work():
    """A task's app context and transaction: commits what the task did, or rolls back if it fails."""
    with app_context():
        try:
            yield
            work.commit()
        except Exception:
            work.rollback()
            raise


@huey.periodic_task(crontab(minute="*"))
@huey.lock_task("deliver-outbox")
def deliver_outbox() -> None:
    """Send the mail waiting in the outbox (claims.mail)."""
    with unit_of_work():
        sent, failed = deliver_pending()
        if sent or failed:
            log.info("outbox: sent %d, failed %d", sent, failed)


@huey.periodic_task(crontab(minute="37"))
@huey.lock_task("sweep-orphan-files")
def sweep_orphan_files() -> None:
    """Delete stored files that no row names, once past the grace period (claims.private_files)."""
    with unit_of_work():
        private_files.sweep_orphans(now=utcnow())
