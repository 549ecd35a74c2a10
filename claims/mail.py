"""Outgoing email: written to the outbox table encrypted, delivered by SMTP when configured.

Stored mail holds resume and signing links, so the subject and body are sealed with Fernet
under a key derived from SECRET_KEY (HKDF-SHA256, fixed label): someone who can read the
database but not the settings cannot recover a token. They are opened only to send, and the
body is replaced by ``SENT_BODY`` once delivered. Rotating SECRET_KEY makes pending mail
unreadable unless the old key is kept in SECRET_KEY_FALLBACKS until the outbox is empty.

A message may carry one generated document (``attachment=``), stored by reference, not as a copy:
the document file already lives under DOCUMENTS_DIR with its SHA-256 on its row, so the outbox keeps
the document's id, that SHA-256 and the file name, reads the bytes at delivery and refuses to send
(``AttachmentChanged``, retried, then left failed) if they no longer match: what is sent is exactly
what the timeline says was sent. Nothing of the document is copied into the outbox table.

Delivery claims rows before sending (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; one atomic
UPDATE on SQLite, whose writers take turns) and commits the claim before talking to SMTP, so
two senders never send one message. A claim older than ``CLAIM_TIMEOUT`` (a sender that
died) may be taken again.
"""
from __future__ import annotations

import base64
import hashlib
import secrets
import smtplib
import time
from datetime import datetime, timedelta
from email.message import EmailMessage

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import or_, select, update

from claims import private_files
from claims.extensions import db
from claims.models import ClaimDocument, OutboxMessage
from claims.models._types import utcnow

SENT_BODY = "[delivered; the text is not kept]"
KEY_LABEL = b"breach-claims outbox mail v1"  # HKDF info: this key is for stored mail only
CLAIM_TIMEOUT = timedelta(minutes=10)
MAX_ATTEMPTS = 5
DOCX_MEDIA_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


class AttachmentChanged(RuntimeError):
    """An attached document's file is gone or no longer matches the SHA-256 recorded when it was queued."""


def queue_mail(to_address: str, subject: str, body: str, *, claim_id: int | None = None,
               attachment: ClaimDocument | None = None, attachment_name: str | None = None) -> OutboxMessage:
    """Put a plain-text message in the outbox, sealed (flushed, not committed), perhaps with a Word document."""
    message = OutboxMessage(to_address=to_address, subject=_seal(subject), body=_seal(body), claim_id=claim_id)
    if attachment is not None:
        message.attachment_document_id, message.attachment_sha256 = attachment.id, attachment.sha256
        message.attachment_name = attachment_name or f"document-{attachment.id}.docx"
    db.session.add(message)
    db.session.flush()
    return message


def subject_of(message: OutboxMessage) -> str:
    """The message's subject in clear."""
    return _open(message.subject)


def body_of(message: OutboxMessage) -> str:
    """The message's text in clear (``SENT_BODY`` once delivered)."""
    return message.body if message.body == SENT_BODY else _open(message.body)


def deliver_pending(limit: int = 100, *, now: datetime | None = None) -> tuple[int, int]:
    """Claim and send unsent messages over SMTP; returns (sent, failed). No-op without SMTP_HOST.

    Commits: the claim before sending, then each message's outcome as it goes.
    """
    config = current_app.config
    if not config.get("SMTP_HOST"):
        return (0, 0)
    started = time.monotonic()
    claimed = claim_pending(now=now, limit=limit)
    ids = [message.id for message in claimed]
    sent = failed = 0
    for index, message in enumerate(claimed):
        if time.monotonic() - started > CLAIM_TIMEOUT.total_seconds() / 2:
            _release(ids[index:])  # give the rest back well before another sender could take them
            break
        if _deliver(message, config, now=now):
            sent += 1
        else:
            failed += 1
        db.session.commit()
    return sent, failed


def claim_pending(*, now: datetime | None = None, limit: int = 100) -> list[OutboxMessage]:
    """Mark up to ``limit`` sendable messages as this sender's and commit; returns them."""
    now = now or utcnow()
    token = secrets.token_hex(16)
    sendable = (OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS,
                or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < now - CLAIM_TIMEOUT))
    # PostgreSQL skips rows another sender has locked; SQLite ignores FOR UPDATE, and its
    # single writer makes this one statement atomic. The outer WHERE re-checks either way.
    candidates = (select(OutboxMessage.id).where(*sendable).order_by(OutboxMessage.id).limit(limit)
                  .with_for_update(skip_locked=True))
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(candidates.scalar_subquery()), *sendable)
                       .values(claimed_at=now, claim_token=token).execution_options(synchronize_session=False))
    db.session.commit()
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.claim_token == token)
                                   .order_by(OutboxMessage.id)))


def _deliver(message: OutboxMessage, config, *, now: datetime | None) -> bool:
    """Send one claimed message and record the outcome on it; True if it went."""
    message.attempts += 1
    try:
        _send(message, config)
    except Exception as exc:  # SMTP, network, a key rotated away (InvalidToken): one message must not stop the rest
        message.last_error = type(exc).__name__  # the exception text can echo addresses
        message.claimed_at = message.claim_token = None
        return False
    message.sent_at = now or utcnow()
    message.last_error = None
    message.body = SENT_BODY  # the link is not kept once delivered
    return True


def _release(ids: list[int]) -> None:
    if ids:
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.sent_at.is_(None))
                           .values(claimed_at=None, claim_token=None).execution_options(synchronize_session=False))
        db.session.commit()


def _send(message: OutboxMessage, config) -> None:
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = subject_of(message)
    email.set_content(body_of(message))
    if message.attachment_sha256:
        email.add_attachment(attachment_bytes(message), maintype=DOCX_MEDIA_TYPE[0], subtype=DOCX_MEDIA_TYPE[1],
                             filename=message.attachment_name)
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=20) as smtp:
        if config.get("SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("SMTP_USERNAME"):
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        smtp.send_message(email)


def attachment_bytes(message: OutboxMessage) -> bytes:
    """The attached document's bytes, read now and checked against the SHA-256 recorded when it was queued."""
    document = db.session.get(ClaimDocument, message.attachment_document_id) if message.attachment_document_id else None
    if document is None:
        raise AttachmentChanged(f"outbox message {message.id}: the attached document is gone")
    data = (private_files.folder("DOCUMENTS_DIR") / document.stored_name).read_bytes()
    if hashlib.sha256(data).hexdigest() != message.attachment_sha256:
        raise AttachmentChanged(f"outbox message {message.id}: the attached document does not match its SHA-256")
    return data


def _seal(text: str) -> str:
    return _fernet().encrypt(text.encode("utf-8")).decode("ascii")


def _open(sealed: str) -> str:
    return _fernet().decrypt(sealed.encode("ascii")).decode("utf-8")


def _fernet() -> MultiFernet:
    """Seals with SECRET_KEY; also opens mail sealed under any key in SECRET_KEY_FALLBACKS."""
    config = current_app.config
    secrets_ = [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or [])]
    return MultiFernet([Fernet(_mail_key(secret)) for secret in secrets_])


def _mail_key(secret: str | bytes) -> bytes:
    material = secret.encode("utf-8") if isinstance(secret, str) else secret
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_LABEL).derive(material)
    return base64.urlsafe_b64encode(derived)
