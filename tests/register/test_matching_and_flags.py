"""At submission a claim is matched to the register (defendant by any of its names as compared, incident within
30 days of the breach) and checked for possible duplicates and conflicts; triage on the claim page shows both and
records the solicitor's decisions (audited). Merging a duplicate closes the newer claim, linked, and deletes
nothing."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from claims import evidence
from claims.extensions import db
from claims.models import AuditEvent, Claim, ClaimFlag, ConflictEntry, Defendant, Incident
from tests.pages import parse
from tests.sample_files import make_pdf



def register_entry(name="Plymouth City Council", public=True) -> Defendant:
    record = Defendant(name=name, sector="local_authority", public_authority=public)
    db.session.add(record)
    db.session.commit()
    return record


def incident_of(defendant, on, title="Report posted to a neighbour") -> Incident:
    incident = Incident(defendant_id=defendant.id, title=title, breach_type="misdirected_communication",
                        occurred_on=on)
    db.session.add(incident)
    db.session.commit()
    return incident


def named(name: str) -> dict:
    return {"organisation": {"organisation_name": name}}


@pytest.mark.parametrize("typed", ["Plymouth City Council", "The Plymouth City Council Ltd", "plymouth city council."])
def test_a_claim_is_matched_to_the_register_entry_and_the_incident_near_its_breach(make_claim, typed):
    entry = register_entry()
    incident_of(entry, date(2025, 6, 1), "An earlier breach")
    near = incident_of(entry, date(2025, 11, 20))  # the claim's breach is 10/11/2025
    claim = make_claim(**named(typed))
    assert (claim.defendant_id, claim.incident_id, claim.match_state) == (entry.id, near.id, "suggested")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "claim.register_matched"))
    assert event.details == {"defendant_id": entry.id, "incident_id": near.id, "imported": False}
    assert (event.actor, event.user_id) == ("system", None)


def test_a_variant_name_matches_too(make_claim):
    from claims.models import DefendantName
    entry = register_entry("Birmingham Children's Trust")
    db.session.add(DefendantName(defendant_id=entry.id, name="BCT", name_key="bct"))
    db.session.commit()
    assert make_claim(**named("Birmingham Childrens Trust CIC")).defendant_id == entry.id
    assert make_claim(**named("B.C.T.")).defendant_id is None  # "b c t" is not "bct"
    assert make_claim(**named("BCT")).defendant_id == entry.id


def test_no_match_leaves_the_claim_unmatched(make_claim):
    entry = register_entry()
    incident_of(entry, date(2026, 3, 1))
    claim = make_claim(**named("Leeds City Council"))
    assert (claim.defendant_id, claim.incident_id, claim.match_state) == (None, None, None)
    other = make_claim(**named("Plymouth City Council"))
    assert (other.defendant_id, other.incident_id, other.match_state) == (entry.id, None, "suggested")


def test_a_solicitor_confirms_or_changes_the_match_at_triage_and_it_is_recorded(client, login_as, make_claim):
    entry, other = register_entry(), register_entry("Devon County Council")
    incident = incident_of(entry, date(2025, 11, 10))
    elsewhere = incident_of(other, date(2025, 11, 10), "Devon's breach")
    claim = make_claim()
    user = login_as("solicitor")
    page = parse(client.get(f"/staff/claims/{claim.id}"))
    assert "Suggested by the system" in page.by_id("match-state").text
    assert "Report posted to a neighbour" in page.by_id("match-summary").text
    url = f"/staff/claims/{claim.id}/register-match"
    assert client.post(url, data={"defendant": str(entry.id), "incident": str(incident.id)}).status_code == 302
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    assert (claim.match_state, claim.match_reviewed_by_id) == ("confirmed", user.id)
    client.post(url, data={"defendant": str(entry.id), "incident": str(elsewhere.id)})  # another defendant's
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).incident_id == incident.id
    client.post(url, data={"defendant": str(other.id), "incident": str(elsewhere.id)})
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    assert (claim.defendant_id, claim.incident_id, claim.match_state) == (other.id, elsewhere.id, "changed")
    events = db.session.scalars(select(AuditEvent.details).where(
        AuditEvent.action == "claim.register_match_reviewed").order_by(AuditEvent.id)).all()
    assert [e["decision"] for e in events] == ["confirmed", "changed"]
    assert events[1]["fields"] == ["defendant_id", "incident_id"]
    assert "Changed by" in parse(client.get(f"/staff/claims/{claim.id}")).by_id("match-state").text


def flags_of(claim) -> list[ClaimFlag]:
    return list(db.session.scalars(select(ClaimFlag).where(ClaimFlag.claim_id == claim.id).order_by(ClaimFlag.id)))


def test_an_identical_resubmission_is_flagged_as_a_possible_duplicate(make_claim):
    first, again = make_claim(), make_claim()  # same name, date of birth, email, address, defendant, breach date
    assert flags_of(first) == []
    [flag] = flags_of(again)
    assert (flag.kind, flag.other_claim_id, flag.decision) == ("duplicate", first.id, None)
    assert flag.reasons == ["the same name", "the same date of birth", "the same email address", "the same postcode",
                            "the same defendant and breach date"]


# What the second claimant typed differently → flagged?
SECOND_CLAIMS = [
    ({}, True),
    ({"about-you": {"first_name": "ALEX", "last_name": "morgan"}}, True),
    ({"about-you": {"first_name": "Alexx"}}, True),
    ({"about-you": {"email": "someone.else@example.com"}}, True),  # same date of birth
    ({"about-you": {"date_of_birth-year": "1990"}}, True),  # same email
    ({"about-you": {"date_of_birth-year": "1990", "email": "someone.else@example.com"}}, False),
    ({"about-you": {"first_name": "Jordan"}}, False),
    ({"organisation": {"organisation_name": "Leeds City Council"}}, False),
    ({"organisation": {"organisation_name": "The Plymouth City Council Ltd"}}, True),
    ({"what-happened": {"breach_date-day": "15", "breach_date-month": "11", "discovered_date-day": "20"}}, True),  # 5 days on
    ({"what-happened": {"breach_date-day": "1", "breach_date-month": "3", "breach_date-year": "2026",
                        "discovered_date-day": "2", "discovered_date-month": "3", "discovered_date-year": "2026"}}, False),
]


@pytest.mark.parametrize("changes, flagged", SECOND_CLAIMS)
def test_duplicates_at_submission(make_claim, changes, flagged):
    make_claim()
    assert bool(flags_of(make_claim(**changes))) is flagged


@pytest.mark.parametrize("kind, name, flagged", [
    ("client", "Plymouth City Council", True),
    ("client", "The Plymouth City Council Ltd", True),
    ("client", "Devon County Council", False),
    ("opponent", "Alex Morgan", True),
    ("opponent", "alex  morgan", True),
    ("opponent", "Sam Morgan", False),
])
def test_a_conflict_is_flagged_against_the_firms_list(make_claim, make_user, kind, name, flagged):
    from claims.domain.register import name_key, person_key
    db.session.add(ConflictEntry(kind=kind, name=name, name_key=name_key(name) if kind == "client" else person_key(name)))
    db.session.commit()
    found = flags_of(make_claim())
    assert [(f.kind, f.reasons) for f in found] == ([("conflict", [
        "the firm acts or acted for the defendant" if kind == "client"
        else "the claimant is on the other side of a matter the firm runs"])] if flagged else [])


def test_the_conflict_list_is_kept_by_solicitors_and_checked(client, login_as, make_claim):
    login_as("solicitor")
    response = client.post("/staff/conflicts", data={"kind": "client", "name": "Plymouth City Council Ltd",
                                                     "note": "<b>Acted 2019</b>"})
    assert response.status_code == 302
    html = client.get("/staff/conflicts").get_data(as_text=True)
    assert "&lt;b&gt;Acted 2019&lt;/b&gt;" in html
    refused = parse(client.post("/staff/conflicts", data={"kind": "", "name": "Ltd"}))
    assert refused.error_message("kind") == "Say who they are"
    assert flags_of(make_claim())[0].kind == "conflict"


def test_triage_shows_the_flags_and_records_each_decision(client, login_as, make_claim):
    first, again = make_claim(), make_claim()
    [flag] = flags_of(again)
    login_as("solicitor")
    page = parse(client.get(f"/staff/claims/{again.id}"))
    assert f"Possible duplicate: of {first.reference}" in " ".join(page.by_id(f"flag-{flag.id}").text.split())
    url = f"/staff/claims/{again.id}/flags/{flag.id}"
    client.post(url, data={f"flag{flag.id}-decision": "not_duplicate"})  # no reason: not recorded
    db.session.expire_all()
    assert db.session.get(ClaimFlag, flag.id).decision is None
    client.post(url, data={f"flag{flag.id}-decision": "cleared", f"flag{flag.id}-reason": "x"})  # not a duplicate's
    db.session.expire_all()
    assert db.session.get(ClaimFlag, flag.id).decision is None
    client.post(url, data={f"flag{flag.id}-decision": "not_duplicate", f"flag{flag.id}-reason": "Twins, checked by phone"})
    db.session.expire_all()
    decided = db.session.get(ClaimFlag, flag.id)
    assert (decided.decision, decided.decision_reason) == ("not_duplicate", "Twins, checked by phone")
    assert db.session.get(Claim, again.id).status == "submitted"
    assert "Decided: Not a duplicate" in parse(client.get(f"/staff/claims/{again.id}")).by_id(f"flag-{flag.id}").text
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "claim.flag_decided"))
    assert event.details == {"kind": "duplicate", "decision": "not_duplicate", "other_claim_id": first.id}


def test_merging_a_duplicate_closes_it_linked_and_keeps_both_answers_and_evidence(client, login_as, make_claim):
    first, again = make_claim(), make_claim(**{"what-happened": {"account": "A second account of the same letter."}})
    item = evidence.store(evidence.check_upload("letter.pdf", make_pdf(), max_bytes=10**6), claim_id=again.id)
    db.session.commit()
    [flag] = flags_of(again)
    login_as("solicitor")
    client.post(f"/staff/claims/{again.id}/flags/{flag.id}",
                data={f"flag{flag.id}-decision": "merged", f"flag{flag.id}-reason": "Sent the form twice"})
    db.session.expire_all()
    merged = db.session.get(Claim, again.id)
    assert (merged.status, merged.duplicate_of_id) == ("withdrawn", first.id)
    assert merged.account.startswith("A second account")  # its answers are kept
    page = parse(client.get(f"/staff/claims/{first.id}"))
    listed = page.by_id("merged").text
    assert again.reference in listed and "letter.pdf" in listed
    assert f"/staff/claims/{again.id}/evidence/{item.id}" in page.links()
    assert client.get(f"/staff/claims/{again.id}/evidence/{item.id}").status_code == 200
    assert "Merged as a duplicate" in parse(client.get(f"/staff/claims/{again.id}")).by_id("duplicate-of").text


def test_a_duplicate_of_a_claim_the_user_may_not_see_is_not_named(client, login_as, make_claim):
    first = make_claim(team=None)
    db.session.commit()
    again = make_claim()
    [flag] = flags_of(again)
    login_as("solicitor")
    text = parse(client.get(f"/staff/claims/{again.id}")).by_id(f"flag-{flag.id}").text
    assert first.reference not in text and "you may not see" in text


def test_a_duplicate_is_not_merged_into_a_claim_the_user_may_not_see(client, login_as, make_claim):
    first = make_claim(team=None)
    again = make_claim()
    [flag] = flags_of(again)
    login_as("solicitor")
    client.post(f"/staff/claims/{again.id}/flags/{flag.id}",
                data={f"flag{flag.id}-decision": "merged", f"flag{flag.id}-reason": "Sent twice"})
    db.session.expire_all()
    assert db.session.get(Claim, again.id).status == "submitted"
    assert db.session.get(ClaimFlag, flag.id).decision is None
    assert db.session.get(Claim, first.id).status == "submitted"


def test_a_claim_naming_the_trust_plainly_matches_the_loaded_register_entry(app, make_claim):
    assert app.test_cli_runner().invoke(args=["load-register"]).exit_code == 0
    entry = db.session.scalar(select(Defendant).where(Defendant.name.like("Birmingham Children%")))
    claim = make_claim(**named("Birmingham Childrens Trust CIC"))
    assert entry.name == "Birmingham Children's Trust Community Interest Company"
    assert (claim.defendant_id, claim.match_state) == (entry.id, "suggested")
