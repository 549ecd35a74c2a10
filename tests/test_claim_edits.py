"""Staff correcting a claim's facts: each section saves and keeps its history; bad answers are refused with the
typing kept; two people editing at once never overwrite each other silently; an edit follows through to the
limitation dates (and their warnings), the screening flags, the valuation and the letter's confirmed facts.

The standard claim (tests/journey.py): Alex Morgan, born 14/06/1986, against Plymouth City Council (a public
body), breach 10/11/2025, found out 20/11/2025, GP seen and diagnosed with anxiety; therapy £240.00 and
travel £12.50. The run happens on 23/11/2026 (tests/clock.py).
"""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from claims.claim.events import limitation_changed
from claims.domain import vocab
from claims.extensions import db
from claims.web import uk_datetime
from claims.models import AuditEvent, Claim, ClaimEdit, Defendant, FinancialLoss
from claims.valuation import service
from tests.pages import parse

EDIT = "/staff/claims/{}/edit/{}"


def claimant_post(version, **changes) -> dict:
    data = {"version": str(version), "first_name": "Alex", "last_name": "Morgan", "date_of_birth-day": "14",
            "date_of_birth-month": "6", "date_of_birth-year": "1986", "email": "alex@example.com",
            "phone": "07700 900982", "address_line_1": "1 High Street", "address_line_2": "", "town": "Plymouth",
            "postcode": "PL1 2AB", "reason": ""}
    data.update(changes)
    return data


def dates_post(version, breach=(10, 11, 2025), found=(20, 11, 2025), **extra) -> dict:
    data = {"version": str(version)}
    for name, (day, month, year) in (("breach_on", breach), ("discovered_on", found)):
        data.update({f"{name}-day": str(day), f"{name}-month": str(month), f"{name}-year": str(year)})
    return {**data, **extra}


def effects_post(version, **changes) -> dict:
    data = {"version": str(version), "distress_level": "significant", "effects": ["anxiety", "sleep", "fear_for_safety"],
            "effects_details": "I could not sleep for weeks.", "medical_help": "gp", "diagnosed": "yes",
            "diagnosis_details": "Anxiety", "condition_worsened": "no", "effects_ongoing": "yes"}
    data.update(changes)
    return data


def defendant_post(version, **changes) -> dict:
    data = {"version": str(version), "defendant_name": "Plymouth City Council", "defendant_sector": "local_authority",
            "defendant_public_authority": "yes", "defendant_id": ""}
    data.update(changes)
    return data


def edits(claim_id) -> list[tuple]:
    return [(e.field, e.old_value, e.new_value, e.version) for e in db.session.scalars(
        select(ClaimEdit).where(ClaimEdit.claim_id == claim_id).order_by(ClaimEdit.id))]


def history_rows(page) -> list[list[str]]:
    """The cells of each row of the claim page's history of edits."""
    start = page.elements.index(page.by_id("claim-edits"))
    rows = []
    for element in page.elements[start + 1:]:
        if element.tag == "table":
            break
        if element.tag == "tr":
            rows.append([])
        elif element.tag == "td":
            rows[-1].append(" ".join(element.text.split()))
    return [row for row in rows if row]


def fresh(claim_id) -> Claim:
    db.session.expire_all()
    return db.session.get(Claim, claim_id)


@pytest.fixture
def solicitor(client, login_as):
    return login_as("solicitor")


# -- the pages ---------------------------------------------------------------------------------------------------

def test_the_claim_page_links_to_editing_and_each_section_is_a_link(client, solicitor, make_claim):
    claim = make_claim()
    page = parse(client.get(f"/staff/claims/{claim.id}"))
    assert page.by_id("edit-claim-link").attrs["href"] == f"/staff/claims/{claim.id}/edit"
    assert "No changes since the claim was submitted." in page.text
    index = parse(client.get(f"/staff/claims/{claim.id}/edit"))
    assert [a.attrs["href"] for a in index.find_all("a") if a.attrs.get("href", "").startswith(
        f"/staff/claims/{claim.id}/edit/")] == [EDIT.format(claim.id, s) for s in (
            "claimant", "dates", "categories", "effects", "losses", "defendant")]
    for section in ("claimant", "dates", "categories", "effects", "losses", "defendant"):
        page = parse(client.get(EDIT.format(claim.id, section)))
        assert page.value("version") == "1", section
    assert client.get(EDIT.format(claim.id, "nothing")).status_code == 404


def test_the_claimant_section_opens_with_the_claim_values(client, solicitor, make_claim):
    claim = make_claim()
    page = parse(client.get(EDIT.format(claim.id, "claimant")))
    assert page.value("first_name") == "Alex" and page.value("postcode") == "PL1 2AB"
    assert [page.value(f"date_of_birth-{p}") for p in ("day", "month", "year")] == ["14", "6", "1986"]


# -- each section edits and keeps its history -------------------------------------------------------------------

def test_editing_the_claimant_keeps_each_change_with_who_and_when(client, solicitor, make_claim):
    claim = make_claim()
    response = client.post(EDIT.format(claim.id, "claimant"), data=claimant_post(
        1, first_name="Alexandra", phone="", postcode="pl4 8aa", reason="Client rang to correct it"))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/staff/claims/{claim.id}#edits")
    claim = fresh(claim.id)
    assert (claim.claimant.first_name, claim.claimant.phone, claim.claimant.postcode) == ("Alexandra", None, "PL4 8AA")
    assert claim.version == 2
    assert edits(claim.id) == [("claimant.first_name", "Alex", "Alexandra", 2),
                               ("claimant.phone", "07700 900982", None, 2),
                               ("claimant.postcode", "PL1 2AB", "PL4 8AA", 2)]
    row = db.session.scalars(select(ClaimEdit)).first()
    assert row.edited_by_id == solicitor.id and row.reason == "Client rang to correct it" and row.edited_at
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "claim.edited")).one()
    assert event.details["fields"] == ["claimant.first_name", "claimant.phone", "claimant.postcode"]
    assert "Alexandra" not in repr(event.details) and "PL4" not in repr(event.details)  # names only
    page = parse(client.get(f"/staff/claims/{claim.id}"))
    when = uk_datetime(row.edited_at)  # the run's clock ticks on from 10:00, so the minute is read back
    assert when.startswith("23/11/2026 10:")
    assert history_rows(page) == [
        [when, "Test Solicitor", "Claimant's first nameWhy: Client rang to correct it", "Alex", "Alexandra"],
        [when, "Test Solicitor", "Claimant's phone number", "07700 900982", "(blank)"],
        [when, "Test Solicitor", "Postcode", "PL1 2AB", "PL4 8AA"]]


def test_saving_unchanged_values_changes_nothing(client, solicitor, make_claim):
    claim = make_claim()
    response = client.post(EDIT.format(claim.id, "claimant"), data=claimant_post(1), follow_redirects=True)
    assert "Nothing changed." in response.get_data(as_text=True)
    assert fresh(claim.id).version == 1 and edits(claim.id) == []


def test_editing_the_categories_and_effects(client, solicitor, make_claim):
    claim = make_claim()
    assert client.post(EDIT.format(claim.id, "categories"), data={
        "version": "1", "data_categories": ["contact_details", "health"]}).status_code == 302
    assert client.post(EDIT.format(claim.id, "effects"), data=effects_post(
        2, distress_level="severe", effects=["anxiety"], diagnosed="no", diagnosis_details="",
        condition_worsened="yes")).status_code == 302
    claim = fresh(claim.id)
    assert claim.category_codes == ["contact_details", "health"] and claim.effect_codes == ["anxiety"]
    assert (claim.distress_level, claim.diagnosed, claim.diagnosis_details, claim.condition_worsened) == (
        "severe", False, None, True)
    assert claim.version == 3
    fields = [(field, version) for field, _old, _new, version in edits(claim.id)]
    assert fields == [("data_categories", 2), ("distress_level", 3), ("effects", 3), ("diagnosed", 3),
                      ("diagnosis_details", 3), ("condition_worsened", 3)]
    assert edits(claim.id)[0][1:3] == ("Name, address, phone or email, Information about children, "
                                       "Social care or child protection records",
                                       "Name, address, phone or email, Physical health")


def test_editing_the_losses_changes_adds_and_removes_heads(client, solicitor, make_claim):
    claim = make_claim()
    therapy, travel = sorted(claim.losses, key=lambda loss: loss.head)
    data = {"version": "1",
            "losses-0-loss_id": str(therapy.id), "losses-0-head": "therapy", "losses-0-amount": "300",
            "losses-0-description": "Five counselling sessions", "losses-0-evidenced": "y",
            "losses-1-loss_id": str(travel.id), "losses-1-head": "travel", "losses-1-amount": "12.50",
            "losses-1-remove": "y",
            "losses-2-loss_id": "", "losses-2-head": "other", "losses-2-amount": "45.00",
            "losses-2-description": "New locks"}
    assert client.post(EDIT.format(claim.id, "losses"), data=data).status_code == 302
    claim = fresh(claim.id)
    assert sorted((loss.head, loss.amount_pence, loss.description, loss.evidenced) for loss in claim.losses) == [
        ("other", 4500, "New locks", False), ("therapy", 30000, "Five counselling sessions", True)]
    assert [(f, old, new) for f, old, new, _v in edits(claim.id)] == [
        ("loss", "Therapy or counselling: £240.00 – Four counselling sessions",
         "Therapy or counselling: £300.00 – Five counselling sessions (evidenced)"),
        ("loss", "Travel: £12.50", None),
        ("loss", None, f"{vocab.LOSS_HEADS['other']}: £45.00 – New locks")]
    assert claim.version == 2


def test_a_loss_of_another_claim_cannot_be_edited_through_this_one(client, solicitor, make_claim):
    claim, other = make_claim(), make_claim()
    theirs = other.losses[0]
    data = {"version": "1", "losses-0-loss_id": str(theirs.id), "losses-0-head": "other",
            "losses-0-amount": "1.00", "losses-0-description": "x", "losses-0-remove": "y"}
    client.post(EDIT.format(claim.id, "losses"), data=data)
    db.session.expire_all()
    assert db.session.get(FinancialLoss, theirs.id) is not None
    assert len(fresh(other.id).losses) == 2 and edits(claim.id) == []


def test_editing_the_defendant_matches_the_register(client, solicitor, make_claim):
    claim = make_claim()
    register = Defendant(name="Acme Data Ltd", sector="retail", public_authority=False)
    db.session.add(register)
    db.session.commit()
    page = parse(client.get(EDIT.format(claim.id, "defendant")))
    assert "Acme Data Ltd" in page.by_id("defendant_id").text
    response = client.post(EDIT.format(claim.id, "defendant"), data=defendant_post(
        1, defendant_name="Acme Data", defendant_sector="retail", defendant_public_authority="not_sure",
        defendant_id=str(register.id)))
    assert response.status_code == 302
    claim = fresh(claim.id)
    assert (claim.defendant_name, claim.defendant_sector, claim.defendant_public_authority, claim.defendant_id) == (
        "Acme Data", "retail", None, register.id)
    assert [(f, old, new) for f, old, new, _v in edits(claim.id)] == [
        ("defendant_name", "Plymouth City Council", "Acme Data"),
        ("defendant_sector", "Council or local authority", "Shop or online retailer"),
        ("defendant_public_authority", "Yes", "Not sure"), ("defendant_id", None, "Acme Data Ltd")]
    # no longer a public body: the Human Rights Act year goes from the stored limitation dates
    assert "human_rights_act" not in {kd.cause for kd in claim.key_dates if kd.kind == "limitation"}


# -- validation: clear messages, what was typed kept -------------------------------------------------------------

def test_bad_claimant_answers_are_refused_with_the_typing_kept(client, solicitor, make_claim):
    claim = make_claim()
    typed = claimant_post(1, first_name="", email="not an email", postcode="nowhere", phone="12",
                          **{"date_of_birth-day": "31", "date_of_birth-month": "2", "date_of_birth-year": "1986"})
    response = client.post(EDIT.format(claim.id, "claimant"), data=typed)
    assert response.status_code == 400
    page = parse(response)
    messages = [message for _href, message in page.error_summary()]
    assert "Enter the claimant's first name" in messages
    assert "The claimant's date of birth must be a real date, like 27 3 2024" in messages
    assert "Enter an email address in the correct format, like name@example.com" in messages
    assert "Enter a real UK postcode, like SW1A 1AA" in messages
    assert any(message.startswith("Enter a phone number") for message in messages)
    assert page.value("email") == "not an email" and page.value("postcode") == "nowhere"
    assert [page.value(f"date_of_birth-{p}") for p in ("day", "month", "year")] == ["31", "2", "1986"]
    assert fresh(claim.id).version == 1 and edits(claim.id) == []


def test_bad_dates_are_refused(client, solicitor, make_claim):
    claim = make_claim()
    response = client.post(EDIT.format(claim.id, "dates"), data=dates_post(1, breach=(10, 11, 2025), found=(1, 11, 2025)))
    assert response.status_code == 400
    page = parse(response)
    assert page.error_message("discovered_on") == ("The date the claimant found out must be the same as or after "
                                                   "the date of the breach")
    assert [page.value(f"discovered_on-{p}") for p in ("day", "month", "year")] == ["1", "11", "2025"]
    response = client.post(EDIT.format(claim.id, "dates"), data=dates_post(1, breach=(1, 1, 2030), found=("", "", "")))
    messages = [m for _h, m in parse(response).error_summary()]
    assert messages == ["The date of the breach must be today or in the past", "Enter the date the claimant found out"]


def test_other_sections_explain_what_is_wrong(client, solicitor, make_claim):
    claim = make_claim()
    page = parse(client.post(EDIT.format(claim.id, "categories"), data={"version": "1"}))
    assert page.error_summary() == [("#data_categories-0", "Select at least one kind of information")]
    page = parse(client.post(EDIT.format(claim.id, "effects"), data=effects_post(1, diagnosis_details="")))
    assert [m for _h, m in page.error_summary()] == ["Enter what they were diagnosed with"]
    page = parse(client.post(EDIT.format(claim.id, "defendant"), data=defendant_post(1, defendant_name="", defendant_sector="pirate")))
    assert [m for _h, m in page.error_summary()] == ["Enter the organisation's name", "Not a valid choice."]
    data = {"version": "1", "losses-0-loss_id": "", "losses-0-head": "", "losses-0-amount": "lots",
            "losses-0-description": ""}
    response = client.post(EDIT.format(claim.id, "losses"), data=data)
    page = parse(response)
    assert page.error_summary() == [("#losses-0-head", "Choose the head of loss"),
                                    ("#losses-0-amount", "Enter an amount in pounds and pence, like 12.50")]
    assert page.value("losses-0-amount") == "lots"
    assert page.error_message("losses-0-amount") == "Enter an amount in pounds and pence, like 12.50"
    assert edits(claim.id) == []


# -- two people at once ------------------------------------------------------------------------------------------

def test_a_save_made_after_someone_elses_is_refused_showing_what_changed_and_keeping_the_typing(
        app, client, solicitor, make_claim, make_user):
    from tests.conftest import PASSWORD

    claim = make_claim()
    other = app.test_client()
    colleague = make_user("solicitor", email="colleague@firm.example.com")
    assert other.post("/staff/sign-in", data={"email": colleague.email, "password": PASSWORD}).status_code == 302
    # Both open the claimant section at version 1.
    mine = parse(client.get(EDIT.format(claim.id, "claimant")))
    theirs = parse(other.get(EDIT.format(claim.id, "claimant")))
    assert mine.value("version") == theirs.value("version") == "1"
    # The colleague saves first.
    assert other.post(EDIT.format(claim.id, "claimant"), data=claimant_post(1, last_name="Morgan-Smith")).status_code == 302
    # My save, made against version 1, is refused.
    response = client.post(EDIT.format(claim.id, "claimant"), data=claimant_post(1, first_name="Alexandra"))
    assert response.status_code == 409
    page = parse(response)
    conflict = " ".join(page.by_id("edit-conflict").text.split())
    assert "Someone else changed this claim while you were editing it" in conflict
    assert "Claimant's last name" in conflict and "Morgan-Smith" in conflict and "Test Solicitor" in conflict
    assert page.value("first_name") == "Alexandra"  # what I typed is kept
    assert page.value("last_name") == "Morgan-Smith"  # I left it alone: their change shows, not the old value
    assert page.value("version") == "2"
    claim = fresh(claim.id)
    assert (claim.claimant.first_name, claim.claimant.last_name, claim.version) == ("Alex", "Morgan-Smith", 2)
    # Saving again, deliberately, from the refreshed form as the page shows it.
    again = {**claimant_post(2, first_name=page.value("first_name"), last_name=page.value("last_name"))}
    assert client.post(EDIT.format(claim.id, "claimant"), data=again).status_code == 302
    claim = fresh(claim.id)
    assert (claim.claimant.first_name, claim.claimant.last_name, claim.version) == ("Alexandra", "Morgan-Smith", 3)
    assert [(f, v) for f, _o, _n, v in edits(claim.id)] == [("claimant.last_name", 2), ("claimant.first_name", 3)]


def test_where_both_changed_a_field_the_form_keeps_mine_and_a_date_they_changed_shows_theirs(
        app, client, solicitor, make_claim, make_user):
    from tests.conftest import PASSWORD

    claim = make_claim()
    other = app.test_client()
    colleague = make_user("solicitor", email="colleague@firm.example.com")
    assert other.post("/staff/sign-in", data={"email": colleague.email, "password": PASSWORD}).status_code == 302
    assert other.post(EDIT.format(claim.id, "claimant"), data=claimant_post(
        1, first_name="Alexa", **{"date_of_birth-day": "2", "date_of_birth-month": "2", "date_of_birth-year": "1990"})
    ).status_code == 302
    response = client.post(EDIT.format(claim.id, "claimant"), data=claimant_post(1, first_name="Alexandra"))
    assert response.status_code == 409
    page = parse(response)
    assert page.value("first_name") == "Alexandra"  # we both changed it: mine stays for me to decide
    saved_birth = fresh(claim.id).claimant.date_of_birth
    assert saved_birth == date(1990, 2, 2)
    assert [page.value(f"date_of_birth-{part}") for part in ("day", "month", "year")] == ["2", "2", "1990"]


def test_a_conflict_in_another_section_is_still_a_conflict(client, solicitor, make_claim):
    claim = make_claim()
    assert client.post(EDIT.format(claim.id, "dates"), data=dates_post(1, breach=(9, 11, 2025))).status_code == 302
    response = client.post(EDIT.format(claim.id, "categories"), data={"version": "1", "data_categories": ["health"]})
    assert response.status_code == 409
    assert "Date of the breach" in parse(response).by_id("conflict-changes").text
    assert fresh(claim.id).category_codes == ["children", "contact_details", "social_care"]


def test_a_missing_or_made_up_version_is_refused(client, solicitor, make_claim):
    claim = make_claim()
    data = claimant_post(1, first_name="Alexandra")
    del data["version"]
    assert client.post(EDIT.format(claim.id, "claimant"), data=data).status_code == 400
    assert client.post(EDIT.format(claim.id, "claimant"), data={**data, "version": "abc"}).status_code == 400
    assert fresh(claim.id).claimant.first_name == "Alex"


# -- consequences ---------------------------------------------------------------------------------------------

def test_changing_the_breach_date_rewrites_the_limitation_dates_and_sends_the_signal(client, solicitor, make_claim):
    claim = make_claim(today=date(2026, 11, 23))
    heard = []

    def listener(_sender, claim, today, **_extra):
        heard.append((claim.id, today))
    limitation_changed.connect(listener)
    try:
        assert client.post(EDIT.format(claim.id, "dates"), data=dates_post(1, breach=(3, 1, 2026),
                                                                            found=(20, 1, 2026))).status_code == 302
        assert heard == [(claim.id, date(2026, 11, 23))]
        claim = fresh(claim.id)
        stored = {kd.cause: kd.due_on for kd in claim.key_dates if kd.kind == "limitation"}
        assert stored["human_rights_act"] == date(2027, 1, 2)
        assert claim.earliest_limitation_on == date(2027, 1, 2)
        # Warnings follow (claims.work listens): a warning for the new Human Rights Act date.
        from tests.work.conftest import tasks_of
        assert any("2027-01-02" in task.rule for task in tasks_of(claim, "limitation_warning", open_only=True))
        # A change that leaves the dates where they were sends nothing.
        heard.clear()
        assert client.post(EDIT.format(claim.id, "claimant"), data=claimant_post(2, first_name="Al")).status_code == 302
        assert heard == []
    finally:
        limitation_changed.disconnect(listener)


def test_an_edit_screens_again(client, solicitor, make_claim):
    claim = make_claim(today=date(2026, 11, 23))
    assert "partly_out_of_time" in {flag["code"] for flag in claim.screening_flags}  # the HRA year has passed
    assert client.post(EDIT.format(claim.id, "dates"), data=dates_post(1, breach=(3, 1, 2026),
                                                                        found=(20, 1, 2026))).status_code == 302
    assert "partly_out_of_time" not in {flag["code"] for flag in fresh(claim.id).screening_flags}


def test_record_facts_sends_the_signal_when_the_dates_move(app, make_claim):
    from claims.claim import limitation

    claim = make_claim(today=date(2026, 11, 23))
    heard = []

    def listener(_sender, claim, today, **_extra):
        heard.append(today)
    limitation_changed.connect(listener)
    try:
        limitation.record_facts(claim, concealment_discovered_on=date(2026, 3, 1), lacked_capacity=False,
                                capacity_regained_on=None, today=date(2026, 11, 23))
        assert heard == [date(2026, 11, 23)]
        limitation.refresh(claim, today=date(2026, 11, 23))  # nothing moved
        assert heard == [date(2026, 11, 23)]
    finally:
        limitation_changed.disconnect(listener)
    db.session.rollback()


def test_an_edit_to_a_valuation_input_marks_the_valuation_out_of_date_until_valued_again(
        client, solicitor, make_claim):
    claim = make_claim()
    service.value_claim(claim, user=None, as_of=date(2026, 11, 23))
    db.session.commit()
    assert "valuation-stale" not in parse(client.get(f"/staff/claims/{claim.id}")).ids
    # A name is no valuation input.
    client.post(EDIT.format(claim.id, "claimant"), data=claimant_post(1, first_name="Alexandra"))
    assert fresh(claim.id).valuation_stale is False
    client.post(EDIT.format(claim.id, "effects"), data=effects_post(2, distress_level="severe"))
    assert fresh(claim.id).valuation_stale is True
    page = parse(client.get(f"/staff/claims/{claim.id}"))
    assert "Out of date" in page.by_id("valuation-stale").text and "Value the claim again" in page.by_id(
        "valuation-stale").text
    assert client.post(f"/staff/valuation/claims/{claim.id}/value").status_code == 302
    assert fresh(claim.id).valuation_stale is False
    assert "valuation-stale" not in parse(client.get(f"/staff/claims/{claim.id}")).ids


@pytest.mark.parametrize("section, data, stale", [
    ("claimant", lambda: claimant_post(1, first_name="Alexandra", email="a@example.org", postcode="EX1 1AA"), False),
    ("claimant", lambda: claimant_post(1, **{"date_of_birth-year": "2009"}), True),
    ("dates", lambda: dates_post(1, found=(25, 11, 2025)), False),
    ("dates", lambda: dates_post(1, breach=(1, 11, 2025)), True),
    ("effects", lambda: effects_post(1, effects_details="Different words", condition_worsened="yes"), False),
    ("effects", lambda: effects_post(1, effects_ongoing="no"), True),
    ("categories", lambda: {"version": "1", "data_categories": ["contact_details", "health"]}, True),
    ("defendant", lambda: defendant_post(1, defendant_name="Plymouth Council"), False),
    ("defendant", lambda: defendant_post(1, defendant_public_authority="no", defendant_sector="retail"), True),
])
def test_the_valuation_inputs_are_the_ones_the_valuation_reads(client, solicitor, make_claim, section, data, stale):
    claim = make_claim()
    before = service.claim_inputs(claim, as_of=date(2026, 11, 23))
    service.value_claim(claim, user=None, as_of=date(2026, 11, 23))
    db.session.commit()
    assert client.post(EDIT.format(claim.id, section), data=data()).status_code == 302
    claim = fresh(claim.id)
    assert claim.version == 2
    assert claim.valuation_stale is stale
    assert (service.claim_inputs(claim, as_of=date(2026, 11, 23)) != before) is stale


def test_an_edit_to_the_letter_facts_clears_their_confirmation(client, solicitor, make_claim):
    from claims.models._types import utcnow

    claim = make_claim()
    claim.facts_summary, claim.facts_confirmed_at, claim.facts_confirmed_by_id = "The facts.", utcnow(), solicitor.id
    db.session.commit()
    client.post(EDIT.format(claim.id, "claimant"), data=claimant_post(1, first_name="Alexandra"))
    assert fresh(claim.id).facts_confirmed_at is not None  # the letter's facts do not name the claimant
    client.post(EDIT.format(claim.id, "effects"), data=effects_post(2, diagnosis_details="Depression"))
    claim = fresh(claim.id)
    assert claim.facts_confirmed_at is None and claim.facts_summary == "The facts."
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "claim.edited")
                               .order_by(AuditEvent.id.desc())).first()
    assert event.details["facts_confirmation_cleared"] is True


# -- who may, CSRF, inert text ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["edit", "edit/claimant", "edit/dates"])
def test_an_admin_may_not_edit(client, login_as, make_claim, path):
    claim = make_claim()
    login_as("admin")
    assert client.get(f"/staff/claims/{claim.id}/{path}").status_code in (403, 404)
    assert client.post(EDIT.format(claim.id, "claimant"), data=claimant_post(1, first_name="X")).status_code in (403, 404)
    assert fresh(claim.id).claimant.first_name == "Alex"
    assert "edit-claim-link" not in parse(client.get(f"/staff/claims/{claim.id}")).ids


def test_no_such_claim_is_404(client, solicitor):
    assert client.get(EDIT.format(999999, "claimant")).status_code == 404
    assert client.post(EDIT.format(999999, "claimant"), data=claimant_post(1)).status_code == 404


def test_a_post_without_the_csrf_token_is_refused(make_app, make_user, make_claim):
    from tests.conftest import PASSWORD

    claim = make_claim()
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    client = csrf_app.test_client()
    user = make_user("solicitor")
    token = parse(client.get("/staff/sign-in")).csrf_token()
    assert client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD,
                                               "csrf_token": token}).status_code == 302
    assert client.post(EDIT.format(claim.id, "claimant"), data=claimant_post(1, first_name="X")).status_code == 400
    assert fresh(claim.id).claimant.first_name == "Alex"
    token = parse(client.get(EDIT.format(claim.id, "claimant"))).csrf_token()
    assert client.post(EDIT.format(claim.id, "claimant"), data={
        **claimant_post(1, first_name="Alexandra"), "csrf_token": token}).status_code == 302
    assert fresh(claim.id).claimant.first_name == "Alexandra"


def test_anything_typed_is_inert_in_the_history_and_the_conflict(client, solicitor, make_claim):
    claim = make_claim()
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    assert client.post(EDIT.format(claim.id, "effects"), data=effects_post(
        1, effects_details=evil)).status_code == 302
    assert client.post(EDIT.format(claim.id, "claimant"), data=claimant_post(
        2, address_line_2=evil[:100], reason=evil)).status_code == 302
    html = client.get(f"/staff/claims/{claim.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert evil in parse(client.get(f"/staff/claims/{claim.id}")).by_id("claim-edits").text
    response = client.post(EDIT.format(claim.id, "dates"), data=dates_post(1))  # a conflict shows their values
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "<script>alert(1)" not in html and evil in parse(response).by_id("conflict-changes").text


def test_matching_another_register_entry_lets_go_of_the_first_ones_incident(client, solicitor, make_claim):
    from claims.models import Incident

    claim = make_claim()
    council = Defendant(name="Plymouth City Council", sector="local_authority", public_authority=True)
    other = Defendant(name="Acme Data Ltd", sector="retail", public_authority=False)
    db.session.add_all([council, other])
    db.session.flush()
    incident = Incident(defendant_id=council.id, title="Letters sent to the wrong address", breach_type="misdirected_communication")
    db.session.add(incident)
    claim.defendant, claim.incident = council, incident
    db.session.commit()
    # Renaming leaves the match and the incident alone.
    assert client.post(EDIT.format(claim.id, "defendant"), data=defendant_post(
        1, defendant_name="Plymouth Council", defendant_id=str(council.id))).status_code == 302
    assert fresh(claim.id).incident_id == incident.id
    assert client.post(EDIT.format(claim.id, "defendant"), data=defendant_post(
        2, defendant_name="Plymouth Council", defendant_id=str(other.id))).status_code == 302
    claim = fresh(claim.id)
    assert claim.defendant_id == other.id and claim.incident_id is None
    assert [(f, old, new) for f, old, new, v in edits(claim.id) if v == 3] == [
        ("defendant_id", "Plymouth City Council", "Acme Data Ltd"),
        ("incident_id", "Letters sent to the wrong address", None)]
    assert "Incident" in parse(client.get(f"/staff/claims/{claim.id}")).by_id("claim-edits").text


def test_a_childs_claimant_details_need_no_email(client, solicitor, make_claim):
    claim = make_claim(**{"about-you": {"claiming_for": "child"}})
    page = parse(client.get(EDIT.format(claim.id, "claimant")))
    assert page.value("first_name") == "Sam" and page.value("email") == ""
    data = claimant_post(1, first_name="Samuel", last_name="Morgan", email="", phone="",
                         **{"date_of_birth-day": "3", "date_of_birth-month": "9", "date_of_birth-year": "2015"})
    assert client.post(EDIT.format(claim.id, "claimant"), data=data).status_code == 302
    assert fresh(claim.id).claimant.first_name == "Samuel"
    adult = make_claim()
    response = client.post(EDIT.format(adult.id, "claimant"), data=claimant_post(1, email=""))
    assert parse(response).error_summary() == [("#email", "Enter the claimant's email address")]


def test_a_claim_never_valued_is_not_marked_out_of_date(client, solicitor, make_claim):
    claim = make_claim()
    assert client.post(EDIT.format(claim.id, "effects"), data=effects_post(1, distress_level="severe")).status_code == 302
    claim = fresh(claim.id)
    assert claim.version == 2 and claim.valuation_stale is False
    assert "valuation-stale" not in parse(client.get(f"/staff/claims/{claim.id}")).ids


def test_hidden_formatting_is_refused_by_name_and_kept(client, solicitor, make_claim):
    claim = make_claim()
    response = client.post(EDIT.format(claim.id, "claimant"), data=claimant_post(1, last_name="Mor\u202egan"))
    page = parse(response)
    assert page.error_summary() == [("#last_name", "The claimant's last name must not contain hidden formatting "
                                                   "characters such as right-to-left marks")]
    assert page.value("last_name") == "Mor\u202egan"
    data = {"version": "1", "losses-0-loss_id": "", "losses-0-head": "other", "losses-0-amount": "5",
            "losses-0-description": "Lo\u200bcks"}
    assert parse(client.post(EDIT.format(claim.id, "losses"), data=data)).error_summary() == [
        ("#losses-0-description", "The details must not contain hidden formatting characters such as right-to-left "
                                  "marks")]
    assert edits(claim.id) == []


def test_two_saves_at_the_same_moment_one_wins_the_other_is_told(app, make_user, make_claim):
    """Real threads, each with its own signed-in client and connection (tests/test_claim_locks.py): both post
    against version 1; the claim's row lock makes one wait, and it finds the version moved on."""
    from tests.test_claim_locks import signed_in, together

    claim = make_claim()
    first, second = signed_in(app, make_user("solicitor")), signed_in(app, make_user("partner"))
    responses = together(app, [
        (first, EDIT.format(claim.id, "claimant"), claimant_post(1, first_name="Alexandra")),
        (second, EDIT.format(claim.id, "claimant"), claimant_post(1, first_name="Lexi")),
    ])
    assert sorted(r.status_code for r in responses) == [302, 409]
    claim = fresh(claim.id)
    winner = "Alexandra" if responses[0].status_code == 302 else "Lexi"
    assert claim.claimant.first_name == winner and claim.version == 2
    assert edits(claim.id) == [("claimant.first_name", "Alex", winner, 2)]
    loser = next(r for r in responses if r.status_code == 409)
    assert winner in parse(loser).by_id("conflict-changes").text
