"""Claim-form drafts: create, find by resume token, save a page, expire and purge.

The resume token is 32 random bytes; only its SHA-256 is stored, so a database leak
does not reveal working resume links.
"""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from claims import evidence
from claims.extensions import db
from claims.models import EvidenceFile, IntakeDraft
from claims.models._types import utcnow
from claims.links import hash_token



def _lifetime() -> timedelta:
    return timedelta(days=current_app.config["DRAFT_LIFETIME_DAYS"])


def create_draft() -> tuple[IntakeDraft, str]:
    """A new empty draft and its resume token (the token is never stored)."""
    token = secrets.token_urlsafe(32)
    draft = IntakeDraft(token_hash=hash_token(token), answers={}, expires_at=utcnow() + _lifetime())
    db.session.add(draft)
    db.session.flush()
    return draft, token


def find_draft(token: str | None) -> IntakeDraft | None:
    """The live (unexpired, unsubmitted) draft for a token, or None."""
    if not token or len(token) > 100:
        return None
    draft = db.session.scalar(select(IntakeDraft).where(IntakeDraft.token_hash == hash_token(token)))
    if draft is None or draft.submitted_at is not None or draft.expires_at <= utcnow():
        return None
    return draft


def save_page(draft: IntakeDraft, slug: str, answers: dict) -> None:
    """Store one page's answers, leaving every other page as it was, and extend the expiry."""
    draft.answers = {**draft.answers, slug: answers}  # a new dict so the JSON column is marked dirty
    draft.expires_at = utcnow() + _lifetime()


def draft_evidence(draft: IntakeDraft) -> list[EvidenceFile]:
    """Files uploaded to this draft, oldest first."""
    return list(db.session.scalars(
        select(EvidenceFile).where(EvidenceFile.draft_id == draft.id, EvidenceFile.claim_id.is_(None))
        .order_by(EvidenceFile.uploaded_at, EvidenceFile.id)))


def purge_expired_drafts(limit: int | None = None) -> int:
    """Delete expired unsubmitted drafts with their files; returns how many went."""
    query = select(IntakeDraft).where(IntakeDraft.submitted_at.is_(None), IntakeDraft.expires_at <= utcnow())
    drafts = db.session.scalars(query.limit(limit) if limit else query).all()
    for draft in drafts:
        for item in draft_evidence(draft):
            evidence.delete(item)
        db.session.delete(draft)
    db.session.flush()
    return len(drafts)
