"""Notes and correspondence on a claim: file notes, phone calls (who, when, how long, what was said) and
documents received (a letter, a scan or a saved email, checked by content), on the claim's timeline.
Notes are never deleted; an edit keeps the earlier text, and two people editing at once are told."""
from __future__ import annotations

import io
from datetime import datetime

import pytest
from sqlalchemy import select

from claims import evidence
from claims.clock import UK
from claims.extensions import db
from claims.models import AuditEvent, EvidenceFile, Note, NoteRevision
from tests.pages import parse
from tests.sample_files import EXE, make_docm, make_docx_hidden_macros, make_jpg, make_pdf, make_pdf_open_action_js
from tests.work.mail_files import make_eml, make_msg, make_word_97

CALL = {"party": "client", "contact_name": "Alex Morgan", "direction": "in", "call_on-day": "23", "call_on-month": "11",
        "call_on-year": "2026", "call_time": "09:15", "duration_minutes": "25",
        "body": "Client rang about the neighbour; upset; will send photos."}


def _notes(claim) -> list[Note]:
    db.session.expire_all()
    return list(db.session.scalars(select(Note).where(Note.claim_id == claim.id).order_by(Note.id)))


def _document(client, claim, name, content, **fields):
    data = {"party": "defendant", "received_on-day": "20", "received_on-month": "11", "received_on-year": "2026",
            "body": "Letter of response", "file": (io.BytesIO(content), name), **fields}
    return client.post(f"/staff/claims/{claim.id}/received/new", data=data, content_type="multipart/form-data")


def test_a_file_note_goes_on_the_claim_page_and_its_timeline(client, my_claim, solicitor):
    claim = my_claim()
    response = client.post(f"/staff/claims/{claim.id}/notes/new", data={"body": "Checked the address.\nAll fine."})
    [note] = _notes(claim)
    assert response.headers["Location"].endswith(f"/staff/claims/{claim.id}#note-{note.id}")
    assert (note.kind, note.author_id, note.body) == ("file_note", solicitor.id, "Checked the address.\nAll fine.")
    page = parse(client.get(f"/staff/claims/{claim.id}"))
    assert "Checked the address." in page.by_id(f"note-{note.id}").text
    timeline = " ".join(page.with_class("timeline")[0].text.split())
    assert f"#note-{note.id}" in page.links() and "File note" in timeline


def test_a_phone_call_records_who_when_how_long_and_what_was_said(client, my_claim):
    claim = my_claim()
    assert client.post(f"/staff/claims/{claim.id}/calls/new", data=CALL).status_code == 302
    [call] = _notes(claim)
    assert (call.kind, call.party, call.contact_name, call.direction, call.duration_minutes) == (
        "phone_call", "client", "Alex Morgan", "in", 25)
    assert call.occurred_at.astimezone(UK) == datetime(2026, 11, 23, 9, 15, tzinfo=UK)
    shown = " ".join(parse(client.get(f"/staff/claims/{claim.id}")).by_id(f"note-{call.id}").text.split())
    assert "They called us: The client (Alex Morgan), 23/11/2026 09:15, 25 minutes" in shown


@pytest.mark.parametrize("changes, field, message", [
    ({"call_time": "9.75"}, "call_time", "Enter the time as hours and minutes on the 24-hour clock, like 14:30"),
    ({"call_time": "23:59"}, "call_time", "The call must be in the past"),
    ({"call_on-day": "31", "call_on-month": "2"}, "call_on-day",
     "The date of the call must be a real date, like 27 3 2024"),
    ({"duration_minutes": "lots"}, "duration_minutes", "Not a valid integer value."),
    ({"duration_minutes": "9000"}, "duration_minutes", "How long must be a whole number of minutes from 0 to 600"),
    ({"party": ""}, "party-0", "Choose who it was with"),
    ({"body": "  "}, "body", "Enter a summary of the call"),
    ({"body": "Said \u202egnihton"}, "body", "Summary of the call must not contain hidden formatting characters "
                                           "such as right-to-left marks"),
])
def test_a_wrong_call_is_refused_with_what_was_typed_kept(client, my_claim, changes, field, message):
    claim = my_claim()
    response = client.post(f"/staff/claims/{claim.id}/calls/new", data={**CALL, **changes})
    assert response.status_code == 200
    page = parse(response)
    assert (f"#{field}", message) in page.error_summary()
    assert page.by_id("contact_name").attrs["value"] == "Alex Morgan"
    assert _notes(claim) == []


@pytest.mark.parametrize("name, make, media_type, shown_as", [
    ("reply.pdf", make_pdf, "application/pdf", "reply.pdf"),
    ("scan.jpg", make_jpg, "image/jpeg", "scan.jpg"),
    ("Response to letter of claim.eml", make_eml, "message/rfc822", "Response to letter of claim.eml"),
    ("RE Your client.msg", make_msg, "application/vnd.ms-outlook", "RE Your client.msg"),
    ("saved.txt", make_eml, "message/rfc822", "saved.eml"),  # the content decides, not the name
])
def test_a_document_received_is_stored_with_the_claim(client, my_claim, solicitor, name, make, media_type, shown_as):
    claim = my_claim()
    response = _document(client, claim, name, make())
    assert response.status_code == 302, response.get_data(as_text=True)
    [note] = _notes(claim)
    item = db.session.get(EvidenceFile, note.evidence_file_id)
    assert (item.media_type, item.original_name, item.uploaded_by_id, item.claim_id) == (
        media_type, shown_as, solicitor.id, claim.id)
    assert (note.kind, note.party) == ("document", "defendant")
    assert note.occurred_at.astimezone(UK).date().isoformat() == "2026-11-20"
    download = client.get(f"/staff/claims/{claim.id}/evidence/{item.id}")
    assert download.data == make() and download.mimetype == "application/octet-stream"


@pytest.mark.parametrize("name, content, message", [
    ("old.doc", make_word_97(), "old.doc must be a PDF, JPG, PNG, Word (.docx) or saved email (.eml or .msg) file"),
    ("macro.msg", make_msg(storages=("Macros",)), "macro.msg must be a PDF"),
    ("calendar.msg", make_msg("Unknown.Class"), "calendar.msg must be a PDF"),
    ("notes.txt", b"Just some text, not an email.\n", "notes.txt must be a PDF"),
    ("page.eml", b"<html><body>From: me</body></html>", "page.eml must be a PDF"),
    ("program.eml", EXE, "program.eml must be a PDF"),
    ("macros.docx", make_docm(), "macros.docx must be a PDF"),
    ("big.pdf", make_pdf(padding=11 * 1024 * 1024), "big.pdf must be smaller than 10 MB"),
    ("reply.docx", make_docx_hidden_macros(), "reply.docx was refused: it contains macros"),
    ("reply.pdf", make_pdf_open_action_js(), "reply.pdf was refused: it contains JavaScript"),
])
def test_a_document_that_is_not_what_it_claims_is_refused(client, my_claim, name, content, message):
    claim = my_claim()
    response = _document(client, claim, name, content, body="Their letter")
    assert response.status_code == 200
    page = parse(response)
    [(anchor, shown)] = page.error_summary()
    assert anchor == "#file" and shown.startswith(message) and shown.endswith("Choose the file again.")
    assert page.by_id("body").text.strip() == "Their letter"
    assert _notes(claim) == [] and db.session.scalar(select(EvidenceFile.id)) is None


def test_a_claim_full_of_files_takes_no_more_documents(app, client, my_claim):
    app.config["MAX_FILES_PER_CLAIM"] = 1
    claim = my_claim()
    assert _document(client, claim, "first.pdf", make_pdf()).status_code == 302
    response = _document(client, claim, "second.pdf", make_pdf(), body="Their second letter")
    assert response.status_code == 200
    [(anchor, shown)] = parse(response).error_summary()
    assert (anchor, shown) == ("#file", "A claim can have at most 1 file: remove one before adding another. "
                                        "Choose the file again.")
    assert parse(response).by_id("body").text.strip() == "Their second letter"
    assert len(_notes(claim)) == 1


def test_claimants_still_cannot_upload_emails():
    for content in (make_eml(), make_msg()):
        with pytest.raises(evidence.RejectedFile, match="must be a PDF, JPG, PNG or Word"):
            evidence.check_upload("mail.eml", content, max_bytes=10**6)


def test_an_edit_keeps_the_earlier_text(client, my_claim, solicitor, make_user):
    claim = my_claim()
    client.post(f"/staff/claims/{claim.id}/calls/new", data=CALL)
    [note] = _notes(claim)
    edit_url = f"/staff/claims/{claim.id}/notes/{note.id}/edit"
    form = parse(client.get(edit_url))
    assert form.value("call_time") == "09:15" and form.by_id("body").text.strip() == CALL["body"]
    response = client.post(edit_url, data={**CALL, "revision": "0", "duration_minutes": "30",
                                           "body": "Client rang about the neighbour; will send photos by Friday."})
    assert response.status_code == 302
    [note] = _notes(claim)
    [revision] = db.session.scalars(select(NoteRevision).where(NoteRevision.note_id == note.id)).all()
    assert revision.body == CALL["body"] and revision.details["duration_minutes"] == 25
    assert (revision.written_by_id, revision.replaced_by_id) == (solicitor.id, solicitor.id)
    assert note.duration_minutes == 30 and note.edited_by_id == solicitor.id
    [audit] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "note.edited")).all()
    assert audit.details == {"revision_id": revision.id, "fields": ["body", "duration_minutes"]}  # ids, no text
    versions = parse(client.get(f"/staff/claims/{claim.id}/notes/{note.id}/versions"))
    assert CALL["body"] in versions.by_id(f"revision-{revision.id}").text
    assert "by Friday" in versions.by_id("current").text


def test_two_people_editing_at_once_do_not_overwrite_each_other(client, app, my_claim, make_user):
    from flask import g

    from tests.test_claim_locks import signed_in

    claim = my_claim()
    client.post(f"/staff/claims/{claim.id}/notes/new", data={"body": "First text."})
    [note] = _notes(claim)
    edit_url = f"/staff/claims/{claim.id}/notes/{note.id}/edit"
    seen = parse(client.get(edit_url)).value("revision")
    colleague = signed_in(app, make_user("partner"))
    assert colleague.post(edit_url, data={"body": "Colleague's text.", "revision": seen}).status_code == 302
    g.pop("_login_user", None)  # the next request is the first user's again (tests share one app context)

    response = client.post(edit_url, data={"body": "My text.", "revision": seen})
    assert response.status_code == 200
    page = parse(response)
    [(anchor, message)] = page.error_summary()
    assert anchor == "#body" and message.startswith("Test Partner changed this note at ")
    assert page.by_id("body").text.strip() == "My text." and page.value("revision") == "1"
    assert _notes(claim)[0].body == "Colleague's text."

    assert client.post(edit_url, data={"body": "My text.", "revision": page.value("revision")}).status_code == 302
    assert _notes(claim)[0].body == "My text."
    bodies = db.session.scalars(select(NoteRevision.body).order_by(NoteRevision.id)).all()
    assert bodies == ["First text.", "Colleague's text."]


def test_notes_cannot_be_deleted(app):
    work_rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("work.")]
    assert work_rules and not [r for r in work_rules if "DELETE" in r.methods or "delete" in r.rule]


def test_typed_text_is_shown_as_text_on_the_claim_page(client, my_claim):
    claim = my_claim()
    client.post(f"/staff/claims/{claim.id}/notes/new", data={"body": '<img src=x onerror="alert(1)">'})
    html = client.get(f"/staff/claims/{claim.id}").get_data(as_text=True)
    assert "<img src=x" not in html and "&lt;img src=x onerror=" in html


def test_a_note_of_another_claim_is_not_found(client, my_claim):
    claim, other = my_claim(), my_claim()
    client.post(f"/staff/claims/{other.id}/notes/new", data={"body": "Elsewhere."})
    [note] = _notes(other)
    assert client.get(f"/staff/claims/{claim.id}/notes/{note.id}/edit").status_code == 404
    assert client.get(f"/staff/claims/{claim.id}/notes/{note.id}/versions").status_code == 404
