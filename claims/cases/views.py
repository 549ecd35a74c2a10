"""Routes for staff to list claims and open one."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request, send_file

from claims import audit, evidence
from claims.claim.access import current_user_claim, permission_required
from claims.cases.queries import list_submitted_claims
from claims.keyset import Cursor
from claims.domain.status import TRANSITIONS
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
    listing = list_submitted_claims(search=search, before=Cursor.decode(request.args.get("before")),
                                    after=Cursor.decode(request.args.get("after")))
    return render_template("cases/index.html", listing=listing, search=search)


@bp.route("/<id:claim_id>")
@permission_required("see_claims")
def detail(claim_id: int):
    claim = current_user_claim(claim_id)
    audit.record("claim.viewed", entity_type="claim", entity_id=claim.id, claim_id=claim.id)
    snapshot = latest_snapshot(claim.id)
    made, work = claim_documents(claim.id), claim_work(claim)
    return render_template("cases/detail.html", claim=claim, valued=snapshot_summary(snapshot) if snapshot else None,
                           value_form=ValueClaimForm(), documents=made, agreement=latest_agreement(claim.id),
                           timeline=timeline(claim, made, work["notes"]), resend_form=ResendForm(), work=work,
                           moves=TRANSITIONS[claim.status],
                           forum=claim_forum(claim),
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
