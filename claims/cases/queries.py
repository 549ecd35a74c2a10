"""Read-side queries for the staff claim views, shaped for speed on large caseloads.

The claim list pages by keyset (the last row seen), not OFFSET, so page 1,000 costs the
same as page 1; the total is counted on the claims table alone unless a search needs the join.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, tuple_

from claims.claim.access import visible_claims
from claims.extensions import db
from claims.keyset import Cursor
from claims.models import Claim, Claimant

PAGE_SIZE = 50


@dataclass(frozen=True)
class ClaimListPage:
    rows: list
    total: int
    newer: Cursor | None  # where the previous (newer) page starts, if there is one
    older: Cursor | None  # where the next (older) page starts, if there is one


def list_submitted_claims(user, search: str = "", before: Cursor | None = None,
                          after: Cursor | None = None) -> ClaimListPage:
    """One page of the submitted claims ``user`` may see, newest first: older than ``before`` or newer than ``after``."""
    query = _list_query(user, search)
    key = tuple_(Claim.submitted_at, Claim.id)
    if after is not None:
        query = query.where(key > tuple_(after.at, after.row_id))
        rows = list(reversed(db.session.execute(
            query.order_by(Claim.submitted_at, Claim.id).limit(PAGE_SIZE + 1)).all()))
        more_newer, rows = len(rows) > PAGE_SIZE, rows[-PAGE_SIZE:]
        more_older = True
    else:
        if before is not None:
            query = query.where(key < tuple_(before.at, before.row_id))
        rows = db.session.execute(
            query.order_by(Claim.submitted_at.desc(), Claim.id.desc()).limit(PAGE_SIZE + 1)).all()
        more_older, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
        more_newer = before is not None
    return ClaimListPage(
        rows=rows, total=_count(user, search),
        newer=_cursor(rows[0]) if rows and more_newer else None,
        older=_cursor(rows[-1]) if rows and more_older else None,
    )


def _list_query(user, search: str):
    query = (select(Claim.id, Claim.reference, Claim.status, Claim.submitted_at, Claim.defendant_name,
                    Claim.earliest_limitation_on, Claim.screening_flags,
                    Claimant.first_name, Claimant.last_name)
             .join(Claimant, Claim.claimant_id == Claimant.id)
             .where(Claim.submitted_at.is_not(None), visible_claims(user)))
    return query.where(_matches(search)) if search else query


def _count(user, search: str) -> int:
    if not search:  # every claim has a claimant, so the join cannot change the count
        return db.session.scalar(select(func.count()).select_from(Claim)
                                 .where(Claim.submitted_at.is_not(None), visible_claims(user)))
    return db.session.scalar(select(func.count()).select_from(_list_query(user, search).subquery()))


def _cursor(row) -> Cursor:
    return Cursor(row.submitted_at, row.id)


def _matches(search: str):
    if search.upper().startswith("BC-"):
        return Claim.reference == search.upper()
    prefix = search.lower()
    surname = func.lower(Claimant.last_name)
    # The range lets both databases use the lower(last_name) index; LIKE keeps the match exact.
    upper_bound = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return (surname >= prefix) & (surname < upper_bound) & surname.startswith(prefix, autoescape=True)
