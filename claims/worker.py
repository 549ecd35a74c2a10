"""The worker process: ``huey_consumer claims.worker.huey --flush-locks``.

It builds the app from the environment (which points the queue at its storage), gives it to the
jobs for their app context, and imports every feature's tasks so the consumer knows them all.
"""
from __future__ import annotations

from claims import jobs
from claims.app import create_app
from claims.intake import tasks as _intake_tasks  # noqa: F401  (registers the tasks)
from claims.letters import tasks as _letters_tasks  # noqa: F401

app = create_app()
jobs.serve(app)
huey = jobs.huey
