"""Staff accounts and teams, managed by an administrator in the app (/staff/admin/users, /staff/admin/teams):
invite with a set-password link (signed, expiring, single use, sealed in the outbox), set the role and team,
deactivate (the session ends at once), reset the password; teams with their triage rule, one taking new claims.
Every change is audited."""
from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from sqlalchemy import select

from claims.extensions import db
from claims.models import AuditEvent, OutboxMessage, Team, User
from tests.conftest import PASSWORD
from tests.outbox import outbox

NEW_PASSWORD = "a long enough new password"


def _link(mail) -> str:
    return re.search(r"http://claims\.test(/staff/set-password\?token=\S+)", mail.body).group(1)


def _actions(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _invite(client, team, **data):
    form = {"full_name": "Nia Evans", "email": "Nia.Evans@firm.example.com", "role": "solicitor",
            "team": team.id if team else ""} | data
    return client.post("/staff/admin/users/new", data=form)


def test_the_pages_are_for_administrators_only(client, login_as):
    login_as("partner")
    for page in ("/staff/admin/users", "/staff/admin/users/new", "/staff/admin/teams"):
        assert client.get(page).status_code == 403


def test_the_list_shows_every_account(client, login_as, make_user, default_team):
    admin = login_as("admin")
    other = make_user("partner", team=None)
    other.full_name = "Priya <b>Shah</b>"
    db.session.commit()
    html = client.get("/staff/admin/users").get_data(as_text=True)
    assert "Priya &lt;b&gt;Shah&lt;/b&gt;" in html and other.email in html and "Partner" in html
    assert "Default team" in html and "No team" in html and "Never" in html
    assert admin.email in html
    assert 'href="/staff/admin/users"' in client.get("/staff/").get_data(as_text=True)  # in the staff navigation


def test_an_invitation_makes_an_account_that_cannot_sign_in_until_the_link_is_used(client, login_as, default_team):
    login_as("admin")
    response = _invite(client, default_team)
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "nia.evans@firm.example.com"))
    assert (user.role, user.team_id, user.active) == ("solicitor", default_team.id, True)
    [mail] = outbox()
    assert mail.to_address == user.email and "Nia Evans" in mail.body
    link = _link(mail)
    stored = db.session.scalar(select(OutboxMessage))
    token = link.split("token=")[1]
    assert token not in stored.body and token not in stored.subject  # sealed, as claimants' links are
    assert _actions("user.invited")[0].details == {"role": "solicitor", "team_id": default_team.id}
    client.post("/staff/sign-out")

    assert client.get(link).status_code == 200
    refused = client.post(link, data={"password": "short", "confirm": "short"})
    assert "at least 12 characters" in refused.get_data(as_text=True)
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/sign-in")
    assert _actions("user.password_set")
    assert client.get(link).status_code == 404  # used: it works once
    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 404
    signed_in = client.post("/staff/sign-in", data={"email": user.email, "password": NEW_PASSWORD})
    assert signed_in.status_code == 302


def test_an_email_already_in_use_is_refused(client, login_as, default_team):
    admin = login_as("admin")
    response = _invite(client, default_team, email=admin.email.upper())
    assert response.status_code == 200 and "already an account" in response.get_data(as_text=True)
    assert outbox() == []


def test_a_link_expires_and_a_forged_one_does_not_work(client, login_as, default_team):
    login_as("admin")
    _invite(client, default_team)
    link = _link(outbox()[0])
    client.post("/staff/sign-out")
    assert client.get(link[:-3] + "abc").status_code == 404
    assert client.get("/staff/set-password?token=").status_code == 404
    with time_machine.travel(timedelta(days=3, minutes=1)):
        assert client.get(link).status_code == 404


def test_role_and_team_are_set_and_audited(client, login_as, make_user, default_team):
    login_as("admin")
    other = Team(name="Team B")
    db.session.add(other)
    db.session.commit()
    user = make_user("solicitor")
    response = client.post(f"/staff/admin/users/{user.id}", data={"role": "partner", "team": other.id})
    assert response.status_code == 302
    db.session.expire_all()
    assert (user.role, user.team_id) == ("partner", other.id)
    assert _actions("user.changed")[0].details == {"role": {"from": "solicitor", "to": "partner"},
                                                   "team_id": {"from": default_team.id, "to": other.id}}


def test_an_administrator_cannot_demote_or_deactivate_themselves(client, login_as):
    admin = login_as("admin")
    refused = client.post(f"/staff/admin/users/{admin.id}", data={"role": "solicitor", "team": ""})
    assert "cannot change your own role" in refused.get_data(as_text=True)
    client.post(f"/staff/admin/users/{admin.id}/deactivate")
    db.session.expire_all()
    assert (admin.role, admin.active) == ("admin", True)
    assert client.get("/staff/admin/users").status_code == 200


def _their_client(make_app):
    """A client for the other person: its own app, so its requests have their own ``g`` (Flask-Login keeps the
    signed-in user there, and requests of one app reuse the test's app context)."""
    return make_app().test_client()


def test_a_deactivated_user_is_signed_out_at_once_and_can_be_reactivated(make_app, client, login_as, make_user):
    login_as("admin")
    user = make_user("solicitor")
    theirs = _their_client(make_app)
    assert theirs.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 302
    assert theirs.get("/staff/claims/").status_code == 200
    assert client.post(f"/staff/admin/users/{user.id}/deactivate").status_code == 302
    assert theirs.get("/staff/claims/").status_code == 302  # their next request: signed out
    assert theirs.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 200
    client.post(f"/staff/admin/users/{user.id}/reactivate")
    assert theirs.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 302
    assert [e.action for e in db.session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "user",
                                                                          AuditEvent.entity_id == user.id,
                                                                          AuditEvent.action.like("user.%")))] == [
        "user.deactivated", "user.reactivated"]


def test_a_password_reset_ends_the_old_password_and_sessions_and_sends_a_fresh_link(make_app, client, login_as,
                                                                                   make_user):
    login_as("admin")
    user = make_user("solicitor")
    theirs = _their_client(make_app)
    theirs.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD})
    client.post(f"/staff/admin/users/{user.id}/reset-password")
    first = _link(outbox()[0])
    client.post(f"/staff/admin/users/{user.id}/reset-password")
    second = _link(outbox()[1])
    assert theirs.get("/staff/claims/").status_code == 302  # signed out
    assert theirs.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 200
    assert theirs.get(first).status_code == 404  # a fresh link makes the earlier one useless
    assert theirs.post(second, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    assert theirs.post("/staff/sign-in", data={"email": user.email, "password": NEW_PASSWORD}).status_code == 302
    assert len(_actions("user.password_reset")) == 2


def test_teams_are_made_renamed_and_only_one_takes_new_claims(client, login_as, default_team):
    login_as("admin")
    assert default_team.takes_new_claims
    response = client.post("/staff/admin/teams", data={"name": "Team B", "triage_rule": "round_robin",
                                                       "takes_new_claims": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    team = db.session.scalar(select(Team).where(Team.name == "Team B"))
    assert team.triage_rule == "round_robin" and team.takes_new_claims
    assert not db.session.get(Team, default_team.id).takes_new_claims
    duplicate = client.post("/staff/admin/teams", data={"name": "team b", "triage_rule": "by_hand"})
    assert "already a team with this name" in duplicate.get_data(as_text=True)
    client.post(f"/staff/admin/teams/{team.id}", data={"name": "Team Beta", "triage_rule": "by_defendant"})
    db.session.expire_all()
    team = db.session.get(Team, team.id)
    assert (team.name, team.triage_rule, team.takes_new_claims) == ("Team Beta", "by_defendant", False)
    assert _actions("team.created")[0].details == {"triage_rule": {"from": None, "to": "round_robin"},
                                                   "takes_new_claims": {"from": None, "to": True}}
    assert _actions("team.changed")[0].details == {
        "renamed": True, "triage_rule": {"from": "round_robin", "to": "by_defendant"},
        "takes_new_claims": {"from": True, "to": False}}
    assert "Team Beta" in client.get("/staff/admin/teams").get_data(as_text=True)
