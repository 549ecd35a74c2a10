"""How far each demo claim has got: its status, the route to it, when each move happened and why.

This module owns the demo caseload's progress through the status machine
(``claims.domain.status``): which status fits a claim of a given age, every route a claim
can take to that status, plausible gaps between moves, settlement amounts and the reason
recorded with each move. Pure functions of a ``random.Random`` and their arguments, with
``now`` passed in; writing the rows is ``claims.demo.seed``'s job.
"""
from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from functools import lru_cache

from claims.domain.money import format_pence
from claims.domain.status import INITIAL_STATUS, TRANSITIONS

# Status weights by how long ago the claim was submitted: (up to this many days, {status: weight}).
_STATUS_BY_AGE = (
    (60, {"submitted": 45, "accepted": 25, "declined": 8, "cfa_sent": 12, "cfa_signed": 6, "withdrawn": 4}),
    (365, {"submitted": 6, "accepted": 12, "declined": 7, "cfa_sent": 8, "cfa_signed": 9, "sar_sent": 13,
           "letter_of_claim_sent": 16, "response_received": 9, "negotiation": 11, "settled": 3,
           "proceedings": 1, "withdrawn": 5}),
    (1_000, {"accepted": 3, "cfa_signed": 3, "sar_sent": 5, "letter_of_claim_sent": 10, "response_received": 12,
             "negotiation": 22, "settled": 12, "proceedings": 10, "declined": 5, "closed_won": 9,
             "closed_lost": 2, "withdrawn": 7}),
    (None, {"negotiation": 12, "settled": 8, "proceedings": 14, "declined": 6, "closed_won": 40,
            "closed_lost": 7, "withdrawn": 13}),
)
# Days between the previous move and a move to this status: (fewest, most).
_GAP_DAYS = {"accepted": (1, 14), "declined": (1, 21), "cfa_sent": (1, 7), "cfa_signed": (2, 30),
             "sar_sent": (3, 30), "letter_of_claim_sent": (14, 90), "response_received": (14, 60),
             "negotiation": (7, 90), "settled": (14, 180), "proceedings": (30, 180), "closed_won": (14, 120),
             "closed_lost": (90, 365), "withdrawn": (7, 180)}
_REASONS = {"accepted": "Meets the firm's criteria", "cfa_sent": "CFA sent by email",
            "withdrawn": "Client withdrew instructions", "proceedings": "Claim issued in the County Court",
            "closed_won": "Damages received", "closed_lost": "Claim dismissed at trial"}


def target_status(rng: random.Random, age_days: int, flags: list[str]) -> str:
    """A status that fits a claim submitted ``age_days`` ago with these screening flags."""
    weights = next(w for limit, w in _STATUS_BY_AGE if limit is None or age_days <= limit)
    status = rng.choices(list(weights), weights=list(weights.values()))[0]
    if "out_of_time" in flags and status != INITIAL_STATUS:
        return "declined"  # the firm does not take claims that are out of time
    return status


@lru_cache(maxsize=None)
def paths_to(status: str) -> tuple[tuple[str, ...], ...]:
    """Every route through the status machine from a new claim to ``status`` with no status repeated."""
    found, stack = [], [(INITIAL_STATUS,)]
    while stack:
        path = stack.pop()
        if path[-1] == status:
            found.append(path)
            continue
        stack += [(*path, following) for following in TRANSITIONS[path[-1]] if following not in path]
    return tuple(sorted(found))


def change_times(rng: random.Random, path: tuple[str, ...], submitted_at: datetime, now: datetime) -> list[datetime]:
    """Submission, then each move a plausible gap later, squeezed to fit before now."""
    gaps = [timedelta(days=rng.randint(*_GAP_DAYS[status]), seconds=rng.randint(0, 28_800)) for status in path[1:]]
    room = (now - submitted_at) * 0.95
    total = sum(gaps, timedelta())
    if total > room:
        gaps = [gap * (room / total) for gap in gaps]
    times = [submitted_at]
    for gap in gaps:
        times.append(times[-1] + gap)
    return times


def settlement_pence(rng: random.Random, claim: dict, losses: int, sensitive: bool) -> int:
    """Damages in whole pounds: a few hundred to tens of thousands, more for the aggravating facts."""
    pounds = rng.lognormvariate(math.log(1_800), 0.7)
    pounds *= (1.6 if sensitive else 1) * (1.5 if claim["diagnosed"] else 1)
    pounds = min(max(round(pounds / 50) * 50, 250), 120_000)
    return pounds * 100 + losses


def reason(status: str, flags: list[str], settled: int | None) -> str | None:
    """The reason recorded with a move to ``status``, or None if the move needs none."""
    if status == "declined":
        if "out_of_time" in flags:
            return "Out of time: limitation has passed"
        return "Low value: distress only, costs risk"
    if status == "settled":
        return f"Settled for {format_pence(settled)}"
    return _REASONS.get(status)
