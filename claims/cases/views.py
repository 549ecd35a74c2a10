"""Routes for staff to list claims and open one."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from claims import audit, evidence
from claims.cases.forms import MoveForm, limitation_form
from claims.cases.queries import list_submitted_claims
from claims.claim import limitation
from claims.claim.access import current_user_claim, permission_required
from claims.claim.moves import already_done, move
from claims.clock import uk_today
from claims.domain.status import NEEDS_AMOUNT, OWN_STEP, STATUSES, TRANSITIONS, recorded_moves
from claims.keyset import Cursor
from claims.domain import jurisdiction
from claims.letters.agreements import latest_agreement
from claims.letters.context import claim_forum
from claims.letters.documents import claim_documents
from claims.letters.forms import ResendForm
from claims.valuation.forms import ValueClaimForm
from claims.valuation.report import snapshot_summary
from claims.valuation.review import latest_snapshot
from claims.work.panel import claim_work

bp = Blueprint("cases", __name__, url_prefix="/staff/claims")


@bp.route("/")
@permission_required("see_claims")
def index():
    search = request.args.get("q", "", type=str)[:80].replace("\x00", "").strip()  # PostgreSQL refuses NUL
    listing = list_submitted_claims(current_user, search=search, before=Cursor.decode(request.args.get("before")),
                                    after=Cursor.decode(request.args.get("after")))
    screened = limitation.screen_claims([row.id for row in listing.rows], today=uk_today())
    return render_template("cases/index.html", listing=listing, search=search, screened=screened)


@bp.route("/<id:claim_id>")
@permission_required("see_claims")
def detail(claim_id: int):
    claim = current_user_claim(claim_id)
    audit.record("claim.viewed", entity_type="claim", entity_id=claim.id, claim_id=claim.id)
    return _detail_page(claim, limitation_form(claim, today=uk_today()))


@bp.route("/<id:claim_id>/limitation", methods=["POST"])
@permission_required("work_claims")
def limitation_facts(claim_id: int):
    """Record concealment (s.32) and lack of capacity (s.28); the limitation dates are worked out again."""
    claim = current_user_claim(claim_id, lock=True)
    form = limitation_form(claim, today=uk_today())
    if not form.validate_on_submit():
        return _detail_page(claim, form)
    changed = limitation.record_facts(claim, **form.facts)
    flash("Limitation facts saved; the limitation dates are worked out again from them." if changed
          else "Nothing changed.", "success")
    return redirect(url_for("cases.detail", claim_id=claim.id, _anchor="limitation"))


def _detail_page(claim, form):
    """The claim page, with its screening and limitation dates as at today and the limitation facts form."""
    snapshot = latest_snapshot(claim.id)
    made, work = claim_documents(claim.id), claim_work(claim)
    today = uk_today()
    return render_template("cases/detail.html", claim=claim, valued=snapshot_summary(snapshot) if snapshot else None,
                           value_form=ValueClaimForm(), documents=made, agreement=latest_agreement(claim.id),
                           timeline=timeline(claim, made, work["notes"]), resend_form=ResendForm(), work=work,
                           moves=TRANSITIONS[claim.status], own_step=OWN_STEP, recorded=recorded_moves(claim.status),
                           forum=claim_forum(claim),
                           screened=limitation.screen_claim(claim, today=today), today=today,
                           limitation_form=form,
                           claimant_place=jurisdiction.LABELS[jurisdiction.postcode_jurisdiction(claim.claimant.postcode)])


def timeline(claim, made, notes=()) -> list[tuple]:
    """The claim's history, newest first: status moves with their reasons, every document made, and the
    notes, calls and documents received (``(at, to_status, by, reason, document, note)``)."""
    events = [(change.changed_at, change.to_status, change.changed_by, change.reason, None, None)
              for change in claim.status_changes]
    events += [(item.created_at, None, item.created_by, item.override_reason, item, None) for item in made]
    events += [(note.occurred_at, None, note.author, None, None, note) for note in notes]
    return sorted(events, key=lambda event: event[0], reverse=True)


@bp.route("/<id:claim_id>/evidence/<id:file_id>")
@permission_required("see_claims")
def evidence_download(claim_id: int, file_id: int):
    claim = current_user_claim(claim_id)
    item = next((f for f in claim.evidence if f.id == file_id), None)
    if item is None:
        abort(404)
    audit.record("evidence.downloaded", entity_type="evidence_file", entity_id=item.id, claim_id=claim.id)
    return send_file(evidence.path_of(item), mimetype="application/octet-stream",
                     as_attachment=True, download_name=item.original_name, max_age=0)


@bp.route("/<id:claim_id>/status/<to_status>", methods=["GET", "POST"])
@permission_required("work_claims")
def record_move(claim_id: int, to_status: str):
    """Record a move that has no step of its own (a response, negotiation, settlement, proceedings, closing,
    withdrawing, reopening), with what happened; a settlement with its figure."""
    claim = current_user_claim(claim_id, lock=request.method == "POST")
    if to_status not in STATUSES:
        abort(404)
    if to_status not in recorded_moves(claim.status):
        flash(f"The claim cannot be moved to “{STATUSES[to_status]}” from here. {already_done(claim)}", "error")
        return redirect(url_for("cases.detail", claim_id=claim.id, _anchor="status"))
    form = MoveForm(needs_amount=to_status in NEEDS_AMOUNT)
    if form.validate_on_submit():
        move(claim, to_status, by=current_user, reason=form.reason.data)
        if to_status in NEEDS_AMOUNT:
            claim.settled_pence = form.amount.data
        flash(f"Moved to “{STATUSES[to_status]}”.", "success")
        return redirect(url_for("cases.detail", claim_id=claim.id, _anchor="status"))
    return render_template("cases/move.html", claim=claim, form=form, to_label=STATUSES[to_status])
