"""Need to know (claims.claim.access): partners see every claim; a solicitor the claims of their own team and
any claim they handle or supervise; an administrator none. A claim the user may not see is 404 on every route
keyed by it or by anything of it (a document, a file, a snapshot, a note, a task, a bulk job holding it), GET
or POST, and changes nothing; lists, counts, my day, the diary and the review queue never show it.

The table is role × relation → may see; the routes are every claim-keyed route the app has (a new one joins
the table by itself)."""
from __future__ import annotations


import pytest
from sqlalchemy import func, select

from claims.claim.access import may, may_see_claim, visible_claims
from claims.extensions import db
from claims.models import AuditEvent, Claim, Task, Team, User
from tests.clock import TODAY
from tests.conftest import PASSWORD
from tests.test_access_control import _method, _request, _staff_rules, claim_keyed, ids  # noqa: F401 (fixture)

# role, relation to the claim → may see it
TABLE = [
    ("solicitor", "handler", True),
    ("solicitor", "same_team", True),
    ("solicitor", "supervisor", True),
    ("solicitor", "other_team", False),
    ("solicitor", "no_team", False),
    ("partner", "same_team", True),
    ("partner", "other_team", True),
    ("partner", "no_team", True),
    ("partner", "supervisor", True),
    ("partner", "handler", True),
    ("admin", "same_team", False),
    ("admin", "no_team", False),
]


def _other_team() -> Team:
    team = Team(name="Other team")
    db.session.add(team)
    db.session.flush()
    return team


def _related_user(make_user, claim: Claim, role: str, relation: str) -> User:
    """A user of ``role`` standing in ``relation`` to the claim (the claim stays in the default team)."""
    other = _other_team()
    team = {"same_team": claim.team, "no_team": None}.get(relation, other)
    user = make_user(role, team=team)
    if relation == "handler":
        claim.assigned_to_id = user.id
    elif relation == "supervisor":
        claim.supervisor_id = user.id
    db.session.commit()
    return user


def _sign_in(client, user: User) -> None:
    assert client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize("role, relation, sees", TABLE)
def test_the_rule_for_one_claim_and_the_where_clause_agree(app, make_claim, make_user, role, relation, sees):
    claim = make_claim()
    unrelated = make_claim(team=None)  # in no team, handled and supervised by nobody
    user = _related_user(make_user, claim, role, relation)
    assert may_see_claim(user, claim) is sees
    assert may_see_claim(user, unrelated) is (role == "partner")
    seen = set(db.session.scalars(select(Claim.id).where(visible_claims(user))))
    assert seen == {c.id for c in (claim, unrelated) if may_see_claim(user, c)}


@pytest.mark.parametrize("role, relation, sees", TABLE)
def test_every_claim_keyed_route_is_404_to_whoever_may_not_see_the_claim(app, client, make_user, ids, role, relation,
                                                                       sees):
    claim = db.session.get(Claim, ids["claim_id"])
    user = _related_user(make_user, claim, role, relation)
    status, open_tasks = claim.status, _open_tasks(claim.id)
    _sign_in(client, user)
    routes = [rule for rule in _staff_rules(app) if claim_keyed(rule)]
    assert {"cases.detail", "cases.evidence_download", "letters.download", "valuation.review_snapshot",
            "work.task_done", "work.note_versions", "letters.bulk_download", "cases.record_move"} <= {
        rule.endpoint for rule in routes}
    for rule in routes:
        allowed = app.view_functions[rule.endpoint].required_roles
        response = _request(client, rule, ids)
        if role not in allowed and not may(user, "see_claims"):
            expected = {404}  # reads no claim at all (an administrator): every claim is "not found"
        elif role not in allowed:
            expected = {403}  # the role may not do this to any claim: nothing about this one is told
        elif sees:
            expected = {200, 302, 409, 503}  # a page, the redirect after a form; a refused step; no LibreOffice
        else:
            expected = {404}
        assert response.status_code in expected, (role, relation, rule.endpoint, response.status_code)
    if not sees:
        db.session.expire_all()
        claim = db.session.get(Claim, ids["claim_id"])
        assert (claim.status, _open_tasks(claim.id)) == (status, open_tasks)  # no POST changed anything
        assert db.session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.user_id == user.id, AuditEvent.claim_id == claim.id)) == 0


def _open_tasks(claim_id: int) -> int:
    return db.session.scalar(select(func.count(Task.id)).where(Task.claim_id == claim_id, Task.completed_at.is_(None)))


@pytest.mark.parametrize("role, relation, sees", TABLE)
def test_lists_counts_and_my_day_show_only_the_claims_the_user_may_see(app, client, make_claim, make_user, role,
                                                                     relation, sees):
    claim = make_claim(**{"about-you": {"last_name": "Visibleton"}})
    user = _related_user(make_user, claim, role, relation)
    _sign_in(client, user)
    link = f'href="/staff/claims/{claim.id}'  # the claim's page, or a part of it (a search box echoes the reference)
    pages = {"/staff/claims/": link, "/staff/claims/?q=Visibleton": link, f"/staff/claims/?q={claim.reference}": link,
             "/staff/": link}
    if role == "partner":
        from claims.valuation import service

        service.value_claim(claim, user=None, as_of=TODAY)
        db.session.commit()
        pages["/staff/valuation/review"] = claim.reference
    for page, shown in pages.items():
        text = client.get(page).get_data(as_text=True)
        # A partner's day covers their team (and what they supervise or handle), not every claim they may open.
        expected = sees and not (page == "/staff/" and role == "partner" and relation == "other_team")
        assert (shown in text) is expected, (role, relation, page)


def test_the_claim_list_counts_only_what_the_user_may_see(app, client, make_claim, make_user):
    mine, theirs = make_claim(), make_claim(team=_other_team())
    user = make_user("solicitor")
    _sign_in(client, user)
    from claims.cases.queries import list_claims
    from claims.domain.caseload import CaseloadView

    listing = list_claims(CaseloadView(), user, TODAY)
    assert listing.total == 1 and [row.id for row in listing.rows] == [mine.id]
    assert theirs.reference not in client.get("/staff/claims/").get_data(as_text=True)


def test_a_move_to_another_team_takes_effect_on_the_next_request(app, client, make_claim, make_user):
    claim = make_claim()
    user = make_user("solicitor")
    _sign_in(client, user)
    assert client.get(f"/staff/claims/{claim.id}").status_code == 200
    user.team_id = _other_team().id
    db.session.commit()
    assert client.get(f"/staff/claims/{claim.id}").status_code == 404


def test_a_claim_that_does_not_exist_looks_the_same_as_one_the_user_may_not_see(app, client, make_claim, make_user):
    claim = make_claim(team=None)
    _sign_in(client, make_user("solicitor"))
    hidden, missing = client.get(f"/staff/claims/{claim.id}"), client.get(f"/staff/claims/{claim.id + 1000}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.get_data(as_text=True) == missing.get_data(as_text=True)
