"""What the tests know about each entity, written from the spec."""

from dataclasses import dataclass
from dataclasses import field

from bookshelf import models
from bookshelf import schemas
from bookshelf.extensions import db

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
        model=models.Author,
        schema=schemas.AuthorSchema,
        plural="authors",
        list_endpoint="api.author_list",
        ordering=[models.Author.id],
        keys=["id", "name", "born"],
        required=["name"],
        invalid=[
            ("name", ""),
            ("name", "x" * 121),
            ("name", ["a list"]),
            ("born", "not a date"),
            ("born", "2024-02-30"),
        ],
        search=["name"],
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
        model=models.Book,
        schema=schemas.BookSchema,
        plural="books",
        list_endpoint="api.book_list",
        ordering=[models.Book.published.desc(), models.Book.title, models.Book.id],
        keys=[
            "id",
            "title",
            "isbn",
            "summary",
            "published",
            "pages",
            "rating",
            "price",
            "genre",
            "in_print",
            "contact",
            "website",
            "released_at",
            "author",
            "translator",
            "tags",
            "owner",
            "created_at",
            "updated_at",
        ],
        required=["title", "isbn", "author"],
        invalid=[
            ("title", ""),
            ("title", "x" * 201),
            ("title", ["a list"]),
            ("isbn", ""),
            ("isbn", "x" * 14),
            ("isbn", ["a list"]),
            ("summary", {"an": "object"}),
            ("published", "not a date"),
            ("published", "2024-02-30"),
            ("pages", "abc"),
            ("pages", 1.5),
            ("pages", [1]),
            ("pages", 10**30),
            ("pages", 0),
            ("rating", "abc"),
            ("rating", [1]),
            ("rating", -1.0),
            ("rating", 6.0),
            ("price", "abc"),
            ("price", "0.111"),
            ("price", "11111"),
            ("genre", ""),
            ("genre", "x" * 11),
            ("in_print", "abc"),
            ("contact", "x" * 255),
            ("contact", ["a list"]),
            ("contact", "not an email"),
            ("website", "x" * 201),
            ("website", ["a list"]),
            ("website", "not a url"),
            ("released_at", "not a datetime"),
            ("author", 999999),
            ("author", "abc"),
            ("author", 10**30),
            ("translator", 999999),
            ("translator", "abc"),
            ("translator", 10**30),
            ("tags", [999999]),
            ("tags", "abc"),
        ],
        search=["title", "isbn"],
        filters=["genre", "in_print", "author"],
        invalid_filters=[("genre", "x" * 11), ("in_print", "maybe"), ("author", "abc")],
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
