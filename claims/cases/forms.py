"""Forms on the claim page: the limitation facts a solicitor records (Limitation Act 1980 s.32 and s.28), and
recording a status move that has no step of its own."""
from __future__ import annotations

from datetime import date

from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from claims.clock import uk_today
from claims.domain.caseload import parse_day
from claims.domain.deadlines import format_date
from claims.domain.status import NEEDS_AMOUNT, STATUSES, recorded_moves
from claims.forms import Form
from claims.forms.fields import DatePartsField, PoundsField
from claims.forms.validators import strip

MAX_SETTLEMENT_PENCE = 100_000_000_00  # £100 million: far above any individual data-breach award
YES_NO = [("yes", "Yes"), ("no", "No")]


class LimitationFactsForm(Form):
    """Concealment and the day it was discovered; lack of capacity when the claim arose and the day it was regained.

    ``breach_on`` and ``today`` (keywords) are what the dates are checked against: a discovery on or after the
    breach, capacity regained after it, neither in the future (``today`` defaults to today in the UK).
    """

    # Each radio is always shown with the claim's answer chosen; a post without one keeps that answer.
    concealed = RadioField("Did the defendant deliberately conceal facts relevant to the claim from the claimant?",
                           choices=YES_NO)
    concealment_discovered_on = DatePartsField("When did the claimant discover the concealment?",
                                               error_name="The date the claimant discovered the concealment")
    lacked_capacity = RadioField("Did the claimant lack capacity to conduct the claim when it arose, on the date of "
                                 "the breach?", choices=YES_NO)
    capacity_regained_on = DatePartsField("When did the claimant regain capacity? Leave it blank if they have not",
                                          error_name="The date capacity was regained")
    submit = SubmitField("Save the limitation facts")

    def __init__(self, *args, breach_on: date | None = None, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.breach_on, self.today = breach_on or date.min, today or uk_today()

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        breach = format_date(self.breach_on)
        discovered, regained = self.concealment_discovered_on, self.capacity_regained_on
        if self.concealed.data != "yes":
            discovered.errors = []  # the boxes keep their default; without concealment they are not used
        elif not discovered.errors:
            if discovered.data is None:
                discovered.errors.append("Enter the date the claimant discovered the concealment")
            elif discovered.data < self.breach_on:
                discovered.errors.append(f"The date the claimant discovered the concealment must be the same as or "
                                         f"after the date of the breach, {breach}")
            elif discovered.data > self.today:
                discovered.errors.append("The date the claimant discovered the concealment must be today or in the past")
        if not regained.errors and regained.data is not None:
            if self.lacked_capacity.data == "no":
                regained.errors.append("Leave the date capacity was regained blank unless the claimant lacked "
                                       "capacity when the claim arose: capacity lost later does not postpone time")
            elif regained.data <= self.breach_on:
                regained.errors.append(f"The date capacity was regained must be after the date of the breach, {breach}: "
                                       "if it came back before then, the claimant did not lack capacity when the "
                                       "claim arose")
            elif regained.data > self.today:
                regained.errors.append("The date capacity was regained must be today or in the past")
        return not any(field.errors for field in self) and not self.form_errors

    @property
    def facts(self) -> dict:
        """The checked answers as the claim stores them."""
        concealed, lacked = self.concealed.data == "yes", self.lacked_capacity.data == "yes"
        return {"concealment_discovered_on": self.concealment_discovered_on.data if concealed else None,
                "lacked_capacity": lacked, "capacity_regained_on": self.capacity_regained_on.data if lacked else None}


def limitation_form(claim, *, today: date) -> LimitationFactsForm:
    """The form for ``claim`` (the request's answers on a POST), filled from what it records; the discovery
    date defaults to the day the claimant found out about the breach."""
    return LimitationFactsForm(
        prefix="limitation", breach_on=claim.breach_on, today=today,
        concealed="yes" if claim.concealment_discovered_on else "no",
        concealment_discovered_on=claim.concealment_discovered_on or claim.discovered_on,
        lacked_capacity="yes" if claim.lacked_capacity else "no",
        capacity_regained_on=claim.capacity_regained_on)


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


# The moves a selection can make together: those recorded with a reason alone (no step of their own, no figure).
BULK_MOVES = tuple(code for code in STATUSES
                   if code not in NEEDS_AMOUNT and any(code in recorded_moves(status) for status in STATUSES))
BULK_ACTIONS = [("assign", "Assign to a handler"), ("move", "Move the status"), ("task", "Add a task to each"),
                ("export_csv", "Export as CSV"), ("export_xlsx", "Export as Excel (.xlsx)")]
MAX_SELECTION = 200


class BulkForm(Form):
    """An action on the claims ticked in the caseload list (``claim`` ids, sent beside the form's own fields)."""

    action = SelectField("With the selected claims", choices=BULK_ACTIONS,
                         validators=[DataRequired("Choose what to do with the selected claims")])
    handler = SelectField("Handler", choices=[], validate_choice=False)
    to_status = SelectField("New status", choices=[("", "Choose a status")] + [(code, STATUSES[code]) for code in BULK_MOVES],
                            validate_choice=False)
    reason = TextAreaField("What happened", filters=[strip],
                           validators=[Length(max=2000, message="What happened must be 2,000 characters or fewer")])
    title = StringField("Task", filters=[strip],
                        validators=[Length(max=200, message="The task must be 200 characters or fewer")])
    due_on = StringField("Due (dd/mm/yyyy)", filters=[strip])
    submit = SubmitField("Apply to the selected claims")

    def __init__(self, *args, handlers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.handler.choices = [("", "Choose a handler"), ("none", "No handler")] + [
            (str(user_id), name) for user_id, name in handlers]
        self.due_day: date | None = None

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        action = self.action.data
        if action == "assign" and self.handler.data not in {value for value, _label in self.handler.choices[1:]}:
            self.handler.errors = [*self.handler.errors, "Choose the handler to assign the claims to"]
        if action == "move":
            if self.to_status.data not in BULK_MOVES:
                self.to_status.errors = [*self.to_status.errors, "Choose the status to move the claims to: a move "
                                         "with a step of its own (accepting, declining, the CFA, a letter) or a "
                                         "settlement figure is made on each claim's page"]
            if not self.reason.data:
                self.reason.errors = [*self.reason.errors, "Say what happened, for each claim's timeline"]
        if action == "task":
            if not self.title.data:
                self.title.errors = [*self.title.errors, "Enter the task"]
            self.due_day = parse_day(self.due_on.data or "")
            if self.due_day is None:
                self.due_on.errors = [*self.due_on.errors, "Enter the day the task is due, like 30/11/2026"]
        return ok and not any(field.errors for field in self)
