"""The audit trail filtered and paged for the viewer, and read in full (up to a limit) for the export.

Filters come from the query string (``AuditFilterForm``): a claim reference, a member of staff, an action
(``claim.`` matches every claim action: a prefix) and a date range in UK days. Pages run newest first by
(``occurred_at``, id) with a keyset cursor (``claims.keyset.Cursor``), so every page costs the same.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Select, false, select, tuple_
from wtforms import SelectField, StringField
from wtforms.validators import Optional, Regexp, ValidationError

from claims.clock import UK
from claims.domain.caseload import clean_text, parse_day
from claims.extensions import db
from claims.forms import Form
from claims.keyset import Cursor
from claims.models import AuditEvent, Claim, User

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000


def _uk_day(form, field) -> None:
    if field.data and parse_day(field.data) is None:
        raise ValidationError("Enter a date as dd/mm/yyyy, for example 01/12/2026")


class AuditFilterForm(Form):
    """The viewer's filters, read from the query string (a GET form: nothing changes, no CSRF token)."""

    class Meta:
        csrf = False

    reference = StringField("Claim reference", filters=[lambda v: clean_text(v or "", 20)])
    user = SelectField("Member of staff", choices=[], validate_choice=False)
    action = StringField("Action", filters=[lambda v: clean_text(v or "", 60)],
                         validators=[Optional(), Regexp(r"^[a-z0-9_.]+$", message="Actions are written like "
                                                        "claim.viewed: lower-case letters, digits, dots")])
    date_from = StringField("From (dd/mm/yyyy)", filters=[lambda v: clean_text(v or "", 20)], validators=[_uk_day])
    date_to = StringField("To (dd/mm/yyyy)", filters=[lambda v: clean_text(v or "", 20)], validators=[_uk_day])

    def validate_date_to(self, field) -> None:
        start, end = parse_day(self.date_from.data or ""), parse_day(field.data or "")
        if start and end and end < start:
            raise ValidationError("The end date must be on or after the start date")

    def validate_user(self, field) -> None:
        if field.data and not (field.data.isdigit() and any(str(value) == field.data for value, _ in field.choices)):
            raise ValidationError("Choose a member of staff from the list")


def filter_form(args) -> AuditFilterForm:
    form = AuditFilterForm(formdata=args)
    form.user.choices = [("", "Anyone")] + [
        (str(user.id), f"{user.full_name} ({user.role})")
        for user in db.session.scalars(select(User).order_by(User.full_name, User.id))]
    return form


@dataclass(frozen=True)
class Filters:
    """The filters as the query uses them (from a valid form)."""

    reference: str = ""
    user_id: int | None = None
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def from_form(cls, form: AuditFilterForm) -> Filters:
        return cls(reference=(form.reference.data or "").upper(),
                   user_id=int(form.user.data) if form.user.data else None, action=form.action.data or "",
                   date_from=parse_day(form.date_from.data or ""), date_to=parse_day(form.date_to.data or ""))

    def details(self, claim_id: int | None) -> dict:
        """The filters for the audit trail: ids, the action's shape and dates, never typed free text."""
        found = {"claim_id": claim_id if self.reference else None, "user_id": self.user_id,
                 "action": self.action or None,
                 "from": self.date_from.isoformat() if self.date_from else None,
                 "to": self.date_to.isoformat() if self.date_to else None}
        return {key: value for key, value in found.items() if value is not None}


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UK).astimezone(timezone.utc)


def claim_for(reference: str) -> int | None:
    return db.session.scalar(select(Claim.id).where(Claim.reference == reference)) if reference else None


def _query(filters: Filters, claim_id: int | None) -> Select:
    query = (select(AuditEvent, User.full_name.label("user_name"), Claim.reference.label("reference"))
             .outerjoin(User, AuditEvent.user_id == User.id).outerjoin(Claim, AuditEvent.claim_id == Claim.id))
    if filters.reference:
        query = query.where(AuditEvent.claim_id == claim_id if claim_id is not None else false())
    if filters.user_id is not None:
        query = query.where(AuditEvent.user_id == filters.user_id)
    if filters.action:
        query = query.where(AuditEvent.action.startswith(filters.action, autoescape=True))
    if filters.date_from:
        query = query.where(AuditEvent.occurred_at >= _start_of(filters.date_from))
    if filters.date_to:
        query = query.where(AuditEvent.occurred_at < _start_of(filters.date_to + timedelta(days=1)))
    return query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())


@dataclass(frozen=True)
class AuditPage:
    rows: list
    next: Cursor | None


def audit_page(filters: Filters, claim_id: int | None, after: Cursor | None = None) -> AuditPage:
    """One page of matching rows, newest first, after ``after``."""
    query = _query(filters, claim_id)
    if after is not None:
        query = query.where(tuple_(AuditEvent.occurred_at, AuditEvent.id) < tuple_(after.at, after.row_id))
    rows = db.session.execute(query.limit(PAGE_SIZE + 1)).all()
    more, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
    last = rows[-1].AuditEvent if rows else None
    return AuditPage(rows=rows, next=Cursor(last.occurred_at, last.id) if more and last else None)


def export_rows(filters: Filters, claim_id: int | None) -> Iterator:
    """Every matching row (newest first, at most ``EXPORT_LIMIT``), streamed."""
    yield from db.session.execute(_query(filters, claim_id).limit(EXPORT_LIMIT).execution_options(yield_per=1000))
