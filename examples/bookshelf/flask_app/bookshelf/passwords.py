"""Password change and reset by email at Django's URLs: the ``passwords`` blueprint.

A new password ends every session of the user (``User.set_password`` gives a
new session token) except, after a change, the one that made it. A reset link holds the user's id and a token signed with SECRET_KEY that expires
after PASSWORD_RESET_TIMEOUT seconds. The token's salt includes the password
hash and the address, as Django's token generator hashes them: once the
password is set (or the address changes) every earlier link stops working.
"""

from base64 import urlsafe_b64decode
from base64 import urlsafe_b64encode

from flask import Blueprint
from flask import current_app
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from flask_login import current_user
from flask_login import login_required
from flask_login import login_user
from flask_mailman import EmailMessage
from itsdangerous import BadSignature
from itsdangerous import URLSafeTimedSerializer

from .extensions import db
from .forms import PasswordChangeForm
from .forms import PasswordResetForm
from .forms import SetPasswordForm
from .models import User

bp = Blueprint("passwords", __name__, url_prefix="/accounts")

# Django's placeholder: the real token moves to the session, out of the address bar
INTERNAL_RESET_TOKEN = "set-password"
SESSION_KEY = "_password_reset_token"


def _serializer(user: User) -> URLSafeTimedSerializer:
    salt = f"password-reset:{user.password_hash}:{user.email}"
    return URLSafeTimedSerializer(current_app.secret_key, salt=salt)


def make_token(user: User) -> str:
    return _serializer(user).dumps(user.id)


def check_token(user: User, token: str) -> bool:
    """True for an unexpired token made for this user and this password."""
    max_age = current_app.config["PASSWORD_RESET_TIMEOUT"]
    try:
        return _serializer(user).loads(token, max_age=max_age) == user.id
    except BadSignature:
        return False


def encode_uid(user: User) -> str:
    """The id in the link, as Django's urlsafe_base64_encode writes it (no padding)."""
    return urlsafe_b64encode(str(user.id).encode()).decode().rstrip("=")


def user_of(uidb64: str) -> User | None:
    try:
        uid = urlsafe_b64decode(uidb64 + "=" * (-len(uidb64) % 4)).decode()
    except ValueError:
        return None
    # a number too large for the id column is no user, not a database error
    if not (uid.isascii() and uid.isdigit()) or int(uid) >= 2**63:
        return None
    return db.session.get(User, int(uid))


def send_reset_email(user: User) -> None:
    context = {
        "user": user,
        "site_name": request.host,
        "reset_url": url_for(
            ".password_reset_confirm",
            uidb64=encode_uid(user),
            token=make_token(user),
            _external=True,
        ),
    }
    subject = render_template("auth/password_reset_subject.txt", **context)
    body = render_template("auth/password_reset_email.txt", **context)
    # a line break in the subject would start a new header
    EmailMessage("".join(subject.splitlines()), body, to=[user.email]).send()


@bp.route("/password_change/", methods=("GET", "POST"))
@login_required
def password_change():
    user = current_user._get_current_object()
    form = PasswordChangeForm(user)
    if form.validate_on_submit():
        user.set_password(form.new_password1.data)
        db.session.commit()
        # Django's update_session_auth_hash: this session goes on with the new token
        login_user(user)
        return redirect(url_for(".password_change_done"))
    return render_template("auth/password_change_form.html", form=form)


@bp.route("/password_change/done/")
@login_required
def password_change_done():
    return render_template("auth/password_change_done.html")


@bp.route("/password_reset/", methods=("GET", "POST"))
def password_reset():
    form = PasswordResetForm()
    if form.validate_on_submit():
        email = form.email.data.strip()
        query = db.select(User).where(
            db.func.lower(User.email) == email.lower(), User.is_active
        )
        for user in db.session.execute(query).scalars():
            send_reset_email(user)
        # the same answer whether or not an account has this address
        return redirect(url_for(".password_reset_done"))
    return render_template("auth/password_reset_form.html", form=form)


@bp.route("/password_reset/done/")
def password_reset_done():
    return render_template("auth/password_reset_done.html")


@bp.route("/reset/<uidb64>/<token>/", methods=("GET", "POST"))
def password_reset_confirm(uidb64, token):
    user = user_of(uidb64)
    if user is None or not user.is_active:
        return render_template("auth/password_reset_confirm.html", form=None)
    if token != INTERNAL_RESET_TOKEN:
        if not check_token(user, token):
            return render_template("auth/password_reset_confirm.html", form=None)
        # as Django: keep the token in the session, so no Referer can leak it
        session[SESSION_KEY] = token
        return redirect(
            url_for(
                ".password_reset_confirm", uidb64=uidb64, token=INTERNAL_RESET_TOKEN
            )
        )
    if not check_token(user, session.get(SESSION_KEY, "")):
        return render_template("auth/password_reset_confirm.html", form=None)
    form = SetPasswordForm(user.username)
    if form.validate_on_submit():
        user.set_password(form.new_password1.data)
        db.session.commit()
        session.pop(SESSION_KEY, None)
        return redirect(url_for(".password_reset_complete"))
    return render_template("auth/password_reset_confirm.html", form=form)


@bp.route("/reset/done/")
def password_reset_complete():
    return render_template("auth/password_reset_complete.html")
