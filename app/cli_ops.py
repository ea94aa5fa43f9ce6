"""Operations commands of ``cohesion``: backup, restore, export-place, erase-user and cleanup."""

import argparse
import json
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from sqlmodel import Session, select

from app.config import get_settings
from app.db import make_engine


@contextmanager
def command_session() -> Iterator[Session]:
    """A session on the configured database for one command; the command commits what it keeps, and the
    engine is closed after, however the command ends."""
    engine = make_engine(get_settings().database_url)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def _on_sqlite(not_done: str, step: Callable[[Path], str]) -> int:
    """Take ``step`` on the configured SQLite database's file and print what it says it did; or print why
    not (``not_done``: "Not backed up", ...) when it is refused, and for PostgreSQL how to do it with
    pg_dump and pg_restore instead."""
    from app.services.ops.backup import BackupRefused, postgres_recipe, sqlite_path

    url = get_settings().database_url
    try:
        database = sqlite_path(url)
        if database is None:
            print(postgres_recipe(url), file=sys.stderr)
            return 2
        done = step(database)
    except BackupRefused as refused:
        print(f"{not_done}: {refused}", file=sys.stderr)
        return 1
    print(done)
    return 0


def _ask(question: str) -> bool:
    """A yes/no question on the terminal; anything but "yes" or "y" (or no terminal at all) is no."""
    if not sys.stdin.isatty():
        return False
    try:
        return input(question).strip().lower() in ("y", "yes")
    except EOFError:
        return False


def cmd_backup(args: argparse.Namespace) -> int:
    from app.services.ops.backup import backup_sqlite

    def step(database: Path) -> str:
        backup_sqlite(database=database, target=Path(args.file), overwrite=args.force)
        return f"Backed up {database} to {args.file}."

    return _on_sqlite("Not backed up", step)


def cmd_restore(args: argparse.Namespace) -> int:
    from app.services.ops.backup import BackupRefused, check_backup_file, restore_sqlite

    backup = Path(args.file)

    def step(database: Path) -> str:
        check_backup_file(backup)
        in_use = database.exists() and database.stat().st_size > 0
        if in_use and not args.force:
            question = f"Replace everything in {database} with {backup}? This cannot be undone. [y/N] "
            if not _ask(question):
                raise BackupRefused(f"{database} already holds a database. Pass --force to replace it.")
        revision = restore_sqlite(backup=backup, database=database)
        return f"Restored {database} from {backup} (migration {revision}). Run `cohesion migrate` next."

    return _on_sqlite("Not restored", step)


def cmd_export_place(args: argparse.Namespace) -> int:
    from app.errors import NotFound
    from app.services.ops.portability import export_place

    with command_session() as session:
        try:
            document = export_place(session=session, place_slug=args.slug)
        except NotFound:
            print(f"No place has the short name {args.slug}.", file=sys.stderr)
            return 1
        text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        session.commit()  # the audit log entry for the export
    if args.output:
        print(f"Wrote everything about {args.slug} to {args.output}.", file=sys.stderr)
    return 0


def cmd_erase_user(args: argparse.Namespace) -> int:
    from app.models import User
    from app.services.accounts.auth import normalise_email
    from app.services.accounts.erasure import CannotErase, erase_user

    with command_session() as session:
        user = session.exec(select(User).where(User.email == normalise_email(args.email))).first()
        if user is None:
            print("No account has that email address.", file=sys.stderr)
            return 1
        question = f"Erase {user.name} <{user.email}>? Their history is kept. This cannot be undone. [y/N] "
        if not args.yes and not _ask(question):
            print("Not erased: confirm on the terminal, or pass --yes.", file=sys.stderr)
            return 1
        try:
            erase_user(session=session, user=user, actor=None)
        except CannotErase as refused:
            print(f"Not erased: {refused}.", file=sys.stderr)
            return 1
        session.commit()
    print("Erased: the account's name and email address are gone; its history shows a former user.")
    return 0


def cmd_cleanup(args: argparse.Namespace) -> int:
    from app.services.accounts.auth import delete_old_login_attempts
    from app.services.accounts.form_submissions import remove_old_tokens
    from app.services.accounts.passwords import remove_old_links
    from app.services.accounts.single_sign_on import remove_old_requests
    from app.services.geography.imports import discard_stale
    from app.services.listening.survey_import import delete_abandoned_uploads

    settings = get_settings()
    with command_session() as session:
        deleted = delete_old_login_attempts(session=session, settings=settings)
        uploads = delete_abandoned_uploads(session=session)
        tokens = remove_old_tokens(session=session)
        links = remove_old_links(session=session)
        sign_ons = remove_old_requests(session=session)
        checked_files = discard_stale(session=session)
        session.commit()
    print(f"Deleted {deleted} sign-in attempts older than {settings.login_attempts_kept_days} days.")
    print(f"Deleted {uploads} survey uploads older than a day.")
    print(f"Deleted {tokens} used form tokens older than a day.")
    print(f"Deleted {links} password reset and invitation links that ended over a week ago.")
    print(f"Deleted {sign_ons} single sign-on requests older than a day.")
    print(f"Deleted {checked_files} checked boundary and census files not saved within a day.")
    return 0


def _exit_zero(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def exit_zero_after_graceful_stop() -> None:
    """Uvicorn stops gracefully on SIGTERM (in-flight requests finish), then raises the signal again with the
    previous handler in place: this handler makes that a normal exit (status 0) instead of death by signal."""
    signal.signal(signal.SIGTERM, _exit_zero)


def add_commands(commands: "argparse._SubParsersAction[Any]") -> None:
    backup = commands.add_parser("backup", help="back up the SQLite database to FILE while the app runs")
    backup.add_argument("file")
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    backup.set_defaults(func=cmd_backup)

    restore = commands.add_parser("restore", help="replace the SQLite database with a backup FILE")
    restore.add_argument("file")
    restore.add_argument("--force", action="store_true", help="replace the database without asking")
    restore.set_defaults(func=cmd_restore)

    export = commands.add_parser("export-place", help="everything about one place as JSON")
    export.add_argument("slug", help="the place's short name")
    export.add_argument("--output", help="write to this file instead of standard output")
    export.set_defaults(func=cmd_export_place)

    erase = commands.add_parser(
        "erase-user", help="anonymise a person everywhere (name, email address), keeping their history"
    )
    erase.add_argument("email")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(func=cmd_erase_user)

    cleanup = commands.add_parser(
        "cleanup",
        help="delete sign-in attempts older than 90 days, or COHESION_LOGIN_ATTEMPTS_KEPT_DAYS, and survey "
        "uploads older than a day (run daily)",
    )
    cleanup.set_defaults(func=cmd_cleanup)
