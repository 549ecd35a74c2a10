"""A real server and a real Chromium for the browser tests.

`live_server` runs the app (CSRF on, as in production) on a free port in a background thread,
on the same migrated test database as the rest of the suite, and empties the tables afterwards.
`browser` is Debian's Chromium driven by Playwright; it is never downloaded.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from claims.extensions import db
from tests.conftest import _empty_tables, make_test_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "locale": "en-GB"}


@dataclass
class LiveServer:
    app: Flask
    url: str


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium. Missing is a failure, not a skip: scripts/test.sh installs it."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing. The browser tests need Debian's chromium: run scripts/test.sh as root "
                    "or `apt-get install chromium` (do not use `playwright install`).", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(_migrated, tmp_path):
    """The real app served over HTTP on 127.0.0.1; the tables are emptied afterwards."""
    app = make_test_app(_migrated, tmp_path, WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=False)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            _empty_tables()
            db.engine.dispose()


@pytest.fixture
def artifacts() -> Path:
    """test-artifacts/ at the project root (gitignored): screenshots for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
