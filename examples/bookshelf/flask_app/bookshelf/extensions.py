"""Flask extensions, created once without an app and bound to each app in create_app()."""

import sqlite3

from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # named constraints: Alembic's batch mode (SQLite) cannot add or drop unnamed ones
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
# SQLite cannot ALTER most things: Alembic rewrites its tables in batches instead
migrate = Migrate(db=db, render_as_batch=True, compare_type=True)
login_manager = LoginManager()
mail = Mail()
csrf = CSRFProtect()
rest_api = Api()
# no catch-all "default" error in the document: each view's answers are DRF's
rest_api.DEFAULT_ERROR_RESPONSE_NAME = None
login_manager.login_view = "auth.login"
admin = Admin(name="Bookshelf", theme=Bootstrap4Theme())


@event.listens_for(Engine, "connect")
def configure_sqlite(dbapi_connection, connection_record):
    """Foreign keys on (SQLite ignores ON DELETE rules otherwise) and safe concurrent writers."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # readers never wait for a writer, and a writer waits for another instead of failing
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=20000")
        cursor.close()
