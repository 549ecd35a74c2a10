"""Importing a list of claimants for one incident (a CSV or an Excel .xlsx, e.g. the list a client group brings).

The file is checked by its content, not its name (a .xlsx is a zip that ``claims.zipguard`` passes before
openpyxl opens it, read-only; a .csv is UTF-8 text), and by size. Every row is checked and every problem listed
by row and column; possible duplicates are found within the file (the same email, or the same name and date of
birth) and against the database (a claim against the same defendant, or an invitation already sent for the
incident, for the same email or name and date of birth); a claimant on the firm's conflict list as someone on the
other side is listed too, and the page warns when the firm acts or acted for the defendant. Nothing is imported while a row has a problem unless
the user chose to import the valid rows.

Each claimant imported gets a claim-form draft with their details and the organisation filled in, linked to the
incident (``IntakeDraft.incident_id``, so their claim is matched to it when they submit), and an email with a
secure link to complete the form and sign (only the token's hash is stored). The email names the firm and the
organisation and says nothing of what the breach disclosed.
"""
from __future__ import annotations

import csv
import io
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import func, insert, select

from claims import audit, spreadsheets
from claims.domain import register as rules
from claims.domain.caseload import inert_cell
from claims.domain.text import hidden_formatting
from claims.extensions import db
from claims.forms.validators import PHONE, POSTCODE
from claims.links import hash_token, public_url
from claims.mail import queue_mail
from claims.models import Claim, Claimant, ConflictEntry, DefendantName, Incident, IntakeDraft
from claims.models._types import utcnow
from claims.spreadsheets import RejectedFile  # noqa: F401 (what callers catch)

MAX_BYTES = 8 * 1024 * 1024
MAX_ROWS = 10_000
MAX_UNZIPPED_BYTES = 80 * 1024 * 1024
COLUMNS = {  # column → (label, required, longest)
    "first_name": ("First name", True, 80), "last_name": ("Last name", True, 80),
    "date_of_birth": ("Date of birth", True, 10), "email": ("Email", True, 254), "phone": ("Phone", False, 20),
    "address_line_1": ("Address line 1", True, 120), "address_line_2": ("Address line 2", False, 120),
    "town": ("Town", True, 80), "postcode": ("Postcode", True, 10),
}
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$|^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)


@dataclass(frozen=True)
class Problem:
    row: int  # the line in the file (the header is line 1)
    column: str  # a COLUMNS label, or "" for the row as a whole
    message: str
    typed: str = ""  # what the cell held (shown as text, cut to 60 characters)


@dataclass
class Checked:
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (line, checked values) of the valid rows
    problems: list[Problem] = field(default_factory=list)
    total: int = 0

    @property
    def bad_rows(self) -> int:
        return len({problem.row for problem in self.problems})


# Reading -----------------------------------------------------------------------------------------------------

def read_rows(filename: str, data: bytes) -> list[list[str]]:
    """The file's rows as text (a workbook's formulas as their last computed values), or RejectedFile."""
    return spreadsheets.read_rows(filename, data, max_bytes=MAX_BYTES, max_rows=MAX_ROWS,
                                  max_columns=len(COLUMNS) + 4, max_unzipped_bytes=MAX_UNZIPPED_BYTES,
                                  formulas_as_text=False)


# Checking ----------------------------------------------------------------------------------------------------

def _header_key(cell: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", cell.strip().lstrip("\ufeff").lower()).strip("_")


def check_rows(rows: list[list[str]], *, today: date) -> Checked:
    """Every row checked against ``COLUMNS``; duplicates within the file too. RejectedFile for the header."""
    numbered = [(line, row) for line, row in enumerate(rows, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise RejectedFile("The file has no rows.")
    if len(numbered) > MAX_ROWS + 1:
        raise RejectedFile(f"The file has more than {MAX_ROWS:,} claimants. Split it into smaller files.")
    header = [_header_key(cell) for cell in numbered[0][1]]
    while header and not header[-1]:
        header.pop()
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name, (_, required, _) in COLUMNS.items() if required and name not in header]
    if unknown or missing or len(set(header)) != len(header):
        expected = ", ".join(COLUMNS)
        raise RejectedFile(f"The first row must name the columns: {expected} (phone and address_line_2 may be "
                           f"left out)." + (f" Not known: {', '.join(unknown)[:200]}." if unknown else "")
                           + (f" Missing: {', '.join(missing)}." if missing else ""))
    checked = Checked(total=len(numbered) - 1)
    seen_email: dict[str, int] = {}
    seen_person: dict[tuple[str, date], int] = {}
    for line, row in numbered[1:]:
        if any(cell.strip() for cell in row[len(header):]):
            checked.problems.append(Problem(line, "", f"has more cells than the {len(header)} columns named"))
            continue
        cells = dict(zip(header, (row + [""] * len(header))[:len(header)]))
        values, problems = check_row(line, cells, today=today)
        if not problems:
            email, person = values["email"].lower(), (rules.person_key(values["first_name"], values["last_name"]),
                                                      values["date_of_birth"])
            earlier = seen_email.get(email) or seen_person.get(person)
            if earlier:
                problems.append(Problem(line, "", f"is the same claimant as row {earlier} (same "
                                                  f"{'email' if email in seen_email else 'name and date of birth'})"))
            else:
                seen_email[email], seen_person[person] = line, line
        if problems:
            checked.problems += problems
        else:
            checked.rows.append((line, values))
    return checked


def check_row(line: int, cells: dict[str, str], *, today: date) -> tuple[dict, list[Problem]]:
    """One row's values (tidied) and its problems, one per column at most."""
    values, problems = {}, []
    for name, (label, required, longest) in COLUMNS.items():
        typed = cells.get(name, "").strip()
        problem = None
        if not typed:
            if required:
                problem = f"{label} is missing"
        elif len(typed) > longest:
            problem = f"{label} must be {longest} characters or fewer"
        elif hidden_formatting(typed) or any(ord(ch) < 32 for ch in typed):
            problem = f"{label} contains hidden formatting or control characters"
        if problem is None and typed:
            typed_value, problem = _CHECKS.get(name, _as_is)(typed, today, label)
            values[name] = typed_value
        elif problem is None:
            values[name] = ""
        if problem:
            problems.append(Problem(line, label, problem, typed[:60]))
    return values, problems


def _as_is(typed: str, today: date, label: str):
    return typed, None


def _birth(typed: str, today: date, label: str):
    match = _DATE.match(typed)
    try:
        if not match:
            raise ValueError
        day, month, year = (match.group(1), match.group(2), match.group(3)) if match.group(1) else (
            match.group(6), match.group(5), match.group(4))
        born = date(int(year), int(month), int(day))
    except ValueError:
        return None, "Date of birth must be a real date, like 27/03/1984"
    if born > today or born.year < today.year - 120:
        return None, "Date of birth must be a real date of birth in the past"
    if (today.year - born.year - ((today.month, today.day) < (born.month, born.day))) < 18:
        return None, "The claimant is under 18: a parent or guardian must claim for them through the claim form"
    return born, None


def _email(typed: str, today: date, label: str):
    try:
        return validate_email(typed, check_deliverability=False).normalized, None
    except EmailNotValidError:
        return None, "Email must be an email address, like name@example.com"


def _postcode(typed: str, today: date, label: str):
    compact = re.sub(r"\s+", "", typed).upper()
    tidy = f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact
    return (tidy, None) if POSTCODE.match(tidy) else (None, "Postcode must be a real UK postcode, like SW1A 1AA")


def _phone(typed: str, today: date, label: str):
    if not PHONE.match(typed) or not 10 <= sum(c.isdigit() for c in typed) <= 15:
        return None, "Phone must be a phone number, like 07700 900 982"
    return typed, None


_CHECKS = {"date_of_birth": _birth, "email": _email, "postcode": _postcode, "phone": _phone}


# Against the database -----------------------------------------------------------------------------------------

def client_conflict(incident: Incident) -> ConflictEntry | None:
    """The conflict list's entry for the incident's defendant as someone the firm acts or acted for, if any."""
    keys = {incident.defendant.name_key, *db.session.scalars(
        select(DefendantName.name_key).where(DefendantName.defendant_id == incident.defendant_id))}
    return db.session.scalars(select(ConflictEntry).where(ConflictEntry.active, ConflictEntry.kind == "client",
                                                          ConflictEntry.name_key.in_(keys)).limit(1)).first()


def check_against_database(checked: Checked, incident: Incident) -> None:
    """Move rows whose claimant already has a claim against the defendant, or an invitation for this incident,
    or who is on the firm's conflict list as someone on the other side, to the problems (a claim is not named:
    it may be one the user may not see)."""
    if not checked.rows:
        return
    emails, people = set(), set()
    claimed = db.session.execute(
        select(func.lower(Claimant.email), Claimant.first_name, Claimant.last_name, Claimant.date_of_birth)
        .join(Claim, Claim.claimant_id == Claimant.id)
        .where((Claim.defendant_id == incident.defendant_id) | (Claim.incident_id == incident.id))).all()
    for email, first, last, born in claimed:
        emails.add(email or "")
        people.add((rules.person_key(first, last), born))
    invited = db.session.scalars(select(IntakeDraft.answers).where(
        IntakeDraft.incident_id == incident.id, IntakeDraft.submitted_at.is_(None)))
    for answers in invited:
        you = answers.get("about-you") or {}
        emails.add((you.get("email") or "").lower())
        born = you.get("date_of_birth")
        people.add((rules.person_key(you.get("first_name", ""), you.get("last_name", "")),
                    date.fromisoformat(born) if born else None))
    opponents = set(db.session.scalars(select(ConflictEntry.name_key).where(
        ConflictEntry.active, ConflictEntry.kind == "opponent")))
    kept = []
    for line, values in checked.rows:
        person = rules.person_key(values["first_name"], values["last_name"])
        if values["email"].lower() in emails or (person, values["date_of_birth"]) in people:
            checked.problems.append(Problem(line, "", "may be a duplicate: this claimant already has a claim "
                                                      "against the defendant or an invitation for this incident"))
        elif person in opponents:
            checked.problems.append(Problem(line, "", "is on the firm's conflict list: on the other side of a "
                                                      "matter the firm runs"))
        else:
            kept.append((line, values))
    checked.rows = kept
    checked.problems.sort(key=lambda problem: problem.row)


def problems_csv(checked: Checked) -> bytes:
    """The problems as CSV (UTF-8 with a BOM), each cell inert in a spreadsheet (``inert_cell``)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Row", "Column", "Problem", "What the file holds"])
    for problem in checked.problems:
        writer.writerow([problem.row, problem.column or "The row", inert_cell(problem.message), inert_cell(problem.typed)])
    return out.getvalue().encode("utf-8")


# Importing ---------------------------------------------------------------------------------------------------

def import_rows(checked: Checked, incident: Incident, *, by) -> int:
    """A draft and an emailed link per valid row; returns how many (audited by count)."""
    defendant = incident.defendant
    organisation = {"organisation_name": defendant.name, "sector": defendant.sector,
                    "public_body": "yes" if defendant.public_authority else "no"}
    expires = utcnow() + timedelta(days=current_app.config["DRAFT_LIFETIME_DAYS"])
    firm, days = current_app.config["FIRM_NAME"], current_app.config["DRAFT_LIFETIME_DAYS"]
    drafts, mails = [], []
    for _line, values in checked.rows:
        token = secrets.token_urlsafe(32)
        you = {"claiming_for": "myself", **{name: values[name] for name in COLUMNS},
               "date_of_birth": values["date_of_birth"].isoformat()}
        drafts.append({"token_hash": hash_token(token), "answers": {"about-you": you, "organisation": organisation},
                       "expires_at": expires, "incident_id": incident.id, "created_at": utcnow(),
                       "updated_at": utcnow()})
        mails.append((values["email"], token))
    if drafts:
        db.session.execute(insert(IntakeDraft), drafts)
    for email, token in mails:
        queue_mail(email, "Your data breach claim: complete and sign", _invitation(defendant.name, token, firm, days))
    audit.record("incident.claimants_imported", entity_type="incident", entity_id=incident.id,
                 details={"imported": len(drafts), "rows": checked.total, "rows_with_problems": checked.bad_rows})
    return len(drafts)


def _invitation(organisation: str, token: str, firm: str, days: int) -> str:
    return (
        f"We have been asked to contact you about a possible data protection claim against {organisation}.\n\n"
        "We have filled in your name and address. To check them, tell us what happened and how it affected "
        f"you, and sign, use this link:\n{public_url('intake.resume', t=token)}\n\n"
        f"The link works for {days} days. Keep it private: anyone with the link can see your answers.\n\n"
        "This email is not legal advice, and we have not yet agreed to act for you.\n\n"
        f"{firm}"
    )
