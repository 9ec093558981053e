"""Database models: the users and their API tokens, then one model per entity."""

from __future__ import annotations

import secrets
from datetime import UTC
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import DateTime
from sqlalchemy import ForeignKey
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
    posts: Mapped[list[Post]] = relationship(
        back_populates="owner", cascade="all, delete", passive_deletes=True
    )
    comments: Mapped[list[Comment]] = relationship(
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


class Category(db.Model):
    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("category.id", ondelete="SET NULL"), index=True
    )
    parent: Mapped[Category | None] = relationship(
        back_populates="children", remote_side=[id], post_update=True
    )
    children: Mapped[list[Category]] = relationship(
        back_populates="parent", passive_deletes=True
    )
    posts: Mapped[list[Post]] = relationship(
        back_populates="category", passive_deletes=True
    )

    def __str__(self) -> str:
        return self.name


class Tag(db.Model):
    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    posts: Mapped[list[Post]] = relationship(
        secondary="post_tags", back_populates="tags"
    )

    def __str__(self) -> str:
        return self.name


post_tags = db.Table(
    "post_tags",
    db.Column(
        "post_id",
        ForeignKey("post.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    db.Column(
        "tag_id",
        ForeignKey("tag.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)


class Post(db.Model):
    __tablename__ = "post"

    STATUS_CHOICES = [
        ("draft", "Draft"),
        ("published", "Published"),
    ]

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(
        String(9), default="draft", server_default="draft"
    )
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("category.id", ondelete="SET NULL"), index=True
    )
    category: Mapped[Category | None] = relationship(back_populates="posts")
    tags: Mapped[list[Tag]] = relationship(secondary=post_tags, back_populates="posts")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    owner: Mapped[User] = relationship(back_populates="posts")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=now_utc
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=now_utc, onupdate=now_utc
    )

    __table_args__ = (
        # a page in this order reads the index instead of sorting every row
        db.Index("post_ordering_idx", created_at.desc(), id),
    )
    comments: Mapped[list[Comment]] = relationship(
        back_populates="post", cascade="all, delete", passive_deletes=True
    )

    def __str__(self) -> str:
        return self.title


class Comment(db.Model):
    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("post.id", ondelete="CASCADE"), index=True
    )
    post: Mapped[Post] = relationship(back_populates="comments")
    body: Mapped[str] = mapped_column(Text)
    approved: Mapped[bool] = mapped_column(
        default=False, server_default=db.text("false")
    )
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    owner: Mapped[User] = relationship(back_populates="comments")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=now_utc
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=now_utc, onupdate=now_utc
    )

    __table_args__ = (
        # a page in this order reads the index instead of sorting every row
        db.Index("comment_ordering_idx", created_at, id),
    )

    def __str__(self) -> str:
        return f"Comment #{self.id}"
