"""What the tests know about each entity, written from the spec."""

from dataclasses import dataclass
from dataclasses import field

from blog import models
from blog import schemas
from blog.extensions import db

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
        model=models.Category,
        schema=schemas.CategorySchema,
        plural="categories",
        list_endpoint="api.category_list",
        ordering=[models.Category.id],
        keys=["id", "name", "parent"],
        required=["name"],
        invalid=[
            ("name", ""),
            ("name", "x" * 81),
            ("name", ["a list"]),
            ("parent", 999999),
            ("parent", "abc"),
            ("parent", 10**30),
        ],
        search=["name"],
        filters=["parent"],
        invalid_filters=[("parent", "abc")],
    ),
    Entity(
        model=models.Tag,
        schema=schemas.TagSchema,
        plural="tags",
        list_endpoint="api.tag_list",
        ordering=[models.Tag.id],
        keys=["id", "name"],
        required=["name"],
        invalid=[("name", ""), ("name", "x" * 41), ("name", ["a list"])],
        search=["name"],
    ),
    Entity(
        model=models.Post,
        schema=schemas.PostSchema,
        plural="posts",
        list_endpoint="api.post_list",
        ordering=[models.Post.created_at.desc(), models.Post.id],
        keys=[
            "id",
            "title",
            "slug",
            "body",
            "status",
            "category",
            "tags",
            "published_at",
            "owner",
            "created_at",
            "updated_at",
        ],
        required=["title", "slug", "body"],
        invalid=[
            ("title", ""),
            ("title", "x" * 201),
            ("title", ["a list"]),
            ("slug", ""),
            ("slug", "x" * 201),
            ("slug", ["a list"]),
            ("body", ""),
            ("body", {"an": "object"}),
            ("status", ""),
            ("status", "x" * 10),
            ("category", 999999),
            ("category", "abc"),
            ("category", 10**30),
            ("tags", [999999]),
            ("tags", "abc"),
            ("published_at", "not a datetime"),
        ],
        search=["title", "body"],
        filters=["status", "category"],
        invalid_filters=[("status", "x" * 10), ("category", "abc")],
        write="owner",
        page_size=10,
    ),
    Entity(
        model=models.Comment,
        schema=schemas.CommentSchema,
        plural="comments",
        list_endpoint="api.comment_list",
        ordering=[models.Comment.created_at, models.Comment.id],
        keys=["id", "post", "body", "approved", "owner", "created_at", "updated_at"],
        required=["post", "body"],
        invalid=[
            ("post", 999999),
            ("post", "abc"),
            ("post", 10**30),
            ("body", ""),
            ("body", {"an": "object"}),
            ("approved", "abc"),
        ],
        search=["body"],
        filters=["post", "approved"],
        invalid_filters=[("post", "abc"), ("approved", "maybe")],
        write="owner",
        page_size=50,
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
