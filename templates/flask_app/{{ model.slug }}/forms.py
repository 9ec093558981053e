"""Sign-up, login, password change and reset forms; Flask-WTF adds and checks their CSRF token."""

import gzip
import re
import unicodedata
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms import PasswordField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import Email
from wtforms.validators import Length
from wtforms.validators import Regexp
from wtforms.validators import ValidationError

from .extensions import db
from .models import User

PASSWORD_MIN_LENGTH = 8
MAX_SIMILARITY = 0.7
# Django's list of 20,000 common passwords (BSD licence), lower-cased, one a line
COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt.gz")


def normalize_username(username: str | None) -> str | None:
    """NFKC, as Django's AbstractUser.normalize_username: "ａｌｉｃｅ" is "alice"."""
    return unicodedata.normalize("NFKC", username) if username else username


def username_taken(username: str) -> bool:
    """True if a user has this name in any case, as Django's UserCreationForm asks."""
    name = db.func.lower(normalize_username(username))
    taken = db.select(User).where(db.func.lower(User.username) == name)
    # the admin asks about a user it has not saved yet: not about that one
    with db.session.no_autoflush:
        return db.session.execute(taken).first() is not None


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines)


def password_problems(password: str, username: str = "") -> list[str]:
    """What is wrong with a password, by the rules of Django's four default validators.

    Too similar to the username (UserAttributeSimilarityValidator), too short
    (MinimumLengthValidator), too common (CommonPasswordValidator) or entirely
    numeric (NumericPasswordValidator).
    """
    problems = []
    if username and _too_similar(password.lower(), username.lower()):
        problems.append("The password is too similar to the username.")
    if len(password) < PASSWORD_MIN_LENGTH:
        problems.append(
            "This password is too short."
            f" It must contain at least {PASSWORD_MIN_LENGTH} characters."
        )
    if password.lower().strip() in common_passwords():
        problems.append("This password is too common.")
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
        filters=[normalize_username],
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
        if username_taken(field.data):
            raise ValidationError("A user with that username already exists.")

    def validate_password2(self, field):
        if field.data != self.password1.data:
            raise ValidationError("The two password fields didn't match.")
        problems = password_problems(field.data, self.username.data or "")
        if problems:
            raise ValidationError(" ".join(problems))


class LoginForm(FlaskForm):
    username = StringField(
        "Username", filters=[normalize_username], validators=[DataRequired()]
    )
    password = PasswordField("Password", validators=[DataRequired()])


class PasswordResetForm(FlaskForm):
    """Django's PasswordResetForm: the address to send the reset link to."""

    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])


class SetPasswordForm(FlaskForm):
    """Django's SetPasswordForm: the new password twice, checked for ``username``."""

    new_password1 = PasswordField("New password", validators=[DataRequired()])
    new_password2 = PasswordField(
        "New password confirmation", validators=[DataRequired()]
    )

    def __init__(self, username: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.username = username

    def validate_new_password2(self, field):
        if field.data != self.new_password1.data:
            raise ValidationError("The two password fields didn't match.")
        problems = password_problems(field.data, self.username)
        if problems:
            raise ValidationError(" ".join(problems))


class PasswordChangeForm(SetPasswordForm):
    """Django's PasswordChangeForm: the old password, then the new one twice."""

    old_password = PasswordField("Old password", validators=[DataRequired()])

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(user.username, *args, **kwargs)
        self.user = user

    def validate_old_password(self, field):
        if not self.user.check_password(field.data):
            raise ValidationError(
                "Your old password was entered incorrectly. Please enter it again."
            )
