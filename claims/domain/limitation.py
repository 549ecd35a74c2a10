"""Limitation: the last date to issue proceedings, per cause of action.

This module owns the limitation rules the firm relies on and the wording that explains
them. Every rule is deliberately conservative (the earlier date wins): time is counted
from the breach, never from the claimant's date of knowledge or from concealment
(Limitation Act 1980 s.32), and no discretionary extension is assumed.

``expires_on`` is the last day on which proceedings can be issued. A cause has
expired when today is after ``expires_on``.

``for_client`` sorts the dates as a letter to a client must show them on its date: those
still to come (the earliest first, with an urgent warning when it is eight weeks away or
less) and those already passed, described without saying a claim is certainly lost where
the law allows a late claim.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, timedelta

from .deadlines import add_years, format_date, format_long_date
from .vocab import CAUSES_OF_ACTION

ADULT_AGE = 18
SIX_YEAR_CAUSES = ("uk_gdpr", "misuse_private_information", "breach_of_confidence")
HRA = "human_rights_act"
URGENT_DAYS = 8 * 7  # a live time limit this close is announced as urgent in letters to clients

# What each cause of action is called in a letter to a client.
CLIENT_NAMES = {
    "uk_gdpr": "a data protection claim (UK GDPR)",
    "misuse_private_information": "a claim for misuse of private information",
    "breach_of_confidence": "a claim for breach of confidence",
    HRA: "a Human Rights Act claim against a public body",
}
_UNKNOWN_CAUSE = "a court claim"

_SIX_YEAR_BASIS = {
    "uk_gdpr": (
        "6 years from the breach (UK GDPR Art. 82 / DPA 2018 s.168; period as stated by "
        "claimant firms, unverified in primary sources)"
    ),
    "misuse_private_information": (
        "6 years from the breach (misuse of private information is a tort: "
        "Limitation Act 1980 s.2)"
    ),
    "breach_of_confidence": (
        "6 years from the breach (breach of confidence: period UNVERIFIED, assumed to be "
        "the same as for misuse of private information)"
    ),
}
_HRA_BASIS = (
    "1 year beginning with the date of the breach, so it ends the day before the "
    "anniversary (Human Rights Act 1998 s.7(5)(a)); not extended for a child, because the "
    "Act is outside the Limitation Act 1980; the court may allow a longer period if "
    "equitable (s.7(5)(b)), but that is discretionary so it is not counted"
)


@dataclass(frozen=True)
class LimitationDate:
    """The limitation date for one cause of action, with the rule that produced it."""

    cause: str
    runs_from: date
    expires_on: date
    basis: str

    @property
    def label(self) -> str:
        """The plain-English name of the cause of action."""
        return CAUSES_OF_ACTION.label(self.cause)

    def has_expired(self, today: date) -> bool:
        """True if the last day to issue proceedings has passed."""
        return today > self.expires_on


@lru_cache(maxsize=65_536)  # pure; a bulk valuation meets the same birthdays many times
def eighteenth_birthday(born_on: date) -> date:
    """The date a person turns 18; for someone born on 29 February, 28 February."""
    # Whether a leap-day baby comes of age on 28 February or 1 March in a non-leap
    # year is debated. We use 28 February: time starts a day earlier, so the
    # limitation date is a day earlier, which is the safe mistake to make.
    return add_years(born_on, ADULT_AGE)


def child_on(born_on: date | None, on: date) -> bool:
    """True if someone born on ``born_on`` was under 18 on ``on`` (an unknown date of birth: an adult)."""
    return born_on is not None and eighteenth_birthday(born_on) > on


def limitation_dates(
    *, breach_on: date, claimant_born_on: date | None, public_authority: bool
) -> list[LimitationDate]:
    """Limitation dates for every cause of action open to the claimant, earliest first."""
    dates = [_six_year_date(cause, breach_on, claimant_born_on) for cause in SIX_YEAR_CAUSES]
    if public_authority:
        dates.append(_hra_date(breach_on))
    order = list(CAUSES_OF_ACTION)
    return sorted(dates, key=lambda item: (item.expires_on, order.index(item.cause)))


def _six_year_date(cause: str, breach_on: date, born_on: date | None) -> LimitationDate:
    """A 6-year period from the breach, or from the 18th birthday for a child (s.28)."""
    basis = _SIX_YEAR_BASIS[cause]
    runs_from = breach_on
    if child_on(born_on, breach_on):
        runs_from = eighteenth_birthday(born_on)
        basis += (
            f"; the claimant was under 18 at the breach, so time runs from the 18th "
            f"birthday on {format_date(runs_from)} (Limitation Act 1980 s.28)"
        )
    # Limitation Act 1980: "six years from the date on which the cause of action
    # accrued"; the day of accrual is excluded (Marren v Dawson Bentley [1961]), so
    # the anniversary itself is the last day. We do not roll forward when the court
    # office is closed on that day.
    return LimitationDate(cause, runs_from, add_years(runs_from, 6), basis)


def _hra_date(breach_on: date) -> LimitationDate:
    """One year beginning with the act complained of (HRA 1998 s.7(5)(a))."""
    # "Beginning with" counts the day of the act itself, so the last day is the day
    # before the anniversary. Minority does not stop this clock. For a breach on
    # 29 February this gives 27 February: a day earlier than strictly needed, which
    # is the safe side.
    expires_on = add_years(breach_on, 1) - timedelta(days=1)
    return LimitationDate(HRA, breach_on, expires_on, _HRA_BASIS)


@dataclass(frozen=True)
class ClientDeadlines:
    """Limitation dates as at ``today``: still to come (earliest first) and already passed."""

    upcoming: list[tuple[str | None, date]]
    passed: list[tuple[str | None, date]]
    today: date

    @property
    def earliest(self) -> date | None:
        """The first date still to come, or None if every date has passed (or none is known)."""
        return self.upcoming[0][1] if self.upcoming else None

    @property
    def urgent(self) -> bool:
        """True when the earliest date still to come is eight weeks away or less."""
        return self.earliest is not None and (self.earliest - self.today).days <= URGENT_DAYS


def for_client(dates: Iterable[tuple[str | None, date]], *, today: date) -> ClientDeadlines:
    """Split (cause, last day) pairs into those still to come on ``today`` and those passed."""
    order = list(CAUSES_OF_ACTION)
    ordered = sorted(dates, key=lambda item: (item[1], order.index(item[0]) if item[0] in order else len(order)))
    return ClientDeadlines(upcoming=[item for item in ordered if item[1] >= today],
                           passed=[item for item in ordered if item[1] < today], today=today)


def client_name(cause: str | None) -> str:
    """The cause of action as a client would understand it: "a data protection claim (UK GDPR)"."""
    return CLIENT_NAMES.get(cause or "", _UNKNOWN_CAUSE)


def time_left(expires_on: date, today: date) -> str:
    """ "today", "tomorrow" or "in 12 days"."""
    days = (expires_on - today).days
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


def urgent_warning(deadlines: ClientDeadlines) -> str:
    """The loud warning for a time limit eight weeks away or less; empty when there is none."""
    if not deadlines.urgent:
        return ""
    cause, expires_on = deadlines.upcoming[0]
    return (f"URGENT: the time limit for {client_name(cause)} ends {time_left(expires_on, deadlines.today)}, "
            f"on {format_long_date(expires_on)}. If you want to make this claim, contact another solicitor "
            "now: do not wait.")


def passed_in_plain_words(cause: str | None, ended_on: date) -> str:
    """What it means that a time limit has passed, for a client: likely too late, not certainly lost."""
    name = client_name(cause)
    ended = f"The usual time limit for {name} ended on {format_long_date(ended_on)}."
    if cause == HRA:
        return (f"{ended} A court can allow a Human Rights Act claim after that only if it decides a longer "
                "period is fair in the circumstances, and it does not have to. If you want to pursue this, get "
                "advice straight away.")
    return (f"{ended} It is now likely to be too late to start a court claim for this, unless special rules "
            "apply (for example, if important facts were deliberately hidden from you). If you want to pursue "
            "this, get advice straight away.")
