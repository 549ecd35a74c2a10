"""CSRF protection on every form, rate limits on the public form and sign-in, security headers."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from claims.config import PROJECT_ROOT
from claims.extensions import db
from claims.models import Claim, EvidenceFile
from tests.conftest import PASSWORD
from tests.journey import form_data
from tests.pages import parse
from tests.sample_files import make_pdf

PLACEHOLDERS = {"slug": "organisation"}


def _snapshot() -> dict:
    """Every row of every table, to prove a refused request changed nothing."""
    db.session.expire_all()
    with db.engine.connect() as conn:
        return {table.name: sorted(map(repr, conn.execute(table.select()).all()))
                for table in db.metadata.sorted_tables}


def _url(rule, ids: dict) -> str:
    values = {}
    for name in rule.arguments:
        values[name] = ids.get(name, PLACEHOLDERS.get(name, 1))
    return rule.build(values, append_unknown=False)[1]


def _post_rules(app):
    return sorted((r for r in app.url_map.iter_rules() if "POST" in r.methods), key=lambda r: r.rule)


def _token(client, path: str) -> str:
    return parse(client.get(path)).csrf_token()


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


@pytest.fixture
def signed_in_claimant_and_solicitor(csrf_app, make_user, make_claim):
    """One browser holding a claim-form draft with an uploaded file and a staff session, both via real forms."""
    client = csrf_app.test_client()
    assert client.post("/claim/start", data={"csrf_token": _token(client, "/claim/")}).status_code == 302
    token = _token(client, "/claim/about-you")
    assert client.post("/claim/about-you", data={**form_data("about-you"), "csrf_token": token}).status_code == 302
    upload = {"files": [(io.BytesIO(make_pdf()), "letter.pdf")], "csrf_token": token}
    assert client.post("/claim/evidence", data=upload, content_type="multipart/form-data").status_code == 302
    user = make_user("solicitor")
    login = {"email": user.email, "password": PASSWORD, "csrf_token": _token(client, "/staff/sign-in")}
    assert client.post("/staff/sign-in", data=login).status_code == 302
    return client, make_claim()


def test_every_post_route_refuses_a_request_without_a_csrf_token(csrf_app, signed_in_claimant_and_solicitor):
    client, claim = signed_in_claimant_and_solicitor
    ids = {"claim_id": claim.id, "file_id": db.session.scalar(select(EvidenceFile.id)), "slug": "organisation"}
    rules = _post_rules(csrf_app)
    assert {"intake.begin", "intake.page", "intake.remove_evidence", "intake.declaration", "auth.logout",
            "auth.login"} <= {r.endpoint for r in rules}
    data = {**form_data("organisation"), "confirm_true": "y", "consent_sensitive": "y", "email": "x@example.com",
            "password": PASSWORD}
    before = _snapshot()
    for rule in rules:
        for token in (None, "not-the-token"):
            payload = dict(data) if token is None else {**data, "csrf_token": token}
            response = client.post(_url(rule, ids), data=payload)
            assert response.status_code == 400, (rule.endpoint, token, response.status_code)
            assert "Something was wrong with that request" in response.get_data(as_text=True)
    assert _snapshot() == before
    # Still signed in, the draft still there: nothing was undone either.
    assert client.get("/staff/claims/").status_code == 200
    assert parse(client.get("/claim/about-you")).value("first_name") == "Alex"


def test_the_same_post_with_the_token_is_accepted(csrf_app, signed_in_claimant_and_solicitor):
    client, _ = signed_in_claimant_and_solicitor
    token = _token(client, "/claim/organisation")
    response = client.post("/claim/organisation", data={**form_data("organisation"), "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith("/claim/what-happened")


def test_the_public_form_is_rate_limited_with_a_friendly_page(make_app):
    limited = make_app(RATELIMIT_ENABLED=True, PUBLIC_FORM_RATE_LIMIT="3 per minute")
    client = limited.test_client()
    for _ in range(3):
        assert client.post("/claim/start").status_code == 302
    response = client.post("/claim/start")
    assert response.status_code == 429
    page = parse(response)
    assert page.find_all("h1")[0].text == "Too many attempts"
    assert "Please wait a few minutes and try again" in page.text
    assert client.get("/claim/").status_code == 200  # reading the form is not limited
    for _ in range(3):
        assert client.post("/claim/about-you", data=form_data("about-you")).status_code == 302
    assert client.post("/claim/about-you", data=form_data("about-you")).status_code == 429


def test_sign_in_attempts_are_rate_limited(make_app, make_user):
    limited = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute")
    client = limited.test_client()
    user = make_user("solicitor")
    for _ in range(2):
        response = client.post("/staff/sign-in", data={"email": user.email, "password": "wrong password!"})
        assert response.status_code == 200
    response = client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429  # even the right password, until the window passes
    assert client.get("/staff/claims/").status_code == 302


def test_claim_submission_from_one_address_has_a_ceiling(make_app):
    from tests.claimant import Claimant

    limited = make_app(RATELIMIT_ENABLED=True, CLAIM_SUBMIT_IP_RATE_LIMIT="1 per hour")
    claimant = Claimant(limited.test_client())
    claimant.complete()
    claimant.submit()
    claimant.complete()
    response = claimant.client.post("/claim/declaration", data={"confirm_true": "y", "consent_sensitive": "y"})
    assert response.status_code == 429
    assert len(db.session.scalars(select(Claim)).all()) == 1


def test_pages_carry_security_headers(client):
    response = client.get("/claim/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"


def test_session_cookies_are_http_only_and_same_site(client):
    client.post("/claim/start")
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"


@pytest.mark.parametrize("query", ["q=%00", "q=Mor%00gan", "q=BC-%00", "q=%25", "q=_", "q=%5C", "q=" + "x" * 500,
                                   "before=abc", "after=2026-13-45~1", "before=2026-01-01T00:00:00~1",
                                   "before=2026-01-01T00:00:00%2B00:00~99999999999999999999",
                                   "after=9999-12-31T00:00:00%2B00:00~-1&q=%27%20OR%201=1--"])
def test_the_staff_claim_list_survives_hostile_query_strings(client, login_as, make_claim, query):
    make_claim()
    make_claim(**{"about-you": {"last_name": "Okafor"}})
    login_as("solicitor")
    response = client.get(f"/staff/claims/?{query}")
    assert response.status_code == 200
    text = parse(response).text
    if query in ("q=%25", "q=_", "q=%5C", "q=BC-%00"):  # a wildcard typed is a character, not "everything"
        assert "0 claims matching your search" in text


def test_the_staff_search_finds_by_surname_prefix_and_reference(client, login_as, make_claim):
    morgan = make_claim()
    okafor = make_claim(**{"about-you": {"last_name": "Okafor"}})
    login_as("solicitor")
    found = parse(client.get("/staff/claims/?q=oka")).text
    assert okafor.reference in found and morgan.reference not in found
    found = parse(client.get(f"/staff/claims/?q={morgan.reference.lower()}")).text
    assert morgan.reference in found and okafor.reference not in found


def test_downloads_and_pages_with_personal_data_are_never_stored(client, default_team, login_as):
    """Evidence, exports and staff pages say no-store (send_file's "no-cache, max-age=0" lets a copy be kept)."""
    from tests.claimant import Claimant

    claimant = Claimant(client)
    claimant.complete()
    assert claimant.upload(("letter.pdf", make_pdf())).status_code == 302
    claimant.submit()
    claim = db.session.scalars(select(Claim)).one()
    login_as("solicitor")
    responses = {
        "evidence": client.get(f"/staff/claims/{claim.id}/evidence/{claim.evidence[0].id}"),
        "export": client.get("/staff/claims/export?format=csv"),
        "claim page": client.get(f"/staff/claims/{claim.id}"),
        "not found": client.get("/staff/claims/999999"),
    }
    assert {name: r.status_code for name, r in responses.items()} == \
           {"evidence": 200, "export": 200, "claim page": 200, "not found": 404}
    for name, response in responses.items():
        assert response.headers["Cache-Control"] == "no-store", name
    assert "attachment" in responses["evidence"].headers["Content-Disposition"]
    static = client.get("/static/" + next(p.name for p in (PROJECT_ROOT / "static").iterdir() if p.is_file()))
    assert static.status_code == 200 and static.headers.get("Cache-Control") != "no-store"  # our own assets only
