"""Sending the declaration twice at once (a double click, or a retry on a slow phone) makes one claim,
and both requests land on its confirmation page."""
from __future__ import annotations

from sqlalchemy import func, select

from claims.extensions import db
from claims.models import Claim
from tests.claimant import Claimant
from tests.test_claim_locks import together

DECLARATION = {"confirm_true": "y", "consent_sensitive": "y"}


def test_a_double_submitted_declaration_makes_one_claim(app, client):
    journey = Claimant(client)
    journey.complete()
    cookie = client.get_cookie("session")
    clients = []
    for _ in range(3):  # the same browser session, three requests in flight
        other = app.test_client()
        other.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
        clients.append(other)
    responses = together(app, [(other, "/claim/declaration", DECLARATION) for other in clients])

    assert [r.status_code for r in responses] == [302] * 3
    assert all(r.headers["Location"].endswith("/claim/confirmation") for r in responses)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Claim)) == 1
    reference = db.session.scalar(select(Claim.reference))
    for other in clients:
        assert reference in other.get("/claim/confirmation").get_data(as_text=True)
