import pytest
from sqlalchemy import DateTime

from bookshelf.extensions import db
from bookshelf.models import User

from .conftest import csrf_token
from .entities import ENTITIES
from .entities import delete_with_dependents
from .entities import payload_of

each_entity = pytest.mark.parametrize("entity", ENTITIES, ids=str)


def admin_url(entity, action=""):
    return f"/admin/{entity.model.__name__.lower()}/{action}"


def admin_view(app, entity):
    views = app.extensions["admin"][0]._views
    return next(view for view in views if getattr(view, "model", None) is entity.model)


def form_data(entity, obj, browser, action):
    """What the admin form posts to store ``obj``: its values as form fields."""
    data = {"csrf_token": csrf_token(browser, admin_url(entity, action))}
    columns = entity.model.__table__.columns
    for name, value in payload_of(entity, obj).items():
        column = columns.get(name)
        if isinstance(value, bool):
            if value:
                data[name] = "y"
        elif isinstance(value, list):
            data[name] = [str(pk) for pk in value]
        elif value is None:
            data[name] = ""
        elif column is not None and isinstance(column.type, DateTime):
            data[name] = value.replace("T", " ")[:19]
        else:
            data[name] = str(value)
    return data


ADMIN_PAGES = ["/admin/"] + [admin_url(entity) for entity in ENTITIES]


def count(entity):
    return db.session.scalar(db.select(db.func.count()).select_from(entity.model))


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_anonymous_users_are_sent_to_log_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"] == f"/accounts/login/?next={path}"


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_users_who_are_not_staff_never_see_the_admin(app, alice, path):
    response = app.test_client(user=alice).get(path)

    assert response.status_code == 403


@each_entity
def test_staff_can_list_search_and_filter(app, admin, entity):
    browser = app.test_client(user=admin)

    assert browser.get("/admin/").status_code == 200
    assert browser.get(admin_url(entity)).status_code == 200
    search = browser.get(admin_url(entity), query_string={"search": "anything"})
    assert search.status_code == 200
    for index, _ in enumerate(admin_view(app, entity)._filters or []):
        response = browser.get(admin_url(entity), query_string={f"flt0_{index}": "1"})
        assert response.status_code == 200, index


@each_entity
def test_staff_can_edit(app, admin, entity):
    browser = app.test_client(user=admin)
    obj = db.session.scalars(db.select(entity.model)).first()
    action = f"edit/?id={obj.id}"

    data = form_data(entity, obj, browser, action)

    response = browser.post(admin_url(entity, action), data=data)

    assert response.status_code == 302, response.text
    assert browser.get(admin_url(entity, action)).status_code == 200


@each_entity
def test_staff_can_create_and_delete(app, admin, entity):
    browser = app.test_client(user=admin)
    obj = db.session.scalars(db.select(entity.model)).first()
    data = form_data(entity, obj, browser, "new/")
    delete_with_dependents(obj)
    before = count(entity)

    added = browser.post(admin_url(entity, "new/"), data=data)

    assert added.status_code == 302, added.text
    assert count(entity) == before + 1
    newest = db.select(entity.model).order_by(entity.model.id.desc())
    new = db.session.scalars(newest).first()
    if entity.owned:
        assert new.owner_id == admin.id

    token = csrf_token(browser, admin_url(entity))
    data = {"id": new.id, "csrf_token": token}
    deleted = browser.post(admin_url(entity, "delete/"), data=data)

    assert deleted.status_code == 302
    assert count(entity) == before


def test_forms_without_csrf_token_are_refused(app, admin):
    entity = ENTITIES[0]
    obj = db.session.scalars(db.select(entity.model)).first()
    browser = app.test_client(user=admin)

    response = browser.post(admin_url(entity, "delete/"), data={"id": obj.id})

    assert response.status_code == 400
    assert db.session.get(entity.model, obj.id) is not None


def test_staff_manage_users_without_seeing_password_hashes(app, admin):
    browser = app.test_client(user=admin)
    page = browser.get("/admin/user/new/")
    data = {"username": "carol", "password": "a-long-passphrase", "is_active": "y"}

    data["csrf_token"] = csrf_token(browser, "/admin/user/new/")

    added = browser.post("/admin/user/new/", data=data)

    assert "password_hash" not in page.text
    assert added.status_code == 302
    carol = db.session.execute(db.select(User).filter_by(username="carol")).scalar_one()
    assert carol.check_password("a-long-passphrase")
    assert "a-long-passphrase" not in carol.password_hash
