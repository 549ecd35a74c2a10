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


def test_the_limitation_facts_migration_keeps_every_claims_rows_and_moves_psychiatric_injury_to_three_years(fresh_app):
    """Adding the limitation columns never copies the claims table (on SQLite with foreign keys on, a copy
    drops the old table and its cascade deletes the claim's key dates, history and answers); claims with a
    diagnosed psychiatric injury get their 3-year dates, and the sortable earliest date is the earliest of all."""
    upgrade(revision="5d2e8a71c4b9")
    now = "2026-01-01 00:00:00"
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO claimants (id, created_at, first_name, last_name, date_of_birth) "
                          "VALUES (1, :now, 'A', 'B', '1980-05-01')"), {"now": now})
        for claim_id, help_, earliest in ((1, "specialist", "2028-11-10"), (2, "gp", "2028-11-10")):
            conn.execute(text(
                "INSERT INTO claims (id, status, source, claimant_id, defendant_name, defendant_sector, breach_type, "
                "breach_on, discovered_on, discovery_method, account, recipients_scope, recipient_relationship, "
                "distress_level, medical_help, diagnosed, condition_worsened, effects_ongoing, organisation_reply, "
                "complained_to_ico, already_represented, in_group_action, screening_flags, created_at, updated_at, "
                "earliest_limitation_on) VALUES (:id, 'submitted', 'online_form', 1, 'X', 'local_authority', 'other', "
                "'2022-11-10', '2022-11-10', 'other', 'a', 'single_recipient', 'stranger', 'moderate', :help, :yes, "
                ":no, :no, 'not_complained', :no, :no, :no, '[]', :now, :now, :earliest)"),
                {"id": claim_id, "help": help_, "yes": True, "no": False, "now": now, "earliest": earliest})
            conn.execute(text("INSERT INTO claim_effects (claim_id, effect) VALUES (:id, 'anxiety')"), {"id": claim_id})
            for cause, due in (("human_rights_act", "2023-11-09"), ("uk_gdpr", "2028-11-10"),
                               ("misuse_private_information", "2028-11-10"), ("breach_of_confidence", "2028-11-10")):
                conn.execute(text("INSERT INTO key_dates (claim_id, kind, cause, label, basis, due_on, created_at) "
                                  "VALUES (:id, 'limitation', :cause, 'L', 'old', :due, :now)"),
                             {"id": claim_id, "cause": cause, "due": due, "now": now})
    upgrade()
    with db.engine.connect() as conn:
        dates = {(row.claim_id, row.cause): str(row.due_on) for row in conn.execute(text(
            "SELECT claim_id, cause, due_on FROM key_dates WHERE kind = 'limitation'"))}
        claims = {row.id: (str(row.earliest_limitation_on), bool(row.lacked_capacity)) for row in conn.execute(text(
            "SELECT id, earliest_limitation_on, lacked_capacity FROM claims"))}
        effects = conn.scalar(text("SELECT COUNT(*) FROM claim_effects"))
    assert len(dates) == 8 and effects == 2
    assert dates[(1, "uk_gdpr")] == dates[(1, "breach_of_confidence")] == "2025-11-10"  # 3 years: personal injury
    assert dates[(2, "uk_gdpr")] == "2028-11-10" and dates[(1, "human_rights_act")] == "2023-11-09"
    assert claims == {1: ("2023-11-09", False), 2: ("2023-11-09", False)}
    downgrade(revision="5d2e8a71c4b9")
    with db.engine.connect() as conn:
        assert conn.scalar(text("SELECT COUNT(*) FROM key_dates")) == 8


def test_upgrading_through_the_letter_of_claim_migration_keeps_every_claims_rows(fresh_app):
    """5d2e8a71c4b9 adds foreign keys to claims in batch mode: on SQLite that copies the table and drops the
    old one, and with foreign keys on the drop would cascade to every row hanging off a claim. Migrations run
    with foreign keys off (migrations/env.py), so nothing is lost."""
    upgrade(revision="f08269f3c9b1")
    now = "2026-01-01 00:00:00"
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO claimants (id, created_at, first_name, last_name, date_of_birth) "
                          "VALUES (1, :now, 'A', 'B', '1980-05-01')"), {"now": now})
        conn.execute(text(
            "INSERT INTO claims (id, status, source, claimant_id, defendant_name, defendant_sector, breach_type, "
            "breach_on, discovered_on, discovery_method, account, recipients_scope, recipient_relationship, "
            "distress_level, medical_help, diagnosed, condition_worsened, effects_ongoing, organisation_reply, "
            "complained_to_ico, already_represented, in_group_action, screening_flags, created_at, updated_at, "
            "earliest_limitation_on) VALUES (1, 'submitted', 'online_form', 1, 'X', 'local_authority', 'other', "
            "'2022-11-10', '2022-11-10', 'other', 'a', 'single_recipient', 'stranger', 'moderate', 'gp', :no, "
            ":no, :no, 'not_complained', :no, :no, :no, '[]', :now, :now, '2023-11-09')"), {"no": False, "now": now})
        conn.execute(text("INSERT INTO claim_effects (claim_id, effect) VALUES (1, 'anxiety')"))
        conn.execute(text("INSERT INTO status_changes (claim_id, to_status, changed_at) VALUES (1, 'submitted', :now)"),
                     {"now": now})
        conn.execute(text("INSERT INTO key_dates (claim_id, kind, cause, label, basis, due_on, created_at) "
                          "VALUES (1, 'limitation', 'uk_gdpr', 'L', 'old', '2028-11-10', :now)"), {"now": now})
    upgrade()
    with db.engine.connect() as conn:
        counts = [conn.scalar(text(f"SELECT COUNT(*) FROM {table}"))
                  for table in ("claims", "claim_effects", "status_changes", "key_dates")]
    assert counts[:3] == [1, 1, 1] and counts[3] >= 1


def test_the_stored_flags_migration_fills_the_flag_columns_from_the_stored_screening(fresh_app):
    """d4a7e1f2b903 adds a column for each flag that depends on facts alone and fills it from the flags the claim
    was screened with, so the caseload's filters find the same claims as before."""
    upgrade(revision="c5e2a9d04b17")
    now = "2026-01-01 00:00:00"
    flags = {1: '[{"code": "discovered_late", "severity": "warning", "message": "m"}, '
                '{"code": "outside_england_wales", "severity": "danger", "message": "m"}]',
             2: '[{"code": "check_jurisdiction", "severity": "warning", "message": "m"}]', 3: "[]"}
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO claimants (id, created_at, first_name, last_name) VALUES (1, :now, 'A', 'B')"),
                     {"now": now})
        for claim_id, stored in flags.items():
            conn.execute(text(
                "INSERT INTO claims (id, status, source, claimant_id, defendant_name, defendant_sector, breach_type, "
                "breach_on, discovered_on, discovery_method, account, recipients_scope, recipient_relationship, "
                "distress_level, medical_help, diagnosed, condition_worsened, effects_ongoing, organisation_reply, "
                "complained_to_ico, already_represented, in_group_action, screening_flags, created_at, updated_at) "
                "VALUES (:id, 'submitted', 'online_form', 1, 'X', 'local_authority', 'other', '2022-11-10', "
                "'2022-11-10', 'other', 'a', 'single_recipient', 'stranger', 'moderate', 'none', :no, :no, :no, "
                "'not_complained', :no, :no, :no, :flags, :now, :now)"),
                {"id": claim_id, "no": False, "now": now, "flags": stored})
    upgrade()
    with db.engine.connect() as conn:
        stored = {row.id: (bool(row.flag_discovered_late), bool(row.flag_outside_england_wales),
                           bool(row.flag_check_jurisdiction)) for row in conn.execute(text(
            "SELECT id, flag_discovered_late, flag_outside_england_wales, flag_check_jurisdiction FROM claims"))}
    assert stored == {1: (True, True, False), 2: (False, False, True), 3: (False, False, False)}
    downgrade(revision="c5e2a9d04b17")
    with db.engine.connect() as conn:
        assert conn.scalar(text("SELECT COUNT(*) FROM claims")) == 3
