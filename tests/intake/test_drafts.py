"""Save and resume: every page saved to a draft, a private resume link, expiry and purge,
and no way for one claimant to reach another's draft."""
from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from claims.extensions import db
from claims.intake.drafts import purge_expired_drafts
from claims.models import Claim, EvidenceFile, IntakeDraft, OutboxMessage
from claims.models._types import utcnow
from tests.claimant import Claimant, resume_token
from tests.journey import form_data
from tests.outbox import outbox
from tests.sample_files import make_pdf, make_png


@pytest.fixture
def claimant(client):
    return Claimant(client)


@pytest.fixture
def other_claimant(app):
    return Claimant(app.test_client())


def _drafts() -> list[IntakeDraft]:
    db.session.expire_all()
    return list(db.session.scalars(select(IntakeDraft).order_by(IntakeDraft.id)))


def _save_and_leave(claimant: Claimant, page: str = "organisation") -> str:
    """Answer a page with "Save and come back later"; returns the resume token shown on the saved page."""
    response = claimant.client.post(f"/claim/{page}", data={**form_data(page), "action": "save"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/claim/saved")
    saved = claimant.get("/claim/saved")
    return resume_token(" ".join(saved.links()))


def test_each_page_is_saved_to_the_draft_as_it_is_answered(claimant):
    claimant.start()
    claimant.answer_ok("about-you")
    assert list(_drafts()[0].answers) == ["about-you"]
    claimant.answer_ok("organisation")
    claimant.answer_ok("what-happened")
    answers = _drafts()[0].answers
    assert list(answers) == ["about-you", "organisation", "what-happened"]
    assert answers["what-happened"]["breach_date"] == "2025-11-10"
    assert answers["about-you"]["first_name"] == "Alex"


def test_save_and_come_back_later_shows_the_link_and_it_restores_the_draft_in_a_new_browser(claimant, app):
    claimant.start()
    claimant.answer_ok("about-you")
    token = _save_and_leave(claimant, "organisation")
    saved = claimant.get("/claim/saved")
    assert f"http://claims.test/claim/resume?t={token}" in saved.text
    assert "alex@example.com" in saved.text

    fresh = Claimant(app.test_client())
    response = fresh.client.get(f"/claim/resume?t={token}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/claim/what-happened")
    organisation = fresh.get("/claim/organisation")
    assert organisation.value("organisation_name") == "Plymouth City Council"
    about = fresh.get("/claim/about-you")
    assert about.value("first_name") == "Alex" and about.value("date_of_birth-year") == "1986"
    assert about.checked("claiming_for") == ["myself"]
    # and carries on from there to a submitted claim
    for page in ("what-happened", "what-data", "who-saw-it", "effects", "money", "what-done"):
        fresh.answer_ok(page)
    reference = fresh.submit()
    assert db.session.scalar(select(Claim.reference)) == reference


def test_the_first_save_of_about_you_emails_the_resume_link_once(claimant):
    claimant.start()
    claimant.answer_ok("about-you")
    claimant.answer_ok("about-you")  # saving the page again does not send another
    mails = outbox()
    assert len(mails) == 1
    assert mails[0].to_address == "alex@example.com" and mails[0].subject == "Your saved claim"
    token = resume_token(mails[0].body)
    assert _drafts()[0].token_hash == hashlib.sha256(token.encode()).hexdigest()
    claimant.client.post("/claim/saved")  # "Email me the link again"
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 2


def test_only_a_sha256_of_the_token_is_stored(claimant):
    claimant.start()
    claimant.answer_ok("about-you")
    token = _save_and_leave(claimant)
    draft = _drafts()[0]
    assert draft.token_hash == hashlib.sha256(token.encode()).hexdigest()
    row = db.session.execute(select(IntakeDraft.__table__)).one()
    assert all(token not in str(value) for value in row), "the resume token is stored in the clear"


@pytest.mark.parametrize("token", ["", "nonsense", "x" * 43, "x" * 500])
def test_a_wrong_token_is_not_found(client, claimant, token):
    claimant.start()
    response = client.get(f"/claim/resume?t={token}")
    assert response.status_code == 404
    assert "the link may have expired" in response.get_data(as_text=True)


def test_an_expired_draft_cannot_be_resumed(claimant, app):
    claimant.start()
    claimant.answer_ok("about-you")
    token = _save_and_leave(claimant)
    draft = _drafts()[0]
    draft.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert app.test_client().get(f"/claim/resume?t={token}").status_code == 404
    # nor carried on in the browser that started it
    response = claimant.client.get("/claim/organisation")
    assert response.status_code == 302 and response.headers["Location"].endswith("/claim/")


def test_saving_a_page_extends_the_expiry(claimant, app):
    claimant.start()
    draft = _drafts()[0]
    draft.expires_at = utcnow() + timedelta(days=1)
    db.session.commit()
    claimant.answer_ok("about-you")
    left = _drafts()[0].expires_at - utcnow()
    lifetime = timedelta(days=app.config["DRAFT_LIFETIME_DAYS"])
    assert lifetime - timedelta(minutes=1) < left <= lifetime


def _expire(draft: IntakeDraft) -> None:
    draft.expires_at = utcnow() - timedelta(minutes=1)


def _two_drafts_one_expired(claimant, other_claimant):
    for who in (claimant, other_claimant):
        who.start()
        who.answer_ok("about-you")
        assert who.upload(("letter.pdf", make_pdf())).status_code == 302
    old, live = _drafts()
    _expire(old)
    db.session.commit()
    old_files = list(db.session.scalars(select(EvidenceFile).where(EvidenceFile.draft_id == old.id)))
    live_files = list(db.session.scalars(select(EvidenceFile).where(EvidenceFile.draft_id == live.id)))
    return old, live, old_files, live_files


def test_purging_deletes_expired_drafts_and_their_files_only(claimant, other_claimant):
    from claims import evidence

    old, live, old_files, live_files = _two_drafts_one_expired(claimant, other_claimant)
    old_paths = [evidence.path_of(f) for f in old_files]
    live_paths = [evidence.path_of(f) for f in live_files]
    assert all(p.exists() for p in old_paths + live_paths)

    assert purge_expired_drafts() == 1
    db.session.commit()

    assert [d.id for d in _drafts()] == [live.id]
    assert not any(p.exists() for p in old_paths)
    assert all(p.exists() for p in live_paths)
    remaining = set(db.session.scalars(select(EvidenceFile.id)))
    assert remaining == {f.id for f in live_files}


def test_the_purge_drafts_command(app, claimant, other_claimant):
    from claims import evidence

    old, live, old_files, _ = _two_drafts_one_expired(claimant, other_claimant)
    old_path = evidence.path_of(old_files[0])
    result = app.test_cli_runner().invoke(args=["purge-drafts"])
    assert result.exit_code == 0, result.output
    assert "Purged 1" in result.output
    assert [d.id for d in _drafts()] == [live.id] and not old_path.exists()


def test_a_submitted_draft_is_kept_for_its_claim_and_not_purged(claimant):
    claimant.complete()
    claimant.submit()
    draft = _drafts()[0]
    _expire(draft)
    db.session.commit()
    assert purge_expired_drafts() == 0


def test_a_claimant_never_sees_or_changes_another_claimants_draft(claimant, other_claimant):
    claimant.complete(pages={"about-you": {"first_name": "Priya", "last_name": "Shah"}})
    assert claimant.upload(("priya-letter.pdf", make_pdf()), ("priya-photo.png", make_png())).status_code == 302
    other_claimant.start()
    other_claimant.answer_ok("about-you", first_name="Bea", last_name="Jones")
    priyas_files = list(db.session.scalars(select(EvidenceFile)))
    assert len(priyas_files) == 2

    for item in priyas_files:
        response = other_claimant.client.post(f"/claim/evidence/{item.id}/remove")
        assert response.status_code == 404
    assert db.session.scalar(select(func.count(EvidenceFile.id))) == 2

    for path in ("/claim/about-you", "/claim/evidence", "/claim/saved"):
        text = other_claimant.client.get(path).get_data(as_text=True)
        assert "Priya" not in text and "Shah" not in text and "priya-letter" not in text, path
    assert "priya-letter.pdf" in claimant.get("/claim/evidence").text


def test_after_submission_the_draft_cannot_be_resumed_or_changed(claimant, app):
    claimant.start()
    claimant.answer_ok("about-you")
    token = _save_and_leave(claimant)
    for page in ("what-happened", "what-data", "who-saw-it", "effects", "money", "what-done"):
        claimant.answer_ok(page)
    assert claimant.upload(("letter.pdf", make_pdf())).status_code == 302
    claimant.submit()
    file_id = db.session.scalar(select(EvidenceFile.id))

    assert app.test_client().get(f"/claim/resume?t={token}").status_code == 404
    response = claimant.client.get("/claim/about-you")
    assert response.status_code == 302 and response.headers["Location"].endswith("/claim/")
    assert claimant.client.post(f"/claim/evidence/{file_id}/remove").status_code == 302
    attacker = Claimant(app.test_client())
    attacker.start()
    assert attacker.client.post(f"/claim/evidence/{file_id}/remove").status_code == 404
    assert db.session.get(EvidenceFile, file_id) is not None
    assert _drafts()[0].answers == {}  # the draft no longer holds the answers: the claim does
