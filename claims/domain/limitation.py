"""Limitation: the last date to issue proceedings, per cause of action.

This module owns the limitation rules the firm relies on and the wording that explains them,
for staff (``LimitationDate.basis``) and for clients (``in_plain_words``, ``passed_in_plain_words``,
``urgent_warning``). It is pure: facts in, dates out; "today" is always passed in.

The rules (Limitation Act 1980 unless another Act is named):

- UK GDPR Art. 82 / DPA 2018 s.168, misuse of private information and breach of confidence:
  6 years from the breach (s.2; the data protection period as claimant firms state it).
- Personal injury (s.11): a claim whose damages include a personal injury (a diagnosed
  psychiatric injury, ``claim_facts.personal_injury``) is a personal injury action, so each of
  those causes has 3 years (s.11(4)), for a child from the 18th birthday (s.28(6)). Time runs
  instead from the claimant's date of knowledge (s.14) if that is later, and the court may
  disapply the limit (s.33); both turn on what a court finds, so neither is counted. Both
  periods are worked out: ``expires_on`` is the one that applies, ``alternative`` the other (the
  6-year date of a claim without the injury, or the 3-year date the claim would have if it came
  to include one).
- Deliberate concealment (s.32(1)(b)): when a solicitor records that facts relevant to the claim
  were deliberately concealed, time runs from the day the claimant discovered the concealment
  (``concealment_discovered_on``, as recorded), not from the breach.
- Disability (s.28, s.38(2)): if on the day the claim arose (the breach) the claimant was under
  18 or lacked capacity (Mental Capacity Act 2005) to conduct proceedings, time runs from the
  day that ended: the 18th birthday, or the day capacity was regained (the later of the two for
  a child who also lacked capacity). Capacity lost after the claim arose does not stop a clock
  already running. While capacity has not been regained time does not run: such a date has
  no ``expires_on`` (``running`` is False).
- The date of knowledge rule for latent damage in negligence (s.14A) does not apply to data
  protection, misuse of private information or breach of confidence claims: it is never used.
- Human Rights Act 1998 s.7(5)(a): 1 year beginning with the breach. The Act is outside the
  Limitation Act 1980, so minority, incapacity and concealment do not postpone it; the court
  may allow a longer period it considers equitable (s.7(5)(b)), which is not counted.

Where the law leaves a choice, the earlier date is taken: an anniversary of 29 February is
28 February, and neither the date of knowledge nor any discretion of the court is counted.

``expires_on`` is the last day on which proceedings can be issued. A cause has expired when
today is after ``expires_on``.

``for_client`` sorts the dates as a letter to a client must show them on its date: those
still to come (the earliest first, with an urgent warning when it is eight weeks away or
less) and those already passed, described without saying a claim is certainly lost where
the law allows a late claim.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, timedelta

from .deadlines import add_years, format_date, format_long_date
from .vocab import CAUSES_OF_ACTION

ADULT_AGE = 18
SIX_YEAR_CAUSES = ("uk_gdpr", "misuse_private_information", "breach_of_confidence")  # the Limitation Act 1980 causes
HRA = "human_rights_act"
STANDARD_YEARS = 6
PERSONAL_INJURY_YEARS = 3  # s.11(4)
HRA_YEARS = 1
URGENT_DAYS = 8 * 7  # a live time limit this close is announced as urgent in letters to clients

# What time runs from (``LimitationDate.starts``).
FROM_BREACH = "breach"
FROM_EIGHTEENTH_BIRTHDAY = "eighteenth_birthday"  # s.28: under 18 when the claim arose
FROM_CAPACITY_REGAINED = "capacity_regained"  # s.28: lacked capacity when the claim arose
FROM_CONCEALMENT_DISCOVERED = "concealment_discovered"  # s.32(1)(b)
NOT_RUNNING = "not_running"  # s.28: lacked capacity when the claim arose, not yet regained

# What each cause of action is called in a letter to a client.
CLIENT_NAMES = {
    "uk_gdpr": "a data protection claim (UK GDPR)",
    "misuse_private_information": "a claim for misuse of private information",
    "breach_of_confidence": "a claim for breach of confidence",
    HRA: "a Human Rights Act claim against a public body",
}
_UNKNOWN_CAUSE = "a court claim"

_SIX_YEAR_AUTHORITY = {
    "uk_gdpr": (
        "UK GDPR Art. 82 / DPA 2018 s.168; period as stated by claimant firms, unverified in primary sources"
    ),
    "misuse_private_information": "misuse of private information is a tort: Limitation Act 1980 s.2",
    "breach_of_confidence": (
        "breach of confidence: period UNVERIFIED, assumed to be the same as for misuse of private information"
    ),
}
_PERSONAL_INJURY_AUTHORITY = (
    "a personal injury action, because the damages claimed include a diagnosed psychiatric injury: "
    "Limitation Act 1980 s.11(4)"
)
_IF_PERSONAL_INJURY = (
    "not this claim as it stands: the period if its damages came to include a personal injury, such as a "
    "diagnosed psychiatric injury, making it a personal injury action: Limitation Act 1980 s.11(4)"
)
_DATE_OF_KNOWLEDGE = (
    "time runs instead from the claimant's date of knowledge (s.14: when they first knew the injury was "
    "significant and caused by the breach) if that is later, but that is for a court to find, so it is not "
    "counted; nor is the court's power to disapply the limit (s.33)"
)
_HRA_BASIS = (
    "1 year beginning with the date of the breach, so it ends the day before the "
    "anniversary (Human Rights Act 1998 s.7(5)(a)); not extended for a child, because the "
    "Act is outside the Limitation Act 1980; the court may allow a longer period if "
    "equitable (s.7(5)(b)), but that is discretionary so it is not counted"
)
_HRA_NOT_POSTPONED = (
    "nor is it postponed by concealment or lack of capacity (Limitation Act 1980 s.32 and s.28 do not "
    "apply to it), though the court may weigh them in deciding whether a longer period is equitable"
)
_YEARS_IN_WORDS = {STANDARD_YEARS: "six", PERSONAL_INJURY_YEARS: "three", HRA_YEARS: "one"}


@dataclass(frozen=True)
class LimitationDate:
    """The limitation date for one cause of action, with the rule that produced it.

    ``runs_from`` and ``expires_on`` are None while time is not running (``starts`` is
    ``NOT_RUNNING``). ``years`` is the period (6, 3 or 1); ``starts`` says what time runs from
    (``FROM_BREACH``, ``FROM_EIGHTEENTH_BIRTHDAY``, ``FROM_CAPACITY_REGAINED``,
    ``FROM_CONCEALMENT_DISCOVERED`` or ``NOT_RUNNING``). ``alternative`` is the same cause under
    the other Limitation Act period (3 or 6 years), which does not apply to this claim as it
    stands; None for the Human Rights Act.
    """

    cause: str
    runs_from: date | None
    expires_on: date | None
    basis: str
    years: int | None = None
    starts: str = FROM_BREACH
    alternative: LimitationDate | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        """The plain-English name of the cause of action."""
        return CAUSES_OF_ACTION.label(self.cause)

    @property
    def running(self) -> bool:
        """False while time has not started to run (a claimant who lacked capacity has not regained it)."""
        return self.expires_on is not None

    @property
    def personal_injury(self) -> bool:
        """True if this is the 3-year period of a personal injury action (s.11)."""
        return self.cause != HRA and self.years == PERSONAL_INJURY_YEARS

    def has_expired(self, today: date) -> bool:
        """True if the last day to issue proceedings has passed (never while time is not running)."""
        return self.expires_on is not None and today > self.expires_on


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
    *,
    breach_on: date,
    claimant_born_on: date | None,
    public_authority: bool,
    personal_injury: bool = False,
    concealment_discovered_on: date | None = None,
    lacked_capacity: bool = False,
    capacity_regained_on: date | None = None,
) -> list[LimitationDate]:
    """Limitation dates for every cause of action open to the claimant, earliest first (not running last).

    ``breach_on``: the date of the breach, the day the claim arose.
    ``claimant_born_on``: the claimant's date of birth (None: unknown, treated as an adult); a
    claimant under 18 on ``breach_on`` has time from the 18th birthday (s.28).
    ``public_authority``: the defendant is a public authority (``claim_facts.public_authority``),
    so a Human Rights Act claim is open (1 year, s.7(5)).
    ``personal_injury``: the damages claimed include a personal injury, a diagnosed psychiatric
    injury (``claim_facts.personal_injury``): 3 years (s.11) instead of 6 for the Limitation Act causes.
    ``concealment_discovered_on``: facts relevant to the claim were deliberately concealed from the
    claimant, who discovered the concealment on this day (s.32); None: no concealment recorded.
    ``lacked_capacity``: the claimant lacked capacity to conduct proceedings on ``breach_on``
    (capacity lost only later does not postpone time, so pass False).
    ``capacity_regained_on``: the day such a claimant regained capacity; None with
    ``lacked_capacity``: not regained, so time is not running. Ignored without ``lacked_capacity``,
    and a day on or before the breach does not postpone time.
    """
    return list(_limitation_dates(breach_on, claimant_born_on, bool(public_authority), bool(personal_injury),
                                  concealment_discovered_on, bool(lacked_capacity), capacity_regained_on))


@lru_cache(maxsize=65_536)  # pure; a claim list and a bulk valuation ask for the same claims again
def _limitation_dates(breach_on: date, born_on: date | None, public_authority: bool, personal_injury: bool,
                      concealment_discovered_on: date | None, lacked_capacity: bool,
                      capacity_regained_on: date | None) -> tuple[LimitationDate, ...]:
    start = _start(breach_on, born_on, concealment_discovered_on, lacked_capacity, capacity_regained_on)
    applies, other = ((PERSONAL_INJURY_YEARS, STANDARD_YEARS) if personal_injury
                      else (STANDARD_YEARS, PERSONAL_INJURY_YEARS))
    # Limitation Act 1980: "six years from the date on which the cause of action
    # accrued"; the day of accrual is excluded (Marren v Dawson Bentley [1961]), so
    # the anniversary itself is the last day. The same count applies from the end of a
    # disability (s.28) and from the discovery of concealment (s.32). We do not roll
    # forward when the court office is closed on that day.
    ends = {years: add_years(start.on, years) if start.on is not None else None for years in (applies, other)}
    dates = []
    for cause in SIX_YEAR_CAUSES:
        alternative = _act_date(cause, other, start, ends[other], applies=False)
        dates.append(_act_date(cause, applies, start, ends[applies], applies=True, alternative=alternative))
    if public_authority:
        dates.append(_hra_date(breach_on, postponed=concealment_discovered_on is not None or lacked_capacity))
    order = list(CAUSES_OF_ACTION)
    return tuple(sorted(dates, key=lambda item: (item.expires_on or date.max, order.index(item.cause))))


def earliest_on(dates: Iterable[LimitationDate]) -> date | None:
    """The earliest last day among ``dates``, passed or not (None if no period is running).

    This depends on the facts alone, never on the day: the claim list keeps it as a sortable index."""
    return min((item.expires_on for item in dates if item.expires_on is not None), default=None)


@dataclass(frozen=True)
class _Start:
    """What time runs from for the Limitation Act causes, and why."""

    on: date | None
    starts: str
    words: str
    notes: tuple[str, ...]
    notes_text: str  # the notes as they follow the period in a basis: "; note; note" (or nothing)


def _start(breach_on: date, born_on: date | None, concealed_until: date | None, lacked_capacity: bool,
           regained_on: date | None) -> _Start:
    """The day time starts (the latest of the breach, the end of a disability, the discovery of concealment)."""
    candidates = [(breach_on, FROM_BREACH, "the breach")]
    notes = []
    child = child_on(born_on, breach_on)
    incapable = lacked_capacity and (regained_on is None or regained_on > breach_on)
    if lacked_capacity and not incapable:
        notes.append(f"capacity was regained on {format_date(regained_on)}, not after the breach, so it does not "
                     "postpone time (Limitation Act 1980 s.28 needs the disability when the claim arose)")
    if incapable and regained_on is None:
        who = "was under 18 and lacked capacity" if child else "lacked capacity"
        notes.append(f"the claimant {who} to conduct proceedings when the claim arose and has not regained "
                     "capacity, so time has not started to run (Limitation Act 1980 s.28): record the date "
                     "capacity is regained")
        candidates.append((None, NOT_RUNNING, "the day capacity is regained"))
    elif child and incapable:
        eighteenth = eighteenth_birthday(born_on)
        later = max(eighteenth, regained_on)
        notes.append(f"the claimant was under 18 and lacked capacity to conduct proceedings when the claim "
                     f"arose, so time runs from the later of the 18th birthday ({format_date(eighteenth)}) and "
                     f"the day capacity was regained ({format_date(regained_on)}) (Limitation Act 1980 s.28)")
        candidates.append((later, FROM_EIGHTEENTH_BIRTHDAY, f"the 18th birthday on {format_date(later)}")
                          if later == eighteenth else
                          (later, FROM_CAPACITY_REGAINED, f"the day capacity was regained, {format_date(later)}"))
    elif child:
        eighteenth = eighteenth_birthday(born_on)
        notes.append(f"the claimant was under 18 at the breach, so time runs from the 18th birthday on "
                     f"{format_date(eighteenth)} (Limitation Act 1980 s.28)")
        candidates.append((eighteenth, FROM_EIGHTEENTH_BIRTHDAY, f"the 18th birthday on {format_date(eighteenth)}"))
    elif incapable:
        notes.append(f"the claimant lacked capacity to conduct proceedings when the claim arose, so time runs "
                     f"from the day capacity was regained, {format_date(regained_on)} (Limitation Act 1980 s.28)")
        candidates.append((regained_on, FROM_CAPACITY_REGAINED,
                           f"the day capacity was regained, {format_date(regained_on)}"))
    if concealed_until is not None:
        discovered = max(concealed_until, breach_on)
        notes.append(f"facts relevant to the claim were deliberately concealed, so time runs from when the "
                     f"claimant discovered the concealment, {format_date(discovered)} as recorded (Limitation "
                     "Act 1980 s.32(1)(b)); if they could with reasonable diligence have discovered it "
                     "earlier, time ran from then")
        candidates.append((discovered, FROM_CONCEALMENT_DISCOVERED,
                           f"the discovery of the concealment on {format_date(discovered)}"))
    if len(candidates) > 2:
        notes.append("the later of these governs")
    on, starts, words = candidates[0]
    for candidate in candidates[1:]:  # the latest wins; a tie keeps the earlier rule (the breach first)
        if on is not None and (candidate[0] is None or candidate[0] > on):
            on, starts, words = candidate
    return _Start(on, starts, words, tuple(notes), "".join(f"; {note}" for note in notes))


def _act_date(cause: str, years: int, start: _Start, expires_on: date | None, *, applies: bool,
              alternative: LimitationDate | None = None) -> LimitationDate:
    """A Limitation Act period of ``years`` from ``start`` (6 years, or 3 for a personal injury action)."""
    if years == STANDARD_YEARS:
        authority = _SIX_YEAR_AUTHORITY[cause]
    else:
        authority = _PERSONAL_INJURY_AUTHORITY if applies else _IF_PERSONAL_INJURY
    basis = f"{years} years from {start.words} ({authority}){start.notes_text}"
    if years == PERSONAL_INJURY_YEARS:
        basis += f"; {_DATE_OF_KNOWLEDGE}"
    if not applies and years == STANDARD_YEARS:
        basis += "; this would apply if the claim did not include the personal injury"
    elif years == PERSONAL_INJURY_YEARS and alternative is not None and alternative.expires_on is not None:
        basis += f"; without the claim for personal injury, 6 years: {format_date(alternative.expires_on)}"
    return LimitationDate(cause, start.on, expires_on, basis, years, start.starts, alternative)


def _hra_date(breach_on: date, *, postponed: bool) -> LimitationDate:
    """One year beginning with the act complained of (HRA 1998 s.7(5)(a))."""
    # "Beginning with" counts the day of the act itself, so the last day is the day
    # before the anniversary. Minority does not stop this clock. For a breach on
    # 29 February this gives 27 February: a day earlier than strictly needed, which
    # is the safe side.
    expires_on = add_years(breach_on, HRA_YEARS) - timedelta(days=1)
    basis = f"{_HRA_BASIS}; {_HRA_NOT_POSTPONED}" if postponed else _HRA_BASIS
    return LimitationDate(HRA, breach_on, expires_on, basis, HRA_YEARS)


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


def in_plain_words(item: LimitationDate) -> str:
    """How a limitation date was worked out, for a client (the staff page shows ``basis``)."""
    if item.cause == HRA:
        return ("One year from the date of the breach, so the day before its anniversary. "
                "It is not extended for children.")
    years = _YEARS_IN_WORDS.get(item.years, str(item.years))
    if not item.running:
        return ("No time limit is running yet, because the claimant lacked the capacity to make decisions about "
                f"the claim when it arose. When they regain it, the time limit will be {years} years from that day.")
    starts = {
        FROM_EIGHTEENTH_BIRTHDAY: f"the claimant's 18th birthday on {format_long_date(item.runs_from)}",
        FROM_CAPACITY_REGAINED: f"{format_long_date(item.runs_from)}, when the claimant regained the capacity to "
                                "make decisions about the claim",
        FROM_CONCEALMENT_DISCOVERED: f"{format_long_date(item.runs_from)}, when the claimant found out what had "
                                     "been deliberately hidden",
    }.get(item.starts, "the date of the breach")
    text = f"{years.capitalize()} years from {starts}."
    if item.personal_injury:
        text += " It is three years, not six, because the claim includes a psychiatric injury."
        if item.alternative is not None and item.alternative.running:
            text += (" A claim that leaves out the injury has a longer time limit, which ends on "
                     f"{format_long_date(item.alternative.expires_on)}.")
    return text


def passed_in_plain_words(cause: str | None, ended_on: date, *, personal_injury: bool = False,
                          without_injury_until: date | None = None) -> str:
    """What it means that a time limit has passed, for a client: likely too late, not certainly lost.

    ``personal_injury``: the time limit was the 3 years of a personal injury action (s.11), which a
    court may disapply (s.33) and which may run from a later date of knowledge (s.14);
    ``without_injury_until``: the last day of the longer limit a claim without the injury still has.
    """
    name = client_name(cause)
    ended = f"The usual time limit for {name} ended on {format_long_date(ended_on)}."
    advice = "If you want to pursue this, get advice straight away."
    if cause == HRA:
        return (f"{ended} A court can allow a Human Rights Act claim after that only if it decides a longer "
                f"period is fair in the circumstances, and it does not have to. {advice}")
    if personal_injury:
        longer = (f" A claim that leaves out the injury has a longer time limit, which ends on "
                  f"{format_long_date(without_injury_until)}." if without_injury_until is not None else "")
        return (f"{ended} Because the claim includes a psychiatric injury, that time limit is three years. It is "
                "now likely to be too late to start a court claim for the injury, unless special rules apply (for "
                "example, if the claimant only knew later that the injury was serious and caused by the breach) "
                f"or a court decides it is fair to allow it, which it does not have to.{longer} {advice}")
    return (f"{ended} It is now likely to be too late to start a court claim for this, unless special rules "
            "apply (for example, if important facts were deliberately hidden from you). If you want to pursue "
            "this, get advice straight away.")
