"""Forms for the valuation pages: reference-data uploads and rollbacks, valuing a claim, a partner's review."""
from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import HiddenInput

from claims.forms import Form
from claims.ids import MAX_ID
from claims.forms.fields import PoundsField
from claims.forms.validators import PlainText, strip


class UploadForm(Form):
    """A new version of the table, as a .csv or .xlsx file; the service checks its content."""

    file = FileField("File (.csv or .xlsx)", validators=[FileRequired("Choose a .csv or .xlsx file to upload")])
    note = StringField("What changed (optional)", filters=[strip], validators=[
        Optional(), Length(max=500, message="What changed must be 500 characters or fewer"), PlainText("What changed")])
    submit = SubmitField("Upload and check")


class ActivateForm(Form):
    """Make an earlier version the active one (a rollback). One form per version row, POST with CSRF."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=1, max=MAX_ID)])
    submit = SubmitField("Make this version active")


class ValueClaimForm(Form):
    """Value a claim now (a POST with CSRF, from the claim page)."""

    submit = SubmitField("Value this claim")


class ApproveForm(Form):
    """A partner approves the estimate as it stands."""

    submit = SubmitField("Approve this valuation")


class ReviewPoundsField(PoundsField):
    """An amount in pounds and pence whose messages name the figure ("Low: enter an amount …")."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            message = str(exc)
            raise ValueError(f"{self.label.text}: {message[0].lower()}{message[1:]}") from None


class AdjustForm(Form):
    """A partner replaces the range with their own, and says why (low ≤ mid ≤ high)."""

    low = ReviewPoundsField("Low", validators=[InputRequired("Enter the low figure, like 2500.00")])
    mid = ReviewPoundsField("Mid", validators=[InputRequired("Enter the mid figure, like 4000.00")])
    high = ReviewPoundsField("High", validators=[InputRequired("Enter the high figure, like 6500.00")])
    reason = TextAreaField("Why you are adjusting the range", filters=[strip], validators=[
        DataRequired("Enter why you are adjusting the range"),
        Length(max=2000, message="The reason must be 2,000 characters or fewer"), PlainText("The reason")])
    submit = SubmitField("Adjust and approve")

    def validate_mid(self, field):
        if self.low.data is not None and field.data is not None and self.low.data > field.data:
            raise ValidationError("Mid must be the same as the low figure or more")

    def validate_high(self, field):
        if self.mid.data is not None and field.data is not None and self.mid.data > field.data:
            raise ValidationError("High must be the same as the mid figure or more")
        if self.low.data is not None and field.data is not None and self.low.data > field.data:
            raise ValidationError("High must be the same as the low figure or more")
