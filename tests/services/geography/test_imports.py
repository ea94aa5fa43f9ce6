"""Saving wards and profiles: matched by GSS code, versioned, twice changes nothing, all or nothing."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from app.models import Area, AuditEvent, PlaceImport, User, utcnow
from app.services.geography import imports
from tests.factories import make_area, make_place, make_user

FIXTURES = Path(__file__).parents[2] / "fixtures" / "geography"
CENSUS = ("ons-ts007a-age.csv", "nomis-ts008-sex.csv", "nomis-ts021-ethnic-group.csv")


@pytest.fixture
def admin(session: Session) -> User:
    return make_user(session, email="geo-admin@example.test", name="Geo Admin", is_admin=True)


def _areas(session: Session, place_id: int | None) -> list[Area]:
    return list(
        session.exec(select(Area).where(Area.place_id == place_id).order_by(col(Area.gss_code))).all()
    )


def _load(session: Session, place, admin: User, name: str) -> imports.AreaChanges:  # type: ignore[no-untyped-def]
    with (FIXTURES / name).open("rb") as stream:
        return imports.import_areas(session=session, place=place, actor=admin, stream=stream, filename=name)


def test_wards_are_added_once_and_running_it_again_changes_nothing(session: Session, admin: User) -> None:
    place = make_place(session, slug="aberffrwd", gss_code="W06000099")
    first = _load(session, place, admin, "wards-W06000099-bng-welsh.geojson")
    assert sorted(w.name for w in first.added) == [
        "Aberffrwd North",
        "Aberffrwd South",
        "Castell",
        "Glan-y-môr",
    ]
    areas = _areas(session, place.id)
    assert (areas[0].gss_code, areas[0].welsh_name) == ("W05000901", "Gogledd Aberffrwd")
    assert all(a.boundary for a in areas)
    again = _load(session, place, admin, "wards-W06000099-bng-welsh.geojson")
    assert not again.saves_anything and len(again.left) == 4
    assert [a.version for a in _areas(session, place.id)] == [1, 1, 1, 1]


def test_a_renamed_ward_keeps_its_area_and_history(session: Session, admin: User) -> None:
    place = make_place(session, slug="aberffrwd", gss_code="W06000099")
    _load(session, place, admin, "ward-lookup-wd24.csv")
    north = _areas(session, place.id)[0]
    north.name = "Old North"
    session.add(north)
    session.flush()
    kept = make_area(session, place=place, actor=admin, name="Town centre (our own area)")
    changes = _load(session, place, admin, "wards-W06000099-bng-welsh.geojson")
    assert [(old, w.name) for old, w in changes.renamed] == [("Old North", "Aberffrwd North")]
    assert len(changes.outlined) == 3, "wards from the lookup now get their outlines"
    assert changes.not_in_file == [kept.name]
    session.refresh(north)
    assert north.name == "Aberffrwd North" and north.boundary
    assert north.version == 3, "the import saved a new version of the same area"


def test_a_name_clash_saves_nothing(session: Session, admin: User) -> None:
    place = make_place(session, slug="aberffrwd", gss_code="W06000099")
    make_area(session, place=place, actor=admin, name="Castell")
    with pytest.raises(imports.ImportRefused) as refused:
        _load(session, place, admin, "wards-W06000099-bng-welsh.geojson")
    assert refused.value.problems == ["Castell (W05000903): the place already has an area of that name"]
    assert len(_areas(session, place.id)) == 1


def test_census_profiles_replace_their_tables_and_say_their_source(session: Session, admin: User) -> None:
    place = make_place(session, slug="aberffrwd", gss_code="W06000099")
    _load(session, place, admin, "ward-lookup-wd24.csv")
    north = _areas(session, place.id)[0]
    north.profile = {"migration_status": {"Born in the UK": 10}, "gender": {"Woman": 1}}
    session.add(north)
    session.flush()
    files = [(name, (FIXTURES / name).open("rb")) for name in CENSUS]
    staged = imports.stage_census(session=session, place=place, actor=admin, files=files)
    changes = imports.confirm_census(session=session, place=place, actor=admin, staged=staged)
    assert len(changes.profiles) == 4 and changes.skipped_rows == 20  # 18 age rows, one sex, one ethnic group
    session.refresh(north)
    assert north.profile_source == "Census 2021, tables TS007A, TS008 and TS021"
    assert north.population == 3600
    assert north.profile["gender"] == {"Woman": 1850, "Man": 1750}
    assert north.profile["migration_status"] == {"Born in the UK": 10}, "groups of other tables are kept"
    assert session.exec(select(PlaceImport)).first() is None
    events = session.exec(select(AuditEvent.action).where(AuditEvent.place_id == place.id)).all()
    assert "areas_loaded" in events and "census_loaded" in events


def test_census_needs_wards_with_codes_first(session: Session, admin: User) -> None:
    place = make_place(session, slug="aberffrwd", gss_code="W06000099")
    files = [(CENSUS[0], (FIXTURES / CENSUS[0]).open("rb"))]
    with pytest.raises(imports.ImportRefused) as refused:
        imports.stage_census(session=session, place=place, actor=admin, files=files)
    assert refused.value.problems == ["The place has no areas with a GSS code yet: load its wards first"]


def test_checked_files_not_saved_within_a_day_are_discarded(session: Session, admin: User) -> None:
    place = make_place(session, slug="hartlepool", gss_code="E06000001")
    shared = Path(__file__).parents[2] / "fixtures" / "ons" / "wards-E06000001-hartlepool.geojson"
    staged = []
    for _ in range(2):
        with shared.open("rb") as stream:
            staged.append(
                imports.stage_areas(
                    session=session, place=place, actor=admin, stream=stream, filename=shared.name
                )
            )
    staged[0].created_at = utcnow() - timedelta(hours=24, minutes=1)
    session.add(staged[0])
    session.flush()
    assert imports.discard_stale(session=session) == 1
    assert session.exec(select(PlaceImport.token)).all() == [staged[1].token]
