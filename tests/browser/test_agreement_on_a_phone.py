"""In Chromium at 390 px: the signing page's "what you keep" tables stack their rows instead of
squeezing eight columns into the width of a phone."""
from __future__ import annotations

import re
from datetime import date

import pytest

from claims.extensions import db
from claims.models import User
from tests.browser.conftest import PHONE
from tests.outbox import outbox

pytestmark = pytest.mark.browser

# Measured at 390 px: the client care letter and CFA shown in full are about 9,300 px of text on
# their own, so the page cannot be as short as 6,000 px without hiding the agreement. The bound
# catches the squeezed columns (one letter a line) coming back; the cell widths below catch it directly.
# About 13,950 px since each "what you keep" row names its court track and the agreement's table
# shows our base costs (small claims track): the bound leaves room for that, not for squeezed columns.
MAX_PAGE_HEIGHT = 15_000
MIN_CELL_WIDTH = 150  # px: a stacked cell spans the table; squeezed into 8 columns each was about 35 px


def _signing_path(app) -> str:
    from claims.intake.drafts import create_draft
    from claims.intake.submission import submit_draft
    from claims.letters import service
    from tests.journey import complete_answers

    with app.app_context(), app.test_request_context(method="POST"):  # it makes things, as a POST would
        solicitor = User(email="sol@example.com", full_name="Sam Solicitor", role="solicitor", password_hash="x")
        db.session.add(solicitor)
        draft, _token = create_draft()
        draft.answers = complete_answers()
        claim = submit_draft(draft, today=date(2026, 11, 23))
        service.accept(claim, service.Acceptance(reason="Records sent to a neighbour.", prospects_percent=60),
                       by=solicitor, today=date(2026, 11, 23))
        db.session.commit()
        body = outbox(claim.id)[-1].body
    link = re.search(r"https?://\S+/agreement\?token=\S+", body).group(0)
    return link[link.index("/agreement"):]


def test_the_keep_tables_stack_on_a_phone(live_server, browser, artifacts):
    path = _signing_path(live_server.app)
    phone = browser.new_context(**PHONE)
    phone.set_default_timeout(10_000)
    page = phone.new_page()
    page.goto(live_server.url + path)
    tables = page.locator("table:has(th:has-text('You keep'))")
    assert tables.count() == 2  # the key facts' table and the one in the agreement
    viewport = page.evaluate("document.documentElement.clientWidth")
    for index in range(tables.count()):
        table = tables.nth(index)
        box = table.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport, f"table {index} is wider than the phone"
        assert table.evaluate("t => t.scrollWidth <= t.clientWidth + 1"), f"table {index} overflows inside"
        widths = table.locator("tbody td").evaluate_all("cells => cells.map(td => td.getBoundingClientRect().width)")
        assert widths and min(widths) >= MIN_CELL_WIDTH, f"table {index} squeezes its cells: {widths}"
        labels = table.locator("tbody td").evaluate_all(
            "cells => cells.map(td => getComputedStyle(td, '::before').content)")
        assert all(label not in ("none", "normal", '""') for label in labels), "each stacked cell names its column"
    height = page.evaluate("document.documentElement.scrollHeight")
    page.screenshot(path=artifacts / "agreement-phone.png", full_page=True)
    assert height < MAX_PAGE_HEIGHT, f"the signing page is {height} px tall on a phone"
    phone.close()
