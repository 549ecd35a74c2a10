"""The whole claim form through the test client: every page, check answers, declaration, claim."""
from __future__ import annotations

from sqlalchemy import select

from claims.extensions import db
from claims.models import Claim
from tests.journey import ORDER, form_data
from tests.outbox import outbox


def test_claimant_completes_the_form_and_staff_see_the_claim(client, login_as):
    response = client.post("/claim/start")
    assert response.status_code == 302 and response.headers["Location"].endswith("/claim/about-you")
    for page in ORDER:
        response = client.post(f"/claim/{page}", data=form_data(page))
        assert response.status_code == 302, (page, response.get_data(as_text=True)[:3000])
    assert response.headers["Location"].endswith("/claim/evidence")
    check = client.get("/claim/check-your-answers")
    assert check.status_code == 200
    page = check.get_data(as_text=True)
    assert "Plymouth City Council" in page and "£240.00" in page and "10/11/2025" in page
    response = client.post("/claim/declaration", data={"confirm_true": "y", "consent_sensitive": "y"})
    assert response.status_code == 302
    confirmation = client.get("/claim/confirmation").get_data(as_text=True)
    claim = db.session.scalars(select(Claim)).one()
    assert claim.reference in confirmation
    assert claim.claimant.last_name == "Morgan" and claim.total_loss_pence == 25250
    assert claim.claimant.postcode == "PL1 2AB"
    mails = outbox()
    assert [m.subject for m in mails] == ["Your saved claim", f"We have received your claim ({claim.reference})"]

    login_as("solicitor")
    listing = client.get("/staff/claims/").get_data(as_text=True)
    assert claim.reference in listing
    detail = client.get(f"/staff/claims/{claim.id}").get_data(as_text=True)
    assert "A child protection report about my family was posted to a neighbour." in detail


def test_the_run_happens_at_a_fixed_moment():
    """tests/conftest.py starts the clock at FROZEN_AT, so no test depends on the day it runs."""
    from datetime import date, datetime, timezone

    from claims.clock import uk_today
    from tests.clock import FROZEN_AT, TODAY

    assert date.today() == uk_today() == TODAY
    assert FROZEN_AT <= datetime.now(timezone.utc) < FROZEN_AT.replace(hour=FROZEN_AT.hour + 2)
