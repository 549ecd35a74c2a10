"""What the client keeps under their signed CFA, for an offer and for the settlement, and the completion statement.

The arithmetic is the agreement's own: ``claims.domain.fees.illustrate`` with the signed agreement's terms, the
same call the CFA's "what you would keep" table made, so an offer, the completion statement and the table the
client signed agree to the penny. The award is the damages (general and special); the likely court track of
that sum decides, as in the CFA, whether our base costs are taken to be paid by the defendant.
"""
from __future__ import annotations

from datetime import date

from claims.domain.deadlines import format_long_date
from claims.domain.fees import Illustration, illustrate
from claims.domain.money import format_pence
from claims.domain.tracks import keep_table_note
from claims.letters import agreements, documents
from claims.letters.context import agreement_terms
from claims.models import Agreement, Claim, ClaimDocument, Settlement, User


class NoAgreement(ValueError):
    """The claim has no signed CFA in force, so there are no terms to work out deductions from."""


def keep(agreement: Agreement, damages_pence: int, label: str = "This offer") -> Illustration:
    """What the signed agreement takes from ``damages_pence`` and what the client keeps."""
    return illustrate([(label, damages_pence)], agreement_terms(agreement))[0]


def keep_for_claim(claim_id: int, damages_pence: int, label: str = "This offer") -> Illustration | None:
    """``keep`` under the claim's signed agreement, or None when there is none."""
    agreement = agreements.signed_agreement(claim_id)
    return keep(agreement, damages_pence, label) if agreement else None


def settlement_context(settlement: Settlement, agreement: Agreement) -> dict:
    """The completion statement's figures as strings (the letter context's ``settlement``)."""
    row = keep(agreement, settlement.damages_pence, "Settlement")
    result = row.deductions
    track = keep_table_note(row.track)
    if row.costs_recovered:
        track_words = (f"The damages are within the {row.track.name}, where the other side pays our base costs, "
                       "so only the success fee, the VAT on it and any insurance premium it does not pay come out "
                       "of the damages")
    else:
        track_words = (f"The damages are within the {track}, so our base costs come out of the damages too, "
                       "within the cap")
    return {
        "agreed_on": format_long_date(settlement.agreed_on),
        "paid_on": format_long_date(settlement.paid_on) if settlement.paid_on else "not yet paid",
        "general": format_pence(settlement.general_pence), "special": format_pence(settlement.special_pence),
        "damages": format_pence(settlement.damages_pence), "costs": format_pence(settlement.costs_pence),
        "track": track_words, "costs_recovered": row.costs_recovered,
        "base_costs_charged": result.base_costs_pence > 0, "base_costs": format_pence(result.base_costs_pence),
        "base_costs_estimate": format_pence(agreement.base_costs_pence),
        "success_fee_percent": agreement.success_fee_percent, "success_fee": format_pence(result.success_fee_pence),
        "vat_percent": agreement.vat_percent, "vat": format_pence(result.vat_pence),
        "ate_premium": format_pence(result.ate_premium_pence), "before_cap": format_pence(result.before_cap_pence),
        "cap_percent": agreement.cap_percent, "cap": format_pence(result.cap_pence), "capped": result.capped,
        "waived": format_pence(result.waived_pence), "deducted": format_pence(result.deducted_pence),
        "net": format_pence(result.client_keeps_pence),
    }


def make_statement(claim: Claim, settlement: Settlement, *, by: User | None, today: date,
                   actor: str | None = None) -> ClaimDocument:
    """Make the completion statement as the next version and link it to the settlement (flushed)."""
    agreement = agreements.signed_agreement(claim.id)
    if agreement is None:
        raise NoAgreement("The claim has no signed CFA, so there are no terms to make a completion statement from")
    document = documents.make(claim, "completion_statement", by=by, today=today, agreement=agreement,
                              settlement=settlement_context(settlement, agreement), actor=actor)
    settlement.statement_id = document.id
    return document
