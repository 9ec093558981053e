"""Initial tables: users, their API tokens and every entity of the spec.

Revision ID: 0001
Revises:
Create Date: 2024-01-01 00:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=150), nullable=False),
        sa.Column("session_token", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("is_staff", sa.Boolean(), nullable=False),
        sa.Column("is_superuser", sa.Boolean(), nullable=False),
        sa.Column("date_joined", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_token"),
        sa.UniqueConstraint("username"),
    )
    op.create_index(
        "unique_username_in_any_case",
        "user",
        [sa.text("lower(username)")],
        unique=True,
    )
    op.create_table(
        "token",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key"),
        sa.UniqueConstraint("user_id"),
    )
    op.create_table(
        "login_failure",
        sa.Column("username", sa.String(length=150), nullable=False),
        sa.Column("address", sa.String(length=45), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("username", "address"),
    )
    op.create_table(
        "author",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("born", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "book",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("isbn", sa.String(length=13), nullable=False),
        sa.Column("summary", sa.Text(), server_default="", nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("rating", sa.Double(), nullable=True),
        sa.Column(
            "price",
            sa.Numeric(precision=6, scale=2),
            server_default=sa.text("0.00"),
            nullable=False,
        ),
        sa.Column(
            "genre", sa.String(length=10), server_default="fiction", nullable=False
        ),
        sa.Column(
            "in_print", sa.Boolean(), server_default=sa.text("true"), nullable=False
        ),
        sa.Column("contact", sa.String(length=254), server_default="", nullable=False),
        sa.Column("website", sa.String(length=200), server_default="", nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("translator_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["author.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["translator_id"], ["author.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["owner_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("isbn"),
    )
    with op.batch_alter_table("book", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_book_author_id"), ["author_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_book_owner_id"), ["owner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_book_translator_id"), ["translator_id"], unique=False
        )
    op.create_index(
        "book_ordering_idx",
        "book",
        [sa.text("published DESC"), "title", "id"],
        unique=False,
    )
    op.create_table(
        "book_tags",
        sa.Column("book_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["book_id"], ["book.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tag_id"], ["tag.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("book_id", "tag_id"),
    )


def downgrade():
    op.drop_table("book_tags")
    op.drop_table("book")
    op.drop_table("tag")
    op.drop_table("author")
    op.drop_table("login_failure")
    op.drop_table("token")
    op.drop_table("user")
