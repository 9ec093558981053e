"""The home page: the project, its entities and where to find them; the health check."""

from flask import Blueprint
from flask import render_template
from flask import url_for
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .models import Author
from .models import Book
from .models import Tag

bp = Blueprint("views", __name__)

PROJECT_NAME = "Bookshelf"
DESCRIPTION = "A tiny catalogue of books."
# (label, model, API endpoint) for each entity, in the spec's order
ENTITIES = [
    ("Authors", Author, "api.author_list"),
    ("Tags", Tag, "api.tag_list"),
    ("Books", Book, "api.book_list"),
]


@bp.app_context_processor
def project():
    # every page's title shows the project name
    return {"project_name": PROJECT_NAME}


@bp.route("/")
def home():
    entities = [
        {
            "label": label,
            "count": db.session.scalar(db.select(db.func.count()).select_from(model)),
            "api_url": url_for(endpoint),
            "admin_url": url_for(f"{model.__name__.lower()}.index_view"),
        }
        for label, model, endpoint in ENTITIES
    ]
    return render_template("home.html", description=DESCRIPTION, entities=entities)


@bp.route("/healthz")
def healthz():
    """200 while the database answers a query, 503 when it does not: for load balancers."""
    try:
        db.session.execute(db.text("SELECT 1"))
    except SQLAlchemyError:
        return {"status": "unavailable"}, 503
    return {"status": "ok"}
