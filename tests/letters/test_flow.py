"""From an accepted claim to a letter of claim: accept, the claimant signs online, letters are
generated under the CFA rule, decline, and the cancellation period. Real database, real .docx
files read back with python-docx."""
from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
import time_machine
from sqlalchemy import select

from claims.clock import UK
from claims.domain.deadlines import format_long_date
from claims.extensions import db
from claims.letters import agreements, documents
from claims.models import Agreement, AuditEvent, Claim, ClaimDocument, KeyDate
from tests.outbox import outbox
from tests.pages import parse
from tests.word_files import docx_text

ACCEPT = {"reason": "Sensitive social care records sent to a hostile neighbour.", "prospects_percent": "60"}


def stored_text(document: ClaimDocument) -> str:
    return docx_text(documents.read(document))


def signing_link(claim: Claim) -> str:
    body = outbox(claim.id)[-1].body
    return re.search(r"https?://[^/\s]+(/agreement\?token=\S+)", body).group(1)


FACTS = ("On 10 November 2025 you posted a child protection report about our client’s family to their neighbour."
         "\n\nThe incident has caused our client a great deal of distress.")
DEFENDANT_ADDRESS = {"defendant-address": "Ballard House\nWest Hoe Road\nPlymouth\nPL1 3BJ",
                     "defendant-dpo_email": "dpo@plymouth.example", "defendant-submit": "y"}


def prepare_letter_of_claim(client, claim) -> None:
    """What a solicitor does on the preparation page: the defendant's address and the confirmed facts."""
    prepare = f"/staff/claims/{claim.id}/letter-of-claim"
    assert client.post(prepare, data=DEFENDANT_ADDRESS).status_code == 302
    assert client.post(prepare, data={"facts-summary": FACTS, "facts-confirm": "y"}).status_code == 302


@pytest.fixture
def accepted(client, login_as, make_claim):
    """A claim a solicitor has accepted (the CFA sent for signing) and prepared, and the signing link."""
    login_as("solicitor")
    claim = make_claim()
    response = client.post(f"/staff/claims/{claim.id}/accept", data=ACCEPT)
    assert response.status_code == 302, response.get_data(as_text=True)
    prepare_letter_of_claim(client, claim)
    db.session.refresh(claim)
    return claim, signing_link(claim)


def sign(client, link: str, name: str = "Alex Morgan", agree: str = "y", sha: str | None = None):
    page = client.get(link)
    assert page.status_code == 200
    shown = sha or parse(page).by_id("shown_sha256").attrs["value"]
    return client.post(link, data={"typed_name": name, "agree": agree, "shown_sha256": shown},
                       headers={"User-Agent": "TestBrowser/1.0"}, environ_base={"REMOTE_ADDR": "203.0.113.9"})


def test_accepting_makes_the_cfa_and_emails_a_signing_link(accepted):
    claim, link = accepted
    assert claim.status == "cfa_sent"
    moves = [(c.to_status, c.reason, c.changed_by.role if c.changed_by else None) for c in claim.status_changes]
    assert ("accepted", ACCEPT["reason"], "solicitor") in moves
    agreement = agreements.latest_agreement(claim.id)
    assert (agreement.prospects_percent, agreement.success_fee_percent, agreement.cap_percent) == (60, 67, 25)
    text = stored_text(agreement.document)
    assert "67%" in text and claim.reference in text
    assert "token=" in link and len(link.split("token=")[1]) >= 40
    assert agreement.token_hash == hashlib.sha256(link.split("token=")[1].encode()).hexdigest()


def test_accept_form_errors_keep_what_was_typed(client, login_as, make_claim):
    login_as("solicitor")
    claim = make_claim()
    response = client.post(f"/staff/claims/{claim.id}/accept",
                           data={"reason": "Good claim", "prospects_percent": "160", "success_fee_percent": "40"})
    page = parse(response)
    assert response.status_code == 200
    errors = page.error_summary()
    assert any("Prospects of success must be a whole number from 1 to 100" in e for _, e in errors)
    assert any("why you are setting a different success fee" in e for _, e in errors)
    assert page.by_id("reason").text.strip() == "Good claim"
    assert page.by_id("success_fee_percent").attrs["value"] == "40"
    assert db.session.get(Claim, claim.id).status == "submitted"
    assert db.session.scalar(select(Agreement).where(Agreement.claim_id == claim.id)) is None


def test_a_success_fee_over_100_is_refused_by_name(client, login_as, make_claim):
    login_as("solicitor")
    claim = make_claim()
    response = client.post(f"/staff/claims/{claim.id}/accept",
                           data={**ACCEPT, "success_fee_percent": "120", "success_fee_reason": "High risk"})
    assert response.status_code == 200
    assert ("#success_fee_percent", "Success fee must be a whole number from 0 to 100") in parse(response).error_summary()
    assert parse(response).by_id("success_fee_percent").attrs["value"] == "120"


def test_overridden_success_fee_is_used_and_explained(client, login_as, make_claim):
    login_as("solicitor")
    claim = make_claim()
    client.post(f"/staff/claims/{claim.id}/accept", data={
        **ACCEPT, "prospects_percent": "65", "success_fee_percent": "55", "success_fee_reason": "As allowed in 2004."})
    agreement = agreements.latest_agreement(claim.id)
    assert agreement.success_fee_percent == 55
    text = stored_text(agreement.document)
    assert "55%" in text and "As allowed in 2004." in text


def test_the_claimant_signs_online_and_gets_a_signed_copy(client, accepted):
    claim, link = accepted
    client.post("/staff/sign-out")
    page = client.get(link)
    assert page.status_code == 200 and "67%" in page.get_data(as_text=True)
    shown_sha = parse(page).by_id("shown_sha256").attrs["value"]

    wrong = sign(client, link, name="Someone Else")
    assert wrong.status_code == 200
    assert any("Type your full name exactly" in e for _, e in parse(wrong).error_summary())
    assert parse(wrong).by_id("typed_name").attrs["value"] == "Someone Else"

    response = sign(client, link, name="  alex   morgan ")
    assert response.status_code == 302
    db.session.expire_all()
    agreement = agreements.latest_agreement(claim.id)
    claim = db.session.get(Claim, claim.id)
    assert claim.status == "cfa_signed"
    assert agreement.signed_document_sha256 == shown_sha == agreement.document.sha256
    assert (agreement.signed_ip, agreement.signed_user_agent) == ("203.0.113.9", "TestBrowser/1.0")
    assert agreement.cancellation_ends_on == agreement.signed_at.astimezone(UK).date() + timedelta(days=14)
    signed = stored_text(agreement.signed_copy)
    for expected in ("alex morgan", "203.0.113.9", "TestBrowser/1.0", shown_sha,
                     format_long_date(agreement.cancellation_ends_on)):
        assert expected in signed
    assert agreement.signed_copy.signed and agreement.signed_copy.version == 2
    kinds = {kd.kind: kd.due_on for kd in claim.key_dates}
    assert kinds["cancellation_ends"] == agreement.cancellation_ends_on
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.claim_id == claim.id)))
    assert {"agreement.sent", "agreement.viewed", "agreement.signed", "document.generated"} <= actions

    progress = client.get(link).get_data(as_text=True)
    assert "Cancel my agreement" in progress and "CFA signed" in progress
    download = client.get(link.replace("/agreement?", "/agreement/document?"))
    assert "alex morgan" in docx_text(download.data)


def test_signing_refuses_a_document_that_changed_while_it_was_read(client, accepted):
    claim, link = accepted
    response = sign(client, link, sha="0" * 64)
    assert response.status_code == 200
    assert any("changed while you were reading" in e for _, e in parse(response).error_summary())
    assert db.session.get(Claim, claim.id).status == "cfa_sent"


def test_signing_needs_the_tick(client, accepted):
    claim, link = accepted
    response = sign(client, link, agree="")
    assert any("Tick the box" in e for _, e in parse(response).error_summary())


def test_unknown_expired_and_replaced_links_do_not_work(client, accepted, login_as):
    claim, link = accepted
    assert client.get("/agreement?token=not-a-real-token").status_code == 404
    assert client.post("/agreement/cancel?token=nope", data={"confirm": "y"}).status_code == 404
    client.post(f"/staff/claims/{claim.id}/agreement/resend")
    assert client.get(link).status_code == 404  # replaced by the new link
    new_link = signing_link(claim)
    assert new_link != link and client.get(new_link).status_code == 200
    agreement = agreements.latest_agreement(claim.id)
    agreement.expires_at = agreement.created_at - timedelta(seconds=1)
    db.session.commit()
    assert client.get(new_link).status_code == 404


def test_cancel_within_the_period_withdraws_the_claim(client, accepted, monkeypatch):
    claim, link = accepted
    sign(client, link)
    agreement = agreements.latest_agreement(claim.id)
    monkeypatch.setattr("claims.letters.portal.uk_today", lambda: agreement.cancellation_ends_on)
    assert client.post(link.replace("/agreement?", "/agreement/cancel?"), data={}).status_code == 400
    response = client.post(link.replace("/agreement?", "/agreement/cancel?"), data={"confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).status == "withdrawn"
    assert agreements.latest_agreement(claim.id).cancelled_at is not None
    assert agreements.signed_agreement(claim.id) is None


def test_cancel_after_the_period_is_refused(client, accepted, monkeypatch):
    claim, link = accepted
    sign(client, link)
    agreement = agreements.latest_agreement(claim.id)
    monkeypatch.setattr("claims.letters.portal.uk_today", lambda: agreement.cancellation_ends_on + timedelta(days=1))
    response = client.post(link.replace("/agreement?", "/agreement/cancel?"), data={"confirm": "y"})
    assert response.status_code == 400
    assert db.session.get(Claim, claim.id).status == "cfa_signed"


def test_claimant_adds_evidence_through_the_link_checked_by_content(client, accepted):
    from tests.sample_files import make_pdf

    claim, link = accepted
    sign(client, link)
    url = link.replace("/agreement?", "/agreement/evidence?")
    bad = client.post(url, data={"file": (BytesIO(b"MZ not a pdf"), "report.pdf")}, content_type="multipart/form-data")
    assert bad.status_code == 400 and parse(bad).error_summary()
    good = client.post(url, data={"file": (BytesIO(make_pdf()), "gp letter.pdf")}, content_type="multipart/form-data")
    assert good.status_code == 302
    db.session.expire_all()
    assert [item.original_name for item in db.session.get(Claim, claim.id).evidence] == ["gp letter.pdf"]


def test_the_link_refuses_a_polyglot_and_a_file_over_the_claims_limit(app, client, accepted):
    from tests.sample_files import make_jpg_zip_polyglot, make_pdf

    claim, link = accepted
    sign(client, link)
    url = link.replace("/agreement?", "/agreement/evidence?")
    polyglot = client.post(url, data={"file": (BytesIO(make_jpg_zip_polyglot()), "photo.jpg")},
                           content_type="multipart/form-data")
    assert polyglot.status_code == 400
    assert [message for _, message in parse(polyglot).error_summary()] == [
        "photo.jpg was refused: it has data after its end. Save or scan it again and upload the new copy"]
    app.config["MAX_FILES_PER_CLAIM"] = 1
    assert client.post(url, data={"file": (BytesIO(make_pdf()), "one.pdf")},
                       content_type="multipart/form-data").status_code == 302
    full = client.post(url, data={"file": (BytesIO(make_pdf()), "two.pdf")}, content_type="multipart/form-data")
    assert [message for _, message in parse(full).error_summary()] == [
        "A claim can have at most 1 file: remove one before adding another"]
    db.session.expire_all()
    assert [item.original_name for item in db.session.get(Claim, claim.id).evidence] == ["one.pdf"]


def test_a_zip_bomb_sent_through_the_link_is_refused_by_name(client, accepted):
    from tests.sample_files import lie_about_size, make_docx_bomb

    claim, link = accepted
    sign(client, link)
    bomb = lie_about_size(make_docx_bomb(), "word/document.xml")
    response = client.post(link.replace("/agreement?", "/agreement/evidence?"),
                           data={"file": (BytesIO(bomb), "gp letter.docx")}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert [message for _, message in parse(response).error_summary()] == [
        "gp letter.docx could not be checked: it unpacks to more than 100 MB"]
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).evidence == []


def test_letter_of_claim_waits_for_the_signed_cfa(client, accepted):
    claim, _link = accepted
    response = client.post(f"/staff/claims/{claim.id}/letters/new", data={"kind": "letter_of_claim", "delivery": "first_class_post"})
    assert response.status_code == 200
    assert any("has not signed the CFA" in e for _, e in parse(response).error_summary())
    override = client.post(f"/staff/claims/{claim.id}/letters/new",
                           data={"kind": "letter_of_claim", "delivery": "first_class_post", "override_reason": "Limitation expires next week."})
    assert any("Only a partner" in e for _, e in parse(override).error_summary())
    assert db.session.scalar(select(ClaimDocument).where(ClaimDocument.kind == "letter_of_claim")) is None


def test_a_partner_can_override_with_a_reason(client, accepted, login_as):
    claim, _link = accepted
    client.post("/staff/sign-out")
    login_as("partner")
    response = client.post(f"/staff/claims/{claim.id}/letters/new",
                           data={"kind": "letter_of_claim", "delivery": "first_class_post", "override_reason": "Limitation expires next week."})
    assert response.status_code == 302, parse(response).error_summary()
    document = db.session.scalar(select(ClaimDocument).where(ClaimDocument.kind == "letter_of_claim"))
    assert document.override_reason == "Limitation expires next week."
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "letter_of_claim.cfa_rule_overridden"))
    assert event.entity_id == document.id and event.user_id is not None
    page = parse(client.get(f"/staff/claims/{claim.id}")).text
    assert "partner's override: Limitation expires next week." in page


def test_letter_of_claim_after_signing_sets_the_response_date(client, accepted):
    claim, link = accepted
    sign(client, link)
    response = client.post(f"/staff/claims/{claim.id}/letters/new", data={"kind": "letter_of_claim", "delivery": "first_class_post"})
    assert response.status_code == 302
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    assert claim.status == "letter_of_claim_sent"
    due = db.session.scalar(select(KeyDate).where(KeyDate.claim_id == claim.id, KeyDate.kind == "response_due"))
    assert due is not None  # its date: test_the_letter_of_claim_deadline_runs_from_deemed_receipt_by_post
    document = db.session.scalar(select(ClaimDocument).where(ClaimDocument.kind == "letter_of_claim"))
    text = stored_text(document)
    assert "Alex Morgan" in text and format_long_date(due.due_on) in text and "Plymouth City Council" in text
    preview = client.get(f"/staff/claims/{claim.id}/documents/{document.id}")
    assert preview.status_code == 200 and "Alex Morgan" in preview.get_data(as_text=True)
    download = client.get(f"/staff/claims/{claim.id}/documents/{document.id}/download")
    assert hashlib.sha256(download.data).hexdigest() == document.sha256


def test_subject_access_request_waits_for_the_signed_cfa(client, accepted):
    claim, _link = accepted
    response = client.post(f"/staff/claims/{claim.id}/letters/new", data={"kind": "subject_access_request", "delivery": "first_class_post"})
    assert response.status_code == 200
    assert ("#kind-0", "The client has not signed the CFA, so we have no signed authority to make a subject access "
                     "request for them yet") in parse(response).error_summary()
    assert db.session.scalar(select(ClaimDocument).where(ClaimDocument.kind == "subject_access_request")) is None


FRIDAY_10AM = datetime(2026, 11, 27, 10, 0, tzinfo=UK)


def test_the_letter_of_claim_deadline_runs_from_deemed_receipt_by_post(client, accepted):
    claim, link = accepted
    sign(client, link)
    with time_machine.travel(FRIDAY_10AM, tick=False):
        response = client.post(f"/staff/claims/{claim.id}/letters/new",
                               data={"kind": "letter_of_claim", "delivery": "first_class_post"})
    assert response.status_code == 302, parse(response).error_summary()
    due = db.session.scalar(select(KeyDate).where(KeyDate.claim_id == claim.id, KeyDate.kind == "response_due"))
    assert due.due_on == date(2026, 12, 14)  # posted Fri 27/11; Sun 29/11 is not a business day: Mon 30/11, + 14 days
    assert ("posted first class on 27 November 2026; the second day after posting, 29 November 2026, is not a "
            "business day, so taken as received on the next business day, 30 November 2026 (worked out by analogy "
            "with the deemed service rules in CPR 6.26)") in due.basis
    text = stored_text(db.session.scalar(select(ClaimDocument).where(ClaimDocument.kind == "letter_of_claim")))
    assert "By first class post\n" in text
    assert ("We are sending this letter by first class post on 27 November 2026. We take 30 November 2026 as the "
            "date you receive it, a date worked out by analogy with the deemed service rules in CPR 6.26.") in text
    assert "treated as received" not in text and " served" not in text
    assert "within 14 days of receiving it, by 14 December 2026" in text
    page = parse(client.get(f"/staff/claims/{claim.id}")).text
    assert "14/12/2026" in page and "posted first class on 27 November 2026" in page


def test_the_sar_deadline_runs_from_deemed_receipt_by_email(client, accepted):
    claim, link = accepted
    sign(client, link)
    with time_machine.travel(FRIDAY_10AM, tick=False):
        client.post(f"/staff/claims/{claim.id}/letters/new",
                    data={"kind": "subject_access_request", "delivery": "email", "before_cutoff": "y"})
    due = db.session.scalar(select(KeyDate).where(KeyDate.claim_id == claim.id, KeyDate.kind == "sar_due"))
    assert due.due_on == date(2026, 12, 29)  # received that Friday; 27/12 is a Sunday, 28/12 a bank holiday
    text = stored_text(db.session.scalar(select(ClaimDocument).where(ClaimDocument.kind == "subject_access_request")))
    assert "By email to " in text and "by 29 December 2026" in text
    assert ("We are sending this request by email on 27 November 2026. We take 27 November 2026 as the date you "
            "receive it, a date worked out by analogy with the deemed service rules in CPR 6.26.") in text
    assert "treated as received" not in text
    assert "worked out by analogy with the deemed service rules in CPR 6.26" in due.basis


def test_a_letter_to_the_defendant_needs_the_way_it_is_sent(client, accepted):
    claim, link = accepted
    sign(client, link)
    response = client.post(f"/staff/claims/{claim.id}/letters/new", data={"kind": "letter_of_claim"})
    assert ("#delivery-0", "Choose how the letter will be sent to the defendant") in parse(response).error_summary()
    assert db.session.scalar(select(ClaimDocument).where(ClaimDocument.kind == "letter_of_claim")) is None


def test_subject_access_request_moves_the_claim_and_sets_the_reply_date(client, accepted):
    claim, link = accepted
    sign(client, link)
    client.post(f"/staff/claims/{claim.id}/letters/new", data={"kind": "subject_access_request", "delivery": "first_class_post"})
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    assert claim.status == "sar_sent"
    assert any(kd.kind == "sar_due" for kd in claim.key_dates)


def test_declining_makes_a_letter_with_every_limitation_date(client, login_as, make_claim):
    login_as("solicitor")
    claim = make_claim()
    empty = client.post(f"/staff/claims/{claim.id}/decline", data={"reason": ""})
    assert any("Enter why the firm cannot act" in e for _, e in parse(empty).error_summary())
    response = client.post(f"/staff/claims/{claim.id}/decline", data={"reason": "Outside our expertise & <capacity>."})
    assert response.status_code == 302
    claim = db.session.get(Claim, claim.id)
    assert claim.status == "declined"
    document = db.session.scalar(select(ClaimDocument).where(ClaimDocument.kind == "decline"))
    text = stored_text(document)
    assert "Outside our expertise & <capacity>." in text
    for kd in claim.key_dates:
        if kd.kind == "limitation":
            assert format_long_date(kd.due_on) in text


BREACH_21_04_2021 = {"what-happened": {"breach_date-day": "21", "breach_date-month": "4", "breach_date-year": "2021",
                                       "discovered_date-day": "22", "discovered_date-month": "4",
                                       "discovered_date-year": "2021"}}


def test_the_decline_letter_gives_no_expired_date_as_the_deadline(app, make_claim):
    claim = make_claim(**BREACH_21_04_2021)  # HRA year ended 20/04/2022; six-year claims run to 21/04/2027
    text = stored_text(documents.make(claim, "decline", by=None, today=date(2026, 11, 23), decline_reason="No."))
    assert "20 April 2022. Treat" not in text and "no later than 20 April 2022" not in text
    assert "The earliest of these is 21 April 2027" in text
    assert ("Some time limits have already passed:\n•  The usual time limit for a Human Rights Act claim against a "
            "public body ended on 20 April 2022.") in text
    assert "A data protection claim (UK GDPR): start court proceedings no later than 21 April 2027 (in 149 days)" in text
    assert "URGENT" not in text


def test_the_decline_letter_warns_loudly_days_before_a_deadline(app, make_claim):
    claim = make_claim(**BREACH_21_04_2021)
    text = stored_text(documents.make(claim, "decline", by=None, today=date(2027, 4, 18), decline_reason="No."))
    assert ("URGENT: the time limit for a data protection claim (UK GDPR) ends in 3 days, on 21 April 2027."
            in text)
    assert "well before it" not in text


def test_a_document_whose_file_changed_is_refused(client, accepted):
    claim, _link = accepted
    document = agreements.latest_agreement(claim.id).document
    documents.path_of(document).write_bytes(b"tampered")
    with pytest.raises(documents.DocumentCorrupt):
        documents.read(document)


def test_pdf_copy_made_by_libreoffice(client, accepted):
    claim, _link = accepted
    document = agreements.latest_agreement(claim.id).document
    response = client.get(f"/staff/claims/{claim.id}/documents/{document.id}/pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_an_agreement_for_a_claim_that_moved_on_cannot_be_signed(client, accepted):
    claim, link = accepted
    claim.status = "withdrawn"
    db.session.commit()
    response = sign(client, link)
    assert response.status_code == 200
    assert any("can no longer be signed" in e for _, e in parse(response).error_summary())
    assert agreements.latest_agreement(claim.id).signed_at is None


def test_submitting_a_claim_makes_the_acknowledgement_letter(client):
    from tests.claimant import Claimant as Journey

    journey = Journey(client)
    journey.start()
    journey.complete()
    reference = journey.submit()
    claim = db.session.scalar(select(Claim).where(Claim.reference == reference))
    made = db.session.scalars(select(ClaimDocument).where(ClaimDocument.claim_id == claim.id)).all()
    assert [(d.kind, d.created_by_id) for d in made] == [("acknowledgement", None)]
    assert reference in stored_text(made[0]) and "Alex Morgan" in stored_text(made[0])


def test_the_signed_copy_is_the_document_shown_even_after_a_new_template(client, accepted, login_as):
    from tests.letters.test_template_uploads import template_with

    claim, link = accepted
    shown_text = stored_text(agreements.latest_agreement(claim.id).document)
    client.post("/staff/sign-out")
    login_as("partner")
    changed = client.post("/staff/letters/templates/client_care_cfa", content_type="multipart/form-data", data={
        "file": (BytesIO(template_with("NEW TERMS {{ client.name }} {{ fees.success_fee_percent }}")), "cfa.docx"),
        "note": "New terms"})
    assert changed.status_code == 302
    client.post("/staff/sign-out")
    assert sign(client, link).status_code == 302
    signed = stored_text(agreements.latest_agreement(claim.id).signed_copy)
    assert "NEW TERMS" not in signed
    first_line = next(line for line in shown_text.splitlines() if line.strip())
    assert first_line in signed and "203.0.113.9" in signed


def test_an_override_letter_is_not_sent_again_after_signing(client, accepted, login_as):
    from claims.letters import bulk

    claim, link = accepted
    client.post("/staff/sign-out")
    partner = login_as("partner")
    client.post(f"/staff/claims/{claim.id}/letters/new",
                data={"kind": "letter_of_claim", "delivery": "first_class_post", "override_reason": "Limitation is close."})
    sign(client, link)
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).status == "letter_of_claim_sent"
    assert bulk.defendants_ready(partner) == []


def test_the_letter_of_claim_states_the_ate_policy_from_the_signed_cfa(client, login_as, make_claim):
    login_as("solicitor")
    claim = make_claim()
    client.post(f"/staff/claims/{claim.id}/accept",
                data={**ACCEPT, "ate_premium": "500.00", "ate_recoverable": "y"})
    prepare_letter_of_claim(client, claim)
    sign(client, signing_link(claim))
    client.post(f"/staff/claims/{claim.id}/letters/new", data={"kind": "letter_of_claim", "delivery": "first_class_post"})
    document = db.session.scalar(select(ClaimDocument).where(ClaimDocument.kind == "letter_of_claim"))
    text = stored_text(document)
    assert "after-the-event insurance policy" in text and "recover the premium from you" in text


def test_an_adult_only_template_mistake_is_caught_at_upload(client, login_as):
    from tests.letters.test_template_uploads import template_with, upload

    login_as("partner")
    response = upload(client, template_with("Dear {{ client.name }}, for {{ litigation_friend.name }}"))
    assert "claim by an adult" in parse(response).text


def test_a_closed_claim_cannot_be_cancelled_or_take_evidence(client, accepted):
    from tests.sample_files import make_pdf

    claim, link = accepted
    sign(client, link)
    claim = db.session.get(Claim, claim.id)
    claim.status = "closed_lost"
    db.session.commit()
    page = client.get(link).get_data(as_text=True)
    assert "Cancel my agreement" not in page
    response = client.post(link.replace("/agreement?", "/agreement/cancel?"), data={"confirm": "y"})
    assert response.status_code == 400
    upload = client.post(link.replace("/agreement?", "/agreement/evidence?"),
                         data={"file": (BytesIO(make_pdf()), "late.pdf")}, content_type="multipart/form-data")
    assert upload.status_code == 400 and db.session.get(Claim, claim.id).evidence == []


def test_cancelling_confirms_by_email_and_closes_the_key_date(client, accepted, monkeypatch):
    claim, link = accepted
    sign(client, link)
    client.post(link.replace("/agreement?", "/agreement/cancel?"), data={"confirm": "y"})
    subjects = [mail.subject for mail in outbox(claim.id)]
    assert any("cancelled your agreement" in s for s in subjects)
    key = db.session.scalar(select(KeyDate).where(KeyDate.claim_id == claim.id, KeyDate.kind == "cancellation_ends"))
    assert key.completed_at is not None
