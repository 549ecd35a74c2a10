"""The forms staff correct a claim's facts with, one per section (``claims.domain.claim_edits.SECTIONS``).

Each field is checked as the claim form checks it (``claims.forms.build``, ``claims.forms.validators``),
with messages that speak of the claimant rather than to them. Every form carries the claim's version
it was loaded at (optimistic locking) and an optional reason kept with each change.
"""
from __future__ import annotations

from wtforms import BooleanField, EmailField, FieldList, FormField, HiddenField, SelectField, StringField
from wtforms import Form as PlainForm
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from claims.domain import vocab
from claims.forms import Form
from claims.forms.build import LONG, YES_NO, area, date_field, needed_when, radios, text
from claims.forms.fields import MultiCheckboxField, PoundsField
from claims.forms.validators import (
    PlainText, normalise_postcode, not_in_future, phone_number, plausible_birth_date, strip, uk_postcode,
)

MAX_LOSS_PENCE = 1_000_000_00  # £1 million: far above any one head of loss in a data-breach claim
TRI = [("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure")]


class EditForm(Form):
    """What every section's form carries: the version it was loaded at and why the change is made."""

    version = HiddenField(validators=[DataRequired("The form is missing the claim's version: open it again")])
    reason = text("Why is this being changed? (optional)", max_length=500, name="The reason for the change")

    def validate_version(self, field):
        if not (field.data or "").isdigit():
            raise ValidationError("The form is missing the claim's version: open it again")

    @property
    def loaded_version(self) -> int:
        return int(self.version.data)


class ClaimantForm(EditForm):
    first_name = text("First name", "Enter the claimant's first name", name="The claimant's first name")
    last_name = text("Last name", "Enter the claimant's last name", name="The claimant's last name")
    date_of_birth = date_field("Date of birth", "Enter the claimant's date of birth", plausible_birth_date,
                               error_name="The claimant's date of birth")
    email = EmailField("Email address", filters=[strip], validators=[
        Optional(), Length(max=254, message="The email address must be 254 characters or fewer"),
        Email("Enter an email address in the correct format, like name@example.com", check_deliverability=False)])
    phone = text("Phone number (optional)", max_length=20, name="The phone number")
    address_line_1 = text("Address line 1", "Enter the first line of the claimant's address", max_length=120)
    address_line_2 = text("Address line 2 (optional)", max_length=120)
    town = text("Town or city", "Enter the claimant's town or city")
    postcode = StringField("Postcode", validators=[DataRequired("Enter the claimant's postcode"), uk_postcode],
                           filters=[strip, normalise_postcode])

    def __init__(self, *args, email_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.email_required = email_required  # a child's claim is made through an adult, who has the email

    def validate_phone(self, field):
        phone_number(self, field)

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return needed_when(self.email_required, self.email, "Enter the claimant's email address") and ok

    def values(self) -> dict:
        return {f"claimant.{name}": getattr(self, name).data or None for name in (
            "first_name", "last_name", "date_of_birth", "email", "phone", "address_line_1", "address_line_2",
            "town", "postcode")}


class DatesForm(EditForm):
    breach_on = date_field("Date of the breach", "Enter the date of the breach", not_in_future,
                           error_name="The date of the breach")
    discovered_on = date_field("Date the claimant found out", "Enter the date the claimant found out", not_in_future,
                               error_name="The date the claimant found out")

    def validate_discovered_on(self, field):
        if field.data and self.breach_on.data and field.data < self.breach_on.data:
            raise ValidationError("The date the claimant found out must be the same as or after the date of the breach")

    def values(self) -> dict:
        return {"breach_on": self.breach_on.data, "discovered_on": self.discovered_on.data}


class CategoriesForm(EditForm):
    data_categories = MultiCheckboxField("What information was involved?", choices=vocab.DATA_CATEGORIES.choices(),
                                         validators=[DataRequired("Select at least one kind of information")])

    def values(self) -> dict:
        return {"data_categories": list(self.data_categories.data or [])}


class EffectsForm(EditForm):
    distress_level = radios("How much distress has it caused?", vocab.DISTRESS_LEVELS.choices(),
                            "Select how much distress it has caused")
    effects = MultiCheckboxField("How has it affected the claimant?", choices=vocab.EFFECTS.choices())
    effects_details = area("How it has affected them, in their words (optional)", max_length=LONG,
                           name="Details of how it has affected them")
    medical_help = radios("Who have they seen about it?", vocab.MEDICAL_HELP.choices(),
                          "Select whether they have seen anyone")
    diagnosed = radios("Diagnosed with a condition because of it?", YES_NO,
                       "Select yes if they have been diagnosed with a condition")
    diagnosis_details = text("What were they diagnosed with?", max_length=500, name="The diagnosis")
    condition_worsened = radios("Did it make a condition they already had worse?", YES_NO,
                                "Select yes if it made a condition worse")
    effects_ongoing = radios("Are they still affected?", YES_NO, "Select yes if they are still affected")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return needed_when(self.diagnosed.data == "yes", self.diagnosis_details,
                           "Enter what they were diagnosed with") and ok

    def values(self) -> dict:
        yes = {name: getattr(self, name).data == "yes" for name in ("diagnosed", "condition_worsened", "effects_ongoing")}
        return {"distress_level": self.distress_level.data, "effects": list(self.effects.data or []),
                "effects_details": self.effects_details.data or None, "medical_help": self.medical_help.data,
                "diagnosis_details": self.diagnosis_details.data or None, **yes}


class LossRow(PlainForm):
    """One head of loss: an existing one (``loss_id``) or a new one (blank ``loss_id``)."""

    loss_id = HiddenField(validators=[PlainText("The loss")])
    head = SelectField("Head of loss", choices=[("", "Choose a head of loss"), *vocab.LOSS_HEADS.choices()])
    amount = PoundsField("Amount (£)", validators=[PlainText("The amount")])
    description = StringField("Details (optional)", filters=[strip], validators=[
        PlainText("The details"), Length(max=500, message="The details must be 500 characters or fewer")])
    evidenced = BooleanField("Evidenced")
    remove = BooleanField("Remove this loss")

    @property
    def blank(self) -> bool:
        """A new row left empty: nothing to add."""
        return (not self.loss_id.data and not self.head.data and not getattr(self.amount, "raw_text", "")
                and not self.description.data)

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.blank or self.remove.data:
            for field in self:
                field.errors = []
            return True
        if not self.head.data and not self.head.errors:
            self.head.errors.append("Choose the head of loss")
        if self.amount.data is None and not self.amount.errors:
            self.amount.errors.append("Enter the amount, in pounds and pence")
        elif self.amount.data is not None and not 0 < self.amount.data <= MAX_LOSS_PENCE:
            self.amount.errors.append("The amount must be more than £0 and at most £1,000,000.00")
        if self.head.data == "other" and not self.description.data and not self.description.errors:
            self.description.errors.append("Describe the other costs")
        return ok and not any(field.errors for field in self)


class LossesForm(EditForm):
    losses = FieldList(FormField(LossRow), min_entries=0)


class DefendantForm(EditForm):
    defendant_name = text("The organisation's name, as the claimant gave it", "Enter the organisation's name",
                          max_length=200, name="The organisation's name")
    defendant_sector = radios("What kind of organisation is it?", vocab.SECTORS.choices(),
                              "Select what kind of organisation it is")
    defendant_public_authority = radios("Is it a public body?", TRI, "Select whether it is a public body")
    defendant_id = SelectField("The defendant register entry it is", choices=[])

    def __init__(self, *args, register: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.defendant_id.choices = [("", "Not matched to the register"),
                                     *((str(ident), name) for ident, name in register)]
        self.register_names = {str(ident): name for ident, name in register}

    def values(self) -> dict:
        """The register entry is compared by its name (names are unique in the register)."""
        return {"defendant_name": self.defendant_name.data, "defendant_sector": self.defendant_sector.data,
                "defendant_public_authority": {"yes": True, "no": False}.get(self.defendant_public_authority.data),
                "defendant_id": self.register_names.get(self.defendant_id.data or "")}


FORMS = {"claimant": ClaimantForm, "dates": DatesForm, "categories": CategoriesForm, "effects": EffectsForm,
         "losses": LossesForm, "defendant": DefendantForm}
