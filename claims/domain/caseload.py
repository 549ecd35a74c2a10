"""The caseload list's view: what the query string asks for, checked strictly, and the rules of its searches.

Everything a view of the caseload is (its filters, search, sort, page size and columns) lives in the query
string, so a view can be bookmarked, shared and exported (``/staff/claims/export`` takes the same parameters).
``parse_view`` reads the parameters (each a list of the values given) into a ``CaseloadView`` and a message
for each value it could not use: the list then shows the messages, with what was typed, instead of guessing.

Pure: no Flask, no SQLAlchemy; ``today`` is passed in where a filter needs it.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from .status import STATUSES
from .vocab import Vocabulary

PAGE_SIZES = (50, 100, 200)
DEFAULT_PAGE_SIZE = 50
MAX_LIMITATION_DAYS = 3650
SEARCH_MAX = 80
DEFENDANT_MAX = 200
COUNT_CAP = 10_000  # the total is counted exactly up to here, then shown as "more than 10,000"
# Each status's count is exact up to here, then shown as "1,000+": a caseload's statuses are counted exactly,
# and a view of the whole firm reads at most this many claims of each status, however large the firm.
STATUS_COUNT_CAP = 1_000

# Columns a person may choose; "reference" is always shown (it is the link to the claim).
COLUMNS = Vocabulary({
    "reference": "Reference",
    "claimant": "Claimant",
    "defendant": "Organisation",
    "status": "Status",
    "submitted": "Submitted",
    "limitation": "Limitation",
    "flags": "Flags",
    "value": "Value",
    "handler": "Handler",
    "team": "Team",
    "email": "Email",
    "postcode": "Postcode",
})
DEFAULT_COLUMNS = ("reference", "claimant", "defendant", "submitted", "status", "limitation", "flags", "value",
                   "handler")
ALWAYS_SHOWN = ("reference",)

# Every column the list can be sorted on, each with the direction a first click sorts it in.
SORTS = Vocabulary({code: COLUMNS[code] for code in (
    "reference", "claimant", "defendant", "status", "submitted", "limitation", "value", "handler")})
FIRST_DIRECTION = {"submitted": "desc", "value": "desc"}  # newest and largest first; the rest A to Z, soonest first
DEFAULT_SORT = ("submitted", "desc")

BANDS = Vocabulary({
    "under_1000": "Under £1,000",
    "1000_5000": "£1,000 to £5,000",
    "5000_10000": "£5,000 to £10,000",
    "over_10000": "Over £10,000",
    "not_valued": "Not valued",
})
# Each band as [from, to) in pence (None: open); "not_valued" is a claim with no valuation.
BAND_RANGES: Mapping[str, tuple[int | None, int | None]] = {
    "under_1000": (None, 1_000_00), "1000_5000": (1_000_00, 5_000_00), "5000_10000": (5_000_00, 10_000_00),
    "over_10000": (10_000_00, None),
}

# The screening flags the list shows, as filters (claims.domain.screening's codes). "out_of_time" finds a
# claim with any limitation date passed (out of time, or partly).
FLAGS = Vocabulary({
    "limitation_soon": "Limitation within 3 months",
    "out_of_time": "Out of time (wholly or partly)",
    "personal_injury": "Personal injury",
    "already_represented": "Already represented",
    "group_action": "Group action",
    "child_claimant": "Child claimant",
    "discovered_late": "Discovered late",
    "outside_england_wales": "Outside England and Wales",
    "check_jurisdiction": "Check jurisdiction",
})

SEARCH_FIELDS = Vocabulary({
    "any": "Anything",
    "reference": "Reference",
    "name": "Claimant name",
    "postcode": "Postcode",
    "email": "Email",
    "defendant": "Organisation",
})

# Query-string names, for the view and the templates.
PARAMS = ("q", "in", "status", "handler", "team", "defendant", "incident", "flag", "limitation_days", "band",
          "submitted_from", "submitted_to", "sort", "dir", "size", "col")


@dataclass(frozen=True)
class CaseloadView:
    """One view of the caseload: filters, search, sort, page size and columns (all as checked)."""

    statuses: tuple[str, ...] = ()
    handler: str | int | None = None  # a user id, "me" or "none"
    team: str | int | None = None  # a team id or "none"
    defendant: str = ""
    incident: int | None = None
    flags: tuple[str, ...] = ()
    limitation_days: int | None = None
    band: str | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None
    search: str = ""
    search_in: str = "any"
    sort: str = DEFAULT_SORT[0]
    direction: str = DEFAULT_SORT[1]
    size: int = DEFAULT_PAGE_SIZE
    columns: tuple[str, ...] = DEFAULT_COLUMNS

    @property
    def filtered(self) -> bool:
        """Whether anything narrows the list (a filter or a search)."""
        return bool(self.statuses or self.handler is not None or self.team is not None or self.defendant
                    or self.incident is not None or self.flags or self.limitation_days is not None
                    or self.band or self.submitted_from or self.submitted_to or self.search)

    def params(self, **changes) -> dict:
        """The query-string parameters of this view (those that differ from the default), with ``changes``
        (a value of None drops the parameter): the list's links and the export keep the view this way."""
        values: dict = {
            "q": self.search or None, "in": self.search_in if self.search and self.search_in != "any" else None,
            "status": list(self.statuses) or None,
            "handler": None if self.handler is None else str(self.handler),
            "team": None if self.team is None else str(self.team),
            "defendant": self.defendant or None, "incident": self.incident,
            "flag": list(self.flags) or None, "limitation_days": self.limitation_days, "band": self.band,
            "submitted_from": format_day(self.submitted_from) or None,
            "submitted_to": format_day(self.submitted_to) or None,
            "sort": None if (self.sort, self.direction) == DEFAULT_SORT else self.sort,
            "dir": None if (self.sort, self.direction) == DEFAULT_SORT else self.direction,
            "size": None if self.size == DEFAULT_PAGE_SIZE else self.size,
            "col": None if self.columns == DEFAULT_COLUMNS else list(self.columns),
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value is not None}

    def sorted_by(self, column: str) -> dict:
        """The parameters of this view sorted on ``column``: the other direction if it is sorted on it already."""
        if column == self.sort:
            direction = "asc" if self.direction == "desc" else "desc"
        else:
            direction = FIRST_DIRECTION.get(column, "asc")
        return self.params(sort=column, dir=direction)


@dataclass
class Parsed:
    """``parse_view``'s answer: the view, a message for each parameter it could not use, and what was typed."""

    view: CaseloadView
    errors: dict[str, str] = field(default_factory=dict)
    typed: dict[str, str] = field(default_factory=dict)


def clean_text(value: str, limit: int) -> str:
    """Typed text as the list uses it: no NUL or other control characters, trimmed, at most ``limit`` long."""
    return re.sub(r"[\x00-\x1f\x7f]", "", value)[:limit].strip()


def parse_day(text: str) -> date | None:
    """A dd/mm/yyyy date (d/m/yyyy too); None if it is not one."""
    match = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", text)
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def format_day(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _row_id(text: str) -> bool:
    """Whether ``text`` is a row id a database column holds (1 to 2**31 - 1, ASCII digits)."""
    return text.isascii() and text.isdigit() and 0 < int(text) < 2**31


def _one(args: Mapping[str, Sequence[str]], name: str) -> str:
    values = args.get(name) or []
    return values[0] if values else ""


def parse_view(args: Mapping[str, Sequence[str]], *, ids: Mapping[str, set] | None = None) -> Parsed:
    """Read a view from the query string (``args``: each name with the list of values given).

    ``ids``: the ids that exist, by kind ("handler", "team", "incident"), when the caller has looked them up;
    an id not among them is refused with a message. Unknown codes, malformed numbers and dates, an end date
    before a start date and a page size not offered are refused too; a refused value is left out of the view.
    """
    errors: dict[str, str] = {}
    typed: dict[str, str] = {}
    ids = ids or {}
    values: dict = {}

    statuses = [code for code in args.get("status") or [] if code]
    unknown = [code for code in statuses if code not in STATUSES]
    if unknown:
        errors["status"] = f"There is no status “{clean_text(unknown[0], 40)}”: choose from the list"
    values["statuses"] = tuple(code for code in STATUSES if code in statuses)

    for name, words, message in (
            ("handler", ("me", "none"), "Choose a handler from the list, “Me” or “No handler”"),
            ("team", ("none",), "Choose a team from the list, or “No team”"),
            ("incident", (), "Enter the number of an incident on the register")):
        typed[name] = chosen = clean_text(_one(args, name), 20)
        if not chosen:
            continue
        if chosen in words:
            values[name] = chosen
        elif _row_id(chosen) and (name not in ids or int(chosen) in ids[name]):
            values[name] = int(chosen)
        else:
            errors[name] = message

    values["defendant"] = typed["defendant"] = clean_text(_one(args, "defendant"), DEFENDANT_MAX)

    flags = [code for code in args.get("flag") or [] if code]
    unknown = [code for code in flags if code not in FLAGS]
    if unknown:
        errors["flag"] = f"There is no flag “{clean_text(unknown[0], 40)}”: choose from the list"
    values["flags"] = tuple(code for code in FLAGS if code in flags)

    days = clean_text(_one(args, "limitation_days"), 10)
    typed["limitation_days"] = days
    if days:
        if days.isascii() and days.isdigit() and 0 <= int(days) <= MAX_LIMITATION_DAYS:
            values["limitation_days"] = int(days)
        else:
            errors["limitation_days"] = (f"Limitation within must be a whole number of days from 0 to "
                                         f"{MAX_LIMITATION_DAYS:,}")

    band = clean_text(_one(args, "band"), 20)
    typed["band"] = band
    if band:
        if band in BANDS:
            values["band"] = band
        else:
            errors["band"] = "Choose a value band from the list"

    for name, label in (("submitted_from", "Submitted from"), ("submitted_to", "Submitted to")):
        text = clean_text(_one(args, name), 20)
        typed[name] = text
        if text:
            day = parse_day(text)
            if day is None:
                errors[name] = f"{label} must be a real date, like 23/11/2026"
            else:
                values[name] = day
    if values.get("submitted_from") and values.get("submitted_to") and values["submitted_to"] < values["submitted_from"]:
        errors["submitted_to"] = "Submitted to must be the same as or after submitted from"
        del values["submitted_to"]

    values["search"] = typed["q"] = clean_text(_one(args, "q"), SEARCH_MAX)
    search_in = clean_text(_one(args, "in"), 20) or "any"
    if search_in in SEARCH_FIELDS:
        values["search_in"] = search_in
    else:
        errors["in"] = "Choose what to search from the list"

    sort = clean_text(_one(args, "sort"), 20)
    direction = clean_text(_one(args, "dir"), 10)
    if sort and sort not in SORTS:
        errors["sort"] = "The list cannot be sorted that way: choose a column heading"
    elif direction and direction not in ("asc", "desc"):
        errors["sort"] = "The sort direction must be ascending or descending"
    elif sort:
        values["sort"], values["direction"] = sort, direction or FIRST_DIRECTION.get(sort, "asc")

    size = clean_text(_one(args, "size"), 10)
    typed["size"] = size
    if size:
        if size.isascii() and size.isdigit() and int(size) in PAGE_SIZES:
            values["size"] = int(size)
        else:
            errors["size"] = "Show 50, 100 or 200 claims a page"

    columns = [code for code in args.get("col") or [] if code]
    unknown = [code for code in columns if code not in COLUMNS]
    if unknown:
        errors["col"] = f"There is no column “{clean_text(unknown[0], 40)}”: choose from the list"
    if columns:
        values["columns"] = tuple(code for code in COLUMNS if code in columns or code in ALWAYS_SHOWN)

    return Parsed(CaseloadView(**values), errors, typed)


# ---- searching ------------------------------------------------------------------------------------------------

_POSTCODE_START = re.compile(r"[a-z]{1,2}\d", re.IGNORECASE)
_FULL_POSTCODE = re.compile(r"([a-z]{1,2}\d[a-z\d]?)(\d[a-z]{2})", re.IGNORECASE)
_OUTWARD_AND_PART = re.compile(r"([a-z]{1,2}\d[a-z\d]?)(\d[a-z]?)", re.IGNORECASE)


def search_field(text: str, chosen: str = "any") -> str:
    """Which field a search looks in: the one chosen, or, for "any", what the text looks like: a reference
    (BC-…), an email (has an @), a postcode (starts like one: letters then a digit), else a name (the claimant's
    first or last name, or the organisation's)."""
    if chosen != "any":
        return chosen
    if text.upper().startswith("BC-"):
        return "reference"
    if "@" in text:
        return "email"
    if _POSTCODE_START.match(text) and not text.isalpha():
        return "postcode"
    return "name"


def postcode_prefix(text: str) -> str:
    """The start of a stored postcode (upper case, one space before the inward code) a typed one matches, in
    lower case: "sw1a1aa" → "sw1a 1aa", "SW1A 1" → "sw1a 1", "sw1a" → "sw1a"."""
    compact = re.sub(r"\s+", "", text).lower()
    if " " in text.strip():  # the person put the space where it goes
        return re.sub(r"\s+", " ", text.strip()).lower()
    full = _FULL_POSTCODE.fullmatch(compact)
    if full:
        return f"{full.group(1)} {full.group(2)}"
    if len(compact) >= 5:
        part = _OUTWARD_AND_PART.fullmatch(compact)
        if part:
            return f"{part.group(1)} {part.group(2)}"
    return compact


def prefix_bounds(prefix: str) -> tuple[str, str]:
    """[low, high) of the strings that start with ``prefix`` (non-empty): a range any index serves."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


# ---- exports ---------------------------------------------------------------------------------------------------

_FORMULA_FIRST = "=+-@\t\r"
_FORMULA_SIGNS = "=+-@"


def inert_cell(value):
    """A cell's text made inert for spreadsheets: text starting = + - @ tab or CR (or with leading whitespace
    before one of = + - @) gets a leading apostrophe, so it is never read as a formula (OWASP CSV injection).
    Numbers, dates and None pass through."""
    if not isinstance(value, str) or not value:
        return value
    first = value[0]
    if first in _FORMULA_FIRST:
        return "'" + value
    if first in " \n":
        rest = value.lstrip(" \t\r\n")
        if rest and rest[0] in _FORMULA_SIGNS:
            return "'" + value
    return value


def uk_midnight_bounds(day_from: date | None, day_to: date | None, zone) -> tuple[datetime | None, datetime | None]:
    """[start, end) as aware datetimes for the UK days from ``day_from`` to ``day_to`` inclusive."""
    from datetime import timedelta
    start = datetime.combine(day_from, datetime.min.time(), zone) if day_from else None
    end = datetime.combine(day_to + timedelta(days=1), datetime.min.time(), zone) if day_to else None
    return start, end


def count_labels(counts: Mapping[str, int], cap: int | None) -> dict[str, str]:
    """How the counts by status read: "1,234", or "1,000+" for a status counted past ``cap`` (None: every count is
    exact); under "all", their sum, with "+" when any part was cut."""
    def cut(count: int) -> bool:
        return cap is not None and count > cap

    labels = {code: f"{cap:,}+" if cut(count) else f"{count:,}" for code, count in counts.items()}
    shown = sum(cap if cut(count) else count for count in counts.values())
    labels["all"] = f"{shown:,}" + ("+" if any(cut(count) for count in counts.values()) else "")
    return labels
