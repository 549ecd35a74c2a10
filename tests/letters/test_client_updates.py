"""Keeping the client informed: a short plain-text email when their claim reaches a step that matters to them (no
link, token or claim-form detail in it), their progress in plain words on the portal, and a message form whose
messages reach the claim's timeline and the handler's "my day"; each client sees only their own claim."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from claims.domain.client_updates import MESSAGE_MAX_CHARS, UPDATES, email_body, message_problem, update_for
from claims.extensions import db
from claims.firm import firm_settings
from claims.models import AuditEvent, Claim, ClientMessage, Task, User
from tests.clock import TODAY
from tests.letters.test_flow import ACCEPT, accepted, prepare_letter_of_claim, sign, signing_link  # noqa: F401
from tests.outbox import outbox
from tests.pages import parse


def _subjects(claim) -> list[str]:
    return [mail.subject for mail in outbox(claim.id)]


def test_accepting_tells_the_client_in_plain_words_without_a_link(accepted):  # noqa: F811
    claim, _link = accepted
    [update] = [mail for mail in outbox(claim.id) if mail.subject == f"We can take on your claim – {claim.reference}"]
    assert update.to_address == "alex@example.com"
    assert update.body == (
        "Dear Alex Morgan,\n\nWe have looked at your claim and we can take it on. We will send you our no win, no fee "
        f"agreement to read and sign.\n\nYour reference is {claim.reference}. You can follow your claim and send us a "
        "message through the link in the email we sent you with your agreement.\n\n" + firm_settings().name)
    assert "http" not in update.body and "token" not in update.body
    assert claim.account not in update.body and claim.defendant_name not in update.body


def test_the_moves_that_matter_to_the_client_email_them_and_the_others_do_not(client, accepted):  # noqa: F811
    claim, link = accepted
    sign(client, link)  # the client did it: no email about it
    assert client.post(f"/staff/claims/{claim.id}/letters/new",
                       data={"kind": "letter_of_claim", "delivery": "first_class_post"}).status_code == 302
    response = client.post(f"/staff/claims/{claim.id}/response", content_type="multipart/form-data", data={
        "position": "partly_admits", "summary": "The council admits the breach; it disputes the distress.",
        "received_on-day": str(TODAY.day), "received_on-month": str(TODAY.month), "received_on-year": str(TODAY.year)})
    assert response.status_code == 302
    ref = claim.reference
    updates = [s for s in _subjects(claim) if not s.startswith(("Your no win", "You have signed"))]
    assert updates == [f"We can take on your claim – {ref}", f"We have sent the letter of claim – {ref}",
                       f"The organisation has replied – {ref}"]
    replied = outbox(claim.id)[-1].body
    assert "disputes the distress" not in replied  # the solicitor's reason stays in the firm


@pytest.mark.parametrize("status, subject", [
    ("accepted", "We can take on your claim"), ("letter_of_claim_sent", "We have sent the letter of claim"),
    ("response_received", "The organisation has replied"), ("negotiation", None),  # the offer's email says it
    ("settled", "Your claim has settled"), ("money_sent", "We have sent your money"),
    ("closed_won", "Your claim is complete"), ("closed_lost", "Your claim is closed"),
    ("withdrawn", "Your claim is closed"),
    ("cfa_signed", None), ("sar_sent", None), ("submitted", None), ("declined", None), ("proceedings", None),
])
def test_which_moves_email_the_client(status, subject):
    update = update_for(status)
    assert (update.subject if update else None) == subject


def test_no_update_names_the_data_or_the_harm():
    words = " ".join(f"{u.subject} {u.words}" for u in UPDATES.values()).lower()
    for sensitive in ("health", "medical", "anxiety", "depression", "child", "criminal", "sexual", "social services"):
        assert sensitive not in words


@pytest.mark.parametrize("text, problem", [
    ("Thank you", None), ("", "Write your message"), ("   ", "Write your message"),
    ("x" * MESSAGE_MAX_CHARS, None),
    ("x" * (MESSAGE_MAX_CHARS + 1), "Your message must be 2,000 characters or fewer (it has 2,001)"),
])
def test_a_message_from_the_client_is_checked(text, problem):
    assert message_problem(text) == problem


@pytest.fixture
def signed(client, accepted):  # noqa: F811
    """A claim whose client has signed, handled by the solicitor signed in, and the client's link."""
    claim, link = accepted
    sign(client, link)
    solicitor = db.session.scalar(select(User).where(User.role == "solicitor"))
    db.session.get(Claim, claim.id).assigned_to_id = solicitor.id
    db.session.commit()
    return claim, link


def _message_url(link: str) -> str:
    return link.replace("/agreement?", "/agreement/message?")


def test_the_portal_shows_the_progress_in_plain_words(client, signed):
    claim, link = signed
    steps = parse(client.get(link)).by_id("progress-timeline").text
    assert "We received your claim." in steps
    assert UPDATES["accepted"].words in steps and UPDATES["cfa_signed"].words in steps
    assert ACCEPT["reason"] not in steps  # the solicitor's reasons are not shown to the client
    assert steps.index("We received your claim.") < steps.index(UPDATES["cfa_signed"].words)


def test_a_message_from_the_client_reaches_the_claim_and_my_day(client, signed):
    claim, link = signed
    typed = '<script>alert("x")</script> My new address is\n1 High Street & I moved on 01/12/2026.'
    response = client.post(_message_url(link), data={"body": typed})
    assert response.status_code == 302 and response.headers["Location"].endswith("#messages")
    [message] = db.session.scalars(select(ClientMessage)).all()
    assert (message.claim_id, message.body) == (claim.id, typed)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "client_message.received"))
    assert event.claim_id == claim.id and event.actor == "claimant"
    [task] = db.session.scalars(select(Task).where(Task.claim_id == claim.id, Task.kind == "client_message")).all()
    assert task.title == "Read and answer the client's message"

    portal = client.get(link).get_data(as_text=True)
    assert "<script>alert" not in portal and "&lt;script&gt;alert" in portal
    staff = client.get(f"/staff/claims/{claim.id}").get_data(as_text=True)
    assert "<script>alert" not in staff and "&lt;script&gt;alert" in staff
    assert "Message from the client" in parse(client.get(f"/staff/claims/{claim.id}")).by_id(
        f"client-message-{message.id}").text
    news = parse(client.get("/staff/")).by_id("from-clients").text
    assert "Read and answer the client's message" in news and claim.reference in news


@pytest.mark.parametrize("body, error", [
    ("", "Write your message"),
    ("x" * (MESSAGE_MAX_CHARS + 1), "Your message must be 2,000 characters or fewer"),
    ("ring me\x07 please", "Your message contains characters we cannot accept"),
])
def test_a_message_that_cannot_be_sent_says_why_and_keeps_the_text(client, signed, body, error):
    _claim, link = signed
    response = client.post(_message_url(link), data={"body": body})
    assert response.status_code == 400
    assert ("#body", error) in parse(response).error_summary()
    assert db.session.scalar(select(ClientMessage)) is None
    if body.startswith("x"):
        assert body in response.get_data(as_text=True)


def test_each_client_sees_only_their_own_claim(client, signed, make_claim):
    claim, link = signed
    other = make_claim(**{"about-you": {"email": "sam@example.com", "first_name": "Sam"}})
    assert client.post(f"/staff/claims/{other.id}/accept", data=ACCEPT).status_code == 302
    other_link = signing_link(other)
    sign(client, other_link, name="Sam Morgan")
    assert client.post(_message_url(link), data={"body": "A message about Alex's claim"}).status_code == 302
    assert "A message about Alex&#39;s claim" not in client.get(other_link).get_data(as_text=True)
    assert "A message about Alex" not in client.get(f"/staff/claims/{other.id}").get_data(as_text=True)
    assert db.session.scalar(select(ClientMessage.claim_id)) == claim.id
    nobody = client.post("/agreement/message?token=not-a-real-token", data={"body": "Hello"})
    assert nobody.status_code == 404
    assert len(db.session.scalars(select(ClientMessage)).all()) == 1
