"""Calendar arithmetic for key dates: England & Wales working days, months, years.

This module owns what a "working day" is (Monday to Friday, not an England & Wales
bank holiday), how months and years are added (corresponding date, else the last day
of the month), and the pre-action deadlines built on them: the subject access request
response date and the letter-of-claim response date. Dates shown to people use
``format_date`` (dd/mm/yyyy).
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

FIRST_YEAR = 2000
LAST_YEAR = 2060
LETTER_OF_CLAIM_RESPONSE_DAYS = 14  # Pre-Action Protocol for Media and Communications Claims
_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=1)
def _bank_holidays() -> frozenset[date]:
    """England & Wales bank holidays (including substitute days), 2000–2060, built once."""
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1))
    return frozenset(calendar.keys())


def _check_covered(day: date) -> None:
    """Refuse dates outside the bank holiday calendar rather than guess."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(
            f"Working days can only be worked out for dates from {FIRST_YEAR} to {LAST_YEAR}, "
            f"not {format_date(day)}"
        )


def format_date(day: date) -> str:
    """A date as shown to people in England & Wales: dd/mm/yyyy."""
    return day.strftime("%d/%m/%Y")


def format_long_date(day: date) -> str:
    """A date as written in a letter: "3 March 2026"."""
    return f"{day.day} {day:%B %Y}"


def is_bank_holiday(day: date) -> bool:
    """True if the day is an England & Wales bank holiday (including substitute days)."""
    _check_covered(day)
    return day in _bank_holidays()


def is_working_day(day: date) -> bool:
    """True if the day is Monday to Friday and not an England & Wales bank holiday."""
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day(day: date) -> date:
    """The day itself if it is a working day, otherwise the next working day."""
    while not is_working_day(day):
        day += _ONE_DAY
    return day


def add_working_days(start: date, n: int) -> date:
    """The date n working days after start (before it if n < 0); n = 0 gives next_working_day."""
    if n == 0:
        return next_working_day(start)
    step = _ONE_DAY if n > 0 else -_ONE_DAY
    day, remaining = start, abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def add_months(start: date, months: int) -> date:
    """The corresponding calendar date months later, or the last day of a shorter month."""
    return start + relativedelta(months=months)


def add_years(start: date, years: int) -> date:
    """The anniversary years later; 29 February becomes 28 February in a non-leap year."""
    return start + relativedelta(years=years)


def sar_due_on(received_on: date, extended: bool = False) -> date:
    """When a subject access request must be answered: 1 month (3 if extended), next working day."""
    # ICO guidance: count to the corresponding calendar date in the next month (or the
    # last day of that month); if that is a weekend or bank holiday, the next working
    # day. A complex request may be extended by two further months, which we count as
    # three months from receipt. Under the Data (Use and Access) Act 2025 the clock can
    # stop while identity or scope is clarified: callers pass the date the clock
    # (re)started as ``received_on``.
    return next_working_day(add_months(received_on, 3 if extended else 1))


def response_due_on(sent_on: date, days: int = LETTER_OF_CLAIM_RESPONSE_DAYS) -> date:
    """When a letter-of-claim response is due: days calendar days after sending, next working day."""
    # Counted from the date the letter was sent, not from deemed receipt: the earlier,
    # more cautious date for chasing the defendant.
    return next_working_day(sent_on + timedelta(days=days))
