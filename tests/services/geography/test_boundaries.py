"""Reading ONS ward boundary files and lookups in every form they come in."""

import io
import json
from pathlib import Path

import pytest
import shapely

from app.services.geography import boundaries

FIXTURES = Path(__file__).parents[2] / "fixtures" / "geography"
# The ONS file as published (its README gives the source and licence).
SHARED = Path(__file__).parents[2] / "fixtures" / "ons" / "wards-E06000001-hartlepool.geojson"


def _read(path: Path, authority: str) -> list[boundaries.Ward]:
    with path.open("rb") as stream:
        return boundaries.read_boundary_file(stream, filename=path.name, authority=authority)


def _shape(ward: boundaries.Ward) -> shapely.Geometry:
    assert ward.boundary is not None
    return shapely.from_geojson(ward.boundary)


def test_the_real_ons_file_gives_hartlepools_twelve_wards() -> None:
    wards = _read(SHARED, "E06000001")
    assert len(wards) == 12
    by_name = {w.name: w for w in wards}
    assert by_name["Burn Valley"].gss_code == "E05013038"
    assert by_name["Burn Valley"].welsh_name is None, "a blank Welsh name is no name"
    assert _shape(by_name["Fens & Greatham"]).geom_type == "MultiPolygon"
    for ward in wards:
        shape = _shape(ward)
        assert shape.is_valid and shape.area > 0
        minx, miny, maxx, maxy = shape.bounds
        assert -1.4 < minx < maxx < -1.1 and 54.6 < miny < maxy < 54.8
    assert sum(len(w.boundary or "") for w in wards) < 43_211, "simplified outlines are smaller than the file"


def test_british_national_grid_without_a_crs_member_with_welsh_names() -> None:
    wards = _read(FIXTURES / "wards-W06000099-bng-welsh.geojson", "W06000099")
    by_code = {w.gss_code: w for w in wards}
    assert by_code["W05000901"].name == "Aberffrwd North"
    assert by_code["W05000901"].welsh_name == "Gogledd Aberffrwd"
    assert by_code["W05000904"].name == "Glan-y-môr"
    castell = _shape(by_code["W05000903"])
    assert castell.geom_type == "MultiPolygon" and len(castell.geoms) == 2
    minx, miny, maxx, maxy = _shape(by_code["W05000901"]).bounds
    # Grid square 260000-262000 E, 282000-284000 N is in Ceredigion, about 4.1 degrees west, 52.4 north.
    assert -4.3 < minx < maxx < -3.9 and 52.3 < miny < maxy < 52.5


def test_another_years_names_and_only_this_authoritys_wards() -> None:
    wards = _read(FIXTURES / "wards-several-authorities-wd19.geojson", "E06000098")
    assert sorted(w.name for w in wards) == ["Fernley Central", "Fernley Park", "Oakmoor"]
    oakmoor = next(w for w in wards if w.name == "Oakmoor")
    assert _shape(oakmoor).is_valid and _shape(oakmoor).area > 0, "a self-crossing outline is repaired"


def test_a_ward_lookup_csv_gives_codes_and_names_once_each() -> None:
    wards = _read(FIXTURES / "ward-lookup-wd24.csv", "W06000099")
    assert [(w.gss_code, w.name, w.welsh_name, w.boundary) for w in wards][:2] == [
        ("W05000901", "Aberffrwd North", "Gogledd Aberffrwd", None),
        ("W05000902", "Aberffrwd South", "De Aberffrwd", None),
    ]
    assert len(wards) == 4


@pytest.mark.parametrize(
    ("content", "authority", "problem"),
    [
        (b"not json at all", "E06000001", "The file is not GeoJSON"),
        (b'{"type": "Feature"}', "E06000001", "not a GeoJSON feature collection"),
        (None, "E06000099", "no wards of this place (local authority E06000099)"),
        (
            json.dumps({"type": "FeatureCollection", "features": [{"properties": {"NAME": "x"}}]}).encode(),
            "E06000001",
            "Feature 1 has no ward code",
        ),
    ],
)
def test_plain_problems(content: bytes | None, authority: str, problem: str) -> None:
    stream = io.BytesIO(content) if content is not None else SHARED.open("rb")
    with stream, pytest.raises(boundaries.BoundaryError) as refused:
        boundaries.read_boundary_file(stream, filename="wards.geojson", authority=authority)
    assert any(problem in p for p in refused.value.problems), refused.value.problems


def test_an_outline_that_cannot_be_repaired_is_named() -> None:
    with pytest.raises(boundaries.BoundaryError) as refused:
        _read(FIXTURES / "wards-unrepairable.geojson", "E06000098")
    assert refused.value.problems == ["Feature 1 (Nowhere): its outline cannot be repaired"]


def test_no_grid_is_fetched_from_the_network() -> None:
    import pyproj

    assert pyproj.network.is_network_enabled() is False
