"""Forms for the end of a claim: the response, an offer and its outcome, the client's instruction, the settlement,
money, proceedings, closing and reopening. Every field is checked with a message naming it; money is typed in
pounds (``PoundsField``: whole pence), dates in three boxes."""
from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from claims.clock import uk_today
from claims.domain import outcomes as rules
from claims.forms import Form
from claims.forms.fields import DatePartsField, PoundsField
from claims.forms.validators import not_in_future, strip


def _text(label: str, name: str, *, required: str | None = None, max_length: int = 200, area: bool = False):
    kind = TextAreaField if area else StringField
    checks = [DataRequired(required)] if required else [Optional()]
    return kind(label, filters=[strip], validators=[
        *checks, Length(max=max_length, message=f"{name} must be {max_length:,} characters or fewer")])


def _day(label: str, name: str, *, required: bool = True, past: bool = True):
    checks = [InputRequired(f"Enter {name.lower()}")] if required else [Optional()]
    if past:
        checks.append(not_in_future)
    return DatePartsField(label, validators=checks, error_name=name)


def _required_pounds(form, field):
    if field.data is None and not field.errors:
        raise ValidationError(f"Enter the {field.label.text.split(' (')[0].lower()}, in pounds and pence")


class ResponseForm(Form):
    received_on = _day("Date received", "The date the response was received")
    position = RadioField("What the defendant says", choices=rules.RESPONSE_POSITIONS.choices(),
                          validators=[InputRequired("Choose what the defendant says about liability")])
    their_reference = _text("Their reference (optional)", "Their reference", max_length=100)
    summary = _text("Summary (optional)", "The summary", max_length=4000, area=True)
    file = FileField("Their letter (optional): PDF, Word, image or email")
    submit = SubmitField("Record the response")


class OfferForm(Form):
    made_by = RadioField("Who made the offer", choices=rules.OFFER_FROM.choices(),
                         validators=[InputRequired("Choose who made the offer")])
    made_on = _day("Date of the offer", "The date of the offer")
    general = PoundsField("General damages (£)", validators=[_required_pounds])
    special = PoundsField("Special damages (£, optional)")
    costs_terms = RadioField("Costs", choices=rules.COSTS_TERMS.choices(),
                             validators=[InputRequired("Choose whether the offer includes costs")])
    part_36 = BooleanField("This is a Part 36 offer")
    expires_on = _day("Open until (optional)", "The date it is open until", required=False, past=False)
    notes = _text("Other terms (optional)", "Other terms", max_length=4000, area=True)
    submit = SubmitField("Record the offer")

    def validate_expires_on(self, field):
        if field.data and self.made_on.data and field.data < self.made_on.data:
            raise ValidationError("The date it is open until must be on or after the date of the offer")

    def validate_general(self, field):
        if field.data is not None and field.data + (self.special.data or 0) == 0:
            raise ValidationError("An offer pays some damages: enter more than £0.00")


class OutcomeForm(Form):
    outcome = RadioField("What happened to the offer", choices=[
        (code, label) for code, label in rules.OFFER_OUTCOMES.choices() if code != "countered"],
        validators=[InputRequired("Choose what happened to the offer")])
    outcome_on = _day("Date", "The date")
    note = _text("Note (optional)", "The note", max_length=2000, area=True)
    submit = SubmitField("Record what happened")


class InstructionForm(Form):
    instruction = RadioField("What would you like us to do?", choices=rules.INSTRUCTIONS.choices(),
                             validators=[InputRequired("Choose to accept, reject or make a counter-offer")])
    counter = PoundsField("Counter-offer at (£)")
    note = _text("Anything else (optional)", "What you add", max_length=2000, area=True)
    submit = SubmitField("Send my instructions")

    def validate_counter(self, field):
        if self.instruction.data == "counter" and not field.data and not field.errors:
            raise ValidationError("Enter the amount to counter at, in pounds and pence")


class SettlementForm(Form):
    agreed_on = _day("Date agreed", "The date agreed")
    general = PoundsField("General damages (£)", validators=[_required_pounds])
    special = PoundsField("Special damages (£, optional)")
    costs = PoundsField("Costs paid by the defendant (£, optional)")
    paid_on = _day("Date paid (optional)", "The date paid", required=False)
    reason = _text("What was agreed", "What was agreed", required="Say what was agreed, for the claim's timeline",
                   max_length=2000, area=True)
    submit = SubmitField("Record the settlement")

    def validate_paid_on(self, field):
        if field.data and self.agreed_on.data and field.data < self.agreed_on.data:
            raise ValidationError("The date paid must be on or after the date agreed")


class PaymentForm(Form):
    direction = RadioField("Money", choices=rules.MONEY_SENT.choices(),
                           validators=[InputRequired("Choose whether the money was received or sent")])
    amount = PoundsField("Amount (£)", validators=[_required_pounds])
    paid_on = _day("Date", "The date")
    note = _text("Note (optional)", "The note", max_length=200)
    submit = SubmitField("Record the money")


COURT_DATES = 3


class ProceedingsForm(Form):
    court = _text("Court", "The court", required="Enter the court", max_length=200)
    claim_number = _text("Claim number", "The claim number", required="Enter the claim number", max_length=40)
    issued_on = _day("Date issued", "The date issued")
    date_1_label = _text("Court date 1 (optional): what", "What the first court date is for")
    date_1 = _day("Court date 1: when", "The first court date", required=False, past=False)
    date_2_label = _text("Court date 2 (optional): what", "What the second court date is for")
    date_2 = _day("Court date 2: when", "The second court date", required=False, past=False)
    date_3_label = _text("Court date 3 (optional): what", "What the third court date is for")
    date_3 = _day("Court date 3: when", "The third court date", required=False, past=False)
    submit = SubmitField("Record the proceedings")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for number in range(1, COURT_DATES + 1):
            label, day = getattr(self, f"date_{number}_label"), getattr(self, f"date_{number}")
            if label.data and not day.data and not day.errors:
                day.errors = [*day.errors, f"Enter the date of court date {number}"]
            if day.data and not label.data:
                label.errors = [*label.errors, f"Say what court date {number} is for"]
            if day.data and day.data < uk_today():
                day.errors = [*day.errors, f"Court date {number} must be today or later"]
        return ok and not any(field.errors for field in self)

    def court_dates(self) -> list[tuple[str, object]]:
        return [(getattr(self, f"date_{n}_label").data, getattr(self, f"date_{n}").data)
                for n in range(1, COURT_DATES + 1) if getattr(self, f"date_{n}").data]


class CloseForm(Form):
    reason = _text("Why", "The reason", required="Give the reason the claim closes", max_length=2000, area=True)
    submit = SubmitField("Close the claim")


class ReopenForm(Form):
    reason = _text("Why reopen it", "The reason", required="Give the reason for reopening the claim",
                   max_length=2000, area=True)
    submit = SubmitField("Reopen the claim")


class StatementForm(Form):
    submit = SubmitField("Make the completion statement again")
