"""One commit per request, at the boundary; a GET writes nothing but the audit trail.

The routes here are added to the test app for the test: they do what a view would (add a row,
answer with a status, raise) and the database is then read on a connection of its own, so only
what was committed is seen.
"""
from __future__ import annotations

import ast

import pytest
from flask import abort
from sqlalchemy import func, select

from claims import audit, unit_of_work
from claims.config import PROJECT_ROOT
from claims.extensions import db
from claims.models import AuditEvent, Defendant


def _committed(model, **where) -> int:
    """Rows of ``model`` matching ``where`` as another connection sees them (only what was committed)."""
    with db.engine.connect() as connection:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return connection.scalar(query)


@pytest.fixture
def routes(app):
    ran = []

    def add_defendant(status: int):
        db.session.add(Defendant(name=f"Council {status}", sector="local_government"))
        unit_of_work.after_commit(ran.append, status)
        if status >= 400:
            abort(status)
        return "made", status

    def boom():
        db.session.add(Defendant(name="Council boom", sector="local_government"))
        unit_of_work.after_commit(ran.append, "boom")
        raise RuntimeError("the view failed")

    def seen():
        audit.record("thing.viewed", entity_type="thing", entity_id=1)
        return "seen"

    def sneaky_write():
        db.session.add(Defendant(name="Council on a GET", sector="local_government"))
        db.session.flush()
        return "wrote"

    app.add_url_rule("/t/add/<int:status>", "t_add", add_defendant, methods=["POST"])
    app.add_url_rule("/t/boom", "t_boom", boom, methods=["POST"])
    app.add_url_rule("/t/seen", "t_seen", seen)
    app.add_url_rule("/t/write", "t_write", sneaky_write)
    return ran


@pytest.mark.parametrize("status, kept", [(200, 1), (302, 1), (400, 0), (403, 0), (409, 0)])
def test_a_request_commits_once_when_it_succeeds_and_rolls_back_when_it_does_not(client, routes, status, kept):
    assert client.post(f"/t/add/{status}").status_code == status
    assert _committed(Defendant, name=f"Council {status}") == kept
    assert routes == ([status] if kept else [])  # what waited for the commit ran only after one


def test_an_exception_keeps_nothing_and_runs_nothing_that_waited(app, client, routes):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert client.post("/t/boom").status_code == 500
    assert _committed(Defendant, name="Council boom") == 0 and routes == []
    unit_of_work.commit()  # a later commit does not run the dropped callback either
    assert routes == []


def test_a_get_records_who_saw_what_in_the_same_commit(client, routes):
    assert client.get("/t/seen").status_code == 200
    assert _committed(AuditEvent, action="thing.viewed") == 1


def test_a_get_that_writes_anything_else_is_refused(client, routes):
    with pytest.raises(unit_of_work.ReadOnlyRequest, match="GET /t/write tried to write Defendant"):
        client.get("/t/write")
    assert _committed(Defendant, name="Council on a GET") == 0


def test_no_view_commits_for_itself():
    """Views add to the session; the request commits (scripts, jobs and the CLI commit their own work)."""
    views = [path for path in (PROJECT_ROOT / "claims").rglob("*.py")
             if path.name in ("views.py", "portal.py") or path.parent.name == "auth"]
    assert len(views) >= 6
    calls = [f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}" for path in views
             for node in ast.walk(ast.parse(path.read_text()))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "commit"]
    assert calls == []
