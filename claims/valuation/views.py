"""Valuation pages: the reference data, valuing a claim, a partner's review, and the report.

- Precedent table and inflation index (partners): one page per table listing the versions,
  showing the active one (or ``?version=N``), with two forms: a new file, or "make this
  version active" for an earlier one. The figures are legal judgments that drive
  valuations partners sign off (admins manage accounts, and can make a partner account).
- Value a claim (solicitors and partners): a POST from the claim page.
- Review (partners): the queue of valuations awaiting review, oldest first, and one
  page per valuation to approve it or adjust the range with a reason.
- Backtest (partners): how often the model's range held each published award when that
  case was left out, against the target.
- Report (staff): the claim's latest valuation (or ``?snapshot=N``) as a page with a
  chart, and as a Word document. Viewing and downloading are audited.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from claims import audit
from claims.claim.access import current_user_claim, permission_required
from claims.claim.limitation import screen_claims
from claims.clock import uk_today
from claims.domain.money import format_pence
from claims.domain.valuation import ValuationInputError
from claims.evidence import sanitise_filename
from claims.extensions import db
from claims.ids import id_arg
from claims.keyset import Cursor
from claims.models import ValuationSnapshot
from claims.valuation import export, review, service
from claims.valuation.cli import backtest_report
from claims.valuation import precedent_store as store
from claims.valuation.forms import ActivateForm, AdjustForm, ApproveForm, UploadForm, ValueClaimForm
from claims.valuation.report import render_docx, report_context, with_current_limitation
from claims.valuation.schema import RowError
from claims.web import download
from claims.word import DOCX_MEDIA_TYPE

bp = Blueprint("valuation", __name__, url_prefix="/staff/valuation")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/precedents", methods=["GET", "POST"])
@permission_required("review_valuations")
def precedents():
    return _dataset_page(store.PRECEDENTS)


@bp.route("/inflation", methods=["GET", "POST"])
@permission_required("review_valuations")
def inflation():
    return _dataset_page(store.INFLATION)


@bp.route("/precedents.xlsx")
@permission_required("review_valuations")
def download_precedents():
    return _download(store.PRECEDENTS, export.precedent_cells)


@bp.route("/inflation.xlsx")
@permission_required("review_valuations")
def download_inflation():
    return _download(store.INFLATION, export.inflation_cells)


def _dataset_page(dataset: store.Dataset):
    upload, activate = UploadForm(prefix="upload"), ActivateForm(prefix="rollback")
    problems = []
    if upload.submit.data and upload.validate_on_submit():
        problems = _upload(dataset, upload)
        if not problems:
            return redirect(url_for(request.endpoint))
    elif activate.submit.data and activate.validate_on_submit():
        _activate(dataset, activate.version.data)
        return redirect(url_for(request.endpoint))
    return render_template(f"valuation/{dataset.kind}.html", dataset=dataset, shown=_shown(dataset),
                           versions=store.list_versions(dataset), upload=upload, activate=activate,
                           problems=problems)


def _shown(dataset: store.Dataset):
    """The version asked for with ?version=N (404 if there is none), else the active one."""
    version = id_arg("version")
    if version is None:
        return store.active_set(dataset)
    return store.get_version(dataset, version) or abort(404)


def _upload(dataset: store.Dataset, form: UploadForm) -> list:
    """Import the file in one transaction; the problems found, or [] once the new version is active."""
    data = form.file.data.read(store.MAX_FILE_BYTES + 1)
    try:
        result = store.import_file(dataset, sanitise_filename(form.file.data.filename or ""), data,
                                   note=form.note.data, user_id=current_user.id)
        db.session.flush()  # surfaces a clash here, not at the commit
    except store.ImportRefused as refused:
        db.session.rollback()
        store.record_refusal(dataset, refused.errors)
        return refused.errors
    except IntegrityError:  # another partner's upload or rollback landed at the same moment
        db.session.rollback()
        return [RowError(None, None, "Another change was saved at the same moment. Upload the file again.")]
    version = result.data_set.version
    flash(f"Version {version} is now active ({result.data_set.row_count} rows)." if result.created else
          f"That file is the same as the active version {version}: nothing changed.", "success")
    return []


def _activate(dataset: store.Dataset, version: int) -> None:
    try:
        target = store.activate_version(dataset, version)
        db.session.flush()  # surfaces a clash here, not at the commit
    except IntegrityError:
        db.session.rollback()
        target = None
    if target is None:
        flash(f"Version {version} could not be made active. Try again.", "error")
    else:
        flash(f"Version {version} is now active.", "success")


def _download(dataset: store.Dataset, cells):
    """The version asked for (or the active one) as .xlsx; before any upload, just the header row."""
    shown = _shown(dataset)
    rows = [cells(row) for row in shown.rows] if shown else []
    name = f"{dataset.kind}-v{shown.version}.xlsx" if shown else f"{dataset.kind}-template.xlsx"
    return download(export.workbook_bytes(dataset.all_columns, rows), XLSX, name)


# -- valuing a claim, the partner's review, the report ----------------------------------------------

@bp.route("/claims/<id:claim_id>/value", methods=["POST"])
@permission_required("work_claims")
def value_claim(claim_id: int):
    claim = current_user_claim(claim_id, lock=True)
    if ValueClaimForm().validate_on_submit():
        try:
            snapshot = service.value_claim(claim, user=current_user, as_of=uk_today())
        except ValuationInputError as exc:  # the claim's answers cannot be valued as they stand
            db.session.rollback()
            flash(f"This claim could not be valued: {exc}", "error")
        else:
            flash(f"Valued at {_range_text(snapshot)}. A partner reviews it before anyone relies on it.", "success")
    return redirect(url_for("cases.detail", claim_id=claim.id, _anchor="valuation"))


@bp.route("/backtest")
@permission_required("review_valuations")
def backtest():

    today = uk_today()
    result, _lines = backtest_report(today, with_firm=False)
    return render_template("valuation/backtest.html", result=result, as_of=today)


@bp.route("/review")
@permission_required("review_valuations")
def review_queue():
    page = review.review_queue(current_user, after=Cursor.decode(request.args.get("after")))
    screened = screen_claims({row.claim_id for row in page.rows}, today=uk_today())
    flags = {row.id: with_current_limitation(row.flags, screened[row.claim_id].flags) for row in page.rows}
    return render_template("valuation/review_queue.html", page=page, flags=flags,
                           first_page=not request.args.get("after"))


@bp.route("/review/<id:snapshot_id>", methods=["GET", "POST"])
@permission_required("review_valuations")
def review_snapshot(snapshot_id: int):
    snapshot = db.session.get(ValuationSnapshot, snapshot_id) or abort(404)
    claim = current_user_claim(snapshot.claim_id, lock=request.method == "POST")
    if request.method == "POST":
        db.session.refresh(snapshot)  # as the partner who decided first left it
    approve, adjust = ApproveForm(prefix="approve"), AdjustForm(prefix="adjust", data=_estimate_range(snapshot))
    status = 200
    if request.method == "POST":
        outcome = _decide(snapshot, approve, adjust)
        if outcome == "decided":
            return redirect(url_for("valuation.review_queue"))
        status = 409 if outcome == "not_reviewable" else 200
    return render_template("valuation/review.html", report=report_context(claim, snapshot, today=uk_today()),
                           snapshot=snapshot, approve=approve, adjust=adjust), status


@bp.route("/claims/<id:claim_id>")
@permission_required("see_claims")
def report(claim_id: int):
    claim = current_user_claim(claim_id)
    snapshot = _chosen_snapshot(claim.id)
    if snapshot is not None:
        _audit_report(snapshot, "valuation.report_viewed")
    return render_template("valuation/report.html", claim=claim, snapshot=snapshot,
                           report=report_context(claim, snapshot, today=uk_today()) if snapshot else None,
                           snapshots=review.claim_snapshots(claim.id), value_form=ValueClaimForm(),
                           review_labels=review.REVIEW_LABELS)


@bp.route("/claims/<id:claim_id>/report.docx")
@permission_required("see_claims")
def report_docx(claim_id: int):
    claim = current_user_claim(claim_id)
    snapshot = _chosen_snapshot(claim.id) or abort(404)
    document = render_docx(report_context(claim, snapshot, today=uk_today()))
    _audit_report(snapshot, "valuation.report_downloaded")
    name = f"{claim.reference or claim.id}-valuation-{snapshot.id}.docx"
    return download(document, DOCX_MEDIA_TYPE, name)


def _decide(snapshot: ValuationSnapshot, approve: ApproveForm, adjust: AdjustForm) -> str:
    """Apply the form that was sent: "decided", "invalid" (errors to show) or "not_reviewable"."""
    try:
        if approve.submit.data and approve.validate_on_submit():
            review.approve(snapshot, current_user)
        elif adjust.submit.data and adjust.validate_on_submit():
            review.adjust(snapshot, current_user, low_pence=adjust.low.data, mid_pence=adjust.mid.data,
                          high_pence=adjust.high.data, reason=adjust.reason.data)
        else:
            return "not_reviewable" if snapshot.review_status != "awaiting_review" else "invalid"
    except review.NotReviewable:
        db.session.rollback()
        db.session.refresh(snapshot)
        return "not_reviewable"
    flash(f"Valuation {snapshot.id} {snapshot.review_status}: {_range_text(snapshot)}.", "success")
    return "decided"


def _estimate_range(snapshot: ValuationSnapshot) -> dict:
    """The adjust form's starting figures: the estimate's range."""
    return {"low": snapshot.low_pence, "mid": snapshot.mid_pence, "high": snapshot.high_pence}


def _range_text(snapshot: ValuationSnapshot) -> str:
    low, mid, high = (format_pence(p) for p in snapshot.agreed_pence)
    return f"{low} to {high} (mid {mid})"


def _chosen_snapshot(claim_id: int) -> ValuationSnapshot | None:
    """The valuation asked for with ?snapshot=N (404 unless it is this claim's), else the latest."""
    snapshot_id = id_arg("snapshot")
    if snapshot_id is None:
        return review.latest_snapshot(claim_id)
    snapshot = db.session.get(ValuationSnapshot, snapshot_id)
    return snapshot if snapshot is not None and snapshot.claim_id == claim_id else abort(404)


def _audit_report(snapshot: ValuationSnapshot, action: str) -> None:
    audit.record(action, entity_type="valuation_snapshot", entity_id=snapshot.id, claim_id=snapshot.claim_id,
                 details={"snapshot_id": snapshot.id})
