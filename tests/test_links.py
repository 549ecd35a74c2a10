"""Links that leave the app come from PUBLIC_BASE_URL, never the request; production answers only its own host."""
from __future__ import annotations

import re

import pytest
from tests.journey import form_data
from tests.outbox import outbox

FORGED = "attacker.example"
ACCEPT = {"reason": "Sensitive records sent to a neighbour.", "prospects_percent": "60"}


def last_email_to_the_claim(claim_id: int) -> str:
    return outbox(claim_id)[-1].body


def links_in(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def test_a_new_signing_link_sent_with_a_forged_host_points_at_the_public_address(client, login_as, make_claim):
    login_as("solicitor")
    claim = make_claim()
    assert client.post(f"/staff/claims/{claim.id}/accept", data=ACCEPT).status_code == 302
    response = client.post(f"/staff/claims/{claim.id}/agreement/resend", headers={"Host": FORGED},
                           environ_overrides={"HTTP_X_FORWARDED_HOST": FORGED})
    assert response.status_code == 302
    [link] = links_in(last_email_to_the_claim(claim.id))
    assert link.startswith("http://claims.test/agreement?token=")
    assert FORGED not in last_email_to_the_claim(claim.id)


def test_the_resume_link_ignores_a_forged_host(client):
    client.post("/claim/start", headers={"Host": FORGED})
    client.post("/claim/about-you", data=form_data("about-you"), headers={"Host": FORGED})
    [link] = links_in(outbox()[-1].body)
    assert link.startswith("http://claims.test/claim/resume?t=")


def test_links_keep_a_path_prefix_in_the_public_address(make_app):
    from claims.links import public_url

    prefixed = make_app(PUBLIC_BASE_URL="https://firm.example.co.uk/claims")
    with prefixed.test_request_context("/", base_url=f"http://{FORGED}/elsewhere"):
        assert public_url("intake.resume", t="abc") == "https://firm.example.co.uk/claims/claim/resume?t=abc"


@pytest.fixture
def production(make_app):
    return make_app(PRODUCTION=True, TRUSTED_HOSTS=["claims.example.co.uk"])


def test_production_refuses_a_request_for_a_host_it_does_not_serve(production):
    client = production.test_client()
    assert client.get("/claim/", headers={"Host": FORGED}).status_code == 400
    assert client.post("/claim/start", headers={"Host": FORGED}).status_code == 400
    assert client.get("/claim/", headers={"Host": "claims.example.co.uk"}).status_code == 200
    assert client.get("/claim/", headers={"Host": "claims.example.co.uk:443"}).status_code == 200


def test_production_trusts_the_public_address_host_by_default(make_app, monkeypatch):
    from tests.test_settings import NAMES, PRODUCTION

    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    app = make_app(RATELIMIT_STORAGE_URI="memory://")
    client = app.test_client()
    assert client.get("/claim/", headers={"Host": FORGED}).status_code == 400
    assert client.get("/claim/", headers={"Host": "claims.example.co.uk"}).status_code == 200
