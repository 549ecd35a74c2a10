"""The end of a claim, through the staff pages and the client's link: the defendant's response (the claim moves on,
the chasers stop), offers with what the client keeps under the signed CFA, the client's instruction, a counter-offer,
the settlement with its completion statement checked to the penny against ``claims.domain.fees``, the settlement in
the valuation's own-outcomes pool, proceedings with the court's dates, closing (read-only) and a partner's reopening."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from claims.domain.fees import illustrate
from claims.domain.money import format_pence
from claims.extensions import db
from claims.letters import agreements, documents
from claims.letters.context import agreement_terms
from claims.models import AuditEvent, Claim, KeyDate, Offer, Settlement, Task
from claims.valuation.firm_outcomes import firm_precedent_rows
from tests.clock import TODAY
from tests.letters.test_flow import ACCEPT, prepare_letter_of_claim, sign, signing_link
from tests.outbox import outbox
from tests.pages import parse
from tests.sample_files import make_pdf, make_pdf_open_action_js
from tests.word_files import docx_text


def day(prefix: str, on) -> dict:
    return {f"{prefix}-day": str(on.day), f"{prefix}-month": str(on.month), f"{prefix}-year": str(on.year)}


@pytest.fixture
def sent(client, login_as, make_claim):
    """A claim whose client signed the CFA online and whose letter of claim has gone: (claim, portal link)."""
    login_as("solicitor")
    claim = make_claim()
    assert client.post(f"/staff/claims/{claim.id}/accept", data=ACCEPT).status_code == 302
    link = signing_link(claim)
    assert sign(client, link).status_code == 302
    prepare_letter_of_claim(client, claim)
    assert client.post(f"/staff/claims/{claim.id}/letters/new",
                       data={"kind": "letter_of_claim", "delivery": "first_class_post"}).status_code == 302
    claim = db.session.get(Claim, claim.id)
    assert claim.status == "letter_of_claim_sent"
    return claim, link


def _chasers(claim_id: int) -> list[Task]:
    return list(db.session.scalars(select(Task).where(Task.claim_id == claim_id, Task.kind == "chase_defendant")))


def _respond(client, claim, **extra):
    return client.post(f"/staff/claims/{claim.id}/response", data={
        "position": "partly_admits", "their_reference": "DPO/77", **day("received_on", TODAY), **extra},
        content_type="multipart/form-data")


def _offer(client, claim, general: str, *, made_by="defendant", counters: int | None = None, **extra):
    url = f"/staff/claims/{claim.id}/offers/new" + (f"?counters={counters}" if counters else "")
    return client.post(url, data={"made_by": made_by, "general": general, "special": "45.60",
                                  "costs_terms": "plus_costs", **day("made_on", TODAY), **extra})


def test_the_response_moves_the_claim_stops_the_chasers_and_keeps_the_letter(client, sent):
    claim, _link = sent
    assert len(_chasers(claim.id)) == 3 and all(task.completed_at is None for task in _chasers(claim.id))
    refused = _respond(client, claim, position="", their_reference="Kept <ref>")
    assert refused.status_code == 200 and "Choose what the defendant says" in refused.get_data(as_text=True)
    assert parse(refused).by_id("their_reference").attrs["value"] == "Kept <ref>"
    bad_file = _respond(client, claim, file=(io.BytesIO(b"MZ not a letter"), "reply.exe"))
    assert bad_file.status_code == 200 and "Choose the file again" in bad_file.get_data(as_text=True)
    scripted = _respond(client, claim, file=(io.BytesIO(make_pdf_open_action_js()), "reply.pdf"),
                        their_reference="Kept <ref>")
    assert "reply.pdf was refused: it contains JavaScript. Choose the file again" in scripted.get_data(as_text=True)
    assert parse(scripted).by_id("their_reference").attrs["value"] == "Kept <ref>"
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).status == "letter_of_claim_sent"
    assert _respond(client, claim, file=(io.BytesIO(make_pdf()), "reply.pdf")).status_code == 302
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    assert claim.status == "response_received"
    assert all(task.completed_at is not None for task in _chasers(claim.id))
    assert all(item.completed_at is not None for item in claim.key_dates if item.kind == "response_due")
    page = client.get(f"/staff/claims/{claim.id}/outcome").get_data(as_text=True)
    assert "Partly admits liability" in page and "DPO/77" in page and "reply.pdf" in page


def test_an_offer_shows_what_the_client_keeps_under_the_signed_cfa_and_emails_no_details(client, sent):
    claim, link = sent
    assert _respond(client, claim).status_code == 302
    before = len(outbox(claim.id))
    refused = _offer(client, claim, "12.345")
    assert refused.status_code == 200 and "no more than 2 decimal places" in refused.get_data(as_text=True)
    assert parse(refused).by_id("general").attrs["value"] == "12.345"
    assert _offer(client, claim, "2,500.00", **day("expires_on", TODAY + timedelta(days=21))).status_code == 302
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    assert claim.status == "negotiation"
    offer = db.session.scalar(select(Offer).where(Offer.claim_id == claim.id))
    assert (offer.general_pence, offer.special_pence) == (250_000, 4_560)
    mails = outbox(claim.id)[before:]
    assert len(mails) == 1 and "There is an offer on your claim" in mails[0].body
    for secret in ("2,500", "child", "neighbour", "Anxiety", "social care", "Plymouth City Council"):
        assert secret not in mails[0].body and secret not in mails[0].subject
    expected = illustrate([("This offer", 254_560)], agreement_terms(agreements.signed_agreement(claim.id)))[0]
    page = parse(client.get(f"/staff/claims/{claim.id}/outcome"))
    assert page.by_id(f"offer-{offer.id}-keeps").text == format_pence(
        expected.deductions.client_keeps_pence)
    portal = client.get(link).get_data(as_text=True)
    assert "Offers waiting for your instructions" in portal
    assert f"You would keep {format_pence(expected.deductions.client_keeps_pence)}" in portal


def test_the_client_rejects_on_the_portal_a_counter_offer_is_accepted_and_settles(client, sent):
    claim, link = sent
    assert _respond(client, claim).status_code == 302
    assert _offer(client, claim, "1,000.00").status_code == 302
    first = db.session.scalar(select(Offer).where(Offer.claim_id == claim.id))
    token = link.split("token=")[1]
    prefix = f"offer-{first.id}-"
    refused = client.post(f"/agreement/offers/{first.id}?token={token}",
                          data={prefix + "instruction": "counter", prefix + "note": "Ring me <first>"})
    assert refused.status_code == 400 and "Enter the amount to counter at" in refused.get_data(as_text=True)
    assert parse(refused).by_id(prefix + "note").text.strip() == "Ring me <first>"  # what was typed is kept, as text
    assert client.post(f"/agreement/offers/{first.id}?token=not-a-token",
                       data={prefix + "instruction": "reject"}).status_code == 404
    assert client.post(f"/agreement/offers/{first.id}?token={token}",
                       data={prefix + "instruction": "counter", prefix + "counter": "4,000"}).status_code == 302
    db.session.expire_all()
    first = db.session.get(Offer, first.id)
    assert (first.instruction, first.instruction_counter_pence, first.instructed_by_id) == ("counter", 400_000, None)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "offer.instructed")).actor == "claimant"
    task = db.session.scalar(select(Task).where(Task.claim_id == claim.id, Task.kind == "client_instruction"))
    assert task.title == "The client's instructions on an offer: make a counter-offer" and task.completed_at is None
    assert "Offers waiting" not in client.get(link).get_data(as_text=True)  # answered
    assert _offer(client, claim, "4,000.00", made_by="claimant", counters=first.id).status_code == 302
    db.session.expire_all()
    counter = db.session.scalar(select(Offer).where(Offer.counters_offer_id == first.id))
    assert db.session.get(Offer, first.id).outcome == "countered" and counter.made_by == "claimant"
    again = client.post(f"/agreement/offers/{first.id}?token={token}",
                        data={prefix + "instruction": "accept", prefix + "note": "Changed my mind"})
    assert again.status_code == 400 and "no longer open" in again.get_data(as_text=True)
    assert parse(again).by_id(prefix + "note").text.strip() == "Changed my mind"  # countered: refused, still typed
    assert client.post(f"/staff/claims/{claim.id}/offers/{counter.id}/outcome",
                       data={"outcome": "accepted", **day("outcome_on", TODAY)}).status_code == 302
    again = client.post(f"/staff/claims/{claim.id}/offers/{counter.id}/outcome",
                        data={"outcome": "rejected", **day("outcome_on", TODAY)})
    assert "already accepted" in again.get_data(as_text=True)
    form = parse(client.get(f"/staff/claims/{claim.id}/settlement?offer={counter.id}"))
    assert form.by_id("general").attrs["value"] == "4000.00"
    assert client.post(f"/staff/claims/{claim.id}/settlement?offer={counter.id}", data={
        "general": "4,000.00", "special": "45.60", "costs": "3,000.00", "reason": "Counter-offer accepted",
        **day("agreed_on", TODAY)}).status_code == 302
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    settlement = db.session.scalar(select(Settlement).where(Settlement.claim_id == claim.id))
    assert (claim.status, claim.settled_pence, settlement.offer_id) == ("settled", 404_560, counter.id)

    summary = client.get(f"/staff/claims/{claim.id}").get_data(as_text=True)
    assert "£4,045.60 damages and £3,000.00 costs" in summary and "Partly admits liability" in summary

    # The completion statement: every figure is the CFA's own arithmetic on the damages.
    text = docx_text(documents.read(settlement.statement))
    agreement = agreements.signed_agreement(claim.id)
    row = illustrate([("Settlement", 404_560)], agreement_terms(agreement))[0].deductions
    assert row.client_keeps_pence == 404_560 - row.deducted_pence
    for figure in (row.success_fee_pence, row.vat_pence, row.before_cap_pence, row.cap_pence, row.deducted_pence):
        assert format_pence(figure) in text
    assert f"The sum we send you: {format_pence(row.client_keeps_pence)}" in text
    assert f"Success fee ({agreement.success_fee_percent}% of our base costs of {format_pence(agreement.base_costs_pence)})" in text
    assert "General damages (for distress and the other effects)\n£4,000.00" in text

    # The settlement joins the valuation's own-outcomes pool with its general damages.
    rows = firm_precedent_rows(as_of=TODAY)
    assert [(r["case_name"], r["award_pence"]) for r in rows] == [(claim.reference, 400_000)]

    # Money, then closing as won: the claim is read-only until a partner reopens it.
    assert client.post(f"/staff/claims/{claim.id}/payments/new", data={
        "direction": "received", "amount": "7,045.60", **day("paid_on", TODAY)}).status_code == 302
    assert db.session.scalar(select(Settlement.paid_on).where(Settlement.claim_id == claim.id)) == TODAY
    before = len(outbox(claim.id))
    assert client.post(f"/staff/claims/{claim.id}/payments/new", data={
        "direction": "sent_to_client", "amount": "1,000.00", **day("paid_on", TODAY)}).status_code == 302
    told = outbox(claim.id)[before:]
    assert [mail.subject for mail in told] == [f"We have sent your money – {claim.reference}"]
    assert "1,000" not in told[0].body
    assert "We have sent you the money" in client.get(link).get_data(as_text=True)  # the portal's timeline
    assert client.post(f"/staff/claims/{claim.id}/close/closed_won", data={"reason": "Paid in full"}).status_code == 302
    refused = client.post(f"/staff/claims/{claim.id}/notes/new", data={"body": "A note"}, follow_redirects=True)
    assert "This claim is closed, so it cannot be changed" in refused.get_data(as_text=True)
    for form_page in ("edit/claimant", "notes/new", "tasks/new", "offers/new"):  # no form to type into, either
        shown = client.get(f"/staff/claims/{claim.id}/{form_page}")
        assert shown.status_code == 302 and shown.headers["Location"].endswith(f"/staff/claims/{claim.id}"), form_page
    assert client.get(f"/staff/claims/{claim.id}").status_code == 200  # reading it is as before
    assert client.post(f"/staff/claims/{claim.id}/reopen", data={"reason": "x"}).status_code == 403  # a solicitor
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).status == "closed_won"
    assert [r["award_pence"] for r in firm_precedent_rows(as_of=TODAY)] == [400_000]  # closed won: still counted


def test_a_partner_reopens_a_closed_claim_with_a_reason_and_it_is_audited(client, login_as, sent):
    claim, _link = sent
    assert client.post(f"/staff/claims/{claim.id}/status/withdrawn", data={"reason": "Client stopped"}).status_code == 302
    client.post("/staff/sign-out")
    login_as("partner", email="partner@example.com")
    refused = client.post(f"/staff/claims/{claim.id}/reopen", data={"reason": " "})
    assert "Give the reason for reopening" in refused.get_data(as_text=True)
    assert client.post(f"/staff/claims/{claim.id}/reopen", data={"reason": "Client changed their mind"}).status_code == 302
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    assert claim.status == "letter_of_claim_sent" and claim.closed_at is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "claim.reopened"))
    assert event.details == {"from": "withdrawn", "to": "letter_of_claim_sent"}


def test_proceedings_add_the_courts_dates_to_the_diary_and_a_lost_claim_closes(client, sent):
    claim, _link = sent
    hearing = TODAY + timedelta(days=60)
    refused = client.post(f"/staff/claims/{claim.id}/proceedings", data={
        "court": "County Court at Plymouth", "claim_number": "K00PL123", **day("issued_on", TODAY),
        "date_1_label": "Directions questionnaire due"})
    assert "Enter the date of court date 1" in refused.get_data(as_text=True)
    assert client.post(f"/staff/claims/{claim.id}/proceedings", data={
        "court": "County Court at Plymouth", "claim_number": "K00PL123", **day("issued_on", TODAY),
        "date_1_label": "Directions questionnaire due", **day("date_1", hearing)}).status_code == 302
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    assert claim.status == "proceedings"
    court = db.session.scalar(select(KeyDate).where(KeyDate.claim_id == claim.id, KeyDate.kind == "court"))
    assert (court.label, court.due_on) == ("Directions questionnaire due", hearing)
    claim.assigned_to_id = db.session.scalar(select(AuditEvent.user_id).where(AuditEvent.user_id.is_not(None)))
    db.session.commit()  # the diary shows the dates of the claims the user handles
    diary = client.get(f"/staff/diary?start={hearing - timedelta(days=3):%Y-%m-%d}").get_data(as_text=True)
    assert "Directions questionnaire due" in diary
    assert client.post(f"/staff/claims/{claim.id}/close/closed_lost", data={"reason": "Lost at trial"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).status == "closed_lost"


def test_staff_record_the_clients_instruction_and_a_lapsed_offer_takes_none(client, sent):
    claim, link = sent
    assert _respond(client, claim).status_code == 302
    assert _offer(client, claim, "900.00", **day("made_on", TODAY - timedelta(days=30)),
                  **day("expires_on", TODAY - timedelta(days=9))).status_code == 302
    assert _offer(client, claim, "1,200.00").status_code == 302
    lapsed, current = db.session.scalars(select(Offer).where(Offer.claim_id == claim.id).order_by(Offer.id)).all()
    page = parse(client.get(f"/staff/claims/{claim.id}/outcome"))
    assert "Lapsed" in page.by_id(f"offer-{lapsed.id}").text and "Open" in page.by_id(f"offer-{current.id}").text
    portal = client.get(link).get_data(as_text=True)
    assert "£1,245.60" in portal and "£945.60" not in portal  # only the open offer awaits the client
    url = f"/staff/claims/{claim.id}/offers/{{}}/instruction"
    refused = client.post(url.format(lapsed.id), data={"instruction": "accept"})
    assert "no longer open" in refused.get_data(as_text=True)
    kept = client.post(url.format(current.id), data={"instruction": "counter", "note": "Call first"})
    assert "Enter the amount to counter at" in kept.get_data(as_text=True)
    assert "Call first" in parse(kept).by_id("note").text
    assert client.post(url.format(current.id), data={"instruction": "accept"}).status_code == 302
    db.session.expire_all()
    current = db.session.get(Offer, current.id)
    assert current.instruction == "accept" and current.instructed_by is not None
