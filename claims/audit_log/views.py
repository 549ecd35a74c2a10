"""The audit trail's pages (partners only): the filtered list, a page at a time, and its CSV export.

Both are themselves audited (``audit.viewed``, ``audit.exported``) with the filters as ids and dates.
A filter the form refuses shows the problem and no rows, with what was typed kept in the form.
"""
from __future__ import annotations

from flask import Blueprint, render_template, request

from claims import audit
from claims.audit_log.export import as_csv
from claims.audit_log.queries import (EXPORT_LIMIT, Filters, audit_page, claim_for, export_rows, filter_form)
from claims.claim.access import permission_required
from claims.clock import uk_today
from claims.keyset import Cursor
from claims.web import download

bp = Blueprint("audit_log", __name__, url_prefix="/staff/audit")

CSV_TYPE = "text/csv; charset=utf-8"


def _filter_args() -> dict:
    """The filters in the query string, for the paging and export links."""
    return {name: request.args[name] for name in ("reference", "user", "action", "date_from", "date_to")
            if request.args.get(name)}


def _read_filters():
    """The form and, when it reads, the filters and the claim the reference names (None: no such claim)."""
    form = filter_form(request.args)
    if not form.validate():
        return form, None, None
    filters = Filters.from_form(form)
    return form, filters, claim_for(filters.reference)


def _refused(form):
    return render_template("audit_log/index.html", form=form, page=None, args=_filter_args(), first_page=True,
                           unknown_reference=False)


@bp.route("/")
@permission_required("see_audit_log")
def index():
    form, filters, claim_id = _read_filters()
    if filters is None:
        return _refused(form)
    after = Cursor.decode(request.args.get("after"))
    page = audit_page(filters, claim_id, after=after)
    audit.record("audit.viewed", details={"filters": filters.details(claim_id), "rows": len(page.rows),
                                          "page": "next" if after else "first"})
    return render_template("audit_log/index.html", form=form, page=page, args=_filter_args(),
                           first_page=after is None, unknown_reference=bool(filters.reference) and claim_id is None,
                           export_limit=EXPORT_LIMIT)


@bp.route("/export.csv")
@permission_required("see_audit_log")
def export():
    """Every row matching the filters (up to ``EXPORT_LIMIT``), newest first, as CSV."""
    form, filters, claim_id = _read_filters()
    if filters is None:
        return _refused(form), 400
    data, count = as_csv(export_rows(filters, claim_id))
    audit.record("audit.exported", details={"format": "csv", "rows": count, "filters": filters.details(claim_id)})
    return download(data, CSV_TYPE, f"audit-{uk_today().isoformat()}.csv")
