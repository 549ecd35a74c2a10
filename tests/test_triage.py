"""Triage on submission (claims.claim.triage): a new claim goes to the team that takes new claims, and to a
handler by the team's rule, audited; round-robin turns are kept on the team."""
from __future__ import annotations

from sqlalchemy import select

from claims.extensions import db
from claims.models import AuditEvent, Claim, Team


def _intake_team(default_team, rule: str) -> Team:
    default_team.takes_new_claims = False
    team = Team(name="Intake", triage_rule=rule, takes_new_claims=True)
    db.session.add(team)
    db.session.commit()
    return team


def _against(name: str) -> dict:
    return {"organisation": {"organisation_name": name, "sector": "retail", "public_body": "no"}}


def test_without_a_team_that_takes_new_claims_a_claim_has_no_team_or_handler(app, default_team, make_claim):
    default_team.takes_new_claims = False
    db.session.commit()
    claim = make_claim()
    assert (claim.team_id, claim.assigned_to_id) == (None, None)


def test_by_hand_puts_the_claim_in_the_team_with_no_handler(app, default_team, make_claim, make_user):
    team = _intake_team(default_team, "by_hand")
    make_user("solicitor", team=team)
    claim = make_claim()
    assert (claim.team_id, claim.assigned_to_id) == (team.id, None)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "claim.assigned"))
    assert event.actor == "system" and event.details == {"team_id": {"from": None, "to": team.id}}


def test_round_robin_deals_claims_to_the_active_solicitors_in_turn(app, default_team, make_claim, make_user):
    team = _intake_team(default_team, "round_robin")
    first, second, third = (make_user("solicitor", team=team) for _ in range(3))
    make_user("partner", team=team)  # partners are not in the round
    make_user("admin", team=team)
    make_user("solicitor", team=default_team)  # another team's
    third.active = False  # left: skipped
    db.session.commit()
    handlers = [make_claim().assigned_to_id for _ in range(5)]
    assert handlers == [first.id, second.id, first.id, second.id, first.id]
    assert db.session.get(Team, team.id).last_assigned_id == first.id
    assert {c.team_id for c in db.session.scalars(select(Claim))} == {team.id}


def test_round_robin_with_nobody_in_the_team_leaves_the_claim_for_a_person(app, default_team, make_claim):
    team = _intake_team(default_team, "round_robin")
    claim = make_claim()
    assert (claim.team_id, claim.assigned_to_id) == (team.id, None)


def test_by_defendant_follows_the_handler_of_the_teams_latest_claim_against_it(app, default_team, make_claim,
                                                                                make_user):
    team = _intake_team(default_team, "by_defendant")
    ann, bob = make_user("solicitor", team=team), make_user("solicitor", team=team)
    first = make_claim(**_against("Acme Widgets Ltd"))
    assert first.assigned_to_id is None  # a defendant new to the team: by hand
    first.assigned_to_id = ann.id
    later = make_claim(**_against("Acme Widgets Ltd"))
    later.assigned_to_id = bob.id
    db.session.commit()
    assert make_claim(**_against("ACME WIDGETS LTD")).assigned_to_id == bob.id  # the latest, matched by name
    assert make_claim(**_against("Other Shop plc")).assigned_to_id is None
    bob.active = False
    db.session.commit()
    assert make_claim(**_against("Acme Widgets Ltd")).assigned_to_id is None  # their handler has left: by hand
