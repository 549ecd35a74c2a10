"""Recording how a claim ends: each function checks the rules (``claims.domain.outcomes``, the status machine),
records the row, moves the claim through ``claims.claim.moves.move`` when it should, and audits. Callers commit.

- A response from the defendant moves a claim from "Letter of claim sent" to "Response received" (the move
  closes the chasers: ``claims.work.automatic``) and completes the "response due" key date.
- An offer moves the claim to "Negotiation" when it is not there yet; a counter-offer marks the open offer it
  counters "countered" (it may also answer an offer already rejected, which stays rejected). The client is told of an offer by email with no detail of the claim.
- The settlement moves the claim to "Settled", sets ``claims.settled_pence`` to the damages (general and
  special: the valuation's own-outcomes pool takes the general part, ``claims.valuation.firm_outcomes``) and
  makes the completion statement when there is a signed CFA.
- Proceedings move the claim to "Proceedings issued" and add the court's dates as key dates.
- Closing is a move with a reason; reopening is a partner's, back to the status the claim closed from.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from claims import audit
from claims.claim.events import offer_instructed
from claims.claim.moves import move, reopen as reopen_move
from claims.domain import outcomes as rules
from claims.domain.money import format_pence
from claims.domain.status import STATUSES
from claims.extensions import db
from claims.firm import firm_settings
from claims.letters import updates
from claims.mail import queue_mail
from claims.models import (Claim, DefendantResponse, EvidenceFile, KeyDate, Offer, Payment, Proceedings, Settlement,
                           User)
from claims.models._types import utcnow
from claims.outcomes import statement


def record_response(claim: Claim, *, received_on: date, position: str, their_reference: str | None,
                    summary: str | None, file: EvidenceFile | None, by: User) -> DefendantResponse:
    """Record the defendant's response; from "Letter of claim sent" the claim moves to "Response received"."""
    if claim.status not in ("letter_of_claim_sent", "response_received", "negotiation", "proceedings"):
        raise rules.OutcomeError("A response is recorded once the letter of claim has been sent")
    response = DefendantResponse(claim_id=claim.id, received_on=received_on, position=position,
                                 their_reference=their_reference or None, summary=summary or None,
                                 evidence_file_id=file.id if file else None, recorded_by_id=by.id)
    db.session.add(response)
    if claim.status == "letter_of_claim_sent":
        move(claim, "response_received", by=by,
             reason=f"{rules.RESPONSE_POSITIONS[position]}: the defendant's response of {received_on:%d/%m/%Y}")
    for key_date in claim.key_dates:
        if key_date.kind == "response_due" and key_date.completed_at is None:
            key_date.completed_at = utcnow()
    claim.updated_at = utcnow()
    db.session.flush()
    audit.record("response.recorded", entity_type="defendant_response", entity_id=response.id, claim_id=claim.id,
                 details={"position": position, "file": file is not None})
    return response


@dataclass(frozen=True)
class OfferTerms:
    made_by: str
    made_on: date
    general_pence: int
    special_pence: int
    costs_terms: str
    part_36: bool
    expires_on: date | None
    notes: str | None = None


def record_offer(claim: Claim, terms: OfferTerms, *, by: User, counters: Offer | None = None,
                 today: date) -> Offer:
    """Record an offer (a counter-offer when ``counters``), move to "Negotiation" if need be, and tell the client."""
    target = rules.status_after_offer(claim.status)
    if counters is not None:
        if counters.claim_id != claim.id:
            raise rules.OutcomeError("A counter-offer answers an offer on the same claim")
        if counters.made_by == terms.made_by:
            raise rules.OutcomeError("A counter-offer comes from the other side")
        if counters.outcome != "rejected":  # an open offer is countered by it; a rejected one stays rejected
            rules.check_outcome(counters.outcome, "countered", expires_on=counters.expires_on,
                                outcome_on=terms.made_on, today=today)
    offer = Offer(claim_id=claim.id, made_by=terms.made_by, made_on=terms.made_on, general_pence=terms.general_pence,
                  special_pence=terms.special_pence, costs_terms=terms.costs_terms, part_36=terms.part_36,
                  expires_on=terms.expires_on, notes=terms.notes or None, recorded_by_id=by.id,
                  counters_offer_id=counters.id if counters else None)
    db.session.add(offer)
    if counters is not None and counters.outcome is None:
        counters.outcome, counters.outcome_on, counters.outcome_by_id = "countered", terms.made_on, by.id
        counters.outcome_note = f"Countered at {format_pence(terms.general_pence + terms.special_pence)}"
    if target:
        move(claim, target, by=by, reason=f"Offer of {format_pence(offer.damages_pence)} recorded "
                                          f"({rules.OFFER_FROM[terms.made_by].lower()})")
    claim.updated_at = utcnow()
    db.session.flush()
    audit.record("offer.recorded", entity_type="offer", entity_id=offer.id, claim_id=claim.id,
                 details={"made_by": terms.made_by, "counters": counters.id if counters else None})
    _tell_client(claim)
    return offer


def _tell_client(claim: Claim) -> None:
    """An email saying there is an offer, with nothing about the claim itself (special category data never)."""
    client = claim.litigation_friend or claim.claimant
    if not client.email:
        return
    firm = firm_settings()
    queue_mail(client.email, f"There is an offer on your claim – {claim.reference}",
               f"Dear {client.full_name},\n\nThere is an offer on your claim. Please sign in through the secure link "
               "we sent you for your agreement to see it and tell us what you would like to do. If you cannot find "
               f"the link, call us on {firm.phone}.\n\n{firm.name}", claim_id=claim.id)


def record_outcome(offer: Offer, outcome: str, *, outcome_on: date, note: str | None, by: User, today: date) -> None:
    """Accepted, rejected, lapsed or withdrawn, with who and when (a counter-offer is recorded as an offer)."""
    if outcome == "countered":
        raise rules.OutcomeError("Record the counter-offer itself: it marks this offer countered")
    rules.check_outcome(offer.outcome, outcome, expires_on=offer.expires_on, outcome_on=outcome_on, today=today)
    offer.outcome, offer.outcome_on, offer.outcome_note, offer.outcome_by_id = outcome, outcome_on, note or None, by.id
    audit.record("offer.outcome", entity_type="offer", entity_id=offer.id, claim_id=offer.claim_id,
                 details={"outcome": outcome})


def record_instruction(offer: Offer, instruction: str, *, counter_pence: int | None, note: str | None,
                       by: User | None, today: date) -> None:
    """The client's instruction on an open offer: given to staff (``by``) or through the portal (None)."""
    if not rules.may_instruct(offer.outcome, offer.expires_on, today):
        raise rules.OutcomeError("This offer is no longer open, so it cannot be answered")
    if instruction not in rules.INSTRUCTIONS:
        raise rules.OutcomeError("Choose to accept, reject or make a counter-offer")
    if instruction == "counter" and not counter_pence:
        raise rules.OutcomeError("Enter the amount to counter at")
    offer.instruction, offer.instruction_note, offer.instructed_at = instruction, note or None, utcnow()
    offer.instruction_counter_pence = counter_pence if instruction == "counter" else None
    offer.instructed_by_id = by.id if by else None
    audit.record("offer.instructed", entity_type="offer", entity_id=offer.id, claim_id=offer.claim_id,
                 actor=None if by else "claimant", details={"instruction": instruction})
    if by is None:  # the client's own instructions: work makes the handler's task to act on them
        offer_instructed.send(None, claim=db.session.get(Claim, offer.claim_id), offer=offer,
                              instruction=rules.INSTRUCTIONS[instruction])


def settle(claim: Claim, figures: rules.SettlementFigures, *, agreed_on: date, paid_on: date | None,
           offer: Offer | None, reason: str, by: User, today: date) -> Settlement:
    """Record the settlement and move the claim to "Settled"; the completion statement is made with it."""
    if claim.status not in ("response_received", "negotiation", "proceedings"):
        raise rules.OutcomeError(f"A claim cannot settle from “{STATUSES[claim.status]}”")
    if db.session.scalar(select(Settlement.id).where(Settlement.claim_id == claim.id)) is not None:
        raise rules.OutcomeError("The settlement is already recorded")
    if offer is not None and offer.claim_id != claim.id:
        offer = None
    if offer is not None and offer.outcome is None:
        record_outcome(offer, "accepted", outcome_on=agreed_on, note="Accepted in the settlement", by=by, today=today)
    settlement = Settlement(claim_id=claim.id, offer_id=offer.id if offer else None, agreed_on=agreed_on,
                            general_pence=figures.general_pence, special_pence=figures.special_pence,
                            costs_pence=figures.costs_pence, paid_on=paid_on, recorded_by_id=by.id)
    db.session.add(settlement)
    move(claim, "settled", by=by, reason=reason)
    claim.settled_pence = figures.damages_pence
    claim.updated_at = utcnow()
    db.session.flush()
    audit.record("settlement.recorded", entity_type="settlement", entity_id=settlement.id, claim_id=claim.id)
    try:
        statement.make_statement(claim, settlement, by=by, today=today)
    except statement.NoAgreement:
        pass  # shown on the outcome page: no signed CFA, no statement
    return settlement


def settlement_of(claim_id: int) -> Settlement | None:
    return db.session.scalar(select(Settlement).where(Settlement.claim_id == claim_id))


def record_payment(claim: Claim, *, direction: str, amount_pence: int, paid_on: date, note: str | None,
                   by: User) -> Payment:
    """Money received from the defendant or sent to the client; the first receipt dates the settlement's payment."""
    settlement = settlement_of(claim.id)
    if settlement is None:
        raise rules.OutcomeError("Record the settlement before the money")
    payment = Payment(claim_id=claim.id, direction=direction, amount_pence=amount_pence, paid_on=paid_on,
                      note=note or None, recorded_by_id=by.id)
    db.session.add(payment)
    if direction == "received" and settlement.paid_on is None:
        settlement.paid_on = paid_on
    db.session.flush()
    audit.record("payment.recorded", entity_type="claim_payment", entity_id=payment.id, claim_id=claim.id,
                 details={"direction": direction})
    if direction == "sent_to_client":
        updates.tell_client(claim, "money_sent")
    return payment


@dataclass(frozen=True)
class CourtDate:
    label: str
    due_on: date


def issue_proceedings(claim: Claim, *, court: str, claim_number: str, issued_on: date, dates: list[CourtDate],
                      by: User) -> Proceedings:
    """Record the court claim issued, move to "Proceedings issued" and add the court's dates as key dates."""
    if "proceedings" not in rules.TRANSITIONS.get(claim.status, ()):
        raise rules.OutcomeError(f"Proceedings cannot be recorded from “{STATUSES[claim.status]}”")
    proceedings = Proceedings(claim_id=claim.id, court=court, claim_number=claim_number, issued_on=issued_on,
                              recorded_by_id=by.id)
    db.session.add(proceedings)
    move(claim, "proceedings", by=by, reason=f"Claim {claim_number} issued in {court} on {issued_on:%d/%m/%Y}")
    add_court_dates(claim, proceedings, dates)
    db.session.flush()
    audit.record("proceedings.recorded", entity_type="proceedings", entity_id=proceedings.id, claim_id=claim.id)
    return proceedings


def add_court_dates(claim: Claim, proceedings: Proceedings, dates: list[CourtDate]) -> None:
    for item in dates:
        claim.key_dates.append(KeyDate(kind="court", label=item.label, due_on=item.due_on,
                                       basis=f"Given by {proceedings.court} in claim {proceedings.claim_number}"))
    claim.updated_at = utcnow()


def close(claim: Claim, to_status: str, *, reason: str, by: User) -> None:
    """Close the claim as won or lost (withdrawing is a recorded move), with the reason on its timeline."""
    if not rules.may_close(claim.status, to_status):
        raise rules.OutcomeError(f"The claim cannot be closed as “{STATUSES[to_status]}” from "
                                 f"“{STATUSES[claim.status]}”")
    move(claim, to_status, by=by, reason=reason)


def reopen(claim: Claim, *, reason: str, by: User) -> str:
    """A partner reopens a closed claim, back to the status it closed from (audited); returns that status."""
    history = [(change.from_status, change.to_status)
               for change in sorted(claim.status_changes, key=lambda change: (change.changed_at, change.id))]
    target = rules.reopen_target(claim.status, history)
    reopen_move(claim, target, by=by, reason=reason)
    return target
