"""Field validators for the claim form, with messages in plain British English.

``PlainText`` is the check every text field in the app carries (``claims.forms.Form`` adds it
where a field does not): no control characters, and no hidden formatting characters.
"""
from __future__ import annotations

import re
from datetime import date

from wtforms.validators import StopValidation, ValidationError

from claims.clock import uk_today
from claims.domain.text import CONTROL, hidden_formatting

POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$")
PHONE = re.compile(r"^\+?[0-9 ()\-]{10,20}$")


def strip(value):
    """Trim surrounding white space from text input."""
    return value.strip() if isinstance(value, str) else value


def normalise_postcode(value):
    """Upper-case a postcode and put the space in the right place."""
    if not isinstance(value, str) or not value.strip():
        return value
    compact = re.sub(r"\s+", "", value).upper()
    tidy = f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact
    return tidy if POSTCODE.match(tidy) else value  # a wrong postcode is shown back as typed


def uk_postcode(form, field):
    if field.data and not POSTCODE.match(field.data):
        raise ValidationError("Enter a real UK postcode, like SW1A 1AA")


def phone_number(form, field):
    if field.data and (not PHONE.match(field.data) or not 10 <= sum(c.isdigit() for c in field.data) <= 15):
        raise ValidationError("Enter a phone number, like 07700 900 982 or +44 7700 900 982")


def message_name(field) -> str:
    """What error messages call a field: its ``error_name`` if it has one, else its label."""
    return getattr(field, "error_name", None) or field.label.text


class PlainText:
    """Refuse control characters (other than new lines and tabs) and hidden formatting characters.

    It stops the field's other checks: one clear message, and the text stays in the box as typed.
    """

    def __init__(self, name: str | None = None):
        self.name = name  # what the message calls the field, when its label is a question

    def __call__(self, form, field):
        if not isinstance(field.data, str):
            return
        name = self.name or message_name(field)
        if CONTROL.search(field.data):
            raise StopValidation(f"{name} contains characters we cannot accept")
        if hidden_formatting(field.data):
            raise StopValidation(f"{name} must not contain hidden formatting characters such as right-to-left marks")


def age_on(born: date, on: date) -> int:
    """Whole years between a birth date and a day."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def not_in_future(form, field):
    if field.data and field.data > uk_today():
        raise ValidationError(f"{message_name(field)} must be today or in the past")


def plausible_birth_date(form, field):
    if field.data:
        if field.data > uk_today():
            raise ValidationError(f"{message_name(field)} must be in the past")
        if age_on(field.data, uk_today()) > 120:
            raise ValidationError(f"{message_name(field)} must be a real date of birth; check the year")
