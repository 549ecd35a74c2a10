"""The CFA the claimant signs online: the signing link, the signature, the cancellation period.

A link is 32 random bytes; only its SHA-256 is stored. It works for one agreement and one
claim, until it expires (the firm's setting) or a newer agreement replaces it; once signed,
the same link shows the claim's progress for a year. Signing records the time, IP address,
browser and the SHA-256 of the exact document shown, makes a signed copy with a signature
block, moves the claim to "CFA signed" and starts the 14-day cancellation period.
"""
from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from claims import audit, word
from claims.claim.events import cfa_signed
from claims.claim.moves import move
from claims.clock import UK
from claims.domain import letters as rules
from claims.domain.deadlines import format_date
from claims.domain.fees import FeeTerms
from claims.domain.status import OPEN_STATUSES, TransitionError
from claims.extensions import db
from claims.letters import documents, templates
from claims.letters.context import Signature, signature_context
from claims.firm import firm_settings
from claims.mail import queue_mail
from claims.models import Agreement, Claim, ClaimDocument, KeyDate, User
from claims.models._types import utcnow
from claims.links import hash_token


class SigningError(ValueError):
    """The agreement cannot be signed or cancelled now; the message is for the claimant."""



def create(claim: Claim, document: ClaimDocument, terms: FeeTerms, *, prospects: int, success_fee_reason: str | None,
           by: User, today: date) -> tuple[Agreement, str]:
    """A new agreement for ``document`` and its signing token; any unsigned earlier one stops working."""
    for older in db.session.scalars(select(Agreement).where(Agreement.claim_id == claim.id,
                                                            Agreement.superseded_at.is_(None),
                                                            Agreement.signed_at.is_(None))):
        older.superseded_at = utcnow()
    token = secrets.token_urlsafe(32)
    expires_on = rules.signing_link_expires_on(today, firm_settings().signing_link_days)
    agreement = Agreement(
        claim_id=claim.id, document_id=document.id, token_hash=hash_token(token), expires_at=_end_of(expires_on),
        prospects_percent=prospects, success_fee_percent=terms.success_fee_percent,
        success_fee_reason=success_fee_reason or None, cap_percent=terms.cap_percent, vat_percent=terms.vat_percent,
        base_costs_pence=terms.base_costs_pence, ate_premium_pence=terms.ate_premium_pence,
        ate_recoverable=terms.ate_recoverable, created_by_id=by.id)
    db.session.add(agreement)
    db.session.flush()
    audit.record("agreement.sent", entity_type="agreement", entity_id=agreement.id, claim_id=claim.id,
                 details={"document_id": document.id, "success_fee_percent": terms.success_fee_percent,
                          "overridden": success_fee_reason is not None})
    return agreement, token


def find(token: str | None) -> Agreement | None:
    """The agreement a link opens, or None if the link is unknown, replaced or expired."""
    if not token or len(token) > 100:
        return None
    agreement = db.session.scalar(select(Agreement).where(Agreement.token_hash == hash_token(token)))
    if agreement is None or agreement.superseded_at is not None or agreement.expires_at <= utcnow():
        return None
    return agreement


def signed_agreement(claim_id: int) -> Agreement | None:
    """The claim's signed agreement still in force (signed and not cancelled), if any."""
    return db.session.scalar(select(Agreement).where(Agreement.claim_id == claim_id,
                                                     Agreement.signed_at.is_not(None),
                                                     Agreement.cancelled_at.is_(None))
                             .order_by(Agreement.signed_at.desc()).limit(1))


def latest_agreement(claim_id: int) -> Agreement | None:
    return db.session.scalar(select(Agreement).where(Agreement.claim_id == claim_id)
                             .order_by(Agreement.created_at.desc(), Agreement.id.desc()).limit(1))


def sign(agreement: Agreement, *, typed_name: str, shown_sha256: str, ip_address: str, user_agent: str,
         now: datetime | None = None) -> ClaimDocument:
    """Record the claimant's signature and make the signed copy (flushed, not committed).

    ``shown_sha256`` is the SHA-256 of the document the page showed; signing fails if the
    stored document no longer has it (a newer version was sent meanwhile).
    """
    if agreement.signed_at is not None:
        raise SigningError("You have already signed this agreement.")
    shown = agreement.document
    if shown_sha256 != shown.sha256:
        raise SigningError("The agreement changed while you were reading it. Please read it again before signing.")
    claim = db.session.get(Claim, agreement.claim_id)
    if claim.status != "cfa_sent":
        raise SigningError("This agreement can no longer be signed. Please contact us.")
    now = now or utcnow()
    signed_on = now.astimezone(UK).date()
    agreement.signed_at, agreement.signed_name = now, typed_name
    agreement.signed_ip, agreement.signed_user_agent = ip_address[:64], user_agent[:500]
    agreement.signed_document_sha256 = shown.sha256
    agreement.cancellation_ends_on = rules.cancellation_ends_on(signed_on)
    agreement.expires_at = _end_of(rules.portal_open_until(signed_on))
    signature = Signature(name=typed_name, signed_at=now, ip_address=agreement.signed_ip,
                          user_agent=agreement.signed_user_agent, document_sha256=shown.sha256,
                          cancellation_ends_on=agreement.cancellation_ends_on)
    copy = _signed_copy(claim, agreement, signature, signed_on)
    agreement.signed_copy_id = copy.id
    move(claim, "cfa_signed", by=None, reason="CFA signed online by the client")
    if _has_letter_of_claim(claim.id):  # sent earlier on a partner's override: do not send another
        move(claim, "letter_of_claim_sent", by=None, actor="system",
             reason="The letter of claim was already sent on a partner's override")
    claim.key_dates.append(KeyDate(kind="cancellation_ends", label="Client's cancellation period ends",
                                   basis=rules.cancellation_basis(signed_on), due_on=agreement.cancellation_ends_on))
    audit.record("agreement.signed", entity_type="agreement", entity_id=agreement.id, claim_id=claim.id,
                 actor="claimant", details={"document_sha256": shown.sha256, "signed_copy_id": copy.id})
    cfa_signed.send(None, claim=claim, signed_on=signed_on, cancellation_ends_on=agreement.cancellation_ends_on)
    client = claim.litigation_friend or claim.claimant
    if client.email:
        queue_mail(client.email, f"You have signed your agreement – {claim.reference}",
                   f"Dear {client.full_name},\n\nThank you: your no win, no fee agreement is signed. You can cancel "
                   f"it without paying anything until {format_date(agreement.cancellation_ends_on)}, using the same "
                   f"link. We will now start work on your claim.\n\n{firm_settings().name}", claim_id=claim.id)
    return copy


def _signed_copy(claim: Claim, agreement: Agreement, signature: Signature, signed_on: date) -> ClaimDocument:
    """The document the client read, from the same template and context, with the signature block filled."""
    shown = agreement.document
    template = templates.by_sha256("client_care_cfa", shown.template_sha256)
    if template is None:  # the shipped template changed in an upgrade since the CFA was sent
        return documents.make(claim, "client_care_cfa", by=None, today=signed_on, agreement=agreement,
                              signature=signature, signed=True, actor="claimant")
    version = documents.next_version(claim.id, "client_care_cfa")
    context = {**agreement.shown_context, "signature": signature_context(signature),
               "document": {**agreement.shown_context["document"], "version": version}}
    data = word.render(template.content, context)
    return documents.save(claim, "client_care_cfa", data, template, version=version, by=None, signed=True,
                          actor="claimant")


def _has_letter_of_claim(claim_id: int) -> bool:
    return db.session.scalar(select(ClaimDocument.id).where(ClaimDocument.claim_id == claim_id,
                                                            ClaimDocument.kind == "letter_of_claim").limit(1)) is not None


def can_cancel(agreement: Agreement, today: date, status: str) -> bool:
    return (agreement.signed_at is not None and agreement.cancelled_at is None and status in OPEN_STATUSES
            and agreement.cancellation_ends_on is not None and today <= agreement.cancellation_ends_on)


def cancel(agreement: Agreement, *, today: date) -> None:
    """The client cancels within the cancellation period: the claim is withdrawn, nothing to pay."""
    claim = db.session.get(Claim, agreement.claim_id)
    if not can_cancel(agreement, today, claim.status):
        raise SigningError("The cancellation period has ended. Please contact us if you want to stop your claim.")
    try:
        move(claim, "withdrawn", by=None, reason="The client cancelled the CFA within the cancellation period")
    except TransitionError as exc:
        raise SigningError("Your claim can no longer be cancelled online. Please contact us.") from exc
    agreement.cancelled_at = utcnow()
    for key_date in claim.key_dates:
        if key_date.kind == "cancellation_ends" and key_date.completed_at is None:
            key_date.completed_at = agreement.cancelled_at
    client = claim.litigation_friend or claim.claimant
    if client.email:
        queue_mail(client.email, f"You have cancelled your agreement – {claim.reference}",
                   f"Dear {client.full_name},\n\nWe have received your cancellation on {format_date(today)}. "
                   "Your no win, no fee agreement is cancelled, we have stopped work on your claim and you have "
                   f"nothing to pay.\n\n{firm_settings().name}", claim_id=claim.id)
    audit.record("agreement.cancelled", entity_type="agreement", entity_id=agreement.id, claim_id=claim.id,
                 actor="claimant")


def _end_of(day: date) -> datetime:
    """The last moment of ``day`` in UK time."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=UK) - timedelta(microseconds=1)
