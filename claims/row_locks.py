"""Row locks held to the end of the transaction: how a check-then-act step (is the claim still
"submitted"? is there room for one more file?) happens once when two requests come together.

- PostgreSQL: ``SELECT … FOR UPDATE`` on the row (other lockers of the same row wait; readers
  and other rows do not).
- SQLite: a no-op ``UPDATE`` of the row, which takes the database's write lock (SQLite has one
  for the whole file) and waits for it up to the busy timeout; past it, ``Busy``: a 409 page asks
  the person to try again, and nothing was changed.

The caller reads what it decides on *after* taking the lock. ``claims.claim.moves`` locks claims;
the claim form locks its draft while it adds files.
"""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import Conflict

from claims.extensions import db


class Busy(Conflict):
    """SQLite's busy timeout passed while another request held the lock."""


def lock_row(model, row_id: int, *, unchanged=()) -> bool:
    """Lock ``model``'s row ``row_id`` for the rest of this transaction; False if there is no such row.

    ``unchanged``: columns with an ``onupdate`` (e.g. ``updated_at``) that SQLite's no-op UPDATE must
    set to themselves, so that taking a lock changes nothing.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        values = {"id": model.id, **{column.key: column for column in unchanged}}
        try:
            return db.session.execute(update(model).where(model.id == row_id).values(**values)
                                      .execution_options(synchronize_session=False)).rowcount == 1
        except OperationalError as exc:
            if "locked" not in str(exc.orig):
                raise
            db.session.rollback()
            raise Busy() from None
    return db.session.scalar(select(model.id).where(model.id == row_id).with_for_update()) is not None
