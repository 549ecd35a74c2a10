"""A claim's facts as the valuation core's input dict: one claim from the ORM, or many from column queries.

This module owns the mapping to the input schema (``claims.domain.valuation.inputs``). Every
derived fact (special category, children involved, recipient known, medical evidence, public
authority) is the claim kernel's reading (``claims.claim.facts``), the same one screening and
letters use. Both paths go through ``inputs_from_record``, so a claim valued on its own and the
same claim in a bulk job get exactly the same input. Also:

- fear_for_safety, had_to_move: ticked as effects on the form;
- limitation: the claim's limitation dates from its facts (``claims.claim.limitation``: the same
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

from claims.claim.facts import ClaimFacts, facts_from_row, facts_of
from claims.claim.limitation import limitation_facts
from claims.domain.limitation import limitation_dates
from claims.domain.valuation.estimate import gbp
from claims.extensions import db
from claims.models import Claim, ClaimDataCategory, ClaimEffect, Claimant, Defendant, FinancialLoss

# Claim columns read for each claim (plus the claimant's date of birth and the register's flag).
RECORD_COLUMNS = (
    Claim.id, Claim.reference, Claim.breach_type, Claim.breach_on, Claim.discovered_on, Claim.recipients_scope,
    Claim.recipient_relationship, Claim.distress_level, Claim.medical_help, Claim.diagnosed,
    Claim.effects_ongoing, Claim.organisation_reply, Claim.already_represented,
    Claim.defendant_public_authority, Claim.defendant_sector,
    Claim.concealment_discovered_on, Claim.lacked_capacity, Claim.capacity_regained_on,
)


def inputs_from_record(record: Mapping, facts: ClaimFacts, *, losses: Iterable[tuple[str, int, bool]],
                       as_of: date) -> dict:
    """The estimate input dict from one claim's columns, its facts (``claims.claim.facts``) and losses
    (head, pence, evidenced)."""
    losses = list(losses)
    dates = limitation_dates(**limitation_facts({**record, "born_on": facts.claimant_born_on,
                                                 "public_authority": facts.public_authority}))
    return {
        "reference": record["reference"],
        "breach_type": record["breach_type"],
        "data_categories": list(facts.data_categories),
        "special_category": facts.special_category,
        "children_involved": facts.children_involved,
        "recipients_scope": record["recipients_scope"],
        "recipient_known_to_claimant": facts.recipient_known,
        "recipient_relationship": record["recipient_relationship"],
        "distress_level": record["distress_level"],
        "medical_evidence": facts.medical_evidence,
        "financial_loss_gbp": gbp(sum(pence for _, pence, _ in losses)),
        "financial_losses": [{"head": head, "amount_gbp": gbp(pence), "evidenced": bool(evidenced)}
                             for head, pence, evidenced in losses],
        "breach_date": facts.breach_on.isoformat(),
        "effects": list(facts.effects),
        "effects_ongoing": bool(record["effects_ongoing"]),
        "fear_for_safety": "fear_for_safety" in facts.effects,
        "had_to_move": "had_to_move" in facts.effects,
        "organisation_reply": record["organisation_reply"],
        "defendant_public_authority": facts.public_authority,
        "already_represented": bool(record["already_represented"]),
        "limitation": [{"cause": item.cause, "expires_on": item.expires_on.isoformat() if item.running else None}
                       for item in dates],
    }


def claim_inputs(claim: Claim, *, as_of: date) -> dict:
    """The estimate input dict for one claim (ORM object with its categories, effects, losses, defendant)."""
    record = {column.key: getattr(claim, column.key) for column in RECORD_COLUMNS}
    losses = [(loss.head, loss.amount_pence, loss.evidenced) for loss in claim.losses]
    return inputs_from_record(record, facts_of(claim), losses=losses, as_of=as_of)


def many_claim_inputs(where, *, as_of: date) -> tuple[list[int], list[dict]]:
    """Claim ids and their input dicts for every claim matching ``where``, ordered by id: four column queries."""
    ids = select(Claim.id).where(where)
    rows = db.session.execute(
        select(*RECORD_COLUMNS, Claimant.date_of_birth.label("born_on"), Claimant.postcode.label("postcode"),
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
    inputs = [inputs_from_record(row, facts_from_row(row, categories=categories.get(row["id"], ()),
                                                     effects=effects.get(row["id"], ())),
                                 losses=losses.get(row["id"], ()), as_of=as_of)
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
