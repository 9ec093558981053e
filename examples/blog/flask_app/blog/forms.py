"""Sign-up and login forms; Flask-WTF adds and checks their CSRF token."""

import re
from difflib import SequenceMatcher

from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import Length
from wtforms.validators import Regexp
from wtforms.validators import ValidationError

from .extensions import db
from .models import User

PASSWORD_MIN_LENGTH = 8
MAX_SIMILARITY = 0.7


def password_problems(password: str, username: str = "") -> list[str]:
    """What is wrong with a password, by the rules of Django's default validators.

    Too similar to the username (UserAttributeSimilarityValidator), too short
    (MinimumLengthValidator) or entirely numeric (NumericPasswordValidator).
    """
    problems = []
    if username and _too_similar(password.lower(), username.lower()):
        problems.append("The password is too similar to the username.")
    if len(password) < PASSWORD_MIN_LENGTH:
        problems.append(
            "This password is too short."
            f" It must contain at least {PASSWORD_MIN_LENGTH} characters."
        )
    if password.isdigit():
        problems.append("This password is entirely numeric.")
    return problems


def _too_similar(password: str, username: str) -> bool:
    for part in [*re.split(r"\W+", username), username]:
        # Django skips parts too short to say anything about a long password
        too_short = len(part) < MAX_SIMILARITY / 2 * len(password)
        if too_short and len(password) >= 10 * len(part):
            continue
        if SequenceMatcher(a=password, b=part).quick_ratio() >= MAX_SIMILARITY:
            return True
    return False


class SignupForm(FlaskForm):
    """Django's UserCreationForm: a new username and the password twice."""

    username = StringField(
        "Username",
        validators=[
            DataRequired(),
            Length(max=150),
            Regexp(
                r"^[\w.@+-]+\Z",
                message="Enter a valid username: letters, digits and @/./+/-/_ only.",
            ),
        ],
    )
    password1 = PasswordField("Password", validators=[DataRequired()])
    password2 = PasswordField("Password confirmation", validators=[DataRequired()])

    def validate_username(self, field):
        taken = db.select(User).filter_by(username=field.data)
        if db.session.execute(taken).first() is not None:
            raise ValidationError("A user with that username already exists.")

    def validate_password2(self, field):
        if field.data != self.password1.data:
            raise ValidationError("The two password fields didn't match.")
        problems = password_problems(field.data, self.username.data or "")
        if problems:
            raise ValidationError(" ".join(problems))


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])
