"""Turn a completed draft into a claim: people, answers, losses, evidence, screening, reference.

Flushes but never commits: the view commits once, so a failure leaves nothing half-made.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, update

from claims import audit
from claims.claim.events import claim_submitted
from claims.claim.limitation import screening_input, store_dates, store_screening
from claims.domain.screening import ScreeningResult, screen
from claims.domain.status import INITIAL_STATUS
from claims.domain.vocab import LOSS_HEADS
from claims.extensions import db
from claims.intake.drafts import draft_evidence
from claims.intake.steps import first_unanswered, is_child_claim
from claims.models import (
    Claim, ClaimDataCategory, ClaimEffect, Claimant, Defendant, FinancialLoss, IntakeDraft, LitigationFriend,
    StatusChange,
)
from claims.models._types import utcnow


class IncompleteDraft(ValueError):
    """A page of the form has not been answered yet."""


def format_reference(year: int, claim_id: int) -> str:
    """The human claim reference, e.g. BC-2026-000123."""
    return f"BC-{year}-{claim_id:06d}"


class AlreadySubmitted(ValueError):
    """The draft was submitted meanwhile (a double click, or a retry on a slow phone)."""


def submit_draft(draft: IntakeDraft, *, today: date) -> Claim:
    """Create the claim from a finished draft and mark the draft submitted, once.

    The draft is marked by one conditional UPDATE before anything is made: of two submissions at
    once, the second waits for the first (row lock on PostgreSQL, the write lock on SQLite), finds
    the draft submitted and raises AlreadySubmitted.
    """
    answers = draft.answers
    if (missing := first_unanswered(answers)) is not None:
        raise IncompleteDraft(missing.slug)
    taken = db.session.execute(
        update(IntakeDraft).where(IntakeDraft.id == draft.id, IntakeDraft.submitted_at.is_(None))
        .values(submitted_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    if taken != 1:
        raise AlreadySubmitted(draft.id)
    claimant, friend = _people(answers)
    claim = _claim(answers, claimant, friend)
    db.session.add(claim)
    db.session.flush()
    claim.reference = format_reference(today.year, claim.id)
    for item in draft_evidence(draft):
        item.claim_id = claim.id
    apply_screening(claim, _screen(claim, today))
    claim.status_changes.append(StatusChange(from_status=None, to_status=INITIAL_STATUS, reason="Submitted online"))
    draft.submitted_at, draft.claim_id, draft.answers = utcnow(), claim.id, {}
    audit.record("claim.submitted", entity_type="claim", entity_id=claim.id, claim_id=claim.id, actor="claimant")
    claim_submitted.send(None, claim=claim, today=today)  # acknowledgement letter; triage task; warnings
    return claim


def _people(answers: dict) -> tuple[Claimant, LitigationFriend | None]:
    you = answers["about-you"]
    contact = dict(first_name=you["first_name"], last_name=you["last_name"],
                   date_of_birth=date.fromisoformat(you["date_of_birth"]), email=you["email"],
                   phone=you.get("phone") or None, address_line_1=you["address_line_1"],
                   address_line_2=you.get("address_line_2") or None, town=you["town"], postcode=you["postcode"])
    if not is_child_claim(answers):
        return Claimant(**contact), None
    child = answers["about-the-child"]
    claimant = Claimant(first_name=child["child_first_name"], last_name=child["child_last_name"],
                        date_of_birth=date.fromisoformat(child["child_date_of_birth"]),
                        address_line_1=contact["address_line_1"], address_line_2=contact["address_line_2"],
                        town=contact["town"], postcode=contact["postcode"])
    return claimant, LitigationFriend(relationship_to_claimant=child["relationship"], **contact)


def _claim(answers: dict, claimant: Claimant, friend: LitigationFriend | None) -> Claim:
    org, what, data = answers["organisation"], answers["what-happened"], answers["what-data"]
    who, effects, done = answers["who-saw-it"], answers["effects"], answers["what-done"]
    defendant = db.session.scalar(
        select(Defendant).where(func.lower(Defendant.name) == org["organisation_name"].lower()))
    claim = Claim(
        claimant=claimant, litigation_friend=friend, status=INITIAL_STATUS, submitted_at=utcnow(),
        defendant_name=org["organisation_name"], defendant_sector=org["sector"], defendant=defendant,
        defendant_public_authority={"yes": True, "no": False}.get(org["public_body"]),
        breach_type=what["breach_type"], breach_on=date.fromisoformat(what["breach_date"]),
        discovered_on=date.fromisoformat(what["discovered_date"]), discovery_method=what["discovery_method"],
        account=what["account"],
        recipients_scope=who["recipients_scope"], recipient_relationship=who["recipient_relationship"],
        recipient_details=who.get("recipient_details") or None,
        distress_level=effects["distress_level"], effects_details=effects.get("effects_details") or None,
        medical_help=effects["medical_help"], diagnosed=effects["diagnosed"] == "yes",
        diagnosis_details=effects.get("diagnosis_details") or None,
        condition_worsened=effects["condition_worsened"] == "yes", effects_ongoing=effects["effects_ongoing"] == "yes",
        organisation_reply=done["organisation_reply"], complained_to_ico=done["complained_to_ico"] == "yes",
        already_represented=done["already_represented"] == "yes", in_group_action=done["in_group_action"] == "yes",
        other_action_details=done.get("other_action_details") or None,
    )
    claim.data_categories = [ClaimDataCategory(category=code) for code in data["data_categories"]]
    if data.get("data_other"):
        claim.account = f"{claim.account}\n\nOther information involved: {data['data_other']}"
    claim.effects = [ClaimEffect(effect=code) for code in effects.get("effects") or []]
    claim.losses = _losses(answers["money"])
    return claim


def _losses(money: dict) -> list[FinancialLoss]:
    return [FinancialLoss(head=head, amount_pence=money[f"{head}_amount"],
                          description=money.get(f"{head}_details") or None)
            for head in LOSS_HEADS if money.get(f"{head}_amount")]


def _screen(claim: Claim, today: date) -> ScreeningResult:
    return screen(screening_input(claim), today=today)


def apply_screening(claim: Claim, result: ScreeningResult) -> None:
    """Store the day's flags, and the limitation key dates and sortable earliest date (replacing earlier ones)."""
    store_screening(claim, result)
    store_dates(claim, result.limitation)
