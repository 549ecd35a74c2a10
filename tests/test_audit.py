"""The audit trail: who saw or changed what, with identifiers only, never personal data."""
from __future__ import annotations

import json

from sqlalchemy import select

from claims.extensions import db
from claims.models import AuditEvent, Claim
from tests.claimant import Claimant
from tests.conftest import PASSWORD
from tests.sample_files import make_pdf

NAMES = {"first_name": "Ottoline", "last_name": "Quarrington", "email": "ottoline.q@example.com",
         "postcode": "EX4 4QJ", "phone": "07700 900555"}


def _events(action: str | None = None) -> list[AuditEvent]:
    db.session.expire_all()
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


def _assert_no_personal_data(events) -> None:
    for event in events:
        text = json.dumps(event.details)
        for value in (*NAMES.values(), "Plymouth City Council", "neighbour", PASSWORD):
            assert value.lower() not in text.lower(), (event.action, value)


def _submitted(client) -> Claim:
    claimant = Claimant(client)
    claimant.complete(pages={"about-you": dict(NAMES)})
    assert claimant.upload(("letter.pdf", make_pdf())).status_code == 302
    claimant.submit()
    return db.session.scalars(select(Claim)).one()


def test_submitting_a_claim_is_recorded_as_the_claimant(client):
    claim = _submitted(client)
    [event] = _events("claim.submitted")
    assert (event.actor, event.user_id, event.claim_id, event.entity_type, event.entity_id) == \
           ("claimant", None, claim.id, "claim", claim.id)
    assert event.occurred_at is not None and event.ip_address == "127.0.0.1"
    _assert_no_personal_data(_events())


def test_viewing_a_claim_and_downloading_evidence_are_recorded_against_the_user(client, login_as):
    claim = _submitted(client)
    user = login_as("solicitor")
    assert client.get(f"/staff/claims/{claim.id}").status_code == 200
    file_id = claim.evidence[0].id
    assert client.get(f"/staff/claims/{claim.id}/evidence/{file_id}").status_code == 200

    [viewed] = _events("claim.viewed")
    assert (viewed.user_id, viewed.actor, viewed.claim_id, viewed.entity_type, viewed.entity_id) == \
           (user.id, "staff", claim.id, "claim", claim.id)
    [downloaded] = _events("evidence.downloaded")
    assert (downloaded.user_id, downloaded.claim_id, downloaded.entity_type, downloaded.entity_id) == \
           (user.id, claim.id, "evidence_file", file_id)
    _assert_no_personal_data(_events())


def test_the_claim_list_and_a_missing_claim_record_no_view(client, login_as, make_claim):
    make_claim()
    login_as("partner")
    assert client.get("/staff/claims/").status_code == 200
    assert client.get("/staff/claims/999999").status_code == 404
    assert _events("claim.viewed") == []


def test_signing_in_and_out_are_recorded(client, make_user):
    user = make_user("admin")
    client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD})
    client.post("/staff/sign-out")
    events = [(e.action, e.user_id, e.entity_type, e.entity_id, e.actor) for e in _events()]
    assert events == [("auth.signed_in", user.id, "user", user.id, "staff"),
                      ("auth.signed_out", user.id, "user", user.id, "staff")]


def test_a_failed_sign_in_is_recorded_without_the_email_or_password_typed(client, make_user):
    user = make_user("solicitor")
    client.post("/staff/sign-in", data={"email": user.email, "password": "Ottoline's guess"})
    client.post("/staff/sign-in", data={"email": NAMES["email"], "password": PASSWORD})
    failed = _events("auth.sign_in_failed")
    assert [(e.entity_id, e.user_id, e.actor) for e in failed] == [(user.id, None, "anonymous"),
                                                                  (None, None, "anonymous")]
    for event in failed:
        stored = json.dumps([event.details, event.entity_type, event.action])
        assert "guess" not in stored and NAMES["email"] not in stored and user.email not in stored
    _assert_no_personal_data(failed)


def test_every_view_of_a_claim_is_recorded(client, login_as, make_claim):
    claim = make_claim()
    login_as("solicitor")
    for _ in range(3):
        client.get(f"/staff/claims/{claim.id}")
    assert len(_events("claim.viewed")) == 3
