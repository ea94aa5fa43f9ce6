"""``cohesion import-areas`` and ``cohesion import-census``: all or nothing, twice changes nothing."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from app import cli
from app.config import get_settings
from app.db import make_engine
from app.models import Area, Place

FIXTURES = Path(__file__).parent / "fixtures" / "geography"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    assert cli.main(["migrate"]) == 0
    engine = make_engine(url)
    with Session(engine) as session:
        session.add(Place(slug="aberffrwd", name="Sir Aberffrwd", gss_code="W06000099"))
        session.commit()
    engine.dispose()
    yield url
    get_settings.cache_clear()


def _areas(url: str) -> list[Area]:
    engine = make_engine(url)
    with Session(engine) as session:
        areas = list(session.exec(select(Area).order_by(col(Area.gss_code))).all())
    engine.dispose()
    return areas


def test_wards_then_profiles(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    wards = str(FIXTURES / "wards-W06000099-bng-welsh.geojson")
    assert cli.main(["import-areas", "--place", "aberffrwd", wards]) == 0
    assert capsys.readouterr().out.startswith("4 added, 0 renamed, 0 given new outlines, 0 unchanged")
    assert cli.main(["import-areas", "--place", "aberffrwd", wards]) == 0
    assert capsys.readouterr().out.startswith("0 added, 0 renamed, 0 given new outlines, 4 unchanged")
    files = [str(FIXTURES / name) for name in ("ons-ts007a-age.csv", "nomis-ts021-ethnic-group.csv")]
    assert cli.main(["import-census", "--place", "aberffrwd", *files]) == 0
    assert "Census 2021, tables TS007A and TS021 saved for 4 areas" in capsys.readouterr().out
    assert _areas(database)[0].profile_source == "Census 2021, tables TS007A and TS021"


def test_bad_files_save_nothing(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["import-areas", "--place", "aberffrwd", str(FIXTURES / "ward-lookup-wd24.csv")]) == 0
    capsys.readouterr()
    assert cli.main(["import-census", "--place", "aberffrwd", str(FIXTURES / "ons-ts030-bad.csv")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("There are 3 problems, so nothing was saved:")
    assert "the category “Jedi” (code 11) is not one of table TS030" in err
    assert all(area.profile is None for area in _areas(database))
    assert cli.main(["import-areas", "--place", "nowhere", str(FIXTURES / "ward-lookup-wd24.csv")]) == 1
