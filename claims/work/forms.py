"""Forms for the work on a claim: a task, a file note, a phone call, a document received."""
from __future__ import annotations

import re
from datetime import date, datetime, time

from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from claims.clock import UK, uk_today
from claims.domain.deadlines import LAST_YEAR
from claims.domain.notes import CALL_DIRECTIONS, CORRESPONDENTS, MAX_CALL_MINUTES
from claims.forms import Form
from claims.forms.fields import DatePartsField
from claims.forms.validators import not_in_future, strip

HANDLER = ""  # the owner choice that means "the claim's handler"
TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def _text(label: str, name: str, *, required: str | None, max_length: int, area: bool = False):
    kind = TextAreaField if area else StringField
    checks = [DataRequired(required)] if required else [Optional()]
    return kind(label, filters=[strip], validators=[
        *checks, Length(max=max_length, message=f"{name} must be {max_length:,} characters or fewer")])


def _not_too_late(form, field):
    if field.data and field.data.year > LAST_YEAR:
        raise ValidationError(f"The due date must be in {LAST_YEAR} or earlier")


class TaskForm(Form):
    title = _text("What needs doing", "What needs doing", required="Enter what needs doing", max_length=200)
    due_on = DatePartsField("Due on", validators=[InputRequired("Enter the date it is due"), _not_too_late],
                            error_name="The due date")
    assigned_to = SelectField("Who does it", choices=[(HANDLER, "The claim's handler")], validate_choice=True)
    details = _text("Details (optional)", "The details", required=None, max_length=2000, area=True)
    submit = SubmitField("Add the task")

    def __init__(self, *args, owners: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.assigned_to.choices = [(HANDLER, "The claim's handler")] + [(str(i), name) for i, name in owners]

    def validate_due_on(self, field):
        if field.data and field.data < uk_today():
            raise ValidationError("The due date must be today or later")

    @property
    def owner_id(self) -> int | None:
        return int(self.assigned_to.data) if self.assigned_to.data else None


class DoneForm(Form):
    """Mark a task done, or open it again (a POST with CSRF, from the claim page)."""

    submit = SubmitField("Done")


class _NoteForm(Form):
    """What every record has: the text, and the revision the person started editing from."""

    revision = HiddenField()  # the number of earlier versions when the edit began

    @property
    def seen_revision(self) -> int | None:
        return int(self.revision.data) if (self.revision.data or "").isdigit() else None


class FileNoteForm(_NoteForm):
    body = _text("File note", "The file note", required="Enter the file note", max_length=10_000, area=True)
    submit = SubmitField("Save the file note")


def _party(label: str, message: str) -> RadioField:
    return RadioField(label, choices=CORRESPONDENTS.choices(), validators=[InputRequired(message)])


class _Correspondence(_NoteForm):
    party = _party("Who with", "Choose who it was with")
    contact_name = _text("Their name", "Their name", required=None, max_length=120)


class CallForm(_Correspondence):
    direction = RadioField("Who called", choices=CALL_DIRECTIONS.choices(),
                           validators=[InputRequired("Choose who called")])
    call_on = DatePartsField("Date of the call", validators=[InputRequired("Enter the date of the call"),
                                                             not_in_future], error_name="The date of the call",
                             default=uk_today)
    call_time = _text("Time (24-hour clock, like 14:30)", "The time", required="Enter the time of the call",
                      max_length=5)
    duration_minutes = IntegerField("How long, in minutes (optional)", validators=[
        Optional(), NumberRange(min=0, max=MAX_CALL_MINUTES,
                                message=f"How long must be a whole number of minutes from 0 to {MAX_CALL_MINUTES}")])
    body = _text("Summary of the call", "The summary", required="Enter a summary of the call", max_length=10_000,
                 area=True)
    submit = SubmitField("Save the call")

    def validate_call_time(self, field):
        if field.data and not TIME.match(field.data):
            raise ValidationError("Enter the time as hours and minutes on the 24-hour clock, like 14:30")
        when = self.occurred_at
        if when is not None and when > datetime.now(UK):
            raise ValidationError("The call must be in the past")

    @property
    def occurred_at(self) -> datetime | None:
        """The date and time as typed, in UK time."""
        match = TIME.match(self.call_time.data or "")
        if not (match and isinstance(self.call_on.data, date)):
            return None
        return datetime.combine(self.call_on.data, time(int(match.group(1)), int(match.group(2))), tzinfo=UK)


class DocumentDetailsForm(_Correspondence):
    party = _party("Who it is from", "Choose who it is from")
    received_on = DatePartsField("Date received", validators=[InputRequired("Enter the date it was received"),
                                                              not_in_future], error_name="The date received",
                                 default=uk_today)
    body = _text("What it is", "What it is", required="Say what the document is", max_length=10_000, area=True)
    submit = SubmitField("Save")

    @property
    def occurred_at(self) -> datetime | None:
        return datetime.combine(self.received_on.data, time(12), tzinfo=UK) if self.received_on.data else None


class DocumentForm(DocumentDetailsForm):
    file = FileField("The file", validators=[FileRequired("Choose the file to upload")])
    submit = SubmitField("Upload the document")
