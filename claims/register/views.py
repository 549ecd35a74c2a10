"""The register's pages: defendants at /staff/defendants and incidents at /staff/incidents.

Solicitors, partners and administrators read the register; solicitors and partners change it (an
administrator reads no claim, so the claims listed under a defendant or an incident are, as everywhere,
only those the signed-in user may see). Each change is audited by ``claims.register.defendants`` and
``claims.register.incidents``.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from claims import audit
from claims.claim.access import may, permission_required
from claims.extensions import db
from claims.web import download
from claims.models import Defendant, Incident
from claims.clock import uk_today
from claims.register import defendants as register, importing, incidents
from claims.register.forms import DefendantForm, ImportForm, IncidentForm, MergeForm, VariantForm

bp = Blueprint("register", __name__, url_prefix="/staff")


def _defendant(defendant_id: int) -> Defendant:
    return db.session.get(Defendant, defendant_id) or abort(404)


@bp.route("/defendants/")
@permission_required("see_register")
def defendants():
    typed = (request.args.get("q") or "")[:200]
    return render_template("register/defendants.html", found=register.search(typed), typed=typed)


@bp.route("/defendants/new", methods=["GET", "POST"])
@permission_required("keep_register")
def new_defendant():
    form = DefendantForm()
    if form.validate_on_submit():
        try:
            defendant = register.create(by=current_user, **form.values())
        except register.RegisterRefused as exc:
            getattr(form, exc.field).errors.append(str(exc))
        else:
            flash("Added to the register.", "success")
            return redirect(url_for("register.defendant", defendant_id=defendant.id))
    return render_template("register/defendant_form.html", form=form, defendant=None)


@bp.route("/defendants/<id:defendant_id>")
@permission_required("see_register")
def defendant(defendant_id: int):
    record = _defendant(defendant_id)
    audit.record("defendant.viewed", entity_type="defendant", entity_id=record.id)
    return _defendant_page(record, VariantForm(formdata=None), MergeForm(formdata=None))


def _defendant_page(record: Defendant, variant_form, merge_form):
    others = db.session.execute(select(Defendant.id, Defendant.name).where(Defendant.id != record.id)
                                .order_by(func.lower(Defendant.name))).all()
    merge_form.other.choices = [("", "Choose an entry")] + [(str(ident), f"{name} (entry {ident})")
                                                            for ident, name in others]
    return render_template(
        "register/defendant.html", defendant=record, variants=register.variants(record.id),
        claims=register.defendant_claims(record.id, current_user),
        incidents=incidents.of_defendant(record.id), variant_form=variant_form, merge_form=merge_form,
        may_keep=may(current_user, "keep_register"))


@bp.route("/defendants/<id:defendant_id>/edit", methods=["GET", "POST"])
@permission_required("keep_register")
def edit_defendant(defendant_id: int):
    record = _defendant(defendant_id)
    shown = None if request.method == "POST" else {
        **{field: getattr(record, field) for field in ("name", "sector", "address", "dpo_email", "ico_registration")},
        "public_authority": "yes" if record.public_authority else "no"}
    form = DefendantForm(data=shown)
    if form.validate_on_submit():
        try:
            changed = register.update_defendant(record, by=current_user, **form.values())
        except register.RegisterRefused as exc:
            getattr(form, exc.field).errors.append(str(exc))
        else:
            flash("Saved." if changed else "Nothing changed.", "success" if changed else "info")
            return redirect(url_for("register.defendant", defendant_id=record.id))
    return render_template("register/defendant_form.html", form=form, defendant=record)


@bp.route("/defendants/<id:defendant_id>/variants", methods=["GET", "POST"])
@permission_required("keep_register")
def add_variant(defendant_id: int):
    """Add another name the defendant goes by (the defendant's page, with the form's errors and typing kept)."""
    record = _defendant(defendant_id)
    form = VariantForm()
    if form.validate_on_submit():
        try:
            register.add_variant(record, form.variant.data, by=current_user)
        except register.RegisterRefused as exc:
            form.variant.errors.append(str(exc))
        else:
            flash("Name added.", "success")
            return redirect(url_for("register.defendant", defendant_id=record.id, _anchor="names"))
    return _defendant_page(record, form, MergeForm(formdata=None))


@bp.route("/defendants/<id:defendant_id>/variants/<id:variant_id>/remove", methods=["POST"])
@permission_required("keep_register")
def remove_variant(defendant_id: int, variant_id: int):
    record = _defendant(defendant_id)
    if not register.remove_variant(record, variant_id, by=current_user):
        abort(404)
    flash("Name removed.", "success")
    return redirect(url_for("register.defendant", defendant_id=record.id, _anchor="names"))


@bp.route("/defendants/<id:defendant_id>/merge", methods=["POST"])
@permission_required("keep_register")
def merge(defendant_id: int):
    """Merge another entry into this one: its claims, incidents and names come here; it goes."""
    record = _defendant(defendant_id)
    form = MergeForm()
    form.other.choices = [(str(ident), "") for ident in db.session.scalars(
        select(Defendant.id).where(Defendant.id != record.id))]
    if not form.validate_on_submit():
        for field in (form.other, form.confirm):
            if field.errors:
                flash(f"Not merged: {field.errors[0]}.", "error")
        if not (form.other.errors or form.confirm.errors):
            flash("Not merged: choose the entry and confirm.", "error")
        return redirect(url_for("register.defendant", defendant_id=record.id, _anchor="merge"))
    other = _defendant(int(form.other.data))
    name = other.name
    moved = register.merge(record, other, by=current_user)
    flash(f"Merged “{name}” into this entry: {moved['claims']} claim(s), {moved['incidents']} incident(s) and "
          f"{moved['variants']} other name(s) moved; its name is kept as another name of this one.", "success")
    return redirect(url_for("register.defendant", defendant_id=record.id))


# Incidents ----------------------------------------------------------------------------------------------

def _incident(incident_id: int) -> Incident:
    return db.session.get(Incident, incident_id) or abort(404)


def _defendant_choices() -> list[tuple[str, str]]:
    rows = db.session.execute(select(Defendant.id, Defendant.name).order_by(func.lower(Defendant.name))).all()
    return [("", "Choose the defendant")] + [(str(ident), name) for ident, name in rows]


@bp.route("/incidents/")
@permission_required("see_register")
def incident_list():
    return render_template("register/incidents.html", found=incidents.listing())


@bp.route("/incidents/new", methods=["GET", "POST"])
@permission_required("keep_register")
def new_incident():
    form = IncidentForm(data=None if request.method == "POST" else {"defendant": request.args.get("defendant", "")})
    form.defendant.choices = _defendant_choices()
    if form.validate_on_submit():
        incident = incidents.create(by=current_user, **form.values())
        flash("Incident added.", "success")
        return redirect(url_for("register.incident", incident_id=incident.id))
    return render_template("register/incident_form.html", form=form, incident=None)


@bp.route("/incidents/<id:incident_id>")
@permission_required("see_register")
def incident(incident_id: int):
    record = _incident(incident_id)
    audit.record("incident.viewed", entity_type="incident", entity_id=record.id)
    return render_template("register/incident.html", incident=record,
                           claims=incidents.incident_claims(record.id, current_user),
                           may_keep=may(current_user, "keep_register"))


@bp.route("/incidents/<id:incident_id>/edit", methods=["GET", "POST"])
@permission_required("keep_register")
def edit_incident(incident_id: int):
    record = _incident(incident_id)
    shown = None if request.method == "POST" else {
        "defendant": str(record.defendant_id), "title": record.title, "breach_type": record.breach_type,
        "occurred_on": record.occurred_on, "summary": record.summary, "regulator_action": record.regulator_action or "",
        "regulator_action_on": record.regulator_action_on, "penalty": record.regulator_penalty_pence,
        "link": record.link}
    form = IncidentForm(data=shown)
    form.defendant.choices = _defendant_choices()
    if form.validate_on_submit():
        changed = incidents.update_incident(record, by=current_user, **form.values())
        flash("Saved." if changed else "Nothing changed.", "success" if changed else "info")
        return redirect(url_for("register.incident", incident_id=record.id))
    return render_template("register/incident_form.html", form=form, incident=record)


@bp.route("/incidents/<id:incident_id>/import", methods=["GET", "POST"])
@permission_required("keep_register")
def import_claimants(incident_id: int):
    """Import a CSV or XLSX of claimants for the incident: every problem listed by row and column; nothing imported
    while a row has one, unless the user chose to import the valid rows."""
    record = _incident(incident_id)
    form = ImportForm()
    checked, imported = None, None
    if form.validate_on_submit():
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            form.file.errors.append("Choose a .csv or .xlsx file")
        else:
            try:
                checked = importing.check_rows(importing.read_rows(upload.filename, upload.read(importing.MAX_BYTES + 1)),
                                               today=uk_today())
            except importing.RejectedFile as exc:
                form.file.errors.append(str(exc))
            else:
                importing.check_against_database(checked, record)
                if request.form.get("action") == "problems" and checked.problems:
                    return download(importing.problems_csv(checked), "text/csv; charset=utf-8",
                                    f"import-problems-incident-{record.id}.csv")
                if request.form.get("action") == "problems":
                    flash("The file has no problems: nothing was imported yet.", "info")
                elif checked.rows and (not checked.problems or form.import_valid.data):
                    imported = importing.import_rows(checked, record, by=current_user)
                    flash(f"{imported:,} claimant(s) imported: each has been emailed a link to complete the claim "
                          "form and sign.", "success")
    return render_template("register/import.html", incident=record, form=form, checked=checked, imported=imported,
                           COLUMNS=importing.COLUMNS, conflict=importing.client_conflict(record))
