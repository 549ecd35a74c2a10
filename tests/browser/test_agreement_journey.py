"""In Chromium: a solicitor accepts a claim on the claim page, and the claimant signs the
no-win-no-fee agreement on a phone through the emailed link, then sees the cancellation date."""
from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from claims.auth.passwords import hash_password
from claims.extensions import db
from claims.models import Claim, User
from tests.browser.conftest import PHONE
from tests.conftest import PASSWORD
from tests.outbox import outbox

pytestmark = pytest.mark.browser


def _claim_and_solicitor(app) -> tuple[int, str]:
    from claims.intake.drafts import create_draft
    from claims.intake.submission import submit_draft
    from tests.journey import complete_answers

    with app.app_context():
        solicitor = User(email="sol@example.com", full_name="Sam Solicitor", role="solicitor",
                         password_hash=hash_password(PASSWORD))
        db.session.add(solicitor)
        draft, _token = create_draft()
        draft.answers = complete_answers()
        claim = submit_draft(draft, today=date.today())
        db.session.flush()
        claim.assigned_to_id = solicitor.id  # their claim: they may see it (claims.claim.access)
        db.session.commit()
        return claim.id, claim.reference


def test_solicitor_accepts_and_the_claimant_signs_on_a_phone(live_server, browser, artifacts):
    claim_id, reference = _claim_and_solicitor(live_server.app)
    desk = browser.new_context(locale="en-GB")
    desk.set_default_timeout(10_000)
    page = desk.new_page()
    page.goto(live_server.url + "/staff/sign-in")
    page.get_by_label("Email address").fill("sol@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/staff/claims/{claim_id}")
    page.get_by_role("link", name="Accept and send the CFA").click()
    page.get_by_label("Why the firm is taking the claim").fill("Children's records sent to a neighbour.")
    page.get_by_label("Prospects of success (%)").fill("60")
    page.get_by_role("button", name="Accept and send the CFA").click()
    expect(page.locator("#agreement")).to_contain_text("Sent for signing")
    expect(page.locator("#documents")).to_contain_text("Client care letter and CFA")
    desk.close()

    with live_server.app.app_context():
        [body] = [mail.body for mail in outbox(claim_id) if mail.subject.startswith("Your no win, no fee agreement")]
    link = re.search(r"https?://\S+/agreement\?token=\S+", body).group(0)
    path = link[link.index("/agreement"):]

    phone = browser.new_context(**PHONE)
    phone.set_default_timeout(10_000)
    page = phone.new_page()
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your no win, no fee agreement")
    expect(page.locator("main > ul").first).to_contain_text("Our success fee is 67% of our base costs")
    expect(page.locator(".document-preview")).to_contain_text(reference)
    size = page.evaluate("({scrollWidth: document.documentElement.scrollWidth, "
                         "clientWidth: document.documentElement.clientWidth})")
    assert size["scrollWidth"] <= size["clientWidth"], "the signing page scrolls sideways on a phone"

    page.get_by_label("Type your full name").fill("Alex Morgn")
    page.get_by_role("button", name="Sign the agreement").click()
    expect(page.locator(".error-summary")).to_contain_text("Type your full name exactly")
    expect(page.locator(".error-summary")).to_contain_text("Tick the box")
    expect(page.get_by_label("Type your full name")).to_have_value("Alex Morgn")
    page.get_by_label("Type your full name").fill("Alex Morgan")
    page.get_by_label(re.compile("I have read the client care letter")).check()
    page.get_by_role("button", name="Sign the agreement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your claim")
    expect(page.get_by_text("You can cancel it, without paying anything, until the end of")).to_be_visible()
    page.screenshot(path=artifacts / "agreement-signed-phone.png", full_page=True)
    phone.close()

    with live_server.app.app_context():
        assert db.session.get(Claim, claim_id).status == "cfa_signed"
