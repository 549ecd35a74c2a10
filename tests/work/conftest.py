"""Fixtures for the work feature: a signed-in solicitor, claims assigned to them, tasks and key dates."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from claims import unit_of_work
from claims.extensions import db
from claims.models import KeyDate, Task
from tests.clock import TODAY

# Breach on 10/01/2026 against a council: the Human Rights Act claim ends on 09/01/2027, within 3 months.
SOON = {"what-happened": {"breach_date-day": "10", "breach_date-month": "1", "breach_date-year": "2026",
                          "discovered_date-day": "20", "discovered_date-month": "1", "discovered_date-year": "2026"}}


@pytest.fixture
def solicitor(login_as):
    return login_as("solicitor")


@pytest.fixture
def my_claim(make_claim, solicitor):
    """A submitted claim assigned to the signed-in solicitor: my_claim(status=None, **answers)."""
    def make(status: str | None = None, handler=None, **answers):
        claim = make_claim(**answers)
        claim.assigned_to_id = (handler or solicitor).id
        if status:
            claim.status = status
        unit_of_work.commit()  # and make the acknowledgement letter the claim queued now, not in a later request
        return claim
    return make


def add_task(claim, days: int = 0, title: str = "Call the client", **values) -> Task:
    task = Task(claim_id=claim.id, kind=values.pop("kind", "manual"), title=title, due_on=TODAY + timedelta(days=days),
                **values)
    db.session.add(task)
    db.session.commit()
    return task


def add_key_date(claim, kind: str, days: int,
                 label: str = "Defendant's response to the letter of claim due") -> KeyDate:
    key_date = KeyDate(claim_id=claim.id, kind=kind, label=label, due_on=TODAY + timedelta(days=days))
    db.session.add(key_date)
    db.session.commit()
    return key_date


def tasks_of(claim, kind: str | None = None, *, open_only: bool = False) -> list[Task]:
    db.session.expire_all()
    query = select(Task).where(Task.claim_id == claim.id).order_by(Task.due_on, Task.id)
    if kind:
        query = query.where(Task.kind == kind)
    if open_only:
        query = query.where(Task.completed_at.is_(None))
    return list(db.session.scalars(query))


class QueryCounter:
    """Counts the SQL statements sent while it is active."""

    def __init__(self):
        self.count = 0

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self._count)

    def _count(self, *args, **kwargs):
        self.count += 1


def on(day: date) -> str:
    return day.strftime("%d/%m/%Y")
