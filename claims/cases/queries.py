"""Read-side queries for the staff claim views, shaped for speed on large caseloads.

The claim list pages by keyset (the last row seen), not OFFSET, so page 1,000 costs the
same as page 1; the total is counted on the claims table alone unless a search needs the join.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort
from flask_login import current_user
from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import selectinload

from claims.cases.locks import lock_claim
from claims.extensions import db
from claims.ids import MAX_ID
from claims.models import Claim, Claimant, User

PAGE_SIZE = 50


@dataclass(frozen=True)
class Cursor:
    """A position in the newest-first list: the submitted time and id of a row."""

    submitted_at: datetime
    claim_id: int

    def encode(self) -> str:
        return f"{self.submitted_at.isoformat()}~{self.claim_id}"

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        """Parse a cursor from the query string; None if absent or malformed."""
        try:
            stamp, claim_id = (text or "").split("~")
            cursor = cls(datetime.fromisoformat(stamp), int(claim_id))
        except ValueError:
            return None
        if cursor.submitted_at.tzinfo is None or not 0 < cursor.claim_id <= MAX_ID:
            return None
        return cursor


@dataclass(frozen=True)
class ClaimListPage:
    rows: list
    total: int
    newer: Cursor | None  # where the previous (newer) page starts, if there is one
    older: Cursor | None  # where the next (older) page starts, if there is one


def list_submitted_claims(search: str = "", before: Cursor | None = None, after: Cursor | None = None) -> ClaimListPage:
    """One page of submitted claims, newest first: older than ``before`` or newer than ``after``."""
    query = _list_query(search)
    key = tuple_(Claim.submitted_at, Claim.id)
    if after is not None:
        query = query.where(key > tuple_(after.submitted_at, after.claim_id))
        rows = list(reversed(db.session.execute(
            query.order_by(Claim.submitted_at, Claim.id).limit(PAGE_SIZE + 1)).all()))
        more_newer, rows = len(rows) > PAGE_SIZE, rows[-PAGE_SIZE:]
        more_older = True
    else:
        if before is not None:
            query = query.where(key < tuple_(before.submitted_at, before.claim_id))
        rows = db.session.execute(
            query.order_by(Claim.submitted_at.desc(), Claim.id.desc()).limit(PAGE_SIZE + 1)).all()
        more_older, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
        more_newer = before is not None
    return ClaimListPage(
        rows=rows, total=_count(search),
        newer=_cursor(rows[0]) if rows and more_newer else None,
        older=_cursor(rows[-1]) if rows and more_older else None,
    )


def _list_query(search: str):
    query = (select(Claim.id, Claim.reference, Claim.status, Claim.submitted_at, Claim.defendant_name,
                    Claim.earliest_limitation_on, Claim.screening_flags,
                    Claimant.first_name, Claimant.last_name)
             .join(Claimant, Claim.claimant_id == Claimant.id)
             .where(Claim.submitted_at.is_not(None)))
    return query.where(_matches(search)) if search else query


def _count(search: str) -> int:
    if not search:  # every claim has a claimant, so the join cannot change the count
        return db.session.scalar(select(func.count()).select_from(Claim).where(Claim.submitted_at.is_not(None)))
    return db.session.scalar(select(func.count()).select_from(_list_query(search).subquery()))


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


def load_claim_for(user: User, claim_id: int, *, lock: bool = False) -> Claim:
    """The claim with everything the claim page shows, or 404; then check the user may see it.

    ``lock``: take the claim's row lock first (claims.cases.locks), for an action that changes it.
    """
    if lock and not lock_claim(claim_id):
        abort(404)
    claim = db.session.scalar(
        select(Claim).where(Claim.id == claim_id).execution_options(populate_existing=lock).options(
            selectinload(Claim.claimant), selectinload(Claim.litigation_friend),
            selectinload(Claim.data_categories), selectinload(Claim.effects), selectinload(Claim.losses),
            selectinload(Claim.evidence), selectinload(Claim.key_dates), selectinload(Claim.status_changes),
        ))
    if claim is None:
        abort(404)
    if not may_see_claim(user, claim):
        abort(403)
    return claim


def may_see_claim(user: User, claim: Claim) -> bool:
    """Every member of staff may see every claim in this firm; the rule lives here if that changes."""
    return user.is_authenticated and user.has_role("solicitor", "partner", "admin")


def current_user_claim(claim_id: int, *, lock: bool = False) -> Claim:
    """load_claim_for the signed-in user."""
    return load_claim_for(current_user, claim_id, lock=lock)
