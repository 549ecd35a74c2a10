"""Shared fixtures: a migrated database per run (SQLite, or PostgreSQL when DATABASE_URL is set),
a fresh app per test, signed-in clients per role, and factories for claims and drafts.

The whole run happens at a fixed moment (``FROZEN_AT``, time then moving on normally from it),
so no test depends on the day it runs: every ``date.today()``, ``utcnow()`` and ``uk_today()``
in the app and the tests starts from the same Monday morning.

The suite runs in parallel under pytest-xdist (``scripts/test.sh`` passes ``-n 2``): each worker is
a separate process that runs this file's hooks itself, so each has the clock, its own database
(named after the worker on PostgreSQL; a file in the worker's own temporary directory on SQLite),
its own job-queue file and its own temporary directories. Servers started by tests listen on
ports the system picks (port 0)."""
from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from datetime import date

import pytest
import time_machine
from claims.app import create_app
from claims.extensions import db
from tests.clock import FROZEN_AT
from tests.scratch_db import scratch_database

PASSWORD = "correct horse battery staple"


_clock = time_machine.travel(FROZEN_AT, tick=True)
_scratch_dirs: list[str] = []


def worker_id() -> str:
    """This process's pytest-xdist worker ("gw0", "gw1", …), or "main" in a run without workers."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def worker_number() -> int:
    """0 in a run without workers and in the first worker, 1 in the second, and so on."""
    worker = worker_id()
    return int(worker[2:]) if worker.startswith("gw") else 0


def pytest_configure(config):
    """Start the run's clock at FROZEN_AT before collection (modules that read today at import
    see it too); it ticks on from there, so timeouts still work. Runs in every xdist worker too.

    The job queue (claims/jobs.py) opens its SQLite file when it is first imported, by default
    instance/jobs.db in the working tree: each process of the run gets a file of its own instead
    (subprocesses started by tests inherit it)."""
    _clock.start()
    scratch = tempfile.mkdtemp(prefix=f"breach-tests-{worker_id()}-")
    _scratch_dirs.append(scratch)
    os.environ["HUEY_SQLITE_PATH"] = os.path.join(scratch, "jobs.db")


def pytest_unconfigure(config):
    _clock.stop()
    for scratch in _scratch_dirs:
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing():
    """Argon2 at production cost takes about 0.2 s a hash or check; tests use the lowest cost.

    The code path is the same (hash, verify, rehash check); only the work factor differs.
    """
    from argon2 import PasswordHasher

    from claims.auth import passwords

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    patch = pytest.MonkeyPatch()
    patch.setattr(passwords, "_hasher", cheap)
    patch.setattr(passwords, "_DUMMY_HASH", cheap.hash("not-a-real-password"))
    yield
    patch.undo()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database made for this run (for this worker, under xdist) and dropped after it."""
    prefix = f"breach_test_{worker_id()}"
    with scratch_database(os.environ.get("DATABASE_URL", ""), tmp_path_factory.mktemp("db"), prefix) as url:
        yield url


def make_test_app(database_url, tmp_path, **overrides):
    """An app on the test database with settings suited to tests."""
    config = {
        "TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_url,
        "EVIDENCE_DIR": str(tmp_path / "evidence"), "DOCUMENTS_DIR": str(tmp_path / "documents"),
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
        "CLAMAV_COMMAND": None,  # no virus scan even where ClamAV is installed (test_upload_hazards.py fakes one)
        "PUBLIC_BASE_URL": "http://claims.test", "SERVER_NAME": None,
        # Jobs run in the test's own process and app as soon as they are queued (Huey's immediate
        # mode calls the same task function the worker would); tests/letters/test_worker.py runs the
        # real consumer against SQLite storage.
        "HUEY_IMMEDIATE": True,
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def _migrated(database_url, tmp_path_factory):
    """Run the Alembic migrations once for the run: the schema comes only from migrations."""
    from flask_migrate import upgrade

    app = make_test_app(database_url, tmp_path_factory.mktemp("migrate"))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return database_url


@pytest.fixture
def app(_migrated, tmp_path):
    app = make_test_app(_migrated, tmp_path)
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


def _empty_tables() -> None:
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # the audit trail refuses DELETE unless told (claims.audit)
            conn.exec_driver_sql("SET LOCAL claims.audit_purge = 'on'")
        teams = db.metadata.tables["teams"]  # teams and users refer to each other: break the cycle first
        conn.execute(teams.update().values(last_assigned_id=None))
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def make_app(app, tmp_path):
    """Another app on the same test database with settings changed: make_app(MAX_FILE_BYTES=...)."""
    made = []

    def make(**overrides):
        other = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, **overrides)
        made.append(other)
        return other
    yield make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


DEFAULT_TEAM = object()  # make_user / make_claim: put it in the test's default team


@pytest.fixture
def default_team(app):
    """The team every member of staff (make_user, login_as) and every claim (make_claim, and any claim
    submitted through the form: it takes new claims, by hand) is in unless a test says otherwise, so a
    solicitor sees every claim as before need-to-know, and a test about access chooses other teams."""
    from claims.models import Team

    team = Team(name="Default team", triage_rule="by_hand", takes_new_claims=True)
    db.session.add(team)
    db.session.commit()
    return team


@pytest.fixture
def make_user(app, default_team):
    """Create a staff account: make_user(role="solicitor", email=None, team=<the default team>; None: no team)."""
    from claims.auth.passwords import hash_password
    from claims.models import User

    hashed = hash_password(PASSWORD)

    def make(role: str = "solicitor", email: str | None = None, active: bool = True, team=DEFAULT_TEAM) -> User:
        team = default_team if team is DEFAULT_TEAM else team
        user = User(email=email or f"{role}-{secrets.token_hex(3)}@firm.example.com", full_name=f"Test {role.title()}",
                    role=role, password_hash=hashed, active=active, team_id=team.id if team is not None else None)
        db.session.add(user)
        db.session.commit()
        return user
    return make


@pytest.fixture
def login_as(client, make_user):
    """Sign in through the real sign-in form; returns the user."""
    def login(role: str = "solicitor", **options):
        user = make_user(role, **options)
        response = client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user
    return login


@pytest.fixture
def make_claim(app, default_team):
    """Create a submitted claim through the same service the form uses: make_claim(**answer_overrides).

    It lands in the default team (which takes new claims); ``team=`` another team, or None for none."""
    from tests.journey import complete_answers
    from claims.intake.drafts import create_draft
    from claims.intake.submission import submit_draft

    def make(today: date | None = None, team=DEFAULT_TEAM, **overrides):
        draft, _token = create_draft()
        draft.answers = complete_answers(**overrides)
        claim = submit_draft(draft, today=today or date.today())
        if team is not DEFAULT_TEAM:
            claim.team_id = team.id if team is not None else None
        db.session.commit()
        return claim
    return make
