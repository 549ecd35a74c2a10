"""The periodic work runs in the job queue: each task does its job when called, is registered
with its schedule, and skips a run while another holds its lock."""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from huey.exceptions import TaskLockedException
from sqlalchemy import select

from claims import evidence, jobs, private_files
from claims.extensions import db
from claims.intake import tasks
from claims.intake.drafts import create_draft
from claims.mail import queue_mail
from claims.models import IntakeDraft
from tests.outbox import outbox
from tests.sample_files import make_pdf
from tests.smtp import smtp_server  # noqa: F401 (a fixture)

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("when, due", [
    (datetime(2026, 11, 30, 3, 17), {jobs.deliver_outbox, tasks.purge_expired_drafts}),
    (datetime(2026, 11, 30, 4, 37), {jobs.deliver_outbox, jobs.sweep_orphan_files}),
    (datetime(2026, 11, 30, 4, 38), {jobs.deliver_outbox}),
])
def test_the_periodic_tasks_are_registered_with_their_schedules(when, due):
    assert {type(task) for task in jobs.huey.read_periodic(when)} == {wrapper.task_class for wrapper in due}


def test_the_outbox_task_delivers_mail(make_app, smtp_server):
    port, inbox = smtp_server
    with make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False).app_context():
        queue_mail("alex@example.com", "Your saved claim", "body")
        db.session.commit()
        jobs.deliver_outbox.call_local()
        assert [mail.sent_at is not None for mail in outbox()] == [True]
    assert [to for _, to, _ in inbox.messages] == [["alex@example.com"]]


def test_the_outbox_task_skips_its_run_while_another_holds_the_lock(make_app, smtp_server):
    port, inbox = smtp_server
    with make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False).app_context():
        queue_mail("alex@example.com", "Your saved claim", "body")
        db.session.commit()
        with jobs.huey.lock_task("deliver-outbox"):  # another worker is delivering
            with pytest.raises(TaskLockedException):
                jobs.deliver_outbox.call_local()
        assert inbox.messages == [] and outbox()[0].sent_at is None
        jobs.deliver_outbox.call_local()  # the lock is free again once that run ends
    assert len(inbox.messages) == 1


@pytest.mark.parametrize("task, lock", [(tasks.purge_expired_drafts, "purge-expired-drafts"),
                                        (jobs.sweep_orphan_files, "sweep-orphan-files")])
def test_the_daily_and_hourly_tasks_take_their_locks(app, task, lock):
    with jobs.huey.lock_task(lock), pytest.raises(TaskLockedException):
        task.call_local()
    assert not jobs.huey.is_locked(lock)


def test_the_draft_purge_task_deletes_expired_drafts(app):
    expired, _ = create_draft()
    live, _ = create_draft()
    expired.expires_at, live.expires_at = NOW - timedelta(minutes=1), NOW + timedelta(days=1)
    db.session.commit()
    with time_machine.travel(NOW, tick=False):
        tasks.purge_expired_drafts.call_local()
    assert db.session.scalars(select(IntakeDraft.id)).all() == [live.id]


def test_the_sweep_task_deletes_old_orphan_files(app):
    kept = evidence.store(evidence.check_upload("letter.pdf", make_pdf(), max_bytes=10_000_000)).stored_name
    db.session.commit()
    directory = private_files.folder("EVIDENCE_DIR")
    old, young = "0" * 32, "1" * 32
    for name, age in ((old, timedelta(hours=2)), (young, timedelta(minutes=5)), (kept, timedelta(hours=2))):
        (directory / name).write_bytes(b"left behind")
        os.utime(directory / name, ((NOW - age).timestamp(), (NOW - age).timestamp()))
    with time_machine.travel(NOW, tick=False):
        jobs.sweep_orphan_files.call_local()
    assert {path.name for path in directory.iterdir()} == {kept, young}
