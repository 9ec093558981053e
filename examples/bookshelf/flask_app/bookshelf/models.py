"""Database models: the users and their API tokens, then one model per entity."""

from __future__ import annotations

import secrets
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import DateTime
from sqlalchemy import Double
from sqlalchemy import ForeignKey
from sqlalchemy import Numeric
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from .extensions import db


def now_utc() -> datetime:
    """The current time in UTC: the default of every timestamp, called per row."""
    return datetime.now(UTC)


def new_session_token() -> str:
    return secrets.token_hex(32)


class User(UserMixin, db.Model):
    """Someone who can sign in: staff users may use the admin site."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(150), unique=True)
    # what the session cookie names the user by: a new one ends every earlier session
    session_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=new_session_token
    )
    email: Mapped[str] = mapped_column(String(254), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    is_staff: Mapped[bool] = mapped_column(default=False)
    is_superuser: Mapped[bool] = mapped_column(default=False)
    date_joined: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=now_utc
    )
    # "Alice" beside "alice" is refused by the database too, not only by the forms
    __table_args__ = (
        db.Index("unique_username_in_any_case", db.func.lower(username), unique=True),
    )
    books: Mapped[list[Book]] = relationship(
        back_populates="owner", cascade="all, delete", passive_deletes=True
    )

    def __str__(self) -> str:
        return self.username

    def get_id(self) -> str:
        # Flask-Login's alternative token: the cookie holds no user id to replay
        return self.session_token

    def end_sessions(self) -> None:
        """Log out every session of this user, as Django does on a new password."""
        self.session_token = new_session_token()

    def set_password(self, password: str) -> None:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        self.password_hash = generate_password_hash(password, method=method)
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class Token(db.Model):
    """The API key of a user: ``Authorization: Token <key>`` (DRF's authtoken)."""

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), unique=True
    )
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    user: Mapped[User] = relationship()

    def __str__(self) -> str:
        return self.key

    @staticmethod
    def generate_key() -> str:
        return secrets.token_hex(20)


class LoginFailure(db.Model):
    """Failed logins of one username from one address (django-axes' AccessAttempt).

    In the database, so every worker process counts the same failures.
    """

    __tablename__ = "login_failure"

    username: Mapped[str] = mapped_column(String(150), primary_key=True)
    address: Mapped[str] = mapped_column(String(45), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=now_utc
    )


class Author(db.Model):
    __tablename__ = "author"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    born: Mapped[date | None] = mapped_column()
    author_books: Mapped[list[Book]] = relationship(
        back_populates="author", passive_deletes="all", foreign_keys="Book.author_id"
    )
    translator_books: Mapped[list[Book]] = relationship(
        back_populates="translator",
        passive_deletes=True,
        foreign_keys="Book.translator_id",
    )

    def __str__(self) -> str:
        return self.name


class Tag(db.Model):
    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    books: Mapped[list[Book]] = relationship(
        secondary="book_tags", back_populates="tags"
    )

    def __str__(self) -> str:
        return self.name


book_tags = db.Table(
    "book_tags",
    db.Column(
        "book_id",
        ForeignKey("book.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    db.Column(
        "tag_id",
        ForeignKey("tag.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)


class Book(db.Model):
    __tablename__ = "book"

    GENRE_CHOICES = [
        ("fiction", "Fiction"),
        ("nonfiction", "Nonfiction"),
        ("poetry", "Poetry"),
    ]

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    isbn: Mapped[str] = mapped_column(String(13), unique=True)
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    published: Mapped[date | None] = mapped_column()
    pages: Mapped[int | None] = mapped_column()
    rating: Mapped[float | None] = mapped_column(Double)
    price: Mapped[Decimal] = mapped_column(
        Numeric(6, 2), default=Decimal("0.00"), server_default=db.text("0.00")
    )
    genre: Mapped[str] = mapped_column(
        String(10), default="fiction", server_default="fiction"
    )
    in_print: Mapped[bool] = mapped_column(default=True, server_default=db.text("true"))
    contact: Mapped[str] = mapped_column(String(254), default="", server_default="")
    website: Mapped[str] = mapped_column(String(200), default="", server_default="")
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    author_id: Mapped[int] = mapped_column(
        ForeignKey("author.id", ondelete="RESTRICT"), index=True
    )
    author: Mapped[Author] = relationship(
        back_populates="author_books", foreign_keys=[author_id]
    )
    translator_id: Mapped[int | None] = mapped_column(
        ForeignKey("author.id", ondelete="SET NULL"), index=True
    )
    translator: Mapped[Author | None] = relationship(
        back_populates="translator_books", foreign_keys=[translator_id]
    )
    tags: Mapped[list[Tag]] = relationship(secondary=book_tags, back_populates="books")
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    owner: Mapped[User] = relationship(back_populates="books")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=now_utc
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=now_utc, onupdate=now_utc
    )

    __table_args__ = (
        # a page in this order reads the index instead of sorting every row
        db.Index("book_ordering_idx", published.desc(), title, id),
    )

    def __str__(self) -> str:
        return self.title


def protected_by(row: db.Model) -> list[str]:
    """Tables with rows that point at ``row`` through an ``on_delete: protect`` key.

    Django refuses such a delete with ProtectedError; here the API and the admin
    ask first, so the database never sees a delete it would reject.
    """
    tables = []
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.ondelete != "RESTRICT" or key.column.table is not row.__table__:
                continue
            query = db.select(key.parent).where(key.parent == row.id).limit(1)
            if db.session.execute(query).first() is not None:
                tables.append(table.name)
    return tables
