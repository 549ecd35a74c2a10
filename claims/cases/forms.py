"""Forms for the claim page: recording a status move that has no step of its own."""
from __future__ import annotations

from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from claims.forms import Form
from claims.forms.fields import PoundsField
from claims.forms.validators import strip

MAX_SETTLEMENT_PENCE = 100_000_000_00  # £100 million: far above any individual data-breach award


class MoveForm(Form):
    """Why the claim moves (kept on the timeline), and the settlement figure when it settles."""

    reason = TextAreaField("What happened", filters=[strip], validators=[
        DataRequired("Say what happened, for the claim's timeline"),
        Length(max=2000, message="What happened must be 2,000 characters or fewer")])
    amount = PoundsField("Settlement agreed (£)")
    submit = SubmitField("Record the move")

    def __init__(self, *args, needs_amount: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_amount = needs_amount

    def validate_amount(self, field):
        if not self.needs_amount:
            return
        if field.data is None:
            raise ValidationError("Enter the settlement agreed, in pounds and pence")
        if not 0 < field.data <= MAX_SETTLEMENT_PENCE:
            raise ValidationError("The settlement must be more than £0 and at most £100,000,000.00")
