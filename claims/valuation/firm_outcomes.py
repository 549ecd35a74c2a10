"""The firm's own settlements as precedent rows, so the model learns as the firm settles.

This module owns which claims count as firm outcomes and how each becomes a row of the
precedent table (in the typed-row shape ``load_precedent_frame`` reads, amounts in pence):

- A claim counts once it is ``settled`` or ``closed_won`` with ``settled_pence`` recorded,
  and it settled on or before the valuation date.
- Its facts are encoded exactly as the claim itself is valued (``claim_facts``).
- ``award`` is the general damages part of the settlement: the general damages the
  recorded settlement names (``claims.models.Settlement``), else ``settled_pence`` less the
  claim's special damages (every itemised financial loss, evidenced or not), floor 0. A
  settlement that covered no more than the losses says nothing about general damages,
  so it is left out. ``financial_loss`` is left blank because the losses are already
  taken off (the pool would otherwise net a settlement a second time).
- No personal data: the case name is the claim reference, the citation "Firm
  settlement", the source "Firm record <reference>"; the summary holds codes and sums.
- The year and ``decided_on`` are the settlement date: the day the recorded settlement was
  agreed, else the first move to "settled", else ``closed_at``, else the claim's last update.

``fingerprint()`` changes whenever a claim settles or a settlement changes (count, latest
update and sum of settled claims), so a cached pool keyed on it is rebuilt. It does not
see a settled claim's losses or categories being edited without the claim row changing;
re-running after such edits needs a new settlement or a restart.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, func, select

from claims.extensions import db
from claims.models import Claim, Settlement, StatusChange
from claims.valuation.claim_facts import many_claim_inputs

SETTLED_STATUSES = ("settled", "closed_won")
CITATION = "Firm settlement"


def settled_claims():
    """The SQL condition for a claim that is a firm outcome (before the date check)."""
    return and_(Claim.status.in_(SETTLED_STATUSES), Claim.settled_pence.is_not(None))


def fingerprint() -> tuple:
    """(count, latest update, sum of settlements) of settled claims: changes when the firm's outcomes do."""
    count, latest, total = db.session.execute(
        select(func.count(Claim.id), func.max(Claim.updated_at), func.sum(Claim.settled_pence))
        .where(settled_claims())).one()
    return int(count), str(latest) if latest is not None else None, int(total or 0)


def firm_precedent_rows(*, as_of: date, first_row: int = 100_000) -> list[dict]:
    """Every settled claim as a precedent row (``row_number`` from ``first_row``), oldest first by claim id."""
    ids, inputs = many_claim_inputs(settled_claims(), as_of=as_of)
    settlements = _settlements()
    rows = []
    for claim_id, facts in zip(ids, inputs):
        settled_pence, settled_on, recorded = settlements[claim_id]
        if recorded is not None:  # the settlement says how much of it was general damages
            general_pence, special_pence = recorded
        else:
            special_pence = sum(round(item["amount_gbp"] * 100) for item in facts["financial_losses"])
            general_pence = max(settled_pence - special_pence, 0)
        if general_pence == 0 or settled_on > as_of:
            continue
        rows.append(precedent_row(facts, general_pence=general_pence, special_pence=special_pence,
                                  settled_on=settled_on, row_number=first_row + len(rows)))
    return rows


def precedent_row(facts: dict, *, general_pence: int, special_pence: int, settled_on: date, row_number: int) -> dict:
    """One settled claim's input facts as a firm precedent row (no personal data: the reference only)."""
    reference = facts["reference"]
    return {
        "row_number": row_number, "case_name": reference, "citation": CITATION, "year": settled_on.year,
        "decided_on": settled_on, "court": None, "jurisdiction": None, "cause_of_action": None,
        "breach_type": facts["breach_type"], "data_categories": ";".join(facts["data_categories"]) or "other",
        "special_category": facts["special_category"], "children_involved": facts["children_involved"],
        "recipients_scope": facts["recipients_scope"],
        "recipient_known_to_claimant": facts["recipient_known_to_claimant"], "had_to_move": facts["had_to_move"],
        "distress_level": facts["distress_level"], "medical_evidence": facts["medical_evidence"],
        "financial_loss_pence": None, "award_pence": general_pence, "award_low_pence": None,
        "award_high_pence": None, "outcome": "settled",
        "summary": (f"Settled by the firm for £{(general_pence + special_pence) / 100:,.2f}, of which "
                    f"£{special_pence / 100:,.2f} special damages; general damages £{general_pence / 100:,.2f}."),
        "source": f"Firm record {reference}", "verified": True, "include": True, "origin": "firm",
        "notes": "The firm's own outcome, from its case records.", "case_group": None,
    }


def _settlements() -> dict[int, tuple[int, date, tuple[int, int] | None]]:
    """{claim id: (settled pence, settlement date, (general, special) pence as recorded or None)} for settled claims."""
    first_settled = (select(StatusChange.claim_id, func.min(StatusChange.changed_at).label("at"))
                     .where(StatusChange.to_status == "settled").group_by(StatusChange.claim_id).subquery())
    rows = db.session.execute(
        select(Claim.id, Claim.settled_pence, first_settled.c.at, Claim.closed_at, Claim.updated_at,
               Settlement.agreed_on, Settlement.general_pence, Settlement.special_pence)
        .outerjoin(first_settled, first_settled.c.claim_id == Claim.id)
        .outerjoin(Settlement, Settlement.claim_id == Claim.id).where(settled_claims()))
    return {row.id: (int(row.settled_pence), row.agreed_on or _day(row.at or row.closed_at or row.updated_at),
                     (int(row.general_pence), int(row.special_pence)) if row.general_pence is not None else None)
            for row in rows}


def _day(value) -> date:
    """A timestamp as its date (an aggregate on SQLite comes back as text)."""
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])

