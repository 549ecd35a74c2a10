"""Form fields the claim form needs beyond WTForms' own: dates in three boxes, ticks, money."""
from __future__ import annotations

from datetime import date

from wtforms import Field, SelectMultipleField, StringField, widgets
from wtforms.utils import unset_value
from wtforms.validators import ValidationError

from claims.domain.money import format_pence, parse_pounds


class DatePartsField(Field):
    """A date typed as day, month and year boxes (the accessible GOV.UK pattern).

    The boxes keep exactly what was typed, so a wrong date is shown back as typed.
    """

    PARTS = ("day", "month", "year")

    def __init__(self, label=None, validators=None, autocomplete_prefix=None, error_name=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.autocomplete_prefix = autocomplete_prefix
        self.error_name = error_name or self.label.text  # "The date it happened", when the label is a question
        self.raw_parts = dict.fromkeys(self.PARTS, "")

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        self.data = data if isinstance(data, date) else None
        if self.data:
            self.raw_parts = {"day": str(self.data.day), "month": str(self.data.month), "year": str(self.data.year)}
        if formdata is not None:
            self.raw_parts = {p: formdata.get(f"{self.name}-{p}", "").strip()[:4] for p in self.PARTS}
            self.raw_data = [" ".join(self.raw_parts.values()).strip()]
            self.data = self._parse()

    def _parse(self) -> date | None:
        parts = self.raw_parts
        if not any(parts.values()):
            return None
        missing = [p for p in self.PARTS if not parts[p]]
        if missing:
            self.process_errors.append(f"{self.error_name} must include a {' and '.join(missing)}")
            return None
        if not all(parts[p].isdigit() for p in self.PARTS) or len(parts["year"]) != 4:
            self.process_errors.append(f"{self.error_name} must be a real date, like 27 3 2024")
            return None
        try:
            return date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            self.process_errors.append(f"{self.error_name} must be a real date, like 27 3 2024")
            return None

    def _value(self):
        return self.data.isoformat() if self.data else ""


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes; each ticked value is a code from a vocabulary."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form):
        valid = {value for value, _ in self.choices}
        if any(value not in valid for value in (self.data or [])):
            raise ValidationError("Choose from the options given")  # a ValueError here would be a 500


class PoundsField(StringField):
    """An amount in pounds and pence typed as text; ``data`` is whole pence (or None if blank)."""

    def process_formdata(self, valuelist):
        self.raw_text = (valuelist[0] if valuelist else "").strip()[:30]
        if not self.raw_text:
            self.data = None
            return
        try:
            self.data = parse_pounds(self.raw_text)
        except ValueError as exc:
            self.data = None
            raise ValueError(str(exc)) from None

    def _value(self):
        if getattr(self, "raw_text", None) is not None:
            return self.raw_text
        return format_pence(self.data).lstrip("£").replace(",", "") if self.data is not None else ""
