"""Staff correcting a claim's facts: read a section, apply what changed, keep each change, follow it through.

Every changed field becomes a ``ClaimEdit`` row (before and after as people read them, who, when,
the version it made) and one audit event names the fields (never their values). The claim's
``version`` goes up once per save; a save made against an older version is refused by the view
(``edits_since`` lists what the other person changed). What the change sets off is decided by the
pure core (``claims.domain.claim_edits.consequences``): the limitation dates and screening flags
worked out again, the valuation marked out of date, a confirmed summary of the facts unconfirmed.
Flushes nothing; the request commits.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from claims import audit
from claims.claim import limitation
from claims.domain import claim_edits as rules
from claims.domain.claim_edits import Change, Loss
from claims.extensions import db
from claims.models import Claim, ClaimDataCategory, ClaimEdit, ClaimEffect, Defendant, FinancialLoss, User
from claims.models._types import utcnow

CLAIMANT = ("first_name", "last_name", "date_of_birth", "email", "phone", "address_line_1", "address_line_2",
            "town", "postcode")
OWN = ("breach_on", "discovered_on", "distress_level", "effects_details", "medical_help", "diagnosed",
       "diagnosis_details", "condition_worsened", "effects_ongoing", "defendant_name", "defendant_sector",
       "defendant_public_authority")


def current_values(claim: Claim) -> dict:
    """Every editable field of the claim (but its losses), as ``claims.domain.claim_edits`` compares them."""
    values = {f"claimant.{name}": getattr(claim.claimant, name) for name in CLAIMANT}
    values.update({name: getattr(claim, name) for name in OWN})
    values.update(data_categories=claim.category_codes, effects=claim.effect_codes,
                  defendant_id=claim.defendant.name if claim.defendant is not None else None)
    return values


def current_losses(claim: Claim) -> dict[int, Loss]:
    return {loss.id: Loss(loss.head, loss.amount_pence, loss.description or None, bool(loss.evidenced))
            for loss in claim.losses}


def form_defaults(claim: Claim, section: str) -> dict:
    """What the section's form shows when it opens: the claim's values as its fields take them."""
    values = current_values(claim)
    yes_no = {True: "yes", False: "no"}
    defaults = {}
    for field in rules.SECTIONS[section][1]:
        if field == "loss":
            continue
        name, value = field.removeprefix("claimant."), values[field]
        if field == "defendant_public_authority":
            value = {True: "yes", False: "no", None: "not_sure"}[value]
        elif field == "defendant_id":
            value = str(claim.defendant_id) if claim.defendant_id else ""
        elif rules.FIELDS[field][1] == rules.YES_NO:
            value = yes_no[bool(value)]
        defaults[name] = value
    if section == "losses":
        defaults["losses"] = [{"loss_id": str(loss.id), "head": loss.head, "amount": loss.amount_pence,
                               "description": loss.description or "", "evidenced": loss.evidenced}
                              for loss in claim.losses] + [{}]
    return defaults


def register_entries() -> list[tuple[int, str]]:
    """The defendant register, by name, for matching a claim to its entry."""
    return list(db.session.execute(select(Defendant.id, Defendant.name).order_by(Defendant.name)).tuples())


def edit_section(claim: Claim, new: dict, *, by: User, today: date, reason: str | None = None,
                 defendant_id: int | None = None) -> list[Change]:
    """Apply the section's values ``new`` (keyed by field name, as ``current_values``) where they differ and keep
    the changes. ``defendant_id``: the register entry chosen, when the section has ``defendant_id``."""
    changes = rules.diff(current_values(claim), new)
    for change in changes:
        _set(claim, change.field, new[change.field], defendant_id)
    incident, register = claim.incident, claim.defendant
    if any(change.field == "defendant_id" for change in changes) and incident is not None and (
            register is None or incident.defendant_id != register.id):  # an incident of another organisation
        claim.incident = None
        changes.append(Change("incident_id", rules.label("incident_id"), incident.title, None))
    return _keep(claim, changes, by=by, today=today, reason=reason)


def edit_losses(claim: Claim, rows: list[dict], *, by: User, today: date, reason: str | None = None) -> list[Change]:
    """Apply the losses as the form gives them: ``rows`` of ``loss_id`` (None for a new one), ``remove``, ``head``,
    ``pence``, ``description``, ``evidenced``. A loss id not on this claim is ignored."""
    before = current_losses(claim)
    by_id = {loss.id: loss for loss in claim.losses}
    after: dict[object, Loss] = dict(before)
    for index, row in enumerate(rows):
        loss_id = row["loss_id"]
        if loss_id is not None and loss_id not in by_id:
            continue
        if row["remove"]:
            after.pop(loss_id, None)
            continue
        after[loss_id if loss_id is not None else f"new-{index}"] = Loss(
            row["head"], row["pence"], row["description"] or None, bool(row["evidenced"]))
    changes = rules.loss_changes(before, after)
    if not changes:
        return []
    for loss_id, loss in by_id.items():
        if loss_id not in after:
            claim.losses.remove(loss)
        elif after[loss_id] != before[loss_id]:
            value = after[loss_id]
            loss.head, loss.amount_pence, loss.description, loss.evidenced = (
                value.head, value.pence, value.description, value.evidenced)
    claim.losses.extend(FinancialLoss(head=value.head, amount_pence=value.pence, description=value.description,
                                      evidenced=value.evidenced)
                        for key, value in after.items() if key not in before)
    return _keep(claim, changes, by=by, today=today, reason=reason)


def _set(claim: Claim, field: str, value, defendant_id: int | None) -> None:
    if field.startswith("claimant."):
        setattr(claim.claimant, field.removeprefix("claimant."), value)
    elif field == "data_categories":
        kept = [row for row in claim.data_categories if row.category in value]
        claim.data_categories = kept + [ClaimDataCategory(category=code) for code in value
                                        if code not in {row.category for row in kept}]
    elif field == "effects":
        kept = [row for row in claim.effects if row.effect in value]
        claim.effects = kept + [ClaimEffect(effect=code) for code in value
                                if code not in {row.effect for row in kept}]
    elif field == "defendant_id":
        claim.defendant = db.session.get(Defendant, defendant_id) if defendant_id else None
    else:
        setattr(claim, field, value)


def _keep(claim: Claim, changes: list[Change], *, by: User, today: date, reason: str | None) -> list[Change]:
    """Record the changes at the claim's next version, audit their field names and follow them through."""
    if not changes:
        return []
    claim.version += 1
    claim.updated_at = utcnow()
    at = utcnow()
    for change in changes:
        db.session.add(ClaimEdit(claim_id=claim.id, field=change.field, old_value=change.old, new_value=change.new,
                                 version=claim.version, reason=reason or None, edited_by_id=by.id, edited_at=at))
    fields = sorted({change.field for change in changes})
    effects = rules.consequences(fields)
    if effects.limitation:
        limitation.rescreen(claim, today=today)
    if effects.valuation and claim.value_pence is not None:  # valued: that valuation is now out of date
        claim.valuation_stale = True
    unconfirmed = effects.letter_facts and claim.facts_confirmed_at is not None
    if unconfirmed:
        claim.facts_confirmed_at, claim.facts_confirmed_by_id = None, None
    audit.record("claim.edited", entity_type="claim", entity_id=claim.id, claim_id=claim.id,
                 details={"fields": fields, "version": claim.version, "limitation_refreshed": effects.limitation,
                          "valuation_stale": effects.valuation, "facts_confirmation_cleared": unconfirmed})
    return changes


def left_as_found(conflict: list[ClaimEdit], typed: dict) -> set[str]:
    """Of the fields someone else changed since this person opened the form (``conflict``), those this person
    left as they found them: their form should show the other person's value, not put the old one back."""
    found: dict[str, str | None] = {}
    for edit in sorted(conflict, key=lambda edit: (edit.version, edit.id)):
        found.setdefault(edit.field, edit.old_value)  # the value as it stood when the form was opened
    return {field for field, before in found.items() if field in typed and rules.shown(field, typed[field]) == before}


def edits_of(claim_id: int, *, after_version: int = 0) -> list[ClaimEdit]:
    """The claim's edits, newest first; ``after_version``: only those made since that version."""
    return list(db.session.scalars(
        select(ClaimEdit).where(ClaimEdit.claim_id == claim_id, ClaimEdit.version > after_version)
        .options(selectinload(ClaimEdit.edited_by)).order_by(ClaimEdit.version.desc(), ClaimEdit.id)))
