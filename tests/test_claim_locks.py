"""A change to a claim happens once, however many people press the button at the same moment.

Real threads, each with its own signed-in client and database connection, on the test database
(SQLite file or PostgreSQL): they wait at a barrier and post together.
"""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from claims.extensions import db
from claims.models import Agreement, ClaimDocument, StatusChange
from tests.conftest import PASSWORD
from tests.letters.test_flow import ACCEPT, signing_link
from tests.outbox import outbox
from tests.pages import parse


def together(app, posts):
    """Run each (client, url, data) post in its own thread, all released at once; the responses in order."""
    db.session.commit()  # the test's own session holds nothing while the threads run
    barrier = threading.Barrier(len(posts))
    responses: list = [None] * len(posts)

    def run(index, client, url, data):
        barrier.wait()
        responses[index] = client.post(url, data=data)

    threads = [threading.Thread(target=run, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(response is not None for response in responses), "a request did not finish"
    return responses


def signed_in(app, user):
    """A new client signed in as ``user``. Requests in this thread share the test's app context, where
    Flask-Login keeps the last user it loaded (``g._login_user``): forget it, or the sign-in page would
    take the new client for the last one and set no cookie."""
    from flask import g

    g.pop("_login_user", None)
    client = app.test_client()
    assert client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 302
    assert client.get_cookie("session") is not None
    g.pop("_login_user", None)
    return client


def count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_ten_accepts_at_once_make_one_agreement(app, make_user, make_claim):
    claim = make_claim()
    first, second = make_user("solicitor"), make_user("solicitor")
    clients = [signed_in(app, first if i % 2 else second) for i in range(10)]
    url = f"/staff/claims/{claim.id}/accept"
    responses = together(app, [(client, url, ACCEPT) for client in clients])

    assert count(Agreement, Agreement.claim_id == claim.id) == 1
    assert count(ClaimDocument, ClaimDocument.claim_id == claim.id, ClaimDocument.kind == "client_care_cfa") == 1
    assert count(StatusChange, StatusChange.claim_id == claim.id, StatusChange.to_status == "accepted") == 1
    assert [m.subject for m in outbox(claim.id)].count(f"Your no win, no fee agreement – {claim.reference}") == 1
    # One is told it worked; everyone who came second is told who did it first, or (SQLite, past its
    # busy timeout on a loaded machine) that someone else is changing the claim and to try again.
    told = []
    for client, response in zip(clients, responses):
        if response.status_code == 409:
            told.append("busy" if "This is being changed right now" in response.get_data(as_text=True) else "?")
            continue
        assert response.status_code == 302
        page = parse(client.get(response.headers["Location"])).text
        told.append("accepted" if "Claim accepted." in page else
                    "already" if "This claim cannot be accepted now. It was moved to “CFA sent” by Test Solicitor"
                    in page else f"? {response.headers['Location']}: {page[:300]}")
    assert told.count("accepted") == 1 and not [t for t in told if t.startswith("?")], told


def test_a_double_clicked_sign_signs_once(app, client, login_as, make_claim):
    login_as("solicitor")
    claim = make_claim()
    assert client.post(f"/staff/claims/{claim.id}/accept", data=ACCEPT).status_code == 302
    link = signing_link(claim)
    shown = parse(client.get(link)).by_id("shown_sha256").attrs["value"]
    data = {"typed_name": "Alex Morgan", "agree": "y", "shown_sha256": shown}
    responses = together(app, [(app.test_client(), link, data) for _ in range(4)])

    # One signs (and is redirected); the others find it signed and see the progress page, or (SQLite, past
    # its busy timeout on a loaded machine) are told someone else is changing it and to try again.
    codes = sorted(r.status_code for r in responses)
    assert codes.count(302) == 1 and set(codes) <= {200, 302, 409}, codes
    assert all("This is being changed right now" in r.get_data(as_text=True)
               for r in responses if r.status_code == 409)
    assert count(StatusChange, StatusChange.claim_id == claim.id, StatusChange.to_status == "cfa_signed") == 1
    assert count(ClaimDocument, ClaimDocument.claim_id == claim.id, ClaimDocument.signed.is_(True)) == 1
    assert [m.subject for m in outbox(claim.id)].count(f"You have signed your agreement – {claim.reference}") == 1


def test_a_bulk_job_never_writes_a_second_letter_of_claim(app, client, login_as, make_claim):
    """A solicitor writes the letter of claim while a bulk job for the same defendant is running:
    the job waits for the claim's lock, sees the letter and skips the claim."""
    from claims.claim.moves import lock_claim
    from claims.letters import bulk, service
    from claims.models import BulkLetterJob
    from tests.letters.test_bulk import signed_claims

    solicitor = login_as("solicitor")
    (claim,) = signed_claims(client, make_claim, ["Adams"])
    job = BulkLetterJob(defendant_name=claim.defendant_name, claim_ids=str(claim.id), total=1,
                        created_by_id=solicitor.id)
    db.session.add(job)
    db.session.commit()

    lock_claim(claim.id)  # the solicitor's request holds the claim while the job starts
    worker = threading.Thread(target=_run_in_own_context, args=(app, bulk.run, job.id))
    worker.start()
    service.generate(claim, "letter_of_claim", by=solicitor, today=claim.submitted_at.date())
    db.session.commit()
    worker.join(timeout=60)

    assert count(ClaimDocument, ClaimDocument.claim_id == claim.id, ClaimDocument.kind == "letter_of_claim") == 1
    db.session.refresh(job)
    assert (job.status, job.done, job.failed) == ("finished", 0, 1)
    assert "no longer ready" in job.failures


def _run_in_own_context(app, function, *args):
    with app.app_context():
        try:
            function(*args)
        finally:
            db.session.remove()


def test_taking_the_lock_changes_nothing_on_the_claim(app, make_claim):
    """A refused or invalid POST takes the lock too: it must not touch updated_at (the valuation
    pool's cache key and a settlement's fallback date read it)."""
    from claims.claim.moves import lock_claim
    from claims.models import Claim

    claim = make_claim()
    before = claim.updated_at
    assert lock_claim(claim.id) is True
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).updated_at == before
    assert lock_claim(2**31 - 1) is False
