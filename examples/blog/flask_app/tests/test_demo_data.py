from blog.extensions import db
from blog.models import Post
from blog.models import User

from .conftest import DEMO_PASSWORD
from .entities import ENTITIES


def counts():
    models = [User] + [entity.model for entity in ENTITIES]
    query = db.select(db.func.count())
    return [db.session.scalar(query.select_from(model)) for model in models]


def test_demo_users(admin, alice, bob):
    assert admin.is_staff and admin.is_superuser
    assert not alice.is_staff and not bob.is_staff
    for user in (admin, alice, bob):
        assert user.check_password(DEMO_PASSWORD)


def test_demo_rows_for_every_entity(demo, ctx):
    users, *rows = counts()

    assert users == 3
    assert all(count >= 1 for count in rows)


def test_seeding_twice_changes_nothing(demo, ctx, runner):
    before = counts()

    result = runner.invoke(args=["seed-demo"])

    assert result.exit_code == 0, result.output
    assert counts() == before


def test_seeding_again_keeps_edits(demo, ctx, runner):
    # found again by its slug: the edit is neither undone nor copied
    query = db.select(Post).filter_by(slug="the-quiet-harbour")
    row = db.session.execute(query).scalar_one()
    row.title = "Notes from the Hills"
    db.session.commit()
    before = counts()

    result = runner.invoke(args=["seed-demo"])

    assert result.exit_code == 0, result.output
    assert counts() == before
    db.session.expire_all()
    assert db.session.execute(query).scalar_one().title == "Notes from the Hills"


def test_create_admin_without_prompts(runner, ctx, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "a-long-passphrase")

    result = runner.invoke(args=["create-admin", "--username", "root"])

    assert result.exit_code == 0, result.output
    root = db.session.execute(db.select(User).filter_by(username="root")).scalar_one()
    assert root.is_staff and root.check_password("a-long-passphrase")


def test_create_admin_applies_the_password_rules(runner, ctx, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "123")

    result = runner.invoke(args=["create-admin", "--username", "root"])

    assert result.exit_code != 0
    assert "too short" in result.output
