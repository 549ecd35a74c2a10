"""Reading the ICO enforcement actions file and importing it into the defendant register.

This module owns the file's columns, how its codes map onto our vocabularies, the
checks on every row and the idempotent import into ``Defendant`` and ``Incident``.
Reading is pure (no database): the whole file is checked before anything is written,
so a bad row stops the import with nothing half-done. The import flushes; the command
commits.

An incident is identified by its defendant and its title, which is built from the
action and its date as the file gives them ("ICO reprimand, May 2024"), so running the
import again updates incidents in place instead of adding copies.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path

from sqlalchemy import select

from claims.domain.vocab import BREACH_TYPES, SECTORS
from claims.domain.register import name_key
from claims.extensions import db
from claims.models import Defendant, Incident
from claims.register.defendants import holder_of

DATA_FILE = Path(__file__).parent / "data" / "ico-actions.csv"
COLUMNS = (
    "organisation", "sector", "public_authority", "action_type", "action_date", "penalty_gbp", "breach_type",
    "data_categories", "children_involved", "individuals_affected", "summary", "source",
)
# The file's sector values → vocab.SECTORS. A children's trust runs a council's children's
# social care (Birmingham Children's Trust is owned by Birmingham City Council).
SECTOR_CODES = {**{code: code for code in SECTORS}, "children_trust": "local_authority"}
BREACH_TYPE_CODES = {code: code for code in BREACH_TYPES}
ACTIONS = {"monetary_penalty": "monetary penalty", "reprimand": "reprimand",
           "enforcement_notice": "enforcement notice", "undertaking": "undertaking"}
YES_NO = {"true": True, "false": False}
CHILDREN = {"true": "Yes", "false": "No", "unknown": None}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MAX_ERRORS = 20


class RegisterError(ValueError):
    """The register file is not in the expected shape; the message names each bad row."""


@dataclass(frozen=True)
class Entry:
    """One checked row of the register file."""

    organisation: str
    sector: str
    public_authority: bool
    title: str
    breach_type: str
    summary: str
    regulator_action: str
    regulator_action_on: date | None  # None when the file gives only a month or a year
    regulator_penalty_pence: int | None
    individuals_affected: int | None
    source: str


def read_register(path: Path = DATA_FILE) -> list[Entry]:
    """Every row of the file, checked; raises RegisterError naming each bad row."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        _check_header(reader.fieldnames)
        numbered, errors = [], []
        for number, row in enumerate(reader, start=1):
            try:
                numbered.append((number, parse_row(row)))
            except ValueError as exc:
                errors.append(f"row {number} (line {reader.line_num}): {exc}")
    errors += _consistency_errors(numbered)
    if errors:
        more = [f"… and {len(errors) - _MAX_ERRORS} more"] if len(errors) > _MAX_ERRORS else []
        raise RegisterError(f"{path.name} was not imported:\n  " + "\n  ".join(errors[:_MAX_ERRORS] + more))
    return [entry for _number, entry in numbered]


def _check_header(header: list[str] | None) -> None:
    """Refuse a file whose header is not exactly the expected columns (in any order)."""
    found = [name.strip() for name in header or []]
    if sorted(found) == sorted(COLUMNS):
        return
    missing = [name for name in COLUMNS if name not in found]
    unexpected = [name for name in found if name not in COLUMNS]
    detail = "; ".join(filter(None, [missing and f"missing {', '.join(missing)}",
                                     unexpected and f"unexpected {', '.join(unexpected)}"]))
    raise RegisterError(f"The header row is not right ({detail or 'a column appears twice'}). "
                        f"Expected: {','.join(COLUMNS)}")


def parse_row(row: dict) -> Entry:
    """One row as an Entry; raises ValueError saying what is wrong with it."""
    if None in row or any(value is None for value in row.values()):
        raise ValueError(f"expected {len(COLUMNS)} fields")
    row = {key.strip(): value.strip() for key, value in row.items()}
    action = _code(row, "action_type", {code: code for code in ACTIONS})
    action_on, when = _action_date(row["action_date"])
    return Entry(
        organisation=_text(row, "organisation", 200), sector=_code(row, "sector", SECTOR_CODES),
        public_authority=_code(row, "public_authority", YES_NO),
        title=f"ICO {ACTIONS[action]}, {when}", breach_type=_code(row, "breach_type", BREACH_TYPE_CODES),
        summary=_summary(row), regulator_action=action, regulator_action_on=action_on,
        regulator_penalty_pence=_penalty(row, action), individuals_affected=_count(row, "individuals_affected"),
        source=_source(row),
    )


def _text(row: dict, column: str, max_length: int | None = None) -> str:
    value = row[column]
    if not value:
        raise ValueError(f"{column} is empty")
    if max_length and len(value) > max_length:
        raise ValueError(f"{column} is longer than {max_length} characters")
    return value


def _code(row: dict, column: str, mapping: dict):
    value = row[column]
    if value not in mapping:
        raise ValueError(f"{column} “{value}” is not one of: {', '.join(mapping)}")
    return mapping[value]


def _action_date(value: str) -> tuple[date | None, str]:
    """(the date if the day is known, the date as people read it: 24/11/2010, May 2024 or 2024)."""
    match = _DATE.match(value)
    if not match:
        raise ValueError(f"action_date “{value}” is not YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if day is not None:
            exact = date(year, month, day)
            return exact, exact.strftime("%d/%m/%Y")
        return None, f"{MONTHS[month - 1]} {year}" if month else str(year)
    except (ValueError, IndexError):
        raise ValueError(f"action_date “{value}” is not a real date") from None


def _count(row: dict, column: str) -> int | None:
    value = row[column].replace(",", "")
    if not value:
        return None
    if not value.isdigit():
        raise ValueError(f"{column} “{row[column]}” is not a whole number")
    return int(value)


def _penalty(row: dict, action: str) -> int | None:
    """The penalty in pence; a monetary penalty must have one and nothing else may."""
    pounds = _count(row, "penalty_gbp")
    if action == "monetary_penalty" and not pounds:
        raise ValueError("a monetary penalty needs penalty_gbp")
    if action != "monetary_penalty" and pounds is not None:
        raise ValueError(f"penalty_gbp is given for a {ACTIONS[action]}")
    return None if pounds is None else pounds * 100


def _summary(row: dict) -> str:
    """The summary, with the information involved and whether children were affected."""
    parts = [_text(row, "summary")]
    if row["data_categories"]:
        parts.append(f"Information involved: {row['data_categories']}.")
    children = _code(row, "children_involved", CHILDREN)
    if children:
        parts.append(f"Children involved: {children}.")
    return "\n\n".join(parts)


def _source(row: dict) -> str:
    """One or more web addresses separated by “;”."""
    value = _text(row, "source")
    if not all(part.strip().startswith(("https://", "http://")) for part in value.split(";")):
        raise ValueError("source must be one or more web addresses separated by “;”")
    return value


def _consistency_errors(numbered: list[tuple[int, Entry]]) -> list[str]:
    """Rows that repeat an action, or disagree about an organisation's sector or public status."""
    errors, actions, organisations = [], {}, {}
    for number, entry in numbered:
        name = entry.organisation.lower()
        if (name, entry.title) in actions:
            errors.append(f"row {number}: repeats row {actions[name, entry.title]} ({entry.title})")
        actions.setdefault((name, entry.title), number)
        first_number, first = organisations.setdefault(name, (number, entry))
        if (first.sector, first.public_authority) != (entry.sector, entry.public_authority):
            errors.append(f"row {number}: sector or public_authority differs from row {first_number} "
                          "for the same organisation")
    return errors


@dataclass
class ImportCounts:
    """What an import did, per kind of record."""

    defendants: dict[str, int] = field(default_factory=lambda: dict.fromkeys(("added", "updated", "unchanged"), 0))
    incidents: dict[str, int] = field(default_factory=lambda: dict.fromkeys(("added", "updated", "unchanged"), 0))

    def summary(self) -> str:
        """One line for the command to print."""
        return " ".join(f"{kind.title()}: " + ", ".join(f"{n} {what}" for what, n in tally.items()) + "."
                        for kind, tally in (("defendants", self.defendants), ("incidents", self.incidents)))


_DEFENDANT_FIELDS = ("sector", "public_authority")
_INCIDENT_FIELDS = tuple(f.name for f in fields(Entry) if f.name not in ("organisation", "sector", "public_authority"))


def import_register(entries: list[Entry]) -> ImportCounts:
    """Add or update a Defendant per organisation (matched by its name or a variant, as compared: claims.domain.register.name_key) and an Incident per entry."""
    counts, defendants = ImportCounts(), {}
    for entry in entries:
        key = entry.organisation.lower()
        if key not in defendants:
            defendants[key] = _upsert_defendant(entry, counts)
        _upsert_incident(defendants[key], entry, counts)
    db.session.flush()
    return counts


def _upsert_defendant(entry: Entry, counts: ImportCounts) -> Defendant:
    defendant = holder_of(name_key(entry.organisation))  # by its name or a variant, as compared (a merged entry's too)
    if defendant is None:
        defendant = Defendant(name=entry.organisation, sector=entry.sector, public_authority=entry.public_authority)
        db.session.add(defendant)
        db.session.flush()
        counts.defendants["added"] += 1
    else:
        counts.defendants["updated" if _update(defendant, entry, _DEFENDANT_FIELDS) else "unchanged"] += 1
    return defendant


def _upsert_incident(defendant: Defendant, entry: Entry, counts: ImportCounts) -> None:
    incident = db.session.scalar(
        select(Incident).where(Incident.defendant_id == defendant.id, Incident.title == entry.title))
    if incident is None:
        db.session.add(Incident(defendant_id=defendant.id, occurred_on=None,
                                **{name: getattr(entry, name) for name in _INCIDENT_FIELDS}))
        counts.incidents["added"] += 1
    else:
        counts.incidents["updated" if _update(incident, entry, _INCIDENT_FIELDS) else "unchanged"] += 1


def _update(record, entry: Entry, names: tuple[str, ...]) -> bool:
    """Copy the named fields from the entry where they differ; True if anything changed."""
    changed = [name for name in names if getattr(record, name) != getattr(entry, name)]
    for name in changed:
        setattr(record, name, getattr(entry, name))
    return bool(changed)

