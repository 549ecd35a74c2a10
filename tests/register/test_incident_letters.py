"""A bulk letter per incident: one letter of claim per claimant of the incident whose CFA is signed (of the claims
the user may see), whatever name each claimant gave the defendant, from the incident's page."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from claims.extensions import db
from claims.models import BulkLetterJob, ClaimDocument, Defendant, Incident
from tests.letters.test_bulk import signed_claims
from tests.pages import parse


def test_the_incidents_ready_claims_get_one_letter_each(client, login_as, make_claim):
    defendant = Defendant(name="Plymouth City Council", sector="local_authority", public_authority=True)
    db.session.add(defendant)
    db.session.flush()
    incident = Incident(defendant_id=defendant.id, title="Reports posted to neighbours",
                        breach_type="misdirected_communication", occurred_on=date(2025, 11, 12))
    db.session.add(incident)
    db.session.commit()
    login_as("solicitor")
    claims = signed_claims(client, make_claim, ["Adams", "Brown", "Clark"])
    assert {c.incident_id for c in claims} == {incident.id}  # matched at submission (breach 10/11/2025)
    outside = claims[2]
    outside.incident_id = None
    db.session.commit()
    page = parse(client.get(f"/staff/incidents/{incident.id}"))
    assert "bulk-letters-form" in page.ids
    response = client.post(f"/staff/letters/bulk/incident/{incident.id}")
    assert response.status_code == 302
    job = db.session.scalar(select(BulkLetterJob))
    assert (job.status, job.total, job.done, job.failures) == ("finished", 2, 2, "")
    assert job.defendant_name == f"Plymouth City Council: Reports posted to neighbours (incident {incident.id})"
    made = db.session.scalars(select(ClaimDocument.claim_id).where(ClaimDocument.bulk_job_id == job.id)).all()
    assert sorted(made) == sorted(c.id for c in claims[:2])
    again = client.post(f"/staff/letters/bulk/incident/{incident.id}")  # nothing left ready
    assert again.status_code == 302 and db.session.scalar(select(BulkLetterJob.id).where(BulkLetterJob.id != job.id)) is None
