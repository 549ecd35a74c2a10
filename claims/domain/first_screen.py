"""The claim page's first screen: which of a claim's dates a busy fee-earner sees before anything else.

Pure functions, ``today`` passed in. The dates are the claim's open key dates (limitation, response due,
subject access reply due, the client's cancellation period) and its open tasks. The soonest few are shown,
earliest first, anything overdue first of all; the next limitation date is always among them, however far
off. A limitation date that has passed is not a next date: the screening flags and the limitation section
say the claim is out of time.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

SHOWN = 5  # dates on the first screen, besides the next limitation date when it is later than these


@dataclass(frozen=True)
class Dated:
    """One date on a claim: when, what kind (a key date's kind, or "task"), what it is, and the id on the claim
    page that explains it."""

    due_on: date
    kind: str
    label: str
    anchor: str


def next_dates(dates: Iterable[Dated], *, today: date, limit: int = SHOWN) -> list[Dated]:
    """The claim's next dates, earliest first: the first ``limit`` of those still to come or overdue, and the
    next limitation date (added at the end when it falls later than those)."""
    live = sorted((item for item in dates if not (item.kind == "limitation" and item.due_on < today)),
                  key=lambda item: (item.due_on, item.kind != "limitation", item.label))
    shown = live[:limit]
    limitation = next((item for item in live if item.kind == "limitation"), None)
    if limitation is not None and limitation not in shown:
        shown.append(limitation)
    return shown
