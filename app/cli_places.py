"""``cohesion import-areas`` and ``cohesion import-census``: load a place's wards and population profiles from
ONS files, all or nothing, printing what changed and how long it took."""

import argparse
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO

from sqlmodel import Session, select

from app.config import get_settings
from app.db import make_engine


def cmd_import_areas(args: argparse.Namespace) -> int:
    from app.models import Place
    from app.services.geography.imports import ImportRefused, import_areas

    started = time.perf_counter()
    engine = make_engine(get_settings().database_url)
    try:
        with Session(engine) as session, open(args.file, "rb") as stream:
            place = session.exec(select(Place).where(Place.slug == args.place)).first()
            if place is None:
                print(f"No place has the short name {args.place}.", file=sys.stderr)
                return 1
            try:
                changes = import_areas(
                    session=session, place=place, actor=None, stream=stream, filename=Path(args.file).name
                )
            except ImportRefused as refused:
                return _refused(refused)
            session.commit()
    finally:
        engine.dispose()
    print(
        f"{len(changes.added)} added, {len(changes.renamed)} renamed, {len(changes.outlined)} given new "
        f"outlines, {len(changes.left)} unchanged; {len(changes.not_in_file)} areas not in the file kept. "
        f"Took {time.perf_counter() - started:.2f} s."
    )
    return 0


def cmd_import_census(args: argparse.Namespace) -> int:
    from app.models import Place
    from app.services.geography.imports import ImportRefused, import_census

    started = time.perf_counter()
    engine = make_engine(get_settings().database_url)
    try:
        with Session(engine) as session, ExitStack() as files:
            place = session.exec(select(Place).where(Place.slug == args.place)).first()
            if place is None:
                print(f"No place has the short name {args.place}.", file=sys.stderr)
                return 1
            streams: list[tuple[str, BinaryIO]] = [
                (Path(name).name, files.enter_context(open(name, "rb"))) for name in args.files
            ]
            try:
                changes = import_census(session=session, place=place, actor=None, files=streams)
            except ImportRefused as refused:
                return _refused(refused)
            session.commit()
    finally:
        engine.dispose()
    print(
        f"Population profiles from {changes.source} saved for {len(changes.profiles)} areas; "
        f"{len(changes.without_figures)} areas had no figures; {changes.skipped_rows} rows of other places "
        f"skipped. Took {time.perf_counter() - started:.2f} s."
    )
    return 0


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
