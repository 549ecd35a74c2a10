"""No personal data or resume token ever reaches a log, even with every logger at DEBUG."""
from __future__ import annotations

import http.cookiejar
import logging
import threading
import urllib.request
from urllib.parse import urlencode

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from claims.extensions import db
from claims.models import Claim
from claims.web import RedactSecrets
from tests.claimant import Claimant, resume_token
from tests.conftest import PASSWORD
from tests.outbox import outbox
from tests.sample_files import make_pdf

TOKEN = "Zq3xT0kenN0tForLogs_abcdefghijklmnopqrstu"
PERSONAL = {
    "about-you": {"first_name": "Quentinella", "last_name": "Zzyzxwood", "email": "quentinella.z@example.com",
                  "phone": "07700 900731", "address_line_1": "77 Lavender Crescent", "town": "Tavistock",
                  "postcode": "PL19 8AB"},
    "organisation": {"organisation_name": "Borsetshire Children's Services"},
    "what-happened": {"account": "The report about my daughter's bruises went to my ex-husband's new partner."},
    "effects": {"diagnosis_details": "Post-traumatic stress disorder"},
}


class Collect(logging.Handler):
    """Keeps every record's fully formatted text, traceback included."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def every_log(app, caplog, make_app):
    """(the app under test, a function returning everything logged anywhere at DEBUG).

    Alembic's fileConfig (run once by the migrations) disables loggers that already existed and
    sets sqlalchemy.engine to WARN. A process logging at DEBUG has neither, so both are undone
    first and only then is the app under test made, as a deployment would make it.
    """
    manager = logging.root.manager
    loggers = [logging.getLogger(name) for name in list(manager.loggerDict)] + [logging.root]
    saved = [(logger, logger.disabled, logger.level) for logger in loggers]
    for logger in loggers:
        logger.disabled = False
        if logger.name.startswith("sqlalchemy"):
            logger.setLevel(logging.NOTSET)
    caplog.set_level(logging.DEBUG)
    handler = Collect()
    for name in ("", "werkzeug"):
        logging.getLogger(name).addHandler(handler)
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield make_app(), lambda: handler.lines + [caplog.text]
    for name in ("", "werkzeug"):
        logging.getLogger(name).removeHandler(handler)
    for logger, disabled, level in saved:
        logger.disabled = disabled
        logger.setLevel(level)


def _secrets(token: str) -> list[str]:
    values = [v for page in PERSONAL.values() for v in page.values()]
    return values + [values[-1].split()[0], "quentinella", "PL19", token]


def test_a_whole_journey_logs_no_personal_data_or_token(every_log, make_user):
    app, logged = every_log
    client = app.test_client()
    claimant = Claimant(client)
    claimant.complete(pages={page: dict(values) for page, values in PERSONAL.items()})
    token = resume_token(outbox()[0].body)
    fresh = Claimant(app.test_client())
    assert fresh.client.get(f"/claim/resume?t={token}").status_code == 302
    assert fresh.upload(("my daughter's letter.pdf", make_pdf())).status_code == 302
    fresh.answer("about-you", postcode="not a postcode")  # an error page echoes what was typed
    fresh.submit()
    claim = db.session.scalars(select(Claim)).one()
    client.post("/staff/sign-in", data={"email": "quentinella.z@example.com", "password": "guess"})
    client.post("/staff/sign-in", data={"email": make_user("solicitor").email, "password": PASSWORD})
    assert client.get(f"/staff/claims/{claim.id}").status_code == 200
    assert client.get("/staff/claims/?q=Zzyzxwood").status_code == 200
    evidence_id = claim.evidence[0].id
    assert client.get(f"/staff/claims/{claim.id}/evidence/{evidence_id}").status_code == 200

    logs = "\n".join(logged())
    assert "checked out from pool" in logs, "the capture saw nothing of the journey: it would prove nothing"
    for secret in _secrets(token):
        assert secret not in logs, f"{secret!r} reached a log"


def test_the_real_server_access_log_never_shows_the_resume_token(every_log):
    """Serve the app with Werkzeug's own server and follow a resume link: the access log is redacted."""
    app, logged = every_log
    claimant = Claimant(app.test_client())
    claimant.start()
    claimant.answer_ok("about-you", **PERSONAL["about-you"])
    [resume] = outbox()
    token = resume_token(resume.body)

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        with opener.open(f"{base}/claim/resume?t={token}", timeout=10) as response:
            assert response.status == 200 and response.url.endswith("/claim/organisation")
        with opener.open(f"{base}/claim/resume?x=1&t={token}", timeout=10) as response:
            assert response.status == 200
        body = urlencode({"email": PERSONAL["about-you"]["email"], "password": PASSWORD}).encode()
        with opener.open(f"{base}/staff/sign-in", data=body, timeout=10) as response:
            assert response.status == 200
    finally:
        server.shutdown()
        thread.join(timeout=5)

    logs = "\n".join(logged())
    assert "GET /claim/resume?t=[redacted]" in logs  # the access line is there, without the token
    assert "POST /staff/sign-in" in logs
    for secret in _secrets(token):
        assert secret not in logs, f"{secret!r} reached a log"


def _werkzeug_record(request_line: str) -> logging.LogRecord:
    """A record shaped as werkzeug.serving.WSGIRequestHandler.log_request makes one."""
    return logging.LogRecord("werkzeug", logging.INFO, __file__, 1,
                             '127.0.0.1 - - [21/Nov/2026 10:00:00] "%s" %s %s', (request_line, "302", "-"), None)


@pytest.mark.parametrize("request_line, shown", [
    (f"GET /claim/resume?t={TOKEN} HTTP/1.1", "GET /claim/resume?t=[redacted] HTTP/1.1"),
    (f"GET /claim/resume?lang=cy&t={TOKEN}&x=1 HTTP/1.1", "GET /claim/resume?lang=cy&t=[redacted]&x=1 HTTP/1.1"),
    (f"GET /sign?token={TOKEN} HTTP/1.1", "GET /sign?token=[redacted] HTTP/1.1"),
    ("GET /claim/about-you?change=1 HTTP/1.1", "GET /claim/about-you?change=1 HTTP/1.1"),
])
def test_redact_secrets_on_a_werkzeug_access_record(request_line, shown):
    record = _werkzeug_record(request_line)
    assert RedactSecrets().filter(record) is True
    message = record.getMessage()
    assert TOKEN not in message
    assert message == f'127.0.0.1 - - [21/Nov/2026 10:00:00] "{shown}" 302 -'


def test_redact_secrets_on_a_gunicorn_access_record():
    """Gunicorn passes its access-log atoms as one mapping; the line must still format, redacted."""
    atoms = {"h": "127.0.0.1", "r": f"GET /claim/resume?t={TOKEN} HTTP/1.1", "q": f"t={TOKEN}", "s": "302"}
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, '%(h)s "%(r)s" %(s)s q=%(q)s',
                               (atoms,), None)
    RedactSecrets().filter(record)
    assert record.getMessage() == '127.0.0.1 "GET /claim/resume?t=[redacted] HTTP/1.1" 302 q=t=[redacted]'


def test_redact_secrets_in_a_message_without_arguments():
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, f"GET /claim/resume?t={TOKEN}", None, None)
    RedactSecrets().filter(record)
    assert record.getMessage() == "GET /claim/resume?t=[redacted]"


def test_the_filter_is_on_the_access_loggers(app):
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error"):
        assert any(isinstance(f, RedactSecrets) for f in logging.getLogger(name).filters), name


def test_a_database_error_does_not_carry_what_was_stored(app, make_user):
    """Flask logs an unhandled error with its message at ERROR level: it must not list the values."""
    from sqlalchemy.exc import IntegrityError

    from claims.models import User

    make_user("solicitor", email="quentinella.z@example.com")
    db.session.add(User(email="quentinella.z@example.com", full_name="Quentinella Zzyzxwood", role="solicitor",
                        password_hash="x"))
    with pytest.raises(IntegrityError) as raised:
        db.session.commit()
    db.session.rollback()
    message = str(raised.value)
    assert "users" in message  # it still says what went wrong
    # SQLAlchemy would list the statement's parameters after the SQL. (PostgreSQL's own DETAIL line,
    # before it, can quote the clashing key: that comes from the server, not from the parameters.)
    after_sql = message.split("[SQL:", 1)[1]
    assert "quentinella" not in after_sql.lower() and "Zzyzxwood" not in after_sql
