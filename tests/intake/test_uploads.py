"""Evidence uploads: checked by content, named safely, stored privately, served only to staff."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import func, select

from claims.extensions import db
from claims.models import AuditEvent, EvidenceFile, IntakeDraft
from tests.claimant import Claimant
from tests.pages import parse
from tests.sample_files import (
    EXE, HTML, MB, lie_about_size, make_docm, make_docx, make_docx_bomb, make_docx_with_photos, make_jpg, make_pdf,
    make_png, make_zip,
)


@pytest.fixture
def claimant(client):
    claimant = Claimant(client)
    claimant.start()
    claimant.answer_ok("about-you")
    return claimant


def _stored() -> list[EvidenceFile]:
    db.session.expire_all()
    return list(db.session.scalars(select(EvidenceFile).order_by(EvidenceFile.id)))


def _errors(response) -> list[str]:
    page = parse(response)
    return [" ".join(e.text.split()).removeprefix("Error:").strip() for e in page.with_class("error-message")]


def _files_in(directory) -> list[Path]:
    path = Path(directory)
    return sorted(path.iterdir()) if path.exists() else []


ACCEPTED = [
    ("letter.pdf", make_pdf, "application/pdf", "letter.pdf"),
    ("photo.jpg", make_jpg, "image/jpeg", "photo.jpg"),
    ("photo.jpeg", make_jpg, "image/jpeg", "photo.jpg"),
    ("screenshot.png", make_png, "image/png", "screenshot.png"),
    ("statement.docx", make_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     "statement.docx"),
    # the content decides, not the name: a real PNG called .pdf is kept as a PNG
    ("scan.pdf", make_png, "image/png", "scan.png"),
]


@pytest.mark.parametrize("name, make, media_type, shown_as", ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_real_files_are_accepted_by_their_content(app, claimant, name, make, media_type, shown_as):
    content = make()
    response = claimant.upload((name, content))
    assert response.status_code == 302 and response.headers["Location"].endswith("/claim/evidence")
    [item] = _stored()
    assert (item.media_type, item.original_name, item.size_bytes) == (media_type, shown_as, len(content))
    assert (Path(app.config["EVIDENCE_DIR"]) / item.stored_name).read_bytes() == content
    page = claimant.get("/claim/evidence")
    assert shown_as in page.text and "Uploaded 1 file." in page.text


REJECTED = [
    ("setup.pdf", EXE),
    ("invoice.png", HTML),
    ("photo.png", make_png(64, noise=True)[:2000]),  # truncated
    ("bundle.docx", make_zip()),
    ("macro.docx", make_docm()),
    ("fake.pdf", b"%PDF-1.4\nno end of file marker"),
    ("notes.docx", b"PK\x03\x04 not really a zip"),
    ("text.jpg", b"\xff\xd8\xff\xe0 not really a JPEG"),
]


@pytest.mark.parametrize("name, content", REJECTED, ids=[r[0] for r in REJECTED])
def test_files_that_are_not_what_they_claim_are_refused_by_name(app, claimant, name, content):
    response = claimant.upload((name, content))
    assert response.status_code == 200
    assert _errors(response) == [f"{name} must be a PDF, JPG, PNG or Word (.docx) file"]
    assert ("#files", f"{name} must be a PDF, JPG, PNG or Word (.docx) file") in parse(response).error_summary()
    assert "files" in parse(response).ids
    assert _stored() == []
    assert _files_in(app.config["EVIDENCE_DIR"]) == []


def test_an_empty_file_is_refused(claimant):
    response = claimant.upload(("blank.pdf", b""))
    assert _errors(response) == ["blank.pdf is empty"]
    assert _stored() == []


def test_choosing_no_file_asks_for_one(claimant):
    response = claimant.client.post("/claim/evidence", data={}, content_type="multipart/form-data")
    assert _errors(response) == ["Select a file to upload"]


def test_a_rejected_file_does_not_lose_the_good_ones_or_the_answers(claimant):
    pdf, png = make_pdf(), make_png()
    response = claimant.upload(("letter.pdf", pdf), ("setup.pdf", EXE), ("photo.png", png))
    assert response.status_code == 200
    assert _errors(response) == ["setup.pdf must be a PDF, JPG, PNG or Word (.docx) file"]
    page = parse(response)
    assert "Uploaded 2 files." in page.text
    assert [f.original_name for f in _stored()] == ["letter.pdf", "photo.png"]
    assert "letter.pdf" in page.text and "photo.png" in page.text
    draft = db.session.scalars(select(IntakeDraft)).one()
    assert draft.answers["about-you"]["first_name"] == "Alex"


def test_a_file_over_the_size_limit_is_refused(make_app):
    custom = make_app(MAX_FILE_BYTES=1 * MB)
    claimant = Claimant(custom.test_client())
    claimant.start()
    response = claimant.upload(("big.pdf", make_pdf(padding=MB)), ("small.pdf", make_pdf()))
    assert _errors(response) == ["big.pdf must be smaller than 1 MB"]
    assert [f.original_name for f in _stored()] == ["small.pdf"]


def test_the_claim_total_is_capped(make_app):
    custom = make_app(MAX_FILE_BYTES=1 * MB, MAX_CLAIM_EVIDENCE_BYTES=2 * MB)
    claimant = Claimant(custom.test_client())
    claimant.start()
    part = int(0.7 * MB)
    response = claimant.upload(("one.pdf", make_pdf(part)), ("two.pdf", make_pdf(part)))
    assert response.status_code == 302
    response = claimant.upload(("three.pdf", make_pdf(part)), ("tiny.png", make_png()))
    assert _errors(response) == ["three.pdf was not added: your files together must be smaller than 2 MB"]
    assert [f.original_name for f in _stored()] == ["one.pdf", "two.pdf", "tiny.png"]


def test_a_request_over_the_request_limit_gets_the_friendly_page(make_app):
    custom = make_app(MAX_CONTENT_LENGTH=200_000)
    claimant = Claimant(custom.test_client())
    claimant.start()
    claimant.answer_ok("about-you")
    response = claimant.upload(("huge.pdf", make_pdf(padding=300_000)))
    assert response.status_code == 413
    page = parse(response)
    assert page.find_all("h1")[0].text == "That upload is too large"
    assert "Your other answers have been saved" in page.text
    assert _stored() == []
    assert "about-you" in db.session.scalars(select(IntakeDraft)).one().answers


BOMBS = [
    ("honest", lambda: make_docx_bomb()),
    ("lying", lambda: lie_about_size(make_docx_bomb(), "word/document.xml")),  # its directory says 1,000 bytes
]


@pytest.mark.parametrize("make", [make for _, make in BOMBS], ids=[name for name, _ in BOMBS])
def test_a_zip_bomb_is_refused_by_name_and_the_rest_of_the_claim_is_kept(app, claimant, make):
    """A Word file under 1 MB whose document unpacks to 200 MB: refused, bounded, nothing else lost."""
    import tracemalloc

    bomb, pdf = make(), make_pdf()
    assert len(bomb) < MB
    assert claimant.upload(("earlier.png", make_png())).status_code == 302
    tracemalloc.start()
    response = claimant.upload(("letter.pdf", pdf), ("statement.docx", bomb))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 200
    assert _errors(response) == ["statement.docx could not be checked: it unpacks to more than 100 MB"]
    assert peak < 20 * MB  # the request, the app and the check together, against 200 MB unpacked
    assert [f.original_name for f in _stored()] == ["earlier.png", "letter.pdf"]
    assert db.session.scalars(select(IntakeDraft)).one().answers["about-you"]["first_name"] == "Alex"


def test_a_ten_megabyte_word_file_of_photographs_is_accepted(make_app):
    custom = make_app(MAX_FILE_BYTES=10 * MB)
    claimant = Claimant(custom.test_client())
    claimant.start()
    response = claimant.upload(("photos.docx", make_docx_with_photos()))
    assert response.status_code == 302
    assert [f.original_name for f in _stored()] == ["photos.docx"]


HOSTILE_NAMES = [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("bad\x01name\x1f.pdf", "badname.pdf"),
    ("invoice\u202efdp.exe", "invoicefdp.pdf"),  # right-to-left override would show "invoiceexe.pdf"
    ("<img src=x onerror=alert(1)>.pdf", None),
    ("....pdf", None),
    ("a" * 300 + ".pdf", None),
]


@pytest.mark.parametrize("name, expected", HOSTILE_NAMES, ids=[repr(n[:30]) for n, _ in HOSTILE_NAMES])
def test_file_names_are_made_safe(app, claimant, name, expected):
    response = claimant.upload((name, make_pdf()))
    assert response.status_code == 302
    [item] = _stored()
    shown = item.original_name
    if expected:
        assert shown == expected
    assert shown.endswith(".pdf") and len(shown) <= 100
    assert "/" not in shown and "\\" not in shown and ".." not in shown and "<" not in shown
    assert not any(unicodedata.category(ch).startswith("C") for ch in shown)
    # stored under a random name, never the one given
    assert len(item.stored_name) == 32 and all(c in "0123456789abcdef" for c in item.stored_name)
    assert _files_in(app.config["EVIDENCE_DIR"]) == [Path(app.config["EVIDENCE_DIR"]) / item.stored_name]


@pytest.mark.parametrize("name, expected", [
    ("..\\..\\Windows\\System32\\evil.pdf", "evil.pdf"),  # HTTP clients may keep backslashes
    ("C:\\Users\\alex\\Desktop\\letter.pdf", "letter.pdf"),
    ("/etc/passwd", "passwd"),
    ("\u202e\u200b\ufeff", "evidence"),
    ("", "evidence"),
])
def test_windows_paths_and_invisible_names_are_made_safe(name, expected):
    from claims.evidence import sanitise_filename

    assert sanitise_filename(name) == expected


def test_files_are_stored_outside_the_static_folder_and_cannot_be_fetched(app, claimant, client):
    assert claimant.upload(("letter.pdf", make_pdf())).status_code == 302
    [item] = _stored()
    evidence_dir = Path(app.config["EVIDENCE_DIR"]).resolve()
    static_dir = Path(app.static_folder).resolve()
    assert not evidence_dir.is_relative_to(static_dir)
    assert not any(p.name == item.stored_name for p in static_dir.rglob("*"))
    for path in (f"/static/{item.stored_name}", f"/static/../{item.stored_name}", "/static/letter.pdf"):
        assert client.get(path).status_code == 404


def test_a_claimant_can_remove_their_own_file(app, claimant):
    assert claimant.upload(("letter.pdf", make_pdf()), ("photo.png", make_png())).status_code == 302
    letter, photo = _stored()
    path = Path(app.config["EVIDENCE_DIR"]) / letter.stored_name
    response = claimant.client.post(f"/claim/evidence/{letter.id}/remove")
    assert response.status_code == 302
    assert [f.id for f in _stored()] == [photo.id] and not path.exists()
    assert "Removed letter.pdf." in claimant.get("/claim/evidence").text


@pytest.fixture
def submitted_file(client, claimant):
    """A submitted claim with one uploaded PDF: (claim id, file, bytes). The client's draft is gone."""
    content = make_pdf()
    for page in ("organisation", "what-happened", "what-data", "who-saw-it", "effects", "money", "what-done"):
        claimant.answer_ok(page)
    assert claimant.upload(("council letter.pdf", content)).status_code == 302
    claimant.submit()
    [item] = _stored()
    return item.claim_id, item, content


def test_evidence_is_served_only_to_staff_as_a_download_and_audited(client, login_as, submitted_file):
    claim_id, item, content = submitted_file
    url = f"/staff/claims/{claim_id}/evidence/{item.id}"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/staff/sign-in" in anonymous.headers["Location"]

    user = login_as("solicitor")
    response = client.get(url)
    assert response.status_code == 200
    assert response.data == content
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert 'filename="council letter.pdf"' in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/octet-stream"
    events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "evidence.downloaded")))
    assert [(e.user_id, e.claim_id, e.entity_id) for e in events] == [(user.id, claim_id, item.id)]


def test_a_file_is_only_served_under_its_own_claim(client, login_as, submitted_file, make_claim):
    claim_id, item, _ = submitted_file
    other = make_claim()
    login_as("partner")
    assert client.get(f"/staff/claims/{other.id}/evidence/{item.id}").status_code == 404
    assert client.get(f"/staff/claims/{claim_id}/evidence/{item.id + 1000}").status_code == 404
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "evidence.downloaded")) == 0
