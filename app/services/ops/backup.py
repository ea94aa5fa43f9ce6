"""Backup and restore of a SQLite database (``cohesion backup FILE``, ``cohesion restore FILE``).

Both use SQLite's online backup API, which copies a consistent snapshot page by page while the app keeps
running (WAL mode included); a plain file copy could catch a half-written transaction. A PostgreSQL database
is backed up with its own tools instead (``postgres_recipe``).
"""

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url

from app.db import normalise_url

SQLITE_HEADER = b"SQLite format 3\x00"


class BackupRefused(Exception):
    """The backup or restore cannot go ahead; the message says why, in words for the command line."""


def sqlite_path(database_url: str) -> Path | None:
    """The file of a SQLite database URL, or None for another database."""
    url = make_url(normalise_url(database_url))
    if url.get_backend_name() != "sqlite":
        return None
    if not url.database or url.database == ":memory:":
        raise BackupRefused("An in-memory SQLite database cannot be backed up")
    return Path(url.database)


def postgres_recipe(database_url: str) -> str:
    """How to back up and restore PostgreSQL with pg_dump and pg_restore (the password is never shown)."""
    url = make_url(normalise_url(database_url)).set(drivername="postgresql")
    shown = url.render_as_string(hide_password=True)
    return "\n".join(
        [
            "This database is PostgreSQL: back it up and restore it with PostgreSQL's own tools.",
            "  Back up (a consistent snapshot while the app runs):",
            f'    pg_dump --format=custom --no-owner --file=cohesion.dump "{shown}"',
            "  Restore into an empty database (stop the app first), then run `cohesion migrate`:",
            f'    pg_restore --no-owner --clean --if-exists --dbname="{shown}" cohesion.dump',
            "Put the real password in ~/.pgpass or PGPASSWORD rather than on the command line.",
        ]
    )


@contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        yield connection


def check_backup_file(path: Path) -> str:
    """The migration revision of a backup file of this app, after checking it is one and is intact."""
    if not path.is_file():
        raise BackupRefused(f"{path} does not exist")
    with path.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupRefused(f"{path} is not a SQLite database")
    try:
        with _read_only(path) as connection:
            result = connection.execute("PRAGMA integrity_check").fetchall()
            if result != [("ok",)]:
                raise BackupRefused(f"{path} is damaged: {result[0][0]}")
            has_versions = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            if not has_versions:
                raise BackupRefused(f"{path} is not a database of this app (it has no alembic_version table)")
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as problem:
        raise BackupRefused(f"{path} cannot be read as a SQLite database: {problem}") from None
    if revision is None:
        raise BackupRefused(f"{path} has never been migrated")
    return str(revision[0])


def backup_sqlite(*, database: Path, target: Path, overwrite: bool = False) -> None:
    """Copy the live database to ``target`` (written beside it first, then moved into place, so a failed
    backup never leaves a half-written file under the target's name)."""
    if not database.is_file():
        raise BackupRefused(f"There is no database at {database}")
    if target.exists() and not overwrite:
        raise BackupRefused(f"{target} already exists: choose another name, or pass --force to replace it")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with (
            closing(sqlite3.connect(database, timeout=10)) as source,
            closing(sqlite3.connect(partial)) as copy,
        ):
            source.backup(copy)
            # One self-contained file: the copy inherits WAL mode, which would need -wal and -shm files.
            copy.execute("PRAGMA journal_mode=DELETE")
        check_backup_file(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def restore_sqlite(*, backup: Path, database: Path) -> str:
    """Replace the database's contents with the backup's; returns the backup's migration revision.

    Stop the app first: the restore takes the database's write lock, and requests that start while it runs
    wait and then see the restored data."""
    revision = check_backup_file(backup)
    database.parent.mkdir(parents=True, exist_ok=True)
    with _read_only(backup) as source, closing(sqlite3.connect(database)) as live:
        source.backup(live)
        result = live.execute("PRAGMA integrity_check").fetchall()
    if result != [("ok",)]:
        raise BackupRefused(f"The restored database failed its integrity check: {result[0][0]}")
    return revision
