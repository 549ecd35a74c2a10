"""The base class of every form in the app: each text field gets the plain-text check without asking.

A field that takes typed text (``StringField`` and its kinds: text areas, email, hidden fields,
amounts) is bound with ``claims.forms.validators.PlainText`` first in its checks, so control
characters and hidden formatting characters (right-to-left overrides, zero-width spaces) are
refused with one message naming the field, whatever else the field checks. A field that
declares its own ``PlainText`` (to give the message a better name) keeps it, moved to the front.

Passwords are left alone: they are never shown, so they cannot mislead anyone, and refusing a
character in one would lock out the person who chose it.
"""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField

from claims.forms.validators import PlainText


def takes_text(field) -> bool:
    """Whether ``field`` is one whose typed text must be plain (every text field but a password)."""
    return isinstance(field, StringField) and not isinstance(field, PasswordField)


class Form(FlaskForm):
    """A FlaskForm (CSRF and all) whose text fields always carry ``PlainText``."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            if takes_text(field):
                own = [v for v in field.validators if isinstance(v, PlainText)]
                field.validators = [*(own or [PlainText()]), *(v for v in field.validators if v not in own)]
            return field
