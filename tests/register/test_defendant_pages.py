"""The defendant register at /staff/defendants and incidents at /staff/incidents: list, search, view, add, edit,
name variants (deduplicated by the name as compared), merge with audit, claims shown by need to know."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from claims.extensions import db
from claims.models import AuditEvent, Claim, Defendant, DefendantName, Incident, Team
from tests.pages import parse

FORM = {"name": "Birmingham Children's Trust", "sector": "local_authority", "public_authority": "yes",
        "address": "1 Lancaster Circus\nBirmingham B4 7DJ", "dpo_email": "dpo@example.gov.uk",
        "ico_registration": "za 123 456"}


def add(client, **changes):
    return client.post("/staff/defendants/new", data={**FORM, **changes})


def defendant(name="Birmingham Children's Trust", **values) -> Defendant:
    record = Defendant(name=name, sector=values.pop("sector", "local_authority"),
                       public_authority=values.pop("public_authority", True), **values)
    db.session.add(record)
    db.session.commit()
    return record


def test_a_solicitor_adds_a_defendant_with_every_detail(client, login_as):
    login_as("solicitor")
    response = add(client)
    assert response.status_code == 302
    record = db.session.scalar(select(Defendant))
    assert (record.name, record.name_key, record.public_authority, record.dpo_email, record.ico_registration) == (
        "Birmingham Children's Trust", "birmingham childrens trust", True, "dpo@example.gov.uk", "ZA123456")
    assert record.address == "1 Lancaster Circus\nBirmingham B4 7DJ"
    page = parse(client.get(response.headers["Location"]))
    assert "ZA123456" in page.by_id("details").text and "1 Lancaster Circus" in page.by_id("details").text
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.entity_id == record.id,
                                                             AuditEvent.entity_type == "defendant")) == "defendant.created"


@pytest.mark.parametrize("field, typed, message", [
    ("name", "", "Enter the organisation's name"),
    ("name", "!!!", "Enter a name with at least one letter or number"),
    ("dpo_email", "not an email", "Enter an email address in the correct format, like dpo@example.gov.uk"),
    ("ico_registration", "Z12345", "Enter the ICO registration number as Z and 7 digits (Z1234567) or Z, a letter "
                                   "and 6 digits (ZA123456)"),
    ("public_authority", "", "Say whether it is a public authority"),
    ("name", "Acme\u202eLtd", None),  # hidden formatting is refused by every text field
])
def test_each_field_is_checked_and_what_was_typed_is_kept(client, login_as, field, typed, message):
    login_as("partner")
    response = add(client, **{field: typed})
    assert response.status_code == 200
    page = parse(response)
    if message:
        assert page.error_message(field) == message
    else:
        assert page.error_summary()
    if field in ("dpo_email", "ico_registration"):
        assert page.value(field) == typed
    assert db.session.scalar(select(func.count(Defendant.id))) == 0


@pytest.mark.parametrize("second", ["Birmingham Childrens Trust CIC", "the birmingham children’s trust", "BIRMINGHAM CHILDRENS TRUST LTD"])
def test_one_organisation_under_another_spelling_is_refused_and_named(client, login_as, second):
    login_as("solicitor")
    first = defendant()
    page = parse(add(client, name=second))
    assert page.error_message("name") == f"The register already has this organisation as “Birmingham Children's Trust” (entry {first.id})"
    assert page.value("name") == second
    assert db.session.scalar(select(func.count(Defendant.id))) == 1


def test_a_variant_is_added_matched_in_search_and_deduplicated(client, login_as):
    login_as("solicitor")
    record = defendant("Plymouth City Council")
    other = defendant("Leeds City Council")
    assert client.post(f"/staff/defendants/{record.id}/variants", data={"variant": "Plymouth CC"}).status_code == 302
    assert [v.name_key for v in db.session.scalars(select(DefendantName))] == ["plymouth cc"]
    refused = parse(client.post(f"/staff/defendants/{other.id}/variants", data={"variant": "The PLYMOUTH CC Ltd"}))
    assert "already has this organisation as “Plymouth City Council”" in refused.error_message("variant")
    assert refused.value("variant") == "The PLYMOUTH CC Ltd"
    found = parse(client.get("/staff/defendants/?q=plymouth cc")).by_id("defendants").text
    assert "Plymouth City Council" in found and "Leeds" not in found
    assert "Leeds City Council" in client.get("/staff/defendants/?q=leeds").get_data(as_text=True)


def test_editing_saves_and_audits_by_field_name_only(client, login_as):
    login_as("solicitor")
    record = defendant("Leeds City Council")
    page = parse(client.get(f"/staff/defendants/{record.id}/edit"))
    assert page.value("name") == "Leeds City Council" and page.checked("public_authority") == ["yes"]
    response = client.post(f"/staff/defendants/{record.id}/edit", data={**FORM, "name": "Leeds City Council",
                                                                       "address": "Civic Hall, Leeds LS1 1UR"})
    assert response.status_code == 302
    db.session.refresh(record)
    assert record.address == "Civic Hall, Leeds LS1 1UR"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "defendant.edited"))
    assert event.details == {"fields": ["address", "dpo_email", "ico_registration"]}
    assert "Civic" not in str(event.details)


def test_an_administrator_reads_the_register_but_changes_nothing_and_sees_no_claim(client, login_as, make_claim):
    claim = make_claim()
    record = defendant("Plymouth City Council")
    claim.defendant_id = record.id
    db.session.commit()
    login_as("admin")
    page = parse(client.get(f"/staff/defendants/{record.id}"))
    assert "defendant-claims" not in page.ids and claim.reference not in page.text
    assert "variant-form" not in page.ids and "merge-form" not in page.ids
    assert add(client).status_code == 403
    assert client.post(f"/staff/defendants/{record.id}/edit", data=FORM).status_code == 403


def test_the_defendants_claims_are_those_the_user_may_see(client, login_as, make_claim):
    record = defendant("Plymouth City Council")
    mine, elsewhere = make_claim(), make_claim(team=Team(name="Elsewhere"))
    for claim in (mine, elsewhere):
        claim.defendant_id = record.id
    db.session.commit()
    login_as("solicitor")
    listed = parse(client.get(f"/staff/defendants/{record.id}")).by_id("defendant-claims").text
    assert mine.reference in listed and elsewhere.reference not in listed


def test_merging_moves_claims_incidents_and_names_to_the_one_kept_and_is_audited(client, login_as, make_claim):
    kept = defendant("Birmingham Children's Trust")
    other = defendant("Birmingham Childrens Services", dpo_email="dpo@example.gov.uk")
    db.session.add(DefendantName(defendant_id=other.id, name="BCS", name_key="bcs"))
    incident = Incident(defendant_id=other.id, title="Plan disclosed", breach_type="unauthorised_disclosure")
    db.session.add(incident)
    claim = make_claim()
    claim.defendant_id = other.id
    db.session.commit()
    other_id = other.id
    login_as("partner")
    refused = client.post(f"/staff/defendants/{kept.id}/merge", data={"other": str(other_id)})
    assert refused.status_code == 302 and db.session.get(Defendant, other_id) is not None  # not confirmed
    response = client.post(f"/staff/defendants/{kept.id}/merge", data={"other": str(other_id), "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Defendant, other_id) is None
    assert db.session.get(Claim, claim.id).defendant_id == kept.id
    assert db.session.get(Incident, incident.id).defendant_id == kept.id
    assert sorted(v.name for v in db.session.scalars(select(DefendantName).where(DefendantName.defendant_id == kept.id))) == [
        "BCS", "Birmingham Childrens Services"]
    assert db.session.get(Defendant, kept.id).dpo_email == "dpo@example.gov.uk"  # filled from the other
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "defendant.merged"))
    assert event.details == {"merged_id": other_id, "claims": 1, "incidents": 1, "variants": 1}


def test_merging_an_entry_into_itself_is_refused(client, login_as):
    record = defendant()
    login_as("solicitor")
    client.post(f"/staff/defendants/{record.id}/merge", data={"other": str(record.id), "confirm": "y"})
    assert db.session.get(Defendant, record.id) is not None


INCIDENT = {"title": "Child protection plan disclosed", "breach_type": "unauthorised_disclosure",
            "occurred_on-day": "2", "occurred_on-month": "5", "occurred_on-year": "2024",
            "summary": "<script>alert(1)</script> copied from minutes", "regulator_action": "reprimand",
            "regulator_action_on-day": "", "regulator_action_on-month": "", "regulator_action_on-year": "",
            "penalty": "140,000.50", "link": "https://ico.org.uk/action-weve-taken/enforcement/x/"}


def test_an_incident_is_added_with_its_penalty_in_pence_and_its_link_shown_as_text(client, login_as, make_claim):
    record = defendant()
    login_as("solicitor")
    response = client.post("/staff/incidents/new", data={**INCIDENT, "defendant": str(record.id)})
    assert response.status_code == 302, response.get_data(as_text=True)
    incident = db.session.scalar(select(Incident))
    assert (incident.occurred_on, incident.regulator_penalty_pence, incident.regulator_action) == (
        date(2024, 5, 2), 14_000_050, "reprimand")
    claim = make_claim()
    claim.incident_id = incident.id
    db.session.commit()
    response = client.get(f"/staff/incidents/{incident.id}")
    html, page = response.get_data(as_text=True), parse(response)
    assert "£140,000.50" in page.by_id("details").text and "02/05/2024" in page.by_id("details").text
    assert page.by_id("incident-link").tag == "span" and 'href="https://ico.org.uk' not in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert claim.reference in page.by_id("incident-claims").text
    listing = parse(client.get("/staff/incidents/")).by_id("incidents").text
    assert "Child protection plan disclosed" in listing and "£140,000.50" in listing


@pytest.mark.parametrize("field, typed, message", [
    ("link", "javascript:alert(1)", "Enter a web address starting with http:// or https://, like https://ico.org.uk/…"),
    ("link", "ico.org.uk/x", "Enter a web address starting with http:// or https://, like https://ico.org.uk/…"),
    ("link", "https://", "Enter a web address starting with http:// or https://, like https://ico.org.uk/…"),
    ("penalty", "lots", None),
    ("title", "", "Enter a short title, like “Child protection report posted to a neighbour”"),
    ("defendant", "", "Choose the defendant"),
])
def test_incident_fields_are_checked(client, login_as, field, typed, message):
    record = defendant()
    login_as("solicitor")
    data = {**INCIDENT, "defendant": str(record.id), field: typed}
    response = client.post("/staff/incidents/new", data=data)
    assert response.status_code == 200
    page = parse(response)
    assert page.error_message(field) if message is None else page.error_message(field) == message
    if field in ("link", "penalty"):
        assert page.value(field) == typed
    assert db.session.scalar(select(func.count(Incident.id))) == 0


def test_editing_an_incident_is_audited_by_field_name(client, login_as):
    record = defendant()
    incident = Incident(defendant_id=record.id, title="Old", breach_type="unauthorised_disclosure")
    db.session.add(incident)
    db.session.commit()
    login_as("solicitor")
    page = parse(client.get(f"/staff/incidents/{incident.id}/edit"))
    assert page.value("title") == "Old"
    assert client.post(f"/staff/incidents/{incident.id}/edit", data={**INCIDENT, "defendant": str(record.id)}).status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "incident.edited"))
    assert "title" in event.details["fields"] and "link" in event.details["fields"]


def test_loading_the_register_again_finds_a_merged_entry_by_its_other_name(app, make_user):
    from claims.register import defendants as service

    assert app.test_cli_runner().invoke(args=["load-register"]).exit_code == 0
    count = db.session.scalar(select(func.count(Defendant.id)))
    loaded = db.session.scalar(select(Defendant).where(Defendant.name == "Birmingham Children's Trust Community Interest Company"))
    kept = defendant("Birmingham Childrens Services")
    service.merge(kept, loaded, by=make_user("partner"))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["load-register"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Defendant.id))) == count  # the merged entry did not come back
    assert db.session.scalar(select(Defendant.id).where(Defendant.name.like("Birmingham Children's Trust%"))) is None
    assert db.session.scalar(select(func.count(Incident.id)).where(Incident.defendant_id == kept.id)) >= 1
