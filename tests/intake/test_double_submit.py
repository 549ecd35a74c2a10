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


def test_uploads_sent_at_once_cannot_both_pass_the_claims_size_limit(make_app):
    """Four uploads in flight at once, each of which fits on its own: only as many as fit are kept."""
    import io

    from claims.intake.drafts import draft_evidence
    from claims.models import IntakeDraft
    from tests.sample_files import make_pdf

    pdf = make_pdf(padding=600_000)
    app = make_app(MAX_CLAIM_EVIDENCE_BYTES=len(pdf) + 100_000)  # room for one file, not two
    client = app.test_client()
    journey = Claimant(client)
    journey.complete()
    cookie = client.get_cookie("session")
    clients = []
    for _ in range(4):
        other = app.test_client()
        other.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
        clients.append(other)
    posts = [(other, "/claim/evidence", {"files": [(io.BytesIO(pdf), f"letter-{i}.pdf")]})
             for i, other in enumerate(clients)]
    responses = together(app, posts)

    assert {r.status_code for r in responses} <= {200, 302, 409}
    db.session.expire_all()
    draft = db.session.scalars(select(IntakeDraft)).one()
    assert len(draft_evidence(draft)) == 1
