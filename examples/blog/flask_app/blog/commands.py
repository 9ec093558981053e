"""Command line: ``flask seed-demo`` and ``flask create-admin``."""

from datetime import UTC
from datetime import datetime

import click
from flask.cli import with_appcontext

from .extensions import db
from .forms import password_problems
from .models import Category
from .models import Comment
from .models import Post
from .models import Tag
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
    categories = [
        get_or_create(Category, name="Juniper"),
        get_or_create(Category, name="Lantern"),
        get_or_create(Category, name="Orchard"),
    ]
    categories[1].parent = categories[0]
    categories[2].parent = categories[1]
    tags = [
        get_or_create(Tag, name="Juniper"),
        get_or_create(Tag, name="Lantern"),
        get_or_create(Tag, name="Orchard"),
    ]
    posts = [
        get_or_create(
            Post,
            slug="the-quiet-harbour",
            defaults={
                "title": "The Quiet Harbour",
                "body": "A short first draft, written to be read aloud.",
                "status": "draft",
                "published_at": datetime(2024, 1, 15, 9, 30, tzinfo=UTC),
                "category": categories[0],
                "owner": users["alice"],
            },
        ),
        get_or_create(
            Post,
            slug="a-winter-garden",
            defaults={
                "title": "A Winter Garden",
                "body": "Three paragraphs on a quiet subject, with one good joke.",
                "status": "published",
                "published_at": datetime(2024, 1, 16, 10, 30, tzinfo=UTC),
                "category": categories[1],
                "owner": users["bob"],
            },
        ),
        get_or_create(
            Post,
            slug="notes-from-the-hills",
            defaults={
                "title": "Notes from the Hills",
                "body": "Notes worth keeping, jotted down in a hurry.",
                "status": "draft",
                "published_at": datetime(2024, 1, 17, 11, 30, tzinfo=UTC),
                "category": categories[2],
                "owner": users["alice"],
            },
        ),
    ]
    posts[0].tags = [tags[0]]
    posts[1].tags = [tags[0], tags[1]]
    posts[2].tags = [tags[0], tags[1], tags[2]]
    get_or_create(
        Comment,
        body="A short first draft, written to be read aloud.",
        approved=True,
        post=posts[0],
        owner=users["alice"],
    )
    get_or_create(
        Comment,
        body="Three paragraphs on a quiet subject, with one good joke.",
        approved=False,
        post=posts[1],
        owner=users["bob"],
    )
    get_or_create(
        Comment,
        body="Notes worth keeping, jotted down in a hurry.",
        approved=True,
        post=posts[2],
        owner=users["alice"],
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
