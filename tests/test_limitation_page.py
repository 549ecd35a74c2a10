"""Limitation on the staff pages: the claim page and list screen as at today, both periods of a personal
injury claim are shown, and a solicitor records concealment (s.32) and lack of capacity (s.28) with a
small form whose bad dates are refused with a clear message, the answers kept.

The standard claim (tests/journey.py) is against a council: breach 10/11/2025, found out 20/11/2025.
The run happens on 23/11/2026 (tests/clock.py), so its Human Rights Act year ended on 09/11/2026.
"""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from claims.extensions import db
from claims.models import AuditEvent, Claim
from claims.valuation import service
from tests.pages import parse

PSYCHIATRIC = {"effects": {"medical_help": "specialist", "diagnosed": "yes"}}
URL = "/staff/claims/{}/limitation"


def limitation_post(**answers) -> dict:
    """The form as posted: answers like concealed="yes", concealment_discovered_on=(1, 3, 2026)."""
    data = {"limitation-concealed": answers.get("concealed", "no"),
            "limitation-lacked_capacity": answers.get("lacked_capacity", "no"), "limitation-submit": "y"}
    for name in ("concealment_discovered_on", "capacity_regained_on"):
        day, month, year = answers.get(name, ("", "", ""))
        data.update({f"limitation-{name}-day": str(day), f"limitation-{name}-month": str(month),
                     f"limitation-{name}-year": str(year)})
    return data


def limitation_rows(page) -> dict[str, str]:
    """Cause label → the row's text, from the claim page's limitation table."""
    rows = {}
    text = page.by_id("limitation-dates").text
    for label in ("UK GDPR Art. 82 and DPA 2018 s.168–169", "Misuse of private information", "Breach of confidence",
                  "Human Rights Act 1998, Art. 8 (public authority)"):
        start = text.find(label)
        if start >= 0:
            ends = [text.find(other, start + len(label)) for other in (
                "UK GDPR Art. 82", "Misuse of private information", "Breach of confidence", "Human Rights Act 1998")]
            end = min([e for e in ends if e > start] or [len(text)])
            rows[label] = " ".join(text[start:end].split())
    return rows


def stored_key_dates(claim_id: int) -> dict[str, date]:
    claim = db.session.get(Claim, claim_id)
    return {kd.cause: kd.due_on for kd in claim.key_dates if kd.kind == "limitation"}


# -- the claim page and the list, as at today -----------------------------------------------------------

def test_the_claim_page_screens_as_at_today_not_as_at_submission(client, login_as, make_claim):
    login_as("solicitor")
    claim = make_claim(today=date(2025, 11, 25))  # screened when the HRA year still had a year to run
    assert "partly_out_of_time" not in {f["code"] for f in claim.screening_flags}
    page = parse(client.get(f"/staff/claims/{claim.id}"))
    screening = " ".join(page.by_id("screening-flags").text.split())
    assert "partly out of time" in screening and "(ended 09/11/2026)" in screening
    assert "out of time Out of time:" not in screening  # the whole claim is not out of time
    rows = limitation_rows(page)
    assert "10/11/2031 (6 years, applies)" in rows["UK GDPR Art. 82 and DPA 2018 s.168–169"]
    assert "10/11/2028 (3 years, if the claim came to include a personal injury)" in rows["Misuse of private information"]
    assert "09/11/2026 (1 year, applies) passed" in rows["Human Rights Act 1998, Art. 8 (public authority)"]
    assert "As at 23/11/2026" in page.text


def test_a_psychiatric_injury_shows_the_three_year_date_with_the_six_year_one_beside_it(client, login_as, make_claim):
    login_as("solicitor")
    claim = make_claim(**PSYCHIATRIC)
    page = parse(client.get(f"/staff/claims/{claim.id}"))
    rows = limitation_rows(page)
    assert "10/11/2028 (3 years: personal injury, applies)" in rows["UK GDPR Art. 82 and DPA 2018 s.168–169"]
    assert "10/11/2031 (6 years, without the personal injury)" in rows["UK GDPR Art. 82 and DPA 2018 s.168–169"]
    assert "Limitation Act 1980 s.11(4)" in rows["Breach of confidence"]
    screening = " ".join(page.by_id("screening-flags").text.split())
    assert "personal injury Personal injury: the claim includes a diagnosed psychiatric injury" in screening
    assert "It ends on 10/11/2028, not on the 6-year date of 10/11/2031" in screening
    assert stored_key_dates(claim.id)["uk_gdpr"] == date(2028, 11, 10)
    assert claim.earliest_limitation_on == date(2026, 11, 9)  # the HRA date: the earliest of all, passed or not


def test_the_claim_list_screens_each_row_as_at_today(client, login_as, make_claim):
    login_as("solicitor")
    council = make_claim(today=date(2025, 11, 25))
    injured = make_claim(**PSYCHIATRIC, **{"about-you": {"last_name": "Injured"}})
    page = parse(client.get("/staff/claims/"))
    text = " ".join(page.text.split())
    council_row = text[text.find(council.reference):text.find(injured.reference)] if text.find(
        council.reference) < text.find(injured.reference) else text[text.find(council.reference):]
    assert "10/11/2031" in council_row and "partly out of time" in council_row
    assert "Expired" not in council_row and "out of time out of time" not in council_row
    injured_row = text[text.find(injured.reference):]
    injured_row = injured_row[:injured_row.find(council.reference)] if council.reference in injured_row else injured_row
    assert "10/11/2028" in injured_row and "personal injury" in injured_row


# -- recording concealment and capacity -----------------------------------------------------------------

def test_the_form_starts_from_what_the_claim_records(client, login_as, make_claim):
    login_as("solicitor")
    claim = make_claim()
    page = parse(client.get(f"/staff/claims/{claim.id}"))
    assert page.checked("limitation-concealed") == ["no"] and page.checked("limitation-lacked_capacity") == ["no"]
    # the discovery date starts as the day the claimant found out about the breach
    assert [page.value(f"limitation-concealment_discovered_on-{p}") for p in ("day", "month", "year")] == [
        "20", "11", "2025"]
    assert [page.value(f"limitation-capacity_regained_on-{p}") for p in ("day", "month", "year")] == ["", "", ""]


def test_recording_concealment_moves_the_dates_and_is_audited(client, login_as, make_claim):
    user = login_as("solicitor")
    claim = make_claim()
    response = client.post(URL.format(claim.id), data=limitation_post(concealed="yes",
                                                                      concealment_discovered_on=(1, 3, 2026)))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/staff/claims/{claim.id}#limitation")
    db.session.expire_all()
    stored = db.session.get(Claim, claim.id)
    assert stored.concealment_discovered_on == date(2026, 3, 1)
    assert stored_key_dates(claim.id) == {"human_rights_act": date(2026, 11, 9), "uk_gdpr": date(2032, 3, 1),
                                          "misuse_private_information": date(2032, 3, 1),
                                          "breach_of_confidence": date(2032, 3, 1)}
    assert stored.earliest_limitation_on == date(2026, 11, 9)
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "claim.limitation_facts_changed"))
    assert (event.claim_id, event.user_id, event.details) == (claim.id, user.id, {"fields": ["concealment_discovered_on"]})
    page = parse(client.get(f"/staff/claims/{claim.id}"))
    assert "6 years from the discovery of the concealment on 01/03/2026" in page.text
    assert "Yes, discovered on 01/03/2026" in " ".join(page.text.split())
    # the same answers again change nothing and are not audited again
    client.post(URL.format(claim.id), data=limitation_post(concealed="yes", concealment_discovered_on=(1, 3, 2026)))
    assert len(db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "claim.limitation_facts_changed")).all()) == 1


def test_recording_lack_of_capacity_stops_the_clock_until_it_is_regained(client, login_as, make_claim):
    login_as("partner")
    claim = make_claim()
    assert client.post(URL.format(claim.id), data=limitation_post(lacked_capacity="yes")).status_code == 302
    db.session.expire_all()
    assert stored_key_dates(claim.id) == {"human_rights_act": date(2026, 11, 9)}  # the HRA year is never postponed
    page = parse(client.get(f"/staff/claims/{claim.id}"))
    rows = limitation_rows(page)
    assert "Not running yet (6 years, applies)" in rows["UK GDPR Art. 82 and DPA 2018 s.168–169"]
    assert "partly out of time" in " ".join(page.by_id("screening-flags").text.split())
    list_text = " ".join(parse(client.get("/staff/claims/")).text.split())
    assert "Not running" in list_text and "Expired" not in list_text
    # capacity regained on 31/01/2026 (a month end): six years from then
    client.post(URL.format(claim.id), data=limitation_post(lacked_capacity="yes", capacity_regained_on=(31, 1, 2026)))
    db.session.expire_all()
    assert stored_key_dates(claim.id)["uk_gdpr"] == date(2032, 1, 31)
    assert db.session.get(Claim, claim.id).capacity_regained_on == date(2026, 1, 31)


@pytest.mark.parametrize("answers, field, message", [
    ({"concealed": "yes", "concealment_discovered_on": (31, 2, 2026)}, "limitation-concealment_discovered_on",
     "The date the claimant discovered the concealment must be a real date, like 27 3 2024"),
    ({"concealed": "yes", "concealment_discovered_on": (1, "", 2026)}, "limitation-concealment_discovered_on",
     "The date the claimant discovered the concealment must include a month"),
    ({"concealed": "yes"}, "limitation-concealment_discovered_on",
     "Enter the date the claimant discovered the concealment"),
    ({"concealed": "yes", "concealment_discovered_on": (9, 11, 2025)}, "limitation-concealment_discovered_on",
     "The date the claimant discovered the concealment must be the same as or after the date of the breach, "
     "10/11/2025"),
    ({"concealed": "yes", "concealment_discovered_on": (24, 11, 2026)}, "limitation-concealment_discovered_on",
     "The date the claimant discovered the concealment must be today or in the past"),
    ({"lacked_capacity": "yes", "capacity_regained_on": (10, 11, 2025)}, "limitation-capacity_regained_on",
     "The date capacity was regained must be after the date of the breach, 10/11/2025"),
    ({"lacked_capacity": "yes", "capacity_regained_on": (29, 2, 2027)}, "limitation-capacity_regained_on",
     "The date capacity was regained must be a real date, like 27 3 2024"),
    ({"lacked_capacity": "yes", "capacity_regained_on": (1, 12, 2026)}, "limitation-capacity_regained_on",
     "The date capacity was regained must be today or in the past"),
    # capacity lost after the claim arose: nothing to record
    ({"lacked_capacity": "no", "capacity_regained_on": (1, 6, 2026)}, "limitation-capacity_regained_on",
     "Leave the date capacity was regained blank unless the claimant lacked capacity when the claim arose"),
])
def test_bad_dates_are_refused_with_a_clear_message_and_the_answers_kept(client, login_as, make_claim, answers,
                                                                        field, message):
    login_as("solicitor")
    claim = make_claim()
    data = limitation_post(**answers)
    response = client.post(URL.format(claim.id), data=data)
    assert response.status_code == 200
    page = parse(response)
    [(anchor, summary)] = page.error_summary()
    assert anchor == f"#{field}-day" and summary.startswith(message)
    assert page.error_message(field).startswith(message)
    for name, value in data.items():
        if name.endswith(("-day", "-month", "-year")):
            assert page.value(name) == value  # shown back as typed
    assert page.checked("limitation-concealed") == [data["limitation-concealed"]]
    assert page.checked("limitation-lacked_capacity") == [data["limitation-lacked_capacity"]]
    db.session.expire_all()
    stored = db.session.get(Claim, claim.id)
    assert (stored.concealment_discovered_on, stored.lacked_capacity, stored.capacity_regained_on) == (None, False, None)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "claim.limitation_facts_changed")) is None


def test_a_discovery_date_is_ignored_when_nothing_was_concealed(client, login_as, make_claim):
    login_as("solicitor")
    claim = make_claim()
    data = limitation_post(concealed="no", concealment_discovered_on=(31, 2, 2026))
    assert client.post(URL.format(claim.id), data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).concealment_discovered_on is None


def test_only_solicitors_and_partners_record_limitation_facts(client, login_as, make_claim):
    login_as("admin")
    claim = make_claim()
    assert client.get(f"/staff/claims/{claim.id}").status_code == 404  # an administrator reads no claim
    assert client.post(URL.format(claim.id), data=limitation_post(concealed="yes",
                                                                  concealment_discovered_on=(1, 3, 2026))).status_code == 404


# -- the valuation report shows limitation as at the day it is read --------------------------------------

def test_an_old_valuation_reads_limitation_as_at_today(client, login_as, make_claim):
    login_as("solicitor")
    claim = make_claim(today=date(2025, 11, 25))
    snapshot = service.value_claim(claim, user=None, as_of=date(2026, 9, 1))  # the HRA year had 2 months left
    db.session.commit()
    assert {f["code"] for f in snapshot.output["flags"]} >= {"limitation_soon"}
    page = parse(client.get(f"/staff/valuation/claims/{claim.id}"))
    flags = " ".join(page.by_id("flags").text.split())
    assert "partly out of time" in flags and "limitation soon" not in flags


def test_the_review_queue_shows_limitation_as_at_today(client, login_as, make_claim):
    login_as("partner")
    claim = make_claim(today=date(2025, 11, 25))
    service.value_claim(claim, user=None, as_of=date(2026, 9, 1))  # stored with "limitation soon"
    db.session.commit()
    rows = " ".join(parse(client.get("/staff/valuation/review")).by_id("review-queue").text.split())
    assert "partly out of time" in rows and "limitation soon" not in rows
