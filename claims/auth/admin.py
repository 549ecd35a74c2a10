"""The administrator's pages: staff accounts (/staff/admin/users) and teams (/staff/admin/teams).

Invite (an account with no usable password, and an emailed link to set one), set the role and team,
deactivate or reactivate (the session ends on the person's next request), reset the password; create and
rename teams, set each team's triage rule and the one team that takes new claims. Every change is audited.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select, update

from claims import audit
from claims.auth import accounts
from claims.auth.forms import AccountForm, ActionForm, InviteForm, TeamForm, team_choices
from claims.auth.views import bp
from claims.claim.access import permission_required
from claims.domain.vocab import ROLES
from claims.extensions import db
from claims.models import Team, User
from claims.row_locks import lock_row


def _team_id(value: str) -> int | None:
    return int(value) if value else None


def _team_name(team_id: int | None) -> str:
    team = db.session.get(Team, team_id) if team_id is not None else None
    return team.name if team else "no team"


@bp.route("/admin/users")
@permission_required("run_firm")
def users():
    people = db.session.scalars(select(User).order_by(User.active.desc(), User.full_name, User.id)).all()
    teams = {team.id: team.name for team in db.session.scalars(select(Team))}
    return render_template("auth/users.html", people=people, teams=teams)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@permission_required("run_firm")
def invite():
    form = InviteForm()
    form.team.choices = team_choices()
    if form.validate_on_submit():
        try:
            user = accounts.invite(full_name=form.full_name.data, email=form.email.data, role=form.role.data,
                                   team_id=_team_id(form.team.data))
        except accounts.AccountRefused as exc:
            form.email.errors.append(str(exc))
        else:
            flash(f"{user.full_name} is invited: an email with a link to set their password is on its way.", "success")
            return redirect(url_for("auth.users"))
    return render_template("auth/invite.html", form=form)


def _account(user_id: int) -> User:
    if not lock_row(User, user_id):
        abort(404)
    return db.session.get(User, user_id, populate_existing=True)


@bp.route("/admin/users/<id:user_id>", methods=["GET", "POST"])
@permission_required("run_firm")
def account(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    shown = {"role": user.role, "team": str(user.team_id or "")}
    form = AccountForm(data=None if AccountForm().is_submitted() else shown)
    form.team.choices = team_choices()
    if form.validate_on_submit():
        user = _account(user_id)
        try:
            changed = accounts.update(user, by=current_user, role=form.role.data, team_id=_team_id(form.team.data))
        except accounts.AccountRefused as exc:
            form.role.errors.append(str(exc))
        else:
            flash(f"Saved: {user.full_name} is now {ROLES.label(user.role).lower()}, "
                  f"in {_team_name(user.team_id)}." if changed else "Nothing changed.",
                  "success" if changed else "info")
            return redirect(url_for("auth.account", user_id=user.id))
    return render_template("auth/account.html", person=user, form=form, action=ActionForm())


@bp.route("/admin/users/<id:user_id>/deactivate", methods=["POST"])
@permission_required("run_firm")
def deactivate(user_id: int):
    return _set_active(user_id, False)


@bp.route("/admin/users/<id:user_id>/reactivate", methods=["POST"])
@permission_required("run_firm")
def reactivate(user_id: int):
    return _set_active(user_id, True)


def _set_active(user_id: int, active: bool):
    user = _account(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        changed = accounts.set_active(user, by=current_user, active=active)
    except accounts.AccountRefused as exc:
        flash(str(exc), "error")
    else:
        if changed:
            flash(f"{user.full_name} can sign in again." if active else
                  f"{user.full_name} is deactivated: they are signed out at once and cannot sign in.", "success")
    return redirect(url_for("auth.account", user_id=user.id))


@bp.route("/admin/users/<id:user_id>/reset-password", methods=["POST"])
@permission_required("run_firm")
def reset_password(user_id: int):
    user = _account(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not user.active:
        flash("Reactivate the account first.", "error")
    else:
        accounts.reset_password(user)
        flash(f"{user.full_name}'s password no longer works: an email with a link to set a new one is on its way.",
              "success")
    return redirect(url_for("auth.account", user_id=user.id))


# -- teams ----------------------------------------------------------------------------------------------

@bp.route("/admin/teams", methods=["GET", "POST"])
@permission_required("run_firm")
def teams():
    form = TeamForm()
    if form.validate_on_submit():
        team = Team()
        if _save_team(team, form, created=True):
            flash(f"Team “{team.name}” made.", "success")
            return redirect(url_for("auth.teams"))
    rows = db.session.scalars(select(Team).order_by(Team.name, Team.id)).all()
    counts = dict(db.session.execute(select(User.team_id, db.func.count(User.id)).where(User.active.is_(True))
                                     .group_by(User.team_id)).all())
    return render_template("auth/teams.html", teams=rows, counts=counts, form=form)


@bp.route("/admin/teams/<id:team_id>", methods=["GET", "POST"])
@permission_required("run_firm")
def team(team_id: int):
    row = db.session.get(Team, team_id) or abort(404)
    form = TeamForm(obj=None if TeamForm().is_submitted() else row)
    if form.validate_on_submit():
        lock_row(Team, team_id)
        db.session.refresh(row)
        if _save_team(row, form, created=False):
            flash(f"Team “{row.name}” saved.", "success")
            return redirect(url_for("auth.teams"))
    members = db.session.scalars(select(User).where(User.team_id == row.id).order_by(User.full_name)).all()
    return render_template("auth/team.html", team=row, form=form, members=members)


def _save_team(team: Team, form: TeamForm, *, created: bool) -> bool:
    """Apply the form (False, with the reason on the form, if the name is taken); only one team takes new claims."""
    name = form.name.data.strip()
    if db.session.scalar(select(Team.id).where(db.func.lower(Team.name) == name.lower(),
                                               Team.id != (team.id or 0)).limit(1)) is not None:
        form.name.errors.append("There is already a team with this name")
        return False
    before = {"name": team.name, "triage_rule": team.triage_rule, "takes_new_claims": team.takes_new_claims}
    team.name, team.triage_rule, team.takes_new_claims = name, form.triage_rule.data, form.takes_new_claims.data
    if created:
        db.session.add(team)
    db.session.flush()
    if team.takes_new_claims:
        db.session.execute(update(Team).where(Team.id != team.id, Team.takes_new_claims.is_(True))
                           .values(takes_new_claims=False).execution_options(synchronize_session="fetch"))
    after = {"name": team.name, "triage_rule": team.triage_rule, "takes_new_claims": team.takes_new_claims}
    changed = {key: {"from": before[key], "to": after[key]} for key in after if before[key] != after[key]}
    if created or changed:  # a name is typed text: the trail says the team was renamed, not what to
        details = {key: value for key, value in changed.items() if key != "name"}
        if "name" in changed and not created:
            details["renamed"] = True
        audit.record("team.created" if created else "team.changed", entity_type="team", entity_id=team.id,
                     details=details)
    return True
