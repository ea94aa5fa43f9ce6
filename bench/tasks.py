"""One heavy task in a fresh process, so that its peak memory can be read from the outside.

``python -m bench.tasks import URL ROWS`` imports a generated survey CSV into the measured place exactly as
the upload, check and import requests do (and rolls back, so the dataset stays as it was built).
``python -m bench.tasks redaction`` redacts the labelled comments of the redaction evaluation over and over
for a few seconds on one core and reports comments per second (the goal is at least 2,000).
``python -m bench.tasks wards URL`` checks and saves a 200 KB boundary file of 70 wards in British National
Grid as the administration pages do (and rolls back).
``python -m bench.tasks accept URL COUNT`` accepts the top suggested theme for COUNT voices of the measured
place that have none, as the queue's "accept the selected" does (and rolls back).
``python -m bench.tasks get URL EMAIL PATH`` sends one signed-in GET straight to the ASGI app and throws the
body away as it streams, so the process holds only what the app itself holds. Each prints one JSON line with
its time and the process's peak memory.
"""

import asyncio
import csv
import json
import secrets
import sys
import tempfile
import time
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from sqlalchemy import exists
from sqlmodel import Session, col, select

from app.config import Settings
from app.db import begin_write, make_engine
from app.deps import SESSION_COOKIE
from app.models import Area, ListeningExercise, Place, Strategy, Theme, User, Voice, VoiceTheme
from app.services.accounts import auth
from app.services.listening import survey_import, theming
from seed.bench import OFFICER_EMAIL

_COMMENTS = (
    "The bus never comes on time and the park feels unsafe after dark.",
    "My name is Robin Example, call 07700 900123 about the youth club closing.",
    "The community centre brings people together; email me at someone@example.com.",
    "Rents keep going up near B11 1AA and families are moving away.",
    "People at the market mix every Saturday, it is the best thing here.",
)
_THEMES = (
    "Public transport",
    "Feeling safe",
    "Social contact",
    "Housing and community",
    "Play and recreation",
)


def _write_csv(path: Path, rows: int, areas: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Response", "Type", "Ward", "Themes", "Age", "Gender"])
        for number in range(rows):
            writer.writerow(
                [
                    f"{_COMMENTS[number % len(_COMMENTS)]} (response {number + 1})",
                    ("strength", "struggle", "idea", "concern")[number % 4],
                    areas[number % len(areas)],
                    "; ".join(_THEMES[number % len(_THEMES) : number % len(_THEMES) + 2]),
                    ("16-24", "25-34", "35-49", "50-64", "65+")[number % 5],
                    ("Woman", "Man")[number % 2],
                ]
            )


def run_import(url: str, rows: int) -> dict[str, Any]:
    engine = make_engine(url)
    with Session(engine) as session:
        officer = session.exec(select(User).where(User.email == OFFICER_EMAIL)).one()
        place = session.exec(select(Place).order_by(col(Place.id))).first()
        assert place is not None
        strategy = session.exec(select(Strategy).where(Strategy.place_id == place.id)).one()
        exercise = session.exec(
            select(ListeningExercise).where(ListeningExercise.strategy_id == strategy.id)
        ).first()
        assert exercise is not None
        areas = [area.name for area in session.exec(select(Area).where(Area.place_id == place.id)).all()]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "survey.csv"
            _write_csv(path, rows, areas)
            begin_write(session)
            started = time.perf_counter()
            with path.open("rb") as stream:
                upload = survey_import.store_upload(
                    session=session,
                    place=place,
                    exercise=exercise,
                    user=officer,
                    filename="survey.csv",
                    stream=stream,
                )
            found = survey_import.read_columns(session=session, place=place, upload=upload)
            columns, problems = survey_import.clean_columns(found.guess, found.header)
            if problems:
                raise RuntimeError(f"Column problems: {problems}")
            checked = survey_import.check_upload(
                session=session, place=place, upload=upload, columns=columns, default_kind="concern"
            )
            if not checked.ok:
                raise RuntimeError(f"Check failed: {checked.errors[:3]}")
            check_seconds = time.perf_counter() - started
            started = time.perf_counter()
            imported = survey_import.import_upload(
                session=session,
                strategy=strategy,
                exercise=exercise,
                place=place,
                upload=upload,
                columns=columns,
                default_kind="concern",
                actor=officer,
            )
            session.flush()
            import_seconds = time.perf_counter() - started
            session.rollback()
    engine.dispose()
    return {"rows": imported, "upload_and_check_seconds": check_seconds, "import_seconds": import_seconds}


def ward_file(path: Path, *, wards: int = 70, size: int = 200_000) -> int:
    """An ONS-style boundary file of ``wards`` invented wards in British National Grid, with points added
    along the outlines until it is about ``size`` bytes, as a detailed release is; returns its size."""
    import pyproj
    import shapely

    from seed.boundaries import invented_wards

    to_grid = pyproj.Transformer.from_crs(4326, 27700, always_xy=True)
    shapes = [shapely.from_geojson(outline) for outline in invented_wards(wards, seed=70)]
    shapes = [shapely.transform(s, lambda xy: _grid(to_grid, xy)) for s in shapes]
    step = 200.0
    while True:
        features = [
            {
                "type": "Feature",
                "properties": {
                    "WD24CD": f"E05{900000 + n:06d}",
                    "WD24NM": f"Ward {n}",
                    "LAD24CD": "E06000999",
                },
                "geometry": json.loads(shapely.to_geojson(shapely.segmentize(s, step), indent=None)),
            }
            for n, s in enumerate(shapes, start=1)
        ]
        text = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
        if len(text) >= size or step < 1:
            path.write_text(text)
            return len(text)
        step *= 0.8


def _grid(transformer: Any, xy: Any) -> Any:
    import numpy as np

    east, north = transformer.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([np.round(east, 1), np.round(north, 1)])


def run_wards(url: str) -> dict[str, Any]:
    """Check and save a 70-ward boundary file as the administration pages do (then roll back)."""
    from app.services.geography import imports

    engine = make_engine(url)
    with tempfile.TemporaryDirectory() as folder, Session(engine) as session:
        path = Path(folder) / "wards.geojson"
        size = ward_file(path)
        admin = session.exec(select(User).order_by(col(User.id))).first()
        assert admin is not None
        begin_write(session)
        place = Place(slug="bench-wards", name="Bench wards", gss_code="E06000999")
        session.add(place)
        session.flush()
        started = time.perf_counter()
        with path.open("rb") as stream:
            staged = imports.stage_areas(
                session=session, place=place, actor=admin, stream=stream, filename=path.name
            )
        check_seconds = time.perf_counter() - started
        changes = imports.confirm_areas(session=session, place=place, actor=admin, staged=staged)
        session.flush()
        seconds = time.perf_counter() - started
        session.rollback()
    engine.dispose()
    return {"wards": len(changes.added), "bytes": size, "check_seconds": check_seconds, "seconds": seconds}


def run_accept(url: str, count: int) -> dict[str, Any]:
    engine = make_engine(url)
    with Session(engine) as session:
        officer = session.exec(select(User).where(User.email == OFFICER_EMAIL)).one()
        place = session.exec(select(Place).order_by(col(Place.id))).first()
        assert place is not None
        strategy = session.exec(select(Strategy).where(Strategy.place_id == place.id)).one()
        begin_write(session)
        voices = list(
            session.exec(
                select(Voice)
                .where(
                    Voice.strategy_id == strategy.id,
                    ~exists().where(col(VoiceTheme.voice_id) == col(Voice.id)),
                )
                .order_by(col(Voice.id))
                .limit(count)
            ).all()
        )
        # The picks as the queue's pages showed them: each voice's top suggestion (a theme of the place when
        # the generated text suggests none, so every voice changes).
        suggested = theming.suggestions_for_voices(session=session, place=place, voices=voices)
        fallback = session.exec(select(Theme).order_by(col(Theme.id))).first()
        assert fallback is not None
        picks = [
            theming.Pick(
                voice.id or 0,
                (suggested[voice.id or 0][0].theme if suggested.get(voice.id or 0) else fallback).id or 0,
                voice.version,
            )
            for voice in voices
        ]
        session.expire_all()
        started = time.perf_counter()
        accepted = theming.accept_picks(
            session=session, strategy=strategy, place=place, actor=officer, picks=picks, note="Bench"
        )
        session.flush()
        seconds = time.perf_counter() - started
        session.rollback()
    engine.dispose()
    return {"voices": accepted, "seconds": seconds}


def run_get(url: str, email: str, path: str) -> dict[str, Any]:
    from app.main import create_app

    settings = Settings(env="production", secret_key=secrets.token_urlsafe(48), DATABASE_URL=url)
    engine = make_engine(url)
    app = create_app(settings, engine=engine)
    with Session(engine) as session:
        user = session.exec(select(User).where(User.email == email)).one()
        token = auth.start_session(session=session, user=user)
        session.commit()
    raw_path, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "https",
        "path": raw_path,
        "raw_path": raw_path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"bench.example"), (b"cookie", f"{SESSION_COOKIE}={token}".encode())],
        "client": ("127.0.0.1", 40000),
        "server": ("bench.example", 443),
    }
    outcome: dict[str, Any] = {"status": 0, "bytes": 0}
    asked = False

    async def exchange() -> None:
        finished = asyncio.Event()

        async def receive() -> dict[str, Any]:
            nonlocal asked
            if not asked:
                asked = True
                return {"type": "http.request", "body": b"", "more_body": False}
            # A streaming response listens for the browser going away: it stays until the body is sent.
            await finished.wait()
            return {"type": "http.disconnect"}

        async def send(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                outcome["status"] = message["status"]
            elif message["type"] == "http.response.body":
                outcome["bytes"] += len(message.get("body", b""))
                if not message.get("more_body", False):
                    finished.set()

        await app(scope, receive, send)

    started = time.perf_counter()
    asyncio.run(exchange())
    outcome["seconds"] = time.perf_counter() - started
    engine.dispose()
    return outcome


def peak_memory() -> int:
    """This process's peak resident memory since it started (VmHWM), in bytes.

    Not ``ru_maxrss``: Linux carries the parent's peak into a child across fork and exec, so a child of a
    large parent reports the parent's size."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def run_redaction(seconds: float = 3.0) -> dict[str, Any]:
    from app.services.listening import redaction_eval

    items = redaction_eval.load("all")
    report = redaction_eval.evaluate(items, speed_seconds=seconds)
    return {"seconds": seconds, "per_second": report.per_second, "comments": len(items)}


def main(argv: list[str]) -> int:
    if argv[:1] == ["redaction"]:
        result = run_redaction()
    elif argv[:1] == ["import"]:
        result = run_import(argv[1], int(argv[2]))
    elif argv[:1] == ["wards"]:
        result = run_wards(argv[1])
    elif argv[:1] == ["accept"]:
        result = run_accept(argv[1], int(argv[2]))
    elif argv[:1] == ["get"]:
        result = run_get(argv[1], argv[2], argv[3])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(result | {"peak_memory": peak_memory()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
