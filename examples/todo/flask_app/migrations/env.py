import logging
import re
from decimal import Decimal
from decimal import InvalidOperation
from logging.config import fileConfig

from flask import current_app
from sqlalchemy import JSON

from alembic import context

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging.
# This line sets up loggers basically.
fileConfig(config.config_file_name)
logger = logging.getLogger('alembic.env')


def get_engine():
    try:
        # this works with Flask-SQLAlchemy<3 and Alchemical
        return current_app.extensions['migrate'].db.get_engine()
    except (TypeError, AttributeError):
        # this works with Flask-SQLAlchemy>=3
        return current_app.extensions['migrate'].db.engine


def get_engine_url():
    try:
        return get_engine().url.render_as_string(hide_password=False).replace(
            '%', '%%')
    except AttributeError:
        return str(get_engine().url).replace('%', '%%')


# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
config.set_main_option('sqlalchemy.url', get_engine_url())
target_db = current_app.extensions['migrate'].db

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def get_metadata():
    if hasattr(target_db, 'metadatas'):
        return target_db.metadatas[None]
    return target_db.metadata


def literal_value(sql):
    """A reflected default as the value it holds: ``'it''s'::character varying``,
    ``('')`` and ``(0.00)`` are ``it's``, the empty string and ``0.00``."""
    sql = sql.strip()
    while sql.startswith("(") and sql.endswith(")"):
        sql = sql[1:-1].strip()
    sql = re.sub(r"(::[a-z ]+(\([0-9, ]+\))?)+$", "", sql)  # PostgreSQL's casts
    if len(sql) >= 2 and sql[0] == sql[-1] == "'":
        return sql[1:-1].replace("''", "'")
    return sql


def compare_server_default(context, inspected_column, metadata_column,
                           inspected_default, metadata_default,
                           rendered_metadata_default):
    """Whether a column's server default changed, compared as literal values.

    The models' server defaults are all literals: a string, or SQL text for a
    number or a boolean. Alembic's own comparison reads SQLite's ``('')`` as a
    change on every run, and fails on PostgreSQL for a string holding a quote.
    """
    if metadata_default is None or inspected_default is None:
        return (metadata_default is None) != (inspected_default is None)
    found, wanted = literal_value(inspected_default), metadata_default.arg
    if isinstance(wanted, str):
        return found != wanted
    try:  # PostgreSQL gives 1e-07 back as 0.0000001
        return Decimal(found) != Decimal(wanted.text)
    except InvalidOperation:  # a boolean
        return found.lower() != wanted.text.lower()


def render_item(type_, obj, autogen_context):
    """A string server default written as Python writes the string; the app's JSON type.

    Alembic's own rendering strips a quote from either end of it (``"x'"``).
    """
    if type_ == "server_default" and isinstance(getattr(obj, "arg", None), str):
        return repr(obj.arg)
    if type_ == "type" and isinstance(obj, JSON) and type(obj) is not JSON:
        # the models' JSONValue, which only compares values its own way, is
        # SQLAlchemy's JSON, jsonb on PostgreSQL (Alembic would name the app's module)
        autogen_context.imports.add("from sqlalchemy.dialects import postgresql")
        return 'sa.JSON().with_variant(postgresql.JSONB(), "postgresql")'
    return False  # Alembic's own rendering


def run_migrations_offline():
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url, target_metadata=get_metadata(), literal_binds=True
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """

    # this callback is used to prevent an auto-migration from being generated
    # when there are no changes to the schema
    # reference: http://alembic.zzzcomputing.com/en/latest/cookbook.html
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, 'autogenerate', False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info('No changes in schema detected.')

    conf_args = current_app.extensions['migrate'].configure_args
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives
    # a changed default is a change of schema too (a field made optional gets one)
    conf_args.setdefault("compare_server_default", compare_server_default)
    conf_args.setdefault("render_item", render_item)

    connectable = get_engine()

    with connectable.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # batch mode copies and drops whole tables: without this, dropping a
            # parent table would run its ON DELETE rules on the child rows
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            # pysqlite opens a transaction only before DML; open it before the DDL
            # too, so a failed upgrade rolls back whole, as on PostgreSQL
            connection.exec_driver_sql("BEGIN")
        context.configure(
            connection=connection,
            target_metadata=get_metadata(),
            **conf_args
        )

        try:
            with context.begin_transaction():
                context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(f"rows with broken foreign keys: {broken}")
            connection.commit()
        finally:
            if sqlite:
                connection.rollback()
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
