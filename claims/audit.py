"""The audit trail: one call records who saw or changed what.

Details must hold identifiers and field names only, never what a claimant typed.
"""
from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from claims.extensions import db
from claims.models import AuditEvent


def record(action: str, *, entity_type: str | None = None, entity_id: int | None = None,
           claim_id: int | None = None, actor: str | None = None, details: dict | None = None) -> AuditEvent:
    """Add an audit event to the session (the caller's request commits it)."""
    user_id = None
    if has_request_context() and current_user.is_authenticated:
        user_id = current_user.id
    event = AuditEvent(
        action=action, entity_type=entity_type, entity_id=entity_id, claim_id=claim_id,
        user_id=user_id, actor=actor or ("staff" if user_id else "claimant"),
        ip_address=request.remote_addr if has_request_context() else None,
        details=details or {},
    )
    db.session.add(event)
    return event
