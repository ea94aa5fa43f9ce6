"""The ``cohesion`` command: serve, migrate, seed, bench-data, create-user, set-role (operations commands
such as backup, restore, export-place, erase-user and cleanup are in ``cli_ops``)."""

import argparse
import getpass
import os
import socket
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import select

from app import cli_mail, cli_ops, cli_places
from app.config import ROOT, get_settings
from app.db import make_engine

if TYPE_CHECKING:
    import uvicorn


def _alembic_config() -> "object":
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return config


def migrate(revision: str = "head") -> None:
    from alembic import command

    command.upgrade(_alembic_config(), revision)  # type: ignore[arg-type]


def cmd_serve(args: argparse.Namespace) -> int:
    # Before anything imports prometheus_client: it chooses where to keep counts when first imported.
    with metrics_directory():
        return _serve(args)


@contextmanager
def metrics_directory() -> Iterator[Path]:
    """The directory where every worker keeps its request metrics, so that a scrape adds them all up
    (prometheus_client's multiprocess mode): ``PROMETHEUS_MULTIPROC_DIR`` if set, else a temporary one
    removed when the server stops. Emptied first: files from an earlier run would be counted again. A dead
    worker's files are kept, because its requests belong in the totals (``mark_process_dead`` only clears
    live gauges, and there are none)."""
    configured = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if configured:
        directory = Path(configured)
        directory.mkdir(parents=True, exist_ok=True)
        for stale in directory.glob("*.db"):
            stale.unlink()
        yield directory
        return
    with tempfile.TemporaryDirectory(prefix="cohesion-metrics-") as temporary:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = temporary
        try:
            yield Path(temporary)
        finally:
            del os.environ["PROMETHEUS_MULTIPROC_DIR"]


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from app.main import check_production_settings
    from app.observability import log_config

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        # Fail once, clearly, rather than have every worker crash and respawn.
        check_production_settings(settings, engine)
    except RuntimeError as problem:
        print(f"Not starting: {problem}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()

    cli_ops.exit_zero_after_graceful_stop()
    config = uvicorn.Config(
        "app.asgi:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        timeout_graceful_shutdown=20,
        log_config=log_config(),
        access_log=False,  # the app writes its own access lines, without query strings
    )
    sock = listening_socket(config)
    if config.workers > 1:
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=[sock]).run()
    else:
        server = uvicorn.Server(config)
        server.run(sockets=[sock])
        if not server.started:
            return 1
    return 0


def listening_socket(config: "uvicorn.Config") -> socket.socket:
    """The socket ``cohesion serve`` listens on, with Nagle's algorithm off for every connection.

    Uvicorn binds a socket created without naming TCP, so asyncio does not switch Nagle's algorithm off on
    the connections it accepts: a response that fits in one packet after its headers then waits for the
    browser's delayed acknowledgement, about 40 ms on Linux, on every small page. Accepted connections take
    the option from the listening socket."""
    sock = config.bind_socket()
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def cmd_migrate(args: argparse.Namespace) -> int:
    migrate(args.revision)
    print(f"Database is at migration {args.revision}.")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    from seed.demo import DEMO_PASSWORD, DEMO_USERS, seed_demo

    if not args.demo:
        print("Nothing to do: pass --demo to load the demo data.", file=sys.stderr)
        return 2
    engine = make_engine(get_settings().database_url)
    created = seed_demo(engine, only_if_empty=args.if_empty)
    print("Demo data loaded." if created else "Demo data already present; nothing changed.")
    print(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
    for email, _name, description in DEMO_USERS:
        print(f"  {email:28} {description}")
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from app.errors import FieldError
    from app.schemas import UserForm
    from app.services.accounts.admin import create_user
    from app.services.accounts.auth import normalise_email

    email = normalise_email(args.email)
    password = getpass.getpass("Password (12 characters or more): ")
    if len(password) < 12:
        print("Password must be 12 characters or more.", file=sys.stderr)
        return 2
    if getpass.getpass("Password again: ") != password:
        print("The passwords do not match.", file=sys.stderr)
        return 2
    try:
        form = UserForm(name=args.name, email=email, password=password, is_admin=args.admin)
    except ValidationError as invalid:
        print(invalid.errors()[0]["msg"], file=sys.stderr)
        return 2
    with cli_ops.command_session() as session:
        try:
            create_user(session=session, actor=None, form=form)
        except FieldError:
            print(f"{email} already has an account.", file=sys.stderr)
            return 1
        session.commit()
    print(f"Created {email}{' (administrator)' if args.admin else ''}.")
    return 0


def cmd_set_role(args: argparse.Namespace) -> int:
    from app.models import Membership, Place, Role, User
    from app.services.accounts.admin import remove_membership, set_membership
    from app.services.accounts.auth import normalise_email

    with cli_ops.command_session() as session:
        user = session.exec(select(User).where(User.email == normalise_email(args.email))).first()
        place = session.exec(select(Place).where(Place.slug == args.place)).first()
        if user is None or place is None:
            print("No such " + ("user" if user is None else "place") + ".", file=sys.stderr)
            return 1
        email, place_name = user.email, place.name
        if args.role == "none":
            membership = session.exec(
                select(Membership).where(Membership.user_id == user.id, Membership.place_id == place.id)
            ).first()
            if membership is not None:
                remove_membership(session=session, actor=None, place=place, membership_id=membership.id or 0)
        else:
            set_membership(session=session, actor=None, place=place, user=user, role=Role(args.role))
        session.commit()
    print(
        f"{email} is now {args.role} in {place_name}."
        if args.role != "none"
        else f"{email} removed from {place_name}."
    )
    return 0


def cmd_bench_data(args: argparse.Namespace) -> int:
    from seed.bench import BenchSizes, build

    migrate()
    engine = make_engine(get_settings().database_url)
    sizes = BenchSizes(places=args.places, voices=args.voices)
    print(f"Writing bench data: {sizes.places:,} places, {sizes.voices:,} voices.")
    try:
        written = build(engine, sizes)
    except ValueError as problem:
        print(str(problem), file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"Wrote {sum(written.values()):,} rows.")
    return 0


def cmd_recount_voices(args: argparse.Namespace) -> int:
    from app.services.listening import voice_counts

    engine = make_engine(get_settings().database_url)
    try:
        with engine.begin() as connection:
            voice_counts.rebuild(connection)
    finally:
        engine.dispose()
    print("Voice counts worked out again from every strategy's voices.")
    return 0


def cmd_redact(args: argparse.Namespace) -> int:
    from app.services.listening.redaction import run_cli

    return run_cli(sys.stdin, sys.stdout)


def cmd_build_first_names(args: argparse.Namespace) -> int:
    from app.services.listening import first_names_build
    from app.text import plural

    count = first_names_build.write(Path(args.source), first_names_build.OUTPUT)
    print(f"Wrote {plural(count, 'first name')} to {first_names_build.OUTPUT}.")
    return 0


def cmd_evaluate_redaction(args: argparse.Namespace) -> int:
    from app.services.listening import redaction_eval

    return redaction_eval.run_cli(args.part, sys.stdout)


def cmd_suggest_themes(args: argparse.Namespace) -> int:
    from app.services.listening.suggestions import run_cli

    return run_cli(sys.stdin, sys.stdout)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cohesion", description="Cohesion Strategy Toolkit")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the app with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)

    mig = commands.add_parser("migrate", help="apply database migrations")
    mig.add_argument("revision", nargs="?", default="head")
    mig.set_defaults(func=cmd_migrate)

    seed = commands.add_parser("seed", help="load data")
    seed.add_argument("--demo", action="store_true", help="the fictional demo places and sign-ins")
    seed.add_argument("--if-empty", action="store_true", help="only when the database has no places yet")
    seed.set_defaults(func=cmd_seed)

    create = commands.add_parser("create-user", help="create a user (asks for the password)")
    create.add_argument("--email", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--admin", action="store_true")
    create.set_defaults(func=cmd_create_user)

    role = commands.add_parser("set-role", help="give a user a role in a place ('none' removes it)")
    role.add_argument("--email", required=True)
    role.add_argument("--place", required=True, help="the place's short name (slug)")
    role.add_argument("--role", required=True, choices=["officer", "facilitator", "councillor", "none"])
    role.set_defaults(func=cmd_set_role)

    bench = commands.add_parser("bench-data", help="write the national-scale benchmark data (empty database)")
    bench.add_argument("--places", type=int, default=400)
    bench.add_argument("--voices", type=int, default=1_000_000)
    bench.set_defaults(func=cmd_bench_data)

    recount = commands.add_parser(
        "recount-voices",
        help="work out the voice counts behind the analysis pages again from the voices themselves",
    )
    recount.set_defaults(func=cmd_recount_voices)

    redact = commands.add_parser(
        "redact",
        help='remove personal details: JSON lines {"text": ...} in, redacted text and what was removed out',
    )
    redact.set_defaults(func=cmd_redact)

    names = commands.add_parser(
        "build-first-names",
        help="rebuild the shipped first-name list from the ONS baby-name spreadsheets (.xls needs xlrd)",
    )
    names.add_argument("source", help="the folder holding the ONS .xls and .xlsx files")
    names.set_defaults(func=cmd_build_first_names)

    evaluate = commands.add_parser(
        "evaluate-redaction",
        help="measure the redactor on its labelled comments: recall by kind, clean lines altered, speed",
    )
    evaluate.add_argument("--part", choices=["heldout", "development", "all"], default="heldout")
    evaluate.set_defaults(func=cmd_evaluate_redaction)

    suggest = commands.add_parser(
        "suggest-themes",
        help='suggest themes: JSON lines {"text": ...} in, up to three themes with reasons out',
    )
    suggest.set_defaults(func=cmd_suggest_themes)

    cli_ops.add_commands(commands)
    cli_mail.add_commands(commands)
    cli_places.add_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
