"""What "my day", the diary and a claim's work panel read: a fixed number of queries each, never one per row.

Whose work: a partner's day covers their team's claims and those they supervise or handle (every claim they may see
when they belong to no team); anyone else's covers the claims assigned to them, and the tasks assigned to
them on any claim they may see. A task with no owner belongs to the claim's handler. Every query is within
``claims.claim.access.visible_claims``, so a claim the user may not open never appears.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import joinedload

from claims.claim.access import visible_claims
from claims.domain import diary
from claims.domain.status import CLOSED_STATUSES
from claims.domain.tasks import FROM_CLIENT_KINDS
from claims.extensions import db
from claims.models import Claim, Claimant, KeyDate, Note, Task, User

LIMIT = 100  # rows a section of "my day" shows; it says when there are more
TRIAGE_COUNT_CAP = 1_000  # claims awaiting triage are counted up to here
DIARY_LIMIT = 5_000  # events in one diary or iCalendar file
DIARY_KEY_DATES = ("limitation", "response_due", "sar_due", "cancellation_ends", "court")
_CLAIM_COLUMNS = (Claim.id.label("claim_id"), Claim.reference, Claim.status, Claimant.first_name, Claimant.last_name)


def whole_team(user) -> bool:
    """A partner sees the day of their team."""
    return user.has_role("partner")


def _team_claims(user) -> ColumnElement[bool]:
    """A partner's team: the claims of their team and those they supervise or handle (the firm, without a team)."""
    if user.team_id is None:
        return visible_claims(user)
    return and_(visible_claims(user), or_(Claim.team_id == user.team_id, Claim.supervisor_id == user.id,
                                          Claim.assigned_to_id == user.id))


def claims_of(user, *, team: bool) -> ColumnElement[bool]:
    """The claims whose dates this user's day and diary show."""
    return _team_claims(user) if team else and_(visible_claims(user), Claim.assigned_to_id == user.id)


def tasks_of(user, *, team: bool) -> ColumnElement[bool]:
    """The open tasks that are this user's: their own, and their claims' tasks with no owner."""
    if team:
        return _team_claims(user)
    return and_(visible_claims(user), or_(Task.assigned_to_id == user.id,
                                          and_(Task.assigned_to_id.is_(None), Claim.assigned_to_id == user.id)))


@dataclass
class MyDay:
    today: date
    team: bool
    limitation: list = field(default_factory=list)
    tasks: dict = field(default_factory=dict)  # bucket → rows: overdue, today, week
    from_clients: list = field(default_factory=list)
    responses: list = field(default_factory=list)
    cooling_off: list = field(default_factory=list)
    triage: list = field(default_factory=list)
    triage_total: int = 0
    more: set = field(default_factory=set)  # sections cut at LIMIT


def my_day(user, *, today: date) -> MyDay:
    """Everything on the user's first screen, in five queries however many claims there are."""
    team = whole_team(user)
    day = MyDay(today=today, team=team)
    day.limitation = _by_claim_and_day(_cut(day, "limitation", _limitation_rows(user, team, today)))
    rows = _cut(day, "tasks", _task_rows(user, team, today))
    day.from_clients = [row for row in rows if row.kind in FROM_CLIENT_KINDS]
    for bucket in ("overdue", "today", "week"):
        day.tasks[bucket] = [row for row in rows if row.kind not in FROM_CLIENT_KINDS
                             and diary.bucket(row.due_on, today=today) == bucket]
    key_dates = _cut(day, "key_dates", _key_date_rows(user, team, today))
    day.responses = [row for row in key_dates if row.kind != "cancellation_ends"]
    day.cooling_off = [row for row in key_dates if row.kind == "cancellation_ends"]
    day.triage, day.triage_total = _triage(user, team)
    return day


@dataclass(frozen=True)
class LimitationRow:
    """A claim's limitation date within the warning window, with every cause of action that ends on it."""

    claim_id: int
    reference: str
    first_name: str
    last_name: str
    due_on: date
    causes: tuple[str, ...]


def _by_claim_and_day(rows: list) -> list[LimitationRow]:
    """One row per claim and date (the query orders them so that a claim's causes ending together are adjacent)."""
    grouped: list[LimitationRow] = []
    for row in rows:
        cause = row.label.removeprefix("Limitation: ")
        last = grouped[-1] if grouped else None
        if last and (last.claim_id, last.due_on) == (row.claim_id, row.due_on):
            grouped[-1] = LimitationRow(**{**last.__dict__, "causes": (*last.causes, cause)})
        else:
            grouped.append(LimitationRow(row.claim_id, row.reference, row.first_name, row.last_name, row.due_on,
                                         (cause,)))
    return grouped


def _cut(day: MyDay, section: str, query) -> list:
    rows = db.session.execute(query.limit(LIMIT + 1)).all()
    if len(rows) > LIMIT:
        day.more.add(section)
    return rows[:LIMIT]


def _limitation_rows(user, team: bool, today: date):
    return (select(KeyDate.label, KeyDate.due_on, *_CLAIM_COLUMNS)
            .join(Claim, KeyDate.claim_id == Claim.id).join(Claimant, Claim.claimant_id == Claimant.id)
            .where(KeyDate.kind == "limitation", KeyDate.completed_at.is_(None),
                   KeyDate.due_on >= today, KeyDate.due_on <= diary.limitation_horizon(today),
                   Claim.status.not_in(CLOSED_STATUSES), claims_of(user, team=team))
            .order_by(KeyDate.due_on, KeyDate.claim_id, KeyDate.id))  # the index's order: no sort


def _task_rows(user, team: bool, today: date):
    owner = User.__table__.alias("owner")
    return (select(Task.id, Task.kind, Task.title, Task.due_on, owner.c.full_name.label("owner_name"),
                   *_CLAIM_COLUMNS)
            .join(Claim, Task.claim_id == Claim.id).join(Claimant, Claim.claimant_id == Claimant.id)
            .outerjoin(owner, owner.c.id == func.coalesce(Task.assigned_to_id, Claim.assigned_to_id))
            # What the client did is due by the next working day, so within the week too: one index range.
            .where(Task.completed_at.is_(None), Task.due_on <= diary.week_end(today), tasks_of(user, team=team))
            .order_by(Task.due_on, Task.id))


def _key_date_rows(user, team: bool, today: date):
    """Replies due from the defendant (overdue or this week) while still awaited, and cooling-off periods ending."""
    awaited = or_(
        and_(KeyDate.kind == "response_due", Claim.status == "letter_of_claim_sent"),
        and_(KeyDate.kind == "sar_due", Claim.status.in_(("sar_sent", "letter_of_claim_sent"))),
        and_(KeyDate.kind == "cancellation_ends", KeyDate.due_on >= today))
    return (select(KeyDate.id, KeyDate.kind, KeyDate.label, KeyDate.due_on, *_CLAIM_COLUMNS)
            .join(Claim, KeyDate.claim_id == Claim.id).join(Claimant, Claim.claimant_id == Claimant.id)
            # The kinds named first, so that each is one range of the (kind, completed_at, due_on) index: the firm's
            # past limitation dates would otherwise be read to be thrown away.
            .where(KeyDate.kind.in_(("response_due", "sar_due", "cancellation_ends")), KeyDate.completed_at.is_(None),
                   KeyDate.due_on <= diary.week_end(today), awaited,
                   Claim.status.not_in(CLOSED_STATUSES), claims_of(user, team=team))
            .order_by(KeyDate.due_on, KeyDate.claim_id, KeyDate.id))


def _triage(user, team: bool) -> tuple[list, int]:
    """Claims awaiting triage, oldest first: unassigned ones and the user's own (a partner: all)."""
    where = [Claim.status == "submitted", Claim.submitted_at.is_not(None),
             _team_claims(user) if team else visible_claims(user)]
    if not team:
        where.append(or_(Claim.assigned_to_id.is_(None), Claim.assigned_to_id == user.id))
    rows = db.session.execute(
        select(Claim.submitted_at, Claim.defendant_name, Claim.earliest_limitation_on, *_CLAIM_COLUMNS)
        .join(Claimant, Claim.claimant_id == Claimant.id).where(*where)
        .order_by(Claim.submitted_at, Claim.id).limit(LIMIT)).all()
    if len(rows) < LIMIT:
        return rows, len(rows)
    # Counted up to TRIAGE_COUNT_CAP + 1 (shown as "more than 1,000"): a firm's backlog is not counted claim by claim.
    waiting = select(Claim.id).where(*where).limit(TRIAGE_COUNT_CAP + 1).subquery()
    return rows, db.session.scalar(select(func.count()).select_from(waiting))


# -- the diary -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DiaryItem:
    """One dated entry: a key date or an open task on one of the user's claims."""

    uid: str  # stable across exports, so a calendar updates an event rather than adding another
    on: date
    what: str
    kind: str
    is_task: bool
    claim_id: int
    reference: str


def diary_items(user, *, start: date, end: date) -> tuple[list[DiaryItem], bool]:
    """The user's open key dates and tasks from ``start`` to ``end``, by date; True if cut at the limit."""
    key_dates = db.session.execute(
        select(KeyDate.id, KeyDate.kind, KeyDate.label, KeyDate.due_on, Claim.id.label("claim_id"), Claim.reference)
        .join(Claim, KeyDate.claim_id == Claim.id)
        .where(KeyDate.kind.in_(DIARY_KEY_DATES), KeyDate.completed_at.is_(None), KeyDate.due_on.between(start, end),
               Claim.status.not_in(CLOSED_STATUSES), claims_of(user, team=False))
        .order_by(KeyDate.due_on, KeyDate.id).limit(DIARY_LIMIT + 1)).all()
    open_tasks = db.session.execute(
        select(Task.id, Task.kind, Task.title, Task.due_on, Claim.id.label("claim_id"), Claim.reference)
        .join(Claim, Task.claim_id == Claim.id)
        .where(Task.completed_at.is_(None), Task.due_on.between(start, end), tasks_of(user, team=False))
        .order_by(Task.due_on, Task.id).limit(DIARY_LIMIT + 1)).all()
    items = [DiaryItem(f"key-date-{row.id}", row.due_on, row.label, row.kind, False, row.claim_id, row.reference)
             for row in key_dates]
    items += [DiaryItem(f"task-{row.id}", row.due_on, row.title, row.kind, True, row.claim_id, row.reference)
              for row in open_tasks]
    items.sort(key=lambda item: (item.on, item.is_task, item.reference or "", int(item.uid.rsplit("-", 1)[1])))
    return items[:DIARY_LIMIT], len(items) > DIARY_LIMIT


# -- one claim ------------------------------------------------------------------------------------------

def claim_tasks(claim_id: int) -> list[Task]:
    """The claim's tasks, open ones first by date, then those done, latest first; owners loaded."""
    return list(db.session.scalars(
        select(Task).where(Task.claim_id == claim_id)
        .options(joinedload(Task.assigned_to), joinedload(Task.completed_by), joinedload(Task.created_by))
        .order_by(Task.completed_at.is_not(None), Task.due_on, Task.completed_at.desc(), Task.id)))


def claim_notes(claim_id: int) -> list[Note]:
    """The claim's notes, calls and documents, latest first, with who wrote and edited them and any file."""
    return list(db.session.scalars(
        select(Note).where(Note.claim_id == claim_id)
        .options(joinedload(Note.author), joinedload(Note.edited_by), joinedload(Note.evidence_file))
        .order_by(Note.occurred_at.desc(), Note.id.desc())))
