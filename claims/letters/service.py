"""What a solicitor does with a claim's letters: accept or decline it, generate a letter.

Each function checks the rules in ``claims.domain.letters`` and ``claims.domain.status``,
makes the document, records the move on the claim's timeline with who and why, sets the
key date that follows, and audits it. Callers commit. It also owns the letter of claim's
preparation (the defendant's address, the approved facts, the forum confirmation) and clears a
forum confirmation, audited, whenever the claimant's postcode or the defendant's address it
relied on changes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from claims import audit
from claims.domain import letters as rules
from claims.domain.letter_of_claim import TO_COMPLETE, missing_before_sending
from claims.domain.deadlines import DeemedReceipt, deemed_receipt, response_due_on, sar_due_on
from claims.domain.fees import FeeTerms, success_fee_from_prospects
from claims.claim.access import may
from claims.claim.events import letter_sent
from claims.claim.moves import move
from claims.claim import limitation
from claims.extensions import db
from claims.letters import agreements, documents
from claims.letters.context import claim_forum, default_terms
from claims.firm import firm_settings
from claims.links import public_url
from claims.letters.templates import Template
from claims.mail import queue_mail
from claims.models import Agreement, Claim, Claimant, ClaimDocument, Defendant, KeyDate, User
from claims.models._types import utcnow


class LetterRefused(ValueError):
    """A rule stops this letter now; the message says which, for the solicitor."""


@dataclass(frozen=True)
class Acceptance:
    """What a solicitor decides when accepting: the prospects and any override of the fee."""

    reason: str
    prospects_percent: int
    success_fee_percent: int | None = None  # None: the ready reckoner's figure
    success_fee_reason: str | None = None
    ate_premium_pence: int | None = None  # None: the firm's default
    ate_recoverable: bool = False


def accept(claim: Claim, decision: Acceptance, *, by: User, today: date) -> tuple[Agreement, ClaimDocument]:
    """Accept the claim: make the client care letter and CFA, email the signing link, mark it sent."""
    move(claim, "accepted", by=by, reason=decision.reason)
    firm = firm_settings()
    fee = decision.success_fee_percent
    if fee is None:
        fee = success_fee_from_prospects(decision.prospects_percent)
    terms = default_terms(firm, fee, ate_recoverable=decision.ate_recoverable)
    if decision.ate_premium_pence is not None:
        terms = FeeTerms(**{**terms.__dict__, "ate_premium_pence": decision.ate_premium_pence})
    return send_agreement(claim, terms, prospects=decision.prospects_percent,
                          success_fee_reason=decision.success_fee_reason, by=by, today=today)


def send_agreement(claim: Claim, terms: FeeTerms, *, prospects: int, success_fee_reason: str | None, by: User,
                   today: date) -> tuple[Agreement, ClaimDocument]:
    """Make the CFA with these terms, replace any unsigned one, and email the client a signing link."""
    document, context = documents.make_with_context(claim, "client_care_cfa", by=by, today=today, terms=terms,
                                                    prospects=prospects, success_fee_reason=success_fee_reason)
    agreement, token = agreements.create(claim, document, terms, prospects=prospects,
                                         success_fee_reason=success_fee_reason, by=by, today=today)
    agreement.shown_context = context
    if claim.status == "accepted":
        move(claim, "cfa_sent", by=by, reason="Client care letter and CFA sent for signing online")
    letter_sent.send(None, claim=claim, kind="client_care_cfa", sent_on=today, received_on=None, due_on=None)
    client = claim.litigation_friend or claim.claimant
    if client.email:
        link = public_url("portal.agreement", token=token)
        queue_mail(client.email, f"Your no win, no fee agreement – {claim.reference}",
                   f"Dear {client.full_name},\n\nThank you for choosing us. Please read your client care letter "
                   f"and no win, no fee agreement, and sign it online, here:\n\n{link}\n\nThe link works until "
                   f"{agreement.expires_at:%d/%m/%Y}. Nobody else can use it; please do not forward it.\n\n"
                   f"{firm_settings().name}", claim_id=claim.id)
    return agreement, document


def decline(claim: Claim, reason: str, *, by: User, today: date) -> ClaimDocument:
    """Decline the claim and make the decline letter, which warns of the limitation dates."""
    move(claim, "declined", by=by, reason=reason)
    return documents.make(claim, "decline", by=by, today=today, decline_reason=reason)


def generate(claim: Claim, kind: str, *, by: User, today: date, override_reason: str | None = None,
             template: Template | None = None, bulk_job_id: int | None = None, actor: str | None = None,
             delivery: DeemedReceipt | None = None) -> ClaimDocument:
    """Make one of the letters staff generate from the claim page (or a bulk job), with what follows.

    ``delivery``: how and when a letter to the defendant is sent (bulk jobs post first class today).
    """
    delivery = delivery or deemed_receipt("first_class_post", today)
    agreement = agreements.signed_agreement(claim.id)
    signed = agreement is not None
    override = bool(override_reason) and may(by, "override_cfa_rule") and kind == "letter_of_claim" and not signed
    refused = rules.refusal(kind, status=claim.status, cfa_signed=signed, partner_override=override)
    if refused:
        raise LetterRefused(refused)
    if kind in rules.SENT_TO_DEFENDANT:
        _check_ready_to_send(claim, kind, delivery)
    document = documents.make(claim, kind, by=by, today=today, override_reason=override_reason if override else None,
                              template=template, bulk_job_id=bulk_job_id, actor=actor, delivery=delivery,
                              agreement=agreement or agreements.latest_agreement(claim.id))
    if override:
        audit.record("letter_of_claim.cfa_rule_overridden", entity_type="claim_document", entity_id=document.id,
                     claim_id=claim.id, details={"document_id": document.id})
    target = rules.status_after(kind, claim.status)
    if target:
        move(claim, target, by=by, reason=f"{document.title} generated (version {document.version})", actor=actor)
    due_on = set_reply_date(claim, kind, delivery) if kind in rules.SENT_TO_DEFENDANT else None
    to_defendant = kind in rules.SENT_TO_DEFENDANT
    letter_sent.send(None, claim=claim, kind=kind, sent_on=delivery.sent_on if to_defendant else today,
                     received_on=delivery.received_on if to_defendant else None, due_on=due_on)
    return document


def set_reply_date(claim: Claim, kind: str, delivery: DeemedReceipt) -> date | None:
    """Set the defendant's reply key date for a letter of ``kind`` sent as ``delivery`` says; returns it."""
    if kind == "letter_of_claim":
        return _set_key_date(claim, "response_due", response_due_on(delivery.received_on),
                      "Defendant's response to the letter of claim due",
                      f"14 days after the defendant receives the letter of claim (Pre-Action Protocol for Media and "
                      f"Communications Claims), moved to the next working day. The letter was {delivery.explanation}.")
    if kind == "subject_access_request":
        return _set_key_date(claim, "sar_due", sar_due_on(delivery.received_on), "Reply to the subject access request due",
                      "One month from receipt (UK GDPR Art. 12(3)), moved to the next working day; the defendant "
                      f"may extend it by two months if it says so within the month. The request was "
                      f"{delivery.explanation}.")
    return None


def _check_ready_to_send(claim: Claim, kind: str, delivery: DeemedReceipt) -> None:
    """Refuse a letter to the defendant until its address, the approved facts and the forum are settled."""
    defendant = claim.defendant
    missing = missing_before_sending(
        kind, method=delivery.method, has_address=bool(defendant and (defendant.address or "").strip()),
        has_email=bool(defendant and defendant.dpo_email), facts_confirmed=claim.facts_confirmed_at is not None,
        forum_problem=claim_forum(claim).problem)
    if missing:
        raise LetterRefused(f"Before the {rules.LETTER_KINDS.label(kind).lower()} can be made: {'; '.join(missing)}.")


class FactsNotReady(ValueError):
    """The summary still has a gap marked for the solicitor."""


def save_facts(claim: Claim, summary: str, *, by: User, confirm: bool) -> None:
    """Store the letter of claim's facts; a change clears any confirmation; confirm records who and when."""
    if confirm and TO_COMPLETE in summary:
        raise FactsNotReady("Replace each “[To complete …]” part of the summary before confirming it")
    if summary != claim.facts_summary:
        was_confirmed = claim.facts_confirmed_at is not None
        claim.facts_summary, claim.facts_confirmed_at, claim.facts_confirmed_by_id = summary, None, None
        audit.record("claim.facts_saved", entity_type="claim", entity_id=claim.id, claim_id=claim.id,
                     details={"confirmation_cleared": was_confirmed})
    if confirm:
        claim.facts_confirmed_at, claim.facts_confirmed_by_id = utcnow(), by.id
        audit.record("claim.facts_confirmed", entity_type="claim", entity_id=claim.id, claim_id=claim.id)
    claim.updated_at = utcnow()


def confirm_forum(claim: Claim, reason: str, *, by: User) -> None:
    """A solicitor confirms the claim may go to the courts of England and Wales, and why (audited)."""
    claim.forum_reason, claim.forum_confirmed_at, claim.forum_confirmed_by_id = reason, utcnow(), by.id
    audit.record("claim.forum_confirmed", entity_type="claim", entity_id=claim.id, claim_id=claim.id)
    claim.updated_at = utcnow()


def set_defendant_address(claim: Claim, address: str, dpo_email: str | None) -> Defendant:
    """Give the claim's defendant its postal address and DPO email (every claim against it uses them).

    A claim already linked to a register entry keeps that link. A claim with none is linked to the entry
    with exactly its defendant's name, made (with the claim's own public authority answer) if there is
    none: never to an entry that only looks alike, which could change whether the Human Rights Act applies.
    A changed address clears the forum confirmations that relied on the old one (``_forum_basis_changed``).
    A first link refreshes the claim's stored limitation dates (``claims.claim.limitation.refresh``).
    """
    defendant = claim.defendant
    if defendant is None:
        defendant = db.session.scalar(select(Defendant).where(Defendant.name == claim.defendant_name))
        if defendant is None:
            defendant = Defendant(name=claim.defendant_name, sector=claim.defendant_sector,
                                  public_authority=bool(claim.defendant_public_authority))
            db.session.add(defendant)
        claim.defendant = defendant
        limitation.refresh(claim)  # the register's answer may add or remove the Human Rights Act year
    defendant.address, defendant.dpo_email = address, dpo_email or None
    db.session.flush()
    audit.record("defendant.address_changed", entity_type="defendant", entity_id=defendant.id, claim_id=claim.id)
    return defendant


def clear_forum_confirmation(claim: Claim, because: str) -> None:
    """Forget a solicitor's forum confirmation whose basis has changed (audited with the reason's code)."""
    if claim.forum_confirmed_at is None:
        return
    claim.forum_reason, claim.forum_confirmed_at, claim.forum_confirmed_by_id = None, None, None
    audit.record("claim.forum_confirmation_cleared", entity_type="claim", entity_id=claim.id, claim_id=claim.id,
                 details={"because": because})
    claim.updated_at = utcnow()


@event.listens_for(Session, "before_flush")
def _forum_basis_changed(session: Session, flush_context, instances) -> None:
    """A confirmed forum was judged on the claimant's postcode and the defendant's address: when either
    changes, however it is changed, the claims relying on it need a new confirmation."""
    changed = []
    for item in session.dirty:
        if isinstance(item, Claimant) and _changed(item, "postcode"):
            changed.append((Claim.claimant_id == item.id, "claimant_postcode_changed"))
        elif isinstance(item, Defendant) and _changed(item, "address"):
            changed.append((Claim.defendant_id == item.id, "defendant_address_changed"))
        elif isinstance(item, Claim) and _changed(item, "defendant"):  # first linked to a register entry
            changed.append((Claim.id == item.id, "defendant_address_changed"))
    if not changed:
        return
    with session.no_autoflush:
        for where, because in changed:
            for claim in session.scalars(select(Claim).where(where, Claim.forum_confirmed_at.is_not(None))):
                clear_forum_confirmation(claim, because)


def _changed(item, attribute: str) -> bool:
    history = inspect(item).attrs[attribute].history
    if not history.has_changes():
        return False
    before, after = (history.deleted or [None])[0], (history.added or [None])[0]
    if attribute == "defendant":
        return before is not after
    return (before or "").strip() != (after or "").strip()


def _set_key_date(claim: Claim, kind: str, due_on: date, label: str, basis: str) -> date:
    """Set the claim's open key date of ``kind`` (a newer letter replaces the older date); returns the date."""
    current = db.session.scalar(select(KeyDate).where(KeyDate.claim_id == claim.id, KeyDate.kind == kind,
                                                      KeyDate.completed_at.is_(None)))
    if current is None:
        claim.key_dates.append(KeyDate(kind=kind, label=label, basis=basis, due_on=due_on))
    else:
        current.due_on, current.basis = due_on, basis
    claim.updated_at = utcnow()
    return due_on
