"""Every status in the status machine can be reached from the app: by its own step (accept, decline,
the client's signature, a generated letter) or recorded on the claim page with what happened."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from claims.claim.moves import move
from claims.domain.status import INITIAL_STATUS, OWN_STEP, STATUSES, TRANSITIONS, recorded_moves
from claims.extensions import db
from claims.models import Claim, StatusChange
from tests.pages import parse

# Each own step is a page a solicitor uses (or the client's signing page).
STEP_PAGES = {"accept": "/staff/claims/{id}/accept", "decline": "/staff/claims/{id}/decline",
              "letter": "/staff/claims/{id}/letters/new", "client_signs": "/agreement",
              "response": "/staff/claims/{id}/response", "settlement": "/staff/claims/{id}/settlement",
              "proceedings": "/staff/claims/{id}/proceedings", "close": "/staff/claims/{id}/close/<status>"}


def _at(claim: Claim, *path: str) -> Claim:
    """Walk the claim along ``path`` with the kernel's own move (the steps have their own tests)."""
    for status in path:
        move(claim, status, by=None, reason="test set-up", actor="system")
    db.session.commit()
    return claim


def _record(client, claim, to_status, **data):
    return client.post(f"/staff/claims/{claim.id}/status/{to_status}", data={"reason": "What happened", **data})


def test_every_status_is_the_target_of_a_move_the_app_offers():
    targets = {code for moves in TRANSITIONS.values() for code in moves}
    assert targets | {INITIAL_STATUS} == set(STATUSES)
    for status, moves in TRANSITIONS.items():
        for code in moves:
            assert code in recorded_moves(status) or OWN_STEP[code] in STEP_PAGES


def test_a_claim_is_taken_from_the_letter_of_claim_to_closed_won_on_the_claim_page(client, login_as, make_claim):
    """The claim page offers each move from "Letter of claim sent" to "Closed – won": the response, settlement
    and closing by their own pages (tests/outcomes has each in full), negotiation recorded with a reason."""
    user = login_as("solicitor")
    claim = _at(make_claim(), "accepted", "cfa_sent", "cfa_signed", "letter_of_claim_sent")
    page = parse(client.get(f"/staff/claims/{claim.id}"))
    prefix = f"/staff/claims/{claim.id}/"
    offered = {link.removeprefix(prefix) for link in page.links() if link.startswith(prefix)}
    assert {"status/negotiation", "status/withdrawn", "response", "proceedings"} <= offered
    assert "status/response_received" not in offered and "status/settled" not in offered
    day = {"day": "20", "month": "11", "year": "2026"}
    assert client.post(f"{prefix}response", data={
        "position": "denies", **{f"received_on-{k}": v for k, v in day.items()}}).status_code == 302
    assert _record(client, claim, "negotiation").status_code == 302
    refused = client.post(f"{prefix}settlement", data={"reason": "What happened"})  # no figure: refused, kept
    assert refused.status_code == 200 and "Enter the general damages" in refused.get_data(as_text=True)
    assert "What happened" in parse(refused).by_id("reason").text
    assert client.post(f"{prefix}settlement", data={"reason": "What happened", "general": "3,250.50",
                                                    **{f"agreed_on-{k}": v for k, v in day.items()}}).status_code == 302
    assert client.post(f"{prefix}close/closed_won", data={"reason": "What happened"}).status_code == 302
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    assert (claim.status, claim.settled_pence) == ("closed_won", 325_050) and claim.closed_at is not None
    changes = db.session.scalars(select(StatusChange).where(StatusChange.claim_id == claim.id,
                                                            StatusChange.changed_by_id == user.id)).all()
    assert [c.to_status for c in changes] == ["response_received", "negotiation", "settled", "closed_won"]
    assert changes[1].reason == changes[2].reason == changes[3].reason == "What happened"


@pytest.mark.parametrize("path, to_status", [
    (("accepted", "cfa_sent", "cfa_signed", "letter_of_claim_sent", "negotiation"), "withdrawn"),
    (("declined",), "submitted"),  # reopened
])
def test_other_recorded_moves(client, login_as, make_claim, path, to_status):
    """Closing as lost is the closing page's (tests/outcomes); withdrawing and reopening a declined claim are recorded."""
    login_as("partner")
    claim = _at(make_claim(), *path)
    assert _record(client, claim, to_status).status_code == 302
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    assert claim.status == to_status
    assert (claim.closed_at is not None) is (to_status != "submitted")


def test_a_move_with_its_own_step_or_not_allowed_now_is_refused_and_changes_nothing(client, login_as, make_claim):
    login_as("solicitor")
    claim = make_claim()
    for to_status in ("accepted", "settled"):  # accepting has its own page; settling is not a move from triage
        response = _record(client, claim, to_status, amount="100")
        assert response.status_code == 302
    assert client.get(f"/staff/claims/{claim.id}/status/not-a-status").status_code == 404
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).status == "submitted"


def test_a_blank_reason_is_refused(client, login_as, make_claim):
    login_as("solicitor")
    claim = _at(make_claim(), "declined")
    response = client.post(f"/staff/claims/{claim.id}/status/submitted", data={"reason": "  "})
    assert "Say what happened" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).status == "declined"


def test_only_caseworkers_record_moves(client, login_as, make_claim):
    login_as("admin")
    claim = _at(make_claim(), "declined")
    assert _record(client, claim, "submitted").status_code in (403, 404)
