"""The claim page's outcome section: the response, the offers (with what the client keeps), the settlement and
proceedings, from one query each and only for a claim past its letter of claim (no query per row)."""
from __future__ import annotations

from sqlalchemy import select

from claims.clock import uk_today
from claims.domain import outcomes as rules
from claims.extensions import db
from claims.letters import agreements
from claims.models import Claim, DefendantResponse, Offer, Proceedings, Settlement
from claims.outcomes import statement

SHOWN_FROM = frozenset({"letter_of_claim_sent", "response_received", "negotiation", "settled", "proceedings",
                        "closed_won", "closed_lost", "withdrawn"})


def claim_outcome(claim: Claim) -> dict | None:
    """What the claim page shows of the claim's end, or None before the letter of claim."""
    if claim.status not in SHOWN_FROM:
        return None
    today = uk_today()
    agreement = agreements.signed_agreement(claim.id)
    offers = db.session.scalars(select(Offer).where(Offer.claim_id == claim.id)
                                .order_by(Offer.made_on.desc(), Offer.id.desc())).all()
    return {
        "response": db.session.scalar(select(DefendantResponse).where(DefendantResponse.claim_id == claim.id)
                                      .order_by(DefendantResponse.received_on.desc()).limit(1)),
        "offers": [(offer, rules.offer_state(offer.outcome, offer.expires_on, today),
                    statement.keep(agreement, offer.damages_pence) if agreement else None) for offer in offers],
        "settlement": db.session.scalar(select(Settlement).where(Settlement.claim_id == claim.id)),
        "proceedings": db.session.scalar(select(Proceedings).where(Proceedings.claim_id == claim.id).limit(1)),
        "positions": rules.RESPONSE_POSITIONS, "from": rules.OFFER_FROM, "outcomes": rules.OFFER_OUTCOMES,
    }
