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


def _square(west: float, south: float, size: float = 0.01) -> dict[str, object]:
    ring = [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def _feature(code: str, name: str, geometry: object, authority: str = "E06000098") -> dict[str, object]:
    properties = {"WD24CD": code, "WD24NM": name, "WD24NMW": "", "LAD24CD": authority}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _refused_geojson(*features: dict[str, object]) -> list[str]:
    document = {"type": "FeatureCollection", "features": list(features)}
    with pytest.raises(boundaries.BoundaryError) as refused:
        boundaries.read_geojson(io.BytesIO(json.dumps(document).encode()), authority="E06000098")
    return refused.value.problems


def test_every_ward_that_cannot_be_used_is_named() -> None:
    problems = _refused_geojson(
        _feature("X123", "Bad code", _square(-1.3, 54.7)),
        _feature("e05000001", "Alpha", _square(-1.3, 54.7)),
        _feature("E05000001", "", _square(-1.2, 54.7)),
        _feature("E05000002", "", _square(-1.2, 54.7)),
        _feature("E05000002", "Beta", _square(-1.2, 54.7)),
        _feature("E05000003", "Gamma", _square(2.3, 48.8)),
        _feature("E05000004", "Delta", {"type": "Polygon", "coordinates": []}),
        _feature("E05000005", "Elsewhere", None, authority="E06000001"),
    )
    assert problems == [
        "Feature 1 (Bad code): “X123” is not a GSS code like E05013038",
        "Feature 3: the ward E05000001 appears more than once",
        "Feature 4: the ward E05000002 has no name",
        "Feature 5 (Beta): the ward E05000002 appears more than once",
        "Feature 6 (Gamma): its outline is not in the United Kingdom",
        "Feature 7 (Delta): its outline cannot be repaired",
    ]


def test_features_without_a_readable_outline_are_all_named_first() -> None:
    problems = _refused_geojson(
        _feature("X123", "Bad code", None),
        _feature("E05000001", "Alpha", _square(-1.3, 54.7)),
        _feature("E05000002", "Beta", {"type": "Polygon", "coordinates": "none"}),
    )
    assert problems == [
        "Feature 1 has no outline the toolkit can read",
        "Feature 3 has no outline the toolkit can read",
    ]


def test_a_coordinate_system_the_toolkit_does_not_read_is_named() -> None:
    document = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
        "features": [_feature("E05000001", "Alpha", _square(-1.3, 54.7))],
    }
    with pytest.raises(boundaries.BoundaryError) as refused:
        boundaries.read_geojson(io.BytesIO(json.dumps(document).encode()), authority="E06000098")
    assert refused.value.problems == [
        "The file's coordinate system (urn:ogc:def:crs:EPSG::3857) is not one the toolkit reads"
    ]


def _lookup(content: str, authority: str = "W06000099") -> list[boundaries.Ward]:
    return boundaries.read_lookup(io.BytesIO(content.encode()), authority=authority)


def test_a_lookups_columns_are_found_whatever_their_case() -> None:
    wards = _lookup(
        "wd24cd,Wd24Nm,LAD24CD\n"
        "w05000901, Aberffrwd North ,W06000099\n"
        "W05000901,Aberffrwd North,W06000099\n"
        "W05000999,Elsewhere,W06000001\n"
    )
    assert wards == [boundaries.Ward("W05000901", "Aberffrwd North", None, None)]
    assert _lookup("WD24CD,WD24NM\nW05000901,Aberffrwd\n", authority="anything") == [
        boundaries.Ward("W05000901", "Aberffrwd", None, None)
    ]


@pytest.mark.parametrize(
    ("content", "problems"),
    [
        ("", ["The file is empty."]),
        ("Code,Name\nW05000901,Aberffrwd\n", [
            "The first row must name the columns, including a ward code such as WD24CD"
        ]),
        ("WD24CD,WD24NM,LAD24CD\nW0500090,Short,W06000099\nW05000902,,W06000099\nW05000903,A,W06000099,x\n"
         "W05000904,Good,W06000099\n", [
            "Row 2: “W0500090” is not a GSS code like E05013038",
            "Row 3: the ward W05000902 has no name",
            "Row 4: Row 4 has 4 values but the header has 3 columns",
        ]),
        ("WD24CD,WD24NM,LAD24CD\nW05000901,Aberffrwd,W06000001\n", [
            "The file has no wards of this place (local authority W06000099)"
        ]),
    ],
)  # fmt: skip
def test_every_problem_in_a_lookup_is_listed(content: str, problems: list[str]) -> None:
    with pytest.raises(boundaries.BoundaryError) as refused:
        _lookup(content)
    assert refused.value.problems == problems
