"""Bulk letters of claim: one letter per claimant (never a group letter) for many claims against
one defendant, or for the claims of one incident, made by a background job with progress, and a zip of the
letters at the end.

``start`` records the job and queues it; ``run`` (in the worker) makes each letter in its own
transaction, so one claim that fails is reported by reference and the rest carry on.
"""
from __future__ import annotations

import logging
import re
import zipfile
from io import BytesIO

from sqlalchemy import func, select

from claims import audit, private_files, unit_of_work
from claims.clock import uk_today
from claims.claim.access import visible_claims
from claims.claim.moves import lock_claim
from claims.extensions import db
from claims.letters import documents, service, tasks, templates
from claims.models import Agreement, BulkLetterJob, Claim, ClaimDocument, Incident, User
from claims.models._types import utcnow

log = logging.getLogger(__name__)
_INCIDENT_JOB = re.compile(r"\(incident (\d+)\)$")  # the name ``start`` gives a job for one incident
READY_STATUSES = ("cfa_signed", "sar_sent")  # signed and not yet written to


def _ready(defendant_name: str | None = None, user: User | None = None, incident_id: int | None = None):
    """Claims with a signed CFA in force and no letter of claim yet (of those ``user`` may see, if given)."""
    signed = (select(Agreement.claim_id).where(Agreement.signed_at.is_not(None), Agreement.cancelled_at.is_(None)))
    written = select(ClaimDocument.claim_id).where(ClaimDocument.kind == "letter_of_claim")
    query = select(Claim.id).where(Claim.status.in_(READY_STATUSES), Claim.id.in_(signed), Claim.id.not_in(written))
    if user is not None:
        query = query.where(visible_claims(user))
    if incident_id is not None:
        return query.where(Claim.incident_id == incident_id)
    return query.where(Claim.defendant_name == defendant_name) if defendant_name is not None else query


def defendants_ready(user: User) -> list[tuple[str, int]]:
    """Defendants with claims ``user`` may see ready for a letter of claim, and how many, most first."""
    ready = _ready(user=user).subquery()
    rows = db.session.execute(
        select(Claim.defendant_name, func.count()).where(Claim.id.in_(select(ready.c.id)))
        .group_by(Claim.defendant_name).order_by(func.count().desc(), Claim.defendant_name))
    return [(name, count) for name, count in rows]


class JobAlreadyOpen(ValueError):
    """A job for this defendant is still queued or running."""


def start(defendant_name: str, *, by: User, incident: Incident | None = None) -> BulkLetterJob | None:
    """Record a job for every ready claim against the defendant that ``by`` may see, and queue it; None if
    there are none. With ``incident``: every ready claim of that incident (one breach, many claimants), whatever
    name each claimant gave the defendant; the job is named by the incident."""
    if incident is not None:
        defendant_name = f"{incident.defendant.name}: {incident.title} (incident {incident.id})"[:200]
    open_job = db.session.scalar(select(BulkLetterJob.id).where(BulkLetterJob.defendant_name == defendant_name,
                                                                BulkLetterJob.status.in_(("queued", "running"))))
    if open_job is not None:
        raise JobAlreadyOpen(f"Job {open_job} for this {'incident' if incident else 'defendant'} has not finished yet")
    ready = (_ready(user=by, incident_id=incident.id) if incident is not None else _ready(defendant_name, user=by))
    claim_ids = list(db.session.scalars(ready.order_by(Claim.id)))
    if not claim_ids:
        return None
    job = BulkLetterJob(defendant_name=defendant_name, claim_ids=",".join(map(str, claim_ids)),
                        total=len(claim_ids), created_by_id=by.id)
    db.session.add(job)
    db.session.flush()
    audit.record("bulk_letters.started", entity_type="bulk_letter_job", entity_id=job.id,
                 details={"claims": len(claim_ids)})
    unit_of_work.after_commit(tasks.make_bulk_letters, job.id)  # the worker must find the job saved
    return job


def run(job_id: int) -> None:
    """Make the job's letters one claim at a time, then the zip."""
    job = db.session.get(BulkLetterJob, job_id)
    if job is None or job.status not in ("queued", "running"):
        return
    job.status = "running"
    db.session.commit()
    template = templates.active("letter_of_claim")  # one template for the whole job
    author = db.session.get(User, job.created_by_id)
    today = uk_today()
    try:
        _make_letters(job, template, author, today)
        job.zip_name = _write_zip(job)
        job.status = "finished"
    except Exception as exc:  # the job must end, with what it made so far kept
        db.session.rollback()
        job = db.session.get(BulkLetterJob, job_id)
        log.error("bulk letter job %s stopped: %s", job_id, type(exc).__name__)
        job.status = "failed"
    job.finished_at = utcnow()
    audit.record("bulk_letters.finished", entity_type="bulk_letter_job", entity_id=job.id, actor="system",
                 details={"done": job.done, "failed": job.failed, "status": job.status})
    db.session.commit()


def _make_letters(job: BulkLetterJob, template, author: User, today) -> None:
    for claim_id in map(int, filter(None, job.claim_ids.split(","))):
        reference = f"claim {claim_id}"
        try:
            lock_claim(claim_id)  # a solicitor writing to the same claim now waits, or is waited for
            claim = db.session.get(Claim, claim_id, populate_existing=True)
            reference = claim.reference or reference
            if db.session.scalar(_job_ready(job).where(Claim.id == claim_id)) is None:
                raise service.LetterRefused("no longer ready (it has a letter of claim, or its CFA is not in force)")
            service.generate(claim, "letter_of_claim", by=author, today=today, template=template,
                             bulk_job_id=job.id, actor="system")
            job.done += 1
            db.session.commit()
        except Exception as exc:  # one claim's failure must not stop the rest
            db.session.rollback()
            log.warning("bulk letter job %s: claim %s failed: %s", job.id, claim_id, type(exc).__name__)
            job.failed += 1
            reason = str(exc) if isinstance(exc, (service.LetterRefused, ValueError)) else "an unexpected error"
            job.failures = (job.failures or "") + f"{reference}: {reason}\n"
            db.session.commit()


def _job_ready(job: BulkLetterJob):
    """The ready claims of the job's defendant, or of its incident for a job named "…(incident N)"."""
    incident = _INCIDENT_JOB.search(job.defendant_name)
    return _ready(incident_id=int(incident.group(1))) if incident else _ready(job.defendant_name)


def _write_zip(job: BulkLetterJob) -> str | None:
    made = db.session.execute(select(ClaimDocument, Claim).join(Claim, ClaimDocument.claim_id == Claim.id)
                              .where(ClaimDocument.bulk_job_id == job.id).order_by(Claim.id)).all()
    if not made:
        return None
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for document, claim in made:
            archive.writestr(documents.download_name(claim, document), documents.read(document))
    return private_files.write("DOCUMENTS_DIR", buffer.getvalue(), prefix="bulk-", suffix=".zip")


def _job_claim_ids(job: BulkLetterJob) -> set[int]:
    return {int(part) for part in job.claim_ids.split(",") if part}


def visible_jobs(jobs: list[BulkLetterJob], user: User) -> list[BulkLetterJob]:
    """The jobs every one of whose claims ``user`` may see (a job's page and zip hold its letters), in one query."""
    wanted = set().union(*(_job_claim_ids(job) for job in jobs)) if jobs else set()
    seen = set(db.session.scalars(select(Claim.id).where(Claim.id.in_(wanted), visible_claims(user)))) if wanted else set()
    return [job for job in jobs if _job_claim_ids(job) <= seen]


def failures(job: BulkLetterJob) -> list[str]:
    return [line for line in (job.failures or "").splitlines() if line]
