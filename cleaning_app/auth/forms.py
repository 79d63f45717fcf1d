from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Regexp,
    ValidationError,
)

from ..models import Role
from ..passwords import password_problem
from ..validators import EmailAddress, PlainText

USERNAME_RULE = "3–32 characters: letters, numbers, _ and -."
RULES_HELP = "8–128 characters. Spaces and emoji welcome; common passwords are not."


NOT_A_ROLE = "Choose Find a cleaner, Find cleaning work or Both."


def role_field() -> RadioField:
    """ "I'm here to": sign-up's and the profile's. Left out of a post, it
    keeps its default (`hire` at sign-up, the user's role on the profile)."""
    return RadioField(
        "I'm here to",
        choices=[SelectChoice(role.value, role.label) for role in Role],
        default=Role.hire.value,
        invalid_choice_message=NOT_A_ROLE,
    )


def email_field(description: str) -> EmailField:
    return EmailField(
        "Email",
        validators=[
            InputRequired("Enter your email address."),
            PlainText(),
            EmailAddress(),
        ],
        description=description,
    )


class PasswordRules:
    """The password rules, which need the other fields for the similarity
    check."""

    def __call__(self, form, field):
        username = getattr(form, "username", None)
        email = getattr(form, "email", None)
        problem = password_problem(
            field.data or "",
            username.data or "" if username else "",
            email.data or "" if email else "",
        )
        if problem:
            raise ValidationError(problem)


class RegisterForm(FlaskForm):
    email = email_field("We'll send a link to confirm it. Never shown to other users.")
    username = StringField(
        "Username",
        validators=[
            InputRequired("Choose a username."),
            PlainText(),
            Length(3, 32, "Username must be between 3 and 32 characters."),
            Regexp(
                r"^[A-Za-z0-9_-]+$",
                message="Username may only contain letters, numbers, _ and -.",
            ),
        ],
        description=USERNAME_RULE,
    )
    password = PasswordField(
        "Password",
        validators=[InputRequired("Choose a password."), PasswordRules()],
        description=RULES_HELP,
    )
    role = role_field()


class LoginForm(FlaskForm):
    login = StringField(
        "Username or email",
        validators=[DataRequired("Enter your username or email."), PlainText()],
    )
    password = PasswordField(
        "Password", validators=[InputRequired("Enter your password."), PlainText()]
    )
    remember = BooleanField("Keep me logged in")


class UserPasswordRules:
    """The password rules for an existing account (`form.user`): not too
    similar to its username or email."""

    def __call__(self, form, field):
        problem = password_problem(
            field.data or "", form.user.username, form.user.email
        )
        if problem:
            raise ValidationError(problem)


class NewPasswordForm(FlaskForm):
    new_password = PasswordField(
        "New password",
        validators=[InputRequired("Choose a new password."), UserPasswordRules()],
        description=RULES_HELP,
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class ResetRequestForm(FlaskForm):
    email = email_field("The address you signed up with.")
