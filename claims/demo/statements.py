"""Completion statements for the demo's most recent settlements, made as the app makes them.

A completion statement applies the client's signed CFA to the damages (``claims.outcomes.statement``), so each
of these claims first gets its client care letter and CFA, made from the real template with the firm's default
terms and marked signed on the day the claim's history says the client signed. Only the few latest
settlements get one: each is two real Word documents, and ``seed-demo --claims N`` stays fast.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from claims.clock import UK
from claims.demo.outcomes import DEMO_TERMS
from claims.domain.letters import cancellation_ends_on
from claims.extensions import db
from claims.letters import agreements, documents
from claims.models import Claim, Settlement, StatusChange, User
from claims.outcomes import statement

STATEMENTS = 3
DEMO_PROSPECTS = 60


def make_statements(now: datetime, limit: int = STATEMENTS) -> int:
    """Give the ``limit`` latest settlements without a statement their signed CFA and completion statement."""
    made = 0
    latest = db.session.scalars(select(Settlement).where(Settlement.statement_id.is_(None))
                                .order_by(Settlement.agreed_on.desc(), Settlement.id.desc()).limit(limit)).all()
    for settlement in latest:
        claim = db.session.get(Claim, settlement.claim_id)
        handler = db.session.get(User, settlement.recorded_by_id)
        signed_at = db.session.scalar(select(StatusChange.changed_at).where(
            StatusChange.claim_id == claim.id, StatusChange.to_status == "cfa_signed")) or now
        if agreements.signed_agreement(claim.id) is None:
            sent_on = signed_at.astimezone(UK).date()
            document, context = documents.make_with_context(claim, "client_care_cfa", by=handler, today=sent_on,
                                                            terms=DEMO_TERMS, prospects=DEMO_PROSPECTS)
            agreement, _token = agreements.create(claim, document, DEMO_TERMS, prospects=DEMO_PROSPECTS,
                                                  success_fee_reason=None, by=handler, today=sent_on)
            client = claim.litigation_friend or claim.claimant
            agreement.shown_context, agreement.signed_at, agreement.signed_name = context, signed_at, client.full_name
            agreement.signed_document_sha256 = document.sha256
            agreement.cancellation_ends_on = cancellation_ends_on(sent_on)
        statement.make_statement(claim, settlement, by=handler, today=settlement.agreed_on, actor="system")
        made += 1
    return made
