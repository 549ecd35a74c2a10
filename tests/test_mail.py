"""Mail: every message goes to the outbox, sealed; senders claim messages so each is delivered once over real SMTP."""
from __future__ import annotations

import re
import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from claims.extensions import db
from claims.mail import CLAIM_TIMEOUT, SENT_BODY, claim_pending, deliver_pending, queue_mail
from claims.models import OutboxMessage
from tests.claimant import Claimant, resume_token
from tests.outbox import outbox
from tests.smtp import refused_port, smtp_server  # noqa: F401 (fixtures)


def _flask(app, *args):
    """Run a `flask` command against this app, inside its app context as the real CLI would be."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


def _outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_mail_goes_to_the_outbox_and_nothing_is_sent_without_smtp(app, client):
    assert not app.config["SMTP_HOST"]
    Claimant(client).complete()
    [resume] = _outbox()
    assert resume.to_address == "alex@example.com" and resume.sent_at is None and resume.attempts == 0
    assert deliver_pending() == (0, 0)
    assert _outbox()[0].attempts == 0


def test_flask_outbox_send_delivers_over_smtp_and_marks_sent(make_app, smtp_server):
    port, inbox = smtp_server
    mailer = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False, MAIL_FROM="claims@firm.example")
    claimant = Claimant(mailer.test_client())
    claimant.complete()
    reference = claimant.submit()

    result = _flask(mailer, "outbox", "send")
    assert result.exit_code == 0, result.output
    assert "Sent 2, failed 0" in result.output

    received = {message["Subject"]: (sender, to, message) for sender, to, message in inbox.messages}
    assert set(received) == {"Your saved claim", f"We have received your claim ({reference})"}
    sender, to, acknowledgement = received[f"We have received your claim ({reference})"]
    assert (sender, to) == ("claims@firm.example", ["alex@example.com"])
    assert acknowledgement["From"] == "claims@firm.example" and acknowledgement["To"] == "alex@example.com"
    assert f"Your reference is {reference}." in acknowledgement.get_content()
    resume_body = received["Your saved claim"][2].get_content()
    assert "http://claims.test/claim/resume?t=" in resume_body
    for message in _outbox():
        assert message.sent_at is not None and message.attempts == 1 and message.last_error is None
        assert message.body == SENT_BODY  # the resume link is not kept once delivered

    # Sending again sends nothing twice.
    again = _flask(mailer, "outbox", "send")
    assert "Sent 0, failed 0" in again.output and len(inbox.messages) == 2


def test_unicode_and_long_lines_survive_delivery(make_app, smtp_server):
    port, inbox = smtp_server
    mailer = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False)
    body = "Zoë’s claim — £1,234.56 — مرحبا 😀\n" + "long line " * 200
    with mailer.app_context():
        queue_mail("zoë@example.com", "Résumé ✓", body)
        db.session.commit()
        assert deliver_pending() == (1, 0)
        db.session.commit()
    [(_, to, message)] = inbox.messages
    assert to == ["zoë@example.com"] and message["Subject"] == "Résumé ✓"
    assert message.get_content().replace("\r\n", "\n").rstrip("\n") == body.rstrip("\n")


def test_a_refused_connection_leaves_the_message_unsent_and_counts_the_attempt(make_app, refused_port):
    mailer = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=refused_port, SMTP_STARTTLS=False)
    with mailer.app_context():
        queue_mail("alex@example.com", "Your saved claim", "body")
        db.session.commit()
    for attempt in (1, 2):
        result = _flask(mailer, "outbox", "send")
        assert result.exit_code == 0 and "Sent 0, failed 1" in result.output
        [message] = _outbox()
        assert message.sent_at is None and message.attempts == attempt
        assert message.last_error == "ConnectionRefusedError"  # the type only: the text can echo addresses


def test_a_message_is_given_up_after_five_attempts(make_app, refused_port):
    mailer = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=refused_port, SMTP_STARTTLS=False)
    with mailer.app_context():
        message = queue_mail("alex@example.com", "Your saved claim", "body")
        message.attempts = 5
        db.session.commit()
        assert deliver_pending() == (0, 0)


def _queue_five(mailer) -> None:
    with mailer.app_context():
        for n in range(5):
            queue_mail(f"client{n}@example.com", f"Message {n}", f"Body {n}")
        db.session.commit()


def test_two_senders_at_once_deliver_each_message_once(make_app, smtp_server):
    port, inbox = smtp_server
    mailer = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False)
    _queue_five(mailer)
    # Each delivery waits (up to 2 s) for the other sender's, so the two runs overlap for sure:
    # without claims both read all five before either marks one sent.
    inbox.hold = threading.Barrier(2, timeout=2)
    start = threading.Barrier(2)
    results, errors = [], []

    def sender():
        with mailer.app_context():
            try:
                start.wait()
                results.append(deliver_pending())
                db.session.commit()
            except Exception as exc:  # reported below, not lost in the thread
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(to[0] for _, to, _ in inbox.messages) == [f"client{n}@example.com" for n in range(5)]
    assert sum(sent for sent, _ in results) == 5 and sum(failed for _, failed in results) == 0
    assert all(message.sent_at is not None and message.attempts == 1 for message in _outbox())


def test_a_message_claimed_by_a_sender_that_died_is_sent_after_the_claim_times_out(make_app, smtp_server):
    port, inbox = smtp_server
    mailer = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False)
    claimed_at = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
    with mailer.app_context():
        queue_mail("alex@example.com", "Your saved claim", "body")
        db.session.commit()
        assert len(claim_pending(now=claimed_at)) == 1  # then the sender is killed before sending
        db.session.remove()

        assert deliver_pending(now=claimed_at + CLAIM_TIMEOUT - timedelta(seconds=1)) == (0, 0)
        assert inbox.messages == []
        assert deliver_pending(now=claimed_at + CLAIM_TIMEOUT + timedelta(seconds=1)) == (1, 0)
    assert [to for _, to, _ in inbox.messages] == [["alex@example.com"]]
    [message] = _outbox()
    assert message.sent_at == claimed_at + CLAIM_TIMEOUT + timedelta(seconds=1) and message.attempts == 1


def _database_as_text(*tables: str) -> str:
    """Every column of every row of the named tables (all tables if none), as text."""
    chosen = [table for table in db.metadata.sorted_tables if not tables or table.name in tables]
    with db.engine.connect() as conn:
        return "\n".join(repr(tuple(row)) for table in chosen for row in conn.execute(table.select()))


def test_stored_mail_holds_no_token_or_name_and_delivery_carries_the_working_link(
        app, client, login_as, make_claim, make_app, smtp_server):
    claimant = Claimant(app.test_client())
    claimant.start()
    claimant.answer_ok("about-you")  # queues the resume link
    login_as("solicitor")
    claim = make_claim()
    assert client.post(f"/staff/claims/{claim.id}/accept", data={
        "reason": "Records sent to a neighbour.", "prospects_percent": "60"}).status_code == 302  # the signing link
    mails = outbox()
    resume = resume_token(mails[0].body)
    signing_link = re.search(r"http://\S+/agreement\?token=(\S+)", mails[-1].body)
    assert "Alex Morgan" in mails[-1].body and claim.reference in mails[-1].subject

    everything = _database_as_text()
    for token in (resume, signing_link.group(1)):
        assert token not in everything
    stored_mail = _database_as_text("outbox_messages")
    for personal in ("Alex", "Morgan", claim.reference):
        assert personal not in stored_mail

    port, inbox = smtp_server
    mailer = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False)
    with mailer.app_context():
        assert deliver_pending() == (3, 0)  # the resume link, the client's update (claims.letters.updates), the CFA
    delivered = {message["Subject"]: message.get_content() for _, _, message in inbox.messages}
    assert claim.reference in delivered[f"We can take on your claim – {claim.reference}"]
    signing_email = delivered[f"Your no win, no fee agreement – {claim.reference}"]
    assert signing_link.group(0) in signing_email
    page = app.test_client().get(signing_link.group(0).replace("http://localhost", ""))
    assert page.status_code == 200 and claim.reference in page.get_data(as_text=True)
    assert resume in delivered["Your saved claim"]


def test_pending_mail_survives_a_secret_key_rotation_only_with_the_old_key_as_a_fallback(make_app, smtp_server):
    port, inbox = smtp_server
    old = make_app(SECRET_KEY="the-old-secret")
    with old.app_context():
        queue_mail("alex@example.com", "Your saved claim", "body")
        db.session.commit()
    smtp = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, "SMTP_STARTTLS": False}

    with make_app(SECRET_KEY="the-new-secret", **smtp).app_context():
        assert deliver_pending() == (0, 1)
        [message] = _outbox()
        assert message.last_error == "InvalidToken" and message.sent_at is None
        db.session.remove()
    with make_app(SECRET_KEY="the-new-secret", SECRET_KEY_FALLBACKS=["the-old-secret"], **smtp).app_context():
        assert deliver_pending() == (1, 0)
    assert [message.get_content().strip() for _, _, message in inbox.messages] == ["body"]
