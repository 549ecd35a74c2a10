"""The claim page's first screen, from what the page has already loaded (no query of its own)."""
from __future__ import annotations

from datetime import date

from claims.domain.first_screen import Dated, next_dates
from claims.models import Claim

_LIMITATION = "Limitation: "


def first_screen_dates(claim: Claim, tasks, *, today: date) -> list[Dated]:
    """The claim's next dates (``claims.domain.first_screen``): its open key dates and open tasks, each with the id
    of the section on the page that explains it. Causes of action whose limitation ends on the same day are one
    date ("Limitation: UK GDPR, misuse of private information")."""
    open_dates = [item for item in claim.key_dates if item.completed_at is None]
    causes: dict[date, list[str]] = {}
    for item in open_dates:
        if item.kind == "limitation":
            causes.setdefault(item.due_on, []).append(item.label.removeprefix(_LIMITATION))
    dates = [Dated(day, "limitation", _LIMITATION + ", ".join(names), "limitation") for day, names in causes.items()]
    dates += [Dated(item.due_on, item.kind, item.label, "key-dates") for item in open_dates if item.kind != "limitation"]
    dates += [Dated(task.due_on, "task", task.title, f"task-{task.id}") for task in tasks if task.completed_at is None]
    return next_dates(dates, today=today)
