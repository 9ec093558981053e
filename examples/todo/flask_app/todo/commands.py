"""Command line: ``flask seed-demo`` and ``flask create-admin``."""

from datetime import date

import click
from flask.cli import with_appcontext

from .extensions import db
from .forms import password_problems
from .models import Task
from .models import User

DEMO_USERS = ("admin", "alice", "bob")
DEMO_PASSWORD = "demo-password"


def get_or_create(model, defaults=None, **lookup):
    """The row found by ``lookup``, made with ``defaults`` too if missing (Django's get_or_create)."""
    row = db.session.execute(db.select(model).filter_by(**lookup)).scalars().first()
    if row is None:
        row = model(**lookup, **(defaults or {}))
        db.session.add(row)
        db.session.flush()
    return row


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Create the demo users and rows; running it again changes nothing."""
    users = {}
    for username in DEMO_USERS:
        user = db.session.execute(db.select(User).filter_by(username=username)).scalar()
        if user is None:
            staff = username == "admin"
            user = User(
                username=username,
                email=f"{username}@example.com",
                is_staff=staff,
                is_superuser=staff,
            )
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
        users[username] = user
    get_or_create(
        Task,
        title="The Quiet Harbour",
        defaults={"done": True, "due": date(2024, 1, 15), "owner": users["alice"]},
    )
    get_or_create(
        Task,
        title="A Winter Garden",
        defaults={"done": False, "due": date(2024, 1, 16), "owner": users["bob"]},
    )
    get_or_create(
        Task,
        title="Notes from the Hills",
        defaults={"done": True, "due": date(2024, 1, 17), "owner": users["alice"]},
    )
    db.session.commit()
    click.echo("Demo data is ready: users admin, alice and bob.")


@click.command("create-admin")
@click.option("--username", prompt=True, help="The new staff user's name.")
@click.option("--email", default="", help="Their email address (optional).")
@click.password_option(
    envvar="ADMIN_PASSWORD", help="Their password; read from ADMIN_PASSWORD when set."
)
@with_appcontext
def create_admin_command(username, email, password):
    """Create a staff user who may use /admin/ (Django's createsuperuser)."""
    if db.session.execute(db.select(User).filter_by(username=username)).first():
        raise click.ClickException(f"The username {username!r} is already taken.")
    problems = password_problems(password, username)
    if problems:
        raise click.ClickException(" ".join(problems))
    user = User(username=username, email=email, is_staff=True, is_superuser=True)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Staff user {username!r} created.")


def init_app(app):
    """Register the commands with the app, as ``flask seed-demo`` and ``flask create-admin``."""
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_admin_command)
