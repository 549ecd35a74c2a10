"""Screening a submitted claim: limitation dates plus the flags a solicitor must see at triage.

This module owns which flags exist, when each fires and what it says. Flag codes are
stable identifiers stored and tested by the app; messages are plain British English
with dates as dd/mm/yyyy. ``screen`` is pure: the screening date is passed in as
``today`` and kept on the result (``screened_on``) so derived answers such as
``earliest_expiry`` never read the clock.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import jurisdiction
from .deadlines import add_months, add_years, format_date
from .limitation import LimitationDate, child_on, eighteenth_birthday, limitation_dates

SEVERITIES = ("danger", "warning", "info")  # most serious first
LIMITATION_WARNING_MONTHS = 3
LATE_DISCOVERY_YEARS = 1


@dataclass(frozen=True)
class Flag:
    """Something about a claim that a solicitor must see, with how serious it is."""

    code: str
    severity: str
    message: str

    def __post_init__(self) -> None:
        """Refuse a severity the templates do not know how to show."""
        if self.severity not in SEVERITIES:
            raise ValueError(f"Unknown flag severity: {self.severity!r}")


@dataclass(frozen=True)
class ScreeningInput:
    """The facts from an intake that screening needs."""

    breach_on: date
    discovered_on: date | None = None
    claimant_born_on: date | None = None
    public_authority: bool = False
    already_represented: bool = False
    in_group_action: bool = False
    claimant_postcode: str | None = None  # where the claimant (or a child's litigation friend) lives


@dataclass(frozen=True)
class ScreeningResult:
    """Limitation dates and flags for one claim, as at ``screened_on``."""

    limitation: list[LimitationDate]
    flags: list[Flag]
    screened_on: date
    child_claimant: bool

    @property
    def earliest_expiry(self) -> date | None:
        """The earliest limitation date not yet passed on ``screened_on``, or None if all have."""
        live = [item.expires_on for item in self.limitation if not item.has_expired(self.screened_on)]
        return min(live, default=None)

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the flags raised, most serious first."""
        return tuple(flag.code for flag in self.flags)

    def has_flag(self, code: str) -> bool:
        """True if a flag with this code was raised."""
        return code in self.codes


def screen(facts: ScreeningInput, *, today: date) -> ScreeningResult:
    """Work out limitation dates and triage flags for a claim as at today."""
    dates = limitation_dates(
        breach_on=facts.breach_on,
        claimant_born_on=facts.claimant_born_on,
        public_authority=facts.public_authority,
    )
    child = is_child(facts.claimant_born_on, today=today)
    flags = [
        *_limitation_flags(dates, today),
        *_circumstance_flags(facts),
        *_child_flags(facts.claimant_born_on, child),
        *_discovery_flags(facts),
        *_jurisdiction_flags(facts.claimant_postcode),
    ]
    flags.sort(key=lambda flag: SEVERITIES.index(flag.severity))
    return ScreeningResult(limitation=dates, flags=flags, screened_on=today, child_claimant=child)


def is_child(born_on: date | None, *, today: date) -> bool:
    """True if the claimant is under 18 today (unknown date of birth counts as adult)."""
    return child_on(born_on, today)


def _limitation_flags(dates: list[LimitationDate], today: date) -> list[Flag]:
    """out_of_time, partly_out_of_time and limitation_soon."""
    expired = [item for item in dates if item.has_expired(today)]
    live = [item for item in dates if not item.has_expired(today)]
    if not live:
        last = max(dates, key=lambda item: item.expires_on)
        return [Flag("out_of_time", "danger",
                     f"Out of time: the last limitation date was {format_date(last.expires_on)} "
                     f"({last.label})")]
    flags = _soon_flags(live, today)
    if expired:
        passed = "; ".join(f"{item.label} (ended {format_date(item.expires_on)})" for item in expired)
        flags.append(Flag("partly_out_of_time", "warning", f"Out of time for {passed}"))
    return flags


def _soon_flags(live: list[LimitationDate], today: date) -> list[Flag]:
    """One limitation_soon flag per limitation date within 3 months of today (inclusive)."""
    horizon = add_months(today, LIMITATION_WARNING_MONTHS)
    by_date: dict[date, list[str]] = {}
    for item in live:
        if item.expires_on <= horizon:
            by_date.setdefault(item.expires_on, []).append(item.label)
    return [
        Flag("limitation_soon", "danger",
             f"Limitation for {_join(labels)} ends on {format_date(expires_on)} "
             f"({_days(expires_on, today)})")
        for expires_on, labels in sorted(by_date.items())
    ]


def _circumstance_flags(facts: ScreeningInput) -> list[Flag]:
    """already_represented and group_action."""
    flags = []
    if facts.already_represented:
        flags.append(Flag("already_represented", "warning",
                          "The claimant says another firm already acts for them: "
                          "check before accepting the claim"))
    if facts.in_group_action:
        flags.append(Flag("group_action", "warning",
                          "The claimant says they are part of a group action: check they "
                          "have not already signed up, to avoid two claims for one breach"))
    return flags


def _child_flags(born_on: date | None, child: bool) -> list[Flag]:
    """child_claimant: a claimant under 18 needs a litigation friend."""
    if not child or born_on is None:
        return []
    return [Flag("child_claimant", "info",
                 f"The claimant is under 18 (turns 18 on {format_date(eighteenth_birthday(born_on))}): "
                 "a litigation friend is needed")]


def _discovery_flags(facts: ScreeningInput) -> list[Flag]:
    """discovered_late: found out more than a year after the breach."""
    discovered = facts.discovered_on
    if discovered is None or discovered <= add_years(facts.breach_on, LATE_DISCOVERY_YEARS):
        return []
    return [Flag("discovered_late", "info",
                 f"The claimant found out on {format_date(discovered)}, more than a year after "
                 f"the breach on {format_date(facts.breach_on)}. Limitation is still counted "
                 "from the breach; check whether date of knowledge or concealment helps")]


def _jurisdiction_flags(postcode: str | None) -> list[Flag]:
    """outside_england_wales (Scotland, Northern Ireland) or check_jurisdiction, from the postcode."""
    if not postcode:
        return []  # not asked (older claims, other sources): nothing to say
    where = jurisdiction.postcode_jurisdiction(postcode)
    if where in (jurisdiction.SCOTLAND, jurisdiction.NORTHERN_IRELAND):
        return [Flag("outside_england_wales", "warning",
                     f"The claimant's postcode ({postcode}) is in {jurisdiction.LABELS[where]}, a separate "
                     "jurisdiction: decide where the claim can be brought before any letter of claim")]
    if where == jurisdiction.CHECK:
        return [Flag("check_jurisdiction", "warning",
                     f"Check where the claimant lives: the postcode ({postcode}) is in a "
                     "cross-border area, a Crown Dependency or not a UK postcode")]
    return []


def _join(labels: list[str]) -> str:
    """Join labels as "A", "A and B" or "A, B and C"."""
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def _days(expires_on: date, today: date) -> str:
    """How long is left, e.g. "today", "1 day", "30 days"."""
    days = (expires_on - today).days
    return "today" if days == 0 else f"{days} day" if days == 1 else f"{days} days"
