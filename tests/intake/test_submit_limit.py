"""The claim-submit rate limit counts per browser session, not per address, and only submissions that go through."""
from __future__ import annotations

from sqlalchemy import func, select

from claims.extensions import db
from claims.models import Claim
from tests.claimant import Claimant
from tests.pages import parse

DECLARED = {"confirm_true": "y", "consent_sensitive": "y"}
ADVICE_CENTRE = {"REMOTE_ADDR": "198.51.100.7"}  # one public address for everyone in the building
LIMITED = {"RATELIMIT_ENABLED": True, "PUBLIC_FORM_RATE_LIMIT": "1000 per minute"}  # the submit limit under test


def claimant_at_the_advice_centre(app) -> Claimant:
    client = app.test_client()
    client.environ_base.update(ADVICE_CENTRE)
    return Claimant(client)


def claims_made() -> int:
    return db.session.scalar(select(func.count()).select_from(Claim))


def test_eleven_claimants_behind_one_address_all_submit(make_app):
    app = make_app(**LIMITED)  # CLAIM_SUBMIT_RATE_LIMIT is its default, 10 per hour
    for _ in range(11):
        claimant = claimant_at_the_advice_centre(app)
        claimant.complete()
        claimant.submit()
    assert claims_made() == 11


def test_a_claimant_who_gets_the_declaration_wrong_is_not_refused(make_app):
    claimant = claimant_at_the_advice_centre(make_app(**LIMITED, CLAIM_SUBMIT_RATE_LIMIT="2 per hour"))
    claimant.complete()
    for _ in range(4):
        response = claimant.client.post("/claim/declaration", data={"confirm_true": "y"})
        assert response.status_code == 200
        assert "Agree to us using your information" in parse(response).text
    claimant.submit()
    assert claims_made() == 1


def test_a_flood_from_one_address_meets_the_ceiling_and_the_page_gives_the_firms_phone_number(make_app):
    app = make_app(**LIMITED, CLAIM_SUBMIT_IP_RATE_LIMIT="2 per hour", FIRM_PHONE="0161 496 0123")
    for _ in range(2):
        claimant = claimant_at_the_advice_centre(app)
        claimant.complete()
        claimant.submit()
    claimant = claimant_at_the_advice_centre(app)
    claimant.complete()
    response = claimant.client.post("/claim/declaration", data=DECLARED)
    assert response.status_code == 429
    text = parse(response).text
    assert "0161 496 0123" in text and "Your answers have been saved" in text
    assert claims_made() == 2


def test_one_session_sending_claim_after_claim_meets_the_limit_and_others_at_the_address_do_not(make_app):
    app = make_app(**LIMITED, CLAIM_SUBMIT_RATE_LIMIT="2 per hour")
    busy = claimant_at_the_advice_centre(app)
    for _ in range(2):
        busy.complete()
        busy.submit()
    busy.complete()
    refused = busy.client.post("/claim/declaration", data=DECLARED)
    assert refused.status_code == 429
    neighbour = claimant_at_the_advice_centre(app)  # a different person at the same public address
    neighbour.complete()
    neighbour.submit()
    assert claims_made() == 3
