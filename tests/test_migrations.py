"""Migrations build the whole schema from an empty database, match the models exactly, and go
down to nothing and back up again. Runs on SQLite, and on PostgreSQL when DATABASE_URL is set."""
from __future__ import annotations

import os
import warnings

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from claims.extensions import db
from tests.conftest import make_test_app
from tests.scratch_db import scratch_database

EXPECTED_TABLES = {
    "users", "claimants", "litigation_friends", "defendants", "incidents", "claims", "claim_data_categories",
    "claim_effects", "financial_losses", "evidence_files", "notes", "key_dates", "status_changes",
    "audit_events", "outbox_messages", "intake_drafts", "tasks", "note_revisions",
}
EXPRESSION_INDEXES = {"ix_claimants_last_name_lower", "ix_defendants_name_lower"}


@pytest.fixture
def empty_database(tmp_path):
    """The URL of a brand-new empty database, dropped afterwards."""
    with scratch_database(os.environ.get("DATABASE_URL", ""), tmp_path, "breach_migrations") as url:
        yield url


@pytest.fixture
def fresh_app(empty_database, tmp_path):
    app = make_test_app(empty_database, tmp_path)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def _index_names() -> set[str]:
    query = ("SELECT name FROM sqlite_master WHERE type = 'index'" if db.engine.dialect.name == "sqlite"
             else "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
    with db.engine.connect() as conn:
        return set(conn.scalars(text(query)))


def _differences() -> list:
    """What autogenerate would put in a new migration: nothing, if the migrations match the models."""
    with db.engine.connect() as conn, warnings.catch_warnings():
        # SQLite cannot reflect expression indexes; _index_names checks those instead.
        warnings.filterwarnings("ignore", message=".*expression-based index")
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_from_empty_builds_exactly_the_models(fresh_app):
    assert _tables() == set()
    upgrade()
    assert EXPECTED_TABLES <= _tables()
    assert _tables() == set(db.metadata.tables) | {"alembic_version"}
    assert EXPRESSION_INDEXES <= _index_names()
    assert _differences() == []


def test_downgrade_to_nothing_and_upgrade_again(fresh_app):
    upgrade()
    downgrade(revision="base")
    assert _tables() <= {"alembic_version"}
    assert not EXPRESSION_INDEXES & _index_names()
    upgrade()
    assert _tables() == set(db.metadata.tables) | {"alembic_version"}
    assert _differences() == []
    with db.engine.connect() as conn:
        head = conn.scalar(text("SELECT version_num FROM alembic_version"))
    assert head == _scripts().get_current_head()


def _scripts() -> ScriptDirectory:
    from flask import current_app

    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())


def test_the_migrations_form_one_line_each_with_a_real_message(fresh_app):
    scripts = _scripts()
    assert len(scripts.get_heads()) == 1, "two migrations claim the same parent: merge them"
    for revision in scripts.walk_revisions():
        assert revision.doc and len(revision.doc.split()) >= 3, revision.revision
