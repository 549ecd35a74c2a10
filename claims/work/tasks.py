"""Tasks on a claim: made by a rule or by hand, done and reopened by a person, closed by a rule.

Flushes, never commits. Callers hold the claim's row lock when they change a claim's tasks
(views load the claim with ``lock=True``; the kernel's events are sent inside such requests).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from claims import audit
from claims.domain import tasks as rules
from claims.domain.status import CLOSED_STATUSES
from claims.domain.tasks import TaskSpec
from claims.extensions import db
from claims.models import Claim, KeyDate, Task, User
from claims.models._types import utcnow


def open_tasks(claim_id: int) -> list[Task]:
    """The claim's open tasks, earliest first."""
    return list(db.session.scalars(select(Task).where(Task.claim_id == claim_id, Task.completed_at.is_(None))
                                   .order_by(Task.due_on, Task.id)))


def apply(claim: Claim, spec: TaskSpec, *, keep_earlier: bool = False, again: bool = False) -> Task | None:
    """Make the task a rule asks for, or move the claim's open task from the same rule to the new date.

    A task from the same rule for the same day that a person has marked done is not made again (None),
    unless ``again`` (a reopened claim is triaged again); one a rule closed is. ``keep_earlier``: an open
    task keeps its date if that is sooner (more evidence while one review waits).
    """
    same_rule = (Task.claim_id == claim.id) & (Task.rule == spec.rule)
    task = db.session.scalar(select(Task).where(same_rule, Task.completed_at.is_(None)))
    if task is None:
        done = select(Task.id).where(same_rule, Task.due_on == spec.due_on, Task.completed_at.is_not(None),
                                     Task.closed_reason.is_(None)).limit(1)
        if not again and db.session.scalar(done) is not None:
            return None
        task = Task(claim_id=claim.id, kind=spec.kind, rule=spec.rule, title=spec.title, details=spec.basis,
                    due_on=spec.due_on)
        db.session.add(task)
        db.session.flush()
        audit.record("task.created", entity_type="task", entity_id=task.id, claim_id=claim.id,
                     actor="system", details={"rule": spec.rule})
    elif not (keep_earlier and task.due_on <= spec.due_on):
        task.title, task.details, task.due_on = spec.title, spec.basis, spec.due_on
    return task


def add(claim: Claim, *, title: str, due_on: date, details: str | None, assigned_to_id: int | None,
        by: User) -> Task:
    """A task made by hand (``assigned_to_id`` None: the claim's handler)."""
    task = Task(claim_id=claim.id, kind="manual", title=title, details=details or None, due_on=due_on,
                assigned_to_id=assigned_to_id, created_by_id=by.id)
    db.session.add(task)
    db.session.flush()
    audit.record("task.created", entity_type="task", entity_id=task.id, claim_id=claim.id,
                 details={"assigned_to_id": assigned_to_id})
    return task


def complete(task: Task, *, by: User) -> None:
    """Mark a task done, by this person, now."""
    task.completed_at, task.completed_by_id, task.closed_reason = utcnow(), by.id, None
    audit.record("task.completed", entity_type="task", entity_id=task.id, claim_id=task.claim_id)


def reopen(task: Task, *, by: User) -> None:
    """Undo "done": the task is open again (the audit trail keeps who had closed it)."""
    audit.record("task.reopened", entity_type="task", entity_id=task.id, claim_id=task.claim_id,
                 details={"was_completed_by_id": task.completed_by_id})
    task.completed_at, task.completed_by_id, task.closed_reason = None, None, None


def close_kinds(claim_id: int, kinds: Iterable[str], *, reason: str, by: User | None = None) -> int:
    """Close the claim's open automatic tasks of these kinds (a rule's doing: ``by`` is who caused it, if anyone)."""
    kinds = frozenset(kinds) & rules.AUTOMATIC_KINDS
    if not kinds:
        return 0
    found = list(db.session.scalars(select(Task).where(Task.claim_id == claim_id, Task.kind.in_(kinds),
                                                       Task.completed_at.is_(None))))
    for task in found:
        task.completed_at, task.completed_by_id, task.closed_reason = utcnow(), by.id if by else None, reason[:200]
        audit.record("task.closed", entity_type="task", entity_id=task.id, claim_id=claim_id,
                     actor=None if by else "system", details={"kind": task.kind})
    return len(found)


def sync_limitation_warnings(claim: Claim, *, today: date) -> None:
    """Make the claim's warnings match its limitation dates now: add or move each, close those no longer asked for.

    A closed claim's dates are not live (``claims.domain.diary.limitation_is_live``): it has no warnings.
    """
    causes_by_date: dict[date, list[str]] = {}
    if claim.status not in CLOSED_STATUSES:
        for due_on, cause in db.session.execute(select(KeyDate.due_on, KeyDate.cause).where(
                KeyDate.claim_id == claim.id, KeyDate.kind == "limitation", KeyDate.completed_at.is_(None))):
            causes_by_date.setdefault(due_on, []).append(cause or "")
    wanted = [spec for due_on, causes in sorted(causes_by_date.items())
              for spec in rules.limitation_warnings(expires_on=due_on, causes=causes, today=today)]
    for spec in wanted:
        apply(claim, spec)
    stale = [task for task in open_tasks(claim.id)
             if task.kind == "limitation_warning" and task.rule not in {spec.rule for spec in wanted}]
    for task in stale:
        task.completed_at, task.closed_reason = utcnow(), "The limitation date changed or has passed"
        audit.record("task.closed", entity_type="task", entity_id=task.id, claim_id=claim.id, actor="system",
                     details={"kind": task.kind})
