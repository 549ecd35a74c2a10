"""Demo data: `flask seed-demo` makes consistent synthetic claims, screened by the real core, that the screens show."""
from __future__ import annotations

import html
import re
import stat
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from claims.demo import DEMO_ROLES, demo_email, pools, saved_password
from claims.demo.progress import paths_to
from claims.domain import vocab
from claims.domain.limitation import earliest_on
from claims.domain.screening import ScreeningInput, is_child, screen
from claims.domain.status import CLOSED_STATUSES, STATUSES, can_move
from claims.cases.queries import PAGE_SIZE
from claims.extensions import db
from claims.claim.facts import facts_of
from claims.models import Claim, Claimant, KeyDate, LitigationFriend, StatusChange, User
from tests.pages import parse

COUNT = 300
REFERENCE = re.compile(r"^BC-(\d{4})-(\d{6})$")


@pytest.fixture
def credentials(app, tmp_path):
    path = tmp_path / "demo-credentials.txt"
    app.config["DEMO_CREDENTIALS_FILE"] = str(path)
    return path


@pytest.fixture
def seed(app, credentials):
    """Run seed-demo with arguments; returns the CLI result."""
    def run(*args):
        result = app.test_cli_runner().invoke(args=["seed-demo", *args])
        db.session.expire_all()
        return result
    return run


@pytest.fixture
def seeded(app, seed):
    assert app.test_cli_runner().invoke(args=["load-register"]).exit_code == 0
    result = seed("--claims", str(COUNT), "--seed", "7")
    assert result.exit_code == 0, result.output
    return result


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_it_makes_the_claims_with_their_people_and_dates(seeded):
    assert count(Claim) == count(Claimant) == COUNT
    with_friend = db.session.scalar(select(func.count(Claim.id)).where(Claim.litigation_friend_id.is_not(None)))
    assert count(LitigationFriend) == with_friend and 0.05 * COUNT < with_friend < 0.3 * COUNT
    assert count(KeyDate) >= 3 * COUNT and count(StatusChange) >= COUNT
    now = datetime.now(timezone.utc)
    for claim in db.session.scalars(select(Claim)):
        submitted_on = claim.submitted_at.date()
        assert now - timedelta(days=6 * 366) < claim.submitted_at < now
        assert claim.breach_on <= claim.discovered_on <= submitted_on
        child = is_child(claim.claimant.date_of_birth, today=submitted_on)
        assert child == (claim.litigation_friend is not None)
        assert child or (claim.claimant.email or "").endswith(("@example.com", "@example.org", "@example.net"))


def test_references_are_unique_and_well_formed(seeded):
    claims = db.session.execute(select(Claim.id, Claim.reference, Claim.submitted_at)).all()
    assert len({reference for _id, reference, _at in claims}) == COUNT
    for claim_id, reference, submitted_at in claims:
        year, number = REFERENCE.match(reference).groups()
        assert int(year) == submitted_at.year and int(number) == claim_id


def test_screening_matches_the_core_for_a_sample_of_claims(seeded):
    for claim in db.session.scalars(select(Claim).order_by(Claim.id).limit(40)):
        result = screen(ScreeningInput(
            breach_on=claim.breach_on, discovered_on=claim.discovered_on,
            claimant_born_on=claim.claimant.date_of_birth, public_authority=facts_of(claim).public_authority,
            already_represented=claim.already_represented, in_group_action=claim.in_group_action,
            personal_injury=claim.medical_help == "specialist" and claim.diagnosed,
        ), today=claim.screened_on)
        assert claim.screened_on == claim.submitted_at.date()
        assert claim.screening_flags == [{"code": f.code, "severity": f.severity, "message": f.message}
                                         for f in result.flags]
        assert claim.earliest_limitation_on == earliest_on(result.limitation)  # passed or not: the facts alone
        stored = sorted((kd.cause, kd.due_on, kd.label, kd.basis) for kd in claim.key_dates if kd.kind == "limitation")
        assert stored == sorted((item.cause, item.expires_on, f"Limitation: {item.label}", item.basis)
                                for item in result.limitation)


def test_status_history_follows_the_status_machine(seeded):
    claims = db.session.scalars(select(Claim)).all()
    assert len({claim.status for claim in claims}) >= 8
    open_share = sum(claim.status not in CLOSED_STATUSES for claim in claims) / len(claims)
    assert open_share > 0.5
    for claim in claims:
        history = claim.status_changes
        assert history[0].from_status is None and history[0].to_status == "submitted"
        assert all(can_move(change.from_status, change.to_status) for change in history[1:])
        assert [c.changed_at for c in history] == sorted(c.changed_at for c in history)
        assert history[-1].to_status == claim.status and claim.status in STATUSES
        won = any(change.to_status in ("settled", "closed_won") for change in history)
        assert (claim.settled_pence is not None) == won and (not won or claim.settled_pence > 0)
        assert (claim.closed_at is not None) == (claim.status in CLOSED_STATUSES)
        assert ("out_of_time" not in (f["code"] for f in claim.screening_flags)
                or claim.status in ("submitted", "declined"))


@pytest.mark.parametrize("status", sorted(STATUSES))
def test_every_status_can_be_reached(status):
    paths = paths_to(status)
    assert paths and all(path[-1] == status and all(map(can_move, path, path[1:])) for path in paths)


@pytest.mark.parametrize("vocabulary, answers", [
    (vocab.BREACH_TYPES, pools.BREACH_TYPE_WEIGHTS), (vocab.DISCOVERY_METHODS, pools.DISCOVERY_METHOD_WEIGHTS),
    (vocab.RECIPIENT_SCOPES, pools.RECIPIENT_SCOPE_WEIGHTS),
    (vocab.RECIPIENT_RELATIONSHIPS, pools.RECIPIENT_RELATIONSHIP_WEIGHTS),
    (vocab.MEDICAL_HELP, pools.MEDICAL_HELP_WEIGHTS), (vocab.DISTRESS_LEVELS, pools.DISTRESS_LEVEL_WEIGHTS),
    (vocab.ORGANISATION_REPLIES, pools.ORGANISATION_REPLY_WEIGHTS), (vocab.EFFECTS, pools.EFFECT_WEIGHTS),
    (vocab.CHILD_RELATIONSHIPS, pools.CHILD_RELATIONSHIP_WEIGHTS), (vocab.RECIPIENT_RELATIONSHIPS, pools.WHO_SAW_IT),
    (vocab.BREACH_TYPES, pools.ACCOUNTS), (vocab.LOSS_HEADS, pools.LOSS_RANGE_PENCE),
    (vocab.LOSS_HEADS, pools.LOSS_DESCRIPTIONS),
])
def test_demo_answers_cover_every_code_of_their_vocabulary_in_order(vocabulary, answers):
    assert list(answers) == list(vocabulary)


def test_demo_accounts_get_one_saved_password_that_signs_in(seeded, credentials, client):
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    password = saved_password(credentials)
    assert password and password in seeded.output
    emails = set(db.session.scalars(select(User.email)))
    assert {demo_email(role) for role in DEMO_ROLES} <= emails
    response = client.post("/staff/sign-in", data={"email": demo_email("solicitor"), "password": password})
    assert response.status_code == 302


def test_a_later_run_adds_claims_and_prints_the_same_password(seeded, seed, credentials):
    password = saved_password(credentials)
    result = seed("--claims", "10")
    assert result.exit_code == 0 and password in result.output
    from claims.demo.teams import TEAMS

    members = sum(len(solicitors) + (partner is not None) for *_, solicitors, partner in TEAMS)
    assert count(Claim) == COUNT + 10 and count(User) == len(DEMO_ROLES) + members  # the teams' other members


def test_if_empty_adds_nothing_when_there_are_claims(seeded, seed, credentials):
    result = seed("--claims", "50", "--if-empty")
    assert result.exit_code == 0 and "no demo data was added" in result.output
    assert saved_password(credentials) in result.output
    assert count(Claim) == COUNT


def test_if_empty_seeds_an_empty_database_even_without_the_register(seed):
    result = seed("--claims", "20", "--if-empty")
    assert result.exit_code == 0, result.output
    assert count(Claim) == 20


def test_it_refuses_to_run_in_production(app, seed):
    app.config["PRODUCTION"] = True
    result = seed("--claims", "5")
    assert result.exit_code != 0 and "production" in result.output
    assert count(Claim) == 0 and count(User) == 0


def test_a_claim_made_after_seeding_gets_the_next_id(seeded, make_claim):
    claim = make_claim()
    assert claim.id == COUNT + 1 and claim.reference.endswith(f"{COUNT + 1:06d}")


def test_staff_screens_show_seeded_claims(seeded, client, login_as):
    login_as("partner")  # partners see every claim
    listing = client.get("/staff/claims/")
    assert listing.status_code == 200
    newest = db.session.scalar(select(Claim).order_by(Claim.submitted_at.desc(), Claim.id.desc()))
    assert newest.reference in listing.get_data(as_text=True)
    found = client.get("/staff/claims/", query_string={"q": newest.claimant.last_name})
    assert newest.reference in found.get_data(as_text=True)
    for claim in _varied_claims():
        page = client.get(f"/staff/claims/{claim.id}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert claim.reference in text and html.escape(claim.claimant.full_name) in text


def test_the_claim_list_pages_through_every_claim_both_ways(seeded, client, login_as):
    login_as("partner")
    expected = list(db.session.scalars(
        select(Claim.reference).order_by(Claim.submitted_at.desc(), Claim.id.desc())))
    pages, url = [], "/staff/claims/"
    while url:
        page = parse(client.get(url))
        pages.append(_references(page))
        url = _link(page, "next")
    assert [ref for refs in pages for ref in refs] == expected
    assert all(len(refs) == PAGE_SIZE for refs in pages[:-1]) and len(pages) > 2
    url = "/staff/claims/"
    for _ in pages[:-1]:
        url = _link(parse(client.get(url)), "next")
    back = _link(parse(client.get(url)), "prev")
    assert _references(parse(client.get(back))) == pages[-2]


def _references(page) -> list[str]:
    return [a.text for a in page.find_all("a") if re.fullmatch(r"/staff/claims/\d+", a.attrs.get("href", ""))]


def _link(page, rel: str) -> str | None:
    links = page.find_all("a", rel=rel)
    return links[0].attrs["href"] if links else None


def _varied_claims() -> list[Claim]:
    """A child's claim, a settled one, one with losses and one with flags."""
    picks = [
        select(Claim).where(Claim.litigation_friend_id.is_not(None)),
        select(Claim).where(Claim.settled_pence.is_not(None)),
        select(Claim).where(Claim.losses.any()),
        select(Claim).where(Claim.status == "declined"),
    ]
    return [db.session.scalar(query.limit(1)) for query in picks]


def test_it_seeds_the_tasks_the_rules_would_have_made_and_some_notes(seeded, credentials, client):
    from claims.models import Note, Task

    now = datetime.now(timezone.utc)
    claims = {claim.id: claim for claim in db.session.scalars(select(Claim))}
    tasks = db.session.scalars(select(Task)).all()
    assert count(Note) > COUNT * 0.2 and all(note.occurred_at <= now for note in db.session.scalars(select(Note)))
    triage = {task.claim_id: task for task in tasks if task.kind == "triage"}
    assert set(triage) == set(claims)
    for claim_id, task in triage.items():
        assert (task.completed_at is None) == (claims[claim_id].status == "submitted")
    for task in tasks:
        claim = claims[task.claim_id]
        if task.kind == "chase_cfa" and task.completed_at is None:
            assert claim.status == "cfa_sent"  # an open chaser waits for a signature (a late one was chased)
        if task.kind == "limitation_warning":
            assert claim.status not in CLOSED_STATUSES and task.completed_at is None
        if claim.status in CLOSED_STATUSES and task.kind != "manual":
            assert task.completed_at is not None
    assert {task.kind for task in tasks} >= {"triage", "chase_cfa", "chase_defendant", "limitation_warning", "manual"}
    password = saved_password(credentials)
    client.post("/staff/sign-in", data={"email": demo_email("solicitor"), "password": password})
    day = client.get("/staff/")
    assert day.status_code == 200 and "My day" in day.get_data(as_text=True)


def test_the_caseload_is_spread_over_teams_handlers_and_supervisors(seeded, credentials, client):
    from claims.demo.teams import TEAMS
    from claims.models import Team

    teams = {team.name: team for team in db.session.scalars(select(Team))}
    assert set(teams) == {name for name, *_ in TEAMS}
    assert [name for name, team in teams.items() if team.takes_new_claims] == ["North team"]
    claims = db.session.scalars(select(Claim)).all()
    assert all(claim.team_id is not None and claim.supervisor_id is not None for claim in claims)
    per_team = {team_id: sum(1 for claim in claims if claim.team_id == team_id) for team_id in
                {team.id for team in teams.values()}}
    assert all(number > COUNT * 0.1 for number in per_team.values())
    users = {user.id: user for user in db.session.scalars(select(User))}
    for claim in claims:
        assert users[claim.supervisor_id].role == "partner" and users[claim.supervisor_id].team_id == claim.team_id
        if claim.assigned_to_id is not None:
            assert users[claim.assigned_to_id].team_id == claim.team_id
    assert len({claim.assigned_to_id for claim in claims} - {None}) >= 6
    waiting = [claim for claim in claims if claim.status == "submitted"]
    assert waiting and all(claim.assigned_to_id is None for claim in waiting)  # awaiting triage, in a team

    solicitor = db.session.scalar(select(User).where(User.email == demo_email("solicitor")))
    assert solicitor.team_id == teams["North team"].id
    client.post("/staff/sign-in", data={"email": demo_email("solicitor"), "password": saved_password(credentials)})
    hidden = next(claim for claim in claims if claim.team_id != solicitor.team_id
                  and solicitor.id not in (claim.assigned_to_id, claim.supervisor_id))
    mine = next(claim for claim in claims if claim.team_id == solicitor.team_id)
    assert client.get(f"/staff/claims/{mine.id}").status_code == 200
    assert client.get(f"/staff/claims/{hidden.id}").status_code == 404


def test_seeding_again_keeps_the_teams_and_staff(seeded, seed):
    from claims.models import Team

    before = (count(Team), count(User))
    assert seed("--claims", "5", "--seed", "8").exit_code == 0
    assert (count(Team), count(User)) == before


def test_responses_offers_settlements_and_proceedings_follow_each_claims_history(seeded):
    from claims.models import DefendantResponse, Offer, Payment, Proceedings, Settlement

    reached = {}
    for claim_id, to_status in db.session.execute(select(StatusChange.claim_id, StatusChange.to_status)):
        reached.setdefault(claim_id, set()).add(to_status)
    claims = {claim.id: claim for claim in db.session.scalars(select(Claim))}
    responded = set(db.session.scalars(select(DefendantResponse.claim_id)))
    assert responded == {cid for cid, seen in reached.items() if "response_received" in seen} and responded
    settlements = {row.claim_id: row for row in db.session.scalars(select(Settlement))}
    assert set(settlements) == {cid for cid, claim in claims.items() if claim.settled_pence is not None}
    for claim_id, row in settlements.items():
        assert row.general_pence + row.special_pence == claims[claim_id].settled_pence and row.general_pence > 0
        accepted = db.session.get(Offer, row.offer_id)
        assert (accepted.outcome, accepted.made_by, accepted.general_pence) == ("accepted", "claimant", row.general_pence)
        assert db.session.get(Offer, accepted.counters_offer_id).outcome == "countered"
        assert (row.paid_on is not None) == (claims[claim_id].status == "closed_won")
    won = {cid for cid, claim in claims.items() if claim.status == "closed_won"}
    assert set(db.session.scalars(select(Payment.claim_id))) == won
    negotiating = {cid for cid, claim in claims.items() if claim.status == "negotiation"}
    open_offers = set(db.session.scalars(select(Offer.claim_id).where(Offer.outcome.is_(None))))
    assert open_offers == negotiating and negotiating
    assert set(db.session.scalars(select(Proceedings.claim_id))) == {
        cid for cid, seen in reached.items() if "proceedings" in seen}
    assert 0.02 * COUNT < len(settlements) < 0.4 * COUNT


def test_the_latest_settlements_have_a_completion_statement_matching_their_signed_cfa(seeded):
    from claims.demo.statements import STATEMENTS
    from claims.domain.fees import illustrate
    from claims.domain.money import format_pence
    from claims.letters import agreements, documents
    from claims.letters.context import agreement_terms
    from claims.models import Settlement
    from tests.word_files import docx_text

    made = db.session.scalars(select(Settlement).where(Settlement.statement_id.is_not(None))).all()
    assert len(made) == STATEMENTS
    for settlement in made:
        text = docx_text(documents.read(settlement.statement))
        terms = agreement_terms(agreements.signed_agreement(settlement.claim_id))
        kept = illustrate([("", settlement.general_pence + settlement.special_pence)], terms)[0].deductions
        assert f"The sum we send you: {format_pence(kept.client_keeps_pence)}" in text
