"""The claim form in a real Chromium on a phone-sized screen, with and without JavaScript.

Every field is found by its visible label or its role, so a label that is not wired to its
input fails the test. On every page: no horizontal scrolling at 390px, no console errors or
CSP violations, no failed requests. Screenshots go to test-artifacts/ (gitignored); set
BROWSER_SCREENSHOTS=all to also save one per page in test-artifacts/claimant-journey/.
"""
from __future__ import annotations

import io
import os
import re
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from sqlalchemy import select

from claims.extensions import db
from claims.models import Claim
from tests.browser.conftest import ARTIFACTS, PHONE

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"BC-\d{4}-\d{6}")
DATE_ORDER_ERROR = "The date you found out must be the same as or after the date it happened"
CHANGED_ORGANISATION = "Plymouth City Council (Children's Services)"
EVIDENCE_NAME = "letter-from-the-council.png"


class Watch:
    """Collects what should never happen on a page: console errors (CSP violations are
    reported there), uncaught exceptions and failed requests; checks each page fits a phone."""

    def __init__(self, page: Page, shots: Path | None):
        self.page, self.shots, self.problems, self.pages = page, shots, [], 0
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        page.on("requestfailed", lambda req: self.problems.append(f"request failed: {req.url} {req.failure}"))
        page.on("response", lambda res: res.status >= 400 and self.problems.append(f"HTTP {res.status}: {res.url}"))

    def _console(self, msg) -> None:
        url = msg.location.get("url") or self.page.url
        if msg.type == "error":
            self.problems.append(f"console: {msg.text} ({url})")

    def check_page(self) -> None:
        """The page fits 390px without scrolling sideways and has a title and one h1."""
        page = self.page
        size = page.evaluate("""() => ({scrollWidth: document.scrollingElement.scrollWidth,
                                        clientWidth: document.documentElement.clientWidth,
                                        innerWidth: window.innerWidth})""")
        where = f"{page.url} {size}"
        # A mobile browser zooms out to fit over-wide content, which makes innerWidth grow with it:
        # so check innerWidth is still the phone's width as well as the scroll width.
        assert size["innerWidth"] == PHONE["viewport"]["width"], f"page was zoomed out to fit wide content: {where}"
        assert size["scrollWidth"] <= size["innerWidth"], f"scrolls sideways: {where}"
        assert size["scrollWidth"] <= size["clientWidth"], f"scrolls sideways: {where}"
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        assert page.title().endswith("Breach Claims Solicitors LLP"), page.title()
        self.pages += 1
        if self.shots:
            slug = page.url.split("?")[0].split("#")[0].rstrip("/").rsplit("/", 1)[-1]
            page.screenshot(path=self.shots / f"{self.pages:02d}-{slug}.png", full_page=True)


@pytest.fixture
def phone(browser, request):
    """open(javascript=True) -> (page, watch) in a phone-sized context, closed after the test."""
    contexts = []
    shots = None
    if os.environ.get("BROWSER_SCREENSHOTS") == "all":
        shots = ARTIFACTS / "claimant-journey" / request.node.name
        shots.mkdir(parents=True, exist_ok=True)

    def open_page(javascript: bool = True):
        context = browser.new_context(**PHONE, java_script_enabled=javascript)
        context.set_default_timeout(5_000)
        contexts.append(context)
        page = context.new_page()
        return page, Watch(page, shots)

    yield open_page
    for context in contexts:
        context.close()


def group(page: Page, legend: str):
    """A fieldset (radios, checkboxes or a date), found by its legend."""
    return page.get_by_role("group", name=legend, exact=True)


def label(scope, text: str):
    return scope.get_by_label(text, exact=True)


def submit(page: Page, watch: Watch, button: str, expected_path: str) -> None:
    """Press a submit button, wait for the next page and check it."""
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()
    assert page.url.split("?")[0].split("#")[0].endswith(expected_path), (page.url, expected_path)
    watch.check_page()


def fill_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    fieldset = group(page, legend)
    label(fieldset, "Day").fill(day)
    label(fieldset, "Month").fill(month)
    label(fieldset, "Year").fill(year)


def fill_about_you(page: Page) -> None:
    label(group(page, "Who is the claim for?"), "Myself").check()
    label(page, "First name").fill("Alex")
    label(page, "Last name").fill("Morgan")
    fill_date(page, "Date of birth", "14", "6", "1986")
    label(page, "Email address").fill("alex@example.com")
    label(page, "Phone number (optional)").fill("07700 900982")
    label(page, "Address line 1").fill("1 High Street")
    label(page, "Town or city").fill("Plymouth")
    label(page, "Postcode").fill("pl1 2ab")


def fill_organisation(page: Page) -> None:
    label(page, "Name of the organisation").fill("Plymouth City Council")
    label(group(page, "What kind of organisation is it?"), "Council or local authority").check()
    label(group(page, "Is it a public body?"), "Yes").check()


def fill_what_happened(page: Page, found_out_day: str = "20") -> None:
    label(group(page, "What happened to your information?"), "Sent to the wrong person or address").check()
    fill_date(page, "When did it happen?", "10", "11", "2025")
    fill_date(page, "When did you find out?", found_out_day, "11", "2025")
    label(group(page, "How did you find out?"), "The person who received it told me").check()
    label(page, "Tell us what happened").fill("A child protection report about my family was posted to a neighbour.")


def fill_what_data(page: Page) -> None:
    categories = group(page, "What information was involved?")
    for text in ("Name, address, phone or email", "Information about children",
                 "Social care or child protection records"):
        label(categories, text).check()


def fill_who_saw_it(page: Page) -> None:
    label(group(page, "How many people saw it, or could have?"), "One person").check()
    label(group(page, "Who saw it?"), "A neighbour").check()
    label(page, "Anything else about who saw it (optional)").fill("They opened it and told other neighbours.")


def fill_effects(page: Page) -> None:
    label(group(page, "How much distress has it caused you?"), "A great deal").check()
    effects = group(page, "How has it affected you? (optional)")
    label(effects, "Anxiety or worry").check()
    label(effects, "Trouble sleeping").check()
    label(page, "Tell us more about how it has affected you (optional)").fill("I could not sleep for weeks.")
    label(group(page, "Have you seen anyone about how it affected you?"), "My GP").check()
    label(group(page, "Have you been diagnosed with a condition because of it, such as anxiety or depression?"),
          "Yes").check()
    label(page, "What were you diagnosed with?").fill("Anxiety")
    label(group(page, "Did it make a condition you already had worse?"), "No").check()
    label(group(page, "Are you still affected?"), "Yes").check()


def fill_money(page: Page) -> None:
    label(page, "Therapy or counselling: amount").fill("240.00")
    label(page, "Therapy or counselling: details (optional)").fill("Four counselling sessions")
    label(page, "Travel: amount").fill("12.5")


def fill_what_done(page: Page) -> None:
    label(group(page, "Have you complained to the organisation?"), "They apologised").check()
    label(group(page, "Have you complained to the Information Commissioner's Office (ICO)?"), "No").check()
    label(group(page, "Is another law firm already acting for you on this?"), "No").check()
    label(group(page, "Have you joined a group claim about this?"), "No").check()


def start_claim(page: Page, watch: Watch, base_url: str) -> None:
    page.goto(f"{base_url}/claim/")
    watch.check_page()
    submit(page, watch, "Start now", "/claim/about-you")


def answer_row(page: Page, question: str):
    """The answer cell of a check-your-answers row."""
    return page.locator(".summary-list-row").filter(
        has=page.locator("dt").filter(has_text=re.compile(rf"^{re.escape(question)}$"))).locator("dd").first


def png_file(directory: Path) -> Path:
    """A small, real PNG (a scanned letter stand-in)."""
    image = Image.new("RGB", (120, 80), "white")
    image.paste((29, 78, 137), (10, 10, 110, 20))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    path = directory / EVIDENCE_NAME
    path.write_bytes(buffer.getvalue())
    return path


def stored_claim(reference: str) -> Claim:
    return db.session.scalars(select(Claim).where(Claim.reference == reference)).one()


def test_claimant_completes_the_form_on_a_phone(live_server, phone, artifacts, tmp_path):
    page, watch = phone()
    start_claim(page, watch, live_server.url)

    fill_about_you(page)
    submit(page, watch, "Continue", "/claim/organisation")
    fill_organisation(page)
    submit(page, watch, "Continue", "/claim/what-happened")

    # A deliberate mistake: found out on 1 November, before it happened on 10 November.
    fill_what_happened(page, found_out_day="1")
    submit(page, watch, "Continue", "/claim/what-happened")
    expect(page).to_have_title(re.compile(r"^Error: What happened"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()  # static/js/app.js moves focus to it
    expect(summary).to_be_in_viewport()
    summary_top = summary.bounding_box()["y"]
    assert summary_top < page.get_by_role("heading", level=1).bounding_box()["y"], "error summary is not at the top"
    found_out = group(page, "When did you find out?")
    expect(found_out.locator(".error-message")).to_have_text(f"Error: {DATE_ORDER_ERROR}")
    page.screenshot(path=artifacts / "claimant-journey-error-phone.png", full_page=True)

    summary.get_by_role("link", name=DATE_ORDER_ERROR).click()
    expect(label(found_out, "Day")).to_be_focused()
    # The whole question is on screen, not just the box: the question, the error and the input.
    expect(found_out.locator("legend")).to_be_in_viewport(ratio=1)
    expect(found_out.locator(".error-message")).to_be_in_viewport(ratio=1)
    expect(label(found_out, "Day")).to_be_in_viewport(ratio=1)
    # Everything typed is still there, including the wrong date exactly as typed.
    expect(label(group(page, "What happened to your information?"), "Sent to the wrong person or address")).to_be_checked()
    expect(label(group(page, "When did it happen?"), "Day")).to_have_value("10")
    expect(label(found_out, "Day")).to_have_value("1")
    expect(label(found_out, "Month")).to_have_value("11")
    expect(label(found_out, "Year")).to_have_value("2025")
    expect(label(group(page, "How did you find out?"), "The person who received it told me")).to_be_checked()
    expect(label(page, "Tell us what happened")).to_have_value(
        "A child protection report about my family was posted to a neighbour.")

    label(found_out, "Day").fill("20")
    submit(page, watch, "Continue", "/claim/what-data")
    fill_what_data(page)
    submit(page, watch, "Continue", "/claim/who-saw-it")
    fill_who_saw_it(page)
    submit(page, watch, "Continue", "/claim/effects")
    fill_effects(page)
    submit(page, watch, "Continue", "/claim/money")
    fill_money(page)
    submit(page, watch, "Continue", "/claim/what-done")
    fill_what_done(page)
    submit(page, watch, "Continue", "/claim/evidence")

    label(page, "Upload a file").set_input_files(png_file(tmp_path))
    submit(page, watch, "Upload", "/claim/evidence")
    expect(page.get_by_role("status")).to_have_text("Uploaded 1 file.")
    expect(page.locator(".file-list")).to_contain_text(EVIDENCE_NAME)
    with page.expect_navigation():
        page.get_by_role("link", name="Continue", exact=True).click()
    assert page.url.endswith("/claim/check-your-answers")
    watch.check_page()

    for question, answer in [("Who is the claim for?", "Myself"), ("First name", "Alex"),
                             ("Date of birth", "14/06/1986"), ("Postcode", "PL1 2AB"),
                             ("Name of the organisation", "Plymouth City Council"),
                             ("When did it happen?", "10/11/2025"), ("When did you find out?", "20/11/2025"),
                             ("Who saw it?", "A neighbour"), ("What were you diagnosed with?", "Anxiety"),
                             ("Therapy or counselling: amount", "£240.00"), ("Travel: amount", "£12.50"),
                             ("Files", EVIDENCE_NAME)]:
        expect(answer_row(page, question)).to_have_text(answer)
    page.screenshot(path=artifacts / "claimant-journey-check-phone.png", full_page=True)

    with page.expect_navigation():
        page.get_by_role("link", name="Change name of the organisation", exact=True).click()
    assert re.search(r"/claim/organisation\?change=1#organisation_name$", page.url), page.url
    watch.check_page()
    organisation = label(page, "Name of the organisation")
    expect(organisation).to_have_value("Plymouth City Council")
    organisation.fill(CHANGED_ORGANISATION)
    submit(page, watch, "Save and go back to check your answers", "/claim/check-your-answers")
    expect(answer_row(page, "Name of the organisation")).to_have_text(CHANGED_ORGANISATION)
    expect(answer_row(page, "Who saw it?")).to_have_text("A neighbour")  # other answers untouched

    with page.expect_navigation():
        page.get_by_role("link", name="Continue to the declaration").click()
    watch.check_page()
    label(page, "I confirm that the information I have given is true to the best of my knowledge").check()
    label(page, "I agree to the firm using the health and other sensitive information I have given to assess "
                "my claim").check()
    submit(page, watch, "Send my claim", "/claim/confirmation")
    expect(page.get_by_role("heading", level=1)).to_have_text("Claim sent")
    reference = page.locator(".panel-reference").inner_text().strip()
    assert REFERENCE.fullmatch(reference), reference
    page.screenshot(path=artifacts / "claimant-journey-phone.png", full_page=True)

    assert watch.problems == []
    with live_server.app.app_context():
        claim = stored_claim(reference)
        assert claim.claimant.first_name == "Alex" and claim.claimant.postcode == "PL1 2AB"
        assert claim.defendant_name == CHANGED_ORGANISATION
        assert (claim.breach_on, claim.discovered_on) == (date(2025, 11, 10), date(2025, 11, 20))
        assert claim.total_loss_pence == 25250
        assert [item.original_name for item in claim.evidence] == [EVIDENCE_NAME]
        assert claim.evidence[0].media_type == "image/png"


def test_the_form_works_without_javascript(live_server, phone):
    page, watch = phone(javascript=False)
    start_claim(page, watch, live_server.url)
    for fill, following in [(fill_about_you, "/claim/organisation"), (fill_organisation, "/claim/what-happened"),
                            (fill_what_happened, "/claim/what-data"), (fill_what_data, "/claim/who-saw-it"),
                            (fill_who_saw_it, "/claim/effects"), (fill_effects, "/claim/money"),
                            (fill_money, "/claim/what-done"), (fill_what_done, "/claim/evidence")]:
        fill(page)
        submit(page, watch, "Continue", following)
    with page.expect_navigation():
        page.get_by_role("link", name="Continue", exact=True).click()
    watch.check_page()
    expect(answer_row(page, "Name of the organisation")).to_have_text("Plymouth City Council")
    expect(answer_row(page, "Files")).to_have_text("None uploaded")
    with page.expect_navigation():
        page.get_by_role("link", name="Continue to the declaration").click()
    watch.check_page()

    # Sending without ticking: the errors are shown by the server alone, and their links still work.
    submit(page, watch, "Send my claim", "/claim/declaration")
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link")).to_have_text(
        ["Confirm that the information is true", "Agree to us using your information to assess the claim"])
    expect(summary).not_to_be_focused()  # only app.js moves focus there: proves scripts are off
    confirm = label(page, "I confirm that the information I have given is true to the best of my knowledge")
    summary.get_by_role("link", name="Confirm that the information is true").click()
    expect(confirm).to_be_focused()
    confirm.check()
    label(page, "I agree to the firm using the health and other sensitive information I have given to assess "
                "my claim").check()
    submit(page, watch, "Send my claim", "/claim/confirmation")
    reference = page.locator(".panel-reference").inner_text().strip()
    assert REFERENCE.fullmatch(reference), reference

    assert watch.problems == []
    with live_server.app.app_context():
        claim = stored_claim(reference)
        assert claim.defendant_name == "Plymouth City Council" and claim.evidence == []
