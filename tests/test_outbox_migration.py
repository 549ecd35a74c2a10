"""The migration that seals the outbox seals mail already waiting in it, and opens it again on the way down."""
from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from claims.extensions import db
from claims.mail import SENT_BODY, body_of, subject_of
from claims.models import OutboxMessage
from tests.conftest import make_test_app
from tests.scratch_db import scratch_database

SEALING = "30c263cdbae0"
BEFORE = "e188db922704"


@pytest.fixture
def app_before_sealing(tmp_path):
    with scratch_database(os.environ.get("DATABASE_URL", ""), tmp_path, "breach_outbox_migration") as url:
        app = make_test_app(url, tmp_path)
        with app.app_context():
            upgrade(revision=BEFORE)
            yield app
            db.session.remove()
            db.engine.dispose()


def _rows() -> list[tuple]:
    with db.engine.connect() as conn:
        return list(conn.execute(text("SELECT subject, body FROM outbox_messages ORDER BY id")))


def test_mail_waiting_when_the_outbox_is_sealed_is_sealed_and_still_deliverable(app_before_sealing):
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO outbox_messages (to_address, subject, body, attempts, created_at) VALUES "
                          "('alex@example.com', 'Your saved claim', 'resume?t=SECRET', 0, :at), "
                          "('sam@example.com', 'Sent earlier', :sent, 1, :at)"),
                     {"sent": SENT_BODY, "at": datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)})
    upgrade(revision=SEALING)
    assert "SECRET" not in repr(_rows()) and "Your saved claim" not in repr(_rows())
    # Only the columns that exist at this revision (later migrations add others to the model).
    waiting, sent = db.session.query(OutboxMessage.subject, OutboxMessage.body).order_by(OutboxMessage.id).all()
    assert (subject_of(waiting), body_of(waiting)) == ("Your saved claim", "resume?t=SECRET")
    assert (subject_of(sent), body_of(sent)) == ("Sent earlier", SENT_BODY)
    db.session.remove()

    downgrade(revision=BEFORE)
    assert _rows() == [("Your saved claim", "resume?t=SECRET"), ("Sent earlier", SENT_BODY)]
