"""The work on a claim: tasks with an owner, a due date and a done state, and the earlier text of edited notes."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claims.extensions import db
from claims.models._types import UTCDateTime, utcnow
from claims.models.staff import User


class Task(db.Model):
    """Something to do on a claim by a day: made by a rule (``claims.domain.tasks``) or by hand.

    ``assigned_to_id`` None means the claim's handler, whoever that is when the task is due, so tasks follow
    a claim that is reassigned. Done means ``completed_at`` is set: by a person (``completed_by_id``) or by a
    rule when what it waited for happened (``completed_by_id`` None, ``closed_reason`` says what).
    """

    __tablename__ = "tasks"
    __table_args__ = (
        # "My day" and the diary: open tasks in the order they are listed (by date, then id), so a page of them
        # is the start of one index range, however the planner guesses how many are due.
        # (Partial: PostgreSQL orders by an index's columns only after those it compares with "=", not "IS NULL".)
        Index("ix_tasks_open_due_on", "due_on", "id", postgresql_where=text("completed_at IS NULL"),
              sqlite_where=text("completed_at IS NULL")),
        Index("ix_tasks_assigned_open_due_on", "assigned_to_id", "completed_at", "due_on"),
        # One claim's open tasks (every rule that makes or moves a task reads them): without it SQLite chose the
        # open-by-date index and read every open task in the firm on each submission.
        Index("ix_tasks_claim_open", "claim_id", "completed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # claims.domain.tasks.TASK_KINDS
    rule: Mapped[str | None] = mapped_column(String(60))  # the rule that made it; None: made by hand
    title: Mapped[str] = mapped_column(String(200))
    details: Mapped[str | None] = mapped_column(Text)  # how the date was worked out, or what a person added
    due_on: Mapped[date]
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: made by a rule
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_reason: Mapped[str | None] = mapped_column(String(200))  # why a rule closed it

    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    completed_by: Mapped[User | None] = relationship(foreign_keys=[completed_by_id])

    @property
    def is_open(self) -> bool:
        return self.completed_at is None


class NoteRevision(db.Model):
    """What a note said before an edit: its text and the other fields as they were, who wrote them and when."""

    __tablename__ = "note_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    details: Mapped[dict] = mapped_column(JSON, default=dict)  # contact, party, direction, when, duration
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    replaced_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    written_by: Mapped[User | None] = relationship(foreign_keys=[written_by_id])
    replaced_by: Mapped[User] = relationship(foreign_keys=[replaced_by_id])
