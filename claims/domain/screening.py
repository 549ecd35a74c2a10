"""Screening a claim: limitation dates plus the flags a solicitor must see at triage.

This module owns which flags exist, when each fires and what it says. Flag codes are
stable identifiers stored and tested by the app; messages are plain British English
with dates as dd/mm/yyyy. ``screen`` is pure: the screening date is passed in as
``today`` and kept on the result (``screened_on``) so derived answers such as
``earliest_expiry`` never read the clock. Screening runs at submission and again on
every day the claim is shown, so its flags are always as at that day.

``limitation_flags`` is the one reading of "out of time", "partly out of time" and
"limitation soon" (within ``LIMITATION_WARNING_MONTHS`` calendar months): screening and the
valuation both call it with a claim's limitation dates and the day in question.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from . import jurisdiction
from .deadlines import add_months, add_years, format_date
from .limitation import LimitationDate, child_on, eighteenth_birthday, limitation_dates
from .vocab import CAUSES_OF_ACTION

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
    """The facts of a claim that screening needs (the limitation facts as ``limitation_dates`` takes them)."""

    breach_on: date
    discovered_on: date | None = None
    claimant_born_on: date | None = None
    public_authority: bool = False
    already_represented: bool = False
    in_group_action: bool = False
    claimant_postcode: str | None = None  # where the claimant (or a child's litigation friend) lives
    personal_injury: bool = False  # a diagnosed psychiatric injury (claim_facts.personal_injury)
    concealment_discovered_on: date | None = None  # recorded by a solicitor (s.32)
    lacked_capacity: bool = False  # when the claim arose, recorded by a solicitor (s.28)
    capacity_regained_on: date | None = None


@dataclass(frozen=True)
class ScreeningResult:
    """Limitation dates and flags for one claim, as at ``screened_on``."""

    limitation: list[LimitationDate]
    flags: list[Flag]
    screened_on: date
    child_claimant: bool

    @property
    def earliest_expiry(self) -> date | None:
        """The earliest limitation date not yet passed on ``screened_on``, or None if all have (or none runs)."""
        live = [item.expires_on for item in self.limitation if item.running and not item.has_expired(self.screened_on)]
        return min(live, default=None)

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the flags raised, most serious first."""
        return tuple(flag.code for flag in self.flags)

    def has_flag(self, code: str) -> bool:
        """True if a flag with this code was raised."""
        return code in self.codes


# The flags that depend on the claim's facts alone (not on the day), kept as columns of the claim row so that the
# caseload filters and counts them from an index (claims.claim.limitation.store_screening).
STORED_FLAGS = ("discovered_late", "outside_england_wales", "check_jurisdiction")


def screen(facts: ScreeningInput, *, today: date) -> ScreeningResult:
    """Work out limitation dates and triage flags for a claim as at today."""
    dates = limitation_dates(
        breach_on=facts.breach_on,
        claimant_born_on=facts.claimant_born_on,
        public_authority=facts.public_authority,
        personal_injury=facts.personal_injury,
        concealment_discovered_on=facts.concealment_discovered_on,
        lacked_capacity=facts.lacked_capacity,
        capacity_regained_on=facts.capacity_regained_on,
    )
    child = is_child(facts.claimant_born_on, today=today)
    flags = [
        *limitation_flags([(item.cause, item.expires_on) for item in dates], today=today),
        *_personal_injury_flags(dates),
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


def limitation_flags(dates: Iterable[tuple[str | None, date | None]], *, today: date) -> list[Flag]:
    """out_of_time, partly_out_of_time and limitation_soon for (cause, last day) pairs, as at ``today``.

    ``dates``: each cause of action (a ``vocab.CAUSES_OF_ACTION`` code) with the last day to issue
    proceedings that applies to it, or None while its time is not running (s.28): such a cause is
    never out of time and never soon. ``today``: the day the flags are shown, never a stored date.
    out_of_time: every dated cause has passed and none is waiting to run; partly_out_of_time: some
    have passed, others are live; limitation_soon: one flag per last day within
    ``LIMITATION_WARNING_MONTHS`` calendar months of today (inclusive). Nothing given: no flags.
    """
    dates = list(dates)
    expired = [(cause, on) for cause, on in dates if on is not None and today > on]
    live = [(cause, on) for cause, on in dates if on is None or today <= on]
    if not dates:
        return []
    if not live:
        cause, last = max(expired, key=lambda item: item[1])
        return [Flag("out_of_time", "danger",
                     f"Out of time: the last limitation date was {format_date(last)} "
                     f"({CAUSES_OF_ACTION.label(cause)})")]
    flags = _soon_flags([(cause, on) for cause, on in live if on is not None], today)
    if expired:
        passed = "; ".join(f"{CAUSES_OF_ACTION.label(cause)} (ended {format_date(on)})"
                           for cause, on in sorted(expired, key=lambda item: item[1]))
        flags.append(Flag("partly_out_of_time", "warning", f"Out of time for {passed}"))
    return flags


def _soon_flags(live: list[tuple[str | None, date]], today: date) -> list[Flag]:
    """One limitation_soon flag per limitation date within 3 months of today (inclusive)."""
    horizon = add_months(today, LIMITATION_WARNING_MONTHS)
    by_date: dict[date, list[str]] = {}
    for cause, expires_on in live:
        if expires_on <= horizon:
            by_date.setdefault(expires_on, []).append(CAUSES_OF_ACTION.label(cause))
    return [
        Flag("limitation_soon", "danger",
             f"Limitation for {_join(labels)} ends on {format_date(expires_on)} "
             f"({_days(expires_on, today)})")
        for expires_on, labels in sorted(by_date.items())
    ]


def _personal_injury_flags(dates: list[LimitationDate]) -> list[Flag]:
    """personal_injury: the claim includes a diagnosed psychiatric injury, so 3 years, not 6 (s.11)."""
    injury = next((item for item in dates if item.personal_injury), None)
    if injury is None:
        return []
    if not injury.running:
        when = "Time has not started to run while the claimant lacks capacity (s.28)"
    else:
        six = injury.alternative.expires_on if injury.alternative is not None else None
        when = (f"It ends on {format_date(injury.expires_on)}"
                + (f", not on the 6-year date of {format_date(six)}" if six is not None else ""))
    return [Flag("personal_injury", "warning",
                 "Personal injury: the claim includes a diagnosed psychiatric injury, so the limitation period "
                 "for the data protection, misuse of private information and breach of confidence claims is "
                 f"3 years, not 6 (Limitation Act 1980 s.11). {when}. A claim without the injury would have "
                 "the 6-year date; a later date of knowledge (s.14) is not counted")]


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
    """discovered_late: found out more than a year after the breach (and no concealment recorded yet)."""
    discovered = facts.discovered_on
    if (discovered is None or facts.concealment_discovered_on is not None
            or discovered <= add_years(facts.breach_on, LATE_DISCOVERY_YEARS)):
        return []
    return [Flag("discovered_late", "info",
                 f"The claimant found out on {format_date(discovered)}, more than a year after "
                 f"the breach on {format_date(facts.breach_on)}. Limitation is still counted "
                 "from the breach: if the defendant deliberately concealed it, time runs from when the claimant "
                 "discovered that (Limitation Act 1980 s.32), so record it on the claim page")]


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
