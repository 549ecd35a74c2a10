"""Routes for staff to list claims and open one."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from claims import audit, evidence
from claims.cases.summary import first_screen_dates
from claims.cases.export import CSV_TYPE, XLSX_TYPE, as_csv as export_csv, as_xlsx as export_xlsx
from claims.cases.forms import MAX_SELECTION, BulkForm, MoveForm, limitation_form
from claims.cases.queries import (SORT_KEYS, existing_ids, export_rows, list_claims, staff_choices, status_counts,
                                  visible_ids)
from claims.claim import limitation
from claims.claim.access import current_user_claim, permission_required
from claims.claim.assignment import assign
from claims.claim.moves import already_done, move
from claims.clock import uk_today
from claims.domain.status import NEEDS_AMOUNT, OWN_STEP, STATUSES, TRANSITIONS, recorded_moves
from claims.domain import caseload, jurisdiction
from claims.domain.outcomes import is_read_only
from claims.domain.caseload import parse_view
from claims.extensions import db
from claims.keyset import SortCursor
from claims.models import User
from claims.web import download
from claims.work import tasks
from claims.letters.agreements import latest_agreement
from claims.letters.context import claim_forum
from claims.letters.documents import claim_documents
from claims.letters.forms import ResendForm
from claims.letters.sending import claim_sendings
from claims.letters.updates import claim_messages
from claims.valuation.forms import ValueClaimForm
from claims.valuation.report import snapshot_summary
from claims.valuation.review import latest_snapshot
from claims.outcomes.panel import claim_outcome
from claims.work.panel import claim_work

bp = Blueprint("cases", __name__, url_prefix="/staff/claims")


@bp.route("/")
@permission_required("see_claims")
def index():
    """The caseload: filters, search, sort, page size and columns from the query string (see
    ``claims.domain.caseload``), counts by status, and a form for bulk actions on the ticked rows."""
    handlers, teams = staff_choices()
    return _index_page(BulkForm(handlers=handlers), handlers, teams)


def _parsed_view():
    args = request.args.to_dict(flat=False)
    return parse_view(args, ids=existing_ids(args))


def _index_page(bulk_form, handlers, teams):
    parsed = _parsed_view()
    view, today = parsed.view, uk_today()
    listing, counts, counts_cap, screened = None, {}, None, {}
    if not parsed.errors:
        types = SORT_KEYS[view.sort].types
        forward = request.args.get("next") or request.args.get("before")  # "before": links from the first list
        backward = request.args.get("prev") or request.args.get("after")
        listing = list_claims(view, current_user, today, after=SortCursor.decode(forward, types),
                              before=SortCursor.decode(backward, types) if not forward else None)
        counts, counts_cap = status_counts(view, current_user, today, total=listing.total)
        if {"limitation", "flags"} & set(view.columns):
            screened = limitation.screen_claims([row.id for row in listing.rows], today=today)
    return render_template("cases/index.html", view=view, parsed=parsed, listing=listing, counts=counts,
                           counts_cap=counts_cap,
                           screened=screened, handlers=handlers, teams=teams, bulk_form=bulk_form,
                           search=view.search, COUNT_CAP=caseload.COUNT_CAP,
                           count_labels=caseload.count_labels, **_CHOICES)


_CHOICES = {"SEARCH_FIELDS": caseload.SEARCH_FIELDS, "BANDS": caseload.BANDS, "PAGE_SIZES": caseload.PAGE_SIZES,
            "STATUSES": STATUSES, "FLAGS": caseload.FLAGS, "COLUMNS": caseload.COLUMNS, "SORTS": caseload.SORTS,
            "ALWAYS_SHOWN": caseload.ALWAYS_SHOWN}


@bp.route("/export")
@permission_required("see_claims")
def export():
    """Every claim of the list's view (the same query parameters), as ``format=csv`` or ``format=xlsx``."""
    parsed = _parsed_view()
    kind = request.args.get("format", "csv")
    if parsed.errors or kind not in ("csv", "xlsx"):
        if kind not in ("csv", "xlsx"):
            flash("Export as CSV or as Excel (.xlsx).", "error")
        kept = [(name, value) for name, value in request.args.items(multi=True) if name != "format"]
        return redirect(url_for("cases.index") + ("?" + urlencode(kept) if kept else ""))
    return _export(parsed.view, kind)


def _export(view, kind: str, ids: list[int] | None = None):
    today = uk_today()
    rows = export_rows(view, current_user, today, ids=ids)
    data, count = (export_csv if kind == "csv" else export_xlsx)(rows, view, today)
    details = {key: value for key, value in view.params().items() if key not in ("q",)}
    if view.search:
        details["search"] = caseload.search_field(view.search, view.search_in)  # what kind, never the text
    audit.record("claims.exported", details={"format": kind, "rows": count, "filters": details,
                                             "selection": ids is not None})
    name = f"claims-{today.isoformat()}.{kind}"
    return download(data, CSV_TYPE if kind == "csv" else XLSX_TYPE, name)


@bp.route("/bulk", methods=["POST"])
@permission_required("work_claims")
def bulk():
    """Assign, move, add a task to or export the ticked claims (only those the user may see; each under its
    row lock, in id order). A move the status machine refuses for a claim leaves that claim as it was."""
    handlers = staff_choices()[0]
    form = BulkForm(handlers=handlers)
    chosen = sorted({int(value) for value in request.form.getlist("claim") if value.isdigit() and 0 < int(value) < 2**31})
    view = _parsed_view().view
    if not form.validate_on_submit() or not chosen or len(chosen) > MAX_SELECTION:
        problems = [f"{field.label.text}: {field.errors[0]}" for field in form
                    if field.errors and field.type != "CSRFTokenField"]
        if not chosen:
            problems.insert(0, "Tick the claims to act on.")
        elif len(chosen) > MAX_SELECTION:
            problems.insert(0, f"Choose at most {MAX_SELECTION} claims at a time.")
        for problem in problems or ["Choose what to do with the selected claims."]:
            flash(problem, "error")
        return redirect(url_for("cases.index", **view.params()))
    ids = visible_ids(current_user, chosen)
    action = form.action.data
    if action in ("export_csv", "export_xlsx"):
        return _export(view, action.removeprefix("export_"), ids=ids)
    claims = [current_user_claim(claim_id, lock=True) for claim_id in ids]
    if action == "assign":
        handler = None if form.handler.data == "none" else db.session.get(User, int(form.handler.data))
        changed = sum(assign(claim, by=current_user, handler=handler) for claim in claims)
        flash(f"{_claims(changed)} assigned to {handler.full_name if handler else 'no handler'}"
              + (f"; {_claims(len(claims) - changed)} already were." if changed < len(claims) else "."), "success")
    elif action == "move":
        to_status, refused = form.to_status.data, []
        for claim in claims:
            if to_status in recorded_moves(claim.status):
                move(claim, to_status, by=current_user, reason=form.reason.data)
            else:
                refused.append(claim.reference)
        moved = len(claims) - len(refused)
        flash(f"{_claims(moved)} moved to “{STATUSES[to_status]}”.", "success" if moved else "info")
        if refused:
            flash(f"Not moved, because the status machine does not allow it from their status (left unchanged): "
                  f"{', '.join(refused)}.", "error")
    else:
        closed = [claim.reference for claim in claims if is_read_only(claim.status)]
        claims = [claim for claim in claims if not is_read_only(claim.status)]
        for claim in claims:
            tasks.add(claim, title=form.title.data, due_on=form.due_day, details=None, assigned_to_id=None,
                      by=current_user)
        flash(f"Task “{form.title.data}” added to {_claims(len(claims))}.", "success" if claims else "info")
        if closed:
            flash(f"No task added to the closed claims, which are read-only: {', '.join(closed)}.", "error")
    if len(ids) < len(chosen):
        flash(f"{_claims(len(chosen) - len(ids))} of those ticked could not be found.", "error")
    return redirect(url_for("cases.index", **view.params()))


def _claims(count: int) -> str:
    return f"{count:,} claim{'' if count == 1 else 's'}"


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
    """The claim page: first the status and the moves from it, the next dates, who handles the claim, its value and
    open tasks; then each section in full. Everything it shows comes from the claim as ``load_claim_for`` loaded it
    and one query each for its valuation, documents, agreement, tasks and notes, however many of each there are."""
    today = uk_today()
    snapshot = latest_snapshot(claim.id)
    made, work = claim_documents(claim.id), claim_work(claim)
    return render_template("cases/detail.html", claim=claim, valued=snapshot_summary(snapshot) if snapshot else None,
                           value_form=ValueClaimForm(), documents=made, agreement=latest_agreement(claim.id),
                           timeline=timeline(claim, made, work["notes"], claim_sendings(claim.id),
                                             claim_messages(claim.id)), resend_form=ResendForm(), work=work,
                           moves=TRANSITIONS[claim.status], own_step=OWN_STEP, recorded=recorded_moves(claim.status),
                           next_dates=first_screen_dates(claim, work["tasks"], today=today),
                           forum=claim_forum(claim),
                           screened=limitation.screen_claim(claim, today=today), today=today,
                           limitation_form=form, outcome=claim_outcome(claim),
                           claimant_place=jurisdiction.LABELS[jurisdiction.postcode_jurisdiction(claim.claimant.postcode)])


def timeline(claim, made, notes=(), sent=(), messages=()) -> list[tuple]:
    """The claim's history, newest first: status moves with their reasons, every document made and every sending
    of one, the notes, calls and documents received, and the client's messages from their portal page
    (``(at, to_status, by, reason, document, note, sending, message)``)."""
    events = [(change.changed_at, change.to_status, change.changed_by, change.reason, None, None, None, None)
              for change in claim.status_changes]
    events += [(item.created_at, None, item.created_by, item.override_reason, item, None, None, None) for item in made]
    events += [(note.occurred_at, None, note.author, None, None, note, None, None) for note in notes]
    events += [(row.created_at, None, row.sent_by, None, None, None, row, None) for row in sent]
    events += [(message.received_at, None, None, None, None, None, None, message) for message in messages]
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
                     as_attachment=True, download_name=item.original_name)


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
