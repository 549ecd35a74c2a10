"""One form per page of the claim form. WTForms owns all validation."""
from __future__ import annotations

from wtforms import BooleanField, EmailField, MultipleFileField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from claims.clock import uk_today
from claims.domain import vocab
from claims.forms import Form
from claims.forms.build import LONG, YES_NO
from claims.forms.build import area as _area
from claims.forms.build import date_field as _date
from claims.forms.build import needed_when as _needed_when
from claims.forms.build import radios as _radios
from claims.forms.build import text as _text
from claims.forms.fields import MultiCheckboxField, PoundsField
from claims.forms.validators import (
    age_on, normalise_postcode, not_in_future, phone_number, plausible_birth_date, strip, uk_postcode,
)


class AboutYouForm(Form):
    claiming_for = _radios("Who is the claim for?", [("myself", "Myself"), ("child", "A child I am responsible for")],
                           "Select who the claim is for")
    first_name = _text("First name", "Enter your first name")
    last_name = _text("Last name", "Enter your last name")
    date_of_birth = _date("Date of birth", "Enter your date of birth", plausible_birth_date, autocomplete_prefix="bday")
    email = EmailField("Email address", validators=[
        DataRequired("Enter your email address"),
        Length(max=254, message="Email address must be 254 characters or fewer"),
        Email("Enter an email address in the correct format, like name@example.com", check_deliverability=False)],
        filters=[strip])
    phone = _text("Phone number (optional)", max_length=20)
    address_line_1 = _text("Address line 1", "Enter the first line of your address", max_length=120)
    address_line_2 = _text("Address line 2 (optional)", max_length=120)
    town = _text("Town or city", "Enter your town or city")
    postcode = StringField("Postcode", validators=[DataRequired("Enter your postcode"), uk_postcode],
                           filters=[strip, normalise_postcode])

    def validate_phone(self, field):
        phone_number(self, field)

    def validate_date_of_birth(self, field):
        if field.data and self.claiming_for.data in ("myself", "child") and age_on(field.data, uk_today()) < 18:
            if self.claiming_for.data == "child":
                raise ValidationError("You must be 18 or over to claim for a child")
            raise ValidationError("You must be 18 or over to claim. A parent or guardian can claim for you")


class AboutChildForm(Form):
    child_first_name = _text("Child's first name", "Enter the child's first name")
    child_last_name = _text("Child's last name", "Enter the child's last name")
    child_date_of_birth = _date("Child's date of birth", "Enter the child's date of birth", plausible_birth_date)
    relationship = _radios("Your relationship to the child", vocab.CHILD_RELATIONSHIPS.choices(),
                           "Select your relationship to the child")

    def validate_child_date_of_birth(self, field):
        if field.data and age_on(field.data, uk_today()) >= 18:
            raise ValidationError("The child must be under 18 today. Someone aged 18 or over can claim for themselves")


class OrganisationForm(Form):
    organisation_name = _text("Name of the organisation", "Enter the name of the organisation", max_length=200)
    sector = _radios("What kind of organisation is it?", vocab.SECTORS.choices(), "Select what kind of organisation it is")
    public_body = _radios("Is it a public body?", [("yes", "Yes"), ("no", "No"), ("not_sure", "I'm not sure")],
                          "Select whether it is a public body")


class WhatHappenedForm(Form):
    breach_type = _radios("What happened to your information?", vocab.BREACH_TYPES.choices(),
                          "Select what happened to your information")
    breach_date = _date("When did it happen?", "Enter the date it happened", not_in_future,
                        error_name="The date it happened")
    discovered_date = _date("When did you find out?", "Enter the date you found out", not_in_future,
                            error_name="The date you found out")
    discovery_method = _radios("How did you find out?", vocab.DISCOVERY_METHODS.choices(), "Select how you found out")
    account = _area("Tell us what happened", "Tell us what happened", max_length=LONG,
                    name="Your account of what happened")

    def validate_discovered_date(self, field):
        if field.data and self.breach_date.data and field.data < self.breach_date.data:
            raise ValidationError("The date you found out must be the same as or after the date it happened")


class WhatDataForm(Form):
    data_categories = MultiCheckboxField("What information was involved?", choices=vocab.DATA_CATEGORIES.choices(),
                                         validators=[DataRequired("Select at least one kind of information")])
    data_other = _text("Describe the other information", max_length=500,
                       name="Your description of the other information")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return _needed_when("other" in (self.data_categories.data or []), self.data_other,
                            "Describe the other information") and ok


class WhoSawItForm(Form):
    recipients_scope = _radios("How many people saw it, or could have?", vocab.RECIPIENT_SCOPES.choices(),
                               "Select how many people saw it")
    recipient_relationship = _radios("Who saw it?", vocab.RECIPIENT_RELATIONSHIPS.choices(), "Select who saw it")
    recipient_details = _area("Anything else about who saw it (optional)", name="Details about who saw it")


class EffectsForm(Form):
    distress_level = _radios("How much distress has it caused you?", vocab.DISTRESS_LEVELS.choices(),
                             "Select how much distress it has caused")
    effects = MultiCheckboxField("How has it affected you? (optional)", choices=vocab.EFFECTS.choices())
    effects_details = _area("Tell us more about how it has affected you (optional)", max_length=LONG,
                            name="Details of how it has affected you")
    medical_help = _radios("Have you seen anyone about how it affected you?", vocab.MEDICAL_HELP.choices(),
                           "Select whether you have seen anyone")
    diagnosed = _radios("Have you been diagnosed with a condition because of it, such as anxiety or depression?",
                        YES_NO, "Select yes if you have been diagnosed with a condition")
    diagnosis_details = _text("What were you diagnosed with?", max_length=500, name="The diagnosis")
    condition_worsened = _radios("Did it make a condition you already had worse?", YES_NO,
                                 "Select yes if it made a condition worse")
    effects_ongoing = _radios("Are you still affected?", YES_NO, "Select yes if you are still affected")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return _needed_when(self.diagnosed.data == "yes", self.diagnosis_details,
                            "Enter what you were diagnosed with") and ok


class MoneyForm(Form):
    """One amount per head of loss; a blank amount means nothing lost under that head."""

    def losses(self) -> list[tuple[str, int, str]]:
        """(head, pence, details) for every head with an amount above zero."""
        return [(head, getattr(self, f"{head}_amount").data, getattr(self, f"{head}_details").data or "")
                for head in vocab.LOSS_HEADS if getattr(self, f"{head}_amount").data]

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        other_amount, other_details = self.other_amount, self.other_details
        if other_amount.data and not other_details.data:
            other_details.errors.append("Describe the other costs")
            ok = False
        return ok


for _head, _label in vocab.LOSS_HEADS.items():
    setattr(MoneyForm, f"{_head}_amount", PoundsField(f"{_label}: amount", validators=[Optional()]))
    setattr(MoneyForm, f"{_head}_details", _text(f"{_label}: details (optional)", max_length=500,
                                                 name=f"Details of {_label.lower()}"))


class WhatDoneForm(Form):
    organisation_reply = _radios("Have you complained to the organisation?", vocab.ORGANISATION_REPLIES.choices(),
                                 "Select whether you have complained to the organisation")
    complained_to_ico = _radios("Have you complained to the Information Commissioner's Office (ICO)?", YES_NO,
                                "Select yes if you have complained to the ICO")
    already_represented = _radios("Is another law firm already acting for you on this?", YES_NO,
                                  "Select yes if another law firm is acting for you")
    in_group_action = _radios("Have you joined a group claim about this?", YES_NO,
                              "Select yes if you have joined a group claim")
    other_action_details = _area("Anything else we should know (optional)")


class EvidenceForm(Form):
    files = MultipleFileField("Upload a file")


class DeclarationForm(Form):
    confirm_true = BooleanField("I confirm that the information I have given is true to the best of my knowledge",
                                validators=[DataRequired("Confirm that the information is true")])
    consent_sensitive = BooleanField(
        "I agree to the firm using the health and other sensitive information I have given to assess my claim",
        validators=[DataRequired("Agree to us using your information to assess the claim")])

