"""Valuing a claim from its page, and a partner's review: the queue, approving, adjusting with a reason."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from claims.extensions import db
from claims.models import AuditEvent, ValuationSnapshot
from claims.valuation import review, service
from tests.pages import parse

QUEUE = "/staff/valuation/review"


def value_url(claim) -> str:
    return f"/staff/valuation/claims/{claim.id}/value"


def review_url(snapshot) -> str:
    return f"{QUEUE}/{snapshot.id}"


@pytest.fixture
def value(make_user):
    """Value a claim through the service, as a solicitor would from the claim page: value(claim) → snapshot."""
    solicitor = make_user("solicitor")

    def make(claim, as_of: date | None = None):
        snapshot = service.value_claim(claim, user=solicitor, as_of=as_of or date.today())
        db.session.commit()
        return snapshot
    return make


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def adjust_data(**changes) -> dict:
    data = {"adjust-low": "£2,500.00", "adjust-mid": "4000", "adjust-high": "6,500.50",
            "adjust-reason": "The recipient is hostile and lives next door.", "adjust-submit": "y"}
    return {**data, **changes}


# -- valuing a claim ----------------------------------------------------------------------------------

def test_a_solicitor_values_a_claim_from_its_page(client, login_as, make_claim, curated):
    user = login_as("solicitor")
    claim = make_claim()
    page = parse(client.get(f"/staff/claims/{claim.id}"))
    assert "Not valued yet." in page.text
    form = next(f for f in page.find_all("form") if f.attrs.get("action") == value_url(claim))
    assert form.attrs["method"] == "post" and "Value this claim" in form.text

    response = client.post(value_url(claim))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/staff/claims/{claim.id}#valuation")

    snapshot = review.latest_snapshot(claim.id)
    assert snapshot.review_status == "awaiting_review" and snapshot.created_by_id == user.id
    assert snapshot.precedent_set_version == 1 and snapshot.low_pence <= snapshot.mid_pence <= snapshot.high_pence
    page = parse(client.get(f"/staff/claims/{claim.id}"))
    latest = page.by_id("valuation-latest").text
    assert f"{_pounds(snapshot.low_pence)} to {_pounds(snapshot.high_pence)}" in latest
    assert "Awaiting a partner's review" in latest and "Test Solicitor" in latest
    assert "General damages" in latest and "Special damages" in latest and f"{snapshot.score} out of 100" in latest
    assert "Not legal advice. An estimate for a solicitor's review, not legal advice" in page.text
    assert f"/staff/valuation/claims/{claim.id}" in page.links()
    assert f"/staff/valuation/claims/{claim.id}/report.docx" in page.links()
    assert review_url(snapshot) not in page.links()  # only partners review
    assert [e.details["snapshot_id"] for e in events("valuation.created")] == [snapshot.id]


def test_valuing_again_supersedes_the_last_valuation(client, login_as, make_claim, value):
    login_as("partner")
    claim = make_claim()
    first = value(claim)
    assert client.post(value_url(claim)).status_code == 302
    db.session.expire_all()
    assert first.review_status == "superseded"
    assert review.latest_snapshot(claim.id).review_status == "awaiting_review"


def test_valuing_needs_a_csrf_token(make_app, make_user, make_claim):
    from tests.conftest import PASSWORD

    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    user = make_user("solicitor")
    claim = make_claim()
    sign_in = parse(client.get("/staff/sign-in"))
    client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD, "csrf_token": sign_in.csrf_token()})
    assert client.post(value_url(claim)).status_code == 400
    token = parse(client.get(f"/staff/claims/{claim.id}")).csrf_token()
    assert client.post(value_url(claim), data={"csrf_token": token}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(ValuationSnapshot.claim_id)) == claim.id


@pytest.mark.parametrize("role", ["admin"])
def test_only_solicitors_and_partners_value_claims(client, login_as, make_claim, role):
    login_as(role)
    claim = make_claim()
    assert client.post(value_url(claim)).status_code == 404  # an administrator reads no claim: it is not found
    assert client.get(f"/staff/claims/{claim.id}").status_code == 404
    assert db.session.scalar(select(ValuationSnapshot.id)) is None


# -- who may review -----------------------------------------------------------------------------------

def test_a_solicitor_cannot_see_the_queue_or_decide(client, login_as, make_claim, value):
    login_as("solicitor")
    snapshot = value(make_claim())
    assert client.get(QUEUE).status_code == 403
    assert client.get(review_url(snapshot)).status_code == 403
    assert client.post(review_url(snapshot), data={"approve-submit": "y"}).status_code == 403
    assert client.post(review_url(snapshot), data=adjust_data()).status_code == 403
    db.session.expire_all()
    assert snapshot.review_status == "awaiting_review" and snapshot.reviewed_by_id is None
    assert not events("valuation.approved") and not events("valuation.adjusted")


# -- the queue ----------------------------------------------------------------------------------------

def test_the_queue_lists_latest_valuations_awaiting_review_oldest_first(client, login_as, make_claim, value):
    partner = login_as("partner")
    claims = [make_claim(**{"organisation": {"organisation_name": f"Council {n}"}}) for n in range(3)]
    snapshots = [value(claim) for claim in claims]
    review.approve(snapshots[1], partner)
    stale = value(claims[2])  # claim 2 valued again: only its new valuation is listed
    db.session.commit()

    page = parse(client.get(QUEUE))
    rows = page.by_id("review-queue").text
    assert "2 valuations await" in page.text
    assert rows.index(claims[0].reference) < rows.index(claims[2].reference)
    assert claims[1].reference not in rows
    assert review_url(snapshots[0]) in page.links() and review_url(stale) in page.links()
    assert review_url(snapshots[2]) not in page.links()
    assert "Council 0" in rows and f"{_pounds(snapshots[0].low_pence)} to {_pounds(snapshots[0].high_pence)}" in rows
    assert snapshots[0].confidence.capitalize() in rows
    for flag in snapshots[0].output["flags"]:
        assert flag["code"].replace("_", " ") in rows


def test_the_queue_pages_by_the_last_row_seen(client, login_as, make_claim, value, monkeypatch):
    monkeypatch.setattr(review, "PAGE_SIZE", 2)
    login_as("partner")
    snapshots = [value(make_claim()) for _ in range(3)]
    first = parse(client.get(QUEUE))
    assert [link for link in first.links() if link.startswith(f"{QUEUE}/")] == [review_url(s) for s in snapshots[:2]]
    next_link = next(link for link in first.links() if "after=" in link)
    second = parse(client.get(next_link))
    assert [link for link in second.links() if link.startswith(f"{QUEUE}/")] == [review_url(snapshots[2])]
    assert not any("after=" in link for link in second.links())
    assert client.get(f"{QUEUE}?after=not-a-cursor").status_code == 200  # a bad cursor is the first page


# -- deciding -----------------------------------------------------------------------------------------

def test_a_partner_approves_a_valuation(client, login_as, make_claim, value):
    partner = login_as("partner")
    claim = make_claim()
    snapshot = value(claim)
    db.session.expire_all()
    assert (claim.value_pence, claim.value_approved) == (snapshot.mid_pence, False)  # the caseload shows it
    page = parse(client.get(review_url(snapshot)))
    assert "Not legal advice" in page.text and "Comparables" in page.text
    for factor in snapshot.output["factors"]:
        assert factor["label"] in page.by_id("factors").text and factor["reason"] in page.by_id("factors").text
    for comparable in snapshot.output["comparables"]:
        assert comparable["case_name"] in page.by_id("comparables-table").text
    assert page.value("adjust-low") == f"{snapshot.low_pence / 100:.2f}"  # the estimate, ready to change

    response = client.post(review_url(snapshot), data={"approve-submit": "y"})
    assert response.status_code == 302 and response.headers["Location"].endswith(QUEUE)
    db.session.expire_all()
    assert (snapshot.review_status, snapshot.reviewed_by_id) == ("approved", partner.id)
    assert snapshot.reviewed_at is not None and snapshot.adjusted_mid_pence is None
    assert (claim.value_pence, claim.value_approved) == (snapshot.mid_pence, True)
    [event] = events("valuation.approved")
    assert (event.entity_id, event.claim_id, event.user_id) == (snapshot.id, claim.id, partner.id)
    assert event.details == {"snapshot_id": snapshot.id, "low_pence": snapshot.low_pence,
                             "mid_pence": snapshot.mid_pence, "high_pence": snapshot.high_pence}
    assert "Approved by a partner: Test Partner" in parse(client.get(f"/staff/claims/{claim.id}")).text
    assert review_url(snapshot) not in parse(client.get(QUEUE)).links()


def test_a_partner_adjusts_a_valuation_with_a_reason(client, login_as, make_claim, value):
    partner = login_as("partner")
    claim = make_claim()
    snapshot = value(claim)
    reason = "The recipient is hostile.\r\nShe has told the street. <b>&</b>"
    response = client.post(review_url(snapshot), data=adjust_data(**{"adjust-reason": reason}))
    assert response.status_code == 302
    db.session.expire_all()
    assert snapshot.review_status == "adjusted" and snapshot.reviewed_by_id == partner.id
    assert (snapshot.adjusted_low_pence, snapshot.adjusted_mid_pence, snapshot.adjusted_high_pence) == (250000, 400000, 650050)
    assert snapshot.review_reason == reason
    assert snapshot.agreed_pence == (250000, 400000, 650050)
    assert (claim.value_pence, claim.value_approved) == (400000, True)  # the partner's figure, on the row
    [event] = events("valuation.adjusted")
    assert event.entity_id == snapshot.id and event.claim_id == claim.id
    assert event.details == {
        "snapshot_id": snapshot.id,
        "estimate": {"low_pence": snapshot.low_pence, "mid_pence": snapshot.mid_pence, "high_pence": snapshot.high_pence},
        "adjusted": {"low_pence": 250000, "mid_pence": 400000, "high_pence": 650050},
    }  # the reason lives on the snapshot, never in the audit trail

    claim_page = parse(client.get(f"/staff/claims/{claim.id}")).by_id("valuation-latest").text
    assert "Agreed range" in claim_page and "£2,500.00 to £6,500.50" in claim_page
    report = parse(client.get(f"/staff/valuation/claims/{claim.id}"))
    assert report.by_id("review-reason").text == reason
    assert "£2,500.00 to £6,500.50" in report.by_id("review-adjustment").text


@pytest.mark.parametrize("changes, field, message", [
    ({"adjust-low": "5000", "adjust-mid": "4000"}, "adjust-mid", "Mid must be the same as the low figure or more"),
    ({"adjust-high": "3999.99"}, "adjust-high", "High must be the same as the mid figure or more"),
    ({"adjust-reason": "   "}, "adjust-reason", "Enter why you are adjusting the range"),
    ({"adjust-low": ""}, "adjust-low", "Enter the low figure, like 2500.00"),
    ({"adjust-low": "12.345"}, "adjust-low", "Low: enter an amount with no more than 2 decimal places, like 12.50"),
    ({"adjust-mid": "four thousand"}, "adjust-mid", "Mid: enter an amount in pounds and pence, like 12.50"),
    ({"adjust-high": "-6500"}, "adjust-high", "High: enter an amount of £0 or more"),
    ({"adjust-high": "£20,000,000"}, "adjust-high", "High: enter an amount of £10,000,000 or less"),
    ({"adjust-reason": "x" * 2001}, "adjust-reason", "The reason must be 2,000 characters or fewer"),
    ({"adjust-reason": "bell \x07"}, "adjust-reason", "The reason contains characters we cannot accept"),
])
def test_an_adjustment_is_checked_and_what_was_typed_is_kept(client, login_as, make_claim, value, changes, field, message):
    login_as("partner")
    snapshot = value(make_claim())
    data = adjust_data(**changes)
    response = client.post(review_url(snapshot), data=data)
    assert response.status_code == 200
    page = parse(response)
    assert (f"#{field}", message) in page.error_summary()
    assert page.error_message(field) == message
    for name in ("adjust-low", "adjust-mid", "adjust-high"):
        assert page.value(name) == data[name].strip()
    if field != "adjust-reason":
        assert page.value("adjust-reason") == data["adjust-reason"]
    db.session.expire_all()
    assert snapshot.review_status == "awaiting_review" and snapshot.adjusted_low_pence is None
    assert not events("valuation.adjusted")


def test_a_superseded_valuation_cannot_be_reviewed(client, login_as, make_claim, value):
    login_as("partner")
    claim = make_claim()
    old = value(claim)
    value(claim, as_of=date.today() + timedelta(days=1))
    db.session.expire_all()
    assert old.review_status == "superseded"

    page = parse(client.get(review_url(old)))
    assert "superseded by a later one and can no longer be reviewed" in page.by_id("not-reviewable").text
    assert not [f for f in page.find_all("form") if f.attrs.get("action") == review_url(old)]
    for data in ({"approve-submit": "y"}, adjust_data()):
        response = client.post(review_url(old), data=data)
        assert response.status_code == 409
        assert "can no longer be reviewed" in parse(response).text
    db.session.expire_all()
    assert old.review_status == "superseded" and old.reviewed_by_id is None and old.adjusted_mid_pence is None
    assert not events("valuation.approved") and not events("valuation.adjusted")


def test_a_decision_is_made_once(client, login_as, make_claim, value):
    login_as("partner")
    snapshot = value(make_claim())
    assert client.post(review_url(snapshot), data={"approve-submit": "y"}).status_code == 302
    second = client.post(review_url(snapshot), data=adjust_data())
    assert second.status_code == 409 and "already been reviewed" in parse(second).text
    db.session.expire_all()
    assert snapshot.review_status == "approved" and snapshot.adjusted_mid_pence is None
    assert len(events("valuation.approved")) == 1 and not events("valuation.adjusted")


def test_the_service_refuses_a_decision_on_a_snapshot_no_longer_awaiting_review(make_claim, value, make_user):
    partner = make_user("partner")
    claim = make_claim()
    snapshot = value(claim)
    value(claim)  # supersedes it, as a revaluation landing first would
    with pytest.raises(review.NotReviewable):
        review.approve(snapshot, partner)
    with pytest.raises(ValueError):
        review.adjust(value(claim), partner, low_pence=5, mid_pence=4, high_pence=6, reason="why")


def test_an_unknown_valuation_is_not_found(client, login_as):
    login_as("partner")
    assert client.get(f"{QUEUE}/999999").status_code == 404


def _pounds(pence: int) -> str:
    from claims.domain.money import format_pence

    return format_pence(pence)
