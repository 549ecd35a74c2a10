"""The claim page's "Handler" form: who handles the claim, its team and its supervising partner.

The form posts to its own route, which changes the claim through the kernel's ``assign`` (audited)
under the claim's row lock. The claim page shows it through ``templates/cases/_assignment.html``, which
asks for the form with ``assignment_form(claim)``.
"""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user
from wtforms import SelectField, SubmitField

from claims.cases.views import bp
from claims.claim import assignment
from claims.claim.access import current_user_claim, may, may_see_claim, permission_required
from claims.extensions import db
from claims.forms import Form
from claims.models import User

NOBODY = ""


class AssignmentForm(Form):
    handler = SelectField("Handling solicitor", choices=[])
    team = SelectField("Team", choices=[])
    supervisor = SelectField("Supervising partner", choices=[])
    submit = SubmitField("Save the handler")

    def __init__(self, *args, claim=None, **kwargs):
        super().__init__(*args, **kwargs)
        if claim is None:  # only to look at the fields
            return
        people = assignment.handlers()  # one query: the partners among them are who may supervise
        self.handler.choices = _choices(people, claim.assigned_to, "Nobody yet: triage by hand")
        self.supervisor.choices = _choices([user for user in people if user.role in assignment.SUPERVISOR_ROLES],
                                           claim.supervisor, "None")
        self.team.choices = [(NOBODY, "No team")] + [(str(team.id), team.name) for team in assignment.teams()]
        if not self.is_submitted():
            self.handler.data = _key(claim.assigned_to_id)
            self.team.data = _key(claim.team_id)
            self.supervisor.data = _key(claim.supervisor_id)


def _choices(people: list[User], current: User | None, empty: str) -> list[tuple[str, str]]:
    """The people who may be chosen, and whoever is chosen now even if they may no longer be (left, or another role)."""
    choices = [(NOBODY, empty)] + [(str(user.id), user.full_name) for user in people]
    if current is not None and current not in people:
        choices.append((str(current.id), f"{current.full_name} (no longer available)"))
    return choices


def _key(row_id: int | None) -> str:
    return NOBODY if row_id is None else str(row_id)


@bp.app_context_processor
def _assignment_form():
    def form_for(claim):
        return AssignmentForm(claim=claim, formdata=None) if may(current_user, "work_claims") else None
    return {"assignment_form": form_for}


@bp.route("/<id:claim_id>/assignment", methods=["POST"])
@permission_required("work_claims")
def assign_claim(claim_id: int):
    claim = current_user_claim(claim_id, lock=True)
    form = AssignmentForm(claim=claim)
    if not form.validate_on_submit():  # the choices are lists: only a stale page (someone just left) gets here
        flash("The handler was not saved: the lists have changed since the page was opened. Choose again.", "error")
        return redirect(url_for("cases.detail", claim_id=claim.id, _anchor="handler"))
    handler, supervisor = _person(form.handler.data), _person(form.supervisor.data)
    team_id = int(form.team.data) if form.team.data else None
    changes = {"handler": handler, "supervisor": supervisor}
    if not (handler is not None and handler.id != claim.assigned_to_id and team_id == claim.team_id
            and handler.team_id is not None):
        changes["team_id"] = team_id  # else a new handler brings the claim into their team
    if not assignment.assign(claim, by=current_user, **changes):
        flash("Nothing changed.", "info")
    elif may_see_claim(current_user, claim):
        flash("Handler, team and supervising partner saved.", "success")
    else:
        flash(f"{claim.reference} is now handled in another team, so it is no longer on your list.", "success")
        return redirect(url_for("cases.index"))
    return redirect(url_for("cases.detail", claim_id=claim.id, _anchor="handler"))


def _person(value: str) -> User | None:
    return db.session.get(User, int(value)) if value else None
