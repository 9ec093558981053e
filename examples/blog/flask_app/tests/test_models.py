from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from blog import create_app
from blog.extensions import db
from blog.models import Category
from blog.models import Comment
from blog.models import Post
from blog.models import Tag

from .entities import ENTITIES
from .entities import delete_with_dependents
from .entities import payload_of

each_entity = pytest.mark.parametrize("entity", ENTITIES, ids=str)


def test_category_reads_as_its_name(demo, ctx):
    row = db.session.scalars(db.select(Category)).first()

    assert str(row) == str(row.name)


def test_tag_reads_as_its_name(demo, ctx):
    row = db.session.scalars(db.select(Tag)).first()

    assert str(row) == str(row.name)


def test_post_reads_as_its_title(demo, ctx):
    row = db.session.scalars(db.select(Post)).first()

    assert str(row) == str(row.title)


def test_comment_reads_as_its_name_and_id(demo, ctx):
    row = db.session.scalars(db.select(Comment)).first()

    assert str(row) == f"Comment #{row.id}"


@each_entity
def test_unique_columns_are_enforced_by_the_database(entity, demo, ctx):
    obj = db.session.scalars(db.select(entity.model)).first()
    unique = [column.name for column in entity.model.__table__.columns if column.unique]

    for name in unique:
        copy = entity.model(**{name: getattr(obj, name)})
        db.session.add(copy)
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


@each_entity
def test_new_rows_get_their_defaults(entity, demo, ctx, as_user, admin):
    obj = db.session.scalars(db.select(entity.model)).first()
    payload = payload_of(entity, obj)
    delete_with_dependents(obj)
    required = {name: payload[name] for name in entity.required}

    created = as_user(admin).post(entity.list_url, json=required)

    assert created.status_code == 201, created.json
    for column in entity.model.__table__.columns:
        if column.default is not None and column.name in created.json:
            value = column.default.arg
            if not callable(value):
                assert created.json[column.name] in (value, str(value)), column.name


def test_migrations_match_the_models(tmp_path, monkeypatch):
    # Flask-Migrate finds migrations/ from the working directory
    monkeypatch.chdir(Path(__file__).parent.parent)
    app = create_app(
        {
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'migrated.sqlite3'}",
        }
    )
    runner = app.test_cli_runner()

    upgrade = runner.invoke(args=["db", "upgrade"])
    check = runner.invoke(args=["db", "check"])

    assert upgrade.exit_code == 0, upgrade.output
    assert check.exit_code == 0, check.output
    with app.app_context():
        db.engine.dispose()
