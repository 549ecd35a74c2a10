"""The demo caseload's endings, consistent with each claim's history: the defendant's response, offers and the
client's instructions, the settlement and its money, and court proceedings (``claims.domain.outcomes``).

From the route ``claims.demo.seed`` chose for a claim and the time of each move:

- a response on every claim that went through "Response received" (admits, partly admits or denies);
- on a claim that settled (or closed won): the defendant's first offer at 45–75% of the settlement, rejected on
  the client's instruction, and our counter-offer at the settlement figure, accepted; the settlement itself
  (general damages, the claim's losses as special damages, costs on top) and, once closed won, the money
  received and sent on to the client;
- on a claim still in negotiation: one open offer from the defendant, awaiting the client's instruction;
- on a claim that went to court: the proceedings, with the court's next date when the claim is still open.

Rows, not ORM objects; its own random stream, so the claims themselves stay the same for a seed.
"""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from claims.clock import UK
from claims.domain.fees import FeeTerms, deductions, success_fee_from_prospects
from claims.models import DefendantResponse, KeyDate, Offer, Payment, Proceedings, Settlement

COURTS = ("County Court at Central London", "County Court at Manchester", "County Court at Birmingham",
          "County Court at Leeds", "County Court at Plymouth", "High Court, King's Bench Division (Media and "
          "Communications List)")
POSITIONS = {"denies": 3, "partly_admits": 4, "admits": 3}
# The firm's default terms at the usual prospects: what the demo sends on to a client who won.
DEMO_TERMS = FeeTerms(base_costs_pence=300_000, success_fee_percent=success_fee_from_prospects(60))


def _day(at: datetime) -> date:
    return at.astimezone(UK).date()


def add_outcomes(rows: dict, ctx, claim: dict, path: tuple[str, ...], times: list[datetime], losses: int,
                 handler: int) -> None:
    """Add the outcome rows for one claim from its route (``path``) and the time of each move (``times``)."""
    rng: random.Random = ctx.outcome_rng
    at = dict(zip(path, times))
    today = _day(ctx.now)
    if "response_received" in at:
        rows[DefendantResponse].append({
            "id": ctx.take_id(DefendantResponse), "claim_id": claim["id"], "received_on": _day(at["response_received"]),
            "position": rng.choices(list(POSITIONS), weights=list(POSITIONS.values()))[0],
            "their_reference": f"DP/{rng.randint(1000, 99999)}", "summary": None, "evidence_file_id": None,
            "recorded_at": at["response_received"], "recorded_by_id": handler})
    settled = claim.get("settled_pence")
    if settled:
        _settlement(rows, ctx, rng, claim, at, settled, losses, handler)
    elif claim["status"] == "negotiation":
        made = at["negotiation"]
        general = max(round(rng.uniform(500, 4_000)) * 100, 25_000)
        _offer(rows, ctx, claim, "defendant", _day(made), general, losses, handler, made,
               expires_on=_day(made) + timedelta(days=21) if _day(made) + timedelta(days=21) >= today else None)
    if "proceedings" in at:
        issued = at["proceedings"]
        court = rng.choice(COURTS)
        number = f"K{rng.randint(0, 9)}{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}{rng.randint(10000, 99999)}"
        rows[Proceedings].append({"id": ctx.take_id(Proceedings), "claim_id": claim["id"], "court": court,
                                  "claim_number": number, "issued_on": _day(issued), "recorded_at": issued,
                                  "recorded_by_id": handler})
        if claim["status"] == "proceedings":
            rows[KeyDate].append({"id": ctx.take_id(KeyDate), "claim_id": claim["id"], "kind": "court",
                                  "cause": None, "label": "Directions questionnaire due", "due_on":
                                  today + timedelta(days=rng.randint(7, 60)), "basis": f"Given by {court} in claim "
                                  f"{number}", "completed_at": None, "assigned_to_id": None, "created_at": issued})


def _offer(rows, ctx, claim, made_by, made_on, general, special, handler, recorded_at, **extra) -> int:
    offer_id = ctx.take_id(Offer)
    row = {"id": offer_id, "claim_id": claim["id"], "made_by": made_by, "made_on": made_on, "general_pence": general,
           "special_pence": special, "costs_terms": "plus_costs", "part_36": False, "expires_on": None,
           "counters_offer_id": None, "notes": None, "recorded_at": recorded_at, "recorded_by_id": handler,
           "outcome": None, "outcome_on": None, "outcome_note": None, "outcome_by_id": None, "instruction": None,
           "instruction_counter_pence": None, "instruction_note": None, "instructed_at": None,
           "instructed_by_id": None}
    row.update(extra)
    rows[Offer].append(row)
    return offer_id


def _settlement(rows, ctx, rng, claim, at, settled, losses, handler) -> None:
    agreed_at = at.get("settled") or at.get("closed_won")
    general = max(settled - losses, 0)
    start = at.get("response_received") or at.get("letter_of_claim_sent") or min(at.values())
    first_at = start + (agreed_at - start) * 0.3
    first_general = max(round(general * rng.uniform(0.45, 0.75) / 100) * 100, 10_000)
    first = _offer(rows, ctx, claim, "defendant", _day(first_at), first_general, losses, handler, first_at,
                   outcome="countered", outcome_on=_day(agreed_at - (agreed_at - first_at) / 2),
                   outcome_by_id=handler, instruction="counter", instruction_counter_pence=general,
                   instructed_at=first_at + timedelta(days=2))
    counter_at = agreed_at - (agreed_at - first_at) / 2
    counter = _offer(rows, ctx, claim, "claimant", _day(counter_at), general, losses, handler, counter_at,
                     counters_offer_id=first, outcome="accepted", outcome_on=_day(agreed_at), outcome_by_id=handler)
    costs = rng.randint(15, 45) * 10_000
    won = claim["status"] == "closed_won"
    paid_on = _day(at["closed_won"]) if won else None
    rows[Settlement].append({"id": ctx.take_id(Settlement), "claim_id": claim["id"], "offer_id": counter,
                             "agreed_on": _day(agreed_at), "general_pence": general, "special_pence": losses,
                             "costs_pence": costs, "paid_on": paid_on, "statement_id": None,
                             "recorded_at": agreed_at, "recorded_by_id": handler})
    if won:
        kept = deductions(settled, DEMO_TERMS).client_keeps_pence
        for direction, amount in (("received", settled + costs), ("sent_to_client", kept)):
            rows[Payment].append({"id": ctx.take_id(Payment), "claim_id": claim["id"], "direction": direction,
                                  "amount_pence": amount, "paid_on": paid_on, "note": None,
                                  "recorded_at": at["closed_won"], "recorded_by_id": handler})
