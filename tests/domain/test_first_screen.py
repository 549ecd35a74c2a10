"""The claim page's first screen: which dates it shows, as a table."""
from datetime import date, timedelta

import pytest

from claims.domain.first_screen import Dated, next_dates

TODAY = date(2026, 11, 23)


def d(days: int, kind: str = "task", label: str = "") -> Dated:
    return Dated(TODAY + timedelta(days=days), kind, label or f"{kind} {days}", "x")


@pytest.mark.parametrize("dates, limit, shown", [
    ([], 5, []),
    # earliest first, overdue first of all
    ([d(3), d(-2), d(0), d(1, "response_due")], 5, [d(-2), d(0), d(1, "response_due"), d(3)]),
    # the soonest few only
    ([d(i) for i in range(8)], 3, [d(0), d(1), d(2)]),
    # the next limitation date is always shown, after the soonest when it is later than them
    ([d(i) for i in range(8)] + [d(400, "limitation")], 3, [d(0), d(1), d(2), d(400, "limitation")]),
    # ... in its place when it is among them, and only the next one of several
    ([d(5), d(2, "limitation"), d(900, "limitation"), d(1)], 5, [d(1), d(2, "limitation"), d(5), d(900, "limitation")]),
    ([d(i) for i in range(8)] + [d(900, "limitation"), d(400, "limitation")], 2, [d(0), d(1), d(400, "limitation")]),
    # a limitation date that has passed is not a next date (the screening flags say the claim is out of time) ...
    ([d(-30, "limitation"), d(4)], 5, [d(4)]),
    # ... but anything else overdue is
    ([d(-30, "response_due"), d(-3, "cancellation_ends"), d(4)], 5,
     [d(-30, "response_due"), d(-3, "cancellation_ends"), d(4)]),
    # on the same day, the limitation date comes first
    ([d(10), d(10, "limitation")], 5, [d(10, "limitation"), d(10)]),
])
def test_next_dates(dates, limit, shown):
    assert next_dates(dates, today=TODAY, limit=limit) == shown
