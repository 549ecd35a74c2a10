"""Preparing the letter of claim: the defendant's address, the solicitor-approved facts (confirmed,
audited, re-confirmed after a change), the children wording and the forum paragraph."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from claims.extensions import db
from claims.models import AuditEvent, Claim, ClaimDocument, Defendant
from tests.letters.test_flow import ACCEPT, DEFENDANT_ADDRESS, FACTS, sign, signing_link, stored_text
from tests.pages import parse

GLASGOW = {"about-you": {"town": "Glasgow", "postcode": "G2 1DY"}}


def signed_claim(client, make_claim, **answers) -> Claim:
    claim = make_claim(**answers)
    assert client.post(f"/staff/claims/{claim.id}/accept", data=ACCEPT).status_code == 302
    assert sign(client, signing_link(claim)).status_code == 302
    return db.session.get(Claim, claim.id)


def generate(client, claim):
    return client.post(f"/staff/claims/{claim.id}/letters/new",
                       data={"kind": "letter_of_claim", "delivery": "first_class_post"})


def letter_of_claim_text(claim) -> str:
    return stored_text(db.session.scalar(select(ClaimDocument).where(ClaimDocument.claim_id == claim.id,
                                                                     ClaimDocument.kind == "letter_of_claim")))


def test_the_letter_of_claim_waits_for_the_address_and_the_confirmed_facts(client, login_as, make_claim):
    login_as("solicitor")
    claim = signed_claim(client, make_claim)
    response = generate(client, claim)
    assert ("#kind-0", "Before the letter of claim can be made: add the defendant’s postal address (claim page, "
                       "“The organisation”); confirm the summary of the facts (claim page, “Letter of claim”).") \
        in parse(response).error_summary()
    assert db.session.scalar(select(ClaimDocument).where(ClaimDocument.kind == "letter_of_claim")) is None


def test_the_letter_of_claim_prints_the_address_and_the_approved_facts_not_the_raw_answers(client, login_as, make_claim):
    login_as("solicitor")
    claim = signed_claim(client, make_claim)
    prepare = f"/staff/claims/{claim.id}/letter-of-claim"
    draft = parse(client.get(prepare)).by_id("facts-summary").text
    assert "you sent our client’s personal data to the wrong person or address" in draft and "[To complete" in draft
    refused = client.post(prepare, data={"facts-summary": draft, "facts-confirm": "y"})
    assert ("#facts-summary", "Replace each “[To complete …]” part of the summary before confirming it") in \
        parse(refused).error_summary()
    assert parse(refused).by_id("facts-summary").text.strip() == draft.strip()  # nothing typed is lost
    assert client.post(prepare, data=DEFENDANT_ADDRESS).status_code == 302
    assert client.post(prepare, data={"facts-summary": FACTS, "facts-confirm": "y"}).status_code == 302
    assert generate(client, claim).status_code == 302
    text = letter_of_claim_text(claim)
    assert "The Data Protection Officer\nPlymouth City Council\nBallard House\nWest Hoe Road\nPlymouth\nPL1 3BJ" in text
    assert "you posted a child protection report about our client’s family to their neighbour." in text
    for raw in ("Medical help", "How much distress", "A great deal", "My GP", "in their own words",
                "The data concerned a child", "A child protection report about my family"):
        assert raw not in text
    assert "Our client is a child" not in text  # an adult claiming for herself, though children's data was sent
    assert "Our client lives in England and Wales and you are established here." in text
    confirmed = db.session.get(Claim, claim.id)
    assert confirmed.facts_confirmed_by.role == "solicitor"
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.claim_id == claim.id)))
    assert {"claim.facts_saved", "claim.facts_confirmed", "defendant.address_changed"} <= actions
    defendant = db.session.scalar(select(Defendant).where(Defendant.name == "Plymouth City Council"))
    assert defendant.address.endswith("PL1 3BJ") and defendant.dpo_email == "dpo@plymouth.example"


def test_editing_confirmed_facts_needs_a_new_confirmation(client, login_as, make_claim):
    login_as("solicitor")
    claim = signed_claim(client, make_claim)
    prepare = f"/staff/claims/{claim.id}/letter-of-claim"
    client.post(prepare, data=DEFENDANT_ADDRESS)
    client.post(prepare, data={"facts-summary": FACTS, "facts-confirm": "y"})
    client.post(prepare, data={"facts-summary": FACTS + "\n\nA new paragraph.", "facts-save": "y"})
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).facts_confirmed_at is None
    assert "confirm the summary of the facts" in parse(generate(client, claim)).text
    page = parse(client.get(f"/staff/claims/{claim.id}")).text
    assert "Saved, not confirmed" in page


def test_a_child_claim_says_the_claimant_is_a_child(client, login_as, make_claim):
    login_as("solicitor")
    claim = signed_claim(client, make_claim, **{"about-you": {"claiming_for": "child"}})
    prepare = f"/staff/claims/{claim.id}/letter-of-claim"
    client.post(prepare, data=DEFENDANT_ADDRESS)
    client.post(prepare, data={"facts-summary": FACTS, "facts-confirm": "y"})
    assert generate(client, claim).status_code == 302
    assert "Our client is a child. Children merit specific protection" in letter_of_claim_text(claim)


def test_a_glasgow_claimant_waits_for_a_solicitor_to_confirm_the_forum(client, login_as, make_claim):
    login_as("solicitor")
    claim = signed_claim(client, make_claim, **GLASGOW)
    flags = [flag["code"] for flag in claim.screening_flags]
    assert "outside_england_wales" in flags
    assert "is in Scotland" in parse(client.get(f"/staff/claims/{claim.id}")).text
    prepare = f"/staff/claims/{claim.id}/letter-of-claim"
    client.post(prepare, data=DEFENDANT_ADDRESS)
    client.post(prepare, data={"facts-summary": FACTS, "facts-confirm": "y"})
    refused = parse(generate(client, claim)).text
    assert "the claimant lives in Scotland (from the postcode): a solicitor must confirm the forum" in refused
    empty = client.post(prepare, data={"forum-reason": "", "forum-submit": "y"})
    assert ("#forum-reason", "Enter why the claim can be brought in England and Wales") in parse(empty).error_summary()
    client.post(prepare, data={"forum-reason": "Defendant is in Plymouth; client agrees to sue there.", "forum-submit": "y"})
    assert generate(client, claim).status_code == 302
    text = letter_of_claim_text(claim)
    assert "Our client lives in England and Wales" not in text
    assert ("You are established in England and Wales, so our client may bring this claim against you in the courts "
            "of England and Wales (Civil Jurisdiction and Judgments Act 1982, Schedule 4, rule 1)") in text
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "claim.forum_confirmed")) is not None


def test_a_letter_of_claim_emailed_to_a_defendant_with_no_address_needs_a_confirmed_forum(client, login_as, make_claim):
    login_as("solicitor")
    claim = signed_claim(client, make_claim)
    register = Defendant(name=claim.defendant_name, sector="local_authority", public_authority=True,
                         dpo_email="dpo@plymouth.example")  # the register has its email, not its address
    db.session.add(register)
    claim.defendant = register
    db.session.commit()
    prepare = f"/staff/claims/{claim.id}/letter-of-claim"
    client.post(prepare, data={"facts-summary": FACTS, "facts-confirm": "y"})
    by_email = {"kind": "letter_of_claim", "delivery": "email", "before_cutoff": "y"}
    refused = parse(client.post(f"/staff/claims/{claim.id}/letters/new", data=by_email)).text
    assert "the defendant's postal address is not known" in refused and "a solicitor must confirm the forum" in refused
    assert db.session.scalar(select(ClaimDocument).where(ClaimDocument.kind == "letter_of_claim")) is None
    client.post(prepare, data={"forum-reason": "Plymouth City Council is a local authority in England.",
                               "forum-submit": "y"})
    assert client.post(f"/staff/claims/{claim.id}/letters/new", data=by_email).status_code == 302
    text = letter_of_claim_text(claim)
    assert "\nForum\nOur client intends to bring any proceedings in the courts of England and Wales.\n" in text


def confirmed_glasgow_claim(client, make_claim) -> Claim:
    claim = signed_claim(client, make_claim, **GLASGOW)
    prepare = f"/staff/claims/{claim.id}/letter-of-claim"
    client.post(prepare, data=DEFENDANT_ADDRESS)
    client.post(prepare, data={"facts-summary": FACTS, "facts-confirm": "y"})
    client.post(prepare, data={"forum-reason": "Defendant is in Plymouth; client agrees to sue there.",
                               "forum-submit": "y"})
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).forum_confirmed_at is not None
    return claim


def forum_cleared_events(claim) -> list[dict]:
    return list(db.session.scalars(select(AuditEvent.details).where(
        AuditEvent.claim_id == claim.id, AuditEvent.action == "claim.forum_confirmation_cleared")))


def test_a_new_defendant_address_clears_the_forum_confirmation(client, login_as, make_claim):
    login_as("solicitor")
    claim = confirmed_glasgow_claim(client, make_claim)
    moved = {**DEFENDANT_ADDRESS, "defendant-address": "1 Rue de Rivoli\nParis\nFrance"}
    assert client.post(f"/staff/claims/{claim.id}/letter-of-claim", data=moved).status_code == 302
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).forum_confirmed_at is None
    assert forum_cleared_events(claim) == [{"because": "defendant_address_changed"}]
    assert "a solicitor must confirm the forum" in parse(generate(client, claim)).text


def test_saving_the_same_defendant_address_keeps_the_forum_confirmation(client, login_as, make_claim):
    login_as("solicitor")
    claim = confirmed_glasgow_claim(client, make_claim)
    client.post(f"/staff/claims/{claim.id}/letter-of-claim", data=DEFENDANT_ADDRESS)
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).forum_confirmed_at is not None
    assert forum_cleared_events(claim) == []


def test_a_new_claimant_postcode_clears_the_forum_confirmation(client, login_as, make_claim):
    login_as("solicitor")
    claim = confirmed_glasgow_claim(client, make_claim)
    claim = db.session.get(Claim, claim.id)
    claim.claimant.postcode = "PL1 1AA"  # however it changes, the confirmation was given for Glasgow
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).forum_confirmed_at is None
    assert forum_cleared_events(claim) == [{"because": "claimant_postcode_changed"}]


def test_the_defendant_address_never_relinks_the_claim_to_another_register_entry(client, login_as, make_claim):
    login_as("solicitor")
    claim = signed_claim(client, make_claim)  # a public authority, not in the register when it was made
    assert claim.defendant is None and claim.defendant_public_authority is True
    other = Defendant(name=claim.defendant_name.upper(), sector="private_company", public_authority=False)
    db.session.add(other)
    db.session.commit()
    assert client.post(f"/staff/claims/{claim.id}/letter-of-claim", data=DEFENDANT_ADDRESS).status_code == 302
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    assert claim.defendant.id != other.id and claim.defendant.name == claim.defendant_name
    assert claim.defendant.public_authority is True  # so the HRA limitation still applies
    assert db.session.get(Defendant, other.id).address is None
    first = claim.defendant.id
    # a later change updates that entry: the link, once made, is never changed
    client.post(f"/staff/claims/{claim.id}/letter-of-claim",
                data={**DEFENDANT_ADDRESS, "defendant-address": "Civic Centre\nPlymouth\nPL1 2AA"})
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).defendant.id == first


def test_linking_the_claim_to_a_register_entry_refreshes_its_limitation_dates(client, login_as, make_claim):
    login_as("solicitor")
    # the claimant said a private company, but the register (exactly that name) says a public authority
    claim = make_claim(**{"organisation": {"organisation_name": "Acme Care Ltd", "sector": "housing",
                                           "public_body": "no"}})
    assert {kd.cause for kd in claim.key_dates if kd.kind == "limitation"} == {
        "uk_gdpr", "misuse_private_information", "breach_of_confidence"}
    db.session.add(Defendant(name="Acme Care Ltd", sector="housing", public_authority=True))
    db.session.commit()
    assert client.post(f"/staff/claims/{claim.id}/letter-of-claim", data=DEFENDANT_ADDRESS).status_code == 302
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    assert "human_rights_act" in {kd.cause for kd in claim.key_dates if kd.kind == "limitation"}
    assert claim.earliest_limitation_on == date(2026, 11, 9)
