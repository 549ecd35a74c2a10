"""Read-side queries for the staff claim views, shaped for speed on large caseloads."""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from claims.extensions import db
from claims.models import Claim, Claimant, User

PAGE_SIZE = 50


@dataclass(frozen=True)
class ClaimListPage:
    rows: list
    page: int
    has_next: bool
    total: int


def list_submitted_claims(page: int = 1, search: str = "") -> ClaimListPage:
    """Submitted claims, newest first, one page at a time (keyed on the submitted_at index)."""
    query = (select(Claim.id, Claim.reference, Claim.status, Claim.submitted_at, Claim.defendant_name,
                    Claim.earliest_limitation_on, Claim.screening_flags,
                    Claimant.first_name, Claimant.last_name)
             .join(Claimant, Claim.claimant_id == Claimant.id)
             .where(Claim.submitted_at.is_not(None)))
    search = search.strip()
    if search:
        query = query.where(_matches(search))
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.execute(
        query.order_by(Claim.submitted_at.desc(), Claim.id.desc())
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)
    ).all()
    return ClaimListPage(rows=rows[:PAGE_SIZE], page=page, has_next=len(rows) > PAGE_SIZE, total=total)


def _matches(search: str):
    if search.upper().startswith("BC-"):
        return Claim.reference == search.upper()
    return func.lower(Claimant.last_name).startswith(search.lower(), autoescape=True)


def load_claim_for(user: User, claim_id: int) -> Claim:
    """The claim with everything the claim page shows, or 404; then check the user may see it."""
    claim = db.session.scalar(
        select(Claim).where(Claim.id == claim_id).options(
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


def current_user_claim(claim_id: int) -> Claim:
    """load_claim_for the signed-in user."""
    return load_claim_for(current_user, claim_id)
