"""The firm's settings page: letters print what an admin saves; bad input is named and kept."""
from __future__ import annotations

from datetime import date

from claims.extensions import db
from claims.letters import documents
from claims.models import FirmSettings
from tests.pages import parse
from tests.word_files import docx_text

GOOD = {"name": "Example & Co LLP", "address": "9 Law Lane\nLeeds\nLS2 2AA", "sra_number": "123456",
        "phone": "0113 000 0000", "email": "office@example-law.co.uk",
        "complaints_contact": "Our Complaints Partner", "signatory": "Example & Co LLP", "cap_percent": "20",
        "vat_percent": "20", "base_costs": "2500.00", "ate_premium": "0", "signing_link_days": "10",
        "review_working_days": "5"}


def test_saved_settings_reach_new_letters(client, login_as, make_claim):
    login_as("admin")
    assert client.post("/staff/admin/firm", data=GOOD).status_code == 302
    row = db.session.get(FirmSettings, 1)
    assert (row.cap_percent, row.base_costs_pence, row.signing_link_days) == (20, 250_000, 10)
    claim = make_claim()
    text = docx_text(documents.read(documents.make(claim, "acknowledgement", by=None, today=date.today())))
    assert "Example & Co LLP" in text and "123456" in text and "9 Law Lane" in text


def test_bad_settings_are_named_and_what_was_typed_is_kept(client, login_as):
    login_as("admin")
    response = client.post("/staff/admin/firm", data={**GOOD, "name": "", "cap_percent": "150",
                                                      "base_costs": "lots", "sra_number": "12\x0734"})
    page = parse(response)
    messages = [message for _, message in page.error_summary()]
    assert "Enter the firm's name" in messages
    assert "Cap on deductions from damages, VAT included must be a whole number from 0 to 100" in messages
    assert any("pounds and pence" in m for m in messages)
    assert any("The SRA number contains characters" in m for m in messages)
    assert page.by_id("base_costs").attrs["value"] == "lots"
    assert page.by_id("cap_percent").attrs["value"] == "150"
    assert db.session.get(FirmSettings, 1) is None  # nothing saved from a refused form


def test_reading_the_settings_writes_nothing_until_an_admin_saves(app, client, login_as):
    """The settings page and every letter read the FIRM_* configuration until the first save."""
    login_as("admin")
    page = parse(client.get("/staff/admin/firm"))
    assert page.by_id("name").attrs["value"] == app.config["FIRM_NAME"]
    assert page.by_id("cap_percent").attrs["value"] == "25"  # the model's default, before any save
    assert db.session.get(FirmSettings, 1) is None
    assert client.post("/staff/admin/firm", data=GOOD).status_code == 302
    assert db.session.get(FirmSettings, 1).name == "Example & Co LLP"


def test_only_admins_change_the_firm_settings(client, login_as):
    login_as("partner")
    assert client.post("/staff/admin/firm", data=GOOD).status_code == 403


def test_the_review_time_is_one_firm_setting_on_the_page_the_email_and_the_letter(client, login_as):
    from sqlalchemy import select

    from claims.models import Claim, ClaimDocument
    from tests.claimant import Claimant as Journey
    from tests.outbox import outbox

    login_as("admin")
    page = parse(client.get("/staff/admin/firm"))
    assert page.by_id("review_working_days").attrs["value"] == "5"  # the default
    assert client.post("/staff/admin/firm", data={**GOOD, "review_working_days": "7"}).status_code == 302
    client.post("/staff/sign-out")
    journey = Journey(client)
    journey.complete()
    reference = journey.submit()
    confirmation = parse(client.get("/claim/confirmation")).text
    claim = db.session.scalar(select(Claim).where(Claim.reference == reference))
    [email] = [mail.body for mail in outbox(claim.id)]
    letter = docx_text(documents.read(db.session.scalar(
        select(ClaimDocument).where(ClaimDocument.claim_id == claim.id, ClaimDocument.kind == "acknowledgement"))))
    for text in (confirmation, email, letter):
        assert "within 7 working days" in text
        assert "5 working days" not in text and "10 working days" not in text


def test_the_review_time_must_be_a_sensible_number_of_days(client, login_as):
    login_as("admin")
    response = client.post("/staff/admin/firm", data={**GOOD, "review_working_days": "0"})
    assert ("#review_working_days", "A solicitor's review must take 1 to 30 working days") in \
        parse(response).error_summary()
    assert parse(response).by_id("review_working_days").attrs["value"] == "0"
