"""The audit trail: one call records who saw or changed what; the trail is append-only and hash-chained.

Details must hold identifiers and field names only, never what a claimant typed.

Tamper evidence (``claims.domain.audit_chain`` has the arithmetic): every row stores its place in the
chain (``seq``), the previous row's hash and the SHA-256 of its own canonical content. ``verify`` walks
the rows in chain order and names the first that does not hold: an edited row, a deleted one (a gap),
one inserted outside ``record`` (no place in the chain) or moved (a swap of ids or contents).

How concurrent writers cannot fork the chain: ``record`` only adds the row; its place and hashes are
given in one serialised step just before its transaction commits (the session's ``before_commit``):

- the row is inserted first (so within the request it reads like any other row), then the chain lock
  is taken, the chain's head (the highest ``seq``) is read, and this transaction's rows are sealed
  after it, in id order, read back from the database so the hash covers exactly what is stored;
- PostgreSQL: the lock is a transaction-level advisory lock, held to the commit; under READ COMMITTED
  (the default) the head is read after the lock is granted, so it is the previous holder's committed
  row. Taken at commit, not at the first audit row, so the lock is held for milliseconds and is the
  last one a transaction asks for: it cannot deadlock with row locks;
- SQLite: the transaction already holds the database's single write lock (it inserted the rows), so
  no other writer can commit in between and the head read is current;
- a unique index on ``seq`` is the backstop: should two transactions ever read the same head (a
  stricter isolation level, a misconfigured lock), the second commit fails; the chain never forks.

Chain order is ``seq``, not id: on PostgreSQL ids are handed out when a row is inserted, before the
lock, so a later id can be sealed first. Rolled-back rows take no place (the next seal reads the
committed head), so ``seq`` runs 1, 2, 3 … without gaps and a gap is a deleted row.

What the chain cannot show on its own: the newest rows cut off the end (the rest still verifies) and a
chain rebuilt by someone able to write to the database. ``flask audit verify`` prints the count and
the head hash: record them elsewhere (the backup log) to catch either. On PostgreSQL a trigger also
refuses UPDATE of a sealed row and any DELETE (migration ``a7c3e9d15f20``); deleting audit rows is
refused there unless the transaction sets ``claims.audit_purge`` (the test suite's clean-up).
"""
from __future__ import annotations

from collections.abc import Iterator

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import bindparam, event, inspect, select, text, update
from sqlalchemy.orm import Session, attributes

from claims.domain import audit_chain
from claims.extensions import db
from claims.models import AuditEvent

_UNSEALED = "claims.audit.unsealed"
_CHAIN_LOCK = 7_310_482_215  # the PostgreSQL advisory lock key of the chain


def record(action: str, *, entity_type: str | None = None, entity_id: int | None = None,
           claim_id: int | None = None, actor: str | None = None, details: dict | None = None) -> AuditEvent:
    """Add an audit event to the session (the caller's request commits it, and the commit chains it)."""
    user_id = None
    if has_request_context() and current_user.is_authenticated:
        user_id = current_user.id
    event_ = AuditEvent(
        action=action, entity_type=entity_type, entity_id=entity_id, claim_id=claim_id,
        user_id=user_id, actor=actor or ("staff" if user_id else "claimant"),
        ip_address=request.remote_addr if has_request_context() else None,
        details=details or {},
    )
    db.session.add(event_)
    db.session.info.setdefault(_UNSEALED, []).append(event_)
    return event_


_TABLE = AuditEvent.__table__


@event.listens_for(Session, "before_commit")
def _seal(session: Session) -> None:
    """Give this transaction's audit rows their place in the chain, under the chain lock."""
    pending = session.info.pop(_UNSEALED, None)
    if not pending:
        return
    session.flush()
    rows = [row for row in pending if inspect(row).persistent and row.seq is None]  # rolled back: transient
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK})
    head = session.execute(select(_TABLE.c.seq, _TABLE.c.row_hash).where(_TABLE.c.seq.is_not(None))
                           .order_by(_TABLE.c.seq.desc()).limit(1)).first()
    seq, previous = (head.seq, head.row_hash) if head else (0, audit_chain.GENESIS)
    objects = {row.id: row for row in rows}
    sealed = []
    stored_rows = session.execute(select(_TABLE).where(_TABLE.c.id.in_(list(objects))).order_by(_TABLE.c.id))
    for stored in stored_rows.mappings():
        seq += 1
        digest = audit_chain.row_hash({**stored, "seq": seq, "prev_hash": previous})
        sealed.append({"row_id": stored["id"], "new_seq": seq, "new_prev": previous, "new_hash": digest})
        previous = digest
    session.execute(update(_TABLE).where(_TABLE.c.id == bindparam("row_id"))
                    .values(seq=bindparam("new_seq"), prev_hash=bindparam("new_prev"), row_hash=bindparam("new_hash")),
                    sealed)
    for values in sealed:
        for name, key in (("seq", "new_seq"), ("prev_hash", "new_prev"), ("row_hash", "new_hash")):
            attributes.set_committed_value(objects[values["row_id"]], name, values[key])


def chain_rows() -> Iterator[dict]:
    """Every audit row in chain order (unsealed rows last, by id), streamed."""
    query = (select(_TABLE).order_by(_TABLE.c.seq.is_(None), _TABLE.c.seq, _TABLE.c.id)
             .execution_options(yield_per=2000))
    for row in db.session.execute(query).mappings():
        yield dict(row)


def verify() -> audit_chain.Verdict:
    """Check the whole chain: the first broken row, or none, with the count and the head hash."""
    return audit_chain.verify(chain_rows())
