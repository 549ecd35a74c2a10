"""The claim page's Handler form: the handling solicitor, the team and the supervising partner, changed through
the kernel's ``assign`` (audited, under the claim's row lock); the choices are active solicitors and partners,
and active partners to supervise."""
from __future__ import annotations

from sqlalchemy import select

from claims.extensions import db
from claims.models import AuditEvent, Claim, Team


BY_STAFF = (AuditEvent.action == "claim.assigned", AuditEvent.actor == "staff")  # not triage on submission


def _team(name: str) -> Team:
    team = Team(name=name)
    db.session.add(team)
    db.session.commit()
    return team


def test_the_claim_page_shows_who_handles_the_claim_and_the_form(client, login_as, make_user, make_claim):
    user = login_as("solicitor")
    partner = make_user("partner")
    make_user("admin")
    gone = make_user("solicitor", active=False)
    gone.full_name = "Gone Person"
    claim = make_claim()
    db.session.commit()
    html = client.get(f"/staff/claims/{claim.id}").get_data(as_text=True)
    assert 'id="handler"' in html and "Nobody yet" in html and "Default team" in html
    form = html[html.index('id="assignment-form"'):html.index("</form>", html.index('id="assignment-form"'))]
    handler = form[form.index('name="handler"'):form.index("</select>", form.index('name="handler"'))]
    supervisor = form[form.index('name="supervisor"'):form.index("</select>", form.index('name="supervisor"'))]
    assert f'value="{user.id}"' in handler and f'value="{partner.id}"' in handler
    assert "Test Admin" not in handler and "Gone Person" not in handler  # admins and leavers handle nothing
    assert f'value="{partner.id}"' in supervisor and f'value="{user.id}"' not in supervisor


def test_assigning_is_saved_and_audited(client, login_as, make_user, make_claim):
    login_as("solicitor")
    colleague, partner = make_user("solicitor"), make_user("partner")
    claim = make_claim()
    response = client.post(f"/staff/claims/{claim.id}/assignment",
                           data={"handler": colleague.id, "team": claim.team_id, "supervisor": partner.id})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/staff/claims/{claim.id}#handler")
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    assert (claim.assigned_to_id, claim.supervisor_id) == (colleague.id, partner.id)
    event = db.session.scalar(select(AuditEvent).where(*BY_STAFF))
    assert event.claim_id == claim.id and event.actor == "staff"
    assert event.details == {"handler_id": {"from": None, "to": colleague.id},
                             "supervisor_id": {"from": None, "to": partner.id}}
    html = client.get(f"/staff/claims/{claim.id}").get_data(as_text=True)
    assert "Test Solicitor" in html[html.index('id="assignment"'):]


def test_saving_the_same_choices_changes_nothing(client, login_as, make_claim):
    login_as("partner")
    claim = make_claim()
    client.post(f"/staff/claims/{claim.id}/assignment", data={"handler": "", "team": claim.team_id, "supervisor": ""})
    assert db.session.scalar(select(AuditEvent).where(*BY_STAFF)) is None


def test_a_new_handler_brings_the_claim_into_their_team_unless_another_is_chosen(client, login_as, make_user,
                                                                                make_claim):
    login_as("partner")
    other = _team("Team B")
    there = make_user("solicitor", team=other)
    claim, second = make_claim(), make_claim()
    client.post(f"/staff/claims/{claim.id}/assignment", data={"handler": there.id, "team": claim.team_id,
                                                              "supervisor": ""})
    third = _team("Team C")
    client.post(f"/staff/claims/{second.id}/assignment", data={"handler": there.id, "team": third.id, "supervisor": ""})
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).team_id == other.id
    assert db.session.get(Claim, second.id).team_id == third.id


def test_a_solicitor_who_hands_a_claim_to_another_team_no_longer_sees_it(client, login_as, make_user, make_claim):
    login_as("solicitor")
    other = _team("Team B")
    there = make_user("solicitor", team=other)
    claim = make_claim()
    response = client.post(f"/staff/claims/{claim.id}/assignment",
                           data={"handler": there.id, "team": other.id, "supervisor": ""})
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/claims/")
    assert client.get(f"/staff/claims/{claim.id}").status_code == 404


def test_a_choice_not_on_the_lists_is_refused(client, login_as, make_user, make_claim):
    login_as("solicitor")
    admin, claim = make_user("admin"), make_claim()
    for data in ({"handler": admin.id, "team": claim.team_id, "supervisor": ""},
                 {"handler": "", "team": 999999, "supervisor": ""},
                 {"handler": "", "team": claim.team_id, "supervisor": admin.id}):
        response = client.post(f"/staff/claims/{claim.id}/assignment", data=data)
        assert response.status_code == 302
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    assert (claim.assigned_to_id, claim.supervisor_id) == (None, None)
    assert db.session.scalar(select(AuditEvent).where(*BY_STAFF)) is None


def test_only_those_who_work_claims_get_the_form(client, login_as, make_claim):
    claim = make_claim()
    login_as("admin")  # reads no claim: not found
    assert client.post(f"/staff/claims/{claim.id}/assignment", data={}).status_code == 404
