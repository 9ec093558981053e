"""What the tests know about each entity, written from the spec."""

from dataclasses import dataclass
from dataclasses import field

from todo import models
from todo import schemas
from todo.extensions import db

READ_ONLY = {"id", "owner", "created_at", "updated_at"}


@dataclass(frozen=True)
class Entity:
    model: type
    schema: type
    plural: str
    list_endpoint: str
    ordering: list
    keys: list
    """The keys of an object in the API, in order."""
    required: list
    """Fields a POST or PUT must send."""
    invalid: list
    """(field, value) pairs the API refuses with a 400 naming the field."""
    search: list = field(default_factory=list)
    filters: list = field(default_factory=list)
    invalid_filters: list = field(default_factory=list)
    read: str = "public"
    write: str = "authenticated"
    page_size: int = 20

    def __str__(self):
        return self.plural

    @property
    def list_url(self):
        return f"/api/{self.plural}/"

    def detail_url(self, pk):
        return f"/api/{self.plural}/{pk}/"

    @property
    def owned(self):
        return "owner" in self.keys


ENTITIES = [
    Entity(
        model=models.Task,
        schema=schemas.TaskSchema,
        plural="tasks",
        list_endpoint="api.task_list",
        ordering=[models.Task.done, models.Task.due, models.Task.id],
        keys=["id", "title", "done", "due", "owner"],
        required=["title"],
        invalid=[
            ("title", ""),
            ("title", "x" * 201),
            ("title", ["a list"]),
            ("done", "abc"),
            ("due", "not a date"),
            ("due", "2024-02-30"),
        ],
        search=["title"],
        filters=["done"],
        invalid_filters=[("done", "maybe")],
        write="owner",
    ),
]


def payload_of(entity, obj):
    """What a client sends to store ``obj`` again: its JSON without read-only keys."""
    data = entity.schema().dump(obj)
    return {key: value for key, value in data.items() if key not in READ_ONLY}


def model_of(table):
    return next(
        mapper.class_
        for mapper in db.Model.registry.mappers
        if mapper.local_table is table
    )


def delete_with_dependents(obj):
    """Delete ``obj``, first deleting the rows whose protecting keys point at it."""
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.ondelete == "RESTRICT" and key.column.table is obj.__table__:
                query = db.select(model_of(table)).where(key.parent == obj.id)
                for other in db.session.scalars(query).all():
                    delete_with_dependents(other)
    db.session.delete(obj)
    db.session.commit()
