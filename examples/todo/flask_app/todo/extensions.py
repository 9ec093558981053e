"""Flask extensions, created once without an app and bound to each app in create_app()."""

import sqlite3

from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
# SQLite cannot ALTER most things: Alembic rewrites its tables in batches instead
migrate = Migrate(db=db, render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
login_manager.login_view = "auth.login"
admin = Admin(name="Todo", theme=Bootstrap4Theme())


@event.listens_for(Engine, "connect")
def enable_sqlite_foreign_keys(dbapi_connection, connection_record):
    """SQLite ignores ON DELETE rules unless each connection asks for them."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
