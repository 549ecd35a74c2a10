"""Outgoing email: always written to the outbox table, delivered by SMTP when configured."""
from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select

from claims.extensions import db
from claims.models import OutboxMessage
from claims.models._types import utcnow


def queue_mail(to_address: str, subject: str, body: str, *, claim_id: int | None = None) -> OutboxMessage:
    """Put a plain-text message in the outbox (flushed, not committed)."""
    message = OutboxMessage(to_address=to_address, subject=subject, body=body, claim_id=claim_id)
    db.session.add(message)
    db.session.flush()
    return message


SENT_BODY = "[delivered; the text is not kept]"


def deliver_pending(limit: int = 100) -> tuple[int, int]:
    """Send unsent outbox messages over SMTP; returns (sent, failed). No-op without SMTP_HOST."""
    config = current_app.config
    if not config.get("SMTP_HOST"):
        return (0, 0)
    pending = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < 5)
        .order_by(OutboxMessage.id).limit(limit)
    ).all()
    sent = failed = 0
    for message in pending:
        message.attempts += 1
        try:
            _send(message, config)
        except (OSError, smtplib.SMTPException) as exc:
            message.last_error = type(exc).__name__  # the exception text can echo addresses
            failed += 1
        else:
            message.sent_at = utcnow()
            message.last_error = None
            # Once delivered, the body goes: it can hold a resume or signing link, and only the
            # tokens' SHA-256 may stay in the database.
            message.body = SENT_BODY
            sent += 1
    return sent, failed


def _send(message: OutboxMessage, config) -> None:
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email.set_content(message.body)
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=20) as smtp:
        if config.get("SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("SMTP_USERNAME"):
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        smtp.send_message(email)
