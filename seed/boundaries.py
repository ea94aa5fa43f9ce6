"""Invented but plausible ward outlines for places that are not real: a town-shaped outline cut into wards
around jittered centres (a Voronoi diagram), the same for the same seed. Nothing here is a real boundary."""

import math
import random

import shapely
from shapely.geometry import MultiPoint, Point, Polygon

from app.services.geography.boundaries import simplify

# Roughly the middle of England; each place is moved from here by its seed so places do not overlap.
ORIGIN = (-1.9, 52.6)
WARD_KM = 2.2  # a ward about this wide


def _town(rng: random.Random, centre: tuple[float, float], radius: float) -> Polygon:
    """An irregular rounded outline: a circle whose radius wanders between 80% and 115%."""
    points = []
    wobble = [rng.uniform(0.8, 1.15) for _ in range(12)]
    for step in range(72):
        angle = 2 * math.pi * step / 72
        # Smoothly between the twelve wobbles, so the edge bends rather than zigzags.
        where = step / 6
        low, high = wobble[int(where) % 12], wobble[(int(where) + 1) % 12]
        r = radius * (low + (high - low) * (where - int(where)))
        points.append((centre[0] + r * math.cos(angle), centre[1] + r * math.sin(angle)))
    return Polygon(points)


def invented_wards(count: int, *, seed: int) -> list[str]:
    """``count`` ward outlines as GeoJSON (WGS84), tiling one invented town, in a stable order."""
    rng = random.Random(seed)
    centre = (ORIGIN[0] + (seed % 40) * 0.35 - 7, ORIGIN[1] + (seed // 40 % 10) * 0.25 - 1.2)
    # Degrees per kilometre: longitude shrinks with latitude, so wards stay about as wide as tall.
    km_lat = 1 / 111.0
    km_lon = km_lat / math.cos(math.radians(centre[1]))
    radius_km = WARD_KM * math.sqrt(count / math.pi) * 1.05
    town = shapely.affinity.scale(_town(rng, (0.0, 0.0), radius_km), km_lon, km_lat, origin=(0, 0))
    town = shapely.affinity.translate(town, centre[0], centre[1])
    centres: list[Point] = []
    columns = math.ceil(math.sqrt(count * 1.4))
    spacing = 2 * radius_km / columns
    while len(centres) < count:
        x = rng.uniform(-radius_km, radius_km)
        y = rng.uniform(-radius_km, radius_km)
        point = Point(centre[0] + x * km_lon, centre[1] + y * km_lat)
        near = spacing * 0.6
        if town.buffer(-near * km_lat * 0.5).contains(point) and all(
            math.hypot((p.x - point.x) / km_lon, (p.y - point.y) / km_lat) > near for p in centres
        ):
            centres.append(point)
        else:
            near *= 0.999
            spacing *= 0.9995
    cells = shapely.voronoi_polygons(MultiPoint(centres), extend_to=town, ordered=True)
    wards = []
    for cell in cells.geoms:
        outline = simplify(cell.intersection(town))
        if outline is None:
            raise ValueError("an invented ward came out empty")
        wards.append(shapely.to_geojson(outline))
    return wards
