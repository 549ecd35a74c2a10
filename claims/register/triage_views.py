"""The register's part of triage on the claim page: the suggested match (defendant and incident) to confirm or
change, and each possible duplicate or conflict to decide. ``register_triage(claim)`` gives the claim page
(templates/register/_triage.html) what it shows; the forms post here. Also the firm's conflict list
(/staff/conflicts). Every route keyed by a claim loads it through the kernel's access check.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from claims.claim.access import current_user_claim, may, permission_required, visible_claims
from claims.clock import uk_today
from claims.extensions import db
from claims.models import Claim, ClaimFlag, ConflictEntry, Defendant, Incident
from claims.register import flags, matching
from claims.register.forms import ConflictEntryForm, FlagForm, MatchForm
from claims.register.views import bp

NONE = ""


def _match_form(claim, *, posted: bool = False) -> MatchForm:
    form = MatchForm() if posted else MatchForm(formdata=None)
    form.defendant.choices = [(NONE, "Not matched to the register")] + [
        (str(ident), name) for ident, name in db.session.execute(
            select(Defendant.id, Defendant.name).order_by(func.lower(Defendant.name)))]
    form.incident.choices = [(NONE, "No incident")] + [
        (str(ident), f"{name}: {title}") for ident, title, name in db.session.execute(
            select(Incident.id, Incident.title, Defendant.name).join(Incident.defendant)
            .order_by(func.lower(Defendant.name), Incident.id))]
    if not posted:
        form.defendant.data = str(claim.defendant_id or NONE)
        form.incident.data = str(claim.incident_id or NONE)
    return form


def _flag_form(flag: ClaimFlag, *, posted: bool = False) -> FlagForm:
    form = FlagForm(prefix=f"flag{flag.id}") if posted else FlagForm(formdata=None, prefix=f"flag{flag.id}")
    form.decision.choices = list(flags.DECISIONS[flag.kind].items())
    return form


@bp.app_context_processor
def _register_triage():
    def register_triage(claim):
        found = flags.flags_of(claim.id)
        works = may(current_user, "work_claims")
        others = {flag.other_claim_id for flag in found if flag.other_claim_id is not None}
        seen = dict(db.session.execute(select(Claim.id, Claim.reference).where(  # one query, whatever the flags
            Claim.id.in_(others), visible_claims(current_user))).tuples().all())
        return {"seen": seen, "match_form": _match_form(claim) if works else None, "flags": found,
                "flag_forms": {flag.id: _flag_form(flag) for flag in found if flag.decision is None and works},
                "merged": flags.merged_duplicates(claim.id), "DECISIONS": flags.DECISIONS}
    return {"register_triage": register_triage}


@bp.route("/claims/<id:claim_id>/register-match", methods=["POST"])
@permission_required("work_claims")
def review_match(claim_id: int):
    claim = current_user_claim(claim_id, lock=True)
    form = _match_form(claim, posted=True)
    back = redirect(url_for("cases.detail", claim_id=claim.id, _anchor="register-match"))
    if not form.validate_on_submit():
        flash("The match was not saved: choose from the lists.", "error")
        return back
    defendant_id = int(form.defendant.data) if form.defendant.data else None
    incident = db.session.get(Incident, int(form.incident.data)) if form.incident.data else None
    if incident is not None and incident.defendant_id != defendant_id:
        flash("The match was not saved: the incident chosen is another defendant's.", "error")
        return back
    changed = matching.review(claim, by=current_user, defendant_id=defendant_id,
                              incident_id=incident.id if incident else None, today=uk_today())
    flash("Match changed and recorded." if changed else "Match confirmed.", "success")
    return back


@bp.route("/claims/<id:claim_id>/flags/<id:flag_id>", methods=["POST"])
@permission_required("work_claims")
def decide_flag(claim_id: int, flag_id: int):
    claim = current_user_claim(claim_id, lock=True)
    flag = db.session.get(ClaimFlag, flag_id)
    if flag is None or flag.claim_id != claim.id:
        abort(404)
    form = _flag_form(flag, posted=True)
    back = redirect(url_for("cases.detail", claim_id=claim.id, _anchor="register-flags"))
    if not form.validate_on_submit():
        problems = [field.errors[0] for field in (form.decision, form.reason) if field.errors]
        flash("Not recorded: " + "; ".join(problems or ["choose a decision and say why"]) + ".", "error")
        return back
    try:
        flags.decide(claim, flag, form.decision.data, by=current_user, reason=form.reason.data)
    except flags.FlagRefused as exc:
        flash(f"Not recorded: {exc}.", "error")
        return back
    flash(f"Recorded: {flags.DECISIONS[flag.kind][form.decision.data]}.", "success")
    if form.decision.data == "declined":
        flash("Now decline the claim in “Letters and agreement”: that makes the decline letter.", "info")
    return back


@bp.route("/conflicts", methods=["GET", "POST"])
@permission_required("keep_register")
def conflict_list():
    form = ConflictEntryForm()
    if form.validate_on_submit():
        try:
            flags.add_conflict_entry(kind=form.kind.data, name=form.name.data, note=form.note.data or None,
                                     by=current_user)
        except flags.FlagRefused as exc:
            form.name.errors.append(str(exc))
        else:
            flash("Added to the conflict list: new claims are checked against it.", "success")
            return redirect(url_for("register.conflict_list"))
    entries = db.session.scalars(select(ConflictEntry).order_by(ConflictEntry.kind, func.lower(ConflictEntry.name)))
    return render_template("register/conflicts.html", form=form, entries=list(entries), KINDS=flags.CONFLICT_KINDS)
