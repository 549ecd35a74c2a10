"""The job queue's storage follows the settings: a SQLite file by default, Redis with REDIS_URL.
Both are exercised for real: a task message goes in and comes back out of each."""
from __future__ import annotations

import uuid

import pytest
from huey import Huey
from huey.storage import RedisStorage, SqliteStorage

from claims import jobs
from tests.conftest import worker_number

# The machine's Redis (.ci/run starts it), a database of its own: 15, or 15 - n in pytest-xdist's
# worker gwn, so parallel workers never share (or flush) one queue.
REDIS_URL = f"redis://127.0.0.1:6379/{15 - worker_number()}"


def _queue(config: dict) -> Huey:
    storage_class, kwargs = jobs.storage_settings(config)
    return Huey("breach-claims-test", storage_class=storage_class, **kwargs)


def _round_trip(queue) -> None:
    @queue.task(name=f"probe-{uuid.uuid4().hex}")
    def probe(value):
        return value * 2

    queue.flush()
    probe(21)
    assert len(queue) == 1
    task = queue.dequeue()
    assert queue.execute(task) == 42 and len(queue) == 0


def test_default_storage_is_a_sqlite_file(tmp_path):
    queue = _queue({"REDIS_URL": "", "HUEY_SQLITE_PATH": str(tmp_path / "queue" / "jobs.db")})
    assert isinstance(queue.storage, SqliteStorage) and (tmp_path / "queue" / "jobs.db").exists()
    _round_trip(queue)


def test_redis_url_puts_the_queue_on_redis():
    assert worker_number() <= 7, "databases 8-15 are the tests' own: run with at most 8 workers"
    queue = _queue({"REDIS_URL": REDIS_URL, "HUEY_SQLITE_PATH": "unused"})
    assert isinstance(queue.storage, RedisStorage)
    try:
        _round_trip(queue)
    except Exception as exc:  # pragma: no cover - the message says what to start
        pytest.fail(f"Redis at {REDIS_URL} is needed for this test (.ci/run starts it): {exc}")
    finally:
        queue.flush()


def test_the_app_factory_points_the_queue_at_its_settings(make_app, tmp_path):
    make_app(HUEY_IMMEDIATE=False, HUEY_SQLITE_PATH=str(tmp_path / "q" / "jobs.db"))
    try:
        assert not jobs.huey.immediate and isinstance(jobs.huey.storage, SqliteStorage)
        assert (tmp_path / "q" / "jobs.db").exists()
    finally:
        make_app()  # back to running jobs at once for the other tests


def test_importing_the_queue_touches_nothing(tmp_path):
    """Importing claims.jobs in a fresh interpreter makes no file and reads no setting."""
    import subprocess
    import sys

    from claims.config import PROJECT_ROOT

    code = "import claims.jobs as j; assert j.huey.immediate; print(type(j.huey.storage).__name__)"
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "HUEY_SQLITE_PATH": str(tmp_path / "nowhere.db")}, check=True)
    assert out.stdout.strip() == "MemoryStorage" and not (tmp_path / "nowhere.db").exists()
