"""The register's forms: a defendant, a name variant, a merge, an incident, a triage decision and an import.

Every field is checked with a message naming it, and what was typed is kept on the page when it is refused.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from claims.domain import register as rules
from claims.domain.vocab import BREACH_TYPES, SECTORS
from claims.forms import Form
from claims.forms.build import area, text
from claims.forms.fields import DatePartsField, PoundsField
from claims.forms.validators import strip

YES_NO = [("yes", "Yes"), ("no", "No")]
ACTIONS = [("", "None recorded"), ("monetary_penalty", "Monetary penalty"), ("reprimand", "Reprimand"),
           ("enforcement_notice", "Enforcement notice"), ("undertaking", "Undertaking"), ("other", "Other action")]


def ico_number(form, field):
    if field.data:
        try:
            field.data = rules.ico_registration(field.data)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


def web_link(form, field):
    """An http or https address with a host; anything else (javascript:, data:, a bare word) is refused."""
    if field.data:
        parts = urlsplit(field.data)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(ch.isspace() for ch in field.data):
            raise ValidationError("Enter a web address starting with http:// or https://, like https://ico.org.uk/…")


class DefendantForm(Form):
    name = text("Name", "Enter the organisation's name", max_length=200)
    sector = SelectField("Sector", choices=SECTORS.choices(), validators=[InputRequired("Choose the sector")])
    public_authority = RadioField("Is it a public authority?", choices=YES_NO,
                                  validators=[InputRequired("Say whether it is a public authority")])
    address = area("Address for service (optional)", max_length=1000, name="The address for service")
    dpo_email = EmailField("Data protection officer's email (optional)", filters=[strip], validators=[
        Optional(), Length(max=254, message="The email address must be 254 characters or fewer"),
        Email("Enter an email address in the correct format, like dpo@example.gov.uk", check_deliverability=False)])
    ico_registration = StringField("ICO registration number (optional)", filters=[strip],
                                   validators=[Optional(), Length(max=20, message="Enter at most 20 characters"),
                                               ico_number])
    submit = SubmitField("Save")

    def values(self) -> dict:
        return {"name": self.name.data, "sector": self.sector.data, "public_authority": self.public_authority.data == "yes",
                "address": self.address.data or None, "dpo_email": self.dpo_email.data or None,
                "ico_registration": self.ico_registration.data or None}


class VariantForm(Form):
    variant = text("Another name it goes by", "Enter the other name", max_length=200)
    submit = SubmitField("Add the name")


class MergeForm(Form):
    other = SelectField("The entry to merge into this one", choices=[],
                        validators=[InputRequired("Choose the entry to merge into this one")])
    confirm = BooleanField("I have checked these are the same organisation",
                           validators=[DataRequired("Tick to confirm they are the same organisation")])
    submit = SubmitField("Merge")


class IncidentForm(Form):
    defendant = SelectField("Defendant", choices=[], validators=[InputRequired("Choose the defendant")])
    title = text("Title", "Enter a short title, like “Child protection report posted to a neighbour”", max_length=200)
    breach_type = SelectField("What happened", choices=BREACH_TYPES.choices(),
                              validators=[InputRequired("Choose what happened")])
    occurred_on = DatePartsField("Date of the incident (optional)", validators=[Optional()])
    summary = area("Description (optional)", max_length=5000, name="The description")
    regulator_action = SelectField("ICO action", choices=ACTIONS, validators=[Optional()])
    regulator_action_on = DatePartsField("Date of the ICO action (optional)", validators=[Optional()])
    penalty = PoundsField("Penalty (optional)", validators=[Optional()])
    link = StringField("Link (optional)", filters=[strip], validators=[
        Optional(), Length(max=500, message="The link must be 500 characters or fewer"), web_link])
    submit = SubmitField("Save")

    def values(self) -> dict:
        return {"defendant_id": int(self.defendant.data), "title": self.title.data, "breach_type": self.breach_type.data,
                "occurred_on": self.occurred_on.data, "summary": self.summary.data or None,
                "regulator_action": self.regulator_action.data or None,
                "regulator_action_on": self.regulator_action_on.data,
                "regulator_penalty_pence": self.penalty.data, "link": self.link.data or None}


class MatchForm(Form):
    """Confirm or change the register entry and incident a claim was matched to, at triage."""

    defendant = SelectField("Defendant in the register", choices=[], validators=[Optional()])
    incident = SelectField("Incident", choices=[], validators=[Optional()])
    submit = SubmitField("Save the match")


class FlagForm(Form):
    """The decision on a possible duplicate or a conflict."""

    decision = RadioField("Decision", choices=[], validators=[InputRequired("Choose a decision")])
    reason = text("Why", "Say why, for the file", max_length=2000, name="The reason")
    submit = SubmitField("Record the decision")


class ConflictEntryForm(Form):
    kind = RadioField("Who they are", choices=[("client", "An organisation or person the firm acts or acted for"),
                                              ("opponent", "A person on the other side of a matter the firm runs")],
                      validators=[InputRequired("Say who they are")])
    name = text("Name", "Enter the name", max_length=200)
    note = area("Note (optional)", max_length=2000, name="The note")
    submit = SubmitField("Add to the conflict list")


class ImportForm(Form):
    file = FileField("The list of claimants (.csv or .xlsx)")
    import_valid = BooleanField("If some rows have problems, import the valid rows and leave the others out")
    submit = SubmitField("Check and import")
