"""The unit of work: one commit per request, at the request boundary, and GETs that never write.

- A request that ends with a response below 400 commits once, after the view returns; any other
  response, or an exception, rolls back. Views and services add to the session and never commit;
  a view that must undo part of its work before answering (a refused upload, a signing error)
  rolls back itself and carries on.
- Work that must wait until the data is saved (queueing a job the worker will read the claim
  for) is registered with ``after_commit`` and runs once ``commit()`` succeeds; a rollback drops
  it, and so does the start of the next request (a plain ``db.session.commit()`` runs nothing).
- A GET (or HEAD, OPTIONS) writes nothing but the audit trail: the record of who saw what is
  written in the same commit. Anything else it tries to flush raises ``ReadOnlyRequest``, a
  programming error the tests catch.

Outside a request (the CLI, the worker's jobs), each command or job is its own unit of work and
calls ``commit()`` itself.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from claims.extensions import db
from claims.models import AuditEvent

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_PENDING = "claims.after_commit"


class ReadOnlyRequest(RuntimeError):
    """A GET tried to change something other than the audit trail."""


def init_app(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_finish)
    app.teardown_request(_forget)


def after_commit(callback: Callable, *args) -> None:
    """Call ``callback(*args)`` once the current unit of work has committed (never if it rolls back)."""
    db.session.info.setdefault(_PENDING, []).append((callback, args))


def commit() -> None:
    """Commit the session, then run what waited for it."""
    db.session.commit()
    pending = db.session.info.pop(_PENDING, [])
    for callback, args in pending:
        callback(*args)


def rollback() -> None:
    """Roll the session back and drop what waited for a commit."""
    db.session.rollback()
    db.session.info.pop(_PENDING, None)


def _start() -> None:
    """A request starts clean: work left waiting by code outside a unit of work (a script, a test's
    setup) never runs inside someone else's request."""
    db.session.info.pop(_PENDING, None)


def _finish(response: Response) -> Response:
    if response.status_code < 400:
        commit()
    else:
        rollback()
    return response


def _forget(_error: BaseException | None) -> None:
    """After an exception (no response was made), nothing that waited for a commit may run later."""
    if _error is not None:
        rollback()


@event.listens_for(Session, "before_flush")
def _read_only_on_get(session: Session, _context, _instances) -> None:
    if not has_request_context() or request.method not in SAFE_METHODS:
        return
    changed = [obj for obj in (*session.new, *session.deleted)] + [
        obj for obj in session.dirty if session.is_modified(obj)]
    writes = [type(obj).__name__ for obj in changed if not isinstance(obj, AuditEvent)]
    if writes:
        raise ReadOnlyRequest(f"{request.method} {request.path} tried to write {', '.join(sorted(set(writes)))}")
