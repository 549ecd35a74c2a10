"""Bulk letters of claim: one letter per claimant against one defendant, made by the job queue,
a failure on one claim reported without stopping the rest, and a zip of the letters."""
from __future__ import annotations

import zipfile
from io import BytesIO

from sqlalchemy import func, select

from claims.extensions import db
from claims.models import BulkLetterJob, Claim, ClaimDocument
from tests.letters.test_flow import ACCEPT, prepare_letter_of_claim, sign, signing_link
from tests.word_files import docx_text
from tests.pages import parse


def signed_claims(client, make_claim, surnames: list[str]) -> list[Claim]:
    made = []
    for surname in surnames:
        claim = make_claim(**{"about-you": {"last_name": surname}})
        assert client.post(f"/staff/claims/{claim.id}/accept", data=ACCEPT).status_code == 302
        prepare_letter_of_claim(client, claim)
        assert sign(client, signing_link(claim), name=f"Alex {surname}").status_code == 302
        made.append(claim)
    return made


def test_bulk_job_makes_one_letter_per_claimant_and_a_zip(client, login_as, make_claim, monkeypatch):
    login_as("solicitor")
    claims = signed_claims(client, make_claim, ["Adams", "Brown", "Clark"])
    other = make_claim(**{"organisation": {"organisation_name": "Another Council"}})  # not signed, other defendant

    # One claim fails while its letter is being made: it is reported and the others carry on.
    from claims.letters import service

    real_generate = service.generate

    def flaky(claim, kind, **kwargs):
        if claim.claimant.last_name == "Brown":
            raise service.LetterRefused("The defendant's address is missing")
        return real_generate(claim, kind, **kwargs)

    monkeypatch.setattr(service, "generate", flaky)
    page = client.get("/staff/letters/bulk")
    assert "Plymouth City Council (3 claims ready)" in parse(page).text
    response = client.post("/staff/letters/bulk", data={"defendant": "Plymouth City Council"})
    assert response.status_code == 302
    job = db.session.scalar(select(BulkLetterJob))
    assert (job.status, job.total, job.done, job.failed) == ("finished", 3, 2, 1)
    brown = next(c for c in claims if c.claimant.last_name == "Brown")
    assert job.failures.strip() == f"{brown.reference}: The defendant's address is missing"

    progress = parse(client.get(f"/staff/letters/bulk/{job.id}")).text
    assert "2 of 3 letters made, 1 failed" in progress and brown.reference in progress
    download = client.get(f"/staff/letters/bulk/{job.id}/download")
    with zipfile.ZipFile(BytesIO(download.data)) as archive:
        names = sorted(archive.namelist())
        assert len(names) == 2
        for name in names:
            text = docx_text(archive.read(name))
            surnames = [s for s in ("Adams", "Brown", "Clark") if f"Alex {s}" in text]
            assert len(surnames) == 1  # never a group letter
    made = db.session.scalars(select(ClaimDocument).where(ClaimDocument.bulk_job_id == job.id)).all()
    assert sorted(d.claim_id for d in made) == sorted(c.id for c in claims if c.claimant.last_name != "Brown")
    db.session.expire_all()
    assert {db.session.get(Claim, c.id).status for c in claims} == {"letter_of_claim_sent", "cfa_signed"}
    assert db.session.get(Claim, other.id).status == "submitted"


def test_no_ready_claims_means_no_job(client, login_as, make_claim):
    login_as("solicitor")
    make_claim()
    response = client.post("/staff/letters/bulk", data={"defendant": "Plymouth City Council"})
    assert response.status_code == 200
    assert db.session.scalar(select(BulkLetterJob)) is None


def test_a_second_job_waits_for_the_first_and_never_writes_twice(client, login_as, make_claim):
    from claims.letters import bulk

    login_as("solicitor")
    signed_claims(client, make_claim, ["Hughes"])
    from claims.models import User

    author = db.session.scalar(select(User))
    open_job = BulkLetterJob(defendant_name="Plymouth City Council", claim_ids="", total=0, created_by_id=author.id)
    db.session.add(open_job)
    db.session.commit()
    refused = client.post("/staff/letters/bulk", data={"defendant": "Plymouth City Council"})
    assert any("has not finished yet" in e for _, e in parse(refused).error_summary())
    open_job.status = "finished"
    db.session.commit()
    client.post("/staff/letters/bulk", data={"defendant": "Plymouth City Council"})
    first = db.session.scalars(select(BulkLetterJob).order_by(BulkLetterJob.id.desc())).first()
    assert (first.done, first.failed) == (1, 0)
    # Run the finished job's claims again, as a stale second job would: nothing is written twice.
    again = BulkLetterJob(defendant_name=first.defendant_name, claim_ids=first.claim_ids, total=1,
                          created_by_id=author.id)
    db.session.add(again)
    db.session.commit()
    bulk.run(again.id)
    assert (again.done, again.failed, again.status) == (0, 1, "finished")
    assert "no longer ready" in again.failures
    assert db.session.scalar(select(func.count()).select_from(ClaimDocument)
                             .where(ClaimDocument.kind == "letter_of_claim")) == 1
