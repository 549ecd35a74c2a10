"""Access control: every staff route needs a signed-in member of staff with the right role;
sign-in reveals nothing, refuses inactive accounts and only follows local ``next`` paths."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from claims.claim import access
from claims.domain.vocab import ROLES
from claims.extensions import db
from claims.models import AuditEvent
from tests.clock import TODAY
from tests.conftest import PASSWORD
from tests.pages import parse

# The only endpoints anyone may reach without signing in. A new route is staff-only unless added here.
PUBLIC = {"static", "home", "auth.login", "auth.set_password"}  # set_password: a staff member's secret link
PUBLIC_PREFIXES = ("intake.", "portal.", "client_offers.")  # the claimant's secret link (tests/letters, tests/outcomes)
SIGN_IN = "/staff/sign-in"


def _is_public(endpoint: str) -> bool:
    return endpoint in PUBLIC or endpoint.startswith(PUBLIC_PREFIXES)


def _staff_rules(app):
    return sorted((r for r in app.url_map.iter_rules() if not _is_public(r.endpoint)), key=lambda r: r.rule)


def _method(rule) -> str:
    return "GET" if "GET" in rule.methods else "POST"


def _url(rule, ids: dict) -> str:
    return rule.build({name: ids.get(name, 1) for name in rule.arguments}, append_unknown=False)[1]


def _request(client, rule, ids):
    return client.open(_url(rule, ids), method=_method(rule))


@pytest.fixture
def ids(make_claim, make_user):
    """Real ids for the URL arguments staff routes take: a claim with one evidence file and a valuation."""
    from datetime import date

    from claims import evidence
    from claims.valuation import service
    from tests.sample_files import make_pdf

    from claims.letters import documents
    from claims.models import BulkLetterJob, ClaimFlag, Defendant, DefendantName, Incident, Note, Task

    claim = make_claim()
    item = evidence.store(evidence.check_upload("letter.pdf", make_pdf(), max_bytes=10**6), claim_id=claim.id)
    snapshot = service.value_claim(claim, user=None, as_of=date.today())
    document = documents.make(claim, "acknowledgement", by=None, today=date.today())
    author = make_user("partner", email="bulk-owner@example.com")
    (documents.documents_dir() / "bulk-test.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    job = BulkLetterJob(defendant_name=claim.defendant_name, claim_ids=str(claim.id), total=1, status="finished",
                        zip_name="bulk-test.zip", created_by_id=author.id)
    db.session.add(job)
    note = Note(claim_id=claim.id, author_id=author.id, body="Spoke to the client.")
    task = Task(claim_id=claim.id, kind="manual", title="Call the client", due_on=date.today())
    from claims.models import Offer

    offer = Offer(claim_id=claim.id, made_by="defendant", made_on=TODAY, general_pence=100_000,
                  special_pence=0, costs_terms="plus_costs", recorded_by_id=author.id)
    db.session.add_all([note, task, offer])
    defendant = Defendant(name="Access Test Council", sector="local_authority", public_authority=True)
    db.session.add(defendant)
    db.session.flush()
    variant = DefendantName(defendant_id=defendant.id, name="Access Test Borough Council",
                            name_key="access test borough council")
    incident = Incident(defendant_id=defendant.id, title="Report posted to a neighbour",
                        breach_type="misdirected_communication")
    flag = ClaimFlag(claim_id=claim.id, kind="conflict", reasons=["the firm acts or acted for the defendant"])
    db.session.add_all([variant, incident, flag])
    db.session.commit()
    return {"flag_id": flag.id, "defendant_id": defendant.id, "variant_id": variant.id, "incident_id": incident.id,
            "user_id": author.id, "team_id": claim.team_id, "claim_id": claim.id, "file_id": item.id, "snapshot_id": snapshot.id, "document_id": document.id,
            "job_id": job.id, "kind": "letter_of_claim", "note_id": note.id, "task_id": task.id, "offer_id": offer.id,
            "to_status": "withdrawn", "section": "claimant"}


def test_the_staff_routes_are_the_ones_we_expect(app):
    staff = {r.endpoint for r in _staff_rules(app)}
    assert {"cases.index", "cases.detail", "cases.evidence_download", "auth.logout", "work.my_day", "work.diary_list",
            "work.diary_calendar", "work.diary_ics", "work.new_task", "work.task_done", "work.new_note",
            "work.new_call", "work.new_document", "work.edit_note", "work.note_versions"} <= staff
    assert not staff & {"intake.start", "intake.page"}


def test_every_staff_route_sends_anonymous_visitors_to_sign_in(app, client, ids):
    for rule in _staff_rules(app):
        response = _request(client, rule, ids)
        assert response.status_code == 302, (rule.endpoint, response.status_code)
        location = urlsplit(response.headers["Location"])
        assert location.path == SIGN_IN, rule.endpoint
        assert parse_qs(location.query).get("next") == [_url(rule, ids)], rule.endpoint


def test_a_claimant_with_a_draft_is_still_anonymous_to_staff_routes(app, client, ids):
    client.post("/claim/start")
    for rule in _staff_rules(app):
        response = _request(client, rule, ids)
        assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == SIGN_IN, rule.endpoint


CLAIM_KEYS = {"claim_id", "snapshot_id", "job_id"}  # a route keyed by a claim, or by something of one
assert CLAIM_KEYS == set(access.CLAIM_KEYS)


def claim_keyed(rule) -> bool:
    return bool(rule.arguments & CLAIM_KEYS)


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_reaches_the_routes_meant_for_it(app, client, login_as, ids, role):
    """Everyone is in the claim's team; an administrator reads no claim (tests/test_need_to_know.py)."""
    login_as(role)
    for rule in _staff_rules(app):
        if rule.endpoint == "auth.logout":
            continue  # signs the user out; tested below
        allowed = getattr(app.view_functions[rule.endpoint], "required_roles", tuple(ROLES))
        response = _request(client, rule, ids)
        if role in allowed:  # a page, or the redirect after a form posted
            expected = 200 if _method(rule) == "GET" else 302
            if role == "admin" and claim_keyed(rule):
                expected = 404
            assert response.status_code == expected, (role, rule.endpoint, response.status_code)
        elif role == "admin" and claim_keyed(rule):  # reads no claim: a claim is not found, whatever the route
            assert response.status_code == 404, (role, rule.endpoint, response.status_code)
        else:
            assert response.status_code == 403, (role, rule.endpoint, response.status_code)


def test_every_staff_view_declares_its_roles(app):
    """role_required marks each view with the roles it admits; sign-out only needs a signed-in user."""
    for rule in _staff_rules(app):
        if rule.endpoint in ("auth.logout",):
            continue
        roles = getattr(app.view_functions[rule.endpoint], "required_roles", None)
        assert roles and set(roles) <= set(ROLES), rule.endpoint


def _sign_in(client, email, password, next_path=None):
    path = SIGN_IN + (f"?next={next_path}" if next_path is not None else "")
    return client.post(path, data={"email": email, "password": password})


def _refusal(response) -> str:
    assert response.status_code == 200
    return parse(response).error_message("password")


def test_an_inactive_user_cannot_sign_in(client, make_user):
    user = make_user("solicitor", active=False)
    assert _refusal(_sign_in(client, user.email, PASSWORD)) == "The email address or password is not right"
    assert client.get("/staff/claims/").status_code == 302


def test_a_user_made_inactive_is_signed_out_at_once(client, login_as):
    user = login_as("solicitor")
    assert client.get("/staff/claims/").status_code == 200
    user.active = False
    db.session.commit()
    assert client.get("/staff/claims/").status_code == 302


def test_a_failed_sign_in_does_not_reveal_whether_the_email_exists(client, make_user):
    user = make_user("partner")
    wrong_password = _sign_in(client, user.email, "not the password at all")
    unknown_email = _sign_in(client, "nobody@firm.example.com", PASSWORD)
    inactive = _sign_in(client, make_user("admin", active=False).email, PASSWORD)
    messages = {_refusal(r) for r in (wrong_password, unknown_email, inactive)}
    assert messages == {"The email address or password is not right"}
    shapes = [parse(r).text.replace("nobody@firm.example.com", "EMAIL") for r in (wrong_password, unknown_email)]
    assert shapes[0].replace(user.email, "EMAIL") == shapes[1]


def test_the_email_is_matched_without_regard_to_case(client, make_user):
    user = make_user("solicitor", email="Case.Person@firm.example.com")
    assert _sign_in(client, "case.person@FIRM.example.com", PASSWORD).status_code == 302
    assert user.id is not None


@pytest.mark.parametrize("next_path, lands_on", [
    ("/staff/claims/?q=Morgan", "/staff/claims/?q=Morgan"),
    (None, "/staff/"),  # "my day"
    ("https://evil.example/phish", "/staff/"),
    ("//evil.example/phish", "/staff/"),
    ("/\\evil.example", "/staff/"),
    ("/%09/evil.example", "/staff/"),  # browsers drop the tab and read //evil.example
    ("/%0d%0a/evil.example", "/staff/"),
    ("javascript:alert(1)", "/staff/"),
    ("staff/claims", "/staff/"),
])
def test_next_only_follows_local_paths(client, make_user, next_path, lands_on):
    user = make_user("solicitor")
    response = _sign_in(client, user.email, PASSWORD, next_path)
    assert response.status_code == 302
    assert response.headers["Location"] == lands_on


def test_sign_out_needs_a_post(client, login_as):
    login_as("admin")
    assert client.get("/staff/sign-out").status_code == 405
    assert client.get("/staff/admin/users").status_code == 200  # still signed in
    response = client.post("/staff/sign-out")
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == SIGN_IN
    assert client.get("/staff/admin/users").status_code == 302


def test_signing_in_records_the_time(client, make_user):
    user = make_user("solicitor")
    assert user.last_login_at is None
    _sign_in(client, user.email, PASSWORD)
    db.session.expire_all()
    assert user.last_login_at is not None
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.user_id == user.id)) == "auth.signed_in"


def test_the_sign_in_form_validates_its_fields(client):
    response = client.post(SIGN_IN, data={"email": "", "password": ""})
    summary = parse(response).error_summary()
    assert summary == [("#email", "Enter your email address"), ("#password", "Enter your password")]


def test_an_administrator_starts_at_staff_and_teams_and_has_no_claim_pages_in_the_menu(client, make_user):
    admin = make_user("admin")
    response = client.post("/staff/sign-in", data={"email": admin.email, "password": PASSWORD})
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/staff/admin/users"
    page = client.get("/staff/admin/users").get_data(as_text=True)
    assert 'href="/staff/claims/"' not in page and 'href="/staff/diary"' not in page
    assert client.get("/staff/").status_code == 403 and client.get("/staff/claims/").status_code == 403
