"""The claimant's side of the CFA, reached only through their secure link (?token=…).

Before signing: the key facts (success fee, cap, what they would keep), the client care letter
and CFA exactly as made, and the signing form. After signing: the signed copy, the last day to
cancel and a cancel button until then, the claim's progress as a timeline in plain words (``claims.letters.updates``), a way to
add evidence and a form to send the firm a message.
The token travels in the query string, so access logs redact it (``claims.web.RedactSecrets``).
"""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from claims import audit, evidence, word
from claims.claim.events import client_evidence_added
from claims.claim.moves import lock_claim
from claims.clock import uk_today
from claims.domain.status import CLOSED_STATUSES, STATUSES
from claims.extensions import db, limiter
from claims.letters import agreements, documents, updates
from claims.letters.context import costs_context
from claims.letters.forms import CancelForm, EvidenceForm, MessageForm, SignForm
from claims.models import Agreement, Claim, EvidenceFile
from claims.web import download

bp = Blueprint("portal", __name__, url_prefix="/agreement")
limiter.limit(lambda: current_app.config["PUBLIC_FORM_RATE_LIMIT"], methods=["POST"])(bp)

# What the claimant sees of their claim's progress, in order.
MILESTONES = ("cfa_signed", "sar_sent", "letter_of_claim_sent", "response_received", "negotiation", "settled",
              "closed_won")


def _open() -> tuple[Agreement, Claim, str] | None:
    token = request.args.get("token", "")
    agreement = agreements.find(token)
    if agreement is None:
        return None
    return agreement, db.session.get(Claim, agreement.claim_id), token


def _lock(agreement: Agreement, claim: Claim) -> None:
    """Take the claim's row lock and re-read the agreement and claim: a double-clicked "Sign" signs once."""
    lock_claim(claim.id)
    db.session.refresh(agreement)
    db.session.refresh(claim)


def _link_not_working():
    return render_template("portal/link_not_working.html"), 404


@bp.route("", methods=["GET", "POST"])
def agreement():
    opened = _open()
    if opened is None:
        return _link_not_working()
    agreement, claim, token = opened
    if request.method == "POST":
        _lock(agreement, claim)
    client = claim.litigation_friend or claim.claimant
    if agreement.signed_at is not None:
        return _progress(agreement, claim, token)
    form = SignForm(expected_name=client.full_name)
    if form.validate_on_submit():
        try:
            agreements.sign(agreement, typed_name=" ".join(form.typed_name.data.split()),
                            shown_sha256=form.shown_sha256.data or "", ip_address=request.remote_addr or "",
                            user_agent=request.user_agent.string or "")
        except agreements.SigningError as exc:
            db.session.rollback()
            form.typed_name.errors.append(str(exc))
        else:
            flash("Thank you. Your agreement is signed. You can download your signed copy below.", "success")
            return redirect(url_for("portal.agreement", token=token))
    shown = agreement.document
    form.shown_sha256.data = shown.sha256
    audit.record("agreement.viewed", entity_type="agreement", entity_id=agreement.id, claim_id=claim.id,
                 actor="claimant")
    fees = agreement.shown_context["fees"]  # the figures the document shows
    return render_template("portal/sign.html", agreement=agreement, claim=claim, client=client, form=form,
                           token=token, body=documents.html_of(shown), fees=fees,
                           costs=fees.get("costs") or costs_context(None, ate_insured=fees["ate_taken_out"]))


def _progress(agreement: Agreement, claim: Claim, token: str, *, cancel_form=None, evidence_form=None, message_form=None,
              status=200):
    today = uk_today()
    reached = {change.to_status for change in claim.status_changes}
    steps = [(code, STATUSES[code], code in reached or code == claim.status) for code in MILESTONES]
    uploaded = [item for item in claim.evidence if item.uploaded_by_id is None]
    return render_template(
        "portal/progress.html", agreement=agreement, claim=claim, token=token, steps=steps,
        status_label=STATUSES[claim.status], can_cancel=agreements.can_cancel(agreement, today, claim.status),
        cancel_form=cancel_form or CancelForm(), evidence_form=evidence_form or EvidenceForm(), uploaded=uploaded,
        message_form=message_form or MessageForm(), timeline=updates.progress(claim, updates.claim_messages(claim.id)),
    ), status


@bp.route("/cancel", methods=["POST"])
def cancel():
    opened = _open()
    if opened is None:
        return _link_not_working()
    agreement, claim, token = opened
    _lock(agreement, claim)
    form = CancelForm()
    if not form.validate_on_submit():
        return _progress(agreement, claim, token, cancel_form=form, status=400)
    try:
        agreements.cancel(agreement, today=uk_today())
    except agreements.SigningError as exc:
        db.session.rollback()
        form.confirm.errors.append(str(exc))
        return _progress(agreement, claim, token, cancel_form=form, status=400)
    flash("Your agreement is cancelled and your claim has stopped. You have nothing to pay.", "success")
    return redirect(url_for("portal.agreement", token=token))


@bp.route("/evidence", methods=["POST"])
def add_evidence():
    opened = _open()
    if opened is None:
        return _link_not_working()
    agreement, claim, token = opened
    _lock(agreement, claim)  # two uploads at once must not both pass the claim's size limit
    form = EvidenceForm()
    if agreement.signed_at is None or agreement.cancelled_at is not None or claim.status in CLOSED_STATUSES:
        form.file.errors = ["Your claim is closed, so we cannot add evidence to it. Please contact us."]
        return _progress(agreement, claim, token, evidence_form=form, status=400)
    if not form.validate_on_submit():
        return _progress(agreement, claim, token, evidence_form=form, status=400)
    upload = form.file.data
    config = current_app.config
    try:
        evidence.check_file_count(len(claim.evidence), 1)
        checked = evidence.check_upload(upload.filename, upload.read(config["MAX_FILE_BYTES"] + 1),
                                        max_bytes=config["MAX_FILE_BYTES"])
        used = sum(item.size_bytes for item in claim.evidence)
        if used + len(checked.data) > config["MAX_CLAIM_EVIDENCE_BYTES"]:
            raise evidence.RejectedFile("Your files together must be smaller than "
                                        f"{config['MAX_CLAIM_EVIDENCE_BYTES'] // (1024 * 1024)} MB")
    except evidence.RejectedFile as exc:
        form.file.errors.append(str(exc))
        return _progress(agreement, claim, token, evidence_form=form, status=400)
    item: EvidenceFile = evidence.store(checked, claim_id=claim.id)
    audit.record("evidence.uploaded", entity_type="evidence_file", entity_id=item.id, claim_id=claim.id,
                 actor="claimant")
    client_evidence_added.send(None, claim=claim, file=item)
    flash(f"Thank you: {item.original_name} is added to your claim.", "success")
    return redirect(url_for("portal.agreement", token=token))


@bp.route("/message", methods=["POST"])
def message():
    """The client sends the firm a message: stored on the claim for staff, and on "my day" as new from the client."""
    opened = _open()
    if opened is None:
        return _link_not_working()
    agreement, claim, token = opened
    _lock(agreement, claim)
    form = MessageForm()
    if agreement.signed_at is None:
        return _link_not_working()
    if not form.validate_on_submit():
        return _progress(agreement, claim, token, message_form=form, status=400)
    updates.add_message(claim, form.body.data)
    flash("Thank you: your message has been sent to us. We will reply by the next working day.", "success")
    return redirect(url_for("portal.agreement", token=token, _anchor="messages"))


@bp.route("/document")
def document():
    """The agreement as a Word file: the signed copy once signed, else the one to read."""
    opened = _open()
    if opened is None:
        return _link_not_working()
    agreement, claim, _token = opened
    item = agreement.signed_copy if agreement.signed_copy is not None else agreement.document
    audit.record("document.downloaded", entity_type="claim_document", entity_id=item.id, claim_id=claim.id,
                 actor="claimant")
    return download(documents.read(item), word.DOCX_MEDIA_TYPE, documents.download_name(claim, item))
