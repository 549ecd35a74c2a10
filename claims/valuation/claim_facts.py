"""A claim's facts as the valuation core's input dict: one claim from the ORM, or many from column queries.

This module owns the mapping from what intake stores to the input schema
(``claims.domain.valuation.inputs``). Both paths go through ``inputs_from_record``, so
a claim valued on its own and the same claim in a bulk job get exactly the same input:

- special_category: any category in ``vocab.SPECIAL_CATEGORIES``;
- children_involved: ``claims.domain.claim_facts.children_involved`` (the claimant was
  under 18 on the breach date, or the data included "children" or "social_care" records);
- recipient_known_to_claimant: the relationship is in ``vocab.KNOWN_RECIPIENTS``;
- medical_evidence: ``claims.domain.claim_facts.medical_evidence`` (a psychiatrist or mental
  health team and a diagnosis → psychiatric_diagnosis; anyone else seen → gp; no one → none);
- fear_for_safety, had_to_move: ticked as effects on the form;
- defendant_public_authority: ``claims.domain.claim_facts.public_authority`` (register, answer, sector);
- limitation: the claim's limitation dates from its facts (``claims.cases.limitation``: the same
  dates and, in the core, the same flags as screening), [{cause, expires_on}] with ISO dates, null
  while a period is not running.

Facts the form does not ask (repeated breaches, the defendant's delay) take the core's
defaults. Values are plain primitives, ready to store as JSON.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import pandas as pd
from sqlalchemy import select

from claims.cases.limitation import limitation_facts
from claims.domain.claim_facts import children_involved, medical_evidence, public_authority
from claims.domain.limitation import limitation_dates
from claims.domain.valuation.estimate import gbp
from claims.domain.vocab import KNOWN_RECIPIENTS, SPECIAL_CATEGORIES
from claims.extensions import db
from claims.models import Claim, ClaimDataCategory, ClaimEffect, Claimant, Defendant, FinancialLoss

# Claim columns read for each claim (plus the claimant's date of birth and the register's flag).
RECORD_COLUMNS = (
    Claim.id, Claim.reference, Claim.breach_type, Claim.breach_on, Claim.recipients_scope,
    Claim.recipient_relationship, Claim.distress_level, Claim.medical_help, Claim.diagnosed,
    Claim.effects_ongoing, Claim.organisation_reply, Claim.already_represented,
    Claim.defendant_public_authority, Claim.defendant_sector,
    Claim.concealment_discovered_on, Claim.lacked_capacity, Claim.capacity_regained_on,
)


def inputs_from_record(record: Mapping, *, categories: Iterable[str], effects: Iterable[str],
                       losses: Iterable[tuple[str, int, bool]], as_of: date) -> dict:
    """The estimate input dict from one claim's columns, category and effect codes, and losses (head, pence, evidenced)."""
    categories, effects, losses = list(categories), list(effects), list(losses)
    breach_on = record["breach_on"]
    return {
        "reference": record["reference"],
        "breach_type": record["breach_type"],
        "data_categories": categories,
        "special_category": any(code in SPECIAL_CATEGORIES for code in categories),
        "children_involved": children_involved(record["born_on"], breach_on, categories),
        "recipients_scope": record["recipients_scope"],
        "recipient_known_to_claimant": record["recipient_relationship"] in KNOWN_RECIPIENTS,
        "recipient_relationship": record["recipient_relationship"],
        "distress_level": record["distress_level"],
        "medical_evidence": medical_evidence(record["medical_help"], bool(record["diagnosed"])),
        "financial_loss_gbp": gbp(sum(pence for _, pence, _ in losses)),
        "financial_losses": [{"head": head, "amount_gbp": gbp(pence), "evidenced": bool(evidenced)}
                             for head, pence, evidenced in losses],
        "breach_date": breach_on.isoformat(),
        "effects": effects,
        "effects_ongoing": bool(record["effects_ongoing"]),
        "fear_for_safety": "fear_for_safety" in effects,
        "had_to_move": "had_to_move" in effects,
        "organisation_reply": record["organisation_reply"],
        "defendant_public_authority": bool(record["public_authority"]),
        "already_represented": bool(record["already_represented"]),
        "limitation": [{"cause": item.cause, "expires_on": item.expires_on.isoformat() if item.running else None}
                       for item in limitation_dates(**limitation_facts(record))],
    }


def claim_inputs(claim: Claim, *, as_of: date) -> dict:
    """The estimate input dict for one claim (ORM object with its categories, effects, losses, defendant)."""
    record = {column.key: getattr(claim, column.key) for column in RECORD_COLUMNS}
    register = claim.defendant.public_authority if claim.defendant is not None else None
    record.update(born_on=claim.claimant.date_of_birth,
                  public_authority=public_authority(register, claim.defendant_public_authority, claim.defendant_sector))
    losses = [(loss.head, loss.amount_pence, loss.evidenced) for loss in claim.losses]
    return inputs_from_record(record, categories=claim.category_codes, effects=claim.effect_codes,
                              losses=losses, as_of=as_of)


def many_claim_inputs(where, *, as_of: date) -> tuple[list[int], list[dict]]:
    """Claim ids and their input dicts for every claim matching ``where``, ordered by id: four column queries."""
    ids = select(Claim.id).where(where)
    rows = db.session.execute(
        select(*RECORD_COLUMNS, Claimant.date_of_birth.label("born_on"),
               Defendant.public_authority.label("register_public"))
        .join(Claimant, Claim.claimant_id == Claimant.id)
        .outerjoin(Defendant, Claim.defendant_id == Defendant.id)
        .where(where).order_by(Claim.id)).mappings().all()
    categories = _codes(select(ClaimDataCategory.claim_id, ClaimDataCategory.category)
                        .where(ClaimDataCategory.claim_id.in_(ids)).order_by(ClaimDataCategory.category))
    effects = _codes(select(ClaimEffect.claim_id, ClaimEffect.effect)
                     .where(ClaimEffect.claim_id.in_(ids)).order_by(ClaimEffect.effect))
    losses = _codes(select(FinancialLoss.claim_id, FinancialLoss.head, FinancialLoss.amount_pence,
                           FinancialLoss.evidenced).where(FinancialLoss.claim_id.in_(ids)).order_by(FinancialLoss.id))
    inputs = [inputs_from_record({**row, "public_authority": public_authority(
                                      row["register_public"], row["defendant_public_authority"],
                                      row["defendant_sector"])}, categories=categories.get(row["id"], ()),
                                 effects=effects.get(row["id"], ()), losses=losses.get(row["id"], ()), as_of=as_of)
              for row in rows]
    return [row["id"] for row in rows], inputs


def _codes(query) -> dict[int, list]:
    """{claim id: [value, …]} in the query's order; a value is the row after the claim id (a tuple if several)."""
    grouped: dict[int, list] = {}
    for row in db.session.execute(query):
        grouped.setdefault(row[0], []).append(row[1] if len(row) == 2 else tuple(row[1:]))
    return grouped


def inputs_frame(inputs: list[dict], index: Iterable | None = None) -> pd.DataFrame:
    """Input dicts as the frame ``estimate_many`` takes (object columns, so None and ints stay as they are)."""
    keys = list(inputs[0]) if inputs else []
    frame = pd.DataFrame({key: pd.Series([item[key] for item in inputs], dtype=object) for key in keys})
    if keys:  # a float column takes the core's vectorised path for amounts (at most 2 decimal places)
        frame["financial_loss_gbp"] = frame["financial_loss_gbp"].astype(float)
    return frame.set_axis(pd.Index(list(index) if index is not None else range(len(inputs))))
