"""Mail: every message goes to the outbox; `flask outbox send` delivers it over real SMTP."""
from __future__ import annotations

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from claims.extensions import db
from claims.mail import SENT_BODY, deliver_pending, queue_mail
from claims.models import OutboxMessage
from tests.claimant import Claimant


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message_from_bytes(
            envelope.original_content, policy=policy.default)))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


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


def test_a_refused_connection_leaves_the_message_unsent_and_counts_the_attempt(make_app):
    mailer = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=_free_port(), SMTP_STARTTLS=False)
    with mailer.app_context():
        queue_mail("alex@example.com", "Your saved claim", "body")
        db.session.commit()
    for attempt in (1, 2):
        result = _flask(mailer, "outbox", "send")
        assert result.exit_code == 0 and "Sent 0, failed 1" in result.output
        [message] = _outbox()
        assert message.sent_at is None and message.attempts == attempt
        assert message.last_error == "ConnectionRefusedError"  # the type only: the text can echo addresses


def test_a_message_is_given_up_after_five_attempts(make_app):
    mailer = make_app(SMTP_HOST="127.0.0.1", SMTP_PORT=_free_port(), SMTP_STARTTLS=False)
    with mailer.app_context():
        message = queue_mail("alex@example.com", "Your saved claim", "body")
        message.attempts = 5
        db.session.commit()
        assert deliver_pending() == (0, 0)
