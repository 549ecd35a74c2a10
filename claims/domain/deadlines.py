"""Calendar arithmetic for key dates: England & Wales working days, months, years.

This module owns what a "working day" is (Monday to Friday, not an England & Wales
bank holiday; the same days as a CPR 6.2 "business day", since Good Friday and Christmas
Day are bank holidays here), how months and years are added (corresponding date, else
the last day of the month), when a pre-action letter is taken as received by the way it is
sent, and the pre-action deadlines built on them: the subject access request response date
and the letter-of-claim response date, both counted from receipt. CPR Part 6 governs service
in proceedings, not pre-action letters, so the receipt date is worked out by analogy with the
deemed service rules in CPR 6.26 (and always described that way). Dates shown to people use
``format_date`` (dd/mm/yyyy).
"""
from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

FIRST_YEAR = 2000
LAST_YEAR = 2060
LETTER_OF_CLAIM_RESPONSE_DAYS = 14  # Pre-Action Protocol for Media and Communications Claims
_ONE_DAY = timedelta(days=1)
# How a letter to the defendant is sent ("hand" is delivering it to, or leaving it at, the address).
# Recorded delivery means Royal Mail Signed For 1st Class: a first class service, so the first class rule applies
# (Diriye v Bojaj [2020] EWCA Civ 1400).
DELIVERY_METHODS = {"first_class_post": "first class post", "email": "email", "hand": "hand delivery",
                    "recorded_delivery": "recorded delivery (Royal Mail Signed For 1st Class)"}
POSTAL_METHODS = frozenset({"first_class_post", "recorded_delivery"})
CUTOFF = "4.30pm"  # CPR 6.26: delivered or emailed before 4.30pm on a business day counts that day
BY_ANALOGY = "worked out by analogy with the deemed service rules in CPR 6.26"


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
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"  # as strftime("%d/%m/%Y"), without its cost


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
    # The same answer as ``start + relativedelta(months=months)``, without its cost (every claim on a
    # list page is screened as at the day it is shown).
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


def add_years(start: date, years: int) -> date:
    """The anniversary years later; 29 February becomes 28 February in a non-leap year."""
    # The same answer as ``start + relativedelta(years=years)``, a few times faster: limitation
    # dates are worked out for every claim on a list page and in bulk valuations.
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February, in a year without one
        return start.replace(year=start.year + years, day=28)


def sar_due_on(received_on: date, extended: bool = False) -> date:
    """When a subject access request must be answered: 1 month (3 if extended), next working day."""
    # ICO guidance: count to the corresponding calendar date in the next month (or the
    # last day of that month); if that is a weekend or bank holiday, the next working
    # day. A complex request may be extended by two further months, which we count as
    # three months from receipt. Under the Data (Use and Access) Act 2025 the clock can
    # stop while identity or scope is clarified: callers pass the date the clock
    # (re)started as ``received_on``.
    return next_working_day(add_months(received_on, 3 if extended else 1))


def response_due_on(received_on: date, days: int = LETTER_OF_CLAIM_RESPONSE_DAYS) -> date:
    """When a letter-of-claim response is due: days calendar days after receipt, next working day."""
    # Counted from the day the defendant is taken as receiving the letter (``deemed_receipt``):
    # a deadline counted from the letter's own date would be days short for a posted letter.
    return next_working_day(received_on + timedelta(days=days))


@dataclass(frozen=True)
class DeemedReceipt:
    """When a letter sent on ``sent_on`` by ``method`` is taken as received, and how that was worked out."""

    method: str
    sent_on: date
    received_on: date
    explanation: str

    @property
    def method_label(self) -> str:
        return DELIVERY_METHODS[self.method]


def deemed_receipt(method: str, sent_on: date, *, before_cutoff: bool = False) -> DeemedReceipt:
    """The day a pre-action letter is taken as received, by analogy with CPR 6.26, and how it was worked out.

    CPR 6.26 (documents other than a claim form), as its table reads:

    - "First class post (or other service which provides for delivery on the next business day)":
      "The second day after it was posted, left with, delivered to or collected by the relevant
      service provider provided that day is a business day; or if not, the next business day
      after that day." Recorded delivery (Royal Mail Signed For 1st Class) is within it (Diriye v
      Bojaj [2020] EWCA Civ 1400). Note this is the second *day*, not the second business day:
      CPR 6.14's "second business day after" is the rule for a claim form, not for these letters.
    - "Delivering the document to or leaving it at a permitted address": "If it is delivered to or
      left at the permitted address on a business day before 4.30p.m., on that day; or in any
      other case, on the next business day after that day."
    - "Other electronic method": "If the e-mail or other electronic transmission is sent on a
      business day before 4.30p.m., on that day; or in any other case, on the next business day
      after the day on which it was sent."

    A "business day" is any day except Saturday, Sunday or a bank holiday (CPR 6.2(b)): here, an
    England & Wales working day (``is_working_day``).
    """
    if method not in DELIVERY_METHODS:
        raise ValueError(f"Unknown way of sending a letter: {method!r}")
    sent = format_long_date(sent_on)
    if method in POSTAL_METHODS:
        posted = "posted first class" if method == "first_class_post" else "posted by recorded delivery"
        second_day = sent_on + 2 * _ONE_DAY
        received = next_working_day(second_day)
        if received == second_day:
            why = (f"{posted} on {sent}, so taken as received on the second day after posting, "
                   f"{format_long_date(received)}, a business day ({BY_ANALOGY})")
        else:
            why = (f"{posted} on {sent}; the second day after posting, {format_long_date(second_day)}, "
                   f"is not a business day, so taken as received on the next business day, "
                   f"{format_long_date(received)} ({BY_ANALOGY})")
    elif before_cutoff and is_working_day(sent_on):
        received = sent_on
        verb = "emailed" if method == "email" else "delivered by hand"
        why = f"{verb} before {CUTOFF} on {sent}, a business day, so taken as received that day ({BY_ANALOGY})"
    else:
        received = add_working_days(sent_on, 1)
        verb = "emailed" if method == "email" else "delivered by hand"
        reason = f"after {CUTOFF}" if is_working_day(sent_on) else "not a business day"
        why = (f"{verb} on {sent} ({reason}), so taken as received on the next business day, "
               f"{format_long_date(received)} ({BY_ANALOGY})")
    return DeemedReceipt(method, sent_on, received, why)
