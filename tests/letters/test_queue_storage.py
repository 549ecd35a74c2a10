"""The job queue's storage follows the environment: a SQLite file by default, Redis with REDIS_URL.
Both are exercised for real: a task message goes in and comes back out of each."""
from __future__ import annotations

import uuid

import pytest
from huey import RedisHuey, SqliteHuey

from claims import jobs
from tests.conftest import worker_number

# The machine's Redis (.ci/run starts it), a database of its own: 15, or 15 - n in pytest-xdist's
# worker gwn, so parallel workers never share (or flush) one queue.
REDIS_URL = f"redis://127.0.0.1:6379/{15 - worker_number()}"


def _round_trip(queue) -> None:
    @queue.task(name=f"probe-{uuid.uuid4().hex}")
    def probe(value):
        return value * 2

    queue.flush()
    probe(21)
    assert len(queue) == 1
    task = queue.dequeue()
    assert queue.execute(task) == 42 and len(queue) == 0


def test_default_storage_is_a_sqlite_file(monkeypatch, tmp_path):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("HUEY_SQLITE_PATH", str(tmp_path / "queue" / "jobs.db"))
    queue = jobs._make_queue()
    assert isinstance(queue, SqliteHuey) and (tmp_path / "queue" / "jobs.db").exists()
    _round_trip(queue)


def test_redis_url_puts_the_queue_on_redis(monkeypatch):
    assert worker_number() <= 7, "databases 8-15 are the tests' own: run with at most 8 workers"
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    queue = jobs._make_queue()
    assert isinstance(queue, RedisHuey)
    try:
        _round_trip(queue)
    except Exception as exc:  # pragma: no cover - the message says what to start
        pytest.fail(f"Redis at {REDIS_URL} is needed for this test (.ci/run starts it): {exc}")
    finally:
        queue.flush()
