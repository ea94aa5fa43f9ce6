"""Alembic environment: the app's metadata, and the database from DATABASE_URL (or -x url=...)."""

from logging.config import fileConfig
from typing import Any

from alembic import context
from alembic.operations import ops
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from app.config import get_settings
from app.db import make_engine
from app.models import metadata
from app.models.base import StrEnumType

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _url() -> str:
    return context.get_x_argument(as_dictionary=True).get("url") or get_settings().database_url


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """A column holding a ``Labelled`` enum is a plain VARCHAR in the database: written so, a migration
    needs nothing of the app (the enum is only the model's view of the column)."""
    if type_ == "type" and isinstance(obj, StrEnumType):
        return f"sa.String(length={obj.impl_instance.length})"
    return False


def _numbered(context: Any, revision: Any, directives: list[ops.MigrationScript]) -> None:
    """A new migration's revision id is the next number (``0023``), as every earlier one's is, unless one is
    given with ``--rev-id``."""
    script = directives[0] if directives else None
    if script is None or script.rev_id is None or getattr(config.cmd_opts, "rev_id", None):
        return
    ids = [r.revision for r in ScriptDirectory.from_config(config).walk_revisions() if r.revision.isdigit()]
    script.rev_id = f"{max(map(int, ids), default=0) + 1:04d}"


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
        process_revision_directives=_numbered,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
