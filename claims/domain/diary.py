"""The solicitor's diary: which dates "my day" shows and where, and the month a calendar draws.

Pure functions, ``today`` passed in. "This week" is the six days after today, so on a Friday it still
shows the next week's Monday to Thursday. A limitation date is live while the claim is open and the
date has not passed; "my day" warns of any live one within three months, whatever the claim's status.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from .deadlines import FIRST_YEAR, LAST_YEAR, add_months
from .status import CLOSED_STATUSES

WEEK_DAYS = 6  # "this week": the days after today, up to the same weekday next week (not included)
LIMITATION_WARNING_MONTHS = 3
BUCKETS = ("overdue", "today", "week", "later")
BUCKET_TITLES = {"overdue": "Overdue", "today": "Due today", "week": "Due this week", "later": "Later"}
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def week_end(today: date) -> date:
    """The last day that counts as "this week"."""
    return today + timedelta(days=WEEK_DAYS)


def bucket(due_on: date, *, today: date) -> str:
    """Where a date goes on "my day": overdue, today, this week or later."""
    if due_on < today:
        return "overdue"
    if due_on == today:
        return "today"
    return "week" if due_on <= week_end(today) else "later"


def limitation_horizon(today: date) -> date:
    """The last limitation date "my day" warns about: three months from today."""
    return add_months(today, LIMITATION_WARNING_MONTHS)


def limitation_is_live(*, expires_on: date, status: str, today: date) -> bool:
    """Whether a limitation date still matters: the claim is open and the date has not passed."""
    return status not in CLOSED_STATUSES and expires_on >= today


def days_left(due_on: date, *, today: date) -> str:
    """"today", "tomorrow", "in 12 days" or "3 days ago", for a date near today."""
    gap = (due_on - today).days
    if gap == 0:
        return "today"
    if gap == 1:
        return "tomorrow"
    if gap == -1:
        return "yesterday"
    return f"in {gap} days" if gap > 0 else f"{-gap} days ago"


def parse_month(text: str | None, *, today: date) -> date:
    """The first day of the month ``YYYY-MM`` names, or of today's month if it names none we can show."""
    match = _MONTH.match(text or "")
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


def month_weeks(first: date) -> list[list[date]]:
    """The weeks (Monday first) a calendar of ``first``'s month shows, days of the months either side included."""
    return calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(first.year, first.month)


def month_key(day: date) -> str:
    """``YYYY-MM``, as the calendar's address takes it."""
    return f"{day.year:04d}-{day.month:02d}"


def neighbour_months(first: date) -> tuple[date | None, date | None]:
    """The months before and after, or None beyond the years the bank holiday calendar covers."""
    before, after = add_months(first, -1), add_months(first, 1)
    return (before if before.year >= FIRST_YEAR else None, after if after.year <= LAST_YEAR else None)
