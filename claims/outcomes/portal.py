"""The client's side of an offer, through the same secure link as their agreement (``?token=…``).

The portal's progress page (``claims.letters.portal``) lists the offers awaiting the client's instruction, with
what they would keep of each under their agreement, through the template global ``client_offers``; the form
posts here. Letters never import this feature: the global is how the page reaches it.
"""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from claims.claim.moves import lock_claim
from claims.clock import uk_today
from claims.domain import outcomes as rules
from claims.domain.status import CLOSED_STATUSES
from claims.extensions import db, limiter
from claims.letters import agreements
from claims.models import Claim, Offer
from claims.outcomes import service, statement
from claims.outcomes.forms import InstructionForm

bp = Blueprint("client_offers", __name__, url_prefix="/agreement/offers")
limiter.limit(lambda: current_app.config["PUBLIC_FORM_RATE_LIMIT"], methods=["POST"])(bp)


def awaiting(claim: Claim) -> list[Offer]:
    """The claim's offers that are open and have no instruction from the client yet, newest first."""
    today = uk_today()
    offers = db.session.scalars(select(Offer).where(Offer.claim_id == claim.id, Offer.outcome.is_(None),
                                                    Offer.instruction.is_(None))
                                .order_by(Offer.made_on.desc(), Offer.id.desc()))
    return [offer for offer in offers if rules.may_instruct(offer.outcome, offer.expires_on, today)]


@bp.app_template_global("client_offers")
def client_offers(claim: Claim) -> list:
    """(offer, what the client keeps, its form) for each offer awaiting the client's instruction."""
    if claim.status in CLOSED_STATUSES:
        return []
    agreement = agreements.signed_agreement(claim.id)
    return [(offer, statement.keep(agreement, offer.damages_pence) if agreement else None,
             InstructionForm(formdata=None, prefix=f"offer-{offer.id}"))
            for offer in awaiting(claim)]


@bp.route("/<id:offer_id>", methods=["POST"])
def instruct(offer_id: int):
    token = request.args.get("token", "")
    agreement = agreements.find(token)
    if agreement is None or agreement.signed_at is None or agreement.cancelled_at is not None:
        return render_template("portal/link_not_working.html"), 404
    lock_claim(agreement.claim_id)
    claim = db.session.get(Claim, agreement.claim_id)
    offer = db.session.get(Offer, offer_id)
    if offer is None or offer.claim_id != claim.id:
        return render_template("portal/link_not_working.html"), 404
    form = InstructionForm(prefix=f"offer-{offer.id}")
    if form.validate_on_submit():
        try:
            service.record_instruction(offer, form.instruction.data, counter_pence=form.counter.data,
                                       note=form.note.data, by=None, today=uk_today())
        except rules.OutcomeError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))  # shown on the form, with what they typed
        else:
            flash("Thank you: we have your instructions on the offer and will be in touch.", "success")
            return redirect(url_for("portal.agreement", token=token, _anchor="offers"))
    agreement_in_force = agreements.signed_agreement(claim.id)
    kept = statement.keep(agreement_in_force, offer.damages_pence) if agreement_in_force else None
    return render_template("outcomes/portal_offer.html", claim=claim, offer=offer, form=form, token=token,
                           kept=kept), 400
