"""Load a place's wards and their population profiles: check a file, show what it would change, then save
all of it or nothing.

Rules:
- areas are matched by GSS code: a ward already held is renamed if its name changed and gets the file's
  outline and Welsh name; a new code is added; loading the same file twice changes nothing;
- an area of the place that the file does not mention is left as it is (a ward abolished at a boundary
  review still has its voices and actions);
- census figures go only to areas with the row's GSS code, each table replacing that table's groups in the
  profile; the profile then says where it came from;
- what the preview listed is what is saved: the checked file waits in ``place_import`` (a day at most) and
  the confirmation saves from it, refused if the place's areas changed meanwhile in a way it cannot apply.
"""

import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, BinaryIO

from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.errors import FieldError, NotFound
from app.models import PROFILE_FIELDS, Area, Place, PlaceImport, User, utcnow
from app.services.accounts import admin, audit
from app.services.geography import boundaries, census
from app.services.records.versioning import create_record, save_record
from app.text import plural

IMPORT_KEPT_FOR = timedelta(days=1)


class ImportRefused(FieldError):
    """Shown by the file field, with every problem listed beneath."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__("file", message)
        self.problems = problems


def _refused(problems: list[str]) -> ImportRefused:
    return ImportRefused(f"There {_are(len(problems))}, so nothing was saved", problems)


def _are(count: int) -> str:
    return f"is {plural(count, 'problem')}" if count == 1 else f"are {plural(count, 'problem')}"


@dataclass
class AreaChanges:
    added: list[boundaries.Ward] = field(default_factory=list)
    renamed: list[tuple[str, boundaries.Ward]] = field(default_factory=list)  # (name now, ward)
    outlined: list[boundaries.Ward] = field(default_factory=list)  # same name, new outline or Welsh name
    left: list[str] = field(default_factory=list)  # names of wards already as the file has them
    not_in_file: list[str] = field(default_factory=list)

    @property
    def saves_anything(self) -> bool:
        return bool(self.added or self.renamed or self.outlined)


def _areas_by_code(session: Session, place: Place) -> dict[str, Area]:
    """The place's areas that have a GSS code, by it."""
    return {a.gss_code: a for a in admin.list_areas(session=session, place=place) if a.gss_code}


def area_changes(*, session: Session, place: Place, wards: list[boundaries.Ward]) -> AreaChanges:
    """What saving ``wards`` would do to the place's areas, by GSS code."""
    areas = admin.list_areas(session=session, place=place)
    by_code = {a.gss_code: a for a in areas if a.gss_code}
    changes = AreaChanges()
    for ward in sorted(wards, key=lambda w: w.name):
        area = by_code.get(ward.gss_code)
        if area is None:
            changes.added.append(ward)
        elif area.name != ward.name:
            changes.renamed.append((area.name, ward))
        elif (ward.boundary is not None and area.boundary != ward.boundary) or (
            ward.welsh_name is not None and area.welsh_name != ward.welsh_name
        ):
            changes.outlined.append(ward)
        else:
            changes.left.append(ward.name)
    codes = {w.gss_code for w in wards}
    changes.not_in_file = [a.name for a in areas if a.gss_code not in codes]
    _check_names(areas, changes)
    return changes


def _check_names(areas: list[Area], changes: AreaChanges) -> None:
    """A ward may not take the name of another area of the place (names are unique within a place)."""
    final = {a.id: a.name for a in areas}
    by_code = {a.gss_code: a.id for a in areas if a.gss_code}
    for _old, ward in changes.renamed:
        final[by_code[ward.gss_code]] = ward.name
    taken: dict[str, int | None] = {}
    clashes = []
    for area_id, name in final.items():
        taken[name.lower()] = area_id
    for ward in changes.added:
        if ward.name.lower() in taken:
            clashes.append(f"{ward.name} ({ward.gss_code}): the place already has an area of that name")
        taken[ward.name.lower()] = None
    if clashes:
        raise _refused(clashes)


def apply_area_changes(
    *, session: Session, place: Place, actor: User | None, changes: AreaChanges, source: str
) -> AreaChanges:
    note = f"Loaded from {source}"
    by_code = _areas_by_code(session, place)
    for ward in changes.added:
        create_record(
            session=session,
            actor=actor,
            record=Area(
                place_id=place.id,  # type: ignore[arg-type]
                name=ward.name,
                gss_code=ward.gss_code,
                welsh_name=ward.welsh_name,
                boundary=ward.boundary,
            ),
            note=note,
        )
    for ward in [w for _old, w in changes.renamed] + changes.outlined:
        area = by_code[ward.gss_code]
        values: dict[str, Any] = {"name": ward.name}
        if ward.welsh_name is not None:
            values["welsh_name"] = ward.welsh_name
        if ward.boundary is not None:
            values["boundary"] = ward.boundary
        save_record(
            session=session, record=area, actor=actor, changes=values, expected_version=None, note=note
        )
    audit.record_event(
        session=session,
        actor=actor,
        place=place,
        action="areas_loaded",
        detail=f"Loaded wards from {source}: {len(changes.added)} added, {len(changes.renamed)} renamed, "
        f"{len(changes.outlined)} given new outlines, {len(changes.left)} unchanged",
    )
    return changes


def _wards_of(stream: BinaryIO, *, filename: str, place: Place) -> list[boundaries.Ward]:
    try:
        return boundaries.read_boundary_file(stream, filename=filename, authority=place.gss_code)
    except boundaries.BoundaryError as refused:
        raise _refused(refused.problems) from None


def import_areas(
    *, session: Session, place: Place, actor: User | None, stream: BinaryIO, filename: str
) -> AreaChanges:
    """Check and save at once (the command line, which prints what it did)."""
    wards = _wards_of(stream, filename=filename, place=place)
    changes = area_changes(session=session, place=place, wards=wards)
    return apply_area_changes(session=session, place=place, actor=actor, changes=changes, source=filename)


# --- Checked files waiting to be confirmed ---------------------------------------------------------------


def _stage(
    session: Session, *, place: Place, actor: User | None, kind: str, filename: str, payload: dict[str, Any]
) -> PlaceImport:
    staged = PlaceImport(
        token=secrets.token_urlsafe(24),
        place_id=place.id,  # type: ignore[arg-type]
        user_id=actor.id if actor is not None else None,
        kind=kind,
        filename=filename[:500],
        payload=payload,
    )
    session.add(staged)
    session.flush()
    return staged


def get_staged(*, session: Session, place: Place, kind: str, token: str) -> PlaceImport:
    staged = session.exec(
        select(PlaceImport).where(
            PlaceImport.token == token, PlaceImport.place_id == place.id, PlaceImport.kind == kind
        )
    ).first()
    if staged is None:
        raise NotFound(token)
    return staged


def _discard(session: Session, staged: PlaceImport) -> None:
    """A checked file is saved once: confirming it removes it."""
    session.delete(staged)
    session.flush()


def discard_stale(*, session: Session) -> int:
    """Remove checked files nobody confirmed within a day."""
    result = session.execute(
        delete(PlaceImport).where(col(PlaceImport.created_at) < utcnow() - IMPORT_KEPT_FOR)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def stage_areas(
    *, session: Session, place: Place, actor: User, stream: BinaryIO, filename: str
) -> PlaceImport:
    wards = _wards_of(stream, filename=filename, place=place)
    area_changes(session=session, place=place, wards=wards)  # a name clash is refused now, not at saving
    payload = {"wards": [w.__dict__ for w in wards]}
    return _stage(session, place=place, actor=actor, kind="areas", filename=filename, payload=payload)


def staged_wards(staged: PlaceImport) -> list[boundaries.Ward]:
    return [boundaries.Ward(**ward) for ward in staged.payload["wards"]]


def confirm_areas(*, session: Session, place: Place, actor: User, staged: PlaceImport) -> AreaChanges:
    changes = area_changes(session=session, place=place, wards=staged_wards(staged))
    apply_area_changes(session=session, place=place, actor=actor, changes=changes, source=staged.filename)
    _discard(session, staged)
    return changes


# --- Census figures ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileChange:
    area: Area
    residents: int | None
    fields: list[str]


@dataclass
class CensusChanges:
    source: str
    profiles: list[ProfileChange]
    without_figures: list[str]
    skipped_rows: int


def _read_census(
    *, session: Session, place: Place, files: list[tuple[str, BinaryIO]]
) -> tuple[census.CensusFigures, dict[str, Area]]:
    by_code = _areas_by_code(session, place)
    if not by_code:
        raise _refused(["The place has no areas with a GSS code yet: load its wards first"])
    try:
        figures = census.read_census(files, ward_codes=set(by_code))
    except census.CensusError as refused:
        raise _refused(refused.problems) from None
    return figures, by_code


def census_changes(
    *,
    session: Session,
    place: Place,
    profiles: dict[str, dict[str, dict[str, int]]],
    tables: list[str],
    skipped: int,
) -> CensusChanges:
    areas = admin.list_areas(session=session, place=place)
    changes = []
    for area in areas:
        profile = profiles.get(area.gss_code or "")
        if profile:
            changes.append(
                ProfileChange(
                    area=area,
                    residents=_residents(profile),
                    fields=[PROFILE_FIELDS[f][0] for f in PROFILE_FIELDS if f in profile],
                )
            )
    return CensusChanges(
        source=census.source_text(tables),
        profiles=changes,
        without_figures=[a.name for a in areas if not profiles.get(a.gss_code or "")],
        skipped_rows=skipped,
    )


def _residents(profile: dict[str, dict[str, int]]) -> int | None:
    for field_name in ("gender", "age_band", "ethnic_group", "disability"):
        if profile.get(field_name):
            return sum(profile[field_name].values())
    return None


def apply_census(
    *,
    session: Session,
    place: Place,
    actor: User | None,
    profiles: dict[str, dict[str, dict[str, int]]],
    tables: list[str],
    skipped: int,
) -> CensusChanges:
    changes = census_changes(session=session, place=place, profiles=profiles, tables=tables, skipped=skipped)
    for change in changes.profiles:
        area = change.area
        new = profiles[area.gss_code or ""]
        merged = {**(area.profile or {}), **new}
        earlier = [s for s in (area.profile_source or "").split("; ") if s and "Census 2021" not in s]
        values: dict[str, Any] = {
            "profile": merged,
            "profile_source": "; ".join([*earlier, changes.source]),
        }
        if change.residents is not None:
            values["population"] = change.residents
        save_record(
            session=session,
            record=area,
            actor=actor,
            changes=values,
            expected_version=None,
            note=f"Population profile from {changes.source}",
        )
    audit.record_event(
        session=session,
        actor=actor,
        place=place,
        action="census_loaded",
        detail=f"Loaded population profiles from {changes.source} for "
        + plural(len(changes.profiles), "area"),
    )
    return changes


def import_census(
    *, session: Session, place: Place, actor: User | None, files: list[tuple[str, BinaryIO]]
) -> CensusChanges:
    figures, _ = _read_census(session=session, place=place, files=files)
    return apply_census(
        session=session,
        place=place,
        actor=actor,
        profiles=census.settle(figures),
        tables=figures.tables,
        skipped=figures.skipped_rows,
    )


def stage_census(
    *, session: Session, place: Place, actor: User, files: list[tuple[str, BinaryIO]]
) -> PlaceImport:
    figures, _ = _read_census(session=session, place=place, files=files)
    payload = {"profiles": census.settle(figures), "tables": figures.tables, "skipped": figures.skipped_rows}
    names = ", ".join(name for name, _ in files)
    return _stage(session, place=place, actor=actor, kind="census", filename=names, payload=payload)


def staged_census_changes(*, session: Session, place: Place, staged: PlaceImport) -> CensusChanges:
    # The payload's keys are census_changes' own: profiles, tables and skipped.
    return census_changes(session=session, place=place, **staged.payload)


def confirm_census(*, session: Session, place: Place, actor: User, staged: PlaceImport) -> CensusChanges:
    changes = apply_census(session=session, place=place, actor=actor, **staged.payload)
    _discard(session, staged)
    return changes
