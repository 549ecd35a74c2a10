"""Staff correcting a claim's facts, a section at a time, without overwriting each other.

``/staff/claims/<id>/edit`` lists the sections (``claims.domain.claim_edits.SECTIONS``); each is a
page of its own, ``/staff/claims/<id>/edit/<section>``. The form carries the claim's version it was
loaded at: a save made after someone else's is refused, the page says who changed what since,
and keeps what this person typed with the version brought up to date, so saving again is a
deliberate choice. The claim page's history of edits is ``templates/cases/_edits.html``, reading
``claim_edits(claim)``.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from claims.cases import editing
from claims.cases.edit_forms import FORMS, ClaimantForm, DefendantForm, LossesForm
from claims.claim.access import current_user_claim, permission_required
from claims.clock import uk_today
from claims.domain.claim_edits import SECTIONS, label

bp = Blueprint("claim_edits", __name__, url_prefix="/staff/claims")


@bp.app_template_global("claim_edits")
def claim_edits(claim) -> list:
    """The claim's edits, newest first, for the history on the claim page."""
    return editing.edits_of(claim.id)


@bp.app_template_filter("edit_field")
def edit_field(field: str) -> str:
    return label(field)


@bp.route("/<id:claim_id>/edit")
@permission_required("work_claims")
def edit(claim_id: int):
    claim = current_user_claim(claim_id)
    return render_template("cases/edit.html", claim=claim, sections=SECTIONS, section=None, form=None,
                           conflict=None)


@bp.route("/<id:claim_id>/edit/<section>", methods=["GET", "POST"])
@permission_required("work_claims")
def edit_section(claim_id: int, section: str):
    if section not in SECTIONS:
        abort(404)
    claim = current_user_claim(claim_id, lock=request.method == "POST")
    form = _form(claim, section)
    if request.method == "GET":
        form.version.data = str(claim.version)
    if not form.validate_on_submit():
        return _page(claim, section, form, status=400 if request.method == "POST" else 200)
    if form.loaded_version != claim.version:
        conflict = editing.edits_of(claim.id, after_version=form.loaded_version)
        if section != "losses":
            _show_theirs(form, editing.left_as_found(conflict, form.values()), editing.form_defaults(claim, section))
        form.version.data = str(claim.version)  # what they typed stays; saving again is deliberate
        return _page(claim, section, form, conflict=conflict, status=409)
    reason, today = form.reason.data or None, uk_today()
    if section == "losses":
        changes = editing.edit_losses(claim, _loss_rows(form), by=current_user, today=today, reason=reason)
    else:
        changes = editing.edit_section(
            claim, form.values(), by=current_user, today=today, reason=reason,
            defendant_id=int(form.defendant_id.data) if section == "defendant" and form.defendant_id.data else None)
    if changes:
        flash(f"{SECTIONS[section][0]} saved: {len(changes)} change{'s' if len(changes) != 1 else ''} kept in the "
              "claim's history.", "success")
    else:
        flash("Nothing changed.", "success")
    return redirect(url_for("cases.detail", claim_id=claim.id, _anchor="edits"))


def _form(claim, section: str):
    """The section's form: the request's answers on a POST, else the claim's values."""
    cls = FORMS[section]
    kwargs = {}
    if cls is ClaimantForm:
        kwargs["email_required"] = claim.litigation_friend_id is None
    elif cls is DefendantForm:
        kwargs["register"] = editing.register_entries()
    if request.method == "POST":
        return cls(**kwargs)
    return cls(**kwargs, **editing.form_defaults(claim, section))


def _show_theirs(form, fields: set[str], saved: dict) -> None:
    """Fields the other person changed and this one did not touch show the saved value, so saving again keeps
    the other person's change there; everything this person typed stays as typed."""
    for field in fields:
        name = field.removeprefix("claimant.")
        if name in saved and name in form:
            form[name].process(None, data=saved[name])


def _loss_rows(form: LossesForm) -> list[dict]:
    rows = []
    for entry in form.losses:
        row = entry.form
        if row.blank:
            continue
        ident = row.loss_id.data or ""
        rows.append({"loss_id": int(ident) if ident.isdigit() else None, "remove": bool(row.remove.data),
                     "head": row.head.data, "pence": row.amount.data, "description": row.description.data or None,
                     "evidenced": bool(row.evidenced.data)})
    return rows


def _page(claim, section: str, form, *, conflict=None, status: int = 200):
    return render_template("cases/edit.html", claim=claim, sections=SECTIONS, section=section, form=form,
                           conflict=conflict, summary=_summary(form)), status


class _Fields:
    """A form's own fields for the error summary, without a list of rows (whose rows are listed themselves)."""

    def __init__(self, form):
        self.fields, self.form_errors = [field for field in form if field.type != "FieldList"], form.form_errors

    def __iter__(self):
        return iter(self.fields)


def _summary(form) -> list:
    """What the error summary lists: the form's fields, then each row's."""
    rows = [entry.form for field in form if field.type == "FieldList" for entry in field]
    return [_Fields(form), *rows]
