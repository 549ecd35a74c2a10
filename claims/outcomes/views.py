"""Staff routes for the end of a claim: its outcome page (response, offers with what the client would keep, the
settlement, money, proceedings), the forms that record each, closing and a partner's reopening.

A claim closed as won, lost or withdrawn is read-only, except the partner's reopening: the kernel refuses the
change before any view runs (``claims.claim.access.refuse_changes_to_closed_claims``).
"""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from claims import audit, evidence
from claims.claim.access import current_user_claim, permission_required
from claims.clock import uk_today
from claims.domain import outcomes as rules
from claims.domain.money import format_pence
from claims.domain.status import STATUSES, TransitionError
from claims.extensions import db
from claims.letters import agreements
from claims.models import Claim, DefendantResponse, Offer, Payment, Proceedings
from claims.outcomes import service, statement
from claims.outcomes.forms import (CloseForm, InstructionForm, OfferForm, OutcomeForm, PaymentForm, ProceedingsForm,
                                  ReopenForm, ResponseForm, SettlementForm, StatementForm)

bp = Blueprint("outcomes", __name__, url_prefix="/staff/claims")

def _back(claim: Claim, anchor: str = "outcome"):
    return redirect(url_for("outcomes.claim_outcome", claim_id=claim.id, _anchor=anchor))


def _offer_of(claim: Claim, offer_id: int) -> Offer | None:
    offer = db.session.get(Offer, offer_id)
    return offer if offer is not None and offer.claim_id == claim.id else None


def outcome_of(claim: Claim) -> dict:
    """Everything the outcome page shows, one query each (the people and files each row names joined to it)."""
    today = uk_today()
    agreement = agreements.signed_agreement(claim.id)
    offers = list(db.session.scalars(select(Offer).where(Offer.claim_id == claim.id)
                                     .options(joinedload(Offer.counters), joinedload(Offer.outcome_by),
                                              joinedload(Offer.instructed_by))
                                     .order_by(Offer.made_on.desc(), Offer.id.desc())))
    return {
        "responses": list(db.session.scalars(select(DefendantResponse).where(DefendantResponse.claim_id == claim.id)
                                             .options(joinedload(DefendantResponse.evidence_file))
                                             .order_by(DefendantResponse.received_on.desc()))),
        "offers": [(offer, rules.offer_state(offer.outcome, offer.expires_on, today),
                    statement.keep(agreement, offer.damages_pence) if agreement else None) for offer in offers],
        "settlement": service.settlement_of(claim.id),
        "payments": list(db.session.scalars(select(Payment).where(Payment.claim_id == claim.id)
                                            .order_by(Payment.paid_on, Payment.id))),
        "proceedings": list(db.session.scalars(select(Proceedings).where(Proceedings.claim_id == claim.id))),
        "agreement": agreement, "read_only": rules.is_read_only(claim.status),
        "labels": {"positions": rules.RESPONSE_POSITIONS, "from": rules.OFFER_FROM, "costs": rules.COSTS_TERMS,
                   "outcomes": rules.OFFER_OUTCOMES, "instructions": rules.INSTRUCTIONS, "money": rules.MONEY_SENT},
    }


@bp.route("/<id:claim_id>/outcome")
@permission_required("see_claims")
def claim_outcome(claim_id: int):
    claim = current_user_claim(claim_id)
    audit.record("claim.outcome_viewed", entity_type="claim", entity_id=claim.id, claim_id=claim.id)
    return render_template("outcomes/claim.html", claim=claim, outcome=outcome_of(claim), today=uk_today(),
                           statement_form=StatementForm())


def _form_page(claim: Claim, form, title: str, intro: str, **extra):
    return render_template("outcomes/form.html", claim=claim, form=form, title=title, intro=intro, **extra)


@bp.route("/<id:claim_id>/response", methods=["GET", "POST"])
@permission_required("work_claims")
def response(claim_id: int):
    """Record the defendant's response, with their letter; from "Letter of claim sent" the claim moves on."""
    claim = current_user_claim(claim_id, lock=request.method == "POST")
    form = ResponseForm()
    if form.validate_on_submit():
        file = _checked_file(claim, form) if form.file.data else None
        if not form.file.errors:
            try:
                item = evidence.store(file, claim_id=claim.id, uploaded_by_id=current_user.id) if file else None
                service.record_response(claim, received_on=form.received_on.data, position=form.position.data,
                                        their_reference=form.their_reference.data, summary=form.summary.data,
                                        file=item, by=current_user)
            except rules.OutcomeError as exc:
                db.session.rollback()
                flash(str(exc), "error")
                return _back(claim)
            flash("Response recorded.", "success")
            return _back(claim, "responses")
    return _form_page(claim, form, "Record the defendant's response",
                      "From “Letter of claim sent” the claim moves to “Response received”, and the chasers stop.",
                      multipart=True)


def _checked_file(claim: Claim, form: ResponseForm) -> evidence.CheckedFile | None:
    upload, limit = form.file.data, current_app.config["MAX_FILE_BYTES"]
    if not getattr(upload, "filename", None):
        return None
    try:
        evidence.check_file_count(len(claim.evidence), 1)
        return evidence.check_upload(upload.filename, upload.read(limit + 1), max_bytes=limit,
                                     accept=evidence.CORRESPONDENCE)
    except evidence.RejectedFile as exc:
        form.file.errors = [f"{exc}. Choose the file again."]
        return None


@bp.route("/<id:claim_id>/offers/new", methods=["GET", "POST"])
@permission_required("work_claims")
def new_offer(claim_id: int):
    """Record an offer, or a counter-offer to one (``?counters=<offer id>``)."""
    claim = current_user_claim(claim_id, lock=request.method == "POST")
    counters_id = request.args.get("counters", "")
    counters = _offer_of(claim, int(counters_id)) if counters_id.isdigit() and len(counters_id) < 10 else None
    form = OfferForm()
    if request.method == "GET" and counters is not None:
        form.made_by.data = "claimant" if counters.made_by == "defendant" else "defendant"
        if counters.instruction == "counter" and counters.instruction_counter_pence:
            form.general.data = counters.instruction_counter_pence
    if form.validate_on_submit():
        terms = service.OfferTerms(made_by=form.made_by.data, made_on=form.made_on.data,
                                   general_pence=form.general.data, special_pence=form.special.data or 0,
                                   costs_terms=form.costs_terms.data, part_36=bool(form.part_36.data),
                                   expires_on=form.expires_on.data, notes=form.notes.data)
        try:
            service.record_offer(claim, terms, by=current_user, counters=counters, today=uk_today())
        except rules.OutcomeError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            flash(f"{'Counter-offer' if counters else 'Offer'} of {format_pence(terms.general_pence + terms.special_pence)} "
                  "recorded; the client is told there is an offer.", "success")
            return _back(claim, "offers")
    title = "Record a counter-offer" if counters else "Record an offer"
    intro = (f"A counter-offer to the offer of {format_pence(counters.damages_pence)} of {counters.made_on:%d/%m/%Y}."
             if counters else "An offer from either side. The client is emailed that there is an offer (no details).")
    return _form_page(claim, form, title, intro, counters=counters)


@bp.route("/<id:claim_id>/offers/<id:offer_id>/outcome", methods=["GET", "POST"])
@permission_required("work_claims")
def offer_outcome(claim_id: int, offer_id: int):
    claim = current_user_claim(claim_id, lock=request.method == "POST")
    offer = _offer_of(claim, offer_id)
    if offer is None:
        flash("That offer is not on this claim.", "error")
        return _back(claim, "offers")
    form = OutcomeForm()
    if form.validate_on_submit():
        try:
            service.record_outcome(offer, form.outcome.data, outcome_on=form.outcome_on.data, note=form.note.data,
                                   by=current_user, today=uk_today())
        except rules.OutcomeError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            flash(f"The offer is recorded as {rules.OFFER_OUTCOMES[form.outcome.data].lower()}.", "success")
            return _back(claim, "offers")
    return _form_page(claim, form, "What happened to the offer",
                      f"The offer of {format_pence(offer.damages_pence)} made on {offer.made_on:%d/%m/%Y}. To counter it, "
                      "record the counter-offer instead.", offer=offer)


@bp.route("/<id:claim_id>/offers/<id:offer_id>/instruction", methods=["GET", "POST"])
@permission_required("work_claims")
def offer_instruction(claim_id: int, offer_id: int):
    """Record the client's instruction on an offer given to staff (by phone, in a letter)."""
    claim = current_user_claim(claim_id, lock=request.method == "POST")
    offer = _offer_of(claim, offer_id)
    if offer is None:
        flash("That offer is not on this claim.", "error")
        return _back(claim, "offers")
    form = InstructionForm()
    form.instruction.label.text = "The client's instruction"
    if form.validate_on_submit():
        try:
            service.record_instruction(offer, form.instruction.data, counter_pence=form.counter.data,
                                       note=form.note.data, by=current_user, today=uk_today())
        except rules.OutcomeError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            flash("The client's instruction is recorded.", "success")
            return _back(claim, "offers")
    return _form_page(claim, form, "The client's instruction on the offer",
                      f"The offer of {format_pence(offer.damages_pence)} made on {offer.made_on:%d/%m/%Y}.",
                      offer=offer)


@bp.route("/<id:claim_id>/settlement", methods=["GET", "POST"])
@permission_required("work_claims")
def settlement(claim_id: int):
    """Record the settlement (the move to "Settled"); from an accepted offer its figures are filled in."""
    claim = current_user_claim(claim_id, lock=request.method == "POST")
    offer_id = request.args.get("offer", "")
    offer = _offer_of(claim, int(offer_id)) if offer_id.isdigit() and len(offer_id) < 10 else None
    form = SettlementForm()
    if request.method == "GET" and offer is not None:
        form.general.data, form.special.data = offer.general_pence, offer.special_pence
        form.agreed_on.process(None, offer.outcome_on or uk_today())
    if form.validate_on_submit():
        try:
            figures = rules.SettlementFigures(form.general.data, form.special.data or 0, form.costs.data or 0)
            service.settle(claim, figures, agreed_on=form.agreed_on.data, paid_on=form.paid_on.data, offer=offer,
                           reason=form.reason.data, by=current_user, today=uk_today())
        except (rules.OutcomeError, TransitionError) as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            flash("Settlement recorded; the claim is “Settled”.", "success")
            return _back(claim, "settlement")
    return _form_page(claim, form, "Record the settlement",
                      f"The claim is “{STATUSES[claim.status]}”. The damages (general and special) are what the "
                      "client's agreement takes its deductions from; costs paid by the defendant are beside them.",
                      offer=offer)


@bp.route("/<id:claim_id>/settlement/statement", methods=["POST"])
@permission_required("work_claims")
def make_statement(claim_id: int):
    """Make the completion statement again (for example once the date paid is known)."""
    claim = current_user_claim(claim_id, lock=True)
    found = service.settlement_of(claim.id)
    if not StatementForm().validate_on_submit() or found is None:
        flash("Record the settlement first.", "error")
        return _back(claim)
    try:
        document = statement.make_statement(claim, found, by=current_user, today=uk_today())
    except statement.NoAgreement as exc:
        flash(f"{exc}.", "error")
    else:
        flash(f"Completion statement made (version {document.version}).", "success")
    return _back(claim, "settlement")


@bp.route("/<id:claim_id>/payments/new", methods=["GET", "POST"])
@permission_required("work_claims")
def new_payment(claim_id: int):
    claim = current_user_claim(claim_id, lock=request.method == "POST")
    form = PaymentForm()
    if form.validate_on_submit():
        try:
            service.record_payment(claim, direction=form.direction.data, amount_pence=form.amount.data,
                                   paid_on=form.paid_on.data, note=form.note.data, by=current_user)
        except rules.OutcomeError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            flash("Money recorded.", "success")
            return _back(claim, "money")
    return _form_page(claim, form, "Record money received or sent", "Money received from the defendant, or sent on "
                      "to the client.")


@bp.route("/<id:claim_id>/proceedings", methods=["GET", "POST"])
@permission_required("work_claims")
def proceedings(claim_id: int):
    claim = current_user_claim(claim_id, lock=request.method == "POST")
    form = ProceedingsForm()
    if form.validate_on_submit():
        try:
            service.issue_proceedings(claim, court=form.court.data, claim_number=form.claim_number.data,
                                      issued_on=form.issued_on.data, by=current_user,
                                      dates=[service.CourtDate(label, day) for label, day in form.court_dates()])
        except (rules.OutcomeError, TransitionError) as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            flash("Proceedings recorded; the court's dates are in the diary.", "success")
            return _back(claim, "proceedings")
    return _form_page(claim, form, "Record the proceedings issued",
                      "The court, its claim number and the day it was issued, with any dates the court has given.")


@bp.route("/<id:claim_id>/close/<to_status>", methods=["GET", "POST"])
@permission_required("work_claims")
def close(claim_id: int, to_status: str):
    claim = current_user_claim(claim_id, lock=request.method == "POST")
    if to_status not in rules.CLOSING:
        flash("A claim closes as won, lost or withdrawn.", "error")
        return redirect(url_for("cases.detail", claim_id=claim.id))
    form = CloseForm()
    if form.validate_on_submit():
        try:
            service.close(claim, to_status, reason=form.reason.data, by=current_user)
        except (rules.OutcomeError, TransitionError) as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            flash(f"Closed: “{STATUSES[to_status]}”.", "success")
            return redirect(url_for("cases.detail", claim_id=claim.id, _anchor="status"))
    return _form_page(claim, form, f"Close the claim: {rules.CLOSING[to_status].lower()}",
                      "A closed claim is read-only; only a partner can reopen it.")


@bp.route("/<id:claim_id>/reopen", methods=["GET", "POST"])
@permission_required("reopen_claims")
def reopen(claim_id: int):
    claim = current_user_claim(claim_id, lock=request.method == "POST")
    form = ReopenForm()
    if form.validate_on_submit():
        try:
            target = service.reopen(claim, reason=form.reason.data, by=current_user)
        except (rules.OutcomeError, TransitionError) as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            flash(f"Reopened: the claim is “{STATUSES[target]}” again.", "success")
            return redirect(url_for("cases.detail", claim_id=claim.id, _anchor="status"))
    return _form_page(claim, form, "Reopen the claim",
                      "The claim goes back to the status it closed from. The reopening is recorded with your name.")
