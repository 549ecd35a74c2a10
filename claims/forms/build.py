"""Building blocks for the claim's fields, shared by the claim form (intake) and staff editing (cases).

Each builder gives a field its checks and the message that names it, so a fact is checked the same
way whoever types it: required or optional, a length limit, plain text, dates in three boxes.
"""
from __future__ import annotations

from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from claims.forms.fields import DatePartsField
from claims.forms.validators import PlainText, strip

YES_NO = [("yes", "Yes"), ("no", "No")]
SHORT, LONG = 2000, 10000


def text(label, required_message=None, max_length=80, name=None, **kwargs):
    """A one-line text field; ``required_message`` makes it required; ``name`` is what messages call it."""
    return StringField(label, validators=text_checks(name or label, required_message, max_length),
                       filters=[strip], **kwargs)


def area(label, required_message=None, max_length=SHORT, name=None):
    """A text area, checked like ``text``."""
    return TextAreaField(label, validators=text_checks(name or label, required_message, max_length), filters=[strip])


def text_checks(name, required_message, max_length):
    """Required or optional, a length limit and no control characters. ``name`` is what messages call it."""
    name = name.removesuffix(" (optional)")
    checks = [DataRequired(required_message)] if required_message else [Optional()]
    return checks + [Length(max=max_length, message=f"{name} must be {max_length:,} characters or fewer"),
                     PlainText(name)]


def needed_when(condition: bool, field, message: str) -> bool:
    """A cross-field "required if" rule; run after validation, as Optional() ends a blank field's checks."""
    if condition and not field.data and not field.errors:
        field.errors.append(message)
        return False
    return True


def radios(label, choices, message):
    """One choice from ``choices``, required with ``message``."""
    return RadioField(label, choices=choices, validators=[InputRequired(message)])


def date_field(label, message, *extra, **kwargs):
    """A required date typed as day, month and year, with any ``extra`` checks."""
    return DatePartsField(label, validators=[InputRequired(message), *extra], **kwargs)
