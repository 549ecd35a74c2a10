"""Forms for the reference-data pages: upload a new version, make an earlier one active again."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from claims.intake.validators import PlainText, strip


class UploadForm(FlaskForm):
    """A new version of the table, as a .csv or .xlsx file; the service checks its content."""

    file = FileField("File (.csv or .xlsx)", validators=[FileRequired("Choose a .csv or .xlsx file to upload")])
    note = StringField("What changed (optional)", filters=[strip], validators=[
        Optional(), Length(max=500, message="What changed must be 500 characters or fewer"), PlainText("What changed")])
    submit = SubmitField("Upload and check")


class ActivateForm(FlaskForm):
    """Make an earlier version the active one (a rollback). One form per version row, POST with CSRF."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=1)])
    submit = SubmitField("Make this version active")
