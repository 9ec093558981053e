"""The fixed workload of ``diptych bench``: which entity, which requests, and their wrk scripts.

Both apps get exactly the same requests: the paths, bodies and headers are
computed here once from the normalised spec. Writes carry a placeholder
(``@N@`` in strings, ``@I@`` for integers) that the wrk script replaces with a
per-thread counter, so unique fields stay unique under load.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from datetime import datetime
from datetime import time
from decimal import Decimal
from typing import Any

from ..demo import DEMO_PASSWORD
from ..demo import scalar_value
from ..model import Entity
from ..model import Field
from ..model import Project

TEXT_TYPES = ("string", "text", "slug", "email", "url")


@dataclass(frozen=True)
class Endpoint:
    """One measured request kind; ``path`` may hold ``{id}``, filled per app before the run."""

    key: str
    label: str
    method: str = "GET"
    path: str = "/"
    auth: bool = False
    body: dict[str, Any] | None = None
    expect: int = 200
    floor: bool = False
    """A reference (bare WSGI, hello, hand-written minimal), not the generated app."""
    ids: str = ""
    """``delete``: the request walks through the bulk rows' ids instead of one ``{id}``."""
    apps: tuple[str, ...] = dataclass_field(default=("django", "flask"))


def target_entity(project: Project) -> Entity:
    """The entity the bench drives: the one with the most fields (relations count double)."""
    return max(
        project.entities,
        key=lambda entity: len(entity.fields) + len(entity.fks) + len(entity.m2ms),
    )


def json_value(value: Any) -> Any:
    """A demo value as the API's JSON carries it."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def unique_text(field: Field) -> str:
    """A value for a unique text field, with the ``@N@`` counter, inside ``max_length``."""
    if field.type == "email":
        return "b@N@@example.com"
    if field.type == "url":
        return "https://example.com/b/@N@"
    return "@N@" if (field.max_length or 200) < 12 else "bench @N@"


def create_body(entity: Entity, user_id: int) -> dict[str, Any]:
    """A valid body for ``POST``: demo values, the first rows of related entities."""
    body: dict[str, Any] = {}
    for field in entity.fields:
        if field.is_fk:
            if field.targets_user:
                body[field.name] = user_id
            elif field.required or not field.self_reference:
                body[field.name] = 1
        elif field.is_m2m:
            body[field.name] = [user_id] if field.targets_user else [1]
        elif field.unique and field.type in TEXT_TYPES:
            body[field.name] = unique_text(field)
        elif field.unique and field.type == "integer":
            body[field.name] = "@I@"
        else:
            body[field.name] = json_value(scalar_value(field, 0))
    return body


def update_body(entity: Entity) -> dict[str, Any]:
    """A ``PATCH`` changing one scalar: the first non-unique text field if there is one."""
    texts = [f for f in entity.scalar_fields if f.type in ("string", "text") and not f.unique]
    if texts:
        field = texts[0]
        return {field.name: "Updated"[: field.max_length or 7]}
    field = entity.scalar_fields[0] if entity.scalar_fields else entity.fields[0]
    return {field.name: create_body(entity, 1)[field.name]}


def query_string(entity: Entity) -> str:
    """Search, one filter and an ordering, the way a list page in a client would ask."""
    params = []
    if entity.admin_search:
        params.append("search=1")
    if entity.admin_filter:
        field = entity.field(entity.admin_filter[0])
        if field.type == "choice":
            value = field.choices[0].value
        elif field.type == "boolean":
            value = "true"
        else:
            value = "1"
        params.append(f"{field.name}={value}")
    ordering = next((name for name in entity.ordering_fields if name not in ("id",)), "id")
    params.append(f"ordering=-{ordering}")
    return "?" + "&".join(params)


def endpoints(project: Project) -> list[Endpoint]:
    """The generated apps' endpoints, then the floors, in the order they are run."""
    entity = target_entity(project)
    base = f"/api/{entity.plural}/"
    writes = entity.api_write in ("authenticated", "owner", "staff")
    rows = [
        Endpoint("home", "home page", path="/"),
        Endpoint("list", f"GET {base}", path=base),
        Endpoint(
            "list_query", f"GET {base}{query_string(entity)}", path=base + query_string(entity)
        ),
        Endpoint("detail", f"GET {base}{{id}}/", path=base + "{id}/"),
        Endpoint("list_auth", f"GET {base} (token)", path=base, auth=True),
        Endpoint("detail_auth", f"GET {base}{{id}}/ (token)", path=base + "{id}/", auth=True),
        Endpoint(
            "token",
            "POST /api/token/",
            method="POST",
            path="/api/token/",
            body={"username": "alice", "password": DEMO_PASSWORD},
        ),
    ]
    if writes:
        rows += [
            Endpoint("create", f"POST {base}", "POST", base, True, {}, 201),
            Endpoint("update", f"PATCH {base}{{id}}/", "PATCH", base + "{id}/", True, {}, 200),
            Endpoint(
                "delete",
                f"DELETE {base}{{id}}/",
                "DELETE",
                base + "{id}/",
                True,
                None,
                204,
                ids="bulk",
            ),
        ]
    rows += [
        Endpoint("bare", "bare WSGI callable", path="/", floor=True, apps=("wsgi",)),
        Endpoint("hello", "hello JSON", path="/bench/hello/", floor=True),
        Endpoint("minimal", f"minimal GET {base}", path="/bench/minimal/", floor=True),
        Endpoint(
            "minimal_detail",
            f"minimal GET {base}{{id}}/",
            path="/bench/minimal/{id}/",
            floor=True,
        ),
    ]
    return rows


TWINS = {
    "list": "minimal",
    "list_query": "minimal",
    "list_auth": "minimal",
    "detail": "minimal_detail",
    "detail_auth": "minimal_detail",
}
"""The generated reads and the hand-written floor that does the same query and JSON."""


def schedule(rows: list[Endpoint], round_number: int) -> list[tuple[Endpoint, str]]:
    """The runs of one round: (endpoint, app), each twin floor right beside its reads.

    The floor runs before its reads in even rounds and after them in odd ones, and
    Flask after Django, then before, so a machine growing busier during a round
    favours neither side of a ratio.
    """
    groups: dict[str, list[Endpoint]] = {}
    for row in rows:
        if row.key in TWINS.values():
            groups.setdefault(row.key, []).insert(0, row)
        else:
            groups.setdefault(TWINS.get(row.key, row.key), []).append(row)
    flip = round_number % 2 == 1
    runs = []
    for group in groups.values():
        for row in reversed(group) if flip else group:
            runs += [(row, app) for app in (reversed(row.apps) if flip else row.apps)]
    return runs


WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "status_errors": %d, '
    .. '"socket_errors": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def lua_script(
    method: str,
    path: str,
    headers: dict[str, str],
    body: dict[str, Any] | None,
    ids: list[int] | None = None,
    threads: int = 2,
    start: int = 0,
) -> str:
    """A wrk script: one request kind, with counters for unique values and for ids to delete.

    ``start`` is where the counters start, so a later round of the same writes
    makes new unique values.
    """
    lines = [
        f"local threads, counter, serial = {{}}, {start}, 0",
        f"local method, path = {json.dumps(method)}, {json.dumps(path)}",
        f"local body = {_lua_string(json.dumps(body)) if body is not None else 'nil'}",
        f"local ids = {{{', '.join(map(str, ids or []))}}}",
        "local headers = {}",
    ]
    for name, value in headers.items():
        lines.append(f"headers[{json.dumps(name)}] = {json.dumps(value)}")
    lines.append(
        """
function setup(thread)
  serial = serial + 1
  thread:set("tid", serial)
  table.insert(threads, thread)
end

function init(args)
  tid = tid or 1
end

request = function()
  counter = counter + 1
  local p = path
  if #ids > 0 then
    -- each thread deletes its own share of the rows, once
    local index = (counter - START - 1) * THREADS + tid
    p = string.gsub(path, "{id}", tostring(ids[((index - 1) % #ids) + 1]))
  end
  local b = body
  if b then
    local n = string.format("%d%06d", tid, counter)
    b = string.gsub(string.gsub(b, "@N@", n), '"@I@"', tostring(tid * 10000000 + counter))
  end
  return wrk.format(method, p, headers, b)
end
""".replace("THREADS", str(threads)).replace("START", str(start))
    )
    return "\n".join(lines) + WRK_DONE


def _lua_string(text: str) -> str:
    """A Lua long string holding ``text`` (JSON never contains ``]==]``)."""
    return f"[==[{text}]==]"
