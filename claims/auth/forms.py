"""Sign-in, setting a password from a link, and the administrator's forms for staff accounts and teams."""
from __future__ import annotations

from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from claims.auth.passwords import MAX_LENGTH, email_problem, password_problem
from claims.domain.vocab import ROLES, TRIAGE_RULES
from claims.forms import Form


def staff_email(form, field):
    """The address rule ``flask create-user`` applies too (``claims.auth.passwords.email_problem``)."""
    if problem := email_problem(field.data or ""):
        raise ValidationError(problem)


class LoginForm(Form):
    email = EmailField("Email address", validators=[DataRequired("Enter your email address"), staff_email])
    password = PasswordField("Password", validators=[DataRequired("Enter your password"), Length(max=MAX_LENGTH)])


class InviteForm(Form):
    full_name = StringField("Full name", validators=[DataRequired("Enter their full name"), Length(max=120)])
    email = EmailField("Email address", validators=[
        DataRequired("Enter their email address"), staff_email])
    role = SelectField("Role", choices=ROLES.choices())
    team = SelectField("Team", choices=[])
    submit = SubmitField("Invite them")


class AccountForm(Form):
    role = SelectField("Role", choices=ROLES.choices())
    team = SelectField("Team", choices=[])
    submit = SubmitField("Save the role and team")


class ActionForm(Form):
    """A button that posts (deactivate, reactivate, reset the password)."""


class SetPasswordForm(Form):
    password = PasswordField("New password", validators=[DataRequired("Enter a password")])
    confirm = PasswordField("The same password again", validators=[DataRequired("Enter the password again")])
    submit = SubmitField("Set my password")

    def validate_password(self, field):
        if problem := password_problem(field.data or ""):
            raise ValidationError(problem)

    def validate_confirm(self, field):
        if field.data != self.password.data:
            raise ValidationError("The passwords are not the same")


class TeamForm(Form):
    name = StringField("Team name", validators=[DataRequired("Enter the team's name"), Length(max=80)])
    triage_rule = RadioField("How a new claim in this team finds its handler", choices=TRIAGE_RULES.choices(),
                             default="by_hand")
    takes_new_claims = BooleanField("New claims come to this team (only one team takes them)")
    submit = SubmitField("Save the team")


def team_choices() -> list[tuple[str, str]]:
    from claims.claim.assignment import teams

    return [("", "No team")] + [(str(team.id), team.name) for team in teams()]
