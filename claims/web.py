"""Cross-cutting web concerns: template filters, security headers, error pages, logging, downloads."""
from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import date, datetime
from io import BytesIO

from flask import Flask, current_app, redirect, render_template, request, send_file, url_for
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import SecurityError

from claims.clock import UK
from claims.domain import letters, notes, sending, status, tasks, vocab
from claims.domain.deadlines import format_date
from claims.domain.money import format_pence
from claims.extensions import db
from claims.firm import firm_settings


# Content Security Policy: every asset is ours, no inline script, no third parties.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
HSTS = "max-age=31536000; includeSubDomains"


def init_app(app: Flask) -> None:
    """Attach filters, headers, error handlers and the log redaction filter."""
    app.jinja_env.filters.update(uk_date=uk_date, uk_datetime=uk_datetime, pounds=pounds, label=label, dropnone=dropnone,
                                 duration=notes.duration_text)
    app.jinja_env.globals.update(vocab=vocab, firm_name=app.config["FIRM_NAME"])
    app.add_url_rule("/", endpoint="home", view_func=_home)
    app.after_request(_security_headers)
    for code in (400, 403, 404, 405, 409, 413, 429, 500):
        app.register_error_handler(code, _error_page)
    _redact_logs()


def _home():
    """The site root is the claim form's start page."""
    return redirect(url_for("intake.start"))


def uk_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy (``claims.domain.deadlines.format_date``), in UK time for timestamps."""
    if value is None:
        return ""
    return format_date(value.astimezone(UK).date() if isinstance(value, datetime) else value)


def uk_datetime(value: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in UK time."""
    return value.astimezone(UK).strftime("%d/%m/%Y %H:%M") if value else ""


def pounds(pence: int | None) -> str:
    """£1,234.56 from integer pence."""
    return "" if pence is None else format_pence(pence)


def download(data: bytes, media_type: str, name: str):
    """Bytes made for this request, sent as an attachment named ``name`` (never stored: ``_security_headers``)."""
    return send_file(BytesIO(data), mimetype=media_type, as_attachment=True, download_name=name)


_NAMED_VOCABULARIES = {"STATUSES": status.STATUSES, "LETTER_KINDS": letters.LETTER_KINDS, "TASK_KINDS": tasks.TASK_KINDS,
                       "NOTE_KINDS": notes.NOTE_KINDS, "CORRESPONDENTS": notes.CORRESPONDENTS,
                       "CALL_DIRECTIONS": notes.CALL_DIRECTIONS, "SEND_CHANNELS": sending.CHANNELS}


def label(code: str | None, vocabulary_name: str) -> str:
    """The plain-English label of a vocabulary code."""
    return (_NAMED_VOCABULARIES.get(vocabulary_name) or getattr(vocab, vocabulary_name)).label(code)


def dropnone(attrs: dict) -> dict:
    """Drop empty attributes before WTForms renders them (it would print "None")."""
    return {key: value for key, value in attrs.items() if value not in (None, "")}


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.endpoint != "static":
        # Pages, downloads (evidence, letters, exports: send_file's "no-cache" still lets a browser or
        # proxy keep a copy) and JSON may all carry personal data: nothing but our own assets is stored.
        response.headers["Cache-Control"] = "no-store"
    if current_app.config.get("PRODUCTION"):  # production is https only (claims.config refuses http)
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


ERROR_TITLES = {
    400: "Something was wrong with that request",
    403: "You do not have permission to see this page",
    404: "Page not found",
    405: "That action is not allowed here",
    409: "This is being changed right now",
    413: "That upload is too large",
    429: "Too many attempts",
    500: "Sorry, something went wrong",
}


def _error_page(error):
    if isinstance(error, SecurityError):  # a Host we do not serve: no URL map to build the page's links with
        return "Bad request: this site does not answer to that address.", 400, {"Content-Type": "text/plain"}
    code = getattr(error, "code", 500) or 500
    phone = _firm_phone() if code == 429 else None
    return render_template("error.html", code=code, title=ERROR_TITLES.get(code, "Error"), phone=phone), code


def _firm_phone() -> str:
    """The firm's number (``claims.firm``), or FIRM_PHONE if the database cannot be read just now."""
    try:
        phone = firm_settings().phone
    except SQLAlchemyError:
        db.session.rollback()
        phone = None
    return phone or current_app.config["FIRM_PHONE"]


class RedactSecrets(logging.Filter):
    """Remove resume and signing tokens from log lines (access logs carry URLs)."""

    TOKEN = re.compile(r"((?:^|[?&])(?:t|token)=)[^&\s\"']+")  # ^: gunicorn's %(q)s is a bare query string

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, Mapping):  # gunicorn passes its access-log atoms as one mapping
            record.args = {key: self._redact(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(self._redact(a) for a in record.args)
        record.msg = self._redact(record.msg)
        return True

    def _redact(self, value):
        return self.TOKEN.sub(r"\1[redacted]", value) if isinstance(value, str) else value


def _redact_logs() -> None:
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())
    # SQLAlchemy logs every result row at DEBUG: claimants' answers. Keep it at WARNING when a
    # deployment turns the root logger up, unless someone configures it on purpose.
    engine_logger = logging.getLogger("sqlalchemy.engine")
    if engine_logger.level == logging.NOTSET:
        engine_logger.setLevel(logging.WARNING)
