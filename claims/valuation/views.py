"""Partner pages for the precedent table and the inflation index: versions, upload, rollback, download.

One page per table. It lists the versions, shows the active one (or ``?version=N``),
and takes two forms: a new file, or "make this version active" for an earlier one.
Only partners may see or change the data: the figures are legal judgments that drive
valuations partners sign off (admins manage accounts, and can make a partner account).
"""
from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from claims.auth.access import role_required
from claims.evidence import sanitise_filename
from claims.extensions import db
from claims.valuation import export
from claims.valuation import precedent_store as store
from claims.valuation.forms import ActivateForm, UploadForm
from claims.valuation.schema import RowError

bp = Blueprint("valuation", __name__, url_prefix="/staff/valuation")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/precedents", methods=["GET", "POST"])
@role_required("partner")
def precedents():
    return _dataset_page(store.PRECEDENTS)


@bp.route("/inflation", methods=["GET", "POST"])
@role_required("partner")
def inflation():
    return _dataset_page(store.INFLATION)


@bp.route("/precedents.xlsx")
@role_required("partner")
def download_precedents():
    return _download(store.PRECEDENTS, export.precedent_cells)


@bp.route("/inflation.xlsx")
@role_required("partner")
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
    version = request.args.get("version", type=int)
    if version is None:
        return store.active_set(dataset)
    return store.get_version(dataset, version) or abort(404)


def _upload(dataset: store.Dataset, form: UploadForm) -> list:
    """Import the file in one transaction; the problems found, or [] once the new version is active."""
    data = form.file.data.read(store.MAX_FILE_BYTES + 1)
    try:
        result = store.import_file(dataset, sanitise_filename(form.file.data.filename or ""), data,
                                   note=form.note.data, user_id=current_user.id)
        db.session.commit()
    except store.ImportRefused as refused:
        db.session.rollback()
        store.record_refusal(dataset, refused.errors)
        db.session.commit()
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
        db.session.commit()
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
    return send_file(BytesIO(export.workbook_bytes(dataset.all_columns, rows)), mimetype=XLSX, as_attachment=True,
                     download_name=name, max_age=0)
