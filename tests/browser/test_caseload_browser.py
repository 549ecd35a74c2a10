"""In Chromium: a solicitor filters the caseload, sorts it, ticks two claims and moves them in bulk (one is
refused and named), then exports the view and opens the workbook."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from claims.auth.passwords import hash_password
from claims.extensions import db
from claims.models import Claim, Team, User
from tests.clock import TODAY
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _claims(app) -> list[tuple[int, str]]:
    from claims.intake.drafts import create_draft
    from claims.intake.submission import submit_draft
    from tests.journey import complete_answers

    made = []
    with app.app_context():
        team = Team(name="Data breach team", takes_new_claims=True)  # new claims land in the solicitor's team
        db.session.add(team)
        db.session.flush()
        db.session.add(User(email="sol@example.com", full_name="Sam Solicitor", role="solicitor", team_id=team.id,
                            password_hash=hash_password(PASSWORD)))
        for surname, status in (("Okafor", "letter_of_claim_sent"), ("Priestley", "response_received"),
                                ("Smith", "submitted")):
            draft, _token = create_draft()
            draft.answers = complete_answers(**{"about-you": {"last_name": surname}})
            claim = submit_draft(draft, today=TODAY)
            claim.status = status
            made.append(claim)
        db.session.commit()
        return [(claim.id, claim.reference) for claim in made]


def test_a_solicitor_filters_moves_in_bulk_and_exports(live_server, browser, artifacts):
    (okafor_id, okafor), (priestley_id, priestley), (smith_id, smith) = _claims(live_server.app)
    desk = browser.new_context(locale="en-GB", accept_downloads=True, viewport={"width": 1440, "height": 900})
    desk.set_default_timeout(10_000)
    page = desk.new_page()
    page.goto(live_server.url + "/staff/sign-in")
    page.get_by_label("Email address").fill("sol@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server.url + "/staff/claims/")
    page.locator("#more-filters summary").click()
    page.get_by_label("Awaiting triage").check()
    page.get_by_label("Letter of claim sent").check()
    page.get_by_role("button", name="Show claims").click()
    assert "status=submitted" in page.url and "status=letter_of_claim_sent" in page.url
    rows = page.locator("#claims tbody tr")
    assert rows.count() == 2
    page.get_by_role("link", name="Claimant").click()  # sort by claimant, A to Z
    assert "sort=claimant" in page.url
    assert page.locator("#claims tbody tr").first.inner_text().count(okafor) == 1
    page.screenshot(path=artifacts / "caseload-list.png", full_page=False)

    page.get_by_label(f"Select {okafor}").check()
    page.get_by_label(f"Select {smith}").check()
    page.get_by_label("With the selected claims").select_option("move")
    page.get_by_label("New status").select_option("negotiation")  # the response has its own page
    page.get_by_label("What happened").fill("The defendant replied to each letter")
    page.get_by_role("button", name="Apply to the selected claims").click()
    body = page.locator("body").inner_text()
    assert "1 claim moved to “Negotiation”" in body
    assert smith in body and "left unchanged" in body
    with live_server.app.app_context():
        assert db.session.get(Claim, okafor_id).status == "negotiation"
        assert db.session.get(Claim, smith_id).status == "submitted"

    page.get_by_label("Select every claim on this page").check()
    assert page.locator("#claims input[name='claim']:checked").count() == page.locator("#claims tbody tr").count() == 1
    page.get_by_label("Select every claim on this page").uncheck()
    assert page.locator("#claims input[name='claim']:checked").count() == 0

    with page.expect_download() as download:
        page.get_by_role("link", name="Excel").click()
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    references = [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert references == [smith]  # the view: awaiting triage or letter of claim sent; Okafor has moved on
