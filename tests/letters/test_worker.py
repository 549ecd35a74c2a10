"""The real worker: a bulk job queued in Huey's SQLite storage is picked up by the consumer the
README documents (``huey_consumer claims.worker.huey``), running as a separate process on the
same database, and its progress is visible to the web app."""
from __future__ import annotations

import os
import subprocess
import sys
import time

from huey.storage import SqliteStorage
from sqlalchemy import select

from claims import unit_of_work
from claims.config import PROJECT_ROOT
from claims.extensions import db
from claims.jobs import huey
from claims.letters import bulk
from claims.models import BulkLetterJob, ClaimDocument, User
from tests.letters.test_bulk import signed_claims


def test_the_consumer_process_runs_a_queued_bulk_job(app, client, login_as, make_claim, tmp_path):
    login_as("solicitor")
    claims = signed_claims(client, make_claim, ["Evans", "Fox"])
    queue_file = tmp_path / "jobs.db"
    huey.immediate = False
    huey.storage = SqliteStorage(name=huey.name, filename=str(queue_file))
    consumer = None
    try:
        author = db.session.scalar(select(User))
        job = bulk.start("Plymouth City Council", by=author)
        unit_of_work.commit()  # the job is queued once it is saved
        assert job.status == "queued" and len(huey) == 1  # queued, not run in this process
        env = {**os.environ, "SECRET_KEY": "worker-test", "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
               "DOCUMENTS_DIR": app.config["DOCUMENTS_DIR"], "EVIDENCE_DIR": app.config["EVIDENCE_DIR"],
               "HUEY_SQLITE_PATH": str(queue_file), "HUEY_IMMEDIATE": "0"}
        consumer = subprocess.Popen([sys.executable, "-m", "huey.bin.huey_consumer", "claims.worker.huey", "-w", "1"],
                                    cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            db.session.expire_all()
            if db.session.get(BulkLetterJob, job.id).status == "finished":
                break
            time.sleep(0.5)
        job = db.session.get(BulkLetterJob, job.id)
        assert job.status == "finished", consumer.poll()
        assert (job.done, job.failed) == (2, 0)
        made = db.session.scalars(select(ClaimDocument.claim_id).where(ClaimDocument.bulk_job_id == job.id)).all()
        assert sorted(made) == sorted(c.id for c in claims)
        assert client.get(f"/staff/letters/bulk/{job.id}/download").status_code == 200
    finally:
        if consumer is not None:
            consumer.terminate()
            consumer.wait(timeout=30)
        huey.immediate = True
