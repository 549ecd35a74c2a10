"""In Chromium: one claim from "Letter of claim sent" to "Closed – won". The solicitor records the defendant's
response with its letter and an offer; the client, on a phone, tells us to reject it; the solicitor records it
rejected, makes a counter-offer, records it accepted and the settlement, downloads the completion statement (every
figure checked to the penny against the signed CFA's arithmetic, ``claims.domain.fees``) and closes the claim as won;
the settlement is then in the valuation's own-outcomes pool with its general damages."""
from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from claims.auth.passwords import hash_password
from claims.domain.fees import illustrate
from claims.domain.money import format_pence
from claims.extensions import db
from claims.models import Claim, User
from tests.browser.conftest import PHONE
from tests.clock import TODAY
from tests.conftest import PASSWORD
from tests.outbox import outbox
from tests.sample_files import make_pdf
from tests.word_files import docx_text

pytestmark = pytest.mark.browser


def _claim_at_letter_of_claim(app) -> tuple[int, str]:
    """A claim accepted, signed online by the client and sent its letter of claim, as the app does each step."""
    from claims.intake.drafts import create_draft
    from claims.intake.submission import submit_draft
    from claims.letters import agreements, service
    from tests.journey import complete_answers

    with app.app_context():
        solicitor = User(email="sol@example.com", full_name="Sam Solicitor", role="solicitor",
                         password_hash=hash_password(PASSWORD))
        db.session.add(solicitor)
        draft, _token = create_draft()
        draft.answers = complete_answers()
        claim = submit_draft(draft, today=TODAY)
        db.session.flush()
        claim.assigned_to_id = solicitor.id
        agreement, _document = service.accept(claim, service.Acceptance(reason="Records sent to a neighbour",
                                                                       prospects_percent=60),
                                             by=solicitor, today=TODAY)
        link = re.search(r"https?://\S+/agreement\?token=\S+", outbox(claim.id)[-1].body).group(0)
        agreements.sign(agreement, typed_name="Alex Morgan", shown_sha256=agreement.document.sha256,
                        ip_address="203.0.113.9", user_agent="Test")
        service.set_defendant_address(claim, "Ballard House\nWest Hoe Road\nPlymouth\nPL1 3BJ", "dpo@plymouth.example")
        service.save_facts(claim, "On 10 November 2025 you posted a report about our client to a neighbour.",
                           by=solicitor, confirm=True)
        service.generate(claim, "letter_of_claim", by=solicitor, today=TODAY)
        db.session.commit()
        assert claim.status == "letter_of_claim_sent"
        return claim.id, link[link.index("/agreement"):]


def _date(page, prefix: str, day: date) -> None:
    page.locator(f"#{prefix}-day").fill(str(day.day))
    page.locator(f"#{prefix}-month").fill(str(day.month))
    page.locator(f"#{prefix}-year").fill(str(day.year))


def test_a_claim_goes_from_the_letter_of_claim_to_closed_won(live_server, browser, artifacts, tmp_path):
    claim_id, portal = _claim_at_letter_of_claim(live_server.app)
    today = TODAY
    desk = browser.new_context(locale="en-GB", accept_downloads=True)
    desk.set_default_timeout(10_000)
    page = desk.new_page()
    page.goto(live_server.url + "/staff/sign-in")
    page.get_by_label("Email address").fill("sol@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # The response, with the defendant's letter.
    page.goto(f"{live_server.url}/staff/claims/{claim_id}")
    page.get_by_role("link", name=re.compile("^Response received")).click()
    _date(page, "received_on", today)
    page.get_by_label("Denies liability").check()
    page.get_by_label("Their reference (optional)").fill("DPO/2026/77")
    letter = tmp_path / "their-reply.pdf"
    letter.write_bytes(make_pdf())
    page.locator("#file").set_input_files(str(letter))
    page.get_by_role("button", name="Record the response").click()
    expect(page.locator("#outcome")).to_contain_text("Response received")
    expect(page.locator("table").first).to_contain_text("Denies liability")

    # The defendant's offer: the client is told and sees what they would keep.
    page.get_by_role("link", name="Record an offer").click()
    page.get_by_label("The defendant", exact=True).check()
    _date(page, "made_on", today)
    page.get_by_label("General damages (£)").fill("1,500.00")
    page.get_by_label("Special damages (£, optional)").fill("45.60")
    page.get_by_label(re.compile("^Plus costs")).check()
    page.get_by_role("button", name="Record the offer").click()
    expect(page.locator("#offers-table")).to_contain_text("£1,500.00")
    with live_server.app.app_context():
        assert "There is an offer on your claim" in outbox(claim_id)[-1].body

    phone = browser.new_context(**PHONE)
    phone.set_default_timeout(10_000)
    client_page = phone.new_page()
    client_page.goto(live_server.url + portal)
    expect(client_page.locator("#offers")).to_have_text("Offers waiting for your instructions")
    expect(client_page.locator(".offer")).to_contain_text("You would keep")
    client_page.get_by_label("Reject the offer").check()
    client_page.get_by_role("button", name="Send my instructions").click()
    expect(client_page.get_by_text("we have your instructions on the offer")).to_be_visible()
    phone.close()

    # Rejected on the client's instruction; our counter-offer, accepted.
    page.reload()
    expect(page.locator(".offer-instruction").first).to_contain_text("Reject the offer")
    page.get_by_role("link", name=re.compile("^Outcome")).click()
    page.get_by_label("Rejected", exact=True).check()
    _date(page, "outcome_on", today)
    page.get_by_role("button", name="Record what happened").click()
    expect(page.locator(".offer-state").first).to_contain_text("Rejected")
    page.get_by_role("link", name=re.compile("^Counter")).click()
    expect(page.get_by_label("Our client (made by us)", exact=True)).to_be_checked()
    _date(page, "made_on", today)
    page.get_by_label("General damages (£)").fill("3,200.00")
    page.get_by_label("Special damages (£, optional)").fill("45.60")
    page.get_by_label(re.compile("^Plus costs")).check()
    page.get_by_role("button", name="Record the offer").click()
    expect(page.locator("#offers-table")).to_contain_text("counters the offer of £1,545.60")
    page.get_by_role("link", name=re.compile("^Outcome")).click()
    page.get_by_label("Accepted", exact=True).check()
    _date(page, "outcome_on", today)
    page.get_by_role("button", name="Record what happened").click()

    # The settlement from the accepted offer, and its completion statement.
    page.get_by_role("link", name=re.compile("^Record the settlement on this offer")).click()
    expect(page.get_by_label("General damages (£)")).to_have_value("3200.00")
    page.get_by_label("Costs paid by the defendant (£, optional)").fill("2,750.00")
    page.get_by_label("What was agreed").fill("Our counter-offer accepted, plus costs")
    page.get_by_role("button", name="Record the settlement").click()
    expect(page.locator("#outcome")).to_contain_text("Settled")
    with page.expect_download() as download:
        page.locator("#statement-download").click()
    text = docx_text(download.value.path().read_bytes())
    with live_server.app.app_context():
        from claims.letters import agreements
        from claims.letters.context import agreement_terms

        terms = agreement_terms(agreements.signed_agreement(claim_id))
    row = illustrate([("", 324_560)], terms)[0].deductions
    assert "Total damages\n£3,245.60" in text
    assert f"Success fee ({terms.success_fee_percent}% of our base costs of {format_pence(terms.base_costs_pence)})\n" \
           f"{format_pence(row.success_fee_pence)}" in text
    assert f"VAT at {terms.vat_percent}%\n{format_pence(row.vat_pence)}" in text
    assert f"Cap: {terms.cap_percent}% of the damages\n{format_pence(row.cap_pence)}" in text
    assert f"Total deducted\n{format_pence(row.deducted_pence)}" in text
    assert f"The sum we send you: {format_pence(row.client_keeps_pence)}" in text
    assert row.client_keeps_pence + row.deducted_pence == 324_560

    # Money in, then closed as won.
    page.get_by_role("link", name="Record money").click()
    page.get_by_label("Received from the defendant").check()
    page.get_by_label("Amount (£)").fill("5,995.60")
    _date(page, "paid_on", today)
    page.get_by_role("button", name="Record the money").click()
    page.goto(f"{live_server.url}/staff/claims/{claim_id}")
    page.get_by_role("link", name=re.compile("^Closed – won")).click()
    page.get_by_label("Why").fill("Damages and costs received; client paid")
    page.get_by_role("button", name="Close the claim").click()
    expect(page.locator("#summary-status")).to_contain_text("Closed – won")
    page.screenshot(path=artifacts / "outcome-closed-won.png", full_page=True)
    desk.close()

    with live_server.app.app_context():
        from claims.valuation import pools

        claim = db.session.get(Claim, claim_id)
        assert (claim.status, claim.settled_pence) == ("closed_won", 324_560)
        pool = pools.current_data(TODAY).pool.rows
        firm = pool[pool["origin"] == "firm"]
        assert list(firm["case_name"]) == [claim.reference]
        assert list(firm["award_pence"]) == [320_000]  # the general damages part
