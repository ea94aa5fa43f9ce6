"""Read ONS ward boundary files (GeoJSON) and ward lookups (CSV) into wards with simplified outlines.

Nothing here touches the database. What the ONS publishes varies by release, and every form is read:
- property names carry their year: ``WD19CD``, ``WD24NM``, ``WD25NMW`` (Welsh name), ``LAD25CD``;
- geometries are Polygons or MultiPolygons, in WGS84 longitude and latitude or in British National Grid
  (EPSG:27700), with or without a ``crs`` member (without one, coordinates too large for degrees are grid
  metres);
- a file may hold many local authorities: features of other authorities are left out.
Outlines are repaired when invalid, simplified to about 10 metres and stored as GeoJSON in WGS84, rounded to
five decimal places (about a metre), which keeps 70 wards to a few hundred kilobytes.
"""

import json
import re
from dataclasses import dataclass
from typing import Any, BinaryIO, Final

import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

from app.services.csv_reader import CsvFormatError, CsvRows, open_rows

# Grids for EPSG:27700 to WGS84 ship inside pyproj's own proj.db; never fetch one at run time.
pyproj.network.set_network_enabled(active=False)  # type: ignore[attr-defined]

MAX_BYTES: Final = 50 * 1024 * 1024
SIMPLIFY_DEGREES: Final = 0.0001
PRECISION_DEGREES: Final = 0.00001
GSS_CODE: Final = re.compile(r"^[EWSN]\d{8}$")
# Longitude and latitude that take in the United Kingdom with room to spare.
UK_BOUNDS: Final = (-11.0, 49.0, 3.0, 61.5)
_WARD_PROPERTY: Final = re.compile(r"^WD(\d{2})CD$", re.IGNORECASE)
_NOT_GEOJSON: Final = "The file is not GeoJSON: save the boundaries as GeoJSON and upload it again"
_GRID_NAMES: Final = ("27700",)
_DEGREE_NAMES: Final = ("CRS84", "4326", "4258")


class BoundaryError(Exception):
    """The file cannot be used; ``problems`` says why, in words for the administrator."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Ward:
    gss_code: str
    name: str
    welsh_name: str | None
    boundary: str | None  # GeoJSON geometry, WGS84


@dataclass(frozen=True)
class _Properties:
    code: str
    name: str
    welsh_name: str
    authority: str | None


def _property_names(properties: dict[str, Any]) -> _Properties | None:
    """The names a release uses for the ward code, names and authority code, by the year in them."""
    for key in properties:
        match = _WARD_PROPERTY.match(key)
        if match:
            year = match.group(1)
            prefix = key[: -len("CD")]
            lad = next((k for k in properties if k.upper() == f"LAD{year}CD"), None)
            return _Properties(key, f"{prefix}NM", f"{prefix}NMW", lad)
    return None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _grid_metres(document: dict[str, Any], sample: BaseGeometry) -> bool:
    crs = document.get("crs")
    if isinstance(crs, dict):
        name = _text((crs.get("properties") or {}).get("name"))
        if any(name.endswith(code) for code in _GRID_NAMES):
            return True
        if any(name.endswith(code) for code in _DEGREE_NAMES):
            return False
        raise BoundaryError(
            [f"The file's coordinate system ({name or 'unnamed'}) is not one the toolkit reads"]
        )
    minx, miny, maxx, maxy = sample.bounds
    return bool(max(abs(minx), abs(miny), abs(maxx), abs(maxy)) > 180)


def _to_degrees() -> pyproj.Transformer:
    return pyproj.Transformer.from_crs(27700, 4326, always_xy=True)


def simplify(geometry: BaseGeometry) -> BaseGeometry | None:
    """A valid polygonal outline, simplified and rounded, or None when nothing polygonal is left."""
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    geometry = _polygonal(geometry)
    if geometry is None:
        return None
    geometry = geometry.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
    geometry = shapely.set_precision(geometry, PRECISION_DEGREES)
    return _polygonal(geometry)


def _polygonal(geometry: BaseGeometry) -> BaseGeometry | None:
    """Only the areas of a geometry: a repair can leave stray lines and points beside them."""
    if geometry.is_empty:
        return None
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [
        part
        for part in getattr(geometry, "geoms", [])
        if part.geom_type in ("Polygon", "MultiPolygon") and not part.is_empty
    ]
    if not parts:
        return None
    return shapely.union_all(parts)


def read_geojson(stream: BinaryIO, *, authority: str) -> list[Ward]:
    """The wards of local authority ``authority`` in an ONS boundary file, or ``BoundaryError`` listing every
    problem (a file that is not GeoJSON, no features for this place, an outline that cannot be repaired)."""
    raw = stream.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise BoundaryError([f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB"])
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BoundaryError(
            ["The file is not GeoJSON: save the boundaries as GeoJSON and upload again"]
        ) from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list) or document.get("type") != "FeatureCollection":
        raise BoundaryError(["The file is not a GeoJSON feature collection of wards"])
    chosen: list[tuple[int, dict[str, Any], _Properties]] = []
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        names = _property_names(properties) if isinstance(properties, dict) else None
        if properties is None or names is None:
            raise BoundaryError([f"Feature {number} has no ward code (a property such as WD25CD)"])
        if names.authority and _text(properties.get(names.authority)) != authority:
            continue
        chosen.append((number, feature, names))
    if not chosen:
        raise BoundaryError([f"The file has no wards of this place (local authority {authority})"])
    return _wards(document, chosen)


class _Unusable(Exception):
    """One ward that cannot be used, and why."""


_Shape = tuple[int, dict[str, Any], _Properties, BaseGeometry]


def _wards(document: dict[str, Any], chosen: list[tuple[int, dict[str, Any], _Properties]]) -> list[Ward]:
    shapes = _shapes(chosen)
    transformer = _to_degrees() if _grid_metres(document, shapes[0][3]) else None
    wards: list[Ward] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, feature, names, shape in shapes:
        properties = feature["properties"]
        code = _text(properties.get(names.code)).upper()
        name = _text(properties.get(names.name))
        try:
            _check_ward(code, name, seen)
            outline = _outline(shape, transformer)
        except _Unusable as problem:
            label = f"Feature {number}" + (f" ({name})" if name else "")
            problems.append(f"{label}: {problem}")
            continue
        welsh = _text(properties.get(names.welsh_name)) or None
        wards.append(Ward(code, name, welsh, shapely.to_geojson(outline)))
    if problems:
        raise BoundaryError(problems)
    return wards


def _shapes(chosen: list[tuple[int, dict[str, Any], _Properties]]) -> list[_Shape]:
    """Each feature with its geometry, or ``BoundaryError`` naming every feature without a readable one."""
    problems: list[str] = []
    shapes: list[_Shape] = []
    for number, feature, names in chosen:
        try:
            shapes.append((number, feature, names, shapely.from_geojson(json.dumps(feature.get("geometry")))))
        except (shapely.errors.GEOSException, ValueError, TypeError):
            problems.append(f"Feature {number} has no outline the toolkit can read")
    if problems:
        raise BoundaryError(problems)
    return shapes


def _check_ward(code: str, name: str, seen: set[str]) -> None:
    """Refuse a ward whose code is not a GSS code or came before, or that has no name; ``seen`` notes
    each GSS code, named or not."""
    if not GSS_CODE.match(code):
        raise _Unusable(f"“{code}” is not a GSS code like E05013038")
    if code in seen:
        raise _Unusable(f"the ward {code} appears more than once")
    seen.add(code)
    if not name:
        raise _Unusable(f"the ward {code} has no name")


def _outline(shape: BaseGeometry, transformer: pyproj.Transformer | None) -> BaseGeometry:
    """A ward's outline in degrees, repaired and simplified; refused when nothing of it can be repaired or
    it lies outside the United Kingdom."""
    if transformer is not None:
        shape = shapely.transform(shape, lambda xy: _project(transformer, xy))
    outline = None if shape.is_empty else simplify(shape)
    if outline is None:
        raise _Unusable("its outline cannot be repaired")
    minx, miny, maxx, maxy = outline.bounds
    west, south, east, north = UK_BOUNDS
    if minx < west or maxx > east or miny < south or maxy > north:
        raise _Unusable("its outline is not in the United Kingdom")
    return outline


def _project(transformer: pyproj.Transformer, xy: Any) -> Any:
    import numpy as np

    lon, lat = transformer.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([lon, lat])


def read_lookup(stream: BinaryIO, *, authority: str) -> list[Ward]:
    """The wards of ``authority`` in an ONS ward lookup CSV (``WDyyCD``, ``WDyyNM``, optional ``WDyyNMW``,
    ``LADyyCD``); a ward listed on several rows (a lookup to smaller areas) is taken once."""
    rows, columns = _open_lookup(stream)
    wards: dict[str, Ward] = {}
    problems: list[str] = []
    for row in rows:
        if row.problem:
            problems.append(f"Row {row.number}: {row.problem}")
            continue
        values = row.values
        if columns.authority and _text(values.get(columns.authority)) != authority:
            continue
        code = _text(values.get(columns.code)).upper()
        name = _text(values.get(columns.name))
        if not GSS_CODE.match(code):
            problems.append(f"Row {row.number}: “{code}” is not a GSS code like E05013038")
        elif not name:
            problems.append(f"Row {row.number}: the ward {code} has no name")
        elif code not in wards:
            welsh = _text(values.get(columns.welsh_name)) if columns.welsh_name else ""
            wards[code] = Ward(code, name, welsh or None, None)
    if problems:
        raise BoundaryError(problems)
    if not wards:
        raise BoundaryError([f"The file has no wards of this place (local authority {authority})"])
    return list(wards.values())


def _open_lookup(stream: BinaryIO) -> tuple[CsvRows, _Properties]:
    """A lookup's rows and its columns for the ward code, names and authority, found whatever their case
    (the Welsh name's is "" when there is none)."""
    try:
        rows = open_rows(stream)
    except CsvFormatError as problem:
        raise BoundaryError([problem.message]) from None
    names = _property_names({name: "" for name in rows.header})
    if names is None:
        raise BoundaryError(["The first row must name the columns, including a ward code such as WD24CD"])
    lookup = {name.upper(): name for name in rows.header}
    columns = _Properties(
        code=names.code,
        name=lookup.get(names.name.upper(), names.name),
        welsh_name=lookup.get(names.welsh_name.upper(), ""),
        authority=names.authority,
    )
    return rows, columns


def read_boundary_file(stream: BinaryIO, *, filename: str, authority: str) -> list[Ward]:
    """A GeoJSON boundary file or a CSV lookup, told apart by the first character that is not a space."""
    head = stream.read(4096)
    stream.seek(0)
    start = head.decode("utf-8-sig", errors="replace").lstrip()[:1]
    if start == "{" or filename.lower().endswith((".geojson", ".json")):
        return read_geojson(stream, authority=authority)
    return read_lookup(stream, authority=authority)
