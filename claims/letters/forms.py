"""Forms for letters: accept or decline a claim, generate a letter, templates, firm settings,
bulk letters, and the claimant's signing and cancelling."""
from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField, EmailField, HiddenField, IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from claims.domain.deadlines import DELIVERY_METHODS
from claims.domain.client_updates import MESSAGE_MAX_CHARS
from claims.domain.letters import LETTER_KINDS, SENT_TO_DEFENDANT, STAFF_GENERATED
from claims.domain.sending import CHANNELS, POSTED_CHANNELS
from claims.forms.fields import DatePartsField
from claims.forms import Form
from claims.ids import MAX_ID
from claims.forms.fields import PoundsField
from claims.forms.validators import PlainText, strip


def _reason(label: str, what: str) -> TextAreaField:
    return TextAreaField(label, filters=[strip], validators=[
        DataRequired(f"Enter {what}"), Length(max=2000, message=f"{what.capitalize()} must be 2,000 characters or fewer"),
        PlainText(what.capitalize())])


def _percent(label: str, *validators) -> IntegerField:
    # NumberRange %-formats its message, so the "(%)" in a label is doubled to print as typed.
    name = label.replace(" (%)", "").replace("%", "%%")
    return IntegerField(label, validators=[*validators, NumberRange(
        min=0, max=100, message=f"{name} must be a whole number from 0 to 100")])


class AcceptForm(Form):
    reason = _reason("Why the firm is taking the claim", "why the firm is taking the claim")
    prospects_percent = IntegerField("Prospects of success (%)", validators=[
        InputRequired("Enter the prospects of success, as a whole percentage"),
        NumberRange(min=1, max=100, message="Prospects of success must be a whole number from 1 to 100")])
    success_fee_percent = _percent("Success fee (%)", Optional())
    success_fee_reason = TextAreaField("Why you are setting a different success fee", filters=[strip], validators=[
        Optional(), Length(max=1000, message="The reason for the success fee must be 1,000 characters or fewer"),
        PlainText("The reason for the success fee")])
    ate_premium = PoundsField("ATE insurance premium", validators=[Optional()])
    ate_recoverable = BooleanField("The ATE premium is recoverable from the defendant (misuse of private "
                                   "information or breach of confidence is pleaded)")
    submit = SubmitField("Accept and send the CFA")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.success_fee_percent.data is not None and not self.success_fee_reason.data:
            self.success_fee_reason.errors.append(
                "Enter why you are setting a different success fee from the ready reckoner")
            return False
        return valid


class DeclineForm(Form):
    reason = _reason("Why the firm cannot act", "why the firm cannot act")
    submit = SubmitField("Decline and make the decline letter")


class ResendForm(Form):
    """Send a fresh signing link (a POST with CSRF, from the claim page)."""

    submit = SubmitField("Send a new signing link")


class GenerateForm(Form):
    kind = RadioField("Letter", choices=[(kind, LETTER_KINDS[kind]) for kind in STAFF_GENERATED],
                       validators=[InputRequired("Choose a letter")])
    delivery = RadioField("How it will be sent to the defendant", validators=[Optional()],
                          choices=[(code, label[:1].upper() + label[1:]) for code, label in DELIVERY_METHODS.items()])
    before_cutoff = BooleanField("It will be emailed or delivered before 4.30pm today")
    override_reason = TextAreaField("Partner override: why the letter of claim goes before the CFA is signed",
                                    filters=[strip], validators=[
        Optional(), Length(max=1000, message="The override reason must be 1,000 characters or fewer"),
        PlainText("The override reason")])
    submit = SubmitField("Generate")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.kind.data in SENT_TO_DEFENDANT and not self.delivery.data:
            self.delivery.errors.append("Choose how the letter will be sent to the defendant")
            return False
        return valid


class FactsForm(Form):
    summary = TextAreaField("Summary of the facts for the letter of claim", filters=[strip], validators=[
        DataRequired("Enter the summary of the facts"),
        Length(max=10000, message="The summary must be 10,000 characters or fewer"), PlainText("The summary")])
    save = SubmitField("Save without confirming")
    confirm = SubmitField("Save and confirm for the letter of claim")


class ForumForm(Form):
    reason = TextAreaField("Why the claim can be brought in the courts of England and Wales", filters=[strip],
                           validators=[DataRequired("Enter why the claim can be brought in England and Wales"),
                                       Length(max=2000, message="The reason must be 2,000 characters or fewer"),
                                       PlainText("The reason")])
    submit = SubmitField("Confirm the forum")


class DefendantAddressForm(Form):
    address = TextAreaField("Defendant's postal address (one line per line, with the postcode)", filters=[strip],
                            validators=[DataRequired("Enter the defendant's postal address"),
                                        Length(max=500, message="The address must be 500 characters or fewer"),
                                        PlainText("The address")])
    dpo_email = EmailField("Data protection officer's email (optional)", filters=[strip], validators=[
        Optional(), Email("Enter an email address like dpo@example.org"),
        Length(max=254, message="The email address must be 254 characters or fewer")])
    submit = SubmitField("Save the address")


class TemplateUploadForm(Form):
    file = FileField("Word template (.docx)", validators=[FileRequired("Choose a .docx file to upload")])
    note = StringField("What changed", filters=[strip], validators=[
        DataRequired("Enter what changed in this version"),
        Length(max=500, message="What changed must be 500 characters or fewer"), PlainText("What changed")])
    submit = SubmitField("Check and upload")


class ActivateTemplateForm(Form):
    version = IntegerField(validators=[Optional(), NumberRange(min=1, max=MAX_ID)])  # blank: the shipped template
    submit = SubmitField("Use this version")


class FirmSettingsForm(Form):
    name = StringField("Firm name", filters=[strip], validators=[
        DataRequired("Enter the firm's name"), Length(max=200, message="The firm's name must be 200 characters or fewer"),
        PlainText("The firm's name")])
    address = TextAreaField("Address (one line per line)", filters=[strip], validators=[
        DataRequired("Enter the firm's address"), Length(max=500, message="The address must be 500 characters or fewer"),
        PlainText("The address")])
    sra_number = StringField("SRA number", filters=[strip], validators=[
        DataRequired("Enter the SRA number"), Length(max=20, message="The SRA number must be 20 characters or fewer"),
        PlainText("The SRA number")])
    phone = StringField("Phone", filters=[strip], validators=[
        DataRequired("Enter a phone number"), Length(max=30, message="The phone number must be 30 characters or fewer"),
        PlainText("The phone number")])
    email = EmailField("Email", filters=[strip], validators=[
        DataRequired("Enter an email address"), Email("Enter an email address like name@example.com"),
        Length(max=254, message="The email address must be 254 characters or fewer")])
    complaints_contact = StringField("Complaints contact", filters=[strip], validators=[
        DataRequired("Enter who handles complaints"),
        Length(max=300, message="The complaints contact must be 300 characters or fewer"),
        PlainText("The complaints contact")])
    signatory = StringField("Letters signed by", filters=[strip], validators=[
        DataRequired("Enter who signs letters"), Length(max=200, message="Who signs letters must be 200 characters or fewer"),
        PlainText("Who signs letters")])
    cap_percent = _percent("Cap on deductions from damages, VAT included (%)",
                           InputRequired("Enter the cap on deductions"))
    vat_percent = _percent("VAT rate (%)", InputRequired("Enter the VAT rate"))
    base_costs = PoundsField("Base costs estimate shown in the CFA", validators=[
        InputRequired("Enter the base costs estimate, like 3000.00")])
    ate_premium = PoundsField("Default ATE insurance premium (0 for none)", validators=[
        InputRequired("Enter the default ATE premium, or 0")])
    signing_link_days = IntegerField("Days a signing link works", validators=[
        InputRequired("Enter how many days a signing link works"),
        NumberRange(min=1, max=60, message="A signing link must work for 1 to 60 days")])
    review_working_days = IntegerField("Working days within which a solicitor reviews a new claim", validators=[
        InputRequired("Enter how many working days a solicitor's review takes"),
        NumberRange(min=1, max=30, message="A solicitor's review must take 1 to 30 working days")])
    submit = SubmitField("Save")


class BulkForm(Form):
    defendant = SelectField("Defendant", validators=[InputRequired("Choose a defendant")])
    submit = SubmitField("Make the letters of claim")


class BulkIncidentForm(Form):
    submit = SubmitField("Make the letters of claim for this incident")


class SignForm(Form):
    typed_name = StringField("Type your full name", filters=[strip], validators=[
        DataRequired("Type your full name to sign"), Length(max=200, message="Your name must be 200 characters or fewer"),
        PlainText("Your name")])
    agree = BooleanField("I have read the client care letter and the no win, no fee agreement, and I agree to them",
                         validators=[DataRequired("Tick the box to confirm you have read and agree to the agreement")])
    shown_sha256 = HiddenField()
    submit = SubmitField("Sign the agreement")

    def __init__(self, *args, expected_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.expected_name = expected_name

    def validate_typed_name(self, field):
        if field.data and " ".join(field.data.split()).casefold() != " ".join(self.expected_name.split()).casefold():
            raise ValidationError(f"Type your full name exactly as it appears in the agreement: {self.expected_name}")


class CancelForm(Form):
    confirm = BooleanField("I want to cancel my agreement and stop my claim",
                           validators=[DataRequired("Tick the box to confirm you want to cancel")])
    submit = SubmitField("Cancel my agreement")


class EvidenceForm(Form):
    file = FileField("Choose a file", validators=[FileRequired("Choose a file to upload")])
    submit = SubmitField("Upload")


class SendForm(Form):
    """Send a generated document: email it (attached) or record it as posted or delivered by hand."""

    channel = RadioField("How it goes", choices=CHANNELS.choices(), validators=[InputRequired("Choose how it goes")])
    to_email = EmailField("Email address", filters=[strip], validators=[
        Optional(), Email("Enter an email address like dpo@example.org"),
        Length(max=254, message="The email address must be 254 characters or fewer")])
    address = TextAreaField("Postal address it was sent to", filters=[strip], validators=[
        Optional(), Length(max=500, message="The address must be 500 characters or fewer"), PlainText("The address")])
    posted_on = DatePartsField("Date posted or delivered")
    before_cutoff = BooleanField("Delivered by hand before 4.30pm")
    confirm = BooleanField("I have checked that this is the right address for this letter",
                           validators=[DataRequired("Tick the box to confirm you have checked the address")])
    submit = SubmitField("Send")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.channel.data == "email" and not self.to_email.data and not self.to_email.errors:
            self.to_email.errors.append("Enter the email address to send it to")
            valid = False
        if self.channel.data in POSTED_CHANNELS:
            if not self.address.data and not self.address.errors:
                self.address.errors.append("Enter the postal address it was sent to")
                valid = False
            if self.posted_on.data is None and not self.posted_on.errors:
                self.posted_on.errors.append("Enter the date it was posted or delivered")
                valid = False
        return valid


class MessageForm(Form):
    """A message from the client to the firm, from their portal page."""

    body = TextAreaField("Your message", validators=[
        DataRequired("Write your message"),
        Length(max=MESSAGE_MAX_CHARS, message=f"Your message must be {MESSAGE_MAX_CHARS:,} characters or fewer"),
        PlainText("Your message")])
    submit = SubmitField("Send your message")
