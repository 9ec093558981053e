"""The bench's data volume and the code it runs inside each app.

``bulk_plan`` computes, once for both apps, the extra rows of every entity
(demo values continued past the demo rows); each app then inserts the plan
with its own ORM in one transaction (Django ``bulk_create``, SQLAlchemy
``insert`` executemany). Foreign keys in the plan are positions among the
target's rows, turned into ids inside the app.

The modules written into each app add the floors: ``/bench/hello/`` and
``/bench/minimal/`` and ``/bench/minimal/<id>/`` (a hand-written list and
item endpoint doing the generated views' queries and returning their JSON,
without the REST layer), served by the app's own settings and middleware, so
only the view differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..demo import OWNERS
from ..demo import creation_order
from ..demo import row_count
from ..demo import scalar_value
from ..model import Entity
from ..model import Project

BULK_UNIQUE_TYPES = ("string", "text", "slug", "email", "url")


@dataclass(frozen=True)
class BulkEntity:
    """Rows to add to one entity: scalar values by field, fk/m2m as positions."""

    model: str
    rows: list[dict[str, Any]]
    fks: dict[str, str]
    """fk field name -> target model (``User`` for users)."""
    m2ms: dict[str, tuple[str, str, str, str]]
    """m2m field -> (target model, table, source column, target column)."""
    owner: bool


def bulk_count(entity: Entity, bulk: int) -> int:
    """``bulk`` rows, or none where unique values could not tell that many apart."""
    for field in entity.unique_fields:
        if field.is_fk or field.type not in (*BULK_UNIQUE_TYPES, "integer"):
            return 0
        if field.type == "integer" and field.max is not None:
            return 0
    return bulk


def bulk_plan(project: Project, bulk: int) -> list[BulkEntity]:
    """The same extra rows for both apps, continuing each entity's demo values."""
    plan = []
    counts: dict[str, int] = {}
    for entity in creation_order(project):
        first = row_count(entity, counts)
        count = bulk_count(entity, bulk)
        counts[entity.name] = first + count
        rows = []
        for n in range(first, first + count):
            values: dict[str, Any] = {f.name: scalar_value(f, n) for f in entity.scalar_fields}
            for f in entity.fks:
                optional_loop = f.self_reference or f.target not in counts
                values[f.name] = None if optional_loop and not f.required else n
            for f in entity.m2ms:
                values[f.name] = [n, n + 1, n + 2]
            if entity.owner:
                values["owner"] = OWNERS[n % len(OWNERS)]
            rows.append(values)
        m2ms = {}
        for f in entity.m2ms:
            table = entity.m2m_table(f)
            m2ms[f.name] = (f.target or "", table.name, table.source_column, table.target_column)
        plan.append(
            BulkEntity(
                entity.name,
                rows,
                {f.name: f.target or "" for f in entity.fks},
                m2ms,
                entity.owner,
            )
        )
    return plan


# Both loaders read the plan (a pickle of plain dicts) from DIPTYCH_BENCH_PLAN.
DJANGO_LOAD = """
import os, pickle
from django.apps import apps
from django.db import transaction
plan = pickle.load(open(os.environ["DIPTYCH_BENCH_PLAN"], "rb"))
app = apps.get_app_config(os.environ["DIPTYCH_BENCH_APP"])
User = app.get_model("User")
users = dict(User.objects.values_list("username", "pk"))

def ids(name):
    model = User if name == "User" else app.get_model(name)
    return list(model.objects.order_by("pk").values_list("pk", flat=True))

with transaction.atomic():
    for item in plan:
        model = app.get_model(item["model"])
        targets = {name: ids(target) for name, target in item["fks"].items()}
        objects = []
        for row in item["rows"]:
            skip = {*item["m2ms"], *item["fks"]}
            values = {k: v for k, v in row.items() if k not in skip}
            if item["owner"]:
                values["owner_id"] = users[values.pop("owner")]
            for name in item["fks"]:
                position = row[name]
                found = targets[name]
                linked = position is not None and found
                values[name + "_id"] = found[position % len(found)] if linked else None
            objects.append(model(**values))
        made = model.objects.bulk_create(objects, batch_size=500)
        if not item["m2ms"]:
            continue
        made_ids = [obj.pk for obj in made]
        if not made or made[0].pk is None:  # backends that do not return ids
            made_ids = ids(item["model"])[-len(objects) :]
        for name, (target, table, source_column, target_column) in item["m2ms"].items():
            through = model._meta.get_field(name).remote_field.through
            found = ids(target)
            rows = set()
            for pk, row in zip(made_ids, item["rows"]):
                for position in row[name]:
                    rows.add((pk, found[position % len(found)]))
            through.objects.bulk_create(
                [through(**{source_column: a, target_column: b}) for a, b in rows], batch_size=500
            )
print("loaded", sum(len(item["rows"]) for item in plan), "rows")
"""

FLASK_LOAD = """
import os, pickle
from sqlalchemy import insert, select
import PACKAGE.models as models
from PACKAGE import create_app
from PACKAGE.extensions import db
plan = pickle.load(open(os.environ["DIPTYCH_BENCH_PLAN"], "rb"))
app = create_app()
with app.app_context():
    users = dict(db.session.execute(select(models.User.username, models.User.id)).all())

    def ids(name):
        model = getattr(models, name)
        return list(db.session.scalars(select(model.id).order_by(model.id)))

    for item in plan:
        model = getattr(models, item["model"])
        targets = {name: ids(target) for name, target in item["fks"].items()}
        rows = []
        for row in item["rows"]:
            skip = {*item["m2ms"], *item["fks"]}
            values = {k: v for k, v in row.items() if k not in skip}
            if item["owner"]:
                values["owner_id"] = users[values.pop("owner")]
            for name in item["fks"]:
                position = row[name]
                found = targets[name]
                linked = position is not None and found
                values[name + "_id"] = found[position % len(found)] if linked else None
            rows.append(values)
        if not rows:
            continue
        db.session.execute(insert(model), rows)
        made_ids = ids(item["model"])[-len(rows):]
        for name, (target, table, source_column, target_column) in item["m2ms"].items():
            found = ids(target)
            links = set()
            for pk, row in zip(made_ids, item["rows"]):
                for position in row[name]:
                    links.add((pk, found[position % len(found)]))
            db.session.execute(
                insert(db.metadata.tables[table]),
                [{source_column: a, target_column: b} for a, b in links],
            )
    db.session.commit()
print("loaded", sum(len(item["rows"]) for item in plan), "rows")
"""


# The query counters: each endpoint once through the test client, after one warm-up
# request; one JSON line {key: queries}. DIPTYCH_BENCH_REQUESTS holds the requests.
DJANGO_COUNT = """
import json, os
import diptych_bench_django  # the floors' routes
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
settings.ROOT_URLCONF = "diptych_bench_django"
client = Client()
counts = {}
for item in json.loads(os.environ["DIPTYCH_BENCH_REQUESTS"]):
    headers = {"HTTP_AUTHORIZATION": "Token " + item["token"]} if item["token"] else {}
    def call():
        return client.generic(item["method"], item["path"], item["body"] or "",
                              content_type="application/json", **headers)
    if item["method"] == "GET":
        call()
    with CaptureQueriesContext(connection) as queries:
        answer = call()
    assert answer.status_code == item["expect"], (item, answer.status_code, answer.content[:500])
    counts[item["key"]] = len(queries.captured_queries)
print("COUNTS " + json.dumps(counts))
"""

FLASK_COUNT = """
import json, os
from sqlalchemy import event
from sqlalchemy.engine import Engine
from diptych_bench_flask import application as app
client = app.test_client()
queries = []
event.listen(Engine, "before_cursor_execute", lambda *args: queries.append(1))
counts = {}
for item in json.loads(os.environ["DIPTYCH_BENCH_REQUESTS"]):
    headers = {"Authorization": "Token " + item["token"]} if item["token"] else {}
    def call():
        return client.open(item["path"], method=item["method"], data=item["body"] or None,
                           content_type="application/json", headers=headers)
    if item["method"] == "GET":
        call()
    queries.clear()
    answer = call()
    assert answer.status_code == item["expect"], (item, answer.status_code, answer.data[:500])
    counts[item["key"]] = len(queries)
print("COUNTS " + json.dumps(counts))
"""


def minimal_target(entity: Entity) -> dict[str, Any]:
    """What the hand-written minimal endpoints need to know of the listed entity."""
    fields = ["id", *(f.name for f in entity.fields)]
    if entity.owner:
        fields.append("owner")
    if entity.timestamps:
        fields += ["created_at", "updated_at"]
    return {
        "model": entity.name,
        "fields": fields,
        "fks": [f.name for f in entity.fks],
        "m2ms": [f.name for f in entity.m2ms],
        "owner": entity.owner,
        "ordering": list(entity.db_ordering),
        "page_size": entity.page_size,
        "path": f"/api/{entity.plural}/",
    }


# The Django floors: the project's settings and middleware, two plain views.
DJANGO_FLOORS = '''
"""Floors for diptych bench: hello JSON, a minimal list and item, beside the generated URLs."""
import os
from datetime import date, datetime, time
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "SITE.settings")

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()

from django.apps import apps
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path

TARGET = TARGET_LITERAL
Model = apps.get_app_config("PACKAGE").get_model(TARGET["model"])


def plain(value):
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def hello(request):
    return JsonResponse({"hello": "world"})


def rows():
    found = Model.objects.prefetch_related(*TARGET["m2ms"])
    return found.select_related("owner") if TARGET["owner"] else found


def represent(row):
    item = {}
    for name in TARGET["fields"]:
        if name in TARGET["fks"]:
            item[name] = getattr(row, name + "_id")
        elif name in TARGET["m2ms"]:
            item[name] = sorted(other.pk for other in getattr(row, name).all())
        elif name == "owner":
            item[name] = row.owner.username
        else:
            item[name] = plain(getattr(row, name))
    return item


def minimal(request):
    count = Model.objects.count()
    page = rows().order_by(*TARGET["ordering"])[: TARGET["page_size"]]
    results = [represent(row) for row in page]
    more = count > TARGET["page_size"]
    following = request.build_absolute_uri(TARGET["path"] + "?page=2") if more else None
    return JsonResponse({"count": count, "next": following, "previous": None, "results": results})


def minimal_detail(request, pk):
    return JsonResponse(represent(get_object_or_404(rows(), pk=pk)))


urlpatterns = [
    path("bench/hello/", hello),
    path("bench/minimal/", minimal),
    path("bench/minimal/<int:pk>/", minimal_detail),
    path("", include(settings.ROOT_URLCONF)),
]
settings.ROOT_URLCONF = __name__
'''

# The Flask floors: the app's own factory (config, extensions, hooks), two plain views.
FLASK_FLOORS = '''
"""Floors for diptych bench: hello JSON, a minimal list and item, beside the generated routes."""
from datetime import date, datetime, time
from decimal import Decimal

from flask import abort, request
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from PACKAGE import create_app, models
from PACKAGE.extensions import db

TARGET = TARGET_LITERAL
Model = getattr(models, TARGET["model"])
ORDER = [
    getattr(Model, name[1:]).desc() if name.startswith("-") else getattr(Model, name)
    for name in TARGET["ordering"]
] + [Model.id]
OPTIONS = [selectinload(getattr(Model, name)) for name in TARGET["m2ms"]]
if TARGET["owner"]:
    OPTIONS.append(joinedload(Model.owner))


def plain(value):
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def hello():
    return {"hello": "world"}


def represent(row):
    item = {}
    for name in TARGET["fields"]:
        if name in TARGET["fks"]:
            item[name] = getattr(row, name + "_id")
        elif name in TARGET["m2ms"]:
            item[name] = sorted(other.id for other in getattr(row, name))
        elif name == "owner":
            item[name] = row.owner.username
        else:
            item[name] = plain(getattr(row, name))
    return item


def minimal():
    count = db.session.scalar(select(func.count()).select_from(Model))
    page = db.session.scalars(
        select(Model).options(*OPTIONS).order_by(*ORDER).limit(TARGET["page_size"])
    ).unique()
    results = [represent(row) for row in page]
    more = count > TARGET["page_size"]
    following = request.host_url.rstrip("/") + TARGET["path"] + "?page=2" if more else None
    return {"count": count, "next": following, "previous": None, "results": results}


def minimal_detail(pk):
    row = db.session.get(Model, pk, options=OPTIONS)
    if row is None:
        abort(404)
    return represent(row)


application = create_app()
application.add_url_rule("/bench/hello/", view_func=hello)
application.add_url_rule("/bench/minimal/", view_func=minimal)
application.add_url_rule("/bench/minimal/<int:pk>/", view_func=minimal_detail)
'''

# The floor of every Python web app: a WSGI callable and nothing else.
BARE_WSGI = '''
"""The bare WSGI floor: what any framework adds is measured above this."""
BODY = b'{"hello": "world"}'


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "18")])
    return [BODY]
'''
