"""Sign up, log in and log out: the ``auth`` blueprint under /accounts."""

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint
from flask import current_app
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user
from flask_login import login_user
from flask_login import logout_user
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import TooManyRequests

from .extensions import db
from .extensions import login_manager
from .forms import LoginForm
from .forms import SignupForm
from .forms import normalize_username
from .models import LoginFailure
from .models import Token
from .models import User
from .models import now_utc

bp = Blueprint("auth", __name__, url_prefix="/accounts")


def token_key() -> str | None:
    """The key of an ``Authorization: Token <key>`` header, "" if malformed, else None."""
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "token":
        return None
    return key.strip() if key.strip() and " " not in key.strip() else ""


@login_manager.user_loader
def load_user(session_token):
    # a token in the request wins over the session cookie, as in DRF
    if token_key() is not None:
        return None
    query = db.select(User).filter_by(session_token=session_token)
    user = db.session.execute(query).scalar_one_or_none()
    return user if user is not None and user.is_active else None


@login_manager.request_loader
def load_user_from_token(request):
    key = token_key()
    token = db.session.get(Token, key) if key else None
    if token is None or not token.user.is_active:
        return None
    # API views skip the CSRF check for token clients: no cookie, no forgery
    g.token_authenticated = True
    return token.user


class LockedOut(TooManyRequests):
    """Too many failed logins for this username from this address (a 429)."""

    description = "Account locked: too many login attempts. Please try again later."


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, or None; LockedOut after repeated failures.

    django-axes' rule: failures count per username and address, in the
    database so that every worker sees them; a success clears them. An
    unknown username costs one password hash too, as in Django's ModelBackend,
    so the time of the answer does not tell which usernames exist.
    """
    username = normalize_username(username) or ""
    key = {"username": username, "address": request.remote_addr or ""}
    cooloff = timedelta(minutes=current_app.config["LOGIN_COOLOFF_MINUTES"])
    expired = LoginFailure.last_failure < now_utc() - cooloff
    db.session.execute(db.delete(LoginFailure).where(expired))
    failure = db.session.get(LoginFailure, (key["username"], key["address"]))
    limit = current_app.config["LOGIN_FAILURE_LIMIT"]
    if failure is not None and failure.failures >= limit:
        db.session.commit()
        raise LockedOut()
    user = db.session.execute(db.select(User).filter_by(username=username)).scalar()
    if user is None:
        User().set_password(password)
    elif user.check_password(password) and user.is_active:
        if failure is not None:
            db.session.delete(failure)
        db.session.commit()
        return user
    if _count_failure(key) >= limit:
        raise LockedOut()
    return None


def _count_failure(key: dict[str, str]) -> int:
    """Add one failure for this username and address; how many there are now."""
    row = LoginFailure.__table__
    where = (row.c.username == key["username"]) & (row.c.address == key["address"])
    add_one = {"failures": row.c.failures + 1, "last_failure": now_utc()}
    if db.session.execute(db.update(row).where(where).values(add_one)).rowcount == 0:
        try:
            first = {**key, "failures": 1, "last_failure": now_utc()}
            db.session.execute(db.insert(row).values(first))
        except IntegrityError:
            # another worker counted this pair's first failure meanwhile
            db.session.rollback()
            db.session.execute(db.update(row).where(where).values(add_one))
    db.session.commit()
    return db.session.execute(db.select(row.c.failures).where(where)).scalar_one()


def is_local_url(target: str | None) -> bool:
    """True for a path on this site; a ``?next=`` elsewhere would be an open redirect.

    The rule of Django's url_has_allowed_host_and_scheme: no scheme, no host,
    and not ``//host`` or ``/\\host``, which browsers read as another site.
    """
    # urlsplit drops tabs and line breaks that a Location header cannot hold
    if not target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return False
    parts = urlsplit(target)
    return (
        not parts.scheme
        and not parts.netloc
        and target.startswith("/")
        and not target.startswith(("//", "/\\"))
    )


@bp.route("/signup/", methods=("GET", "POST"))
def signup():
    form = SignupForm()
    if form.validate_on_submit():
        user = User(username=form.username.data)
        user.set_password(form.password1.data)
        db.session.add(user)
        try:
            db.session.commit()
        except IntegrityError:
            # a concurrent sign-up took the name after the form checked it
            db.session.rollback()
            form.username.errors.append("A user with that username already exists.")
        else:
            login_user(user)
            return redirect(url_for("views.home"))
    return render_template("auth/signup.html", form=form)


@bp.route("/login/", methods=("GET", "POST"))
def login():
    form = LoginForm()
    next_url = request.values.get("next", "")
    status = 200
    if form.validate_on_submit():
        try:
            user = authenticate(form.username.data, form.password.data)
        except LockedOut as error:
            flash(error.description)
            status = error.code
        else:
            if user is None:
                flash("Please enter a correct username and password.")
            else:
                login_user(user)
                if not is_local_url(next_url):
                    next_url = url_for("views.home")
                return redirect(next_url)
    return render_template("auth/login.html", form=form, next_url=next_url), status


@bp.post("/logout/")
def logout():
    # POST only, so CSRFProtect checks the token: a link elsewhere cannot log you out
    if current_user.is_authenticated:
        # a copy of this session's cookie, or any other session, ends here too
        current_user.end_sessions()
        db.session.commit()
    logout_user()
    return redirect(url_for("views.home"))
