"""The audit trail's hash chain (claims.audit, claims.domain.audit_chain) and `flask audit verify`: intact after
many real actions and concurrent writers; an edited, deleted, swapped or inserted row is named. The tests
tamper with raw SQL, as someone with the database would (on PostgreSQL past the append-only trigger, which
is itself tested)."""
from __future__ import annotations

import threading
from datetime import datetime, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from claims import audit
from claims.domain import audit_chain
from claims.extensions import db
from claims.models import AuditEvent

# -- the pure walk ------------------------------------------------------------------------------------------


def _chain(count: int) -> list[dict]:
    rows, previous = [], audit_chain.GENESIS
    for seq in range(1, count + 1):
        row = {"id": seq + 10, "seq": seq, "occurred_at": datetime(2026, 11, 23, 10, seq, tzinfo=timezone.utc),
               "user_id": 3, "actor": "staff", "action": "claim.viewed", "entity_type": "claim", "entity_id": 7,
               "claim_id": 7, "ip_address": "127.0.0.1", "details": {"fields": ["status"]}, "prev_hash": previous}
        row["row_hash"] = previous = audit_chain.row_hash(row)
        rows.append(row)
    return rows


def test_an_intact_chain_verifies_with_its_count_and_head():
    rows = _chain(5)
    verdict = audit_chain.verify(rows)
    assert (verdict.count, verdict.head, verdict.broken) == (5, rows[-1]["row_hash"], None)
    assert audit_chain.verify([]) == audit_chain.Verdict(0, audit_chain.GENESIS, None)


@pytest.mark.parametrize("field, value", [("details", {"fields": ["status", "email"]}), ("user_id", 4),
                                          ("occurred_at", datetime(2026, 11, 23, 11, 0, tzinfo=timezone.utc)),
                                          ("id", 99), ("action", "claim.edited")])
def test_any_edited_column_breaks_that_row(field, value):
    rows = _chain(5)
    rows[2][field] = value
    broken = audit_chain.verify(rows).broken
    assert (broken.seq, broken.row_id, "edited" in broken.reason) == (3, rows[2]["id"], True)


def test_the_timestamp_is_hashed_the_same_read_back_naive_from_sqlite():
    row = _chain(1)[0]
    assert audit_chain.row_hash({**row, "occurred_at": row["occurred_at"].replace(tzinfo=None)}) == row["row_hash"]


# -- the database and the command ---------------------------------------------------------------------------


def _verify(app):
    db.session.remove()
    return app.test_cli_runner().invoke(args=["audit", "verify"])


def _ids() -> list[int]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.seq)))


def _tamper(sql: str, **params) -> None:
    """Change audit rows behind the application's back (on PostgreSQL with triggers off, as the owner could)."""
    db.session.remove()
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        conn.execute(text(sql), params)


@pytest.fixture
def busy_trail(client, login_as, make_claim):
    """A trail made by real actions: claims submitted, viewed and listed by a solicitor and a partner."""
    claims = [make_claim() for _ in range(3)]
    login_as("solicitor")
    for claim in claims:
        assert client.get(f"/staff/claims/{claim.id}").status_code == 200
    client.post("/staff/sign-out")
    login_as("partner")
    assert client.get("/staff/audit/").status_code == 200
    for claim in claims:
        assert client.get(f"/staff/claims/{claim.id}").status_code == 200
    ids = _ids()
    assert len(ids) >= 10
    return ids


def test_a_fresh_trail_of_many_actions_verifies(app, busy_trail):
    result = _verify(app)
    assert result.exit_code == 0, result.stderr
    assert f"intact: {len(busy_trail)} row(s)" in result.stdout
    rows = db.session.execute(select(AuditEvent.seq, AuditEvent.prev_hash, AuditEvent.row_hash)
                              .order_by(AuditEvent.seq)).all()
    assert [row.seq for row in rows] == list(range(1, len(rows) + 1))
    assert rows[0].prev_hash == audit_chain.GENESIS
    assert all(later.prev_hash == earlier.row_hash for earlier, later in zip(rows, rows[1:]))
    assert rows[-1].row_hash in result.stdout  # the head, to note elsewhere


def test_an_edited_row_is_named(app, busy_trail):
    target = busy_trail[4]
    _tamper("UPDATE audit_events SET details = :details WHERE id = :id", details='{"rows": 0}', id=target)
    result = _verify(app)
    assert result.exit_code == 1
    assert f"audit row {target} (chain position 5)" in result.stderr and "edited" in result.stderr


def test_a_deleted_row_is_named_by_the_gap_it_leaves(app, busy_trail):
    _tamper("DELETE FROM audit_events WHERE id = :id", id=busy_trail[3])
    result = _verify(app)
    assert result.exit_code == 1
    assert f"audit row {busy_trail[4]} (chain position 5)" in result.stderr
    assert "chain position 4 are missing (deleted)" in result.stderr


def test_two_rows_swapped_are_found_at_the_first_of_them(app, busy_trail):
    first, second = busy_trail[2], busy_trail[6]
    _tamper("UPDATE audit_events SET seq = -seq WHERE id IN (:a, :b)", a=first, b=second)  # free the unique places
    _tamper("UPDATE audit_events SET seq = CASE WHEN id = :a THEN 7 ELSE 3 END WHERE id IN (:a, :b)",
            a=first, b=second)
    result = _verify(app)
    assert result.exit_code == 1
    assert f"audit row {second} (chain position 3)" in result.stderr


CONTENT = ("occurred_at", "user_id", "actor", "action", "entity_type", "entity_id", "claim_id", "ip_address",
           "details")


def test_two_rows_contents_swapped_are_found_at_the_first_of_them(app, busy_trail):
    """The claimant's second event and the partner's last view trade places (ids, positions and hashes kept)."""
    first, second = busy_trail[1], busy_trail[-1]
    table = AuditEvent.__table__
    rows = {row.id: row for row in db.session.execute(select(table).where(table.c.id.in_((first, second)))).mappings()}
    assert any(rows[first][name] != rows[second][name] for name in CONTENT)
    db.session.remove()
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for target, source in ((first, second), (second, first)):
            conn.execute(table.update().where(table.c.id == target)
                         .values({name: rows[source][name] for name in CONTENT}))
    result = _verify(app)
    assert result.exit_code == 1 and f"audit row {first} (chain position 2)" in result.stderr


def test_a_row_inserted_outside_the_trail_is_named(app, busy_trail):
    _tamper("INSERT INTO audit_events (occurred_at, actor, action, details) "
            "VALUES ('2026-11-23 09:00:00', 'system', 'claim.viewed', '{}')")
    inserted = db.session.scalar(select(AuditEvent.id).where(AuditEvent.seq.is_(None)))
    result = _verify(app)
    assert result.exit_code == 1
    assert f"audit row {inserted}: not in the chain" in result.stderr


def test_a_forged_row_copying_a_neighbours_hashes_is_named(app, busy_trail):
    last = db.session.scalar(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1))
    forged_seq, prev, digest = last.seq + 1, last.row_hash, last.row_hash
    _tamper("INSERT INTO audit_events (occurred_at, actor, action, details, seq, prev_hash, row_hash) "
            "VALUES ('2026-11-23 09:00:00', 'system', 'claim.viewed', '{}', :seq, :prev, :hash)",
            seq=forged_seq, prev=prev, hash=digest)
    result = _verify(app)
    assert result.exit_code == 1 and f"(chain position {forged_seq}): its content does not match" in result.stderr


def test_rolled_back_rows_take_no_place_in_the_chain(app):
    audit.record("test.kept")
    db.session.commit()
    audit.record("test.dropped")
    db.session.flush()
    db.session.rollback()
    audit.record("test.kept")
    db.session.commit()
    assert [(e.action, e.seq) for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq))] == \
           [("test.kept", 1), ("test.kept", 2)]
    assert _verify(app).exit_code == 0


def test_concurrent_writers_never_fork_the_chain(app):
    """Four writers committing at once: one chain, positions 1…N without a gap or a repeat."""
    errors: list[BaseException] = []

    def write(number: int) -> None:
        try:
            with app.app_context():
                for round_ in range(15):
                    audit.record("test.concurrent", details={"writer": number, "round": round_})
                    audit.record("test.concurrent", details={"writer": number, "round": round_, "second": True})
                    db.session.commit()
                db.session.remove()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [seq for seq in db.session.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq))] == list(range(1, 121))
    result = _verify(app)
    assert result.exit_code == 0 and "intact: 120 row(s)" in result.stdout


def test_postgresql_refuses_to_change_or_delete_a_sealed_row(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's")
    audit.record("test.sealed")
    db.session.commit()
    for sql in ("UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events", "TRUNCATE audit_events"):
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.exec_driver_sql(sql)
    assert db.session.scalar(select(AuditEvent.action)) == "test.sealed"
