"""Command line: ``flask seed-demo`` and ``flask create-admin``."""

from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal

import click
from flask.cli import with_appcontext

from .extensions import db
from .forms import password_problems
from .models import Author
from .models import Book
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
    authors = [
        get_or_create(
            Author, name="Ada Lovelace", defaults={"born": date(2024, 1, 15)}
        ),
        get_or_create(
            Author, name="Grace Hopper", defaults={"born": date(2024, 1, 16)}
        ),
        get_or_create(Author, name="Alan Turing", defaults={"born": date(2024, 1, 17)}),
    ]
    tags = [
        get_or_create(Tag, name="Juniper"),
        get_or_create(Tag, name="Lantern"),
        get_or_create(Tag, name="Orchard"),
    ]
    books = [
        get_or_create(
            Book,
            isbn="9780000000001",
            defaults={
                "title": "The Quiet Harbour",
                "summary": "A short first draft, written to be read aloud.",
                "published": date(2024, 1, 15),
                "pages": 1,
                "rating": 0.0,
                "price": Decimal("0.00"),
                "genre": "fiction",
                "in_print": True,
                "contact": "ada@example.com",
                "website": "https://example.com/the-quiet-harbour",
                "released_at": datetime(2024, 1, 15, 9, 30, tzinfo=UTC),
                "author": authors[0],
                "translator": authors[0],
                "owner": users["alice"],
            },
        ),
        get_or_create(
            Book,
            isbn="9780000000002",
            defaults={
                "title": "A Winter Garden",
                "summary": "Three paragraphs on a quiet subject, with one good joke.",
                "published": date(2024, 1, 16),
                "pages": 2,
                "rating": 1.6666666666666667,
                "price": Decimal("1.25"),
                "genre": "nonfiction",
                "in_print": False,
                "contact": "grace@example.com",
                "website": "https://example.com/a-winter-garden",
                "released_at": datetime(2024, 1, 16, 10, 30, tzinfo=UTC),
                "author": authors[1],
                "translator": authors[1],
                "owner": users["bob"],
            },
        ),
        get_or_create(
            Book,
            isbn="9780000000003",
            defaults={
                "title": "Notes from the Hills",
                "summary": "Notes worth keeping, jotted down in a hurry.",
                "published": date(2024, 1, 17),
                "pages": 3,
                "rating": 3.3333333333333335,
                "price": Decimal("2.50"),
                "genre": "poetry",
                "in_print": True,
                "contact": "alan@example.com",
                "website": "https://example.com/notes-from-the-hills",
                "released_at": datetime(2024, 1, 17, 11, 30, tzinfo=UTC),
                "author": authors[2],
                "translator": authors[2],
                "owner": users["alice"],
            },
        ),
    ]
    books[0].tags = [tags[0]]
    books[1].tags = [tags[0], tags[1]]
    books[2].tags = [tags[0], tags[1], tags[2]]
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
