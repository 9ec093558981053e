from contextlib import contextmanager

import pytest
from sqlalchemy import event

from blog.extensions import db

from .conftest import csrf_token
from .entities import ENTITIES
from .entities import delete_with_dependents
from .entities import payload_of

each_entity = pytest.mark.parametrize("entity", ENTITIES, ids=str)


def writer(entity, alice, admin):
    """A user allowed to create rows of ``entity``."""
    return admin if entity.write == "staff" else alice


def reader(entity, as_user, client, alice):
    """A client allowed to read ``entity``."""
    return client if entity.read == "public" else as_user(alice)


def rows(entity, **filters):
    query = db.select(entity.model).filter_by(**filters)
    return db.session.scalars(query.order_by(*entity.ordering)).all()


def fresh(entity, obj):
    """``obj`` as the database holds it now, after requests changed it."""
    db.session.expunge_all()
    return db.session.get(entity.model, obj.id)


@each_entity
def test_list_is_a_page_of_objects_in_default_order(
    entity, demo, as_user, client, alice
):
    response = reader(entity, as_user, client, alice).get(entity.list_url)

    assert response.status_code == 200
    body = response.json
    assert list(body) == ["count", "next", "previous", "results"]
    assert body["count"] == len(rows(entity))
    assert body["previous"] is None
    assert (body["next"] is None) == (body["count"] <= entity.page_size)
    ids = [row["id"] for row in body["results"]]
    assert ids == [obj.id for obj in rows(entity)][: entity.page_size]
    assert all(list(row) == entity.keys for row in body["results"])


@each_entity
def test_detail_shows_every_field_in_spec_order(entity, demo, as_user, client, alice):
    api = reader(entity, as_user, client, alice)
    obj = rows(entity)[-1]

    response = api.get(entity.detail_url(obj.id))

    assert response.status_code == 200
    body = response.json
    assert list(body) == entity.keys
    listed = {row["id"]: row for row in api.get(entity.list_url).json["results"]}
    assert listed.get(obj.id, body) == body
    for key, value in body.items():
        if isinstance(value, list):
            assert value == sorted(value), f"{key} ids are sorted"


@each_entity
def test_unknown_object_and_page_are_json_404s(entity, demo, as_user, client, alice):
    api = reader(entity, as_user, client, alice)

    for url in (
        entity.detail_url(999999),
        entity.detail_url(10**30),
        entity.list_url + "?page=999",
        entity.list_url + "?page=abc",
    ):
        response = api.get(url)
        assert response.status_code == 404, url
        assert "detail" in response.json


@each_entity
def test_pages_link_to_each_other(entity, demo, monkeypatch, as_user, client, alice):
    list_view = client.application.view_functions[entity.list_endpoint].view_class
    monkeypatch.setattr(list_view, "per_page", 1)
    api = reader(entity, as_user, client, alice)

    first = api.get(entity.list_url, query_string={"search": ""}).json
    if first["count"] < 2:
        # one demo row (its values could not tell more apart): a single page
        assert first["next"] is None and first["previous"] is None
        return
    second = api.get(first["next"]).json

    assert first["next"] == f"http://localhost{entity.list_url}?page=2&search="
    assert second["previous"] == f"http://localhost{entity.list_url}?search="
    assert second["results"][0]["id"] != first["results"][0]["id"]


@each_entity
def test_search_and_ordering(entity, demo, as_user, client, alice):
    api = reader(entity, as_user, client, alice)

    response = api.get(entity.list_url, query_string={"ordering": "-id,no_such_field"})
    assert response.status_code == 200
    ids = [row["id"] for row in response.json["results"]]
    assert ids == sorted(ids, reverse=True)

    if entity.search:
        obj = rows(entity)[0]
        term = str(getattr(obj, entity.search[0]))
        # SQLite folds the case of ASCII letters only
        term = term.upper() if term.isascii() else term
        found = api.get(entity.list_url, query_string={"search": term}).json
        assert obj.id in [row["id"] for row in found["results"]]
        nothing = api.get(entity.list_url, query_string={"search": "no row has this"})
        assert nothing.json["count"] == 0


@each_entity
def test_exact_filters(entity, demo, as_user, client, alice):
    api = reader(entity, as_user, client, alice)
    obj = rows(entity)[0]
    sent = api.get(entity.detail_url(obj.id)).json

    for name in entity.filters:
        value = sent[name]
        if value is None:
            continue
        param = str(value).lower() if isinstance(value, bool) else value
        response = api.get(entity.list_url, query_string={name: param})
        assert response.status_code == 200, name
        found = response.json["results"]
        assert obj.id in [row["id"] for row in found]
        assert all(row[name] == value for row in found)


@each_entity
def test_invalid_filter_values_are_400s(entity, demo, as_user, client, alice):
    api = reader(entity, as_user, client, alice)

    for name, value in entity.invalid_filters:
        response = api.get(entity.list_url, query_string={name: value})
        assert response.status_code == 400, name
        assert name in response.json


@each_entity
def test_create_read_update_delete(entity, demo, as_user, alice, admin):
    obj = rows(entity)[0]
    payload = payload_of(entity, obj)
    delete_with_dependents(obj)
    api = as_user(writer(entity, alice, admin))

    created = api.post(entity.list_url, json=payload)
    assert created.status_code == 201, created.json
    body = created.json
    assert list(body) == entity.keys
    assert {key: body[key] for key in payload} == payload
    if entity.owned:
        assert body["owner"] == writer(entity, alice, admin).username
    url = entity.detail_url(body["id"])

    assert api.get(url).json == body
    replaced = api.put(url, json=payload)
    assert replaced.status_code == 200, replaced.json
    patched = api.patch(url, json={})
    assert patched.status_code == 200
    assert {key: patched.json[key] for key in payload} == payload

    deleted = api.delete(url)
    assert deleted.status_code == 204
    assert deleted.data == b""
    assert api.get(url).status_code == 404


@each_entity
def test_read_only_fields_sent_by_clients_are_ignored(
    entity, demo, as_user, alice, admin
):
    obj = rows(entity)[0]
    payload = payload_of(entity, obj)
    delete_with_dependents(obj)
    api = as_user(writer(entity, alice, admin))
    sneaky = {
        **payload,
        "id": 424242,
        "owner": "bob",
        "created_at": "2000-01-01T00:00:00Z",
        "updated_at": "2000-01-01T00:00:00Z",
    }

    body = api.post(entity.list_url, json=sneaky).json

    assert body["id"] != 424242
    if entity.owned:
        assert body["owner"] != "bob"
    if "created_at" in entity.keys:
        assert not body["created_at"].startswith("2000")


@each_entity
def test_required_fields_are_required_on_post_and_put(entity, demo, as_user, admin):
    api = as_user(admin)
    obj = rows(entity)[0]

    for response in (
        api.post(entity.list_url, json={}),
        api.put(entity.detail_url(obj.id), json={}),
    ):
        if entity.required:
            assert response.status_code == 400
            assert set(entity.required) <= set(response.json)
        else:
            assert response.status_code in (200, 201)


@each_entity
def test_invalid_values_are_400s_naming_the_field(entity, demo, as_user, alice, admin):
    api = as_user(writer(entity, alice, admin))
    payload = payload_of(entity, rows(entity)[0])
    count = len(rows(entity))

    for name, value in entity.invalid:
        response = api.post(entity.list_url, json={**payload, name: value})
        assert response.status_code == 400, (name, value)
        assert name in response.json, (name, value, response.json)
    assert len(rows(entity)) == count


@each_entity
def test_unique_fields_are_400s_not_database_errors(
    entity, demo, as_user, alice, admin
):
    api = as_user(writer(entity, alice, admin))
    obj = rows(entity)[0]
    payload = payload_of(entity, obj)
    unique = [
        column.name
        for column in entity.model.__table__.columns
        if column.unique and column.name in payload
    ]

    response = api.post(entity.list_url, json=payload)

    if unique:
        assert response.status_code == 400
        assert set(unique) <= set(response.json)
        # the object itself does not clash with its own values
        put = as_user(admin).put(entity.detail_url(obj.id), json=payload)
        assert put.status_code == 200


@each_entity
def test_anonymous_writes_are_401s(entity, demo, ctx, client):
    obj = rows(entity)[0]

    for response in (
        client.post(entity.list_url, json={}),
        client.patch(entity.detail_url(obj.id), json={}),
        client.delete(entity.detail_url(obj.id)),
    ):
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Token"
        assert "detail" in response.json


@each_entity
def test_read_permission(entity, demo, client):
    response = client.get(entity.list_url)

    if entity.read == "public":
        assert response.status_code == 200
    else:
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Token"


@each_entity
def test_write_permission(entity, demo, as_user, alice, bob, admin):
    obj = rows(entity, **owned_by(entity, alice))[0]
    url = entity.detail_url(obj.id)

    bob_answer = as_user(bob).patch(url, json={}).status_code
    admin_answer = as_user(admin).patch(url, json={}).status_code

    assert admin_answer == 200
    if entity.write == "authenticated":
        assert bob_answer == 200
    else:
        assert bob_answer == 403
    if entity.write == "staff":
        assert as_user(alice).post(entity.list_url, json={}).status_code == 403


def owned_by(entity, user):
    return {"owner": user} if entity.owned else {}


def test_a_bad_token_is_401(demo, client):
    response = client.get("/api/me/", headers={"Authorization": "Token nonsense"})

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"


@each_entity
def test_session_writes_need_csrf(entity, app, admin):
    obj = rows(entity)[0]
    browser = app.test_client(user=admin)

    refused = browser.patch(entity.detail_url(obj.id), json={})
    accepted = browser.patch(
        entity.detail_url(obj.id),
        json={},
        headers={"X-CSRFToken": csrf_token(browser, "/")},
    )

    assert refused.status_code == 403
    assert "detail" in refused.json
    assert accepted.status_code == 200


@each_entity
def test_list_queries_do_not_grow_with_rows(entity, app, demo, as_user, client, alice):
    api = reader(entity, as_user, client, alice)
    with count_queries(app) as many:
        api.get(entity.list_url)
    # one at a time: a delete may cascade to rows further down the list
    while len(rows(entity)) > 1:
        delete_with_dependents(rows(entity)[-1])
    with count_queries(app) as one:
        api.get(entity.list_url)

    assert len(rows(entity)) == 1
    assert len(one) == len(many)


@contextmanager
def count_queries(app):
    """The SQL statements the app sends while the block runs."""
    statements = []

    def record(connection, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@each_entity
def test_protected_rows_cannot_be_deleted(entity, demo, as_user, admin):
    api = as_user(admin)
    protecting = [
        key
        for key in entity.model.__table__.foreign_keys
        if key.ondelete == "RESTRICT" and key.column.table is not entity.model.__table__
    ]

    for key in protecting:
        obj = next(row for row in rows(entity) if getattr(row, key.parent.name))
        target = next(e for e in ENTITIES if e.model.__table__ is key.column.table)
        response = api.delete(target.detail_url(getattr(obj, key.parent.name)))
        assert response.status_code == 409
        assert "detail" in response.json


@each_entity
def test_on_delete_cascade_and_set_null(entity, demo, as_user, admin):
    api = as_user(admin)

    for key in entity.model.__table__.foreign_keys:
        targets = [e for e in ENTITIES if e.model.__table__ is key.column.table]
        if key.ondelete not in ("CASCADE", "SET NULL") or targets in ([], [entity]):
            continue
        obj = next((row for row in rows(entity) if getattr(row, key.parent.name)), None)
        if obj is None:
            continue
        response = api.delete(targets[0].detail_url(getattr(obj, key.parent.name)))
        if response.status_code == 409:
            continue  # another key protects the target row
        after = fresh(entity, obj)
        if key.ondelete == "CASCADE":
            assert after is None
        else:
            assert after is not None and getattr(after, key.parent.name) is None


def test_malformed_json_is_400(demo, as_user, alice, admin):
    entity = ENTITIES[0]
    api = as_user(writer(entity, alice, admin))

    response = api.post(
        entity.list_url, data="{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert "detail" in response.json


def test_body_that_is_not_an_object_is_400(demo, as_user, alice, admin):
    entity = ENTITIES[0]
    api = as_user(writer(entity, alice, admin))

    response = api.post(entity.list_url, json=[1, 2])

    assert response.status_code == 400
    assert "non_field_errors" in response.json


def test_body_that_is_not_json_is_415(demo, as_user, alice, admin):
    entity = ENTITIES[0]
    api = as_user(writer(entity, alice, admin))

    response = api.post(entity.list_url, data="name=x", content_type="text/plain")

    assert response.status_code == 415
    assert "detail" in response.json


def test_wrong_method_is_405(demo, as_user, admin):
    response = as_user(admin).put(ENTITIES[0].list_url, json={})

    assert response.status_code == 405
    assert "detail" in response.json


def test_unknown_api_url_is_a_json_404(client):
    response = client.get("/api/no-such-thing/")

    assert response.status_code == 404
    assert "detail" in response.json


def test_token_for_good_credentials(demo, client):
    response = client.post(
        "/api/token/", json={"username": "alice", "password": "demo-password"}
    )

    assert response.status_code == 200
    assert list(response.json) == ["token"]
    assert len(response.json["token"]) == 40


def test_token_refused_for_bad_credentials(demo, client):
    response = client.post("/api/token/", json={"username": "alice", "password": "no"})

    assert response.status_code == 400
    assert "non_field_errors" in response.json


def test_me_with_a_token(demo, client):
    token = client.post(
        "/api/token/", json={"username": "admin", "password": "demo-password"}
    ).json["token"]

    response = client.get("/api/me/", headers={"Authorization": f"Token {token}"})

    assert response.status_code == 200
    assert response.json == {
        "id": response.json["id"],
        "username": "admin",
        "is_staff": True,
    }


def test_me_is_401_when_anonymous(client):
    response = client.get("/api/me/")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"


def test_openapi_document(client):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    document = response.json
    assert document["openapi"] == "3.0.3"
    for entity in ENTITIES:
        assert entity.list_url in document["paths"]
        assert entity.list_url + "{id}/" in document["paths"]


def test_api_docs_are_served_by_the_app(client):
    page = client.get("/api/docs/")
    with client.get("/api/docs/ui/swagger-ui-bundle.js") as script:
        assert script.status_code == 200

    assert page.status_code == 200
    assert b'src="/api/docs/ui/swagger-ui-bundle.js"' in page.data
    # no absolute URL: every file comes from this app
    assert b"://" not in page.data
