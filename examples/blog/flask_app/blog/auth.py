"""Sign up, log in and log out: the ``auth`` blueprint under /accounts."""

from urllib.parse import urlsplit

from flask import Blueprint
from flask import flash
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import login_user
from flask_login import logout_user

from .extensions import db
from .extensions import login_manager
from .forms import LoginForm
from .forms import SignupForm
from .models import Token
from .models import User

bp = Blueprint("auth", __name__, url_prefix="/accounts")


def token_key() -> str | None:
    """The key of an ``Authorization: Token <key>`` header, "" if malformed, else None."""
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "token":
        return None
    return key.strip() if key.strip() and " " not in key.strip() else ""


@login_manager.user_loader
def load_user(user_id):
    # a token in the request wins over the session cookie, as in DRF
    if token_key() is not None:
        return None
    user = db.session.get(User, int(user_id))
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


def is_local_url(target: str | None) -> bool:
    """True for a path on this site; a ``?next=`` elsewhere would be an open redirect.

    The rule of Django's url_has_allowed_host_and_scheme: no scheme, no host,
    and not ``//host`` or ``/\\host``, which browsers read as another site.
    """
    if not target:
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
        db.session.commit()
        login_user(user)
        return redirect(url_for("views.home"))
    return render_template("auth/signup.html", form=form)


@bp.route("/login/", methods=("GET", "POST"))
def login():
    form = LoginForm()
    next_url = request.values.get("next", "")
    if form.validate_on_submit():
        query = db.select(User).filter_by(username=form.username.data)
        user = db.session.execute(query).scalar_one_or_none()
        if user is None or not user.check_password(form.password.data):
            flash("Please enter a correct username and password.")
        elif not user.is_active:
            flash("This account is inactive.")
        else:
            login_user(user)
            if not is_local_url(next_url):
                next_url = url_for("views.home")
            return redirect(next_url)
    return render_template("auth/login.html", form=form, next_url=next_url)


@bp.post("/logout/")
def logout():
    # POST only, so CSRFProtect checks the token: a link elsewhere cannot log you out
    logout_user()
    return redirect(url_for("views.home"))
