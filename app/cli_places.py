"""``cohesion import-areas`` and ``cohesion import-census``: load a place's wards and population profiles from
ONS files, all or nothing, printing what changed and how long it took."""

import argparse
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from sqlmodel import Session, select

from app.cli_ops import command_session

if TYPE_CHECKING:
    from app.models import Place


def _load_into_place(args: argparse.Namespace, load: "Callable[[Session, Place], str]") -> int:
    """Find the place named by ``--place`` and ``load`` its files into it, all in one transaction, saved
    only if nothing is refused; then print what ``load`` says it did and how long it took."""
    from app.models import Place
    from app.services.geography.imports import ImportRefused

    started = time.perf_counter()
    with command_session() as session:
        place = session.exec(select(Place).where(Place.slug == args.place)).first()
        if place is None:
            print(f"No place has the short name {args.place}.", file=sys.stderr)
            return 1
        try:
            done = load(session, place)
        except ImportRefused as refused:
            return _refused(refused)
        session.commit()
    print(f"{done} Took {time.perf_counter() - started:.2f} s.")
    return 0


def cmd_import_areas(args: argparse.Namespace) -> int:
    from app.services.geography.imports import import_areas

    def load(session: Session, place: "Place") -> str:
        with open(args.file, "rb") as stream:
            changes = import_areas(
                session=session, place=place, actor=None, stream=stream, filename=Path(args.file).name
            )
        return (
            f"{len(changes.added)} added, {len(changes.renamed)} renamed, {len(changes.outlined)} given new "
            f"outlines, {len(changes.left)} unchanged; {len(changes.not_in_file)} areas not in the file kept."
        )

    return _load_into_place(args, load)


def cmd_import_census(args: argparse.Namespace) -> int:
    from app.services.geography.imports import import_census

    def load(session: Session, place: "Place") -> str:
        with ExitStack() as files:
            streams: list[tuple[str, BinaryIO]] = [
                (Path(name).name, files.enter_context(open(name, "rb"))) for name in args.files
            ]
            changes = import_census(session=session, place=place, actor=None, files=streams)
        return (
            f"Population profiles from {changes.source} saved for {len(changes.profiles)} areas; "
            f"{len(changes.without_figures)} areas had no figures; {changes.skipped_rows} rows of other "
            "places skipped."
        )

    return _load_into_place(args, load)


def _refused(refused: "Exception") -> int:
    print(str(getattr(refused, "message", refused)) + ":", file=sys.stderr)
    for problem in getattr(refused, "problems", []):
        print(f"  {problem}", file=sys.stderr)
    return 1


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    areas = commands.add_parser(
        "import-areas", help="load a place's wards from an ONS boundary GeoJSON or ward lookup CSV"
    )
    areas.add_argument("--place", required=True, help="the place's short name (slug)")
    areas.add_argument("file")
    areas.set_defaults(func=cmd_import_areas)
    census = commands.add_parser(
        "import-census", help="load population profiles from Census 2021 ward tables (Nomis or ONS CSV)"
    )
    census.add_argument("--place", required=True, help="the place's short name (slug)")
    census.add_argument("files", nargs="+")
    census.set_defaults(func=cmd_import_census)
